/*
** db.c — the server's database connections and what sits on them:
**
**  - one read-only jk_store per worker thread, opened on first use (an
**    SQLite connection is not shared between threads; WAL lets all of
**    them read while the writer writes);
**  - the single write connection, used under s->write_mu;
**  - the time budget per request: jk_store_set_deadline() on the
**    reader, armed for SRV_QUERY_BUDGET_MS each time a request takes it
**    (a statement past it is interrupted and the store call returns
**    JK_ETIMEOUT, which api.c answers with 503);
**  - a bounded cache of GET /api/ responses, keyed by a signature of
**    the database read before the answer's query began (see below).
*/
#include "serve.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* One worker thread's connection. */
typedef struct reader {
  jk_store *st;
  struct reader *next; /* every reader, for srv_db_close_all */
} reader;

static __thread reader *tl_reader;
static reader *all_readers;
static pthread_mutex_t readers_mu = PTHREAD_MUTEX_INITIALIZER;

jk_store *srv_db_reader(srv *s, jk_err *err) {
  reader *rd = tl_reader;
  if (!rd) {
    rd = calloc(1, sizeof *rd);
    if (!rd) {
      jk_err_set(err, JK_ENOMEM, "out of memory");
      return NULL;
    }
    if (jk_store_open(s->db_path, JK_STORE_READONLY, &rd->st, err) != JK_OK) {
      free(rd);
      return NULL;
    }
    /* A long-lived reader: map the file (no read() per page) and keep a
       bigger page cache than SQLite's 2 MB default, so the full-text
       index of a large casebook stays in memory between requests. */
    sqlite3_exec(jk_store_sqlite(rd->st), "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536", NULL, NULL,
                 NULL);
    pthread_mutex_lock(&readers_mu);
    rd->next = all_readers;
    all_readers = rd;
    pthread_mutex_unlock(&readers_mu);
    tl_reader = rd;
  }
  jk_store_set_deadline(rd->st, SRV_QUERY_BUDGET_MS / 1000.0);
  return rd->st;
}

jk_store *srv_db_writer(srv *s, jk_err *err) {
  if (!s->wstore && jk_store_open(s->db_path, 0, &s->wstore, err) != JK_OK) return NULL;
  return s->wstore;
}

void srv_db_close_all(srv *s) {
  pthread_mutex_lock(&readers_mu);
  reader *rd = all_readers;
  all_readers = NULL;
  pthread_mutex_unlock(&readers_mu);
  while (rd) {
    reader *next = rd->next;
    jk_store_close(rd->st);
    free(rd);
    rd = next;
  }
  if (s->wstore) jk_store_close(s->wstore);
  s->wstore = NULL;
}

/* ---- response cache ------------------------------------------------------ */

/*
** An answer is cached under the signature read BEFORE its query began,
** and served only while the signature read before the next request is
** the same.  The signature is a generation counted over one connection
** of its own: `PRAGMA data_version` on it changes whenever any other
** connection, in this process or another, has committed since it was
** last asked, and asking starts a read of the latest commit.  So an
** answer made after signature g has seen at least every commit before g,
** and g is still current only if no commit came since: a commit that
** slips between the signature and the query makes the answer newer than
** its key, never older (the file modification times this cache used to
** compare were read after the query, and could be read after a commit
** the query had not seen).  The file's identity (device, inode) changes
** the signature too, when the database is replaced under the server.
*/
typedef struct centry {
  char *key;
  char *data;
  size_t len;
  unsigned status;
  srv_sig sig;
} centry;

#define CACHE_SLOTS 1024
static centry cache[CACHE_SLOTS];
static size_t cache_bytes;
static pthread_rwlock_t cache_mu = PTHREAD_RWLOCK_INITIALIZER;

static pthread_mutex_t sig_mu = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *sig_db;
static sqlite3_stmt *sig_stmt;
static long long sig_gen, sig_last = -1;

static int read_sig(srv *s, srv_sig *g);

int srv_cache_sig(srv *s, srv_sig *g) {
  memset(g, 0, sizeof *g);
  g->gen = -1;
  if (!s->cache) return -1;
  return read_sig(s, g);
}

