/*
** watch.c — `jikenbo watch FEED_URL…`: follow feeds, store what is new.
**
** Every --every, each feed is fetched (conditionally: an unchanged feed
** costs a 304) and its new entries are stored (source.c).  A network
** error or a bad entry is logged and tried again next round; the state —
** entries stored, validators, the time of the last round — is in the
** database, so a restarted watch resumes on its schedule and skips what it
** already has.  SIGINT / SIGTERM end it between two documents.
*/
#include "../web_cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: jikenbo watch [OPTIONS] URL...\n"
    "\n"
    "Follow Atom / RSS feeds (or pages): every interval, fetch each URL and store\n"
    "the entries not stored before, each as a document (an entry with only a\n"
    "summary is read from the page it links to). Runs until stopped (Ctrl-C,\n"
    "SIGTERM); network errors and bad entries are logged and tried again next\n"
    "round. Restarted, it resumes its schedule from the database.\n"
    "\n"
    "options:\n"
    "  --every DURATION   time between rounds: 90s, 15m, 1h, 1d (default 1h)\n"
    "  --once             one round now, then exit (for cron)\n"
    "  --db PATH          the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  --timeout SECONDS  limit per request (default 60; $JIKENBO_TIMEOUT)\n"
    "  --max-size BYTES   largest response kept, after decompression (default 64M;\n"
    "                     $JIKENBO_MAX_SIZE)\n"
    "  --spacing SECONDS  least time between two requests to one host (default 1;\n"
    "                     $JIKENBO_HOST_SPACING)\n"
    "  -v, --verbose      say per entry what was stored\n"
    "  --pdf-budget S     what one PDF may cost: S seconds of CPU, S x 32 MiB inflated\n"
    "                     (default 3); past it stored without its text, with a warning\n"
    "  -h, --help         this help\n"
    "\n"
    "exit status: 0 stopped by a signal, or --once and every URL was read; 1 --once\n"
    "and a URL failed; 2 bad usage.\n";

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig) { stop_signal = sig; }

/* Seconds since the epoch of an ISO 8601 UTC time (0 if unreadable). */
static time_t parse_utc(const char *s) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  if (!s || !*s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm)) return 0;
  return timegm(&tm);
}

/* Sleep until t (or a signal); returns 0 if a signal came. */
static int sleep_until(double t) {
  while (!stop_signal) {
    double now = (double)time(NULL);
    if (now >= t) return 1;
    double d = t - now;
    if (d > 1) d = 1; /* wake every second: the clock may jump */
    struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
    nanosleep(&ts, NULL);
  }
  return 0;
}

static void stamp(char *buf, size_t n) { jk_utc_now(buf, n); }

/* One round over every URL; returns the number that failed. */
static int round_all(jk_store *st, char **urls, int n, bool verbose) {
  int failed = 0;
  struct sqlite3 *db = jk_store_sqlite(st);
  for (int i = 0; i < n && !stop_signal; i++) {
    cli_ingest_stats s;
    memset(&s, 0, sizeof s);
    cli_feed_round r;
    jk_err err = {0, ""};
    jk_rc rc = cli_ingest_url(st, urls[i], &s, &r, verbose, &err);
    char now[32];
    stamp(now, sizeof now);
    jk_err serr = {0, ""};
    if (rc) {
      failed++;
      printf("watch %s: %s: error: %s (tried again next round)\n", now, urls[i], err.msg);
      if (jk_feedstate_round(db, urls[i], err.msg, 0, &serr)) cli_err("%s", serr.msg);
    } else {
      if (r.not_modified)
        printf("watch %s: %s: not modified\n", now, urls[i]);
      else if (r.entries)
        printf("watch %s: %s: %d entr%s, %d new (%lld notice%s), %d stored before%s\n", now, urls[i], r.entries,
               r.entries == 1 ? "y" : "ies", r.new_docs, s.notices, s.notices == 1 ? "" : "s", r.known,
               r.failed ? ", some failed (tried again next round)" : "");
      else
        printf("watch %s: %s: %lld notice%s stored, %lld document%s already stored\n", now, urls[i], s.notices,
               s.notices == 1 ? "" : "s", s.seen, s.seen == 1 ? "" : "s");
      if (r.failed) failed++;
      if (jk_feedstate_round(db, urls[i], r.failed ? "some entries failed" : NULL, r.new_docs, &serr))
        cli_err("%s", serr.msg);
    }
    cli_deliver_alerts(st, s.alerts);
    fflush(stdout);
  }
  return failed;
}

