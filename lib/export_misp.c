/*
** export_misp.c — an incident as one MISP event (MISP core format 2.4/2.5:
** {"Event": {…}}), attributes for the facts, tags from the MISP VERIS
** taxonomy, the notice text attached.
**
** Attributes (all to_ids false: nothing here is an indicator to block):
**   text / Internal reference   the jikenbo incident id
**   target-org / Targeting data the organisation (comment: its industry)
**   counter / Other             people affected (when stated)
**   text / Person|Financial fraud|Other
**                               one per kind of data exposed, tagged with
**                               its VERIS data variety
**   text / Other                each authority told (ppc, police, …)
**   datetime / Other            discovered, exposure from / to
**   attachment / External analysis  per report: the notice text (base64)
**   link|text / External analysis   per report: where it was read
** Per-report attributes say "report N: …" in their comment (N: 1 for the
** oldest); that is how import pairs them.  Event tags: tlp:clear (the notices are public) and
** veris:* for cause, contractor, disclosure, discovery and country.
** uuids are UUIDv5: the event's of the incident id, an attribute's of the
** event uuid, type, value and comment — stable across exports.
*/
#include "export_int.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

typedef struct mctx {
  jk_buf *b;
  jk_buf tmp;
  char event[37];
  int nattr;
  long long ts; /* default attribute timestamp: the incident's latest */
} mctx;

/*
** One attribute.  data (base64) may be NULL; tag (a machine tag) may be
** NULL; ts <= 0 means the event's timestamp.
*/
static void attr(mctx *m, const char *type, const char *category, const char *value, const char *comment,
                 const char *data, const char *tag, long long ts) {
  jk_buf *b = m->b;
  char u[37];
  jk_buf_reset(&m->tmp);
  jk_buf_printf(&m->tmp, "%s/%s/%s/%s", m->event, type, value, comment ? comment : "");
  jk_uuid5_kind("misp-attribute", m->tmp.p ? m->tmp.p : "", u);
  jk_buf_puts(b, m->nattr++ ? ",{" : "{");
  jk_buf_printf(b, "\"uuid\":\"%s\",\"type\":\"%s\",\"category\":\"%s\",\"to_ids\":false,\"value\":", u, type,
                category);
  jk_jstr(b, value);
  if (comment) {
    jk_buf_puts(b, ",\"comment\":");
    jk_jstr(b, comment);
  }
  jk_buf_printf(b, ",\"timestamp\":\"%lld\"", ts > 0 ? ts : m->ts);
  if (data) {
    jk_buf_puts(b, ",\"data\":\"");
    jk_buf_puts(b, data);
    jk_buf_puts(b, "\"");
  }
  if (tag) {
    jk_buf_puts(b, ",\"Tag\":[{\"name\":");
    jk_jstr(b, tag);
    jk_buf_puts(b, "}]");
  }
  jk_buf_puts(b, "}");
}

/* MISP datetime values: ISO 8601 with microseconds and offset. */
static void date_attr(mctx *m, jk_date d, const char *comment) {
  if (!d.y) return;
  char v[40];
  snprintf(v, sizeof v, "%04d-%02d-%02dT00:00:00.000000+0000", d.y, d.m ? d.m : 1, d.d ? d.d : 1);
  attr(m, "datetime", "Other", v, comment, NULL, NULL, 0);
}

static char *base64(const char *p, size_t n) {
  if (n > (SIZE_MAX / 4) * 3 - 3 || n > INT32_MAX) return NULL;
  char *out = malloc(4 * ((n + 2) / 3) + 1);
  if (!out) return NULL;
  EVP_EncodeBlock((unsigned char *)out, (const unsigned char *)p, (int)n);
  return out;
}

