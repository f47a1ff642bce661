/*
** phrase_index.c — finding vocabulary phrases fast.
**
** The extractors ask, at every position of a notice, "which phrases of
** this table start here?".  Asking each of ~200 phrases in turn made
** extraction crawl; this index sorts a table by the first code point of
** each phrase (longest first within one code point), so a lookup is one
** binary search and a few comparisons.  The indexes of the vocab.c tables
** are built once, on first use, thread-safely.
*/
#include "jk_int.h"

#include <pthread.h>
#include <stdlib.h>

static uint32_t first_cp(const char *p, size_t n) { return jk_fast_cp(p, n); }

static int cmp_ent(const void *a, const void *b) {
  const jk_pent *x = a, *y = b;
  if (x->cp != y->cp) return x->cp < y->cp ? -1 : 1;
  if (x->len != y->len) return x->len > y->len ? -1 : 1;
  return x->i < y->i ? -1 : (x->i > y->i);
}

void jk_pindex_build(jk_pindex *ix, const jk_phrase *v, size_t n) {
  ix->v = v;
  ix->n = 0;
  ix->e = malloc(n * sizeof *ix->e);
  if (!ix->e) return;
  for (size_t i = 0; i < n; i++) {
    size_t l = strlen(v[i].text);
    if (!l) continue;
    ix->e[ix->n].cp = first_cp(v[i].text, l);
    ix->e[ix->n].len = (uint32_t)l;
    ix->e[ix->n].i = (uint32_t)i;
    size_t pl = l < 8 ? l : 8;
    uint64_t pre = 0, mask = 0;
    memcpy(&pre, v[i].text, pl);
    memset(&mask, 0xFF, pl);
    ix->e[ix->n].pre = pre;
    ix->e[ix->n].mask = mask;
    ix->n++;
  }
  qsort(ix->e, ix->n, sizeof *ix->e, cmp_ent);
  memset(ix->bloom, 0, sizeof ix->bloom);
  for (size_t i = 0; i < ix->n; i++) {
    uint32_t b = ix->e[i].cp & (JK_PINDEX_BLOOM - 1);
    ix->bloom[b >> 6] |= 1ull << (b & 63);
  }
}

