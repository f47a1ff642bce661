/*
** import.c — STIX 2.1 bundles and MISP events (as jikenbo writes them)
** back into incidents with records, and into the store in one
** transaction.
**
** Records are rebuilt in two layers.  The notice text (a STIX report's
** description, a MISP attachment) is extracted again, which restores what
** the formats have no field for (title, report number, measures, the
** evidence spans).  Then the facts the file states win, because they may
** be an analyst's corrections: organisation, cause (the VERIS tag),
** head-count, kinds of data, contractor, casebook number, notice date,
** source — and from MISP also the authorities told and the dates.
**
** Input is hostile until proven otherwise: size, nesting depth and string
** lengths are bounded before and while parsing, every value's type is
** checked, and an error names the JSON path and what was expected
** ("objects[3].extensions.extension-definition--….confidentiality_impacts[0].record_count:
** expected an integer, got a string").  Nothing is returned, or stored,
** unless the whole file reads.
*/
#include "alerts.h"
#include "export_int.h"
#include "jk_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ICE "extension-definition--ef765651-680c-498d-9894-99799f2fa126"

/* ---- the result ----------------------------------------------------------- */

struct jk_import {
  jk_incident *v;
  char **labels;
  size_t n;
};

size_t jk_import_count(const jk_import *im) { return im ? im->n : 0; }
const jk_incident *jk_import_get(const jk_import *im, size_t i) { return im && i < im->n ? &im->v[i] : NULL; }

jk_rc jk_import_append(jk_import *into, jk_import *from) {
  if (!from) return JK_OK;
  size_t n = into->n + from->n;
  jk_incident *v = realloc(into->v, (n + 1) * sizeof *v);
  if (!v) return JK_ENOMEM;
  into->v = v;
  char **l = realloc(into->labels, (n + 1) * sizeof *l);
  if (!l) return JK_ENOMEM;
  into->labels = l;
  memcpy(into->v + into->n, from->v, from->n * sizeof *v);
  memcpy(into->labels + into->n, from->labels, from->n * sizeof *l);
  into->n = n;
  free(from->v);
  free(from->labels);
  free(from);
  return JK_OK;
}

void jk_import_free(jk_import *im) {
  if (!im) return;
  for (size_t i = 0; i < im->n; i++) {
    jk_incident *inc = &im->v[i];
    for (size_t k = 0; k < inc->n; k++) {
      jk_record_free(inc->reports[k]);
      free((char *)inc->sources[k]);
      free((char *)inc->fetched[k]);
      free((char *)inc->hashes[k]);
      free((char *)inc->retrieved[k]);
    }
    free(inc->reports);
    free(inc->sources);
    free(inc->fetched);
    free(inc->hashes);
    free(inc->retrieved);
    free(im->labels[i]);
  }
  free(im->v);
  free(im->labels);
  free(im);
}

/* ---- what was read, before records are built -------------------------- */

typedef struct rep {
  char *text; /* normalised notice text */
  size_t len;
  char *source;
  char time[32]; /* the report's time as exported */
  int seq;       /* report number (0: from the text) */
  int order;     /* MISP: "report N" */
  char *issuer;  /* who published it (x_jikenbo_issuer, "report N: issuer") */
  char sha[65];  /* SHA-256 of the source document as exported, or "" */
  char retrieved[32]; /* when it was fetched, or "" */
  int first_seen; /* the exported time is when it was first seen, not a date */
} rep;

/* A 64-hex-digit SHA-256 (lower case) into out, else nothing. */
static void take_sha(const char *h, char out[65]) {
  if (h && strlen(h) == 64 && strspn(h, "0123456789abcdef") == 64) memcpy(out, h, 65);
}

/* "YYYY-MM-DDTHH:MM:SS…" into the store's form "YYYY-MM-DDTHH:MM:SSZ". */
static void take_time(const char *t, char out[32]) {
  int y, mo, d, h, mi, s;
  if (t && sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) == 6 && y >= 1000 && mo >= 1 && mo <= 12 &&
      d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61)
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

typedef struct pinc {
  char *label;
  char *org;
  int category; /* -1: not said */
  long long affected;
  uint32_t data_types, reported_to;
  int vendor, has_reported;
  jk_date discovered, exposure_from, exposure_to;
  int has_dates;
  char *fallback_text; /* for an incident without reports */
  rep *reps;
  size_t nreps, cap;
  const char *stix_id; /* STIX: the incident's id (in the cJSON tree) */
} pinc;

typedef struct ictx {
  jk_err *err;
  jk_rc rc;
  char path[640];
  size_t plen;
  const char *doc; /* "document 2 (line 5): " for several documents */
  pinc *incs;
  size_t ninc, cap;
} ictx;

/* ---- paths and errors ----------------------------------------------------- */

static size_t jp_key(ictx *c, const char *k) {
  size_t old = c->plen;
  snprintf(c->path + c->plen, sizeof c->path - c->plen, "%s%s", c->plen ? "." : "", k);
  c->plen = strlen(c->path);
  return old;
}

static size_t jp_idx(ictx *c, int i) {
  size_t old = c->plen;
  snprintf(c->path + c->plen, sizeof c->path - c->plen, "[%d]", i);
  c->plen = strlen(c->path);
  return old;
}

static void jp_pop(ictx *c, size_t old) {
  c->plen = old;
  c->path[old] = 0;
}

static jk_rc failp(ictx *c, jk_rc rc, const char *fmt, ...) {
  if (c->rc) return c->rc;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  c->rc = rc;
  jk_err_set(c->err, rc, "%s%s: %s", c->doc ? c->doc : "", c->plen ? c->path : "(top level)", msg);
  return rc;
}

static jk_rc oom(ictx *c) {
  if (!c->rc) {
    c->rc = JK_ENOMEM;
    jk_err_set(c->err, JK_ENOMEM, "out of memory while importing");
  }
  return JK_ENOMEM;
}

