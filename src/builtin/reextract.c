/*
** reextract.c — `jikenbo reextract`: run the current extraction rules
** over every stored notice (their text is kept for this), keeping the
** analysts' corrections and the incidents' links.
*/
#include "../cli.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo reextract [OPTIONS]\n"
    "\n"
    "Re-run extraction over every notice in the casebook (after the rules\n"
    "improved). Corrections stay in force; incidents keep their reports; a\n"
    "notice whose extraction had failed gets its record and incident now.\n"
    "One transaction: interrupted, it changes nothing.\n"
    "\n"
    "options:\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 done; 1 failed (nothing changed); 2 bad usage.\n";

static void on_progress(void *ctx, long long done, long long total) {
  cli_progress *p = ctx;
  p->total = total;
  cli_progress_update(p, done, "notices");
}

int cmd_reextract(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
  const char *db = NULL;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind != argc) {
    cli_err("reextract: takes no arguments (it covers the whole casebook)");
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, 0);
  if (!st) return EXIT_FAIL;
  cli_progress prog;
  cli_progress_start(&prog, "reextract", 0);
  long long n = 0;
  jk_err err = {0, ""};
  double t0 = cli_now();
  jk_rc rc = jk_store_reextract(st, on_progress, &prog, &n, &err);
  cli_progress_end(&prog);
  if (rc) {
    cli_err("reextract: %s (nothing changed)", err.msg);
    jk_store_close(st);
    return EXIT_FAIL;
  }
  jk_store_counts c;
  if (jk_store_counts_get(st, &c, &err) == JK_OK)
    printf("reextract: %lld notices re-extracted in %.1f s; %lld incidents; %lld corrections kept in force\n", n,
           cli_now() - t0, c.incidents, c.corrections);
  jk_store_close(st);
  return EXIT_OK;
}
