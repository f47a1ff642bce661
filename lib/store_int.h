/*
** store_int.h — objects shared by store.c, search.c, stats.c and
** fts_bigram.c but not published: the open store, the tokenizer's C
** entry point, and the filter builder that turns a jk_query into SQL.
*/
#ifndef JK_STORE_INT_H
#define JK_STORE_INT_H

#include "store.h"

#include <sqlite3.h>

#define JK_STMT_CACHE 48

struct jk_store {
  sqlite3 *db;
  char *path;
  unsigned flags;
  int version; /* schema version after migrations */
  int in_tx;   /* inside jk_store_begin .. commit/rollback */
  int batch;   /* inside jk_store_batch_begin .. commit/rollback: a
                  file's begin .. commit joins the batch's transaction */
  int batch_lost; /* the batch's transaction was rolled back (an error):
                     jk_store_batch_commit says so */
  long long tx_changes; /* sqlite3_total_changes64 when the file began */
  /* jk_store_set_deadline: when statements must stop (CLOCK_MONOTONIC
     seconds, 0: no deadline), the budget given (for the message), and
     whether the progress handler has interrupted a statement for it. */
  double deadline_at;
  double deadline_len;
  int deadline_hit;
  /* Prepared statements kept for reuse, keyed by their SQL literal's
     address (every caller passes a string constant). */
  struct {
    const char *sql;
    sqlite3_stmt *st;
  } cache[JK_STMT_CACHE];
  int ncache;
  /* summary.c: key ids seen and count changes queued for the commit. */
  struct jk_summary *sum;
  int vacuum; /* a migration converted rows: VACUUM once it committed */
  int summary_later; /* migrating from before step 12: no summary tables yet,
                        the step computes every incident's (jk_summary_update
                        does nothing meanwhile) */
  /* pack.c: the dictionary ids the store compresses with, per kind
     (0: none yet), whether training was done or tried, and the notices
     stored without one (training starts at JK_PACK_TRAIN_AT). */
  unsigned pack_dict[3];
  int pack_tried;
  long long pack_count;
};

/* A reset, reusable statement for the constant sql (NULL on error, with
   err set).  Reset it when done (jk_stmt_done) so no read stays open. */
sqlite3_stmt *jk_stmt(jk_store *st, const char *sql, jk_err *err);
static inline void jk_stmt_done(sqlite3_stmt *s) {
  if (s) sqlite3_reset(s);
}

/* ---- fts_bigram.c -------------------------------------------------------- */

#define JK_TOK_WORD 1      /* a lower-cased word (letters/digits) */
#define JK_TOK_SINGLE 2    /* the unigram of a one-character CJK run */
#define JK_TOK_COLOCATED 4 /* the extra end-of-run unigram (documents only) */

/* Called per token: bytes [start, end) of the input.  Non-zero stops. */
typedef int (*jk_tok_fn)(void *ctx, const char *tok, int n, int start, int end, int kind);

/* Tokenize t as the index does (query=0) or as a query does (query=1). */
int jk_bigram_tokenize(const char *t, int n, int query, jk_tok_fn fn, void *ctx);

/* Register the "jk_bigram" tokenizer on db; returns an SQLite code. */
int jk_fts_bigram_register(sqlite3 *db);

/* ---- store.c ------------------------------------------------------------- */

/* Turn an SQLite failure into a jk_rc with a message naming the database,
   what was being done and the remedy (disk full, read-only, busy…). */
jk_rc jk_store_dberr(jk_store *st, int src, const char *what, jk_err *err);

/* Find an incident by display id (2023-446, J-12) or number; 0 if none. */
long long jk_store_find_incident(jk_store *st, const char *incident);

/* ---- pack.c: stored bytes as zstd frames ------------------------------------ */

/* JK_ETIMEOUT (the deadline's message, while `what`) when the deadline
   of jk_store_set_deadline has passed: for reads too short for the
   progress handler to notice (the summary counts). */