/* The signature, cache or not (derived data needs it either way). */
static int read_sig(srv *s, srv_sig *g) {
  memset(g, 0, sizeof *g);
  g->gen = -1;
  g->writes = atomic_load(&s->writes);
  struct stat st;
  if (stat(s->db_path, &st) != 0) return -1;
  g->dev = (long long)st.st_dev;
  g->ino = (long long)st.st_ino;
  pthread_mutex_lock(&sig_mu);
  if (!sig_db && sqlite3_open_v2(s->db_path, &sig_db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    sqlite3_close(sig_db);
    sig_db = NULL;
  }
  if (sig_db && !sig_stmt) sqlite3_prepare_v2(sig_db, "PRAGMA data_version", -1, &sig_stmt, NULL);
  if (sig_stmt && sqlite3_step(sig_stmt) == SQLITE_ROW) {
    long long dv = sqlite3_column_int64(sig_stmt, 0);
    if (dv != sig_last) {
      sig_last = dv;
      sig_gen++;
    }
    g->gen = sig_gen;
  }
  if (sig_stmt) sqlite3_reset(sig_stmt);
  pthread_mutex_unlock(&sig_mu);
  return g->gen < 0 ? -1 : 0;
}

static int same_sig(const srv_sig *a, const srv_sig *b) {
  return a->gen >= 0 && a->gen == b->gen && a->writes == b->writes && a->dev == b->dev && a->ino == b->ino;
}

void srv_db_signature(srv *s, long long sig[5]) {
  srv_sig g = {-1, 0, 0, 0};
  read_sig(s, &g);
  sig[0] = g.gen;
  sig[1] = g.writes;
  sig[2] = g.dev;
  sig[3] = g.ino;
  sig[4] = 0;
}

static unsigned slot_of(const char *key) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 16777619u;
  return h % CACHE_SLOTS;
}

int srv_cache_get(srv *s, const char *key, const srv_sig *sig, jk_buf *out, unsigned *status) {
  if (!s->cache || sig->gen < 0) return 0;
  int hit = 0;
  pthread_rwlock_rdlock(&cache_mu);
  centry *e = &cache[slot_of(key)];
  if (e->key && strcmp(e->key, key) == 0 && same_sig(&e->sig, sig)) {
    hit = jk_buf_append(out, e->data, e->len) == JK_OK;
    *status = e->status;
  }
  pthread_rwlock_unlock(&cache_mu);
  return hit;
}

void srv_cache_put(srv *s, const char *key, const srv_sig *sig, const char *data, size_t len, unsigned status) {
  if (!s->cache || sig->gen < 0 || len > SRV_CACHE_BYTES / 16) return;
  char *k = strdup(key);
  char *d = malloc(len ? len : 1);
  if (!k || !d) {
    free(k);
    free(d);
    return;
  }
  memcpy(d, data, len);
  pthread_rwlock_wrlock(&cache_mu);
  centry *e = &cache[slot_of(key)];
  if (e->key) {
    cache_bytes -= e->len;
    free(e->key);
    free(e->data);
    e->key = NULL;
  }
  if (cache_bytes + len > SRV_CACHE_BYTES) {
    /* Full: start again rather than track ages; the cache refills from
       whatever is asked for now. */
    for (int i = 0; i < CACHE_SLOTS; i++) {
      free(cache[i].key);
      free(cache[i].data);
      cache[i].key = NULL;
      cache[i].data = NULL;
    }
    cache_bytes = 0;
  }
  e->key = k;
  e->data = d;
  e->len = len;
  e->status = status;
  e->sig = *sig;
  cache_bytes += len;
  pthread_rwlock_unlock(&cache_mu);
}

void srv_cache_free(void) {
  pthread_mutex_lock(&sig_mu);
  sqlite3_finalize(sig_stmt);
  sig_stmt = NULL;
  sqlite3_close(sig_db);
  sig_db = NULL;
  pthread_mutex_unlock(&sig_mu);
  pthread_rwlock_wrlock(&cache_mu);
  for (int i = 0; i < CACHE_SLOTS; i++) {
    free(cache[i].key);
    free(cache[i].data);
    cache[i].key = NULL;
    cache[i].data = NULL;
  }
  cache_bytes = 0;
  pthread_rwlock_unlock(&cache_mu);
}
