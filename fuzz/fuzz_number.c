/*
** fuzz_number.c — libFuzzer target for jk_parse_number (extract_number.c).
**
** Promises checked: it never reads past len (ASan sees the exact-size
** copy), consumes at most len bytes and never stops inside a character of
** valid UTF-8, gives a value >= 0, and saturates at INT64_MAX with the
** overflow flag instead of wrapping (9999999999999999999万件).  Parsing
** the consumed prefix alone gives the same value.
**
** fuzz-seeds: snippets own
** fuzz-dict: number
** fuzz-max-len: 256
*/
#include "fuzz.h"

#include <limits.h>

int fuzz_number(const uint8_t *data, size_t size) {
  /* An exact-size heap copy, so any over-read is a heap overflow. */
  char *p = malloc(size ? size : 1);
  if (!p) return 0;
  if (size) memcpy(p, data, size);
  long long v = -7;
  int ovf = -7;
  size_t k = jk_parse_number(p, size, &v, &ovf);
  FZ_CHECK(k <= size);
  if (k > 0) {
    FZ_CHECK(v >= 0);
    FZ_CHECK(ovf == 0 || ovf == 1);
    if (ovf) FZ_CHECK(v == LLONG_MAX);
    if (fz_valid_utf8(p, size)) FZ_CHECK(fz_cp_boundary(p, size, k));
    long long v2 = -7;
    int ovf2 = -7;
    size_t k2 = jk_parse_number(p, k, &v2, &ovf2);
    FZ_CHECK(k2 == k);
    FZ_CHECK(v2 == v && ovf2 == ovf);
    /* NULL outputs are allowed. */
    FZ_CHECK(jk_parse_number(p, size, NULL, NULL) == k);
  }
  free(p);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_number(data, size); }
#endif
