/*
** fts_bigram.c — the "jk_bigram" FTS5 tokenizer: Japanese as a user types it.
**
** Japanese has no spaces, and the words analysts look for are often two
** characters long (漏洩, 紛失, 誤送), which a trigram index cannot match.
** So runs of CJK characters (kanji, hiragana, katakana, hangul) become
** overlapping character bigrams — 個人情報 → 個人 人情 情報 — at
** consecutive positions, which makes a phrase query match exactly the
** adjacent sequence.  Runs of other letters and digits (ASCII and the
** rest) become lower-cased words.  Everything else separates tokens.
**
** One character more: at the end of every CJK run its last character is
** also emitted as a unigram, colocated with the last bigram.  Every
** character of a run is then the first character of some token, so a
** one-character query 市 can run as the prefix query "市"* instead of a
** scan of the text.  Query-side tokenization leaves that extra unigram
** out (a one-character run still yields its unigram), and the text is
** NFKC-normalised before it gets here (at ingest and in search.c).
*/
#include "store_int.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

/* Longest word token kept, in bytes; longer runs are cut (same on both
   sides, so matching is unaffected) to keep the index sane on garbage. */
#define MAX_WORD 64

/* Character classes: separator, CJK (bigrams), word (letters/digits). */
enum { C_SEP = 0, C_CJK, C_WORD };

static int is_cjk(uint32_t c) {
  return (c >= 0x3040 && c <= 0x30FF)     /* hiragana, katakana (incl. ー) */
         || (c >= 0x31F0 && c <= 0x31FF)  /* katakana phonetic extensions */
         || (c >= 0x3400 && c <= 0x4DBF)  /* CJK extension A */
         || (c >= 0x4E00 && c <= 0x9FFF)  /* CJK unified ideographs */
         || (c >= 0xF900 && c <= 0xFAFF)  /* compatibility ideographs */
         || (c >= 0xAC00 && c <= 0xD7AF)  /* hangul syllables */
         || (c >= 0xFF66 && c <= 0xFF9F)  /* half-width katakana (not NFKC'd) */
         || (c >= 0x20000 && c <= 0x3FFFF) /* CJK extensions B.. */
         || c == 0x3005 || c == 0x3006 || c == 0x3007; /* 々 〆 〇 */
}

static int char_class(uint32_t c) {
  if (c < 0x80) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return C_WORD;
    return C_SEP;
  }
  if (is_cjk(c)) return C_CJK;
  switch (utf8proc_category((utf8proc_int32_t)c)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
    return C_WORD;
  default:
    return C_SEP;
  }
}

/* Decode one code point; invalid bytes count as a one-byte separator. */
static int next_cp(const char *p, int n, uint32_t *cp) {
  int k = jk_utf8_decode(p, (size_t)n, cp);
  if (k <= 0) {
    *cp = 0xFFFD;
    return 1;
  }
  return k;
}

