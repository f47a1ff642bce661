/*
** summary.c — the counts the trends and lessons pages read, kept up to
** date in the transaction of every write (schema 12).
**
** Tables:
**   summary_keys       (id, dim, key): the dictionary of keys (summary.h)
**   summary            (f, c, k) → n, people, people_ns: incidents of
**                      category c having key k, among those having the
**                      filter key f (0: no filter); people sums the stated
**                      head-counts, people_ns counts the others
**   summary_incidents  (k, c, incident_id): the incidents behind each
**                      lessons key, for "the first N and a link to the rest"
**   incidents.summary  the incident's key ids (varints, ascending): what
**                      to take back when it changes, and what a scan reads
**
** Filter keys f are the incident's month (since/until of whole months sum
** the months in range), each data type, each authority, card and vendor;
** under a filter only the trends keys are counted (ALL, MONTH, TYPE,
** AUTH, PROD), with none every key.  A category filter is the cell's c.
** Everything else (words, organisation, product, several filters) reads
** the matching incidents' key ids once: no JSON is parsed.
**
** Changes are added up in memory per transaction (a file of 20 notices
** touches the same rows many times) and written by jk_summary_flush just
** before COMMIT; a rollback drops them.
*/
#include "summary.h"

#include "jk_int.h"

#include <stdlib.h>
#include <string.h>

/* Dimensions counted under a filter key, and the filter dimensions. */
static int trends_dim(int d) {
  return d == JK_SD_ALL || d == JK_SD_MONTH || d == JK_SD_TYPE || d == JK_SD_AUTH || d == JK_SD_PROD;
}
static int filter_dim(int d) {
  return d == JK_SD_MONTH || d == JK_SD_TYPE || d == JK_SD_AUTH || d == JK_SD_CARD || d == JK_SD_VENDOR;
}
static int lessons_dim(int d) { return d == JK_SD_ALL || (d >= JK_SD_LPROD && d <= JK_SD_SET && d != JK_SD_DAYS); }

/* In memory a key's dimension carries this bit when its key is "" (not
   stated): such keys are counted, never used as filters. */
#define EMPTY_KEY 0x100
#define DIM(d) ((d) & 0xff)

/* ---- the store's summary state: key ids and queued changes -------------- */

typedef struct kslot {
  char *name; /* "<dim>\x1f<key>" */
  long long id;
} kslot;

typedef struct dslot {
  long long f, k;
  int c, used;
  long long n, people, ns;
} dslot;

/* A change of a lessons list: incident id joins (sign 1) or leaves (0)
   the incidents behind key k of category c; seq orders them. */
typedef struct pchange {
  long long k, id, seq;
  int c, sign;
} pchange;

/* The log decoded (readers): its cells and list changes, and which log
   it was (max id, rows) so it is read again only when it changed. */
typedef struct logcell {
  long long f, k, n, people, ns;
  int c;
} logcell;

struct jk_summary {
  kslot *keys;
  size_t nkeys, capkeys; /* open addressing, capkeys a power of two */
  dslot *d;
  size_t nd, capd;
  pchange *p;
  size_t np, capp;
  /* readers' copy of summary_log */
  long long log_max, log_rows;
  int log_loaded;
  logcell *lc;
  size_t nlc, caplc;
  pchange *lp;
  size_t nlp, caplp;
  /* key id -> dimension (with EMPTY_KEY) of the ids seen, for dim_of:
     open addressing on the id, caprev a power of two, 0 never an id */
  long long *rid;
  int *rdim;
  size_t nrev, caprev;
  /* whether the file has incidents_summary (has_summary_index) */
  int index_known, has_index;
};

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static uint64_t hash3(long long f, int c, long long k) {
  uint64_t h = (uint64_t)f * 0x9e3779b97f4a7c15ull ^ (uint64_t)k * 0xc2b2ae3d27d4eb4full ^ (uint64_t)c;
  return h ^ (h >> 29);
}

static struct jk_summary *state(jk_store *st) {
  if (!st->sum) st->sum = calloc(1, sizeof *st->sum);
  return st->sum;
}

static void keys_clear(struct jk_summary *s) {
  for (size_t i = 0; i < s->capkeys; i++) free(s->keys[i].name);
  free(s->keys);
  s->keys = NULL;
  s->nkeys = s->capkeys = 0;
  free(s->rid);
  free(s->rdim);
  s->rid = NULL;
  s->rdim = NULL;
  s->nrev = s->caprev = 0;
}

static size_t rev_slot(const struct jk_summary *s, long long id) {
  size_t j = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ull >> 20) & (s->caprev - 1);
  while (s->rid[j] && s->rid[j] != id) j = (j + 1) & (s->caprev - 1);
  return j;
}

/* Remember that key id has dimension dim (a cache: failing is harmless). */
static void rev_put(struct jk_summary *s, long long id, int dim) {
  if (id <= 0) return;
  if ((s->nrev + 1) * 2 > s->caprev) {
    size_t cap = s->caprev ? s->caprev * 2 : 256;
    long long *r = calloc(cap, sizeof *r);
    int *d = calloc(cap, sizeof *d);
    if (!r || !d) {
      free(r);
      free(d);
      return;
    }
    struct jk_summary t = *s;
    t.rid = r;
    t.rdim = d;
    t.caprev = cap;
    for (size_t i = 0; i < s->caprev; i++)
      if (s->rid[i]) {
        size_t j = rev_slot(&t, s->rid[i]);
        r[j] = s->rid[i];
        d[j] = s->rdim[i];
      }
    free(s->rid);
    free(s->rdim);
    s->rid = r;
    s->rdim = d;
    s->caprev = cap;
  }
  size_t j = rev_slot(s, id);
  if (!s->rid[j]) s->nrev++;
  s->rid[j] = id;
  s->rdim[j] = dim;
}

void jk_summary_discard(jk_store *st) {
  if (!st->sum) return;
  keys_clear(st->sum);
  free(st->sum->d);
  st->sum->d = NULL;
  st->sum->nd = st->sum->capd = 0;
  free(st->sum->p);
  st->sum->p = NULL;
  st->sum->np = st->sum->capp = 0;
  st->sum->log_loaded = 0;
  st->sum->index_known = 0;
}

void jk_summary_free(jk_store *st) {
  jk_summary_discard(st);
  if (st->sum) {
    free(st->sum->lc);
    free(st->sum->lp);
  }
  free(st->sum);
  st->sum = NULL;
}

static int keys_grow(struct jk_summary *s) {
  size_t cap = s->capkeys ? s->capkeys * 2 : 256;
  kslot *v = calloc(cap, sizeof *v);
  if (!v) return -1;
  for (size_t i = 0; i < s->capkeys; i++)
    if (s->keys[i].name) {
      size_t j = hash_str(s->keys[i].name) & (cap - 1);
      while (v[j].name) j = (j + 1) & (cap - 1);
      v[j] = s->keys[i];
    }
  free(s->keys);
  s->keys = v;
  s->capkeys = cap;
  return 0;
}