static const char *type_name(const cJSON *v) {
  if (!v) return "nothing";
  if (cJSON_IsString(v)) return "a string";
  if (cJSON_IsNumber(v)) return "a number";
  if (cJSON_IsBool(v)) return "true/false";
  if (cJSON_IsNull(v)) return "null";
  if (cJSON_IsArray(v)) return "an array";
  if (cJSON_IsObject(v)) return "an object";
  return "something else";
}

/* obj[key] if present (not null), checked to be of the wanted kind. */
enum { T_STR = 1, T_ARR, T_OBJ };
static const cJSON *field(ictx *c, const cJSON *obj, const char *key, int kind, int required) {
  if (c->rc) return NULL;
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v || cJSON_IsNull(v)) {
    if (required) {
      size_t o = jp_key(c, key);
      failp(c, JK_EINVAL, "missing (expected %s)", kind == T_STR ? "a string" : kind == T_ARR ? "an array" : "an object");
      jp_pop(c, o);
    }
    return NULL;
  }
  int ok = kind == T_STR ? cJSON_IsString(v) : kind == T_ARR ? cJSON_IsArray(v) : cJSON_IsObject(v);
  if (!ok) {
    size_t o = jp_key(c, key);
    failp(c, JK_EINVAL, "expected %s, got %s", kind == T_STR ? "a string" : kind == T_ARR ? "an array" : "an object",
          type_name(v));
    jp_pop(c, o);
    return NULL;
  }
  return v;
}

/* A string field no longer than max bytes (NULL when absent). */
static const char *str_field(ictx *c, const cJSON *obj, const char *key, size_t max, int required) {
  const cJSON *v = field(c, obj, key, T_STR, required);
  if (!v) return NULL;
  size_t n = strlen(v->valuestring);
  if (n > max) {
    size_t o = jp_key(c, key);
    failp(c, JK_ETOOBIG, "a string of %zu bytes, over the limit of %zu", n, max);
    jp_pop(c, o);
    return NULL;
  }
  return v->valuestring;
}

/* A whole number in [0, 2^53] (JSON numbers are doubles). */
static int int_field(ictx *c, const cJSON *obj, const char *key, long long *out) {
  if (c->rc) return 0;
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  if (!v || cJSON_IsNull(v)) return 0;
  size_t o = jp_key(c, key);
  if (!cJSON_IsNumber(v)) failp(c, JK_EINVAL, "expected an integer, got %s", type_name(v));
  else if (v->valuedouble != floor(v->valuedouble) || v->valuedouble < 0 || v->valuedouble > 9007199254740992.0)
    failp(c, JK_EINVAL, "expected a whole number from 0 to 2^53, got %g", v->valuedouble);
  jp_pop(c, o);
  if (c->rc) return 0;
  *out = (long long)v->valuedouble;
  return 1;
}

static char *dup(ictx *c, const char *s) {
  if (!s) return NULL;
  char *d = strdup(s);
  if (!d) oom(c);
  return d;
}

/* Notice text as stored: normalised (idempotent on our own exports). */
static char *norm_text(ictx *c, const char *s, size_t n, size_t *out_len) {
  jk_buf b;
  jk_buf_init(&b);
  if (jk_normalize(s, n, &b, NULL) || b.oom) {
    jk_buf_free(&b);
    oom(c);
    return NULL;
  }
  if (!b.p) jk_buf_puts(&b, "");
  return jk_buf_detach(&b, out_len);
}

static pinc *new_inc(ictx *c) {
  if (c->ninc == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 16;
    pinc *v = realloc(c->incs, cap * sizeof *v);
    if (!v) {
      oom(c);
      return NULL;
    }
    c->incs = v;
    c->cap = cap;
  }
  pinc *p = &c->incs[c->ninc++];
  memset(p, 0, sizeof *p);
  p->category = -1;
  p->affected = -1;
  return p;
}

static rep *new_rep(ictx *c, pinc *p) {
  if (p->nreps == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 4;
    rep *v = realloc(p->reps, cap * sizeof *v);
    if (!v) {
      oom(c);
      return NULL;
    }
    p->reps = v;
    p->cap = cap;
  }
  rep *r = &p->reps[p->nreps++];
  memset(r, 0, sizeof *r);
  return r;
}

static void pincs_free(ictx *c) {
  for (size_t i = 0; i < c->ninc; i++) {
    pinc *p = &c->incs[i];
    for (size_t k = 0; k < p->nreps; k++) {
      free(p->reps[k].text);
      free(p->reps[k].source);
      free(p->reps[k].issuer);
    }
    free(p->reps);
    free(p->label);
    free(p->org);
    free(p->fallback_text);
  }
  free(c->incs);
  c->incs = NULL;
  c->ninc = c->cap = 0;
}

/* A VERIS machine tag: the cause, or the contractor flag. */
static void apply_tag(pinc *p, const char *tag) {
  int cat = jk_map_cause_from_tag(tag);
  if (cat >= 0) p->category = cat;
  if (strcmp(tag, "veris:asset:ownership=\"Partner\"") == 0) p->vendor = 1;
}

/* ---- before parsing: size and depth ----------------------------------------- */

/* Checks size and depth; *open gets whether brackets or a string are
   still open at the end (a truncated file). */
static jk_rc precheck(const char *p, size_t n, int *open, jk_err *err) {
  if (n > JK_IMPORT_MAX_BYTES)
    return jk_err_set(err, JK_ETOOBIG, "%zu bytes, over the import limit of %u MiB: split the export", n,
                      JK_IMPORT_MAX_BYTES >> 20);
  int depth = 0, line = 1, in_str = 0;
  for (size_t i = 0; i < n; i++) {
    char ch = p[i];
    if (ch == '\n') line++;
    if (in_str) {
      if (ch == '\\') i++;
      else if (ch == '"') in_str = 0;
    } else if (ch == '"') {
      in_str = 1;
    } else if (ch == '[' || ch == '{') {
      if (++depth > JK_IMPORT_MAX_DEPTH)
        return jk_err_set(err, JK_ETOOBIG,
                          "byte %zu (line %d): JSON nested deeper than %d levels; no export of ours nests "
                          "this deep, so the file is not one",
                          i, line, JK_IMPORT_MAX_DEPTH);
    } else if (ch == ']' || ch == '}') {
      if (depth > 0) depth--;
    }
  }
  *open = depth > 0 || in_str;
  return JK_OK;
}

