/*
** test_fuzz_regress.c — every committed fuzz reproducer, run again.
**
** Each file in fuzz/regress/<target>/ is an input that once crashed,
** leaked, hit undefined behaviour or broke an invariant in a fuzz target;
** fuzz/seeds/<target>/ holds our own small fixtures.  Both are run here
** through the very same entry points (the fuzz_*.c files are included
** with JK_FUZZ_NO_MAIN), so the normal suite and the ASan+UBSan suite
** check them on every run.  Each input runs in a child process: a crash
** or sanitizer abort fails that input only, and names it.
**
** fuzz/regress/OPEN lists reproducers of bugs reported but not yet fixed
** ("target/file  where, who was told"): they still run, and are printed,
** but do not fail the suite; one that passes is reported as fixed.  The
** bounded fuzz run in CI fails on them regardless.
*/
#define JK_FUZZ_NO_MAIN
#include "../../fuzz/fuzz_bigram.c"
#include "../../fuzz/fuzz_charset.c"
#include "../../fuzz/fuzz_check.c"
#include "../../fuzz/fuzz_date.c"
#include "../../fuzz/fuzz_eval_gold.c"
#include "../../fuzz/fuzz_extract.c"
#include "../../fuzz/fuzz_extract_fields.c"
#include "../../fuzz/fuzz_feed.c"
#include "../../fuzz/fuzz_html.c"
#include "../../fuzz/fuzz_http.c"
#include "../../fuzz/fuzz_import.c"
#include "../../fuzz/fuzz_normalize.c"
#include "../../fuzz/fuzz_number.c"
#include "../../fuzz/fuzz_ocr.c"
#include "../../fuzz/fuzz_pdf.c"
#include "../../fuzz/fuzz_query.c"
#include "../../fuzz/fuzz_record_json.c"
#include "../../fuzz/fuzz_split.c"

#include "harness.h"

#include <dirent.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

typedef int (*fz_entry)(const uint8_t *, size_t);
static const struct {
  const char *name;
  fz_entry fn;
} targets[] = {
    {"bigram", fuzz_bigram},
    {"charset", fuzz_charset},
    {"check", fuzz_check},
    {"date", fuzz_date},
    {"eval_gold", fuzz_eval_gold},
    {"extract", fuzz_extract},
    {"extract_fields", fuzz_extract_fields},
    {"feed", fuzz_feed},
    {"html", fuzz_html},
    {"http", fuzz_http},
    {"import", fuzz_import},
    {"normalize", fuzz_normalize},
    {"number", fuzz_number},
    {"ocr", fuzz_ocr},
    {"pdf", fuzz_pdf},
    {"query", fuzz_query},
    {"record_json", fuzz_record_json},
    {"split", fuzz_split},
};

/* LeakSanitizer's check, when the build has it (weak: absent otherwise). */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

static const char *root(void) {
  DIR *d = opendir("fuzz");
  if (d) {
    closedir(d);
    return ".";
  }
  return "..";
}

static char *open_list;

static int is_open(const char *target, const char *file) {
  if (!open_list) return 0;
  char key[512];
  snprintf(key, sizeof key, "%s/%s", target, file);
  for (const char *p = open_list; (p = strstr(p, key)) != NULL; p++) {
    size_t k = strlen(key);
    bool starts = p == open_list || p[-1] == '\n';
    bool ends = p[k] == 0 || p[k] == ' ' || p[k] == '\t' || p[k] == '\n';
    if (starts && ends) return 1;
  }
  return 0;
}

/* Run fn on the file in a child; 0 when it returned cleanly. */
static int run_child(fz_entry fn, const char *path) {
  size_t n = 0;
  char *data = jk_t_slurp(path, &n);
  if (!data) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid == 0) {
    fn((const uint8_t *)data, n);
    int leaks = __lsan_do_recoverable_leak_check ? __lsan_do_recoverable_leak_check() : 0;
    _exit(fz_failures ? 3 : leaks ? 4 : 0);
  }
  free(data);
  int st = 0;
  if (pid < 0 || waitpid(pid, &st, 0) < 0) return -1;
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  return 128 + WTERMSIG(st);
}

static void run_dir(const char *target, fz_entry fn, const char *kind, int *count) {
  char dir[1024];
  snprintf(dir, sizeof dir, "%s/fuzz/%s/%s", root(), kind, target);
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    int rc = run_child(fn, path);
    (*count)++;
    int open = strcmp(kind, "regress") == 0 && is_open(target, e->d_name);
    if (rc != 0 && open) {
      fprintf(stderr, "  open bug (reported, not yet fixed): %s (status %d)\n", path, rc);
      CHECK(1);
    } else if (rc == 0 && open) {
      fprintf(stderr, "  %s passes in this build (if also under ASan+UBSan: remove it from fuzz/regress/OPEN)\n", path);
      CHECK(1);
    } else {
      if (rc != 0) fprintf(stderr, "  %s: status %d (3 invariant, 4 leak, >128 signal)\n", path, rc);
      CHECK_INT(rc, 0);
    }
  }
  closedir(d);
}

TEST(fuzz_reproducers_and_seeds) {
  char p[1024];
  snprintf(p, sizeof p, "%s/fuzz/regress/OPEN", root());
  open_list = jk_t_slurp(p, NULL);
  int count = 0;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    run_dir(targets[i].name, targets[i].fn, "regress", &count);
    run_dir(targets[i].name, targets[i].fn, "seeds", &count);
  }
  CHECK(count > 0);
  free(open_list);
}

/* The entry points also take the empty input and a lone NUL. */
TEST(fuzz_entry_points_on_trivial_input) {
  static const uint8_t nul[1] = {0};
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    int before = fz_failures;
    targets[i].fn(nul, 0);
    targets[i].fn(nul, 1);
    CHECK_INT(fz_failures - before, 0);
  }
}
