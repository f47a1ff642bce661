/*
** search_latency.c — how long a search takes on a large casebook.
**
**   search_latency --db PATH [--runs N] [--warmup N] [--budget S] [QUERY...]
**
** Opens the database read-only and runs each query many times through
** jk_store_search (the call the CLI and the HTTP API make), first page
** of results (20 hits, the default); a query stops early once its runs
** took --budget seconds (default 20), so a slow query cannot stall the
** benchmark.  Prints per query:
**
**   search "QUERY"  hits=TOTAL  p50=X ms  p99=Y ms  max=Z ms  cpu p50=A ms  p99=B ms  (N runs)
**
** p50/p99/max are wall clock; "cpu" is the process's CPU time (user+sys)
** for the same runs.  On a shared machine the wall clock also measures the
** neighbours (a search waiting for a core), the CPU time only the search.
**
** Queries are in the search language of jk_query_parse.  The default set:
** a two-character word (漏洩: the bigram index's shortest case), a longer
** phrase, and a word with a category and a date range.
*/
#include "store.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_ms(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }
static double cpu_ms(void) { return clock_ms(CLOCK_PROCESS_CPUTIME_ID); }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static double pct(const double *v, int n, double p) {
  int k = (int)(p / 100.0 * n + 0.999999) - 1;
  if (k < 0) k = 0;
  if (k >= n) k = n - 1;
  return v[k];
}

/* Touch every hit so the snippet and fields are really produced. */
static int on_hit(void *ctx, const jk_hit *h) {
  size_t *bytes = ctx;
  if (h->snippet) *bytes += strlen(h->snippet);
  if (h->title) *bytes += strlen(h->title);
  return 0;
}

/* Run one query `runs` times (or for budget_ms) after `warmup` runs; print its line. */
static int bench_query(jk_store *st, const char *text, int runs, int warmup, double budget_ms) {
  double *ms = malloc((size_t)runs * sizeof *ms), *cpu = malloc((size_t)runs * sizeof *cpu);
  char *buf = strdup(text);
  if (!ms || !cpu || !buf) {
    free(ms);
    free(cpu);
    free(buf);
    return 1;
  }
  jk_query q;
  jk_query_init(&q);
  jk_err err = {0, ""};
  if (jk_query_parse(buf, &q, &err) != JK_OK) {
    fprintf(stderr, "search_latency: query \"%s\": %s\n", text, err.msg);
    free(ms);
    free(cpu);
    free(buf);
    return 1;
  }
  long long total = 0;
  size_t bytes = 0;
  double start = 0;
  int done = 0;
  for (int i = -warmup; i < runs; i++) {
    if (i == 0) start = now_ms();
    if (i > 0 && now_ms() - start > budget_ms) break;
    double t0 = now_ms(), c0 = cpu_ms();
    if (jk_store_search(st, &q, on_hit, &bytes, &total, &err) != JK_OK) {
      fprintf(stderr, "search_latency: query \"%s\": %s\n", text, err.msg);
      free(ms);
      free(cpu);
      free(buf);
      return 1;
    }
    if (i >= 0) {
      cpu[done] = cpu_ms() - c0;
      ms[done++] = now_ms() - t0;
    }
  }
  qsort(ms, (size_t)done, sizeof *ms, cmp_double);
  qsort(cpu, (size_t)done, sizeof *cpu, cmp_double);
  printf("search \"%s\"  hits=%lld  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  cpu p50=%.2f ms  p99=%.2f ms  (%d runs)\n",
         text, total, pct(ms, done, 50), pct(ms, done, 99), ms[done - 1], pct(cpu, done, 50), pct(cpu, done, 99), done);
  free(ms);
  free(cpu);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                       {"runs", required_argument, 0, 'r'},
                                       {"warmup", required_argument, 0, 'w'},
                                       {"budget", required_argument, 0, 'b'},
                                       {0, 0, 0, 0}};
  const char *db = NULL;
  int runs = 200, warmup = 5, o;
  double budget = 20;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'd': db = optarg; break;
    case 'r': runs = atoi(optarg); break;
    case 'w': warmup = atoi(optarg); break;
    case 'b': budget = atof(optarg); break;
    default: goto usage;
    }
  }
  if (!db || runs < 1 || warmup < 0 || budget <= 0) goto usage;

  jk_store *st;
  jk_err err = {0, ""};
  if (jk_store_open(db, JK_STORE_READONLY, &st, &err) != JK_OK) {
    fprintf(stderr, "search_latency: %s\n", err.msg);
    return 1;
  }
  static const char *const defaults[] = {
      "漏洩",
      "クラウドストレージの共有設定",
      "誤送信 category:misdelivery since:2023-01-01 until:2024-12-31",
  };
  int status = 0;
  if (optind < argc) {
    for (int i = optind; i < argc; i++) status |= bench_query(st, argv[i], runs, warmup, budget * 1e3);
  } else {
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
      status |= bench_query(st, defaults[i], runs, warmup, budget * 1e3);
  }
  jk_store_close(st);
  return status;

usage:
  fputs("usage: search_latency --db PATH [--runs N] [--warmup N] [--budget SECONDS] [QUERY...]\n", stderr);
  return 2;
}
