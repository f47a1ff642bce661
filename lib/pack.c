/*
** pack.c — the store's stored bytes, compressed: every notice's text,
** raw bytes and record and every document's raw bytes are kept as one
** zstd frame each (schema 12), read back through jk_unpack.
**
** A value is either a zstd frame (a BLOB starting with the frame magic)
** or plain bytes as versions before 12 wrote them (TEXT, or a BLOB that
** is not a frame); readers accept both, so a reader never depends on a
** migration having run.  Compression is per value (a row is read alone),
** at level 3, with one context per thread kept for the process's life.
**
** Notices are short (a kilobyte or two) and alike, and zstd alone gains
** little on short values.  So once a casebook holds JK_PACK_TRAIN_AT
** notices, a dictionary is trained from its own texts and another from
** its records (ZDICT, 64 KB each), kept in pack_dicts(id, kind, dict)
** and used for every text, raw and record written after; the notices
** stored before are compressed again with it in the same transaction.
** A frame names its dictionary (its id in the frame header), so a reader
** finds it in the process's table of dictionaries, loading it from the
** casebook the first time.  A dictionary is never changed or deleted.
*/
#include "store_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#define PACK_LEVEL 1

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

/* ---- dictionaries: the process's table -------------------------------------- */

#define MAX_DICTS 64
#define DICT_BYTES (64 * 1024)

static struct dict {
  unsigned id;
  int kind;
  ZSTD_CDict *c;
  ZSTD_DDict *d;
} dicts[MAX_DICTS];
static int ndicts;
static pthread_mutex_t dict_lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry of dictionary id, made from bytes if given and not known yet. */
static struct dict *dict_get(unsigned id, int kind, const void *bytes, size_t n) {
  struct dict *r = NULL;
  pthread_mutex_lock(&dict_lock);
  for (int i = 0; i < ndicts && !r; i++)
    if (dicts[i].id == id) r = &dicts[i];
  if (!r && bytes && n && ndicts < MAX_DICTS) {
    ZSTD_CDict *c = ZSTD_createCDict(bytes, n, PACK_LEVEL);
    ZSTD_DDict *d = ZSTD_createDDict(bytes, n);
    if (c && d) {
      r = &dicts[ndicts++];
      *r = (struct dict){id, kind, c, d};
    } else {
      ZSTD_freeCDict(c);
      ZSTD_freeDDict(d);
    }
  }
  pthread_mutex_unlock(&dict_lock);
  return r;
}

/* Dictionary id from the casebook db (NULL: not there). */
static struct dict *dict_load(sqlite3 *db, unsigned id) {
  struct dict *r = dict_get(id, 0, NULL, 0);
  if (r || !db) return r;
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(db, "SELECT kind, dict FROM pack_dicts WHERE id=?1", -1, &s, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_int64(s, 1, id);
  if (sqlite3_step(s) == SQLITE_ROW)
    r = dict_get(id, sqlite3_column_int(s, 0), sqlite3_column_blob(s, 1), (size_t)sqlite3_column_bytes(s, 1));
  sqlite3_finalize(s);
  return r;
}

/* ---- packing ------------------------------------------------------------------ */

static jk_rc pack_with(const struct dict *dc, const void *p, size_t n, jk_buf *out) {
  jk_buf_reset(out);
  size_t cap = ZSTD_compressBound(n);
  if (jk_buf_reserve(out, cap + 1)) return JK_ENOMEM;
  /* One context per thread, kept: making one per call costs more than
     compressing a notice. */
  ctxs *x = thread_ctxs();
  if (!x || (!x->c && !(x->c = ZSTD_createCCtx()))) return JK_ENOMEM;
  size_t z = dc ? ZSTD_compress_usingCDict(x->c, out->p, cap, p ? p : "", n, dc->c)
                : ZSTD_compressCCtx(x->c, out->p, cap, p ? p : "", n, PACK_LEVEL);
  if (ZSTD_isError(z)) return JK_EIO;
  out->len = z;
  out->p[z] = 0;
  return JK_OK;
}

jk_rc jk_pack(const void *p, size_t n, jk_buf *out) { return pack_with(NULL, p, n, out); }

/* The dictionary the store writes kind with (NULL: none yet). */
static const struct dict *store_dict(jk_store *st, int kind) {
  if (!st || kind <= JK_PACK_PLAIN || kind > JK_PACK_RECORD || !st->pack_dict[kind]) return NULL;
  return dict_load(st->db, st->pack_dict[kind]);
}

jk_rc jk_pack_kind(jk_store *st, int kind, const void *p, size_t n, jk_buf *out) {
  return pack_with(store_dict(st, kind), p, n, out);
}

static jk_rc unpack_db(sqlite3 *db, const void *p, size_t n, jk_buf *out) {
  jk_buf_reset(out);
  if (!jk_is_packed(p, n)) {
    jk_buf_append(out, p ? p : "", n);
    return out->oom ? JK_ENOMEM : JK_OK;
  }
  unsigned long long size = ZSTD_getFrameContentSize(p, n);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ull << 31)) return JK_EDB;
  unsigned id = ZSTD_getDictID_fromFrame(p, n);
  const struct dict *dc = id ? dict_load(db, id) : NULL;
  if (id && !dc) return JK_EDB; /* its dictionary is not in this casebook */
  if (jk_buf_reserve(out, (size_t)size + 1)) return JK_ENOMEM;
  ctxs *x = thread_ctxs();
  if (!x || (!x->d && !(x->d = ZSTD_createDCtx()))) return JK_ENOMEM;
  size_t got = dc ? ZSTD_decompress_usingDDict(x->d, out->p, (size_t)size, p, n, dc->d)
                  : ZSTD_decompressDCtx(x->d, out->p, (size_t)size, p, n);
  if (ZSTD_isError(got) || got != size) return JK_EDB;
  out->len = got;
  out->p[got] = 0;
  return JK_OK;
}