/* The id of (dim, key), made when new. */
static jk_rc key_id(jk_store *st, int dim, const char *key, long long *id, jk_err *err) {
  static const char q_get[] = "SELECT id FROM summary_keys WHERE dim=?1 AND key=?2";
  static const char q_add[] = "INSERT INTO summary_keys(dim, key) VALUES(?1, ?2)";
  struct jk_summary *s = state(st);
  if (!s) return jk_err_set(err, JK_ENOMEM, "out of memory");
  char name[300];
  snprintf(name, sizeof name, "%d\x1f%s", dim, key);
  if (s->capkeys) {
    size_t j = hash_str(name) & (s->capkeys - 1);
    for (; s->keys[j].name; j = (j + 1) & (s->capkeys - 1))
      if (!strcmp(s->keys[j].name, name)) {
        *id = s->keys[j].id;
        return JK_OK;
      }
  }
  sqlite3_stmt *q = jk_stmt(st, q_get, err);
  if (!q) return err ? err->rc : JK_EDB;
  sqlite3_bind_int(q, 1, dim);
  sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
  int src = sqlite3_step(q);
  *id = src == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
  jk_stmt_done(q);
  if (src != SQLITE_ROW && src != SQLITE_DONE) return jk_store_dberr(st, src, "reading a summary key", err);
  if (!*id) {
    if (!(q = jk_stmt(st, q_add, err))) return err ? err->rc : JK_EDB;
    sqlite3_bind_int(q, 1, dim);
    sqlite3_bind_text(q, 2, key, -1, SQLITE_TRANSIENT);
    src = sqlite3_step(q);
    jk_stmt_done(q);
    if (src != SQLITE_DONE) return jk_store_dberr(st, src, "adding a summary key", err);
    *id = sqlite3_last_insert_rowid(st->db);
  }
  if ((s->nkeys + 1) * 2 > s->capkeys && keys_grow(s)) return jk_err_set(err, JK_ENOMEM, "out of memory");
  size_t j = hash_str(name) & (s->capkeys - 1);
  while (s->keys[j].name) j = (j + 1) & (s->capkeys - 1);
  if (!(s->keys[j].name = strdup(name))) return jk_err_set(err, JK_ENOMEM, "out of memory");
  s->keys[j].id = *id;
  s->nkeys++;
  rev_put(s, *id, dim | (*key ? 0 : EMPTY_KEY));
  return JK_OK;
}

static int delta_grow(struct jk_summary *s) {
  size_t cap = s->capd ? s->capd * 2 : 1024;
  dslot *v = calloc(cap, sizeof *v);
  if (!v) return -1;
  for (size_t i = 0; i < s->capd; i++)
    if (s->d[i].used) {
      size_t j = hash3(s->d[i].f, s->d[i].c, s->d[i].k) & (cap - 1);
      while (v[j].used) j = (j + 1) & (cap - 1);
      v[j] = s->d[i];
    }
  free(s->d);
  s->d = v;
  s->capd = cap;
  return 0;
}

static int delta(struct jk_summary *s, long long f, int c, long long k, int sign, long long affected) {
  if ((s->nd + 1) * 2 > s->capd && delta_grow(s)) return -1;
  size_t j = hash3(f, c, k) & (s->capd - 1);
  while (s->d[j].used && !(s->d[j].f == f && s->d[j].c == c && s->d[j].k == k)) j = (j + 1) & (s->capd - 1);
  dslot *d = &s->d[j];
  if (!d->used) {
    memset(d, 0, sizeof *d);
    d->used = 1;
    d->f = f;
    d->c = c;
    d->k = k;
    s->nd++;
  }
  d->n += sign;
  if (affected >= 0) d->people += sign * affected;
  else d->ns += sign;
  return 0;
}

static int push_change(pchange **v, size_t *n, size_t *cap, long long k, int c, long long id, int sign) {
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 256;
    pchange *w = realloc(*v, nc * sizeof *w);
    if (!w) return -1;
    *v = w;
    *cap = nc;
  }
  (*v)[*n] = (pchange){k, id, (long long)*n, c, sign};
  (*n)++;
  return 0;
}

/* ---- the log: one row per transaction, folded into the tables ------------ */

/*
** A transaction's changes are one row of summary_log (a few KB), not a
** thousand upserts into summary: each upsert dirtied a page of its own,
** and every page dirtied is written again at each commit.  Every FOLD_AT
** rows (and at the end of an ingest: jk_store_tidy_index) the log is
** added up and folded into summary and summary_incidents in one pass.
** Readers add the log's rows to what they read (summary_log is small).
*/
#define FOLD_AT 64

static void put_var(jk_buf *b, unsigned long long v) {
  do {
    unsigned char c = v & 0x7f;
    v >>= 7;
    jk_buf_putc(b, (char)(v ? c | 0x80 : c));
  } while (v);
}
static unsigned long long zz(long long v) { return ((unsigned long long)v << 1) ^ (unsigned long long)(v >> 63); }
static long long unzz(unsigned long long v) { return (long long)(v >> 1) ^ -(long long)(v & 1); }

static int get_var(const unsigned char **p, const unsigned char *end, unsigned long long *v) {
  *v = 0;
  for (int shift = 0; *p < end && shift < 64; shift += 7) {
    unsigned char b = *(*p)++;
    *v |= (unsigned long long)(b & 0x7f) << shift;
    if (!(b & 0x80)) return 0;
  }
  return -1;
}

/* Decode one log row into cells (fn_cell) and list changes (fn_post). */
static int decode_log(const unsigned char *p, size_t n, void *ctx,
                      int (*fn_cell)(void *, long long f, int c, long long k, long long dn, long long dp, long long dns),
                      int (*fn_post)(void *, long long k, int c, long long id, int sign)) {
  const unsigned char *end = p + n;
  unsigned long long nc, np, v[6];
  if (!p || get_var(&p, end, &nc)) return -1;
  for (unsigned long long i = 0; i < nc; i++) {
    for (int j = 0; j < 6; j++)
      if (get_var(&p, end, &v[j])) return -1;
    if (fn_cell(ctx, (long long)v[0], (int)v[1], (long long)v[2], unzz(v[3]), unzz(v[4]), unzz(v[5]))) return -1;
  }
  if (get_var(&p, end, &np)) return -1;
  for (unsigned long long i = 0; i < np; i++) {
    for (int j = 0; j < 4; j++)
      if (get_var(&p, end, &v[j])) return -1;
    if (fn_post(ctx, (long long)v[0], (int)v[1], (long long)v[2], (int)v[3])) return -1;
  }
  return 0;
}

static int cell_into_delta(void *ctx, long long f, int c, long long k, long long dn, long long dp, long long dns) {
  struct jk_summary *s = ctx;
  if (delta(s, f, c, k, 0, -1)) return -1;
  size_t j = hash3(f, c, k) & (s->capd - 1);
  while (!(s->d[j].used && s->d[j].f == f && s->d[j].c == c && s->d[j].k == k)) j = (j + 1) & (s->capd - 1);
  s->d[j].n += dn;
  s->d[j].people += dp;
  s->d[j].ns += dns;
  return 0;
}

static int post_into_changes(void *ctx, long long k, int c, long long id, int sign) {
  struct jk_summary *s = ctx;
  return push_change(&s->p, &s->np, &s->capp, k, c, id, sign);
}

