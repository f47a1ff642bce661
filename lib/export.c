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

/* An ISO 8601 time (YYYY-MM-DDTHH:MM:SS…) in the exports' fixed form,
   or 0 when t does not read as one. */
static int ts_fixed(const char *t, char out[32]) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (!t || sscanf(t, "%4d-%2d-%2d%*[T ]%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 3 || y < 1000 || mo < 1 ||
      mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
    return 0;
  snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", y, mo, d, h, mi, s > 59 ? 59 : s);
  return 1;
}

void jk_report_modified(const jk_incident *inc, size_t i, char out[32]) {
  jk_report_time(inc, i, out);
  char c[32];
  if (inc->changed && ts_fixed(inc->changed[i], c) && strcmp(c, out) > 0) snprintf(out, 32, "%s", c);
}

void jk_facts_of(const jk_incident *inc, jk_facts *f) {
  memset(f, 0, sizeof *f);
  f->label = inc->label ? inc->label : "";
  f->category = JK_CAT_OTHER;
  f->affected = -1;
  /* The headline the store chose, else the same choice made here. */
  const jk_record *h = inc->headline;
  if (!h && jk_incident_headline(inc->reports, inc->n, &f->own) == JK_OK) h = f->own.rec;
  if (h) {
    f->casebook_id = h->casebook_id;
    f->org = h->org && *h->org ? h->org : NULL;
    f->title = h->title && *h->title ? h->title : NULL;
    f->category = h->category;
    f->affected = h->affected;
    f->data_types = h->data_types;
    f->reported_to = h->reported_to;
    f->card = h->card;
    f->vendor = h->vendor;
    f->published = h->published;
    f->discovered = h->discovered;
    f->exposure_from = h->exposure_from;
    f->exposure_to = h->exposure_to;
  }
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
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
  /* A correction or a re-extraction that changed the record is a new
     version: consumers keeping the newest must take it. */
  char c[32];
  if (ts_fixed(inc->changed_at, c) && strcmp(c, f->modified) > 0) snprintf(f->modified, sizeof f->modified, "%s", c);
}

void jk_facts_free(jk_facts *f) {
  if (f) jk_headline_free(&f->own);
}

void jk_provenance(const jk_incident *inc, size_t i, jk_provenance_t *p) {
  memset(p, 0, sizeof *p);
  const char *src = inc->sources && inc->sources[i] ? inc->sources[i] : inc->reports[i]->source_file;
  const char *url = inc->urls && inc->urls[i] && jk_is_url(inc->urls[i]) ? inc->urls[i] : NULL;
  if (!url && jk_is_url(src)) url = src;
  p->url = url;
  p->source = src && *src ? src : NULL;
  p->path = p->source && !jk_is_url(p->source) ? p->source : NULL;
  const char *h = inc->hashes ? inc->hashes[i] : NULL;
  if (h && strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64) p->sha256 = h;
  if (inc->retrieved && ts_fixed(inc->retrieved[i], p->retrieved_buf)) p->retrieved = p->retrieved_buf;
}

void jk_share_file_name(jk_share_format f, const jk_incident *inc, char out[48]) {
  char u[37];
  if (f == JK_SHARE_MISP) jk_uuid5_kind("misp-event", inc->label ? inc->label : "", u);
  else jk_uuid5_kind("incident", inc->label ? inc->label : "", u);
  snprintf(out, 48, "%s.json", u);
}
