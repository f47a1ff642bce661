/*
** harness.h — the unit-test harness: TEST() functions, CHECK macros, and a
** main() that runs them and closes with "N passed, N failed".
**
** Each tests/unit/test_*.c is one binary.  A test passes when none of its
** checks failed; every check that fails prints file:line and the values.
** Tests read the shared corpus from ../shared at run time (JK_SHARED, or
** the directory beside the project), never from copies.
*/
#ifndef JK_HARNESS_H
#define JK_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*jk_test_fn)(void);
typedef struct {
  const char *name;
  jk_test_fn fn;
} jk_test_case;

static int jk_t_failed_checks;
static int jk_t_checks;

#define JK_T_MAX 512
static jk_test_case jk_t_cases[JK_T_MAX];
static int jk_t_ncases;

#define TEST(name)                                                            \
  static void name(void);                                                     \
  __attribute__((constructor)) static void reg_##name(void) {                 \
    if (jk_t_ncases < JK_T_MAX) jk_t_cases[jk_t_ncases++] = (jk_test_case){#name, name}; \
  }                                                                           \
  static void name(void)

#define CHECK(cond)                                                           \
  do {                                                                        \
    jk_t_checks++;                                                            \
    if (!(cond)) {                                                            \
      jk_t_failed_checks++;                                                   \
      fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    }                                                                         \
  } while (0)

#define CHECK_INT(a, b)                                                       \
  do {                                                                        \
    long long _a = (long long)(a), _b = (long long)(b);                       \
    jk_t_checks++;                                                            \
    if (_a != _b) {                                                           \
      jk_t_failed_checks++;                                                   \
      fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, _a, _b); \
    }                                                                         \
  } while (0)

#define CHECK_STR(a, b)                                                       \
  do {                                                                        \
    const char *_a = (a), *_b = (b);                                          \
    jk_t_checks++;                                                            \
    if (!_a || !_b || strcmp(_a, _b) != 0) {                                  \
      jk_t_failed_checks++;                                                   \
      fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
              _a ? _a : "(null)", _b ? _b : "(null)");                        \
    }                                                                         \
  } while (0)

/* Path of a file in ../shared (JK_SHARED overrides); static buffer. */
static inline const char *jk_t_shared(const char *rel) {
  static char path[4096];
  const char *base = getenv("JK_SHARED");
  snprintf(path, sizeof path, "%s/%s", base && *base ? base : "../shared", rel);
  return path;
}

/* Read a whole file; NULL if missing.  Caller frees. */
static inline char *jk_t_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *p = malloc((size_t)n + 1);
  if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(f);
  if (p) {
    p[n] = 0;
    if (len) *len = (size_t)n;
  }
  return p;
}

int main(int argc, char **argv) {
  int passed = 0, failed = 0;
  const char *only = argc > 1 ? argv[1] : NULL;
  for (int i = 0; i < jk_t_ncases; i++) {
    if (only && !strstr(jk_t_cases[i].name, only)) continue;
    int before = jk_t_failed_checks, checks = jk_t_checks;
    jk_t_cases[i].fn();
    if (jk_t_failed_checks != before || jk_t_checks == checks) {
      if (jk_t_checks == checks) fprintf(stderr, "  %s: made no checks\n", jk_t_cases[i].name);
      fprintf(stderr, "FAIL %s\n", jk_t_cases[i].name);
      failed++;
    } else {
      passed++;
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

/* The XSS polyglot line of seeds/001, read at run time (the project holds
   no copy), without surrounding blanks; NULL if the seed is missing.
   Caller frees. */
static inline char *jk_t_polyglot(void) {
  char *page = jk_t_slurp(jk_t_shared("seeds/001_f8e5bfe83f636fc9.txt"), NULL);
  if (!page) return NULL;
  char *s = strstr(page, "jaVasCript:");
  char *line = NULL;
  if (s) {
    size_t n = strcspn(s, "\r\n");
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    line = malloc(n + 1);
    if (line) {
      memcpy(line, s, n);
      line[n] = 0;
    }
  }
  free(page);
  return line;
}

#endif
