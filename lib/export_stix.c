/*
** export_stix.c — incidents as a STIX 2.1 bundle, streamed.
**
** Per incident: an `identity` for the organisation (once per bundle, with
** `sectors` where the name tells), an `incident` carrying the OASIS
** Incident Core Extension (the plain STIX incident is a stub: the
** extension is how STIX carries a breach), and a `report` per notice with
** the notice text, referring to both.  jikenbo itself is an `identity`
** (class "system") that every object names as its creator.
**
** Only properties the saved extension schema declares are written
** (extensions/incident-core/…json): extension_type, determination,
** investigation_status, incident_types, detection_methods,
** confidentiality_impacts (information_type, loss_type, record_count,
** labels) and impacted_entity_counts.  Ids are UUIDv5 of stable content
** (uuid.c), times come from the notices (export.c), so a re-export is
** byte-identical and imports update rather than duplicate.
*/
#include "export_int.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#define ICE "extension-definition--ef765651-680c-498d-9894-99799f2fa126"

struct jk_stix_writer {
  EVP_MD_CTX *ids;  /* SHA-256 over every object id: the bundle id */
  char self[64];    /* jikenbo's identity id */
  char **seen;      /* organisation identities written (open addressing) */
  size_t seen_cap, seen_n;
  jk_buf tmp;
};

