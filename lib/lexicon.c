/*
** lexicon.c — one pass over a notice that finds every vocabulary phrase.
**
** Each extractor used to scan the whole notice for its own words (cause
** phrases, authorities, products, words that introduce a data list …):
** ten passes over the same text.  Here one index of all the tables
** (phrase_index.c) is consulted once per code point, and the hits are
** kept in text order for the extractors to read.  Data words follow the
** longest-match rule (パスワード設定 is not the data word パスワード); the
** other tables keep every phrase found, overlaps included.
*/
#include "jk_int.h"

static bool grow(jk_arena *a, void **v, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return true;
  void *w = jk_arena_alloc(a, *cap * 2 * size);
  if (!w) return false;
  memcpy(w, *v, n * size);
  *v = w;
  *cap *= 2;
  return true;
}

void jk_lex(jk_xctx *x) {
  const jk_pindex *ix = jk_lexicon_index();
  size_t dcap = 64, lcap = 64, nd = 0, nl = 0;
  jk_dhit *dh = jk_arena_alloc(x->r->arena, dcap * sizeof *dh);
  jk_lhit *lh = jk_arena_alloc(x->r->arena, lcap * sizeof *lh);
  size_t data_until = 0; /* inside a data word: no other data word starts */
  for (size_t i = x->head; dh && lh && i < x->n;) {
    unsigned char c = (unsigned char)x->t[i];
    if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
      i++;
      continue;
    }
    int f[24];
    int nf = jk_pindex_at(ix, x->t + i, x->n - i, f, 24);
    bool data_done = i < data_until;
    for (int k = 0; k < nf; k++) {
      const jk_phrase *ph = &ix->v[f[k]];
      size_t len = strlen(ph->text);
      int table = ph->weight;
      if (table == JK_LX_DATA || table == JK_LX_NOTDATA) {
        /* The longest data or not-data phrase here, once. */
        if (data_done) continue;
        data_done = true;
        if (!grow(x->r->arena, (void **)&dh, &dcap, nd, sizeof *dh)) break;
        dh[nd++] = (jk_dhit){(uint32_t)i, (uint32_t)len, table == JK_LX_DATA ? ph->id : -1};
        data_until = i + len;
        continue;
      }
      if (!grow(x->r->arena, (void **)&lh, &lcap, nl, sizeof *lh)) break;
      lh[nl++] = (jk_lhit){(uint32_t)i, (uint16_t)(len < 65535 ? len : 65535), (uint8_t)table, (uint16_t)ph->id};
    }
    i += jk_cp_len(x->t + i, x->n - i);
  }
  x->dh = dh;
  x->ndh = dh ? nd : 0;
  x->lh = lh;
  x->nlh = lh ? nl : 0;
}