static jk_rc syntax_error(const char *p, size_t n, const char *at, int open, jk_err *err) {
  size_t off = at && at >= p && at <= p + n ? (size_t)(at - p) : n;
  int line = 1;
  size_t col = 1;
  for (size_t i = 0; i < off; i++) {
    if (p[i] == '\n') line++, col = 1;
    else col++;
  }
  size_t rest = off;
  while (rest < n && (p[rest] == ' ' || p[rest] == '\n' || p[rest] == '\r' || p[rest] == '\t')) rest++;
  if (rest >= n || open)
    return jk_err_set(err, JK_EINVAL, "line %d, byte %zu: the JSON ends before it is complete (truncated file?)",
                      line, open ? n : off);
  return jk_err_set(err, JK_EINVAL, "line %d, column %zu (byte %zu): not valid JSON here", line, col, off);
}

/* ---- STIX ------------------------------------------------------------------- */

static const cJSON *by_id(const cJSON *objs, const char *id) {
  for (const cJSON *o = objs->child; o; o = o->next) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0) return o;
  }
  return NULL;
}

/* external_references: the jikenbo id and the notice source (its URL or
   path, the SHA-256 and retrieval time when given, into r). */
static void stix_refs(ictx *c, const cJSON *o, char **jk_id, char **source, rep *into) {
  const cJSON *refs = field(c, o, "external_references", T_ARR, 0);
  if (!refs) return;
  size_t o1 = jp_key(c, "external_references");
  int i = 0;
  for (const cJSON *r = refs->child; r && !c->rc; r = r->next, i++) {
    size_t o2 = jp_idx(c, i);
    if (!cJSON_IsObject(r)) {
      failp(c, JK_EINVAL, "expected an object, got %s", type_name(r));
    } else {
      const char *sn = str_field(c, r, "source_name", JK_IMPORT_MAX_NAME, 1);
      const char *eid = str_field(c, r, "external_id", JK_IMPORT_MAX_NAME, 0);
      const char *url = str_field(c, r, "url", JK_IMPORT_MAX_STRING, 0);
      const char *desc = str_field(c, r, "description", JK_IMPORT_MAX_STRING, 0);
      if (sn && strcmp(sn, "jikenbo") == 0 && eid && jk_id && !*jk_id) *jk_id = dup(c, eid);
      if (sn && strcmp(sn, "notice source") == 0 && source && !*source) {
        *source = dup(c, url ? url : desc);
        const cJSON *h = cJSON_GetObjectItemCaseSensitive(r, "hashes");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(h, "SHA-256");
        if (into && cJSON_IsString(sha)) take_sha(sha->valuestring, into->sha);
        if (into && url && desc && strncmp(desc, "retrieved ", 10) == 0) take_time(desc + 10, into->retrieved);
      }
    }
    jp_pop(c, o2);
  }
  jp_pop(c, o1);
}

static void stix_incident(ictx *c, const cJSON *o, const char *id) {
  pinc *p = new_inc(c);
  if (!p) return;
  p->stix_id = id;
  stix_refs(c, o, &p->label, NULL, NULL);
  const char *name = str_field(c, o, "name", JK_IMPORT_MAX_STRING, 1);
  const char *desc = str_field(c, o, "description", JK_IMPORT_MAX_STRING, 0);
  const cJSON *labels = field(c, o, "labels", T_ARR, 0);
  if (labels) {
    size_t o1 = jp_key(c, "labels");
    int i = 0;
    for (const cJSON *l = labels->child; l && !c->rc; l = l->next, i++) {
      size_t o2 = jp_idx(c, i);
      if (!cJSON_IsString(l)) failp(c, JK_EINVAL, "expected a string, got %s", type_name(l));
      else apply_tag(p, l->valuestring);
      jp_pop(c, o2);
    }
    jp_pop(c, o1);
  }
  const cJSON *exts = field(c, o, "extensions", T_OBJ, 0);
  size_t o1 = jp_key(c, "extensions");
  const cJSON *ext = exts ? field(c, exts, ICE, T_OBJ, 0) : NULL;
  if (ext) {
    size_t o2 = jp_key(c, ICE);
    const cJSON *imps = field(c, ext, "confidentiality_impacts", T_ARR, 0);
    size_t o3 = jp_key(c, "confidentiality_impacts");
    int i = 0;
    for (const cJSON *im = imps ? imps->child : NULL; im && !c->rc; im = im->next, i++) {
      size_t o4 = jp_idx(c, i);
      if (!cJSON_IsObject(im)) {
        failp(c, JK_EINVAL, "expected an object, got %s", type_name(im));
      } else {
        str_field(c, im, "information_type", JK_IMPORT_MAX_NAME, 0);
        long long n;
        if (int_field(c, im, "record_count", &n) && n > p->affected) p->affected = n;
        const cJSON *kinds = field(c, im, "labels", T_ARR, 0);
        size_t o5 = jp_key(c, "labels");
        int k = 0;
        for (const cJSON *l = kinds ? kinds->child : NULL; l && !c->rc; l = l->next, k++) {
          size_t o6 = jp_idx(c, k);
          if (!cJSON_IsString(l)) failp(c, JK_EINVAL, "expected a string, got %s", type_name(l));
          else if (jk_data_type_parse(l->valuestring) >= 0) p->data_types |= 1u << jk_data_type_parse(l->valuestring);
          jp_pop(c, o6);
        }
        jp_pop(c, o5);
      }
      jp_pop(c, o4);
    }
    jp_pop(c, o3);
    const cJSON *counts = field(c, ext, "impacted_entity_counts", T_OBJ, 0);
    if (counts) {
      size_t o4 = jp_key(c, "impacted_entity_counts");
      long long n;
      if (int_field(c, counts, "individuals", &n) && n > p->affected) p->affected = n;
      jp_pop(c, o4);
    }
    jp_pop(c, o2);
  }
  jp_pop(c, o1);
  if (c->rc) return;
  /* Without reports, the incident's own words are its notice. */
  jk_buf t;
  jk_buf_init(&t);
  jk_buf_puts(&t, name ? name : "");
  if (desc) {
    jk_buf_putc(&t, '\n');
    jk_buf_puts(&t, desc);
  }
  if (t.oom) {
    jk_buf_free(&t);
    oom(c);
    return;
  }
  p->fallback_text = jk_buf_detach(&t, NULL);
}