int jk_pindex_find(const jk_pindex *ix, uint32_t cp, const char *p, size_t n, int *out, int max) {
  if (!ix->e) return 0;
  size_t lo = 0, hi = ix->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (ix->e[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  /* The first 8 bytes of the text, to compare with each phrase's. */
  uint64_t head = 0;
  memcpy(&head, p, n < 8 ? n : 8);
  int k = 0;
  for (size_t j = lo; j < ix->n && ix->e[j].cp == cp && k < max; j++) {
    const jk_pent *e = &ix->e[j];
    if (e->len > n || (head & e->mask) != e->pre) continue;
    if (e->len <= 8 || memcmp(p + 8, ix->v[e->i].text + 8, e->len - 8) == 0) out[k++] = (int)e->i;
  }
  return k;
}

static jk_pindex data_ix, cause_ix, not_data_ix, authority_ix, vendor_ix, product_ix, notice_ix, data_lex_ix, lexicon_ix;

/* Add a table to the lexicon: each phrase tagged with its table. */
static size_t add_table(jk_phrase *out, size_t at, int table, const char *const *words, const jk_phrase *ph,
                        size_t n) {
  for (size_t i = 0; i < n; i++) out[at + i] = (jk_phrase){words ? words[i] : ph[i].text, (int)i, table};
  return at + n;
}
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A word list becomes a phrase table (weight w) to share the index. */
static void build_words(jk_pindex *ix, const char *const *words, size_t n, int w, jk_phrase *out) {
  for (size_t i = 0; i < n; i++) {
    out[i].text = words[i];
    out[i].id = (int)i;
    out[i].weight = w;
  }
  jk_pindex_build(ix, out, n);
}

static void build_all(void) {
  static jk_phrase *tables;
  jk_pindex_build(&data_ix, jk_data_phrases, jk_data_phrases_n);
  jk_pindex_build(&cause_ix, jk_cause_phrases, jk_cause_phrases_n);
  jk_pindex_build(&authority_ix, jk_authority_phrases, jk_authority_phrases_n);
  size_t total = jk_not_data_n + jk_vendor_words_n + jk_product_words_n + jk_notice_words_n + jk_notice_weak_words_n;
  tables = calloc(total, sizeof *tables);
  if (!tables) return;
  jk_phrase *t = tables;
  build_words(&not_data_ix, jk_not_data, jk_not_data_n, 1, t);
  t += jk_not_data_n;
  build_words(&vendor_ix, jk_vendor_words, jk_vendor_words_n, 1, t);
  t += jk_vendor_words_n;
  build_words(&product_ix, jk_product_words, jk_product_words_n, 1, t);
  t += jk_product_words_n;
  /* Notice words: strong ones weigh 2, weak ones 1; ids are distinct. */
  for (size_t i = 0; i < jk_notice_words_n; i++) t[i] = (jk_phrase){jk_notice_words[i], (int)i, 2};
  for (size_t i = 0; i < jk_notice_weak_words_n; i++)
    t[jk_notice_words_n + i] = (jk_phrase){jk_notice_weak_words[i], (int)(jk_notice_words_n + i), 1};
  jk_pindex_build(&notice_ix, t, jk_notice_words_n + jk_notice_weak_words_n);
  /* Data phrases and not-data phrases in one index: one lookup decides
     (パスワード設定 is longer than パスワード, so it wins). */
  static jk_phrase *lex;
  lex = calloc(jk_data_phrases_n + jk_not_data_n, sizeof *lex);
  if (lex) {
    memcpy(lex, jk_data_phrases, jk_data_phrases_n * sizeof *lex);
    for (size_t i = 0; i < jk_not_data_n; i++) lex[jk_data_phrases_n + i] = (jk_phrase){jk_not_data[i], -1, 0};
    jk_pindex_build(&data_lex_ix, lex, jk_data_phrases_n + jk_not_data_n);
  }
  /* Every table in one index, for the one pass of lexicon.c. */
  size_t all = jk_data_phrases_n + jk_not_data_n + jk_cause_phrases_n + jk_authority_phrases_n + jk_vendor_words_n +
               jk_product_words_n + jk_intro_words_n + jk_ref_words_n + jk_discovery_words_n + jk_period_words_n;
  static jk_phrase *lx;
  lx = calloc(all, sizeof *lx);
  if (lx) {
    size_t k = 0;
    k = add_table(lx, k, JK_LX_DATA, NULL, jk_data_phrases, jk_data_phrases_n);
    k = add_table(lx, k, JK_LX_NOTDATA, jk_not_data, NULL, jk_not_data_n);
    k = add_table(lx, k, JK_LX_CAUSE, NULL, jk_cause_phrases, jk_cause_phrases_n);
    k = add_table(lx, k, JK_LX_AUTH, NULL, jk_authority_phrases, jk_authority_phrases_n);
    k = add_table(lx, k, JK_LX_VENDOR, jk_vendor_words, NULL, jk_vendor_words_n);
    k = add_table(lx, k, JK_LX_PRODUCT, jk_product_words, NULL, jk_product_words_n);
    k = add_table(lx, k, JK_LX_INTRO, jk_intro_words, NULL, jk_intro_words_n);
    k = add_table(lx, k, JK_LX_REF, jk_ref_words, NULL, jk_ref_words_n);
    k = add_table(lx, k, JK_LX_DISC, jk_discovery_words, NULL, jk_discovery_words_n);
    k = add_table(lx, k, JK_LX_PERIOD, jk_period_words, NULL, jk_period_words_n);
    jk_pindex_build(&lexicon_ix, lx, k);
  }
}

#define GETTER(name, ix)        \
  const jk_pindex *name(void) { \
    pthread_once(&once, build_all); \
    return &ix;                 \
  }

GETTER(jk_data_index, data_ix)
GETTER(jk_cause_index, cause_ix)
GETTER(jk_not_data_index, not_data_ix)
GETTER(jk_authority_index, authority_ix)
GETTER(jk_vendor_index, vendor_ix)
GETTER(jk_product_index, product_ix)
GETTER(jk_notice_index, notice_ix)
GETTER(jk_data_lex_index, data_lex_ix)
GETTER(jk_lexicon_index, lexicon_ix)

/*
** Indexes of word lists (const char *const[]), made on first use and kept
** for the life of the process.  Lists are static tables, so their address
** identifies them.
*/
#define WORDS_MAX 64
static struct {
  const char *const *words;
  jk_pindex ix;
} word_ix[WORDS_MAX];
static size_t word_ix_n;
static pthread_mutex_t word_lock = PTHREAD_MUTEX_INITIALIZER;

const jk_pindex *jk_words_index(const char *const *words, size_t n) {
  /* A per-thread memo of recent lookups spares the lock on the hot path. */
  static __thread struct {
    const char *const *words;
    const jk_pindex *ix;
  } memo[16];
  size_t slot = ((uintptr_t)words >> 4) & 15;
  if (memo[slot].words == words) return memo[slot].ix;
  const jk_pindex *found = NULL;
  pthread_mutex_lock(&word_lock);
  for (size_t i = 0; i < word_ix_n; i++)
    if (word_ix[i].words == words) {
      found = &word_ix[i].ix;
      break;
    }
  if (!found && word_ix_n < WORDS_MAX) {
    jk_phrase *t = calloc(n ? n : 1, sizeof *t);
    if (t) {
      for (size_t i = 0; i < n; i++) t[i] = (jk_phrase){words[i], (int)i, 1};
      jk_pindex_build(&word_ix[word_ix_n].ix, t, n);
      word_ix[word_ix_n].words = words;
      found = &word_ix[word_ix_n++].ix;
    }
  }
  pthread_mutex_unlock(&word_lock);
  if (found) {
    memo[slot].words = words;
    memo[slot].ix = found;
  }
  return found;
}
