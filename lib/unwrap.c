/*
** unwrap.c — join the lines a PDF or a fixed-width page broke at its
** right margin.
**
** Text taken out of a PDF (and some pages copied from one) has a line
** break wherever the printed line ended, so 個人情報保護委員会 or 約48万件
** can be cut in two and no phrase table will find it.  Such a document
** shows itself by its line widths: many lines end within a character or
** two of the same width, without a sentence end, while no line is much
** wider.  Web text, where a line is a paragraph, has no such edge.  Only
** the lines at that edge are joined to the next, and not where the next
** line starts a list item, a numbered heading or an indented paragraph.
**
** The extractor runs on the joined text and maps its evidence back
** through the offset map, so every span still points into the notice as
** it was stored.  The search index holds the joined text too
** (jk_index_text in store.c): a change to what is joined changes what a
** contentless index must be given to delete an entry, so it needs a store
** migration that indexes every incident again, as migration 5 does.
*/
#include "jk_int.h"

#define MAX_W 1024 /* wider than any printed page: never a margin */
#define MIN_W 40   /* 20 full-width characters: narrower is a list, not a page */
#define SLACK 4    /* a line ends up to two full-width characters short */
/* Longer than any notice (a 50-page PDF is some 100 KB of text): the
   offset map costs four bytes a byte, so an 8 MB segment of log lines is
   read as it is. */
#define MAX_TEXT (1u << 20)

/* Display width of [s, e), capped past MAX_W: one for ASCII, two for any
   other character.  (Normalised text has no half-width kana, so counting
   bytes is exact: an ASCII byte is 1, a lead byte 2, a continuation 0.) */
static unsigned line_width(const char *t, size_t s, size_t e) {
  unsigned w = 0;
  for (size_t i = s; i < e && w <= MAX_W; i++) {
    unsigned char c = (unsigned char)t[i];
    w += c < 0x80 ? 1u : (c & 0xC0) == 0xC0 ? 2u : 0u;
  }
  return w > MAX_W ? MAX_W + 1 : w;
}

typedef struct line_info {
  size_t s, e;   /* [s, e): the line without trailing blanks */
  size_t nl;     /* offset of its '\n' (n if none) */
  unsigned w;    /* display width, capped at MAX_W + 1 */
  bool ends;     /* ends a sentence or a label (。 ! ? :) */
} line_info;

static bool sentence_end(const char *t, size_t s, size_t e) {
  if (e == s) return true;
  char c = t[e - 1];
  if (c == '!' || c == '?' || c == ':') return true;
  return jk_ends(t + s, e - s, "。") || jk_ends(t + s, e - s, "！") || jk_ends(t + s, e - s, "？") ||
         jk_ends(t + s, e - s, "：");
}

/* Does the line at p start something of its own: a list item, a numbered
   heading, an indented paragraph? */
