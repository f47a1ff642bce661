/*
** export_veris.c — an incident as one VERIS 1.4 JSON document (valid
** against verisc-merged.json, the schema the VCDB and DBIR tooling use).
**
** Filled: incident_id (= the STIX incident's UUID), schema_version,
** security_incident, summary, reference (the sources), action and actor
** (from the cause: mapping.c), asset (ownership "Partner" when it
** happened at a contractor), attribute.confidentiality (disclosure "Yes"
** or "Potentially", data varieties each with the amount, data_total),
** victim (organisation, country JP, region East Asia, industry and level
** of government where the name tells), timeline (incident date and, when
** both are stated, the days until discovery), discovery_method (where the
** notice says who told the organisation, else unknown), notes (casebook
** id, authorities told, products), plus.master_id.
** Not stated in notices, so "Unknown": action vectors and varieties the
** cause does not fix, actor varieties and motives, asset varieties,
** employee_count.
*/
#include "export_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static long long days_between(jk_date a, jk_date b) {
  struct tm ta, tb;
  memset(&ta, 0, sizeof ta);
  memset(&tb, 0, sizeof tb);
  ta.tm_year = a.y - 1900, ta.tm_mon = (a.m ? a.m : 1) - 1, ta.tm_mday = a.d ? a.d : 1;
  tb.tm_year = b.y - 1900, tb.tm_mon = (b.m ? b.m : 1) - 1, tb.tm_mday = b.d ? b.d : 1;
  return ((long long)timegm(&tb) - (long long)timegm(&ta)) / 86400;
}

/* The notice's first stated date, as VERIS's incident date. */
static jk_date incident_date(const jk_incident *inc, const jk_facts *f) {
  /* When it began if the notice says, else when it was found, else the
     first notice's date, else when it was ingested. */
  if (f->exposure_from.y) return f->exposure_from;
  if (f->discovered.y) return f->discovered;
  jk_date d = {0, 0, 0};
  if (f->published.y) return f->published;
  if (sscanf(f->created, "%4d-%2d-%2d", &d.y, &d.m, &d.d) != 3) d.y = 0;
  (void)inc;
  return d;
}

static void actor(jk_buf *b, const jk_facts *f) {
  const jk_cause_map *c = jk_map_cause(f->category);
  bool error = c->veris_action && strcmp(c->veris_action, "error") == 0;
  const char *motive = error ? "NA" : "Unknown";
  jk_buf_puts(b, ",\"actor\":{");
  if (strcmp(c->actor, "internal") == 0 && f->vendor) {
    /* The contractor's people: VERIS calls them a partner. */
    jk_buf_printf(b, "\"partner\":{\"motive\":[\"%s\"],\"country\":[\"Unknown\"]}", motive);
  } else if (strcmp(c->actor, "internal") == 0) {
    jk_buf_printf(b, "\"internal\":{\"variety\":[\"Unknown\"],\"motive\":[\"%s\"]}", motive);
  } else if (strcmp(c->actor, "external") == 0) {
    jk_buf_puts(b, "\"external\":{\"variety\":[\"Unknown\"],\"motive\":[\"Unknown\"]}");
  } else {
    jk_buf_puts(b, "\"unknown\":{\"notes\":\"the notice does not say who acted\"}");
  }
  jk_buf_puts(b, "}");
}

static void action(jk_buf *b, const jk_facts *f) {
  const jk_cause_map *c = jk_map_cause(f->category);
  jk_buf_puts(b, ",\"action\":{");
  if (!c->veris_action) {
    jk_buf_printf(b, "\"unknown\":{\"notes\":\"cause: %s\"}", jk_category_name(f->category));
  } else {
    jk_buf_printf(b, "\"%s\":{\"variety\":[\"%s\"],\"vector\":[\"%s\"]}", c->veris_action, c->veris_variety,
                  c->veris_vector);
  }
  jk_buf_puts(b, "}");
}

