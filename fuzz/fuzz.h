/*
** fuzz.h — what every libFuzzer target in fuzz/ shares.
**
** Each fuzz_<t>.c defines `int fuzz_<t>(const uint8_t *data, size_t size)`
** and, unless JK_FUZZ_NO_MAIN is defined, the LLVMFuzzerTestOneInput that
** calls it.  tests/unit/test_fuzz_regress.c defines JK_FUZZ_NO_MAIN and
** includes every target, so committed reproducers (fuzz/regress/<t>/) run
** through the very same code in the normal and the ASan test builds.
**
** FZ_CHECK states an invariant the library promises.  Under libFuzzer a
** broken invariant aborts (a crash with the input saved); in the
** regression test it is counted, so the suite reports it and goes on.
** Static names in a target carry the target's prefix, since the
** regression test puts all of them into one translation unit.
*/
#ifndef JK_FUZZ_H
#define JK_FUZZ_H

#include "../lib/jikenbo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fz_failures;

static inline void fz_fail(const char *file, int line, const char *what) {
  fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  fz_failures++;
#ifndef JK_FUZZ_NO_MAIN
  abort();
#endif
}

#define FZ_CHECK(cond)                                        \
  do {                                                        \
    if (!(cond)) fz_fail(__FILE__, __LINE__, #cond);          \
  } while (0)

/*
** An invariant whose breach is a known, reported bug (fuzz/regress/OPEN):
** a long run may set FUZZ_SKIP_OPEN to a list of tags so that the bug it
** already knows does not end every round; CI and the regression test
** never set it.
*/
static inline int fz_skipped(const char *tag) {
  const char *s = getenv("FUZZ_SKIP_OPEN");
  return s && strstr(s, tag) != NULL;
}
#define FZ_CHECK_OPEN(tag, cond)                              \
  do {                                                        \
    if (!fz_skipped(tag) && !(cond)) fz_fail(__FILE__, __LINE__, #cond); \
  } while (0)

/*
** A tiny data provider: takes small integers off the end of the input
** (so the front stays the text the mutator and dictionaries work on).
*/
typedef struct fz_in {
  const uint8_t *p;
  size_t n;
} fz_in;

static inline unsigned fz_take_byte(fz_in *in) {
  if (in->n == 0) return 0;
  in->n--;
  return in->p[in->n];
}

/* Is every byte of [p, p+n) valid UTF-8 (no NUL inside)? */
static inline int fz_valid_utf8(const char *p, size_t n) {
  return jk_utf8_valid_prefix(p, n) == n && memchr(p, 0, n) == NULL;
}

/* Is off a code-point boundary of the valid UTF-8 text t[0, n)? */
static inline int fz_cp_boundary(const char *t, size_t n, size_t off) {
  return off == n || (off < n && ((unsigned char)t[off] & 0xC0) != 0x80);
}

#endif /* JK_FUZZ_H */