jk_rc jk_unpack(const void *p, size_t n, jk_buf *out) { return unpack_db(NULL, p, n, out); }

void jk_bind_packed(jk_store *st, int kind, sqlite3_stmt *s, int i, const void *p, size_t n, jk_buf *tmp) {
  if (jk_pack_kind(st, kind, p, n, tmp) == JK_OK) sqlite3_bind_blob64(s, i, tmp->p, tmp->len, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i); /* the caller's step then fails on NOT NULL, or stores nothing */
}

const char *jk_column_unpacked(sqlite3_stmt *s, int i, jk_buf *out, size_t *len) {
  const void *p = sqlite3_column_blob(s, i);
  size_t n = (size_t)sqlite3_column_bytes(s, i);
  if (!p && sqlite3_column_type(s, i) == SQLITE_NULL) {
    *len = 0;
    return NULL;
  }
  if (unpack_db(sqlite3_db_handle(s), p, n, out) != JK_OK) {
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
  jk_rc rc = unpack_db(sqlite3_context_db_handle(c), p, n, &b);
  if (rc == JK_OK) sqlite3_result_text64(c, b.p ? b.p : "", b.len, SQLITE_TRANSIENT, SQLITE_UTF8);
  else if (rc == JK_ENOMEM) sqlite3_result_error_nomem(c);
  else sqlite3_result_error(c, "jk_unpack: a stored value is not a readable zstd frame", -1);
  jk_buf_free(&b);
}

/* SQL: jk_pack(x[, kind]) — x as one zstd frame (a BLOB), with the
   store's dictionary of kind (jk_pack_kind) if it has one; NULL stays
   NULL, a frame stays as it is. */
static void sql_pack(sqlite3_context *c, int argc, sqlite3_value **v) {
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
  int kind = argc > 1 ? sqlite3_value_int(v[1]) : JK_PACK_PLAIN;
  jk_buf b;
  jk_buf_init(&b);
  if (jk_pack_kind(sqlite3_user_data(c), kind, p, n, &b) == JK_OK)
    sqlite3_result_blob64(c, b.p, b.len, SQLITE_TRANSIENT);
  else
    sqlite3_result_error_nomem(c);
  jk_buf_free(&b);
}

int jk_pack_register(jk_store *st) {
  int f = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  int src = sqlite3_create_function(st->db, "jk_unpack", 1, f, NULL, sql_unpack, NULL, NULL);
  if (src == SQLITE_OK) src = sqlite3_create_function(st->db, "jk_pack", 1, f, st, sql_pack, NULL, NULL);
  if (src == SQLITE_OK) src = sqlite3_create_function(st->db, "jk_pack", 2, f, st, sql_pack, NULL, NULL);
  return src;
}

/* ---- the store's dictionaries ------------------------------------------------- */

jk_rc jk_pack_open(jk_store *st, jk_err *err) {
  st->pack_dict[JK_PACK_TEXT] = st->pack_dict[JK_PACK_RECORD] = 0;
  st->pack_tried = 0;
  st->pack_count = 0;
  sqlite3_stmt *s = NULL;
  /* A file before schema 12 has no table yet: nothing to load. */
  if (sqlite3_prepare_v2(st->db, "SELECT id, kind FROM pack_dicts ORDER BY rowid", -1, &s, NULL) != SQLITE_OK)
    return JK_OK;
  int src;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    int kind = sqlite3_column_int(s, 1);
    st->pack_tried = 1;
    if (kind > JK_PACK_PLAIN && kind <= JK_PACK_RECORD) st->pack_dict[kind] = (unsigned)sqlite3_column_int64(s, 0);
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "reading the compression dictionaries", err);
  if (!st->pack_tried && (st->flags & JK_STORE_READONLY) == 0 &&
      sqlite3_prepare_v2(st->db, "SELECT count(*) FROM notices", -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW) st->pack_count = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  return JK_OK;
}

/* Samples of one column for training: the latest notices' values. */
static jk_rc samples_of(jk_store *st, const char *sql, jk_buf *all, size_t **sizes, unsigned *n, jk_err *err) {
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "sampling notices for a dictionary", err);
  size_t cap = 0;
  jk_buf b;
  jk_buf_init(&b);
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    size_t len = 0;
    const char *v = jk_column_unpacked(s, 0, &b, &len);
    if (!v || !len) continue;
    if (*n == cap) {
      cap = cap ? cap * 2 : 256;
      size_t *z = realloc(*sizes, cap * sizeof *z);
      if (!z) break;
      *sizes = z;
    }
    jk_buf_append(all, v, len);
    (*sizes)[(*n)++] = len;
  }
  jk_buf_free(&b);
  sqlite3_finalize(s);
  if (src != SQLITE_DONE && src != SQLITE_ROW) return jk_store_dberr(st, src, "sampling notices for a dictionary", err);
  return all->oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}

