/*
** pack.c — the store's stored bytes, compressed: every notice's text,
** raw bytes and record and every document's raw bytes are kept as one
** zstd frame each (schema 8), read back through jk_unpack.
**
** A value is either a zstd frame (a BLOB starting with the frame magic)
** or plain bytes as versions before 8 wrote them (TEXT, or a BLOB that
** is not a frame); readers accept both, so a reader never depends on a
** migration having run.  Compression is per value (a row is read alone),
** at level 3, with one context per thread kept for the process's life.
*/
#include "store_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define PACK_LEVEL 3

/* The thread's contexts, freed when it exits. */
typedef struct ctxs {
  ZSTD_CCtx *c;
  ZSTD_DCtx *d;
} ctxs;

static pthread_key_t ctx_key;
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;

static void ctx_free(void *p) {
  ctxs *x = p;
  if (!x) return;
  ZSTD_freeCCtx(x->c);
  ZSTD_freeDCtx(x->d);
  free(x);
}

static void ctx_init(void) { pthread_key_create(&ctx_key, ctx_free); }

static ctxs *thread_ctxs(void) {
  pthread_once(&ctx_once, ctx_init);
  ctxs *x = pthread_getspecific(ctx_key);
  if (!x && (x = calloc(1, sizeof *x)) && pthread_setspecific(ctx_key, x)) {
    free(x);
    x = NULL;
  }
  return x;
}

static const unsigned char zmagic[4] = {0x28, 0xb5, 0x2f, 0xfd};

int jk_is_packed(const void *p, size_t n) { return p && n >= 4 && memcmp(p, zmagic, 4) == 0; }

jk_rc jk_pack(const void *p, size_t n, jk_buf *out) {
  jk_buf_reset(out);
  size_t cap = ZSTD_compressBound(n);
  if (jk_buf_reserve(out, cap + 1)) return JK_ENOMEM;
  /* One context per thread, kept: making one per call costs more than
     compressing a notice. */
  ctxs *x = thread_ctxs();
  if (!x || (!x->c && !(x->c = ZSTD_createCCtx()))) return JK_ENOMEM;
  size_t z = ZSTD_compressCCtx(x->c, out->p, cap, p ? p : "", n, PACK_LEVEL);
  if (ZSTD_isError(z)) return JK_EIO;
  out->len = z;
  out->p[z] = 0;
  return JK_OK;
}

jk_rc jk_unpack(const void *p, size_t n, jk_buf *out) {
  jk_buf_reset(out);
  if (!jk_is_packed(p, n)) {
    jk_buf_append(out, p ? p : "", n);
    return out->oom ? JK_ENOMEM : JK_OK;
  }
  unsigned long long size = ZSTD_getFrameContentSize(p, n);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31)) return JK_EDB;
  if (jk_buf_reserve(out, (size_t)size + 1)) return JK_ENOMEM;
  ctxs *x = thread_ctxs();
  if (!x || (!x->d && !(x->d = ZSTD_createDCtx()))) return JK_ENOMEM;
  size_t got = ZSTD_decompressDCtx(x->d, out->p, (size_t)size, p, n);
  if (ZSTD_isError(got) || got != size) return JK_EDB;
  out->len = got;
  out->p[got] = 0;
  return JK_OK;
}

void jk_bind_packed(sqlite3_stmt *s, int i, const void *p, size_t n, jk_buf *tmp) {
  if (jk_pack(p, n, tmp) == JK_OK) sqlite3_bind_blob64(s, i, tmp->p, tmp->len, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i); /* the caller's step then fails on NOT NULL, or stores nothing */
}

const char *jk_column_unpacked(sqlite3_stmt *s, int i, jk_buf *out, size_t *len) {
  const void *p = sqlite3_column_blob(s, i);
  size_t n = (size_t)sqlite3_column_bytes(s, i);
  if (!p && sqlite3_column_type(s, i) == SQLITE_NULL) {
    *len = 0;
    return NULL;
  }
  if (jk_unpack(p, n, out) != JK_OK) {
    *len = 0;
    return NULL;
  }
  *len = out->len;
  return out->p ? out->p : "";
}

/* SQL: jk_unpack(x) — x's plain bytes, as TEXT (NULL stays NULL). */
static void sql_unpack(sqlite3_context *c, int argc, sqlite3_value **v) {
  (void)argc;
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
    sqlite3_result_null(c);
    return;
  }
  const void *p = sqlite3_value_blob(v[0]);
  size_t n = (size_t)sqlite3_value_bytes(v[0]);
  if (!jk_is_packed(p, n)) {
    if (sqlite3_value_type(v[0]) == SQLITE_TEXT) sqlite3_result_value(c, v[0]);
    else sqlite3_result_text64(c, p ? p : "", n, SQLITE_TRANSIENT, SQLITE_UTF8);
    return;
  }
  jk_buf b;
  jk_buf_init(&b);
  jk_rc rc = jk_unpack(p, n, &b);
  if (rc == JK_OK) sqlite3_result_text64(c, b.p ? b.p : "", b.len, SQLITE_TRANSIENT, SQLITE_UTF8);
  else if (rc == JK_ENOMEM) sqlite3_result_error_nomem(c);
  else sqlite3_result_error(c, "jk_unpack: a stored value is not a readable zstd frame", -1);
  jk_buf_free(&b);
}

/* SQL: jk_pack(x) — x as one zstd frame (a BLOB); NULL stays NULL. */
static void sql_pack(sqlite3_context *c, int argc, sqlite3_value **v) {
  (void)argc;
  if (sqlite3_value_type(v[0]) == SQLITE_NULL) {
    sqlite3_result_null(c);
    return;
  }
  const void *p = sqlite3_value_blob(v[0]);
  size_t n = (size_t)sqlite3_value_bytes(v[0]);
  if (jk_is_packed(p, n)) {
    sqlite3_result_value(c, v[0]);
    return;
  }
  jk_buf b;
  jk_buf_init(&b);
  if (jk_pack(p, n, &b) == JK_OK) sqlite3_result_blob64(c, b.p, b.len, SQLITE_TRANSIENT);
  else sqlite3_result_error_nomem(c);
  jk_buf_free(&b);
}

int jk_pack_register(sqlite3 *db) {
  int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int src = sqlite3_create_function(db, "jk_unpack", 1, f, NULL, sql_unpack, NULL, NULL);
  if (src == SQLITE_OK) src = sqlite3_create_function(db, "jk_pack", 1, f, NULL, sql_pack, NULL, NULL);
  return src;
}