jk_rc jk_store_check_deadline(jk_store *st, const char *what, jk_err *err);
/* Does p start a zstd frame (a value written by jk_pack)? */
int jk_is_packed(const void *p, size_t n);
/* What a value is, for the dictionary it is compressed with: plain (no
   dictionary: documents' bytes), a notice's text or raw bytes, a record. */
enum { JK_PACK_PLAIN, JK_PACK_TEXT, JK_PACK_RECORD };
/* Notices stored before the store trains its dictionaries. */
#define JK_PACK_TRAIN_AT 1000
/* out = p compressed as one zstd frame, no dictionary (JK_ENOMEM, JK_EIO). */
jk_rc jk_pack(const void *p, size_t n, jk_buf *out);
/* The same with st's dictionary of kind when it has one. */
jk_rc jk_pack_kind(jk_store *st, int kind, const void *p, size_t n, jk_buf *out);
/* out = the plain bytes of a stored value: a frame decompressed, anything
   else copied as it is (values stored before schema 12).  NUL-terminated.
   JK_EDB: a frame that does not decompress (a damaged file), or whose
   dictionary is not loaded (jk_column_unpacked and SQL jk_unpack load it
   from the casebook). */
jk_rc jk_unpack(const void *p, size_t n, jk_buf *out);
/* Bind p compressed (jk_pack_kind) as parameter i of s (tmp holds the
   frame meanwhile). */
void jk_bind_packed(jk_store *st, int kind, sqlite3_stmt *s, int i, const void *p, size_t n, jk_buf *tmp);
/* Column i of the current row, unpacked into out: its bytes (NUL-
   terminated) and *len, or NULL for SQL NULL or a damaged frame. */
const char *jk_column_unpacked(sqlite3_stmt *s, int i, jk_buf *out, size_t *len);
/* Register the SQL functions jk_pack(x[, kind]) and jk_unpack(x) on st. */
int jk_pack_register(jk_store *st);
/* Read which dictionaries st compresses with (after migrations). */
jk_rc jk_pack_open(jk_store *st, jk_err *err);
/* Train st's dictionaries from its latest notices (a text one, a record
   one) if it has none, and compress every notice again with them; a
   casebook too small or too varied to train records that it tried.  In
   the caller's transaction. */
jk_rc jk_pack_train(jk_store *st, jk_err *err);

/* ---- search.c: jk_query → SQL over incidents (alias i) ------------------- */

typedef struct jk_bind {
  int is_text;
  long long i;
  char *s; /* owned */
} jk_bind;

typedef struct jk_filter {
  jk_buf where;  /* " AND …" conditions over incidents i (may be empty) */
  char *match;   /* FTS5 expression for q->text, or NULL (owned) */
  char *words[16]; /* the words looked for, normalised (for snippets) */
  int nwords;
  int wide;        /* a condition needs columns outside incidents_filter */
  jk_bind binds[32];
  int nbind;
} jk_filter;

/*
** Build the filter for q.  The SQL in where uses ?N parameters numbered
** from first_param; bind them with jk_filter_bind().  match is set when
** q->text has words (the caller joins incident_fts f on f.rowid = i.id
** and adds "f.incident_fts MATCH ?" itself, bound with jk_filter_bind).
*/
jk_rc jk_filter_build(const jk_query *q, int first_param, jk_filter *f, jk_err *err);
int jk_filter_bind(const jk_filter *f, sqlite3_stmt *st, int first_param);
void jk_filter_free(jk_filter *f);

/*
** "FROM … WHERE …": the filtered incident set as SQL over incidents i
** (and incident_fts fts when there are words), parameters numbered from 1
** (the match first).  The full-text match always drives the join (a plan
** that probes the index once per incident is ruinous).  covered: the
** caller reads only columns of the incidents_filter index (id, category,
** pub_sort, card, vendor, data_types, reported_to, affected), so the
** join may stay in that narrow index.
*/
jk_rc jk_filter_from(const jk_query *q, int covered, jk_filter *f, jk_buf *sql, jk_err *err);

#endif /* JK_STORE_INT_H */