static void stix_report(ictx *c, const cJSON *objs, const cJSON *o) {
  const cJSON *refs = field(c, o, "object_refs", T_ARR, 1);
  if (!refs) return;
  size_t o1 = jp_key(c, "object_refs");
  pinc *p = NULL;
  const char *org = NULL;
  int i = 0;
  for (const cJSON *r = refs->child; r && !c->rc; r = r->next, i++) {
    size_t o2 = jp_idx(c, i);
    if (!cJSON_IsString(r)) {
      failp(c, JK_EINVAL, "expected an object id, got %s", type_name(r));
    } else if (strncmp(r->valuestring, "incident--", 10) == 0) {
      for (size_t k = 0; k < c->ninc && !p; k++)
        if (strcmp(c->incs[k].stix_id, r->valuestring) == 0) p = &c->incs[k];
      if (!p) failp(c, JK_EINVAL, "%.80s is not in the bundle", r->valuestring);
    } else if (strncmp(r->valuestring, "identity--", 10) == 0 && !org) {
      const cJSON *id = by_id(objs, r->valuestring);
      if (!id) {
        failp(c, JK_EINVAL, "%.80s is not in the bundle", r->valuestring);
      } else {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(id, "name");
        const cJSON *cls = cJSON_GetObjectItemCaseSensitive(id, "identity_class");
        if (!cJSON_IsString(nm)) failp(c, JK_EINVAL, "%.80s has no name", r->valuestring);
        else if (strlen(nm->valuestring) > JK_IMPORT_MAX_NAME)
          failp(c, JK_ETOOBIG, "%.80s: a name of %zu bytes, over the limit of %d", r->valuestring,
                strlen(nm->valuestring), JK_IMPORT_MAX_NAME);
        else if (!cJSON_IsString(cls) || strcmp(cls->valuestring, "system") != 0)
          org = nm->valuestring;
      }
    }
    jp_pop(c, o2);
  }
  jp_pop(c, o1);
  if (c->rc || !p) return; /* a report about no incident is not a notice of ours */
  if (org && !p->org && !(p->org = dup(c, org))) return;
  const char *published = str_field(c, o, "published", 64, 1);
  const char *desc = str_field(c, o, "description", JK_IMPORT_MAX_STRING, 0);
  const char *name = str_field(c, o, "name", JK_IMPORT_MAX_STRING, 1);
  char *jid = NULL, *source = NULL;
  rep got;
  memset(&got, 0, sizeof got);
  stix_refs(c, o, &jid, &source, &got);
  const char *issuer = str_field(c, o, "x_jikenbo_issuer", JK_IMPORT_MAX_NAME, 0);
  const char *from = str_field(c, o, "x_jikenbo_published_from", 64, 0);
  if (c->rc) {
    free(jid);
    free(source);
    return;
  }
  rep *r = new_rep(c, p);
  if (!r) {
    free(jid);
    free(source);
    return;
  }
  r->source = source;
  memcpy(r->sha, got.sha, sizeof r->sha);
  memcpy(r->retrieved, got.retrieved, sizeof r->retrieved);
  r->first_seen = from && strcmp(from, "first-seen") == 0;
  if (issuer && !(r->issuer = dup(c, issuer))) return;
  snprintf(r->time, sizeof r->time, "%s", published ? published : "");
  /* "LABEL/SEQ" */
  const char *slash = jid ? strrchr(jid, '/') : NULL;
  if (slash && slash[1]) r->seq = atoi(slash + 1);
  free(jid);
  const char *t = desc ? desc : name ? name : "";
  r->text = norm_text(c, t, strlen(t), &r->len);
}

static void parse_stix(ictx *c, const cJSON *root) {
  if (!cJSON_IsObject(root)) {
    failp(c, JK_EINVAL, "expected a STIX bundle (an object), got %s", type_name(root));
    return;
  }
  const char *type = str_field(c, root, "type", 64, 1);
  if (type && strcmp(type, "bundle") != 0) {
    size_t o = jp_key(c, "type");
    failp(c, JK_EINVAL, "expected \"bundle\", got \"%.40s\"", type);
    jp_pop(c, o);
  }
  const cJSON *objs = field(c, root, "objects", T_ARR, 1);
  if (!objs) return;
  /* Incidents first: reports refer to them. */
  for (int pass = 0; pass < 2 && !c->rc; pass++) {
    int i = 0;
    for (const cJSON *o = objs->child; o && !c->rc; o = o->next, i++) {
      size_t o1 = jp_key(c, "objects");
      jp_idx(c, i);
      if (!cJSON_IsObject(o)) {
        failp(c, JK_EINVAL, "expected a STIX object, got %s", type_name(o));
      } else {
        const char *t = str_field(c, o, "type", 250, 1);
        const char *id = str_field(c, o, "id", 300, 1);
        if (t && id && pass == 0 && strcmp(t, "incident") == 0) stix_incident(c, o, id);
        if (t && id && pass == 1 && strcmp(t, "report") == 0) stix_report(c, objs, o);
        if (t && id && pass == 0 && strcmp(t, "identity") == 0) str_field(c, o, "name", JK_IMPORT_MAX_NAME, 1);
      }
      jp_pop(c, o1);
    }
  }
}

