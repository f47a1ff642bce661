/*
** fuzz_split.c — libFuzzer target for the splitter (split.c).
**
** The same bytes go through jk_split_buffer and through the streaming
** splitter fed in chunks of random sizes (1 byte to a few KB, taken from
** the end of the input); both must give the same segments.  Each segment
** must be consistent: raw is exactly the document's bytes at raw_offset,
** segments follow each other without gaps, text is valid UTF-8 ending in
** LF, first_line <= heading_line <= last_line.  A callback that asks to
** stop after segment k gets no more segments.
**
** fuzz-seeds: pages notices own
** fuzz-dict: ja vocab
** fuzz-max-len: 131072
*/
#include "fuzz.h"

typedef struct split_seg {
  char *text, *raw;
  size_t len, raw_len;
  long long raw_offset;
  int first_line, heading_line, last_line, is_notice, truncated;
} split_seg;

typedef struct split_run {
  split_seg *v;
  size_t n, cap;
  size_t stop_after; /* return non-zero after this many segments (0: never) */
  size_t calls;
} split_run;

static char *split_dup(const char *p, size_t n) {
  char *c = malloc(n + 1);
  if (!c) abort();
  if (n) memcpy(c, p, n);
  c[n] = 0;
  return c;
}

static int split_on_seg(void *vp, const jk_segment *seg) {
  split_run *r = vp;
  r->calls++;
  if (r->n == r->cap) {
    r->cap = r->cap ? r->cap * 2 : 16;
    r->v = realloc(r->v, r->cap * sizeof *r->v);
    if (!r->v) abort();
  }
  split_seg *s = &r->v[r->n++];
  s->text = split_dup(seg->text, seg->len);
  s->raw = split_dup(seg->raw, seg->raw_len);
  s->len = seg->len;
  s->raw_len = seg->raw_len;
  s->raw_offset = seg->raw_offset;
  s->first_line = seg->first_line;
  s->heading_line = seg->heading_line;
  s->last_line = seg->last_line;
  s->is_notice = seg->is_notice;
  s->truncated = seg->truncated;
  FZ_CHECK(seg->why != NULL);
  return r->stop_after && r->n >= r->stop_after;
}

static void split_free(split_run *r) {
  for (size_t i = 0; i < r->n; i++) {
    free(r->v[i].text);
    free(r->v[i].raw);
  }
  free(r->v);
}

static int split_same(const split_seg *a, const split_seg *b) {
  return a->len == b->len && a->raw_len == b->raw_len && a->raw_offset == b->raw_offset &&
         a->first_line == b->first_line && a->heading_line == b->heading_line &&
         a->last_line == b->last_line && a->is_notice == b->is_notice &&
         a->truncated == b->truncated && memcmp(a->text, b->text, a->len) == 0 &&
         memcmp(a->raw, b->raw, a->raw_len) == 0;
}

int fuzz_split(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned seed = fz_take_byte(&in) | fz_take_byte(&in) << 8;
  unsigned stop = fz_take_byte(&in);
  const char *doc = (const char *)in.p;
  size_t n = in.n;

  /* Whole buffer at once. */
  split_run whole = {0};
  jk_diags d1;
  jk_diags_init(&d1);
  FZ_CHECK(jk_split_buffer(doc, n, split_on_seg, &whole, &d1) == JK_OK);

  long long expect_off = 0;
  for (size_t i = 0; i < whole.n; i++) {
    const split_seg *s = &whole.v[i];
    FZ_CHECK(s->raw_offset == expect_off);
    FZ_CHECK(s->raw_offset >= 0 && (size_t)s->raw_offset + s->raw_len <= n);
    if (s->raw_offset >= 0 && (size_t)s->raw_offset + s->raw_len <= n)
      FZ_CHECK(memcmp(s->raw, doc + s->raw_offset, s->raw_len) == 0);
    expect_off = s->raw_offset + (long long)s->raw_len;
    FZ_CHECK(s->len > 0 && s->text[s->len - 1] == '\n');
    FZ_CHECK(fz_valid_utf8(s->text, s->len));
    FZ_CHECK(s->first_line >= 1);
    FZ_CHECK(s->first_line <= s->heading_line && s->heading_line <= s->last_line);
    if (i > 0) FZ_CHECK(s->first_line > whole.v[i - 1].last_line || whole.v[i - 1].truncated);
  }

  /* Streaming, in chunks whose sizes come from the seed. */
  split_run chunks = {0};
  jk_diags d2;
  jk_diags_init(&d2);
  jk_splitter *sp = jk_splitter_new(split_on_seg, &chunks, &d2);
  FZ_CHECK(sp != NULL);
  if (sp) {
    size_t off = 0;
    unsigned x = seed * 2654435761u + 1;
    while (off < n) {
      x = x * 1103515245u + 12345u;
      size_t want = (x >> 16) % 8 == 0 ? 1 : 1 + (x >> 16) % 4096;
      if (want > n - off) want = n - off;
      FZ_CHECK(jk_splitter_feed(sp, doc + off, want) == JK_OK);
      off += want;
    }
    FZ_CHECK(jk_splitter_finish(sp) == JK_OK);
    jk_splitter_free(sp);
  }
  FZ_CHECK(chunks.n == whole.n);
  for (size_t i = 0; i < whole.n && i < chunks.n; i++) FZ_CHECK(split_same(&whole.v[i], &chunks.v[i]));
  FZ_CHECK(d1.n == d2.n);

  /* Stopping early: no segment after the one that said stop. */
  if (stop && whole.n > 0) {
    split_run part = {0};
    part.stop_after = 1 + stop % whole.n;
    FZ_CHECK(jk_split_buffer(doc, n, split_on_seg, &part, NULL) == JK_OK);
    FZ_CHECK(part.calls == part.stop_after);
    for (size_t i = 0; i < part.n && i < whole.n; i++) FZ_CHECK(split_same(&whole.v[i], &part.v[i]));
    split_free(&part);
  }

  split_free(&whole);
  split_free(&chunks);
  jk_diags_free(&d1);
  jk_diags_free(&d2);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_split(data, size); }
#endif
