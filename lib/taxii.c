/*
** taxii.c — the TAXII 2.1 collection of the casebook: keeping its table
** current with the STIX export (jk_taxii_refresh), the filters of a
** request (jk_taxii_query_parse), and every resource the server sends
** (discovery, API root, collections, collection, envelope, manifest,
** versions, error), built as JSON with no I/O.  See taxii.h for the
** model; section numbers are those of OASIS TAXII Version 2.1.
*/
#include "taxii.h"

#include "share.h"
#include "store_int.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- names ------------------------------------------------------------- */

static char collection_id[37];
static void make_collection_id(void) {
  if (!collection_id[0]) jk_uuid5_kind("taxii-collection", JK_TAXII_ALIAS, collection_id);
}

const char *jk_taxii_collection_id(void) {
  make_collection_id();
  return collection_id;
}

int jk_taxii_collection_is(const char *s) {
  return s && (strcmp(s, JK_TAXII_ALIAS) == 0 || strcmp(s, jk_taxii_collection_id()) == 0);
}

/* ---- timestamps ----------------------------------------------------------- */

static int digits(const char *s, int n, int *v) {
  *v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    *v = *v * 10 + (s[i] - '0');
  }
  return 0;
}

int jk_taxii_ts_parse(const char *s, long long *us) {
  int y, mo, d, h, mi, se;
  if (!s || strlen(s) < 20) return -1;
  if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d) ||
      (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
      s[16] != ':' || digits(s + 17, 2, &se))
    return -1;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || se > 59) return -1;
  if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return -1;
  const char *p = s + 19;
  long long frac = 0;
  if (*p == '.') {
    p++;
    int n = 0;
    while (*p >= '0' && *p <= '9') {
      if (n < 6) frac = frac * 10 + (*p - '0');
      n++;
      p++;
    }
    if (n == 0 || n > 9) return -1;
    for (; n < 6; n++) frac *= 10;
  }
  if ((*p != 'Z' && *p != 'z') || p[1]) return -1;
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  *us = (long long)timegm(&tm) * 1000000LL + frac;
  return 0;
}

void jk_taxii_ts_format(long long us, char out[32]) {
  if (us < 0) us = 0;
  time_t t = (time_t)(us / 1000000LL);
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%06uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
           (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u, (unsigned)tm.tm_hour % 100u,
           (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u, (unsigned)(us % 1000000LL));
}

/* ---- the refresh ------------------------------------------------------------ */

/* A stored (id, sha256) pair, sorted for bsearch. */
typedef struct kv {
  long long id;   /* incident id (incidents) */
  char *key;      /* stix id (shared objects) */
  char sha[65];
  int seen;
} kv;

typedef struct refresh {
  jk_store *st;
  sqlite3 *db;
  jk_err *err;
  long long next_us;      /* the next date_added to hand out */
  kv *inc;                /* stored incidents, by id */
  size_t ninc;
  kv *shared;             /* stored identities, by stix id */
  size_t nshared;
  jk_buf obj, scratch;
  sqlite3_stmt *ins, *del_inc, *put_inc;
  jk_taxii_sync stats;
  jk_rc rc;
} refresh;

static int kv_by_id(const void *a, const void *b) {
  long long x = ((const kv *)a)->id, y = ((const kv *)b)->id;
  return x < y ? -1 : x > y;
}
static int kv_by_key(const void *a, const void *b) { return strcmp(((const kv *)a)->key, ((const kv *)b)->key); }

static jk_rc dberr(refresh *r, int src, const char *what) {
  if (!r->rc) r->rc = jk_store_dberr(r->st, src, what, r->err);
  return r->rc;
}

/* Read the stored hashes: incidents (key NULL) or identities. */
static jk_rc load_kv(refresh *r, const char *sql, int by_key, kv **out, size_t *n) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(r->db, sql, -1, &s, NULL);
  if (src) return dberr(r, src, "reading the TAXII collection");
  size_t cap = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if (*n == cap) {
      cap = cap ? cap * 2 : 256;
      kv *v = realloc(*out, cap * sizeof *v);
      if (!v) {
        sqlite3_finalize(s);
        return r->rc = jk_err_set(r->err, JK_ENOMEM, "out of memory");
      }
      *out = v;
    }
    kv *e = &(*out)[*n];
    memset(e, 0, sizeof *e);
    if (by_key) {
      const char *k = (const char *)sqlite3_column_text(s, 0);
      e->key = strdup(k ? k : "");
      if (!e->key) {
        sqlite3_finalize(s);
        return r->rc = jk_err_set(r->err, JK_ENOMEM, "out of memory");
      }
    } else {
      e->id = sqlite3_column_int64(s, 0);
    }
    const char *h = (const char *)sqlite3_column_text(s, 1);
    snprintf(e->sha, sizeof e->sha, "%s", h ? h : "");
    (*n)++;
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return dberr(r, src, "reading the TAXII collection");
  if (*n > 1) qsort(*out, *n, sizeof **out, by_key ? kv_by_key : kv_by_id); /* *out is NULL when empty */
  return JK_OK;
}

