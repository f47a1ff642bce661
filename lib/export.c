/*
** export.c — what the exporters share: an incident's facts merged from
** its reports, the timestamps every format needs, and format names.
**
** Exports must be byte-identical for the same database, so no time here
** comes from the clock: a report's time is its notice date, else the time
** it was ingested, else the Unix epoch (said plainly rather than guessed).
*/
#include "export_int.h"
#include "jk_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int jk_share_format_parse(const char *name) {
  if (!name) return -1;
  if (strcmp(name, "stix") == 0) return JK_SHARE_STIX;
  if (strcmp(name, "misp") == 0) return JK_SHARE_MISP;
  if (strcmp(name, "veris") == 0) return JK_SHARE_VERIS;
  return -1;
}

const char *jk_share_format_name(jk_share_format f) {
  switch (f) {
  case JK_SHARE_STIX: return "stix";
  case JK_SHARE_MISP: return "misp";
  case JK_SHARE_VERIS: return "veris";
  }
  return "?";
}

void jk_report_time(const jk_incident *inc, size_t i, char out[32]) {
  const jk_record *r = inc->reports[i];
  if (r->published.y >= 1000 && r->published.y <= 9999) {
    snprintf(out, 32, "%04d-%02d-%02dT00:00:00.000Z", r->published.y, r->published.m ? r->published.m : 1,
             r->published.d ? r->published.d : 1);
    return;
  }
  int y, mo, d, h = 0, mi = 0, s = 0;
  const char *f = inc->fetched ? inc->fetched[i] : NULL;
  if (f && sscanf(f, "%4d-%2d-%2d%*[T ]%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) >= 3 && y >= 1000 &&
      mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61) {
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, mo, d, h, mi, s > 59 ? 59 : s);
    return;
  }
  snprintf(out, 32, "%s", JK_EPOCH_TS);
}

long long jk_ts_epoch(const char *ts) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 3) return 0;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  long long t = (long long)timegm(&tm);
  return t < 0 ? 0 : t;
}

void jk_org_canonical(const char *org, jk_buf *out) {
  jk_buf_reset(out);
  if (!org) return;
  for (const char *p = org; *p;) {
    /* ASCII white space and U+3000 IDEOGRAPHIC SPACE do not make a new name. */
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      p++;
    } else if (strncmp(p, "\xe3\x80\x80", 3) == 0) {
      p += 3;
    } else {
      jk_buf_putc(out, *p++);
    }
  }
}

bool jk_is_url(const char *s) {
  if (!s) return false;
  if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0) return false;
  for (const char *p = s; *p; p++)
    if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f || *p == '"' || *p == '<' || *p == '>' ||
        *p == '\\' || *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}')
      return false; /* not a URI as RFC 3986 spells it (a raw IRI): keep it as text */
  return true;
}

void jk_jkey(jk_buf *b, const char *k, int *first) {
  if (!*first) jk_buf_putc(b, ',');
  *first = 0;
  jk_json_str(b, k, strlen(k));
  jk_buf_putc(b, ':');
}

void jk_jstr(jk_buf *b, const char *s) {
  if (s) jk_json_str(b, s, strlen(s));
  else jk_buf_puts(b, "null");
}

void jk_facts_of(const jk_incident *inc, jk_facts *f) {
  memset(f, 0, sizeof *f);
  f->label = inc->label ? inc->label : "";
  f->category = JK_CAT_OTHER;
  f->affected = -1;
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
    if (!f->casebook_id && r->casebook_id) f->casebook_id = r->casebook_id;
    if (!f->org && r->org && *r->org) f->org = r->org;
    if (!f->title && r->title && *r->title) f->title = r->title;
    if (r->category != JK_CAT_OTHER) f->category = r->category;
    if (r->affected >= 0) f->affected = r->affected;
    f->data_types |= r->data_types;
    f->reported_to |= r->reported_to;
    f->card |= r->card;
    f->vendor |= r->vendor;
    if (!f->discovered.y && r->discovered.y) f->discovered = r->discovered;
    if (!f->exposure_from.y && r->exposure_from.y) {
      f->exposure_from = r->exposure_from;
      f->exposure_to = r->exposure_to;
    }
    if (r->text && jk_map_possible(r->text, r->text_len)) f->possible = true;
    if (!f->discovery && r->text) f->discovery = jk_map_discovery(r->text, r->text_len);
  }
  /* Card data exposed is the "card" kind of data, whichever field said it. */
  if (f->card) f->data_types |= 1u << JK_DT_CARD;
  if (f->data_types & (1u << JK_DT_CARD)) f->card = 1;
  f->industry = jk_map_org(f->org);
  jk_uuid5_kind("incident", f->label, f->uuid);
  snprintf(f->created, sizeof f->created, "%s", JK_EPOCH_TS);
  snprintf(f->modified, sizeof f->modified, "%s", JK_EPOCH_TS);
  for (size_t i = 0; i < inc->n; i++) {
    char t[32];
    jk_report_time(inc, i, t);
    /* The fixed-width form sorts as text. */
    if (i == 0 || strcmp(t, f->created) < 0) snprintf(f->created, sizeof f->created, "%s", t);
    if (i == 0 || strcmp(t, f->modified) > 0) snprintf(f->modified, sizeof f->modified, "%s", t);
  }
}

void jk_share_file_name(jk_share_format f, const jk_incident *inc, char out[48]) {
  char u[37];
  if (f == JK_SHARE_MISP) jk_uuid5_kind("misp-event", inc->label ? inc->label : "", u);
  else jk_uuid5_kind("incident", inc->label ? inc->label : "", u);
  snprintf(out, 48, "%s.json", u);
}