static int cmp_change(const void *a, const void *b) {
  const pchange *x = a, *y = b;
  if (x->k != y->k) return x->k < y->k ? -1 : 1;
  if (x->c != y->c) return x->c < y->c ? -1 : 1;
  if (x->id != y->id) return x->id < y->id ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int cmp_slot(const void *a, const void *b) {
  const dslot *x = a, *y = b;
  if (x->f != y->f) return x->f < y->f ? -1 : 1;
  if (x->c != y->c) return x->c < y->c ? -1 : 1;
  return x->k < y->k ? -1 : x->k > y->k;
}

/* Write the queued cells and list changes into the tables themselves
   The queue is emptied at the end. */
static jk_rc apply(jk_store *st, jk_err *err) {
  static const char q_up[] =
      "INSERT INTO summary(f, c, k, n, people, people_ns) VALUES(?1, ?2, ?3, ?4, ?5, ?6)"
      " ON CONFLICT(f, c, k) DO UPDATE SET n=n+excluded.n, people=people+excluded.people,"
      " people_ns=people_ns+excluded.people_ns";
  static const char q_zero[] = "DELETE FROM summary WHERE f=?1 AND c=?2 AND k=?3 AND n<=0";
  static const char q_padd[] = "INSERT OR IGNORE INTO summary_incidents(k, c, incident_id) VALUES(?1, ?2, ?3)";
  static const char q_pdel[] = "DELETE FROM summary_incidents WHERE k=?1 AND c=?2 AND incident_id=?3";
  struct jk_summary *s = st->sum;
  jk_rc rc = JK_OK;
  /* In key order: each upsert lands next to the last one, on a page
     already read (the hash's order touched a page at random each time). */
  size_t nu = 0;
  for (size_t i = 0; i < s->capd; i++) nu += s->d[i].used && (s->d[i].n || s->d[i].people || s->d[i].ns);
  dslot *v = nu ? malloc(nu * sizeof *v) : NULL;
  if (nu && !v) return jk_err_set(err, JK_ENOMEM, "out of memory");
  nu = 0;
  for (size_t i = 0; i < s->capd; i++)
    if (s->d[i].used && (s->d[i].n || s->d[i].people || s->d[i].ns)) v[nu++] = s->d[i];
  if (nu > 1) qsort(v, nu, sizeof *v, cmp_slot);
  for (size_t i = 0; rc == JK_OK && i < nu; i++) {
    const dslot *d = &v[i];
    sqlite3_stmt *q = jk_stmt(st, q_up, err);
    if (!q) {
      free(v);
      return err ? err->rc : JK_EDB;
    }
    sqlite3_bind_int64(q, 1, d->f);
    sqlite3_bind_int(q, 2, d->c);
    sqlite3_bind_int64(q, 3, d->k);
    sqlite3_bind_int64(q, 4, d->n);
    sqlite3_bind_int64(q, 5, d->people);
    sqlite3_bind_int64(q, 6, d->ns);
    int src = sqlite3_step(q);
    jk_stmt_done(q);
    if (src == SQLITE_DONE && d->n < 0 && (q = jk_stmt(st, q_zero, err))) {
      sqlite3_bind_int64(q, 1, d->f);
      sqlite3_bind_int(q, 2, d->c);
      sqlite3_bind_int64(q, 3, d->k);
      src = sqlite3_step(q);
      jk_stmt_done(q);
    }
    if (src != SQLITE_DONE) rc = jk_store_dberr(st, src, "updating the summary counts", err);
  }
  free(v);
  /* List changes: the last of each (k, c, id) is what holds. */
  if (s->np > 1) qsort(s->p, s->np, sizeof *s->p, cmp_change);
  for (size_t i = 0; rc == JK_OK && i < s->np; i++) {
    const pchange *x = &s->p[i];
    if (i + 1 < s->np && s->p[i + 1].k == x->k && s->p[i + 1].c == x->c && s->p[i + 1].id == x->id) continue;
    sqlite3_stmt *q = jk_stmt(st, x->sign ? q_padd : q_pdel, err);
    if (!q) return err ? err->rc : JK_EDB;
    sqlite3_bind_int64(q, 1, x->k);
    sqlite3_bind_int(q, 2, x->c);
    sqlite3_bind_int64(q, 3, x->id);
    int src = sqlite3_step(q);
    jk_stmt_done(q);
    if (src != SQLITE_DONE) rc = jk_store_dberr(st, src, "updating the summary lists", err);
  }
  free(s->d);
  s->d = NULL;
  s->nd = s->capd = 0;
  free(s->p);
  s->p = NULL;
  s->np = s->capp = 0;
  return rc;
}

/* Fold every row of the log into the tables and empty it. */
static jk_rc fold(jk_store *st, jk_err *err) {
  static const char q_all[] = "SELECT cells FROM summary_log ORDER BY id";
  static const char q_clear[] = "DELETE FROM summary_log";
  struct jk_summary *s = state(st);
  if (!s) return jk_err_set(err, JK_ENOMEM, "out of memory");
  sqlite3_stmt *q = jk_stmt(st, q_all, err);
  if (!q) return err ? err->rc : JK_EDB;
  int src;
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(q)) == SQLITE_ROW)
    if (decode_log(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0), s, cell_into_delta,
                   post_into_changes)) {
      rc = jk_err_set(err, JK_EDB, "%s: summary_log holds a row that does not decode (a damaged file)", st->path);
      break;
    }
  jk_stmt_done(q);
  if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading the summary log", err);
  if (!rc) rc = apply(st, err);
  if (!rc && (q = jk_stmt(st, q_clear, err))) {
    src = sqlite3_step(q);
    jk_stmt_done(q);
    if (src != SQLITE_DONE) rc = jk_store_dberr(st, src, "emptying the summary log", err);
  }
  return rc;
}

