/*
** fuzz_normalize.c — libFuzzer target for jk_normalize (normalize.c).
**
** Any bytes in; the promises checked: it succeeds, the output is valid
** UTF-8 with no NUL or other control but TAB/LF, it has exactly as many
** LFs as the input (line numbers stay meaningful), every warning points
** inside the input, and normalising the output again changes nothing
** (the extractors rely on seeing one form).
**
** fuzz-seeds: pages notices own
** fuzz-dict: ja vocab
** fuzz-max-len: 16384
*/
#include "fuzz.h"

static size_t norm_count_lf(const char *p, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += p[i] == '\n';
  return k;
}

int fuzz_normalize(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  jk_buf out, again;
  jk_buf_init(&out);
  jk_buf_init(&again);
  jk_diags d;
  jk_diags_init(&d);
  jk_rc rc = jk_normalize(in, size, &out, &d);
  FZ_CHECK(rc == JK_OK);
  if (rc == JK_OK) {
    FZ_CHECK(out.p != NULL);
    FZ_CHECK(fz_valid_utf8(out.p, out.len));
    FZ_CHECK(norm_count_lf(out.p, out.len) == norm_count_lf(in, size));
    for (size_t i = 0; i < out.len; i++) {
      unsigned char c = (unsigned char)out.p[i];
      FZ_CHECK(c >= 0x20 || c == '\t' || c == '\n');
      FZ_CHECK(c != 0x7F);
    }
    for (size_t i = 0; i < d.n; i++) {
      FZ_CHECK(d.v[i].offset >= 0 && (size_t)d.v[i].offset < size);
      FZ_CHECK(d.v[i].line >= 1);
    }
    /* Idempotent: the normal form of the normal form is itself. */
    FZ_CHECK(jk_normalize(out.p, out.len, &again, NULL) == JK_OK);
    FZ_CHECK(again.len == out.len && memcmp(again.p, out.p, out.len) == 0);
  }
  jk_buf_free(&out);
  jk_buf_free(&again);
  jk_diags_free(&d);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_normalize(data, size); }
#endif