jk_rc jk_misp_event(const jk_incident *inc, jk_buf *b) {
  jk_facts f;
  jk_facts_of(inc, &f);
  size_t start = b->len;
  b->oom = 0;
  mctx m;
  memset(&m, 0, sizeof m);
  m.b = b;
  jk_buf_init(&m.tmp);
  jk_uuid5_kind("misp-event", f.label, m.event);
  m.ts = jk_ts_epoch(f.modified);
  char self[37];
  jk_uuid5_kind("identity", "jikenbo", self);

  jk_buf_printf(b, "{\"Event\":{\"uuid\":\"%s\",\"info\":", m.event);
  if (f.title && f.org) {
    jk_buf_reset(&m.tmp);
    jk_buf_printf(&m.tmp, "%s: %s", f.org, f.title);
    jk_jstr(b, m.tmp.p);
  } else {
    jk_jstr(b, f.title ? f.title : f.org ? f.org : f.label);
  }
  /* threat level 4 = undefined; analysis 1 = ongoing (follow-ups may come);
     not published: an analyst reviews before sharing on. */
  jk_buf_printf(b,
                ",\"date\":\"%.10s\",\"timestamp\":\"%lld\",\"published\":false,\"analysis\":\"1\","
                "\"threat_level_id\":\"4\",\"Orgc\":{\"name\":\"jikenbo\",\"uuid\":\"%s\"}",
                f.created, m.ts, self);

  /* Tags: the same machine tags the STIX incident carries as labels. */
  const jk_cause_map *c = jk_map_cause(f.category);
  jk_buf_puts(b, ",\"Tag\":[{\"name\":\"tlp:clear\"}");
  if (c->misp_tag) {
    jk_buf_puts(b, ",{\"name\":");
    jk_jstr(b, c->misp_tag);
    jk_buf_puts(b, "}");
  }
  if (f.vendor) jk_buf_puts(b, ",{\"name\":\"veris:asset:ownership=\\\"Partner\\\"\"}");
  jk_buf_printf(b, ",{\"name\":\"veris:attribute:confidentiality:data_disclosure=\\\"%s\\\"\"}",
                f.possible ? "Potentially" : "Yes");
  if (f.discovery) jk_buf_printf(b, ",{\"name\":\"veris:discovery_method=\\\"%s\\\"\"}", f.discovery->misp_value);
  jk_buf_puts(b, ",{\"name\":\"veris:victim:country=\\\"JP\\\"\"}]");

  jk_buf_puts(b, ",\"Attribute\":[");
  attr(&m, "text", "Internal reference", f.label, "jikenbo incident", NULL, NULL, 0);
  if (f.org) {
    char what[160];
    if (f.industry) snprintf(what, sizeof what, "organisation; %s (NAICS %s)", f.industry->what, f.industry->naics);
    else snprintf(what, sizeof what, "organisation");
    attr(&m, "target-org", "Targeting data", f.org, what, NULL, NULL, 0);
  }
  if (f.affected >= 0) {
    char v[32];
    snprintf(v, sizeof v, "%lld", f.affected);
    attr(&m, "counter", "Other", v, "people affected", NULL, NULL, 0);
  }
  for (int i = 0; i < JK_DT_COUNT; i++) {
    if (!(f.data_types & (1u << i))) continue;
    const jk_data_map *d = jk_map_data((jk_data_type)i);
    char tag[120];
    snprintf(tag, sizeof tag, "veris:attribute:confidentiality:data:variety=\"%s\"", d->misp_variety);
    attr(&m, "text", d->misp_category, jk_data_type_name((jk_data_type)i), "kind of data exposed", NULL, tag, 0);
  }
  for (int i = 0; i < JK_AUTH_COUNT; i++)
    if (f.reported_to & (1u << i))
      attr(&m, "text", "Other", jk_authority_name((jk_authority)i), "authority told", NULL, NULL, 0);
  date_attr(&m, f.discovered, "discovered");
  date_attr(&m, f.exposure_from, "exposure from");
  date_attr(&m, f.exposure_to, "exposure to");

  jk_rc rc = JK_OK;
  for (size_t i = 0; i < inc->n && rc == JK_OK; i++) {
    const jk_record *r = inc->reports[i];
    /* N is the report's place in the incident, oldest first: two notices
       may both call themselves a first report. */
    int seq = (int)i + 1;
    char t[32], comment[64], name[96];
    jk_report_time(inc, i, t);
    long long ts = jk_ts_epoch(t);
    if (r->text) {
      char *data = base64(r->text, r->text_len);
      if (!data) {
        rc = JK_ENOMEM;
        break;
      }
      snprintf(comment, sizeof comment, "report %d: notice text", seq);
      snprintf(name, sizeof name, "%.64s-%d.txt", f.label, seq);
      attr(&m, "attachment", "External analysis", name, comment, data, NULL, ts);
      free(data);
    }
    /* Where it came from: the URL (else the path), the SHA-256 of what
       was read, when it was fetched. */
    jk_provenance_t pv;
    jk_provenance(inc, i, &pv);
    if (pv.url || pv.path) {
      snprintf(comment, sizeof comment, "report %d: source", seq);
      attr(&m, pv.url ? "link" : "text", "External analysis", pv.url ? pv.url : pv.path, comment, NULL, NULL, ts);
    }
    if (pv.sha256) {
      snprintf(comment, sizeof comment, "report %d: source SHA-256", seq);
      attr(&m, "sha256", "External analysis", pv.sha256, comment, NULL, NULL, ts);
    }
    if (pv.retrieved) {
      char v[40];
      snprintf(v, sizeof v, "%.19s.000000+0000", pv.retrieved);
      snprintf(comment, sizeof comment, "report %d: retrieved", seq);
      attr(&m, "datetime", "Other", v, comment, NULL, NULL, ts);
    }
    if (r->org && *r->org) {
      snprintf(comment, sizeof comment, "report %d: issuer", seq);
      attr(&m, "text", "Other", r->org, comment, NULL, NULL, ts);
    }
  }
  jk_buf_puts(b, "]}}");
  jk_facts_free(&f);
  if (m.tmp.oom) rc = JK_ENOMEM;
  jk_buf_free(&m.tmp);
  if (rc || b->oom) {
    b->len = start;
    if (b->p) b->p[start] = 0;
    return JK_ENOMEM;
  }
  return JK_OK;
}