/* The fields of one object line the STIX writer wrote. */
typedef struct objinfo {
  char id[160], type[64], version[40], spec[16];
  long long version_us;
} objinfo;

static int obj_info(const char *json, size_t len, objinfo *o) {
  cJSON *j = cJSON_ParseWithLength(json, len);
  if (!j) return -1;
  const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
  const cJSON *ty = cJSON_GetObjectItemCaseSensitive(j, "type");
  const cJSON *mo = cJSON_GetObjectItemCaseSensitive(j, "modified");
  const cJSON *sv = cJSON_GetObjectItemCaseSensitive(j, "spec_version");
  int ok = cJSON_IsString(id) && cJSON_IsString(ty) && strlen(id->valuestring) < sizeof o->id &&
           strlen(ty->valuestring) < sizeof o->type;
  if (ok) {
    snprintf(o->id, sizeof o->id, "%s", id->valuestring);
    snprintf(o->type, sizeof o->type, "%s", ty->valuestring);
    /* version: modified, else created, else the epoch (section 5.3.1). */
    if (!cJSON_IsString(mo)) mo = cJSON_GetObjectItemCaseSensitive(j, "created");
    snprintf(o->version, sizeof o->version, "%s", cJSON_IsString(mo) ? mo->valuestring : "1970-01-01T00:00:00.000Z");
    if (jk_taxii_ts_parse(o->version, &o->version_us)) o->version_us = 0;
    snprintf(o->spec, sizeof o->spec, "%s", cJSON_IsString(sv) ? sv->valuestring : "2.1");
  }
  cJSON_Delete(j);
  return ok ? 0 : -1;
}

static jk_rc insert(refresh *r, const char *json, size_t len, const objinfo *o, long long incident, const char *sha) {
  sqlite3_stmt *s = r->ins;
  sqlite3_reset(s);
  sqlite3_bind_text(s, 1, o->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, o->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, o->version, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 4, o->version_us);
  sqlite3_bind_text(s, 5, o->spec, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 6, r->next_us++);
  if (incident > 0) sqlite3_bind_int64(s, 7, incident);
  else sqlite3_bind_null(s, 7);
  sqlite3_bind_text(s, 8, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 9, json, (int)len, SQLITE_TRANSIENT);
  int src = sqlite3_step(s);
  if (src != SQLITE_DONE) return dberr(r, src, "storing a TAXII object");
  r->stats.added++;
  return JK_OK;
}

typedef struct run {
  refresh r;
  /* One writer for the run, as for a bundle: it writes jikenbo's identity
     once and each organisation's at the first incident naming it. */
  jk_stix_writer *w;
} run;

/* An identity (jikenbo's or an organisation's, once per run): stored
   again when its bytes changed. */