/* ---- MISP ------------------------------------------------------------------ */

static int report_no(const char *comment, const char *what) {
  int n = 0, k = 0;
  char tail[40];
  if (sscanf(comment, "report %d: %n", &n, &k) == 1 && k > 0 && n > 0 &&
      snprintf(tail, sizeof tail, "%s", comment + k) > 0 && strcmp(tail, what) == 0)
    return n;
  return 0;
}

static rep *rep_no(ictx *c, pinc *p, int n) {
  for (size_t i = 0; i < p->nreps; i++)
    if (p->reps[i].order == n) return &p->reps[i];
  rep *r = new_rep(c, p);
  if (r) r->order = n;
  return r;
}

static void misp_date(ictx *c, const char *v, jk_date *d, pinc *p) {
  jk_date x = {0, 0, 0};
  if (sscanf(v, "%4d-%2d-%2d", &x.y, &x.m, &x.d) != 3 || x.m < 1 || x.m > 12 || x.d < 1 || x.d > 31) {
    failp(c, JK_EINVAL, "expected a date-time YYYY-MM-DDT…, got \"%.40s\"", v);
    return;
  }
  *d = x;
  p->has_dates = 1;
}

static char *unbase64(ictx *c, const char *s, size_t *out_len) {
  size_t n = strlen(s);
  if (n % 4) {
    failp(c, JK_EINVAL, "expected base64 (a multiple of 4 characters), got %zu characters", n);
    return NULL;
  }
  if (n > INT32_MAX) {
    failp(c, JK_ETOOBIG, "attachment too large");
    return NULL;
  }
  unsigned char *out = malloc(n / 4 * 3 + 1);
  if (!out) {
    oom(c);
    return NULL;
  }
  int k = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n);
  if (k < 0) {
    free(out);
    failp(c, JK_EINVAL, "not valid base64");
    return NULL;
  }
  size_t len = (size_t)k;
  if (n && s[n - 1] == '=') len--;
  if (n > 1 && s[n - 2] == '=') len--;
  out[len] = 0;
  *out_len = len;
  return (char *)out;
}