jk_rc jk_summary_flush(jk_store *st, jk_err *err) {
  static const char q_add[] = "INSERT INTO summary_log(cells) VALUES(?1)";
  static const char q_rows[] = "SELECT count(*) FROM summary_log";
  struct jk_summary *s = st->sum;
  if (!s || (!s->nd && !s->np)) return JK_OK;
  jk_buf b;
  jk_buf_init(&b);
  size_t live = 0;
  for (size_t i = 0; i < s->capd; i++) live += s->d[i].used && (s->d[i].n || s->d[i].people || s->d[i].ns);
  put_var(&b, live);
  for (size_t i = 0; i < s->capd; i++) {
    const dslot *d = &s->d[i];
    if (!d->used || (!d->n && !d->people && !d->ns)) continue;
    put_var(&b, (unsigned long long)d->f);
    put_var(&b, (unsigned long long)d->c);
    put_var(&b, (unsigned long long)d->k);
    put_var(&b, zz(d->n));
    put_var(&b, zz(d->people));
    put_var(&b, zz(d->ns));
  }
  put_var(&b, s->np);
  for (size_t i = 0; i < s->np; i++) {
    put_var(&b, (unsigned long long)s->p[i].k);
    put_var(&b, (unsigned long long)s->p[i].c);
    put_var(&b, (unsigned long long)s->p[i].id);
    put_var(&b, (unsigned long long)s->p[i].sign);
  }
  free(s->d);
  s->d = NULL;
  s->nd = s->capd = 0;
  free(s->p);
  s->p = NULL;
  s->np = s->capp = 0;
  if (b.oom) {
    jk_buf_free(&b);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  sqlite3_stmt *q = jk_stmt(st, q_add, err);
  jk_rc rc = q ? JK_OK : err ? err->rc : JK_EDB;
  if (q) {
    sqlite3_bind_blob(q, 1, b.p, (int)b.len, SQLITE_STATIC);
    int src = sqlite3_step(q);
    jk_stmt_done(q);
    if (src != SQLITE_DONE) rc = jk_store_dberr(st, src, "writing the summary log", err);
  }
  jk_buf_free(&b);
  long long rows = 0;
  if (!rc && (q = jk_stmt(st, q_rows, err))) {
    if (sqlite3_step(q) == SQLITE_ROW) rows = sqlite3_column_int64(q, 0);
    jk_stmt_done(q);
  }
  if (!rc && rows >= FOLD_AT) rc = fold(st, err);
  return rc;
}

jk_rc jk_summary_fold(jk_store *st, jk_err *err) {
  int own = !st->in_tx;
  jk_rc rc = own ? jk_store_begin(st, err) : JK_OK;
  if (rc) return rc;
  rc = jk_summary_flush(st, err);
  if (!rc) rc = fold(st, err);
  if (own) {
    if (rc) jk_store_rollback(st);
    else rc = jk_store_commit(st, err);
  }
  return rc;
}

/* ---- readers: the log added to what the tables say ------------------------ */

static int cell_into_log(void *ctx, long long f, int c, long long k, long long dn, long long dp, long long dns) {
  struct jk_summary *s = ctx;
  if (s->nlc == s->caplc) {
    size_t cap = s->caplc ? s->caplc * 2 : 1024;
    logcell *v = realloc(s->lc, cap * sizeof *v);
    if (!v) return -1;
    s->lc = v;
    s->caplc = cap;
  }
  s->lc[s->nlc++] = (logcell){f, k, dn, dp, dns, c};
  return 0;
}

static int post_into_log(void *ctx, long long k, int c, long long id, int sign) {
  struct jk_summary *s = ctx;
  return push_change(&s->lp, &s->nlp, &s->caplp, k, c, id, sign);
}

/* Read summary_log into the store's copy unless it is the one read last. */
static jk_rc load_log(jk_store *st, jk_err *err) {
  static const char q_ver[] = "SELECT coalesce(max(id), 0), count(*) FROM summary_log";
  static const char q_all[] = "SELECT cells FROM summary_log ORDER BY id";
  struct jk_summary *s = state(st);
  if (!s) return jk_err_set(err, JK_ENOMEM, "out of memory");
  sqlite3_stmt *q = jk_stmt(st, q_ver, err);
  if (!q) return err ? err->rc : JK_EDB;
  int src = sqlite3_step(q);
  long long max = src == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0, rows = src == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
  jk_stmt_done(q);
  if (src != SQLITE_ROW) return jk_store_dberr(st, src, "reading the summary log", err);
  if (s->log_loaded && s->log_max == max && s->log_rows == rows) return JK_OK;
  s->nlc = s->nlp = 0;
  s->log_loaded = 0;
  if (!(q = jk_stmt(st, q_all, err))) return err ? err->rc : JK_EDB;
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(q)) == SQLITE_ROW)
    if (decode_log(sqlite3_column_blob(q, 0), (size_t)sqlite3_column_bytes(q, 0), s, cell_into_log, post_into_log)) {
      rc = jk_err_set(err, JK_EDB, "%s: summary_log holds a row that does not decode (a damaged file)", st->path);
      break;
    }
  jk_stmt_done(q);
  if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading the summary log", err);
  if (!rc) {
    s->log_loaded = 1;
    s->log_max = max;
    s->log_rows = rows;
  }
  return rc;
}

/* ---- an incident's keys ------------------------------------------------- */

typedef struct keyset {
  jk_store *st;
  long long *id;
  int *dim;
  size_t n, cap;
  jk_rc rc;
  jk_err *err;
} keyset;

static void add_key(void *vp, int dim, const char *key) {
  keyset *ks = vp;
  if (ks->rc) return;
  long long id;
  if ((ks->rc = key_id(ks->st, dim, key ? key : "", &id, ks->err))) return;
  for (size_t i = 0; i < ks->n; i++)
    if (ks->id[i] == id) return;
  if (ks->n == ks->cap) {
    size_t cap = ks->cap ? ks->cap * 2 : 32;
    long long *v = realloc(ks->id, cap * sizeof *v);
    if (v) ks->id = v;
    int *w = v ? realloc(ks->dim, cap * sizeof *w) : NULL;
    if (w) ks->dim = w;
    if (!v || !w) {
      ks->rc = jk_err_set(ks->err, JK_ENOMEM, "out of memory");
      return;
    }
    ks->cap = cap;
  }
  ks->id[ks->n] = id;
  ks->dim[ks->n++] = dim | (key && *key ? 0 : EMPTY_KEY);
}

/* Trends keys from the headline values, lessons keys from lessons.c. */
static void incident_keys(keyset *ks, const jk_record *m, const jk_incident *inc) {
  add_key(ks, JK_SD_ALL, "");
  char date[16] = "";
  if (m->published.y) jk_date_format(m->published, date, sizeof date);
  size_t dl = strlen(date);
  if (dl >= 7) date[7] = 0;
  else if (dl != 4) date[0] = 0;
  add_key(ks, JK_SD_MONTH, date);
  int any = 0;
  for (int b = 0; b < JK_DT_COUNT; b++)
    if (m->data_types & (1u << b)) add_key(ks, JK_SD_TYPE, jk_data_type_name((jk_data_type)b)), any = 1;
  if (!any) add_key(ks, JK_SD_TYPE, "");
  any = 0;
  for (int b = 0; b < JK_AUTH_COUNT; b++)
    if (m->reported_to & (1u << b)) add_key(ks, JK_SD_AUTH, jk_authority_name((jk_authority)b)), any = 1;
  if (!any) add_key(ks, JK_SD_AUTH, "");
  for (size_t i = 0; i < m->products.n; i++) add_key(ks, JK_SD_PROD, m->products.v[i].text);
  if (!m->products.n) add_key(ks, JK_SD_PROD, "");
  add_key(ks, JK_SD_CARD, m->card ? "yes" : "no");
  add_key(ks, JK_SD_VENDOR, m->vendor ? "yes" : "no");
  if (inc && inc->n) jk_lessons_keys(m, inc, add_key, ks);
}

static int cmp_ll(const void *a, const void *b) {
  long long x = *(const long long *)a, y = *(const long long *)b;
  return x < y ? -1 : x > y;
}

/* Key ids as varints. */
static void encode(const long long *id, size_t n, jk_buf *out) {
  for (size_t i = 0; i < n; i++) {
    unsigned long long v = (unsigned long long)id[i];
    do {
      unsigned char b = v & 0x7f;
      v >>= 7;
      jk_buf_putc(out, (char)(v ? b | 0x80 : b));
    } while (v);
  }
}

/* Decode up to max ids; returns how many (stops at a truncated varint). */
static size_t decode(const unsigned char *p, size_t n, long long *out, size_t max) {
  size_t k = 0, i = 0;
  if (!p) return 0;
  while (i < n && k < max) {
    unsigned long long v = 0;
    int shift = 0;
    while (i < n && shift < 63) {
      unsigned char b = p[i++];
      v |= (unsigned long long)(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        out[k++] = (long long)v;
        break;
      }
    }
  }
  return k;
}

/* The head of a stored list: the category and head-count it was counted
   with (the incident's columns change before its summary does); returns
   the bytes it takes. */
