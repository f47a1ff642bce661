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
**  - a bounded cache of GET /api/ responses, invalidated whenever the
**    database files change on disk or a write goes through this server.
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

/* What the database looked like when an entry was made. */
typedef struct dbsig {
  long long db_mtime, db_size, wal_mtime, wal_size, writes;
} dbsig;

typedef struct centry {
  char *key;
  char *data;
  size_t len;
  unsigned status;
  dbsig sig;
} centry;

#define CACHE_SLOTS 1024
static centry cache[CACHE_SLOTS];
static size_t cache_bytes;
static pthread_rwlock_t cache_mu = PTHREAD_RWLOCK_INITIALIZER;

static void file_sig(const char *path, long long *mtime, long long *size) {
  struct stat st;
  if (stat(path, &st) == 0) {
    *mtime = (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
    *size = (long long)st.st_size;
  } else {
    *mtime = *size = -1;
  }
}

static void current_sig(srv *s, dbsig *g) {
  char wal[4096];
  file_sig(s->db_path, &g->db_mtime, &g->db_size);
  snprintf(wal, sizeof wal, "%s-wal", s->db_path);
  file_sig(wal, &g->wal_mtime, &g->wal_size);
  g->writes = atomic_load(&s->writes);
}

void srv_db_signature(srv *s, long long sig[5]) {
  dbsig g;
  current_sig(s, &g);
  sig[0] = g.db_mtime;
  sig[1] = g.db_size;
  sig[2] = g.wal_mtime;
  sig[3] = g.wal_size;
  sig[4] = g.writes;
}

static unsigned slot_of(const char *key) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 16777619u;
  return h % CACHE_SLOTS;
}

int srv_cache_get(srv *s, const char *key, jk_buf *out, unsigned *status) {
  if (!s->cache) return 0;
  dbsig now;
  current_sig(s, &now);
  int hit = 0;
  pthread_rwlock_rdlock(&cache_mu);
  centry *e = &cache[slot_of(key)];
  if (e->key && strcmp(e->key, key) == 0 && memcmp(&e->sig, &now, sizeof now) == 0) {
    hit = jk_buf_append(out, e->data, e->len) == JK_OK;
    *status = e->status;
  }
  pthread_rwlock_unlock(&cache_mu);
  return hit;
}

void srv_cache_put(srv *s, const char *key, const char *data, size_t len, unsigned status) {
  if (!s->cache || len > SRV_CACHE_BYTES / 16) return;
  dbsig now;
  current_sig(s, &now);
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
  e->sig = now;
  cache_bytes += len;
  pthread_rwlock_unlock(&cache_mu);
}

void srv_cache_free(void) {
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