static void misp_attribute(ictx *c, pinc *p, const cJSON *a) {
  const char *type = str_field(c, a, "type", 64, 1);
  str_field(c, a, "category", 64, 0);
  const cJSON *vv = field(c, a, "value", T_STR, 1);
  const char *comment = str_field(c, a, "comment", JK_IMPORT_MAX_NAME, 0);
  const cJSON *data = field(c, a, "data", T_STR, 0);
  const cJSON *ts = field(c, a, "timestamp", T_STR, 0);
  const cJSON *tags = field(c, a, "Tag", T_ARR, 0);
  (void)tags;
  if (c->rc || !type || !vv) return;
  const char *value = vv->valuestring;
  size_t vlen = strlen(value);
  if (!comment) comment = "";
  size_t o = jp_key(c, "value");
  int n;
  if (strcmp(type, "text") == 0 && strcmp(comment, "jikenbo incident") == 0) {
    if (vlen > JK_IMPORT_MAX_NAME) failp(c, JK_ETOOBIG, "an id of %zu bytes, over the limit of %d", vlen, JK_IMPORT_MAX_NAME);
    else if (!p->label) p->label = dup(c, value);
  } else if (strcmp(type, "target-org") == 0) {
    if (vlen > JK_IMPORT_MAX_NAME)
      failp(c, JK_ETOOBIG, "an organisation name of %zu bytes, over the limit of %d", vlen, JK_IMPORT_MAX_NAME);
    else if (!p->org) p->org = dup(c, value);
  } else if (strcmp(type, "counter") == 0 && strcmp(comment, "people affected") == 0) {
    char *end;
    long long v = strtoll(value, &end, 10);
    if (!*value || *end || v < 0 || vlen > 16) failp(c, JK_EINVAL, "expected a whole number, got \"%.40s\"", value);
    else p->affected = v;
  } else if (strcmp(type, "text") == 0 && strcmp(comment, "kind of data exposed") == 0) {
    int k = jk_data_type_parse(value);
    if (k < 0) failp(c, JK_EINVAL, "\"%.40s\" is not a kind of data (SCHEMA.md lists them)", value);
    else p->data_types |= 1u << k;
  } else if (strcmp(type, "text") == 0 && strcmp(comment, "authority told") == 0) {
    int k = jk_authority_parse(value);
    if (k < 0) failp(c, JK_EINVAL, "\"%.40s\" is not an authority (ppc, police, pmark, ministry)", value);
    else p->reported_to |= 1u << k, p->has_reported = 1;
  } else if (strcmp(type, "datetime") == 0 && strcmp(comment, "discovered") == 0) {
    misp_date(c, value, &p->discovered, p);
  } else if (strcmp(type, "datetime") == 0 && strcmp(comment, "exposure from") == 0) {
    misp_date(c, value, &p->exposure_from, p);
  } else if (strcmp(type, "datetime") == 0 && strcmp(comment, "exposure to") == 0) {
    misp_date(c, value, &p->exposure_to, p);
  } else if (strcmp(type, "attachment") == 0 && (n = report_no(comment, "notice text")) > 0) {
    jp_pop(c, o);
    o = jp_key(c, "data");
    if (!data) {
      failp(c, JK_EINVAL, "missing: the notice text (base64)");
    } else if (strlen(data->valuestring) > JK_IMPORT_MAX_STRING / 3 * 4 + 4) {
      failp(c, JK_ETOOBIG, "an attachment of %zu bytes, over the limit of %d", strlen(data->valuestring),
            JK_IMPORT_MAX_STRING);
    } else {
      size_t len;
      char *raw = unbase64(c, data->valuestring, &len);
      rep *r = raw ? rep_no(c, p, n) : NULL;
      if (r && !r->text) {
        r->text = norm_text(c, raw, len, &r->len);
        long long t = ts ? strtoll(ts->valuestring, NULL, 10) : 0;
        if (t > 0) {
          time_t tt = (time_t)t;
          struct tm tm;
          gmtime_r(&tt, &tm);
          strftime(r->time, sizeof r->time, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
        }
      }
      free(raw);
    }
  } else if ((strcmp(type, "link") == 0 || strcmp(type, "text") == 0) && (n = report_no(comment, "source")) > 0) {
    if (vlen > JK_IMPORT_MAX_STRING) {
      failp(c, JK_ETOOBIG, "a source of %zu bytes, over the limit", vlen);
    } else {
      rep *r = rep_no(c, p, n);
      if (r && !r->source) r->source = dup(c, value);
    }
  } else if (strcmp(type, "sha256") == 0 && (n = report_no(comment, "source SHA-256")) > 0) {
    rep *r = rep_no(c, p, n);
    if (r) take_sha(value, r->sha);
  } else if (strcmp(type, "datetime") == 0 && (n = report_no(comment, "retrieved")) > 0) {
    rep *r = rep_no(c, p, n);
    if (r) take_time(value, r->retrieved);
  } else if (strcmp(type, "text") == 0 && (n = report_no(comment, "issuer")) > 0) {
    if (vlen > JK_IMPORT_MAX_NAME) {
      failp(c, JK_ETOOBIG, "an issuer of %zu bytes, over the limit of %d", vlen, JK_IMPORT_MAX_NAME);
    } else {
      rep *r = rep_no(c, p, n);
      if (r && !r->issuer) r->issuer = dup(c, value);
    }
  }
  jp_pop(c, o);
}

static void misp_event(ictx *c, const cJSON *doc) {
  if (!cJSON_IsObject(doc)) {
    failp(c, JK_EINVAL, "expected a MISP event {\"Event\": …}, got %s", type_name(doc));
    return;
  }
  const cJSON *ev = field(c, doc, "Event", T_OBJ, 1);
  if (!ev) return;
  size_t o1 = jp_key(c, "Event");
  pinc *p = new_inc(c);
  const char *info = str_field(c, ev, "info", JK_IMPORT_MAX_STRING, 1);
  str_field(c, ev, "uuid", 64, 0);
  str_field(c, ev, "date", 64, 0);
  const cJSON *tags = field(c, ev, "Tag", T_ARR, 0);
  const cJSON *attrs = field(c, ev, "Attribute", T_ARR, 0);
  if (!p || c->rc) {
    jp_pop(c, o1);
    return;
  }
  size_t o2 = jp_key(c, "Tag");
  int i = 0;
  for (const cJSON *t = tags ? tags->child : NULL; t && !c->rc; t = t->next, i++) {
    size_t o3 = jp_idx(c, i);
    if (!cJSON_IsObject(t)) failp(c, JK_EINVAL, "expected an object {\"name\": …}, got %s", type_name(t));
    else {
      const char *name = str_field(c, t, "name", JK_IMPORT_MAX_NAME, 1);
      if (name) apply_tag(p, name);
    }
    jp_pop(c, o3);
  }
  jp_pop(c, o2);
  o2 = jp_key(c, "Attribute");
  i = 0;
  for (const cJSON *a = attrs ? attrs->child : NULL; a && !c->rc; a = a->next, i++) {
    size_t o3 = jp_idx(c, i);
    if (!cJSON_IsObject(a)) failp(c, JK_EINVAL, "expected an attribute (an object), got %s", type_name(a));
    else misp_attribute(c, p, a);
    jp_pop(c, o3);
  }
  jp_pop(c, o2);
  jp_pop(c, o1);
  if (!c->rc) p->fallback_text = dup(c, info ? info : "");
  /* Reports in the order the event numbers them. */
  for (size_t a = 1; a < p->nreps; a++)
    for (size_t b = a; b > 0 && p->reps[b].order < p->reps[b - 1].order; b--) {
      rep t = p->reps[b];
      p->reps[b] = p->reps[b - 1];
      p->reps[b - 1] = t;
    }
  /* A source without its text: the event's words stand in. */
  for (size_t k = 0; k < p->nreps && !c->rc; k++)
    if (!p->reps[k].text) p->reps[k].text = norm_text(c, info ? info : "", info ? strlen(info) : 0, &p->reps[k].len);
}

static void parse_misp_doc(ictx *c, const cJSON *root) {
  if (cJSON_IsArray(root)) {
    int i = 0;
    for (const cJSON *d = root->child; d && !c->rc; d = d->next, i++) {
      size_t o = jp_idx(c, i);
      misp_event(c, d);
      jp_pop(c, o);
    }
  } else if (cJSON_IsObject(root) && cJSON_GetObjectItemCaseSensitive(root, "response")) {
    const cJSON *resp = field(c, root, "response", T_ARR, 1);
    size_t o = jp_key(c, "response");
    int i = 0;
    for (const cJSON *d = resp ? resp->child : NULL; d && !c->rc; d = d->next, i++) {
      size_t o2 = jp_idx(c, i);
      misp_event(c, d);
      jp_pop(c, o2);
    }
    jp_pop(c, o);
  } else {
    misp_event(c, root);
  }
}

/* ---- records from what was read --------------------------------------------- */

static int casebook_like(const char *s) {
  /* 2023-295: four digits, a hyphen, digits */
  if (!s || strlen(s) < 6 || strlen(s) > 12) return 0;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  if (s[4] != '-') return 0;
  for (const char *p = s + 5; *p; p++)
    if (*p < '0' || *p > '9') return 0;
  return 1;
}

/* A notice date from an exported time: jikenbo writes a stated date as
   midnight UTC; any other time (an ingest time) means "not stated". */
static jk_date date_of_time(const char *t) {
  jk_date d = {0, 0, 0};
  int h = -1, mi = -1, s = -1;
  if (strcmp(t, JK_EPOCH_TS) == 0) return d;
  if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d", &d.y, &d.m, &d.d, &h, &mi, &s) != 6 || h || mi || s ||
      strstr(t, ".000Z") == NULL)
    memset(&d, 0, sizeof d);
  return d;
}