static size_t head_of(const unsigned char *p, size_t n, int *cat, long long *aff) {
  long long v[2] = {0, 0};
  size_t i = 0;
  for (int k = 0; k < 2; k++) {
    unsigned long long x = 0;
    int shift = 0;
    while (i < n && shift < 63) {
      unsigned char b = p[i++];
      x |= (unsigned long long)(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    v[k] = (long long)x;
  }
  if (cat) *cat = (int)v[0];
  if (aff) *aff = (long long)((unsigned long long)v[1] >> 1) ^ -(long long)((unsigned long long)v[1] & 1);
  return i;
}

/* Room for every id of a stored list of n bytes (a varint is >= 1 byte). */
static long long *ids_for(size_t n, long long *fixed, size_t nfixed, size_t *max) {
  *max = n > nfixed ? n : nfixed;
  return n > nfixed ? malloc(n * sizeof *fixed) : fixed;
}

/* Dimension of a key id (with EMPTY_KEY), from the dictionary. */
static int dim_of(jk_store *st, long long id) {
  static const char q[] = "SELECT dim, key = '' FROM summary_keys WHERE id=?1";
  struct jk_summary *sm = st->sum;
  if (sm && sm->caprev && id > 0) {
    size_t j = rev_slot(sm, id);
    if (sm->rid[j]) return sm->rdim[j];
  }
  sqlite3_stmt *s = jk_stmt(st, q, NULL);
  if (!s) return -1;
  sqlite3_bind_int64(s, 1, id);
  int d = -1;
  if (sqlite3_step(s) == SQLITE_ROW) d = sqlite3_column_int(s, 0) | (sqlite3_column_int(s, 1) ? EMPTY_KEY : 0);
  jk_stmt_done(s);
  if (d >= 0 && sm) rev_put(sm, id, d);
  return d;
}

/* The changes of one incident's contribution: sign -1 takes it back. */
static int contribute(struct jk_summary *s, const long long *id, const int *dim, size_t n, int c, long long aff,
                      int sign) {
  for (size_t i = 0; i < n; i++) {
    int d = DIM(dim[i]);
    if (d != JK_SD_CARD && d != JK_SD_VENDOR && delta(s, 0, c, id[i], sign, aff)) return -1;
    if (!filter_dim(d) || (dim[i] & EMPTY_KEY)) continue;
    for (size_t j = 0; j < n; j++)
      if (trends_dim(DIM(dim[j])) && delta(s, id[i], c, id[j], sign, aff)) return -1;
  }
  return 0;
}

jk_rc jk_summary_update(jk_store *st, long long inc, const jk_record *merged, jk_record *const *reports, size_t n,
                        int fresh, jk_buf *out, jk_err *err) {
  static const char q_old[] = "SELECT summary FROM incidents WHERE id=?1";
  jk_buf_reset(out);
  if (st->summary_later) return JK_OK; /* migrating: step 12 counts every incident */
  struct jk_summary *s = state(st);
  if (!s) return jk_err_set(err, JK_ENOMEM, "out of memory");
  keyset ks = {st, NULL, NULL, 0, 0, JK_OK, err};
  jk_incident in;
  memset(&in, 0, sizeof in);
  in.id = inc;
  in.reports = (jk_record **)reports;
  in.n = n;
  incident_keys(&ks, merged, &in);
  jk_rc rc = ks.rc;
  /* Sort ids (and their dims along). */
  for (size_t i = 1; !rc && i < ks.n; i++)
    for (size_t j = i; j > 0 && ks.id[j] < ks.id[j - 1]; j--) {
      long long t = ks.id[j];
      ks.id[j] = ks.id[j - 1];
      ks.id[j - 1] = t;
      int u = ks.dim[j];
      ks.dim[j] = ks.dim[j - 1];
      ks.dim[j - 1] = u;
    }
  jk_buf blob;
  jk_buf_init(&blob);
  int cat = merged->category >= 0 && merged->category < JK_CAT_COUNT ? (int)merged->category : JK_CAT_OTHER;
  long long aff = merged->affected >= 0 ? merged->affected : -1;
  if (!rc) {
    long long head[2] = {cat, (long long)(((unsigned long long)aff << 1) ^ (unsigned long long)(aff >> 63))};
    encode(head, 2, &blob);
    encode(ks.id, ks.n, &blob);
  }
  /* The contribution stored before. */
  long long old_fixed[256], *old_id = old_fixed;
  int *old_dim = NULL;
  size_t nold = 0, maxold = 0;
  int old_cat = 0, had = 0;
  long long old_aff = -1;
  /* A new incident (fresh) has no summary stored yet: nothing to read. */
  sqlite3_stmt *q = rc || fresh ? NULL : jk_stmt(st, q_old, err);
  if (!rc && !fresh && !q) rc = err ? err->rc : JK_EDB;
  if (!rc && !fresh) {
    sqlite3_bind_int64(q, 1, inc);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
      had = 1;
      const unsigned char *p = sqlite3_column_blob(q, 0);
      size_t len = (size_t)sqlite3_column_bytes(q, 0), h = p ? head_of(p, len, &old_cat, &old_aff) : 0;
      if (len == blob.len && (!len || !memcmp(p, blob.p, len))) had = 2;
      else if (!(old_id = ids_for(len, old_fixed, 256, &maxold)) || !(old_dim = malloc(maxold * sizeof *old_dim)))
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      else
        nold = decode(p + h, len - h, old_id, maxold);
    } else if (src != SQLITE_ROW && src != SQLITE_DONE) {
      rc = jk_store_dberr(st, src, "reading an incident's summary", err);
    }
    jk_stmt_done(q);
  }
  if (!rc && had != 2) {
    /* Unchanged keys keep their postings; the rest move. */
    for (size_t i = 0; i < nold; i++) old_dim[i] = dim_of(st, old_id[i]);
    if ((had && contribute(s, old_id, old_dim, nold, old_cat, old_aff, -1)) ||
        contribute(s, ks.id, ks.dim, ks.n, cat, aff, +1))
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < nold; i++) {
      if (!lessons_dim(DIM(old_dim[i]))) continue;
      int keep = 0;
      for (size_t j = 0; j < ks.n && !keep; j++) keep = ks.id[j] == old_id[i] && cat == old_cat;
      if (!keep && push_change(&s->p, &s->np, &s->capp, old_id[i], old_cat, inc, 0))
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    }
    for (size_t j = 0; !rc && j < ks.n; j++) {
      if (!lessons_dim(DIM(ks.dim[j]))) continue;
      int had_it = 0;
      for (size_t i = 0; i < nold && !had_it; i++) had_it = old_id[i] == ks.id[j] && cat == old_cat;
      if (!had_it && push_change(&s->p, &s->np, &s->capp, ks.id[j], cat, inc, 1))
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    }
  }
  if (!rc && blob.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  if (!rc) {
    /* The caller stores it, in the UPDATE of the incident's row. */
    jk_buf_append(out, blob.p ? blob.p : "", blob.len);
    if (out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  jk_buf_free(&blob);
  free(ks.id);
  free(ks.dim);
  if (old_id != old_fixed) free(old_id);
  free(old_dim);
  return rc;
}

/* ---- reading ------------------------------------------------------------- */

static int single_bit(uint32_t v) { return v && !(v & (v - 1)); }
static int bit_index(uint32_t v) {
  int i = 0;
  while (!(v & 1)) v >>= 1, i++;
  return i;
}

/* Which filter of q the counts answer: 0 none, else its dimension.
   *ok: the counts alone answer it.  *days (may be NULL): the one filter
   is a date range with a day in a bound, answered by the whole months
   inside it plus the incidents of the (at most two) months it cuts. */
static int filter_kind_days(const jk_query *q, int *ok, int *days) {
  int n = 0, kind = 0, cut = 0;
  *ok = 1;
  if (days) *days = 0;
  if ((q->text && *q->text) || (q->org && *q->org) || (q->product && *q->product) || (q->incident && *q->incident))
    *ok = 0;
  if (q->data_types) n++, kind = JK_SD_TYPE, *ok &= single_bit(q->data_types);
  if (q->reported_to) n++, kind = JK_SD_AUTH, *ok &= single_bit(q->reported_to);
  if (q->card >= 0) n++, kind = JK_SD_CARD;
  if (q->vendor >= 0) n++, kind = JK_SD_VENDOR;
  if (q->since.y || q->until.y) {
    n++, kind = JK_SD_MONTH;
    if ((q->since.y && q->since.d) || (q->until.y && q->until.d)) cut = 1;
  }
  if (n > 1) *ok = 0;
  if (cut && *ok && days) *days = 1;
  if (cut) *ok = 0;
  return kind;
}

static int filter_kind(const jk_query *q, int *ok) { return filter_kind_days(q, ok, NULL); }

int jk_summary_answerable(const jk_query *q) {
  int ok;
  if (!q) return 1;
  filter_kind(q, &ok);
  return ok;
}

int jk_summary_bounded(const jk_query *q) {
  int ok, days;
  if (!q) return 1;
  filter_kind_days(q, &ok, &days);
  return ok || days;
}

void jk_sum_set_free(jk_sum_set *s) {
  if (!s) return;
  for (long long i = 0; i < s->nkeys; i++) free(s->key ? s->key[i] : NULL);
  if (s->cells)
    for (long long i = 0; i < s->nkeys * s->ncat; i++) free(s->cells[i].first);
  free(s->key);
  free(s->dim);
  free(s->cells);
  memset(s, 0, sizeof *s);
}

const jk_sum_cell *jk_sum_get(const jk_sum_set *s, int c, long long kid, jk_sum_cell *tmp) {
  memset(tmp, 0, sizeof *tmp);
  if (kid <= 0 || kid >= s->nkeys) return tmp;
  if (c >= 0) return c < s->ncat ? &s->cells[kid * s->ncat + c] : tmp;
  for (int i = 0; i < s->ncat; i++) {
    const jk_sum_cell *x = &s->cells[kid * s->ncat + i];
    tmp->n += x->n;
    tmp->people += x->people;
    tmp->people_ns += x->people_ns;
  }
  const jk_sum_cell *l = &s->cells[kid * s->ncat];
  tmp->first = l->first;
  tmp->nfirst = l->nfirst;
  return tmp;
}

long long jk_sum_kid(const jk_sum_set *s, int dim, const char *key) {
  for (long long i = 1; i < s->nkeys; i++)
    if (s->dim[i] == dim && s->key[i] && !strcmp(s->key[i], key)) return i;
  return 0;
}

/* Load the dictionary and allocate the cells. */
static jk_rc load_keys(jk_store *st, jk_sum_set *out, jk_err *err) {
  static const char q_max[] = "SELECT coalesce(max(id), 0) FROM summary_keys";
  static const char q_all[] = "SELECT id, dim, key FROM summary_keys";
  memset(out, 0, sizeof *out);
  out->ncat = JK_CAT_COUNT;
  sqlite3_stmt *s = jk_stmt(st, q_max, err);
  if (!s) return err ? err->rc : JK_EDB;
  int src = sqlite3_step(s);
  long long max = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  jk_stmt_done(s);
  if (src != SQLITE_ROW) return jk_store_dberr(st, src, "reading the summary keys", err);
  out->nkeys = max + 1;
  out->dim = calloc((size_t)out->nkeys, sizeof *out->dim);
  out->key = calloc((size_t)out->nkeys, sizeof *out->key);
  out->cells = calloc((size_t)(out->nkeys * out->ncat), sizeof *out->cells);
  if (!out->dim || !out->key || !out->cells) {
    jk_sum_set_free(out);
    return jk_err_set(err, JK_ENOMEM, "out of memory reading the summary");
  }
  for (long long i = 0; i < out->nkeys; i++) out->dim[i] = -1;
  if (!(s = jk_stmt(st, q_all, err))) {
    jk_sum_set_free(out);
    return err ? err->rc : JK_EDB;
  }
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    long long id = sqlite3_column_int64(s, 0);
    if (id <= 0 || id > max) continue;
    out->dim[id] = sqlite3_column_int(s, 1);
    const char *k = (const char *)sqlite3_column_text(s, 2);
    if (!(out->key[id] = strdup(k ? k : ""))) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
  }
  jk_stmt_done(s);
  if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading the summary keys", err);
  if (rc) jk_sum_set_free(out);
  return rc;
}

/* Add the rows of filter key f (0: none) to out. */
static jk_rc read_cube(jk_store *st, long long f, int c, jk_sum_set *out, jk_err *err) {
  static const char q_all[] = "SELECT c, k, n, people, people_ns FROM summary WHERE f=?1";
  static const char q_cat[] = "SELECT c, k, n, people, people_ns FROM summary WHERE f=?1 AND c=?2";
  sqlite3_stmt *s = jk_stmt(st, c >= 0 ? q_cat : q_all, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, f);
  if (c >= 0) sqlite3_bind_int(s, 2, c);
  int src;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    int cc = sqlite3_column_int(s, 0);
    long long k = sqlite3_column_int64(s, 1);
    if (cc < 0 || cc >= out->ncat || k <= 0 || k >= out->nkeys) continue;
    jk_sum_cell *x = &out->cells[k * out->ncat + cc];
    x->n += sqlite3_column_int64(s, 2);
    x->people += sqlite3_column_int64(s, 3);
    x->people_ns += sqlite3_column_int64(s, 4);
  }
  jk_stmt_done(s);
  return src == SQLITE_DONE ? JK_OK : jk_store_dberr(st, src, "reading the summary", err);
}

static long long since_key(jk_date d) { return (long long)d.y * 10000 + d.m * 100 + d.d; }
static long long until_key(jk_date d) { return (long long)d.y * 10000 + (d.m ? d.m : 99) * 100 + (d.d ? d.d : 99); }

/* The pub_sort range of a month key ("YYYY-MM" or "YYYY"); 0 if none. */
static int month_range(const char *k, long long *lo, long long *hi) {
  size_t n = strlen(k);
  if (n != 4 && n != 7) return 0;
  long long y = atoll(k), m = n == 7 ? atoll(k + 5) : 0;
  *lo = y * 10000 + m * 100;
  *hi = n == 7 ? *lo + 31 : *lo;
  return 1;
}

static int add_first(jk_sum_cell *x, long long id, int max) {
  if (x->nfirst >= max) return 0;
  if (!x->first && !(x->first = malloc((size_t)max * sizeof *x->first))) return -1;
  x->first[x->nfirst++] = id;
  return 0;
}

/* Count one incident's stored key ids (its incidents.summary) into out,
   sign +1 or -1; trends: only the trends keys (as the counts under a
   filter key hold); list > 0: keep its id in the first ids of each key. */
static int count_blob(jk_sum_set *out, long long inc, int c, long long aff, const unsigned char *bp, size_t len,
                      int sign, int trends, int list) {
  if (!bp) return 0;
  for (size_t i = head_of(bp, len, NULL, NULL); i < len;) {
    unsigned long long v = 0;
    int shift = 0, whole = 0;
    while (i < len && shift < 63) {
      unsigned char b = bp[i++];
      v |= (unsigned long long)(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) {
        whole = 1;
        break;
      }
    }
    if (!whole) break;
    long long id = (long long)v;
    if (id <= 0 || id >= out->nkeys || (trends && !trends_dim(out->dim[id]))) continue;
    jk_sum_cell *x = &out->cells[id * out->ncat + c];
    x->n += sign;
    if (aff >= 0) x->people += sign * aff;
    else x->people_ns += sign;
    if (list && add_first(&out->cells[id * out->ncat], inc, list)) return -1;
  }
  return 0;
}

/* Does the file have incidents_summary (schema 12 files made before it
   was added do not)?  Asked once per connection. */
static int has_summary_index(jk_store *st) {
  struct jk_summary *s = state(st);
  if (!s) return 0;
  if (!s->index_known) {
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'incidents_summary'",
                           -1, &q, NULL) == SQLITE_OK)
      s->has_index = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    s->index_known = 1;
  }
  return s->has_index;
}