static void confidentiality(jk_buf *b, const jk_facts *f) {
  jk_buf_printf(b, ",\"attribute\":{\"confidentiality\":{\"data_disclosure\":\"%s\"",
                f->possible ? "Potentially" : "Yes");
  if (f->affected >= 0) jk_buf_printf(b, ",\"data_total\":%lld", f->affected);
  /* One entry per variety; several kinds share one (name, email: Personal). */
  jk_buf_puts(b, ",\"data\":[");
  int n = 0;
  for (int i = 0; i < JK_DT_COUNT; i++) {
    if (!(f->data_types & (1u << i))) continue;
    const char *v = jk_map_data((jk_data_type)i)->veris_variety;
    bool dup = false;
    for (int k = 0; k < i; k++)
      if ((f->data_types & (1u << k)) && strcmp(jk_map_data((jk_data_type)k)->veris_variety, v) == 0) dup = true;
    if (dup) continue;
    jk_buf_printf(b, "%s{\"variety\":\"%s\"", n++ ? "," : "", v);
    if (f->affected >= 0) jk_buf_printf(b, ",\"amount\":%lld", f->affected);
    jk_buf_puts(b, "}");
  }
  if (!n) {
    /* A notice is about personal information even when it lists no kind. */
    jk_buf_puts(b, "{\"variety\":\"Personal\"");
    if (f->affected >= 0) jk_buf_printf(b, ",\"amount\":%lld", f->affected);
    jk_buf_puts(b, "}");
  }
  jk_buf_puts(b, "]}}");
}

static void victim(jk_buf *b, const jk_facts *f) {
  jk_buf_puts(b, ",\"victim\":{");
  if (f->org) {
    jk_buf_puts(b, "\"victim_id\":");
    jk_jstr(b, f->org);
    jk_buf_puts(b, ",");
  }
  /* NAICS "000" is VERIS's unknown industry. */
  const jk_org_map *o = f->industry;
  jk_buf_printf(b,
                "\"country\":[\"JP\"],\"region\":[\"142030\"],\"employee_count\":\"Unknown\","
                "\"industry\":\"%s\",\"government\":[\"%s\"]}",
                o ? o->naics : "000", o ? o->government : "Unknown");
}

static void timeline(jk_buf *b, const jk_incident *inc, const jk_facts *f) {
  jk_date d = incident_date(inc, f);
  /* VERIS needs a year (1950-2050); with no date at all, the epoch year
     of the fixed timestamps says "unknown" as plainly as we can. */
  if (d.y < 1950 || d.y > 2050) d = (jk_date){1970, 0, 0};
  jk_buf_printf(b, ",\"timeline\":{\"incident\":{\"year\":%d", d.y);
  if (d.m) jk_buf_printf(b, ",\"month\":%d", d.m);
  if (d.m && d.d) jk_buf_printf(b, ",\"day\":%d", d.d);
  jk_buf_puts(b, "}");
  if (f->exposure_from.y && f->discovered.y && f->exposure_from.m && f->discovered.m) {
    long long days = days_between(f->exposure_from, f->discovered);
    if (days >= 0) jk_buf_printf(b, ",\"discovery\":{\"unit\":\"Days\",\"value\":%lld}", days);
  }
  jk_buf_puts(b, "}");
}

static void discovery(jk_buf *b, const jk_facts *f) {
  if (f->discovery)
    jk_buf_printf(b, ",\"discovery_method\":{\"%s\":{\"variety\":[\"%s\"]}}", f->discovery->veris_kind,
                  f->discovery->veris_variety);
  else
    jk_buf_puts(b, ",\"discovery_method\":{\"unknown\":true}");
}