static jk_rc build(ictx *c, int stix, jk_import **out) {
  jk_import *im = calloc(1, sizeof *im);
  if (!im) return oom(c);
  im->v = calloc(c->ninc + 1, sizeof *im->v);
  im->labels = calloc(c->ninc + 1, sizeof *im->labels);
  if (!im->v || !im->labels) {
    jk_import_free(im);
    return oom(c);
  }
  for (size_t i = 0; i < c->ninc && !c->rc; i++) {
    pinc *p = &c->incs[i];
    if (!p->nreps) {
      rep *r = new_rep(c, p);
      if (!r) break;
      r->text = norm_text(c, p->fallback_text ? p->fallback_text : "", p->fallback_text ? strlen(p->fallback_text) : 0,
                          &r->len);
    }
    jk_incident *inc = &im->v[im->n];
    im->labels[im->n] = p->label ? strdup(p->label) : NULL;
    inc->label = im->labels[im->n] ? im->labels[im->n] : "";
    inc->reports = calloc(p->nreps, sizeof *inc->reports);
    inc->sources = calloc(p->nreps, sizeof *inc->sources);
    inc->fetched = calloc(p->nreps, sizeof *inc->fetched);
    inc->hashes = calloc(p->nreps, sizeof *inc->hashes);
    inc->retrieved = calloc(p->nreps, sizeof *inc->retrieved);
    im->n++;
    if (!inc->reports || !inc->sources || !inc->fetched || !inc->hashes || !inc->retrieved ||
        (p->label && !im->labels[im->n - 1])) {
      oom(c);
      break;
    }
    for (size_t k = 0; k < p->nreps && !c->rc; k++) {
      rep *rp = &p->reps[k];
      jk_record *r;
      if (jk_extract_text(rp->text ? rp->text : "", rp->text ? rp->len : 0, &r)) {
        oom(c);
        break;
      }
      inc->reports[inc->n] = r;
      inc->sources[inc->n] = rp->source ? strdup(rp->source) : NULL;
      inc->fetched[inc->n] = NULL;
      inc->hashes[inc->n] = rp->sha[0] ? strdup(rp->sha) : NULL;
      inc->retrieved[inc->n] = rp->retrieved[0] ? strdup(rp->retrieved) : NULL;
      inc->n++;
      /* The file's facts over the text's. */
      r->casebook_id = casebook_like(p->label) ? jk_arena_strdup(r->arena, p->label) : NULL;
      /* Each report's issuer when the file names it (a regulator's report
         of the victim's incident), else the incident's organisation. */
      const char *issuer = rp->issuer ? rp->issuer : p->org;
      r->org = issuer ? jk_arena_strdup(r->arena, issuer) : NULL;
      r->category = p->category >= 0 ? (jk_category)p->category : JK_CAT_OTHER;
      r->affected = p->affected;
      r->data_types = p->data_types;
      r->card = (p->data_types >> JK_DT_CARD) & 1;
      r->vendor = p->vendor;
      if (p->has_reported || !stix) r->reported_to = p->reported_to;
      if (!stix) {
        r->discovered = p->discovered;
        r->exposure_from = p->exposure_from;
        r->exposure_to = p->exposure_to;
      }
      if (rp->seq > 0) r->report_seq = rp->seq;
      if (rp->time[0]) {
        r->published = rp->first_seen ? (jk_date){0, 0, 0} : date_of_time(rp->time);
        /* An undated notice's time is when it was fetched: keep it. */
        if (!r->published.y && strcmp(rp->time, JK_EPOCH_TS) != 0)
          inc->fetched[inc->n - 1] = strdup(rp->time);
      } else if (!stix) {
        memset(&r->published, 0, sizeof r->published);
      }
      r->source_file = rp->source ? jk_arena_strdup(r->arena, rp->source) : NULL;
      /* Evidence of the facts replaced no longer points at them. */
      if (!r->org) r->org_ev.len = 0;
      if (r->affected < 0) r->affected_ev.len = 0;
      if (!r->published.y) r->published_ev.len = 0;
      for (int d = 0; d < JK_DT_COUNT; d++)
        if (!(r->data_types & (1u << d))) r->data_type_ev[d].len = 0;
      for (int a = 0; a < JK_AUTH_COUNT; a++)
        if (!(r->reported_to & (1u << a))) r->reported_to_ev[a].len = 0;
      if ((issuer && !r->org) || (p->label && casebook_like(p->label) && !r->casebook_id)) oom(c);
    }
  }
  if (c->rc) {
    jk_import_free(im);
    return c->rc;
  }
  *out = im;
  return JK_OK;
}