static size_t hash_str(const char *s) {
  size_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

/* Add id to the set; returns 1 if it was new, 0 if present, -1 on OOM. */
static int seen_add(jk_stix_writer *w, const char *id) {
  if ((w->seen_n + 1) * 2 > w->seen_cap) {
    size_t cap = w->seen_cap ? w->seen_cap * 2 : 64;
    char **v = calloc(cap, sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < w->seen_cap; i++)
      if (w->seen[i]) {
        size_t j = hash_str(w->seen[i]) & (cap - 1);
        while (v[j]) j = (j + 1) & (cap - 1);
        v[j] = w->seen[i];
      }
    free(w->seen);
    w->seen = v;
    w->seen_cap = cap;
  }
  size_t j = hash_str(id) & (w->seen_cap - 1);
  while (w->seen[j]) {
    if (strcmp(w->seen[j], id) == 0) return 0;
    j = (j + 1) & (w->seen_cap - 1);
  }
  w->seen[j] = strdup(id);
  if (!w->seen[j]) return -1;
  w->seen_n++;
  return 1;
}

static void note_id(jk_stix_writer *w, const char *id) {
  EVP_DigestUpdate(w->ids, id, strlen(id));
  EVP_DigestUpdate(w->ids, "\n", 1);
}

/* Common head of every object: type, spec_version, id, creator, times. */
static void head(jk_stix_writer *w, jk_buf *b, const char *type, const char *id, const char *created,
                 const char *modified, int *first) {
  jk_buf_printf(b, "{\"type\":\"%s\",\"spec_version\":\"2.1\",\"id\":\"%s\"", type, id);
  if (w && strcmp(id, w->self) != 0) jk_buf_printf(b, ",\"created_by_ref\":\"%s\"", w->self);
  jk_buf_printf(b, ",\"created\":\"%s\",\"modified\":\"%s\"", created, modified);
  *first = 0;
  note_id(w, id);
}

jk_rc jk_stix_begin(jk_buf *out, jk_stix_writer **wp) {
  *wp = NULL;
  jk_stix_writer *w = calloc(1, sizeof *w);
  if (!w) return JK_ENOMEM;
  jk_buf_init(&w->tmp);
  w->ids = EVP_MD_CTX_new();
  if (!w->ids || !EVP_DigestInit_ex(w->ids, EVP_sha256(), NULL)) {
    jk_stix_free(w);
    return JK_ENOMEM;
  }
  char u[37];
  jk_uuid5_kind("identity", "jikenbo", u);
  snprintf(w->self, sizeof w->self, "identity--%s", u);
  /* The bundle id depends on every object, so it is written at the end. */
  jk_buf_puts(out, "{\"type\":\"bundle\",\"objects\":[\n");
  int first = 1;
  head(w, out, "identity", w->self, JK_EPOCH_TS, JK_EPOCH_TS, &first);
  jk_buf_puts(out, ",\"name\":\"jikenbo\",\"identity_class\":\"system\","
                   "\"description\":\"jikenbo " JK_VERSION
                   ": a casebook of Japanese data-breach notices; the facts are extracted from the "
                   "published notices, each report carries the notice text\"}");
  if (out->oom) {
    jk_stix_free(w);
    return JK_ENOMEM;
  }
  *wp = w;
  return JK_OK;
}

/* The organisation's identity id (UUIDv5 of its canonical name). */
static void org_id(jk_stix_writer *w, const char *org, char out[64]) {
  char u[37];
  jk_org_canonical(org, &w->tmp);
  jk_uuid5_kind("identity", w->tmp.p ? w->tmp.p : "", u);
  snprintf(out, 64, "identity--%s", u);
}

/* The machine tags (MISP VERIS taxonomy) that describe the incident;
   also written as the MISP event's tags. */
static void veris_labels(jk_buf *b, const jk_facts *f) {
  const jk_cause_map *c = jk_map_cause(f->category);
  int n = 0;
  jk_buf_puts(b, "[");
  if (c->misp_tag) n++, jk_jstr(b, c->misp_tag);
  if (f->vendor) jk_buf_printf(b, "%s\"veris:asset:ownership=\\\"Partner\\\"\"", n++ ? "," : "");
  jk_buf_printf(b, "%s\"veris:attribute:confidentiality:data_disclosure=\\\"%s\\\"\"", n++ ? "," : "",
                f->possible ? "Potentially" : "Yes");
  if (f->discovery)
    jk_buf_printf(b, ",\"veris:discovery_method=\\\"%s\\\"\"", f->discovery->misp_value);
  jk_buf_puts(b, ",\"veris:victim:country=\\\"JP\\\"\"]");
}

/* A short English account of the facts, for readers of the incident. */
static void summary(jk_buf *b, const jk_facts *f, size_t reports) {
  jk_buf tmp;
  jk_buf_init(&tmp);
  jk_buf_printf(&tmp, "jikenbo incident %s", f->label);
  if (f->org) jk_buf_printf(&tmp, ": %s", f->org);
  if (f->industry) jk_buf_printf(&tmp, " (%s)", f->industry->what);
  jk_buf_printf(&tmp, ". Cause: %s", jk_category_name(f->category));
  const jk_cause_map *c = jk_map_cause(f->category);
  if (c->veris_action) jk_buf_printf(&tmp, " (VERIS %s / %s)", c->veris_action, c->veris_variety);
  if (f->affected >= 0) jk_buf_printf(&tmp, ". People affected: %lld", f->affected);
  else jk_buf_puts(&tmp, ". People affected: not stated");
  jk_buf_puts(&tmp, ". Data: ");
  int n = 0;
  for (int i = 0; i < JK_DT_COUNT; i++)
    if (f->data_types & (1u << i)) jk_buf_printf(&tmp, "%s%s", n++ ? ", " : "", jk_data_type_name((jk_data_type)i));
  if (!n) jk_buf_puts(&tmp, "not stated");
  if (f->reported_to) {
    jk_buf_puts(&tmp, ". Reported to: ");
    n = 0;
    for (int i = 0; i < JK_AUTH_COUNT; i++)
      if (f->reported_to & (1u << i))
        jk_buf_printf(&tmp, "%s%s", n++ ? ", " : "", jk_authority_name((jk_authority)i));
  }
  if (f->vendor) jk_buf_puts(&tmp, ". It happened at a contractor or service provider");
  if (f->possible) jk_buf_puts(&tmp, ". The notice speaks of possible exposure");
  jk_buf_printf(&tmp, ". Reports: %zu.", reports);
  if (tmp.oom) b->oom = 1;
  else jk_json_str(b, tmp.p, tmp.len);
  jk_buf_free(&tmp);
}

/* Incident Core Extension: only properties its saved schema declares. */
static void ice(jk_buf *b, const jk_facts *f) {
  const jk_cause_map *c = jk_map_cause(f->category);
  jk_buf_puts(b, "\"extensions\":{\"" ICE "\":{\"extension_type\":\"property-extension\"");
  jk_buf_printf(b, ",\"determination\":\"%s\"", f->possible ? "suspected" : "successful-attempt");
  /* A published notice closes nothing: follow-up reports may come. */
  jk_buf_puts(b, ",\"investigation_status\":\"open\"");
  if (c->stix_type) jk_buf_printf(b, ",\"incident_types\":[\"%s\"]", c->stix_type);
  if (f->discovery) jk_buf_printf(b, ",\"detection_methods\":[\"%s\"]", f->discovery->stix_method);
  /* One impact per information type; its labels name jikenbo's kinds. */
  jk_buf_puts(b, ",\"confidentiality_impacts\":[");
  const char *loss = f->possible ? "suspected-loss" : "confirmed-loss";
  int impacts = 0;
  uint32_t done = 0;
  for (int i = 0; i < JK_DT_COUNT; i++) {
    if (!(f->data_types & (1u << i)) || (done & (1u << i))) continue;
    const char *info = jk_map_data((jk_data_type)i)->stix_info;
    jk_buf_printf(b, "%s{\"information_type\":\"%s\",\"loss_type\":\"%s\"", impacts++ ? "," : "", info, loss);
    if (f->affected >= 0) jk_buf_printf(b, ",\"record_count\":%lld", f->affected);
    jk_buf_puts(b, ",\"labels\":[");
    int n = 0;
    for (int k = i; k < JK_DT_COUNT; k++)
      if ((f->data_types & (1u << k)) && strcmp(jk_map_data((jk_data_type)k)->stix_info, info) == 0) {
        jk_buf_printf(b, "%s\"%s\"", n++ ? "," : "", jk_data_type_name((jk_data_type)k));
        done |= 1u << k;
      }
    jk_buf_puts(b, "]}");
  }
  if (!impacts) {
    /* Kinds not stated: still personal information, by what a notice is. */
    jk_buf_printf(b, "{\"information_type\":\"pii\",\"loss_type\":\"%s\"", loss);
    if (f->affected >= 0) jk_buf_printf(b, ",\"record_count\":%lld", f->affected);
    jk_buf_puts(b, "}");
  }
  jk_buf_puts(b, "]");
  if (f->affected >= 0) jk_buf_printf(b, ",\"impacted_entity_counts\":{\"individuals\":%lld}", f->affected);
  jk_buf_puts(b, "}}");
}

jk_rc jk_stix_add(jk_stix_writer *w, const jk_incident *inc, jk_buf *out) {
  jk_facts f;
  jk_facts_of(inc, &f);
  size_t start = out->len;
  out->oom = 0;
  int first;
  char oid[64] = "", iid[64];
  snprintf(iid, sizeof iid, "incident--%s", f.uuid);

  /* The organisation, once per bundle. */
  if (f.org) {
    org_id(w, f.org, oid);
    int isnew = seen_add(w, oid);
    if (isnew < 0) {
      jk_facts_free(&f);
      return JK_ENOMEM;
    }
    if (isnew) {
      jk_buf_puts(out, ",\n");
      head(w, out, "identity", oid, JK_EPOCH_TS, JK_EPOCH_TS, &first);
      jk_buf_puts(out, ",\"name\":");
      jk_jstr(out, f.org);
      jk_buf_puts(out, ",\"identity_class\":\"organization\"");
      if (f.industry && f.industry->stix_sector) jk_buf_printf(out, ",\"sectors\":[\"%s\"]", f.industry->stix_sector);
      if (f.industry)
        jk_buf_printf(out, ",\"description\":\"%s (NAICS %s)\"", f.industry->what, f.industry->naics);
      jk_buf_puts(out, "}");
    }
  }

  /* The incident. */
  jk_buf_puts(out, ",\n");
  head(w, out, "incident", iid, f.created, f.modified, &first);
  jk_buf_puts(out, ",\"name\":");
  if (f.title && f.org) {
    jk_buf_reset(&w->tmp);
    jk_buf_printf(&w->tmp, "%s: %s", f.org, f.title);
    jk_json_str(out, w->tmp.p, w->tmp.len);
  } else {
    jk_jstr(out, f.title ? f.title : f.org ? f.org : f.label);
  }
  jk_buf_puts(out, ",\"description\":");
  summary(out, &f, inc->n);
  jk_buf_puts(out, ",\"labels\":");
  veris_labels(out, &f);
  jk_buf_puts(out, ",\"external_references\":[{\"source_name\":\"jikenbo\",\"external_id\":");
  jk_jstr(out, f.label);
  jk_buf_puts(out, ",\"description\":\"incident id in the jikenbo casebook\"}],");
  ice(out, &f);
  jk_buf_puts(out, "}");

  /* A report per notice. */
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
    char hash[65], u[37], rid[64], t[32], mod[32];
    jk_sha256_hex(r->text ? r->text : "", r->text ? r->text_len : 0, hash);
    jk_uuid5_kind("report", hash, u);
    snprintf(rid, sizeof rid, "report--%s", u);
    jk_report_time(inc, i, t);
    jk_report_modified(inc, i, mod);
    jk_buf_puts(out, ",\n");
    head(w, out, "report", rid, t, mod, &first);
    jk_buf_puts(out, ",\"name\":");
    jk_jstr(out, r->title ? r->title : f.title ? f.title : f.org ? f.org : f.label);
    /* STIX requires published: an undated notice's is when it was first
       seen, and the report says so rather than pass it off as a date. */
    jk_buf_printf(out, ",\"published\":\"%s\",\"x_jikenbo_published_from\":\"%s\",\"lang\":\"ja\"", t,
                  r->published.y ? "notice" : "first-seen");
    if (r->org && *r->org) {
      jk_buf_puts(out, ",\"x_jikenbo_issuer\":");
      jk_jstr(out, r->org);
    }
    if (r->text && r->text_len) {
      jk_buf_puts(out, ",\"description\":");
      jk_json_str(out, r->text, r->text_len);
    }
    jk_buf_printf(out, ",\"object_refs\":[\"%s\"", iid);
    if (*oid) jk_buf_printf(out, ",\"%s\"", oid);
    /* "LABEL/SEQ": which incident and which report, for import. */
    int seq = r->report_seq > 0 ? r->report_seq : 1;
    jk_buf_puts(out, "],\"external_references\":[{\"source_name\":\"jikenbo\",\"external_id\":");
    jk_buf_reset(&w->tmp);
    jk_buf_printf(&w->tmp, "%s/%d", f.label, seq);
    jk_jstr(out, w->tmp.p);
    jk_buf_reset(&w->tmp);
    jk_buf_printf(&w->tmp, "report %d of incident %s", seq, f.label);
    jk_buf_puts(out, ",\"description\":");
    jk_jstr(out, w->tmp.p);
    jk_buf_puts(out, "}");
    /* Where the notice came from: its URL, the SHA-256 of what was read,
       when it was fetched; a file without a known URL by its path. */
    jk_provenance_t pv;
    jk_provenance(inc, i, &pv);
    if (pv.url || pv.path) {
      jk_buf_puts(out, ",{\"source_name\":\"notice source\"");
      if (pv.url) {
        jk_buf_puts(out, ",\"url\":");
        jk_jstr(out, pv.url);
        if (pv.retrieved) jk_buf_printf(out, ",\"description\":\"retrieved %s\"", pv.retrieved);
      } else {
        jk_buf_puts(out, ",\"description\":");
        jk_jstr(out, pv.path);
      }
      if (pv.sha256) jk_buf_printf(out, ",\"hashes\":{\"SHA-256\":\"%s\"}", pv.sha256);
      jk_buf_puts(out, "}");
    }
    jk_buf_puts(out, "]}");
  }
  jk_facts_free(&f);
  if (out->oom || w->tmp.oom) {
    out->len = start;
    if (out->p) out->p[start] = 0;
    return JK_ENOMEM;
  }
  return JK_OK;
}

jk_rc jk_stix_end(jk_stix_writer *w, jk_buf *out) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  char hex[65], u[37];
  if (!EVP_DigestFinal_ex(w->ids, md, &n) || n < 32) {
    jk_stix_free(w);
    return JK_ENOMEM;
  }
  for (unsigned i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
  jk_uuid5_kind("bundle", hex, u);
  jk_buf_printf(out, "\n],\"id\":\"bundle--%s\"}\n", u);
  jk_stix_free(w);
  return out->oom ? JK_ENOMEM : JK_OK;
}

void jk_stix_free(jk_stix_writer *w) {
  if (!w) return;
  if (w->ids) EVP_MD_CTX_free(w->ids);
  for (size_t i = 0; i < w->seen_cap; i++) free(w->seen[i]);
  free(w->seen);
  jk_buf_free(&w->tmp);
  free(w);
}