/* Read the matching incidents' key ids (no JSON parsed): the matches
   (full-text hits, organisation or product names) joined to the narrow
   incidents_summary index, which holds every filter column and the key
   ids, instead of the wide incident rows. */
static jk_rc scan(jk_store *st, const jk_query *q, int list, jk_sum_set *out, jk_err *err) {
  jk_filter f;
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT i.id, i.category, i.affected, i.summary ");
  jk_rc rc;
  /* The index when the matches come by id (hits, names); a date range or
     other columns alone keep their own indexes. */
  int by_id = (q->text && *q->text) || (q->org && *q->org) || (q->product && *q->product);
  if (by_id && !(q->incident && *q->incident) && has_summary_index(st)) {
    rc = jk_filter_build(q, 1, &f, err);
    if (rc) {
      jk_buf_free(&sql);
      return rc;
    }
    jk_buf_puts(&sql, f.match ? "FROM incident_fts fts CROSS JOIN incidents i INDEXED BY incidents_summary"
                                " ON i.id = fts.rowid WHERE fts.incident_fts MATCH ?1"
                              : "FROM incidents i INDEXED BY incidents_summary WHERE 1");
    jk_buf_append(&sql, f.where.p ? f.where.p : "", f.where.len);
    if (sql.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory building a query");
  } else {
    rc = jk_filter_from(q, 0, &f, &sql, err);
    if (rc) {
      jk_buf_free(&sql);
      return rc;
    }
  }
  if (rc) {
    jk_filter_free(&f);
    jk_buf_free(&sql);
    return rc;
  }
  if (list) jk_buf_puts(&sql, " ORDER BY i.id");
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
      long long inc = sqlite3_column_int64(s, 0);
      int c = sqlite3_column_int(s, 1);
      long long aff = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 2);
      if (c < 0 || c >= out->ncat) c = 0;
      const unsigned char *bp = sqlite3_column_blob(s, 3);
      if (count_blob(out, inc, c, aff, bp, (size_t)sqlite3_column_bytes(s, 3), 1, 0, list)) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        break;
      }
    }
    if (src == SQLITE_DONE || src == SQLITE_ROW) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (!rc && src) rc = jk_store_dberr(st, src, "counting", err);
  jk_filter_free(&f);
  jk_buf_free(&sql);
  return rc;
}

