/*
** corrections.c — `jikenbo corrections [--since DATE]`: every analyst's
** correction in the casebook, in the order made: which incident (and
** which report, or the headline), the field, the value set and the value
** it replaced, who, when, why, and whether a later one replaced it.
**
** The library lists them (jk_store_each_correction,
** jk_store_corrections_json); this file lays them out.
*/
#include "../cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo corrections [OPTIONS]\n"
    "\n"
    "List every correction made with `jikenbo set`, oldest first: the incident,\n"
    "the level (its headline, or report N of its timeline), the field, the value\n"
    "set and the value it replaced, who, when and why. A correction a later one\n"
    "replaced is marked [superseded].\n"
    "\n"
    "options:\n"
    "  --since DATE  only those made at or after DATE (YYYY-MM-DD, or\n"
    "                YYYY-MM-DDTHH:MM:SSZ), in UTC\n"
    "  --json        a JSON array (what GET /api/corrections returns)\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 listed (also when there are none); 1 the database could not\n"
    "be read; 2 bad usage.\n";

/* YYYY-MM-DD, optionally followed by THH:MM[:SS][Z]. */
static int since_ok(const char *s) {
  int y, m, d, h, mi, sec, n = 0;
  size_t len = strlen(s);
  if (len == 10) return sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
  if (len < 16 || len > 20) return 0;
  if (sscanf(s, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &h, &mi) != 5) return 0;
  if (len >= 19 && sscanf(s + 16, ":%2d", &sec) != 1) return 0;
  for (const char *p = s; *p; p++)
    if (!strchr("0123456789-:TZ", *p)) return 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && h >= 0 && h < 24 && mi >= 0 && mi < 60;
}

static int print_one(void *ctx, const jk_correction *c) {
  long long *n = ctx;
  (*n)++;
  printf("#%lld  %s  %-10s", c->id, c->at ? c->at : "?", c->incident);
  if (c->report) printf(" report %d", c->report);
  else printf(" headline");
  printf("  %s = %s  (was %s)  by %s%s%s%s\n", c->field, c->value ? c->value : "null",
         c->extracted ? c->extracted : "null", c->who ? c->who : "?", c->note ? ": " : "", c->note ? c->note : "",
         c->in_effect ? "" : "  [superseded]");
  return 0;
}

int cmd_corrections(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"since", required_argument, 0, 's'},
                                       {"json", no_argument, 0, 'j'},
                                       {"db", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  const char *db = NULL, *since = NULL;
  int json = 0, o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 's': since = optarg; break;
    case 'j': json = 1; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind != argc) {
    cli_err("corrections: unexpected '%s' (see jikenbo corrections --help)", argv[optind]);
    return EXIT_USAGE;
  }
  if (since && !since_ok(since)) {
    cli_err("corrections: --since '%.40s' is not a date: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)", since);
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, JK_STORE_READONLY);
  if (!st) return EXIT_FAIL;
  jk_err err = {0, ""};
  jk_rc rc;
  if (json) {
    jk_buf b;
    jk_buf_init(&b);
    rc = jk_store_corrections_json(st, since, &b, &err);
    if (!rc) {
      fwrite(b.p, 1, b.len, stdout);
      fputc('\n', stdout);
    }
    jk_buf_free(&b);
  } else {
    long long n = 0;
    rc = jk_store_each_correction(st, since, print_one, &n, &err);
    if (!rc) printf("%lld correction%s%s%s\n", n, n == 1 ? "" : "s", since ? " since " : "", since ? since : "");
  }
  jk_store_close(st);
  if (rc) {
    cli_err("corrections: %s", err.msg);
    return EXIT_FAIL;
  }
  return EXIT_OK;
}
