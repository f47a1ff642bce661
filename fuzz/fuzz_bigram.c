/*
** fuzz_bigram.c — libFuzzer target for the search tokenizer
** (jk_bigram_tokenize, lib/fts_bigram.c), which every stored notice and
** every query goes through.
**
** Promises checked: each token covers bytes [start, end) of the input
** with 0 <= start < end <= n, on code-point boundaries when the input is
** valid UTF-8; tokens are short (words cut at 64 bytes); CJK bigrams and
** unigrams are the input's own bytes; positions never go backwards;
** query mode never emits the colocated unigram; a non-zero return stops.
**
** fuzz-needs: lib/fts_bigram.c
** fuzz-seeds: snippets own
** fuzz-dict: ja
** fuzz-max-len: 4096
*/
#include "fuzz.h"
#include "../lib/store_int.h"

typedef struct bigram_ctx {
  const char *t;
  int n, valid, last_start, count, stop_after, query;
} bigram_ctx;

static int bigram_on_tok(void *vp, const char *tok, int n, int start, int end, int kind) {
  bigram_ctx *c = vp;
  c->count++;
  FZ_CHECK(tok != NULL && n > 0 && n <= 64 + 4);
  FZ_CHECK(0 <= start && start < end && end <= c->n);
  FZ_CHECK(start >= c->last_start);
  c->last_start = start;
  FZ_CHECK(kind == 0 || kind == JK_TOK_WORD || kind == JK_TOK_SINGLE || kind == JK_TOK_COLOCATED);
  if (c->query) FZ_CHECK(kind != JK_TOK_COLOCATED);
  if (c->valid && start >= 0 && end <= c->n) {
    FZ_CHECK(fz_cp_boundary(c->t, (size_t)c->n, (size_t)start));
    FZ_CHECK(fz_cp_boundary(c->t, (size_t)c->n, (size_t)end));
    FZ_CHECK(fz_valid_utf8(tok, (size_t)n));
  }
  if (kind != JK_TOK_WORD && start >= 0 && end <= c->n)
    FZ_CHECK(n == end - start && memcmp(tok, c->t + start, (size_t)n) == 0);
  return c->stop_after && c->count >= c->stop_after;
}

int fuzz_bigram(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned b = fz_take_byte(&in);
  const char *t = (const char *)in.p;
  int n = (int)in.n;
  for (int query = 0; query <= 1; query++) {
    bigram_ctx c = {t, n, fz_valid_utf8(t, in.n), 0, 0, (int)(b % 5), query};
    int rc = jk_bigram_tokenize(t, n, query, bigram_on_tok, &c);
    if (c.stop_after) FZ_CHECK(c.count <= c.stop_after);
    if (!c.stop_after) FZ_CHECK(rc == 0);
  }
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_bigram(data, size); }
#endif