/* The incidents dated in [lo, hi] (pub_sort, inclusive) of category cat
   (-1: any): how many (an index count), or their keys counted into out
   with sign (the trends keys only, as under a month's filter key). */
static jk_rc count_dated(jk_store *st, long long lo, long long hi, int cat, long long *n, jk_err *err) {
  static const char q_any[] = "SELECT count(*) FROM incidents WHERE pub_sort BETWEEN ?1 AND ?2";
  static const char q_cat[] = "SELECT count(*) FROM incidents WHERE category = ?3 AND pub_sort BETWEEN ?1 AND ?2";
  sqlite3_stmt *s = jk_stmt(st, cat >= 0 ? q_cat : q_any, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, lo);
  sqlite3_bind_int64(s, 2, hi);
  if (cat >= 0) sqlite3_bind_int(s, 3, cat);
  int src = sqlite3_step(s);
  *n = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  jk_stmt_done(s);
  return src == SQLITE_ROW ? JK_OK : jk_store_dberr(st, src, "counting incidents by date", err);
}

static jk_rc scan_dated(jk_store *st, long long lo, long long hi, int cat, int sign, jk_sum_set *out, jk_err *err) {
  static const char q_any[] = "SELECT id, category, affected, summary FROM incidents WHERE pub_sort BETWEEN ?1 AND ?2";
  static const char q_cat[] =
      "SELECT id, category, affected, summary FROM incidents WHERE category = ?3 AND pub_sort BETWEEN ?1 AND ?2";
  sqlite3_stmt *s = jk_stmt(st, cat >= 0 ? q_cat : q_any, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, lo);
  sqlite3_bind_int64(s, 2, hi);
  if (cat >= 0) sqlite3_bind_int(s, 3, cat);
  jk_rc rc = JK_OK;
  int src;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    int c = sqlite3_column_int(s, 1);
    long long aff = sqlite3_column_type(s, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 2);
    if (c < 0 || c >= out->ncat) c = 0;
    const unsigned char *bp = sqlite3_column_blob(s, 3);
    if (count_blob(out, sqlite3_column_int64(s, 0), c, aff, bp, (size_t)sqlite3_column_bytes(s, 3), sign, 1, 0)) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
  }
  jk_stmt_done(s);
  if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "counting incidents by date", err);
  return rc;
}

/* A month key's counts cut by [lo, hi] (it lies partly inside): read
   its incidents inside, or, when fewer lie outside, its counts less the
   incidents outside. */
static jk_rc cut_month(jk_store *st, long long k, long long a, long long b, long long lo, long long hi, int cat,
                       char *want, jk_sum_set *out, jk_err *err) {
  long long in_lo = a > lo ? a : lo, in_hi = b < hi ? b : hi, nin = 0, nall = 0;
  jk_rc rc = count_dated(st, in_lo, in_hi, cat, &nin, err);
  if (!rc) rc = count_dated(st, a, b, cat, &nall, err);
  if (rc) return rc;
  if (nin <= nall - nin) return nin ? scan_dated(st, in_lo, in_hi, cat, 1, out, err) : JK_OK;
  want[k] = 1;
  rc = read_cube(st, k, cat, out, err);
  if (!rc && a < lo) rc = scan_dated(st, a, lo - 1, cat, -1, out, err);
  if (!rc && b > hi) rc = scan_dated(st, hi + 1, b, cat, -1, out, err);
  return rc;
}