jk_rc jk_import_parse(jk_share_format f, const char *json, size_t len, jk_import **out, jk_err *err) {
  *out = NULL;
  if (f != JK_SHARE_STIX && f != JK_SHARE_MISP)
    return jk_err_set(err, JK_EUNSUP, "import reads stix and misp; VERIS has no notice text to rebuild records from");
  int open = 0;
  jk_rc rc = precheck(json, len, &open, err);
  if (rc) return rc;
  ictx c;
  memset(&c, 0, sizeof c);
  c.err = err;
  char docname[64];
  const char *p = json, *end = json + len;
  int ndoc = 0;
  while (!c.rc) {
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) p++;
    if (p >= end) break;
    if (ndoc && f == JK_SHARE_STIX) {
      rc = jk_err_set(err, JK_EINVAL, "byte %zu: more after the bundle; a STIX file holds one bundle",
                      (size_t)(p - json));
      c.rc = rc;
      break;
    }
    const char *stop = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(p, (size_t)(end - p), &stop, 0);
    if (!root) {
      c.rc = syntax_error(json, len, cJSON_GetErrorPtr(), open, err);
      break;
    }
    ndoc++;
    if (f == JK_SHARE_MISP && (ndoc > 1 || (stop && stop < end))) {
      int line = 1;
      for (const char *q = json; q < p; q++) line += *q == '\n';
      snprintf(docname, sizeof docname, "document %d (line %d): ", ndoc, line);
      c.doc = docname;
    }
    c.plen = 0;
    c.path[0] = 0;
    if (f == JK_SHARE_STIX) parse_stix(&c, root);
    else parse_misp_doc(&c, root);
    cJSON_Delete(root);
    p = stop ? stop : end;
  }
  if (!c.rc && !ndoc) c.rc = jk_err_set(err, JK_EINVAL, "empty file: no JSON in it");
  if (!c.rc && !c.ninc)
    c.rc = jk_err_set(err, JK_EINVAL, "no incident in the file (a %s export of jikenbo has one per incident)",
                      jk_share_format_name(f));
  if (!c.rc) {
    c.doc = NULL;
    c.plen = 0;
    c.path[0] = 0;
    build(&c, f == JK_SHARE_STIX, out);
  }
  pincs_free(&c);
  return c.rc;
}

/* ---- into the store ------------------------------------------------------------ */

/* Remember an incident that got a new report (once); -1 out of memory. */
static int push_touched(long long **v, size_t *n, size_t *cap, long long id) {
  if (*n && (*v)[*n - 1] == id) return 0; /* reports of one incident come together; a repeat is harmless */
  return jk_ids_push(v, n, cap, id);
}

jk_rc jk_import_store(jk_store *st, const jk_import *im, const char *file_name, jk_import_stats *stats,
                      jk_err *err) {
  jk_import_stats s;
  memset(&s, 0, sizeof s);
  /* The order of storing: a database numbers the incidents it creates
     and labels those without a casebook number J-<number>, so J-n is
     stored n-th where it can be; the rest keep the file's order.  Into an
     empty database, a whole export then keeps every id. */
  size_t *order = malloc((im->n + 1) * sizeof *order);
  char *taken = calloc(im->n + 1, 1);
  if (!order || !taken) {
    free(order);
    free(taken);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < im->n; i++) order[i] = SIZE_MAX;
  for (size_t i = 0; i < im->n; i++) {
    const char *l = im->v[i].label;
    char *end;
    unsigned long long k = l[0] == 'J' && l[1] == '-' && l[2] >= '1' && l[2] <= '9' ? strtoull(l + 2, &end, 10) : 0;
    if (k && !*end && k <= im->n && order[k - 1] == SIZE_MAX) order[k - 1] = i, taken[i] = 1;
  }
  for (size_t i = 0, slot = 0; i < im->n; i++) {
    if (taken[i]) continue;
    while (order[slot] != SIZE_MAX) slot++;
    order[slot] = i;
  }
  free(taken);
  long long *touched = NULL;
  size_t ntouched = 0, cap = 0;
  jk_rc rc = jk_store_begin(st, err);
  if (rc) {
    free(order);
    return rc;
  }
  for (size_t i = 0; i < im->n && !rc; i++) {
    const jk_incident *inc = &im->v[order[i]];
    s.incidents++;
    for (size_t k = 0; k < inc->n && !rc; k++) {
      const jk_record *r = inc->reports[k];
      s.notices++;
      /* A document per notice, by the text's hash ((source, hash) is what
         makes a re-import idempotent); the source's hash as exported (what
         its URL served) is kept in its headers, and exported again. */
      char sha[65], headers[160];
      jk_sha256_hex(r->text, r->text_len, sha);
      /* …and an undated notice's first-seen time, when it was not fetched
         (a file): the import is not when it was seen. */
      const char *first = !inc->retrieved[k] && inc->fetched[k] ? inc->fetched[k] : NULL;
      snprintf(headers, sizeof headers, "{\"source_sha256\":\"%s\",\"first_seen\":\"%.31s\"}",
               inc->hashes[k] ? inc->hashes[k] : "", first ? first : "");
      char src[64];
      snprintf(src, sizeof src, "import:%.50s", file_name ? file_name : "-");
      jk_doc_info info;
      memset(&info, 0, sizeof info);
      info.source = inc->sources[k] && *inc->sources[k] ? inc->sources[k] : src;
      info.kind = "text";
      info.url = jk_is_url(info.source) ? info.source : NULL;
      info.fetched_at = inc->retrieved[k];
      info.headers = inc->hashes[k] || first ? headers : NULL;
      long long doc;
      int seen;
      rc = jk_store_add_document(st, &info, sha, &doc, &seen, err);
      if (rc) break;
      if (seen) {
        s.duplicate++;
        continue;
      }
      jk_segment seg;
      memset(&seg, 0, sizeof seg);
      seg.text = seg.raw = r->text;
      seg.len = seg.raw_len = r->text_len;
      seg.first_line = seg.heading_line = 1;
      seg.last_line = r->last_line > 0 ? r->last_line : 1;
      seg.is_notice = 1;
      seg.why = "imported";
      jk_add_result res;
      rc = jk_store_add_segment(st, doc, &seg, r, NULL, &res, err);
      if (rc) break;
      if (res.duplicate) s.duplicate++;
      else s.added++;
      if (!res.duplicate && res.incident_id && push_touched(&touched, &ntouched, &cap, res.incident_id)) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        break;
      }
    }
  }
  free(order);
  /* Saved searches see imported incidents as they see ingested ones
     (the pipeline's step, lib/ingest.c), in the same transaction. */
  long long raised = 0;
  if (!rc && ntouched) rc = jk_alerts_match(st, touched, ntouched, &raised, err);
  free(touched);
  if (rc) {
    jk_store_rollback(st);
    return rc;
  }
  rc = jk_store_commit(st, err);
  if (rc == JK_OK && stats) *stats = s;
  return rc;
}