static bool starts_item(const char *p, size_t n) {
  if (n == 0) return true;
  if (p[0] == ' ' || p[0] == '\t') return true;
  uint32_t cp = jk_fast_cp(p, n);
  switch (cp) {
  case 0x30FB: case 0x2022: case 0x25CF: case 0x25CB: case 0x25A0: case 0x25A1: /* ・ • ● ○ ■ □ */
  case 0x25C6: case 0x25C7: case 0x25BC: case 0x25B6: case 0x2605: case 0x2606: /* ◆ ◇ ▼ ▶ ★ ☆ */
  case 0x203B: case 0x3010: case 0x3008: case 0x300A: case 0x226A:             /* ※ 【 〈 《 ≪ */
  case 0x3007: case '-': case '*': case '<': case '[': case '#': case '>':       /* 〇 */
    return true;
  default:
    break;
  }
  if (p[0] == '(') {
    if (n < 2) return true;
    uint32_t c2 = jk_fast_cp(p + 1, n - 1);
    size_t k;
    return (c2 >= '0' && c2 <= '9') || (c2 >= 'a' && c2 <= 'z') || (c2 >= 'A' && c2 <= 'Z') || c2 == 0x203B ||
           jk_kanji_digit(p + 1, n - 1, &k) >= 0;
  }
  size_t i = 0;
  while (i < n && p[i] >= '0' && p[i] <= '9') i++;
  if (i > 0 && i <= 3) {
    if (i == n) return true;
    return p[i] == '.' || p[i] == ')' || p[i] == ' ' || jk_starts(p + i, n - i, "、");
  }
  if (((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z')) && n > 1 && (p[1] == ')' || p[1] == '.'))
    return true;
  size_t k;
  if (jk_kanji_digit(p, n, &k) > 0 && k < n)
    return jk_starts(p + k, n - k, "、") || p[k] == '.' || p[k] == ' ';
  return false;
}

static bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t jk_unwrap(const char *t, size_t n, jk_arena *a, char **out, size_t *out_len, uint32_t **map) {
  *out = NULL;
  *out_len = 0;
  *map = NULL;
  if (n == 0 || n > MAX_TEXT) return 0;
  /* A quick look first (most notices are web text): too few wide lines
     without a sentence end, and there is no margin to find. */
  size_t nlines = 0, open_wide = 0;
  for (size_t s0 = 0; s0 <= n;) {
    const char *nl = memchr(t + s0, '\n', n - s0);
    size_t le = nl ? (size_t)(nl - t) : n, e = le;
    while (e > s0 && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
    nlines++;
    if (e - s0 >= MIN_W / 2 && !sentence_end(t, s0, e) && line_width(t, s0, e) >= MIN_W) open_wide++;
    if (!nl) break;
    s0 = le + 1;
  }
  if (nlines < 5 || open_wide < 4) return 0;
  line_info *L = jk_arena_alloc(a, nlines * sizeof *L);
  if (!L) return 0;

  /* Widths, and how many lines end at each width without a sentence end. */
  unsigned open_at[MAX_W + 2], all_at[MAX_W + 2];
  memset(open_at, 0, sizeof open_at);
  memset(all_at, 0, sizeof all_at);
  size_t k = 0;
  for (size_t s = 0; s <= n && k < nlines;) {
    const char *nl = memchr(t + s, '\n', n - s);
    size_t le = nl ? (size_t)(nl - t) : n, e = le;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r')) e--;
    unsigned w = line_width(t, s, e);
    L[k] = (line_info){s, e, le, w, sentence_end(t, s, e)};
    all_at[w]++;
    if (!L[k].ends && w >= MIN_W) open_at[w]++;
    k++;
    if (!nl) break;
    s = le + 1;
  }
  nlines = k;

  /* The margin: the width whose window holds the most open line ends. */
  unsigned W = 0, band = 0;
  for (unsigned w = MIN_W; w <= MAX_W; w++) {
    unsigned c = 0;
    for (unsigned v = w - SLACK; v <= w; v++) c += open_at[v];
    if (c > band) band = c, W = w;
  }
  if (band < 4) return 0;
  unsigned over = 0, wide = 0;
  for (unsigned w = 0; w <= MAX_W + 1; w++) {
    if (w > W + 2) over += all_at[w];
    if (w >= W / 2) wide += all_at[w];
  }
  /* A few longer lines (a title, a URL) are allowed; many mean paragraphs. */
  unsigned allowed = band / 3 > 2 ? band / 3 : 2;
  if (over > allowed || band * 100 < 35 * wide) return 0;

  /* Join each open line at the margin to the next. */
  char *o = jk_arena_alloc(a, n + 1);
  uint32_t *m = jk_arena_alloc(a, (n + 1) * sizeof *m);
  if (!o || !m) return 0;
  size_t j = 0, joined = 0;
  for (size_t i = 0; i < nlines; i++) {
    const line_info *li = &L[i];
    for (size_t b = li->s; b < li->nl; b++) m[j] = (uint32_t)b, o[j++] = t[b];
    if (li->nl >= n) break;
    bool join = false;
    if (i + 1 < nlines && !li->ends && li->w + SLACK >= W && li->w <= W) {
      const line_info *nx = &L[i + 1];
      join = nx->e > nx->s && !starts_item(t + nx->s, nx->e - nx->s);
    }
    if (!join) {
      m[j] = (uint32_t)li->nl, o[j++] = '\n';
      continue;
    }
    joined++;
    /* Drop the margin's blanks; English words cut at the margin keep a space. */
    j -= li->nl - li->e;
    if (li->e > li->s && is_alnum(t[li->e - 1]) && is_alnum(t[L[i + 1].s])) m[j] = (uint32_t)li->nl, o[j++] = ' ';
  }
  if (!joined) return 0;
  m[j] = (uint32_t)n;
  o[j] = 0;
  *out = o;
  *out_len = j;
  *map = m;
  return joined;
}