jk_rc jk_summary_read(jk_store *st, const jk_query *q, int list, jk_sum_set *out, jk_err *err) {
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  memset(out, 0, sizeof *out);
  jk_rc rc = jk_store_check_deadline(st, "reading the summary counts", err);
  if (!rc) rc = load_keys(st, out, err);
  if (rc) return rc;
  int ok, days, kind = filter_kind_days(q, &ok, &days);
  out->list = list;
  char *want = NULL; /* the filter keys read, for the log */
  if ((ok || days) && !(want = calloc((size_t)out->nkeys, 1))) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  if (rc) {
  } else if (!ok && !days) {
    out->scanned = 1;
    rc = scan(st, q, list, out, err);
  } else if (!kind) {
    want[0] = 1;
    rc = read_cube(st, 0, q->category, out, err);
  } else if (kind == JK_SD_MONTH) {
    long long lo = q->since.y ? since_key(q->since) : 0, hi = q->until.y ? until_key(q->until) : 99999999;
    for (long long k = 1; !rc && k < out->nkeys; k++) {
      long long a, b;
      if (out->dim[k] != JK_SD_MONTH || !month_range(out->key[k], &a, &b)) continue;
      if (a >= lo && b <= hi) {
        want[k] = 1;
        rc = read_cube(st, k, q->category, out, err);
      } else if (days && a <= hi && b >= lo) {
        rc = cut_month(st, k, a, b, lo, hi, q->category, want, out, err);
      }
    }
  } else {
    const char *key = kind == JK_SD_TYPE   ? jk_data_type_name((jk_data_type)bit_index(q->data_types))
                      : kind == JK_SD_AUTH ? jk_authority_name((jk_authority)bit_index(q->reported_to))
                      : kind == JK_SD_CARD ? (q->card ? "yes" : "no")
                                           : (q->vendor ? "yes" : "no");
    long long f = jk_sum_kid(out, kind, key);
    if (f) want[f] = 1;
    if (f) rc = read_cube(st, f, q->category, out, err);
  }
  /* What the log holds and the tables do not yet. */
  if (!rc && (ok || days)) rc = load_log(st, err);
  for (size_t i = 0; !rc && (ok || days) && i < st->sum->nlc; i++) {
    const logcell *x = &st->sum->lc[i];
    if (x->f < 0 || x->f >= out->nkeys || !want[x->f] || x->k <= 0 || x->k >= out->nkeys) continue;
    if (x->c < 0 || x->c >= out->ncat || (q->category >= 0 && x->c != q->category)) continue;
    jk_sum_cell *cell = &out->cells[x->k * out->ncat + x->c];
    cell->n += x->n;
    cell->people += x->people;
    cell->people_ns += x->ns;
  }
  free(want);
  if (rc) jk_sum_set_free(out);
  return rc;
}

/* ---- lists ---------------------------------------------------------------- */

jk_rc jk_summary_list(jk_store *st, const jk_query *q, int dim, const char *key, long long offset, int limit,
                      int (*fn)(void *ctx, long long id), void *ctx, jk_err *err) {
  static const char q_kid[] = "SELECT id FROM summary_keys WHERE dim=?1 AND key=?2";
  static const char q_list[] =
      "SELECT incident_id FROM summary_incidents WHERE k=?1 AND c=?2 ORDER BY incident_id LIMIT ?3";
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  if (limit <= 0) return JK_OK;
  sqlite3_stmt *s = jk_stmt(st, q_kid, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int(s, 1, dim);
  sqlite3_bind_text(s, 2, key, -1, SQLITE_TRANSIENT);
  int src = sqlite3_step(s);
  long long kid = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  jk_stmt_done(s);
  if (src != SQLITE_ROW && src != SQLITE_DONE) return jk_store_dberr(st, src, "reading the summary keys", err);
  if (!kid) return JK_OK;
  int ok, kind = filter_kind(q, &ok);
  if (ok && !kind && lessons_dim(dim)) {
    /* Merge the per-category lists: each read up to offset+limit ids. */
    long long want = offset + limit;
    long long *v = NULL;
    size_t n = 0, cap = 0;
    jk_rc rc = load_log(st, err);
    const struct jk_summary *sm = st->sum;
    for (int c = 0; !rc && c < JK_CAT_COUNT; c++) {
      if (q->category >= 0 && c != q->category) continue;
      /* The log's changes of this list: as many more rows as it removes. */
      long long removed = 0;
      for (size_t i = 0; i < sm->nlp; i++) removed += sm->lp[i].k == kid && sm->lp[i].c == c && !sm->lp[i].sign;
      if (!(s = jk_stmt(st, q_list, err))) {
        rc = err ? err->rc : JK_EDB;
        break;
      }
      sqlite3_bind_int64(s, 1, kid);
      sqlite3_bind_int(s, 2, c);
      sqlite3_bind_int64(s, 3, want + removed);
      size_t from = n;
      while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        if (jk_ids_push(&v, &n, &cap, sqlite3_column_int64(s, 0))) {
          rc = jk_err_set(err, JK_ENOMEM, "out of memory");
          break;
        }
      }
      jk_stmt_done(s);
      if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading the summary lists", err);
      for (size_t i = 0; !rc && i < sm->nlp; i++) {
        const pchange *x = &sm->lp[i];
        if (x->k != kid || x->c != c) continue;
        size_t at = from;
        while (at < n && v[at] != x->id) at++;
        if (!x->sign && at < n) v[at] = v[--n];
        else if (x->sign && at == n) {
          if (jk_ids_push(&v, &n, &cap, x->id)) {
            rc = jk_err_set(err, JK_ENOMEM, "out of memory");
            break;
          }
        }
      }
    }
    if (!rc) {
      qsort(v, n, sizeof *v, cmp_ll);
      for (size_t i = (size_t)offset; i < n && (long long)i < want; i++)
        if (fn(ctx, v[i])) break;
    }
    free(v);
    return rc;
  }
  /* Any other filter: the matching incidents in id order. */
  jk_filter f;
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT i.id, i.summary ");
  jk_rc rc = jk_filter_from(q, 0, &f, &sql, err);
  if (rc) {
    jk_buf_free(&sql);
    return rc;
  }
  jk_buf_puts(&sql, " ORDER BY i.id");
  s = NULL;
  src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  long long seen = 0;
  int given = 0;
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    while (given < limit && (src = sqlite3_step(s)) == SQLITE_ROW) {
      /* The list is ascending: look for kid's varint without decoding all. */
      const unsigned char *p = sqlite3_column_blob(s, 1);
      size_t len = (size_t)sqlite3_column_bytes(s, 1), h = p ? head_of(p, len, NULL, NULL) : 0;
      p = p ? p + h : p;
      len -= h;
      int has = 0;
      long long one[1];
      for (size_t i = 0; p && i < len && !has;) {
        size_t k = i;
        while (k < len && (p[k] & 0x80)) k++;
        if (k >= len) break;
        if (decode(p + i, k + 1 - i, one, 1) == 1 && one[0] == kid) has = 1;
        i = k + 1;
      }
      if (!has || seen++ < offset) continue;
      given++;
      if (fn(ctx, sqlite3_column_int64(s, 0))) break;
    }
    if (src == SQLITE_DONE || src == SQLITE_ROW) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (src) rc = jk_store_dberr(st, src, "listing incidents", err);
  jk_filter_free(&f);
  jk_buf_free(&sql);
  return rc;
}