jk_rc jk_pack_train(jk_store *st, jk_err *err) {
  static const char *const sample_sql[] = {
      NULL,
      "SELECT text FROM notices ORDER BY id DESC LIMIT 2000",
      "SELECT record FROM notices WHERE record IS NOT NULL ORDER BY id DESC LIMIT 2000",
  };
  jk_rc rc = JK_OK;
  int made = 0;
  for (int kind = JK_PACK_TEXT; !rc && kind <= JK_PACK_RECORD; kind++) {
    if (st->pack_dict[kind]) continue;
    jk_buf all;
    jk_buf_init(&all);
    size_t *sizes = NULL;
    unsigned n = 0;
    rc = samples_of(st, sample_sql[kind], &all, &sizes, &n, err);
    void *dict = rc ? NULL : malloc(DICT_BYTES);
    size_t dlen = 0;
    /* Fewer than a few hundred samples train nothing worth having. */
    if (dict && n >= 200) {
      ZDICT_fastCover_params_t fp;
      memset(&fp, 0, sizeof fp);
      fp.k = 200;
      fp.d = 8;
      fp.f = 20;
      fp.accel = 1;
      fp.zParams.compressionLevel = PACK_LEVEL;
      dlen = ZDICT_trainFromBuffer_fastCover(dict, DICT_BYTES, all.p, sizes, n, fp);
      if (ZDICT_isError(dlen)) dlen = 0;
    }
    unsigned id = dlen ? ZDICT_getDictID(dict, dlen) : 0;
    if (id && dict_get(id, 0, NULL, 0)) id = 0; /* an id already known: improbable, skip */
    if (!rc && id) {
      sqlite3_stmt *s = NULL;
      int src = sqlite3_prepare_v2(st->db, "INSERT INTO pack_dicts(id, kind, dict) VALUES(?1, ?2, ?3)", -1, &s, NULL);
      if (src == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, id);
        sqlite3_bind_int(s, 2, kind);
        sqlite3_bind_blob(s, 3, dict, (int)dlen, SQLITE_STATIC);
        src = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
      }
      sqlite3_finalize(s);
      if (src) rc = jk_store_dberr(st, src, "storing a compression dictionary", err);
      else if (!dict_get(id, kind, dict, dlen)) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      else st->pack_dict[kind] = id, made = 1;
    }
    free(dict);
    free(sizes);
    jk_buf_free(&all);
  }
  /* Tried: not again on every commit (a row of kind 0 says so). */
  if (!rc && !made && !st->pack_tried) {
    char *e = NULL;
    if (sqlite3_exec(st->db, "INSERT OR IGNORE INTO pack_dicts(id, kind, dict) VALUES(0, 0, x'')", NULL, NULL, &e) !=
        SQLITE_OK)
      rc = jk_err_set(err, JK_EDB, "storing the compression state: %s", e ? e : "?");
    sqlite3_free(e);
  }
  st->pack_tried = 1;
  /* The notices stored before, again with the dictionaries. */
  if (!rc && made) {
    char *e = NULL;
    int src = sqlite3_exec(st->db,
                           "UPDATE notices SET text = jk_pack(jk_unpack(text), 1),"
                           " raw = CASE WHEN length(CAST(raw AS BLOB)) = 0 THEN raw ELSE jk_pack(jk_unpack(raw), 1) END,"
                           " record = jk_pack(jk_unpack(record), 2)",
                           NULL, NULL, &e);
    if (src) rc = jk_err_set(err, JK_EDB, "compressing the notices again with the dictionaries: %s", e ? e : "?");
    sqlite3_free(e);
  }
  return rc;
}