static jk_rc identity(run *u, const char *json, size_t len) {
  refresh *r = &u->r;
  objinfo o;
  if (obj_info(json, len, &o))
    return r->rc = jk_err_set(r->err, JK_EINVAL, "the STIX writer wrote an unreadable object");
  char sha[65];
  jk_sha256_hex(json, len, sha);
  kv want = {0, o.id, "", 0};
  kv *k = r->nshared ? bsearch(&want, r->shared, r->nshared, sizeof *r->shared, kv_by_key) : NULL;
  if (k) k->seen = 1;
  if (k && strcmp(k->sha, sha) == 0) return JK_OK;
  return insert(r, json, len, &o, 0, sha);
}

/* Call fn on each object line of a STIX writer's output (",\n{…},\n{…}"):
   JSON strings escape line feeds, so a line is an object. */
static jk_rc each_line(const char *p, size_t n, jk_rc (*fn)(void *, const char *, size_t), void *ctx) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && p[j] != '\n') j++;
    size_t a = i, b = j;
    while (a < b && (p[a] == ',' || p[a] == ' ')) a++;
    while (b > a && (p[b - 1] == ',' || p[b - 1] == ' ' || p[b - 1] == '\r')) b--;
    if (b > a && p[a] == '{') {
      jk_rc rc = fn(ctx, p + a, b - a);
      if (rc) return rc;
    }
    i = j + 1;
  }
  return JK_OK;
}

static jk_rc on_identity_line(void *ctx, const char *json, size_t len) {
  run *u = ctx;
  /* Only identities here: jikenbo's own, from the bundle's head. */
  return identity(u, json, len);
}

/* The incident's own objects, after its identity lines are taken out. */
typedef struct own {
  run *u;
  jk_buf *lines; /* object\n object\n … */
} own;

static jk_rc on_incident_line(void *ctx, const char *json, size_t len) {
  own *w = ctx;
  if (len > 22 && strncmp(json, "{\"type\":\"identity\"", 18) == 0) return identity(w->u, json, len);
  jk_buf_append(w->lines, json, len);
  jk_buf_putc(w->lines, '\n');
  return w->lines->oom ? (w->u->r.rc = jk_err_set(w->u->r.err, JK_ENOMEM, "out of memory")) : JK_OK;
}

typedef struct own_store {
  run *u;
  long long incident;
} own_store;

static jk_rc store_own_line(void *ctx, const char *json, size_t len) {
  own_store *w = ctx;
  refresh *r = &w->u->r;
  objinfo o;
  if (obj_info(json, len, &o))
    return r->rc = jk_err_set(r->err, JK_EINVAL, "the STIX writer wrote an unreadable object");
  char sha[65];
  jk_sha256_hex(json, len, sha);
  return insert(r, json, len, &o, w->incident, sha);
}