jk_rc jk_veris_incident(const jk_incident *inc, jk_buf *b) {
  jk_facts f;
  jk_facts_of(inc, &f);
  size_t start = b->len;
  b->oom = 0;
  jk_buf tmp;
  jk_buf_init(&tmp);

  jk_buf_printf(b, "{\"schema_version\":\"1.4.0\",\"incident_id\":\"%s\"", f.uuid);
  jk_buf_puts(b, ",\"source_id\":\"jikenbo\",\"security_incident\":\"Confirmed\"");
  /* summary: the organisation and the first notice's title */
  if (f.title && f.org) jk_buf_printf(&tmp, "%s: %s", f.org, f.title);
  else jk_buf_puts(&tmp, f.title ? f.title : f.org ? f.org : f.label);
  jk_buf_puts(b, ",\"summary\":");
  jk_jstr(b, tmp.p ? tmp.p : "");
  /* reference: every source in report order, the URL where known, with
     the SHA-256 of what was read and when it was fetched */
  jk_buf_reset(&tmp);
  for (size_t i = 0; i < inc->n; i++) {
    jk_provenance_t pv;
    jk_provenance(inc, i, &pv);
    const char *src = pv.url ? pv.url : pv.path;
    if (!src) continue;
    if (tmp.len && strstr(tmp.p, src)) continue;
    if (tmp.len) jk_buf_puts(&tmp, "; ");
    jk_buf_puts(&tmp, src);
    if (pv.retrieved || pv.sha256) {
      jk_buf_puts(&tmp, " (");
      if (pv.retrieved) jk_buf_printf(&tmp, "retrieved %s%s", pv.retrieved, pv.sha256 ? ", " : "");
      if (pv.sha256) jk_buf_printf(&tmp, "SHA-256 %s", pv.sha256);
      jk_buf_puts(&tmp, ")");
    }
  }
  if (tmp.len) {
    jk_buf_puts(b, ",\"reference\":");
    jk_jstr(b, tmp.p);
  }
  action(b, &f);
  actor(b, &f);
  jk_buf_puts(b, ",\"asset\":{\"assets\":[{\"variety\":\"Unknown\"}],\"cloud\":[\"Unknown\"]");
  if (f.vendor) jk_buf_puts(b, ",\"ownership\":[\"Partner\"]");
  jk_buf_puts(b, "}");
  confidentiality(b, &f);
  victim(b, &f);
  timeline(b, inc, &f);
  discovery(b, &f);
  /* notes: what VERIS has no field for */
  jk_buf_reset(&tmp);
  jk_buf_printf(&tmp, "jikenbo incident %s; %zu report%s", f.label, inc->n, inc->n == 1 ? "" : "s");
  if (f.reported_to) {
    jk_buf_puts(&tmp, "; reported to: ");
    int n = 0;
    for (int i = 0; i < JK_AUTH_COUNT; i++)
      if (f.reported_to & (1u << i)) jk_buf_printf(&tmp, "%s%s", n++ ? ", " : "", jk_authority_name((jk_authority)i));
  }
  int np = 0;
  for (size_t i = 0; i < inc->n; i++)
    for (size_t k = 0; k < inc->reports[i]->products.n; k++) {
      const char *p = inc->reports[i]->products.v[k].text;
      if (np && strstr(tmp.p, p)) continue;
      jk_buf_printf(&tmp, "%s%s", np++ ? ", " : "; products: ", p);
    }
  jk_buf_puts(b, ",\"notes\":");
  jk_jstr(b, tmp.p);
  /* plus.modified: when the record last changed (a correction, a
     re-extraction), as STIX modified and MISP timestamp say. */
  jk_buf_printf(b, ",\"plus\":{\"master_id\":\"%s\",\"created\":\"%s\",\"modified\":\"%s\"}}", f.uuid, f.created,
                f.modified);
  jk_facts_free(&f);
  int oom = tmp.oom;
  jk_buf_free(&tmp);
  if (oom || b->oom) {
    b->len = start;
    if (b->p) b->p[start] = 0;
    return JK_ENOMEM;
  }
  return JK_OK;
}