/* Emit a lower-cased word token [s, e). */
static int emit_word(const char *t, int s, int e, jk_tok_fn fn, void *ctx) {
  char buf[MAX_WORD + 4];
  int n = 0;
  for (int i = s; i < e;) {
    uint32_t c;
    int k = next_cp(t + i, e - i, &c);
    uint32_t lc = (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
    char enc[4];
    int m = (int)utf8proc_encode_char((utf8proc_int32_t)lc, (utf8proc_uint8_t *)enc);
    if (n + m > MAX_WORD) break;
    memcpy(buf + n, enc, (size_t)m);
    n += m;
    i += k;
  }
  if (n == 0) return 0;
  return fn(ctx, buf, n, s, e, JK_TOK_WORD);
}

int jk_bigram_tokenize(const char *t, int n, int query, jk_tok_fn fn, void *ctx) {
  /* Streaming: a bigram is emitted when its second character arrives, so
     a run of any length needs no buffer. */
  int word_start = -1;
  int run_len = 0, prev = 0, prev_end = 0; /* current CJK run; its last char */
  int rc = 0;
  for (int i = 0; i <= n && !rc;) {
    uint32_t c = 0;
    int k = 1, cls = C_SEP;
    if (i < n) {
      k = next_cp(t + i, n - i, &c);
      cls = char_class(c);
    }
    if (cls != C_WORD && word_start >= 0) {
      rc = emit_word(t, word_start, i, fn, ctx);
      word_start = -1;
    }
    if (cls != C_CJK && run_len > 0 && !rc) {
      if (run_len == 1)
        rc = fn(ctx, t + prev, prev_end - prev, prev, prev_end, JK_TOK_SINGLE);
      else if (!query)
        rc = fn(ctx, t + prev, prev_end - prev, prev, prev_end, JK_TOK_COLOCATED);
      run_len = 0;
    }
    if (rc || i >= n) break;
    if (cls == C_WORD && word_start < 0) word_start = i;
    if (cls == C_CJK) {
      if (run_len > 0) rc = fn(ctx, t + prev, i + k - prev, prev, i + k, 0);
      prev = i;
      prev_end = i + k;
      run_len++;
    }
    i += k;
  }
  return rc;
}

/* ---- the FTS5 glue ------------------------------------------------------ */

typedef struct glue {
  void *ctx;
  int (*xToken)(void *, int, const char *, int, int, int);
} glue;

static int to_fts(void *vp, const char *tok, int n, int s, int e, int kind) {
  glue *g = vp;
  return g->xToken(g->ctx, (kind & JK_TOK_COLOCATED) ? FTS5_TOKEN_COLOCATED : 0, tok, n, s, e);
}

static int tok_create(void *unused, const char **azArg, int nArg, Fts5Tokenizer **pp) {
  static int dummy;
  *pp = (Fts5Tokenizer *)&dummy; /* stateless */
  return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p) {}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
                        int (*xToken)(void *, int, const char *, int, int, int)) {
  glue g = {ctx, xToken};
  return jk_bigram_tokenize(text, n, (flags & FTS5_TOKENIZE_QUERY) != 0, to_fts, &g);
}

/* Ask the connection for its fts5_api (the documented pointer dance). */
static fts5_api *fts5_api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

/*
** jk_rank(incident_fts): relevance as -(sum over the query's phrases of
** log(1 + occurrences)), lower is better like bm25.  bm25 also reads each
** row's length from the %_docsize table, a B-tree lookup per match that
** made a common word cost 5 us a row at 100,000 notices; this reads only
** the position lists the match has already loaded.  Ties go to the
** caller's next ORDER BY term (the newest first).
**
** Occurrences are counted on each phrase's own position list
** (xPhraseFirst/xPhraseNext): the same list xInst reads, but xInstCount
** first builds a sorted array of every instance of every phrase, which
** was a quarter of the time of a one-word search.  Phrases after the
** 32nd do not count (as before: ranks stay what they were).
*/
static void jk_rank(const Fts5ExtensionApi *x, Fts5Context *fc, sqlite3_context *ctx, int nval, sqlite3_value **val) {
  enum { MAXP = 32 };
  int np = x->xPhraseCount(fc);
  double score = 0;
  for (int p = 0; p < np && p < MAXP; p++) {
    Fts5PhraseIter it;
    int ic, io, n = 0;
    if (x->xPhraseFirst(fc, p, &it, &ic, &io) != SQLITE_OK) {
      sqlite3_result_error(ctx, "jk_rank: cannot read a position list", -1);
      return;
    }
    for (; ic >= 0; x->xPhraseNext(fc, &it, &ic, &io)) n++;
    if (n) score += log1p((double)n);
  }
  sqlite3_result_double(ctx, -score);
}

/*
** jk_in_idset(bits, id): 1 when bit id of the blob bits is set (bit i is
** bits[i / 8] & (1 << i % 8)), else 0; NULL bits or an id out of range:
** 0.  search.c builds the blob from the filter indexes and tests each
** full-text match against it, instead of a B-tree seek per match.
*/
static void jk_in_idset(sqlite3_context *ctx, int nval, sqlite3_value **val) {
  const unsigned char *bits = sqlite3_value_blob(val[0]);
  long long n = sqlite3_value_bytes(val[0]);
  sqlite3_int64 id = sqlite3_value_int64(val[1]);
  sqlite3_result_int(ctx, bits && id >= 0 && id / 8 < n && (bits[id / 8] >> (id % 8) & 1));
}

int jk_fts_bigram_register(sqlite3 *db) {
  fts5_api *api = fts5_api_of(db);
  if (!api) return SQLITE_ERROR;
  static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
  int rc = api->xCreateTokenizer(api, "jk_bigram", NULL, &tok, NULL);
  if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "jk_rank", NULL, jk_rank, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2(db, "jk_in_idset", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                                    jk_in_idset, NULL, NULL, NULL);
  return rc;
}