int cmd_watch(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"every", required_argument, 0, 'e'},   {"once", no_argument, 0, 'o'},
                                       {"db", required_argument, 0, 'd'},      {"timeout", required_argument, 0, 't'},
                                       {"max-size", required_argument, 0, 'm'}, {"spacing", required_argument, 0, 's'},
                                       {"verbose", no_argument, 0, 'v'},       {"pdf-budget", required_argument, 0, 'B'},
                                       {0, 0, 0, 0}};
  const char *db_opt = NULL;
  double every = 3600;
  bool once = false, verbose = false;
  jk_fetch_opts fo;
  if (cli_fetch_opts_env(&fo) != 0) return EXIT_USAGE;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
    double d;
    switch (o) {
    case 'e':
      if ((every = cli_parse_duration(optarg)) < 1) {
        cli_err("watch: --every '%s': write a duration of at least 1s (90s, 15m, 1h, 1d)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'o': once = true; break;
    case 'B':
      if (cli_pdf_budget_opt(optarg)) return EXIT_USAGE;
      break;
    case 'd': db_opt = optarg; break;
    case 't':
      if ((d = cli_parse_duration(optarg)) <= 0) {
        cli_err("watch: --timeout '%s': write seconds (30, 2m)", optarg);
        return EXIT_USAGE;
      }
      fo.timeout_ms = (long)(d * 1000);
      break;
    case 'm':
      if (!(fo.max_bytes = cli_parse_size(optarg))) {
        cli_err("watch: --max-size '%s': write bytes (1048576, 512K, 64M)", optarg);
        return EXIT_USAGE;
      }
      break;
    case 's':
      if ((d = cli_parse_duration(optarg)) < 0) {
        cli_err("watch: --spacing '%s': write seconds (1, 0.5)", optarg);
        return EXIT_USAGE;
      }
      fo.host_spacing_ms = (long)(d * 1000);
      break;
    case 'v': verbose = true; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_err("watch: no feed URL given");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  for (int i = optind; i < argc; i++)
    if (!jk_url_is_http(argv[i])) {
      cli_err("watch: '%s' is not an http:// or https:// URL", argv[i]);
      return EXIT_USAGE;
    }
  fo.cancel = (const volatile int *)&stop_signal; /* sig_atomic_t is int here */
  cli_web_set_opts(&fo);
  jk_store *st = cli_open_store(db_opt, JK_STORE_CREATE);
  if (!st) return EXIT_FAIL;
  jk_err err = {0, ""};
  if (jk_fetchstate_init(jk_store_sqlite(st), &err)) {
    cli_err("%s", err.msg);
    jk_store_close(st);
    return EXIT_FAIL;
  }
  /* Stop cleanly: no SA_RESTART, so a sleep or a transfer ends early. */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);

  char **urls = argv + optind;
  int n = argc - optind;
  int status = EXIT_OK;
  if (once) {
    status = round_all(st, urls, n, verbose) ? EXIT_FAIL : EXIT_OK;
  } else {
    /* Resume the schedule: the next round is due `every` after the
       earliest last round among the URLs (now if one was never read). */
    time_t due = time(NULL);
    time_t earliest = 0;
    int all_known = 1;
    for (int i = 0; i < n; i++) {
      jk_feed_state fs;
      if (jk_feedstate_get(jk_store_sqlite(st), urls[i], &fs, &err) != JK_OK || !parse_utc(fs.last_round)) {
        all_known = 0;
        break;
      }
      time_t t = parse_utc(fs.last_round);
      if (!earliest || t < earliest) earliest = t;
    }
    if (all_known && earliest + (time_t)every > due) {
      due = earliest + (time_t)every;
      char last[32], next[32];
      struct tm tm;
      gmtime_r(&earliest, &tm);
      strftime(last, sizeof last, "%Y-%m-%dT%H:%M:%SZ", &tm);
      gmtime_r(&due, &tm);
      strftime(next, sizeof next, "%Y-%m-%dT%H:%M:%SZ", &tm);
      printf("watch: resuming: last round %s, next round %s\n", last, next);
    }
    printf("watch: following %d URL%s every %.0f s (Ctrl-C to stop)\n", n, n == 1 ? "" : "s", every);
    fflush(stdout);
    while (sleep_until((double)due)) {
      double started = (double)time(NULL);
      round_all(st, urls, n, verbose);
      due = (time_t)(started + every);
    }
    printf("watch: stopped by %s; the next run resumes from the database\n",
           stop_signal == SIGINT ? "SIGINT" : stop_signal == SIGTERM ? "SIGTERM" : "a signal");
  }
  cli_web_cleanup();
  jk_store_close(st);
  return status;
}