static int on_incident(void *ctx, const jk_incident *inc) {
  run *u = ctx;
  refresh *r = &u->r;
  r->stats.incidents++;
  jk_buf_reset(&r->obj);
  if (jk_stix_add(u->w, inc, &r->obj)) {
    r->rc = jk_err_set(r->err, JK_ENOMEM, "out of memory");
    return 1;
  }
  jk_buf lines;
  jk_buf_init(&lines);
  own o = {u, &lines};
  if (each_line(r->obj.p, r->obj.len, on_incident_line, &o)) {
    jk_buf_free(&lines);
    return 1;
  }
  char sha[65];
  jk_sha256_hex(lines.p ? lines.p : "", lines.len, sha);
  kv want = {inc->id, NULL, "", 0};
  kv *k = r->ninc ? bsearch(&want, r->inc, r->ninc, sizeof *r->inc, kv_by_id) : NULL;
  if (k) k->seen = 1;
  if (!k || strcmp(k->sha, sha) != 0) {
    /* Changed or new: every object of the incident again, from one time. */
    sqlite3_reset(r->del_inc);
    sqlite3_bind_int64(r->del_inc, 1, inc->id);
    int src = sqlite3_step(r->del_inc);
    if (src != SQLITE_DONE) dberr(r, src, "replacing a TAXII incident");
    long long base = r->next_us;
    own_store os = {u, inc->id};
    if (!r->rc) each_line(lines.p, lines.len, store_own_line, &os);
    if (!r->rc) {
      sqlite3_reset(r->put_inc);
      sqlite3_bind_int64(r->put_inc, 1, inc->id);
      sqlite3_bind_text(r->put_inc, 2, sha, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(r->put_inc, 3, base);
      src = sqlite3_step(r->put_inc);
      if (src != SQLITE_DONE) dberr(r, src, "storing a TAXII incident");
    }
  }
  jk_buf_free(&lines);
  return r->rc != JK_OK;
}

jk_rc jk_taxii_refresh(jk_store *st, long long now_us, jk_taxii_sync *stats, jk_err *err) {
  run u;
  memset(&u, 0, sizeof u);
  refresh *r = &u.r;
  r->st = st;
  r->db = jk_store_sqlite(st);
  r->err = err;
  jk_buf_init(&r->obj);
  jk_buf_init(&r->scratch);
  jk_rc rc = jk_store_begin(st, err);
  if (rc) return rc;
  int src;
  /* Later than now and than every date handed out before. */
  sqlite3_stmt *s;
  src = sqlite3_prepare_v2(r->db, "SELECT coalesce(max(added), 0) FROM taxii_object", -1, &s, NULL);
  if (src) dberr(r, src, "reading the TAXII collection");
  else {
    long long last = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    r->next_us = last + 1 > now_us ? last + 1 : now_us;
  }
  if (!r->rc) load_kv(r, "SELECT incident_id, sha256 FROM taxii_incident", 0, &r->inc, &r->ninc);
  if (!r->rc)
    load_kv(r, "SELECT stix_id, sha256 FROM taxii_object WHERE incident_id IS NULL", 1, &r->shared, &r->nshared);
  if (!r->rc) {
    src = sqlite3_prepare_v2(r->db,
                             "INSERT OR REPLACE INTO taxii_object(stix_id, type, version, version_us, spec_version, "
                             "added, incident_id, sha256, json) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)",
                             -1, &r->ins, NULL);
    if (!src) src = sqlite3_prepare_v2(r->db, "DELETE FROM taxii_object WHERE incident_id = ?1", -1, &r->del_inc, NULL);
    if (!src)
      src = sqlite3_prepare_v2(r->db, "INSERT OR REPLACE INTO taxii_incident(incident_id, sha256, added) VALUES(?1,?2,?3)",
                               -1, &r->put_inc, NULL);
    if (src) dberr(r, src, "preparing the TAXII collection");
  }
  /* jikenbo's own identity: the bundle's first object. */
  if (!r->rc) {
    if (jk_stix_begin(&r->scratch, &u.w)) r->rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    const char *p = r->scratch.p ? strchr(r->scratch.p, '\n') : NULL;
    if (!r->rc && p) each_line(p + 1, r->scratch.len - (size_t)(p + 1 - r->scratch.p), on_identity_line, &u);
  }
  if (!r->rc) {
    jk_rc erc = jk_store_each_incident(st, NULL, on_incident, &u, err);
    if (erc && !r->rc) r->rc = erc;
  }
  /* What is gone: incidents no longer in the casebook, identities no
     incident names any more. */
  if (!r->rc) {
    sqlite3_stmt *d1 = NULL, *d2 = NULL, *d3 = NULL;
    src = sqlite3_prepare_v2(r->db, "DELETE FROM taxii_object WHERE incident_id = ?1", -1, &d1, NULL);
    if (!src) src = sqlite3_prepare_v2(r->db, "DELETE FROM taxii_incident WHERE incident_id = ?1", -1, &d2, NULL);
    if (!src) src = sqlite3_prepare_v2(r->db, "DELETE FROM taxii_object WHERE stix_id = ?1", -1, &d3, NULL);
    if (src) dberr(r, src, "pruning the TAXII collection");
    for (size_t i = 0; !r->rc && i < r->ninc; i++) {
      if (r->inc[i].seen) continue;
      sqlite3_reset(d1);
      sqlite3_bind_int64(d1, 1, r->inc[i].id);
      sqlite3_reset(d2);
      sqlite3_bind_int64(d2, 1, r->inc[i].id);
      if ((src = sqlite3_step(d1)) != SQLITE_DONE || (src = sqlite3_step(d2)) != SQLITE_DONE)
        dberr(r, src, "pruning the TAXII collection");
      else
        r->stats.removed += sqlite3_changes(r->db) >= 0 ? 1 : 0;
    }
    for (size_t i = 0; !r->rc && i < r->nshared; i++) {
      if (r->shared[i].seen) continue;
      sqlite3_reset(d3);
      sqlite3_bind_text(d3, 1, r->shared[i].key, -1, SQLITE_TRANSIENT);
      if ((src = sqlite3_step(d3)) != SQLITE_DONE) dberr(r, src, "pruning the TAXII collection");
      else r->stats.removed++;
    }
    sqlite3_finalize(d1);
    sqlite3_finalize(d2);
    sqlite3_finalize(d3);
  }
  if (!r->rc) {
    src = sqlite3_prepare_v2(r->db, "SELECT count(*) FROM taxii_object", -1, &s, NULL);
    if (src) dberr(r, src, "counting the TAXII collection");
    else {
      if (sqlite3_step(s) == SQLITE_ROW) r->stats.objects = sqlite3_column_int64(s, 0);
      sqlite3_finalize(s);
    }
  }
  sqlite3_finalize(r->ins);
  sqlite3_finalize(r->del_inc);
  sqlite3_finalize(r->put_inc);
  if (!r->rc) r->rc = jk_store_commit(st, err);
  else jk_store_rollback(st);
  for (size_t i = 0; i < r->nshared; i++) free(r->shared[i].key);
  free(r->shared);
  free(r->inc);
  jk_stix_free(u.w);
  jk_buf_free(&r->obj);
  jk_buf_free(&r->scratch);
  if (stats) *stats = r->stats;
  return r->rc;
}

/* ---- the filters of a request (section 3.4) ------------------------------ */

/* Split a comma-separated list into q->buf; each value checked by ok. */
static jk_rc list(jk_taxii_query *q, size_t *used, const char *key, const char *v, const char **out, int *n,
                  int (*ok)(const char *), const char *what, jk_err *err) {
  *n = 0;
  while (1) {
    size_t k = strcspn(v, ",");
    if (k == 0 || k > 200)
      return jk_err_set(err, JK_EINVAL, "%s: expected %s, comma-separated (each 1 to 200 bytes)", key, what);
    if (*n == JK_TAXII_MAX_MATCH)
      return jk_err_set(err, JK_EINVAL, "%s: at most %d values", key, JK_TAXII_MAX_MATCH);
    if (*used + k + 1 > sizeof q->buf)
      return jk_err_set(err, JK_EINVAL, "%s: the match lists are too long (%zu bytes in all at most)", key,
                        sizeof q->buf);
    char *d = q->buf + *used;
    memcpy(d, v, k);
    d[k] = 0;
    *used += k + 1;
    if (!ok(d)) return jk_err_set(err, JK_EINVAL, "%s: '%.60s' is not %s", key, d, what);
    out[(*n)++] = d;
    v += k;
    if (!*v) break;
    v++;
  }
  return JK_OK;
}

/* STIX type names: a-z 0-9 and '-', 3 to 250 characters (STIX 2.1 3.1). */
static int ok_type(const char *s) {
  size_t n = strlen(s);
  if (n < 3) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
  return 1;
}

/* STIX identifiers: type--UUID (STIX 2.1 2.9). */
static int ok_id(const char *s) {
  const char *dd = strstr(s, "--");
  if (!dd || dd == s || strlen(dd + 2) != 36) return 0;
  for (const char *p = s; p < dd; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return 0;
  for (int i = 0; i < 36; i++) {
    char c = dd[2 + i];
    int hy = i == 8 || i == 13 || i == 18 || i == 23;
    if (hy ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return 0;
  }
  return 1;
}

static int ok_spec(const char *s) {
  for (const char *p = s; *p; p++)
    if (!((*p >= '0' && *p <= '9') || *p == '.')) return 0;
  return *s != 0;
}

static int ok_version(const char *s) {
  long long us;
  return !strcmp(s, "last") || !strcmp(s, "first") || !strcmp(s, "all") || jk_taxii_ts_parse(s, &us) == 0;
}

jk_rc jk_taxii_query_parse(const char *const *keys, const char *const *vals, int n, unsigned mask,
                           jk_taxii_query *q, jk_err *err) {
  memset(q, 0, sizeof *q);
  q->after_us = -1;
  q->limit = JK_TAXII_DEFAULT_LIMIT;
  size_t used = 0;
  for (int i = 0; i < n; i++) {
    const char *k = keys[i], *v = vals[i] ? vals[i] : "";
    jk_rc rc = JK_OK;
    if ((mask & JK_TAXII_P_PAGING) && !strcmp(k, "added_after")) {
      long long us;
      if (jk_taxii_ts_parse(v, &us))
        return jk_err_set(err, JK_EINVAL, "added_after: expected a timestamp such as 2024-01-31T09:00:00.000000Z");
      if (us > q->after_us) q->after_us = us;
    } else if ((mask & JK_TAXII_P_PAGING) && !strcmp(k, "next")) {
      /* Our next is the date_added of the last object sent, in
         microseconds: the page after it starts after it. */
      char *end = NULL;
      long long us = strtoll(v, &end, 10);
      if (!*v || *end || us < 0 || strlen(v) > 19 || *v == '+' || *v == '-')
        return jk_err_set(err, JK_EINVAL, "next: not a value this server gave (use the \"next\" of the previous page)");
      if (us > q->after_us) q->after_us = us;
    } else if ((mask & JK_TAXII_P_PAGING) && !strcmp(k, "limit")) {
      char *end = NULL;
      long long l = strtoll(v, &end, 10);
      if (!*v || *end || l < 1 || *v == '+' || strlen(v) > 12)
        return jk_err_set(err, JK_EINVAL, "limit: expected a positive integer (at most %d are sent)", JK_TAXII_MAX_LIMIT);
      q->limit = l > JK_TAXII_MAX_LIMIT ? JK_TAXII_MAX_LIMIT : (int)l;
    } else if ((mask & JK_TAXII_P_TYPE_ID) && !strcmp(k, "match[type]")) {
      rc = list(q, &used, k, v, q->types, &q->ntypes, ok_type, "a STIX type (such as incident)", err);
    } else if ((mask & JK_TAXII_P_TYPE_ID) && !strcmp(k, "match[id]")) {
      rc = list(q, &used, k, v, q->ids, &q->nids, ok_id, "a STIX id (type--UUID)", err);
    } else if ((mask & JK_TAXII_P_VERSION) && !strcmp(k, "match[version]")) {
      const char *tmp[JK_TAXII_MAX_MATCH];
      int m = 0;
      rc = list(q, &used, k, v, tmp, &m, ok_version, "last, first, all or a timestamp", err);
      for (int j = 0; !rc && j < m; j++) {
        long long us;
        if (!strcmp(tmp[j], "last") || !strcmp(tmp[j], "first") || !strcmp(tmp[j], "all")) {
          q->nversions = 0; /* one version is kept: it is first, last and all */
          break;
        }
        jk_taxii_ts_parse(tmp[j], &us);
        q->versions[q->nversions++] = us;
      }
    } else if ((mask & JK_TAXII_P_VERSION) && !strcmp(k, "match[spec_version]")) {
      rc = list(q, &used, k, v, q->specs, &q->nspecs, ok_spec, "a STIX version such as 2.1", err);
    } else if (!strncmp(k, "match[", 6) && k[strlen(k) - 1] == ']' && strlen(k) > 7) {
      /* A filter this server does not support: ignored (section 3.4). */
    } else {
      char took[200];
      snprintf(took, sizeof took, "%s%s%s", (mask & JK_TAXII_P_PAGING) ? " added_after limit next" : "",
               (mask & JK_TAXII_P_TYPE_ID) ? " match[type] match[id]" : "",
               (mask & JK_TAXII_P_VERSION) ? " match[version] match[spec_version]" : "");
      return jk_err_set(err, JK_EINVAL, "unknown parameter '%.40s'; this endpoint takes:%s", k,
                        *took ? took : " none");
    }
    if (rc) return rc;
  }
  return JK_OK;
}

/* ---- pages (sections 3.7, 5.3, 5.4, 5.6, 5.8) ----------------------------- */

jk_rc jk_taxii_page_json(jk_store *st, jk_taxii_what what, const char *id, const jk_taxii_query *q, jk_buf *out,
                         jk_taxii_page *page, jk_err *err) {
  memset(page, 0, sizeof *page);
  page->first_us = page->last_us = -1;
  sqlite3 *db = jk_store_sqlite(st);
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT stix_id, version, added, json FROM taxii_object WHERE added > ?1");
  int arg = 2;
#define IN_LIST(col, n)                                                    \
  do {                                                                     \
    jk_buf_puts(&sql, " AND " col " IN (");                                \
    for (int i_ = 0; i_ < (n); i_++) jk_buf_printf(&sql, "%s?%d", i_ ? "," : "", arg++); \
    jk_buf_puts(&sql, ")");                                                \
  } while (0)
  if (id) jk_buf_printf(&sql, " AND stix_id = ?%d", arg++);
  if (q->ntypes) IN_LIST("type", q->ntypes);
  if (q->nids) IN_LIST("stix_id", q->nids);
  if (q->nversions) IN_LIST("version_us", q->nversions);
  if (q->nspecs) IN_LIST("spec_version", q->nspecs);
#undef IN_LIST
  jk_buf_printf(&sql, " ORDER BY added LIMIT %d", q->limit + 1);
  if (sql.oom) {
    jk_buf_free(&sql);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(db, sql.p, (int)sql.len, &s, NULL);
  jk_buf_free(&sql);
  if (src) return jk_store_dberr(st, src, "reading the TAXII collection", err);
  arg = 1;
  sqlite3_bind_int64(s, arg++, q->after_us);
  if (id) sqlite3_bind_text(s, arg++, id, -1, SQLITE_STATIC);
  for (int i = 0; i < q->ntypes; i++) sqlite3_bind_text(s, arg++, q->types[i], -1, SQLITE_STATIC);
  for (int i = 0; i < q->nids; i++) sqlite3_bind_text(s, arg++, q->ids[i], -1, SQLITE_STATIC);
  for (int i = 0; i < q->nversions; i++) sqlite3_bind_int64(s, arg++, q->versions[i]);
  for (int i = 0; i < q->nspecs; i++) sqlite3_bind_text(s, arg++, q->specs[i], -1, SQLITE_STATIC);

  jk_buf items;
  jk_buf_init(&items);
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if (page->count == q->limit) {
      page->more = 1;
      break;
    }
    long long added = sqlite3_column_int64(s, 2);
    const char *sid = (const char *)sqlite3_column_text(s, 0);
    const char *ver = (const char *)sqlite3_column_text(s, 1);
    if (page->count++) jk_buf_putc(&items, ',');
    if (page->first_us < 0) page->first_us = added;
    page->last_us = added;
    char when[32];
    jk_taxii_ts_format(added, when);
    switch (what) {
    case JK_TAXII_ENVELOPE:
      jk_buf_append(&items, sqlite3_column_text(s, 3), (size_t)sqlite3_column_bytes(s, 3));
      break;
    case JK_TAXII_MANIFEST:
      jk_buf_puts(&items, "{\"id\":");
      jk_json_str(&items, sid, strlen(sid));
      jk_buf_printf(&items, ",\"date_added\":\"%s\",\"version\":", when);
      jk_json_str(&items, ver, strlen(ver));
      jk_buf_puts(&items, ",\"media_type\":\"" JK_STIX_MEDIA "\"}");
      break;
    case JK_TAXII_VERSIONS:
      jk_json_str(&items, ver, strlen(ver));
      break;
    }
  }
  jk_rc rc = JK_OK;
  if (src != SQLITE_ROW && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading the TAXII collection", err);
  sqlite3_finalize(s);
  if (!rc && id && page->count == 0) {
    /* Not there at all, or nothing of it matches: 404 either way (5.6). */
    rc = jk_err_set(err, JK_ENOTFOUND, "no object %s in the collection (or none matching the filters)", id);
  }
  if (!rc) {
    jk_buf_printf(out, "{\"more\":%s", page->more ? "true" : "false");
    if (what == JK_TAXII_ENVELOPE && page->more) jk_buf_printf(out, ",\"next\":\"%lld\"", page->last_us);
    if (page->count) {
      jk_buf_puts(out, what == JK_TAXII_VERSIONS ? ",\"versions\":[" : ",\"objects\":[");
      jk_buf_append(out, items.p, items.len);
      jk_buf_putc(out, ']');
    }
    jk_buf_puts(out, "}\n");
    if (out->oom || items.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  jk_buf_free(&items);
  return rc;
}

/* ---- the fixed resources ----------------------------------------------------- */

void jk_taxii_discovery_json(const char *base, jk_buf *out) {
  jk_buf url;
  jk_buf_init(&url);
  jk_buf_printf(&url, "%s%s", base, JK_TAXII_ROOT);
  jk_buf_puts(out, "{\"title\":\"jikenbo\",\"description\":\"A casebook of Japanese data-breach notices as STIX "
                   "2.1: incidents (Incident Core Extension), the notices as reports, the organisations\","
                   "\"contact\":\"the operator of this server\",\"default\":");
  jk_json_str(out, url.p ? url.p : "", url.len);
  jk_buf_puts(out, ",\"api_roots\":[");
  jk_json_str(out, url.p ? url.p : "", url.len);
  jk_buf_puts(out, "]}\n");
  if (url.oom) out->oom = 1;
  jk_buf_free(&url);
}

void jk_taxii_api_root_json(jk_buf *out) {
  jk_buf_printf(out,
                "{\"title\":\"jikenbo casebook\",\"description\":\"The incidents of this casebook\","
                "\"versions\":[\"%s\"],\"max_content_length\":%d}\n",
                JK_TAXII_MEDIA, JK_TAXII_MAX_CONTENT);
}

static void collection(jk_buf *out) {
  jk_buf_printf(out,
                "{\"id\":\"%s\",\"title\":\"casebook\",\"description\":\"Every incident of the casebook as STIX "
                "2.1, with the notices as reports; the objects of the STIX export\",\"alias\":\"%s\","
                "\"can_read\":true,\"can_write\":false,\"media_types\":[\"%s\"]}",
                jk_taxii_collection_id(), JK_TAXII_ALIAS, JK_STIX_MEDIA);
}

void jk_taxii_collections_json(jk_buf *out) {
  jk_buf_puts(out, "{\"collections\":[");
  collection(out);
  jk_buf_puts(out, "]}\n");
}

void jk_taxii_collection_json(jk_buf *out) {
  collection(out);
  jk_buf_putc(out, '\n');
}

void jk_taxii_error_json(unsigned status, const char *title, const char *description, jk_buf *out) {
  jk_buf_puts(out, "{\"title\":");
  jk_json_str(out, title, strlen(title));
  if (description && *description) {
    jk_buf_puts(out, ",\"description\":");
    jk_json_str(out, description, strlen(description));
  }
  jk_buf_printf(out, ",\"http_status\":\"%u\"}\n", status);
}
