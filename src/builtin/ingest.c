/*
** ingest.c — `jikenbo ingest FILE…`: split, extract and store notices.
**
** Each file is one transaction (see ingest_doc.c); one file's failure
** does not stop the others.  A summary closes the run: files read,
** notices stored, duplicates, other posts kept, failures and why.
*/
#include "../cli.h"
#include "../web_cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: jikenbo ingest [OPTIONS] FILE|URL...\n"
    "\n"
    "Find the notices in each file (or - for stdin), extract their facts and\n"
    "store everything in the casebook: notices, the posts that are not\n"
    "notices, the original bytes. Follow-up reports are linked into incidents.\n"
    "Running it again over the same files stores nothing new.\n"
    "\n"
    "A FILE may be text, an HTML page, a PDF or an Atom/RSS feed; a URL (http,\n"
    "https) is fetched, and fetched again only if it changed. Feeds: each entry\n"
    "not stored before becomes a document. Fetching obeys $JIKENBO_TIMEOUT,\n"
    "$JIKENBO_MAX_SIZE and $JIKENBO_HOST_SPACING (see 'jikenbo watch --help').\n"
    "\n"
    "options:\n"
    "  --db PATH       the database (default $JIKENBO_DB, else ./jikenbo.db; created if missing)\n"
    "  -v, --verbose   say per notice what was stored, skipped or lacks a date or count\n"
    "  --pdf-budget S  what one PDF may cost: S seconds of CPU and S x 32 MiB of\n"
    "                  inflated streams (default 3); past it the PDF is stored\n"
    "                  without (the rest of) its text, with a warning, and the\n"
    "                  next file is read\n"
    "  -h, --help      this help\n"
    "\n"
    "exit status: 0 every file was read and stored; 1 a file failed (the others\n"
    "are still stored; the summary says which and why); 2 bad usage.\n";

typedef struct failure {
  char *file;
  char *why;
} failure;

int cmd_ingest(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                       {"verbose", no_argument, 0, 'v'},
                                       {"pdf-budget", required_argument, 0, 'B'},
                                       {0, 0, 0, 0}};
  const char *db = NULL;
  bool verbose = false;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
    switch (o) {
    case 'd': db = optarg; break;
    case 'v': verbose = true; break;
    case 'B':
      if (cli_pdf_budget_opt(optarg)) return EXIT_USAGE;
      break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_err("ingest: no input files (use - for stdin)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  const char *path = cli_db_path(db);
  jk_store *st;
  jk_err err = {0, ""};
  if (jk_store_open(path, JK_STORE_CREATE, &st, &err)) {
    cli_err("%s", err.msg);
    return EXIT_FAIL;
  }
  /* Progress is by bytes over all files. */
  long long total = 0;
  for (int i = optind; i < argc; i++) {
    struct stat sb;
    if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode)) total += sb.st_size;
  }
  cli_progress prog;
  cli_progress_start(&prog, "ingest", total);
  cli_ingest_stats s;
  memset(&s, 0, sizeof s);
  failure *fails = calloc((size_t)(argc - optind), sizeof *fails);
  size_t nfails = 0;
  long long base = 0;
  for (int i = optind; i < argc; i++) {
    jk_err e = {0, ""};
    jk_rc rc = cli_ingest_source(st, argv[i], &s, &prog, base, verbose, &e);
    if (rc) {
      cli_progress_end(&prog);
      cli_err("%s", e.msg);
      if (fails) {
        fails[nfails].file = strdup(argv[i]);
        fails[nfails].why = strdup(e.msg);
        nfails++;
      }
      /* Disk full or a broken database: the next file would fail too. */
      if (rc == JK_EFULL || rc == JK_EREADONLY || rc == JK_EDB) {
        for (int k = i + 1; k < argc && fails; k++) {
          fails[nfails].file = strdup(argv[k]);
          fails[nfails].why = strdup("not attempted after the error above");
          nfails++;
          s.failed_files++;
        }
        break;
      }
    }
    struct stat sb;
    if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode)) base += sb.st_size;
    cli_progress_update(&prog, base, argv[i]);
  }
  cli_progress_end(&prog);
  /* New text adds segments to the full-text index; searches read them
     all, so they are merged once per run (seconds at 100,000 notices). */
  if (s.notices && jk_store_tidy_index(st, &err) != JK_OK) cli_err("%s", err.msg);
  /* Saved searches matched as each document was stored; their webhooks
     go out now (a receiver that fails gets them later, from the server,
     `watch` or `jikenbo alerts --deliver`). */
  cli_deliver_alerts(st, s.alerts);

  /* The summary. */
  long long read = s.files - s.seen;
  if (s.seen && !read && !s.failed_files) {
    printf("ingest: %lld file%s already stored (same bytes): nothing new\n", s.seen, s.seen == 1 ? "" : "s");
  } else {
    printf("ingest: %lld file%s read", read, read == 1 ? "" : "s");
    if (s.seen) printf(" (%lld more already stored, skipped)", s.seen);
    printf(": %lld notice%s stored, %lld duplicate%s (already stored), %lld other post%s kept, %lld file%s failed\n",
           s.notices, s.notices == 1 ? "" : "s", s.duplicates, s.duplicates == 1 ? "" : "s", s.others,
           s.others == 1 ? "" : "s", s.failed_files, s.failed_files == 1 ? "" : "s");
    if (s.no_date || s.no_count)
      printf("  of the new notices, %lld state no head-count and %lld no date (kept as not stated%s)\n", s.no_count,
             s.no_date, verbose ? "" : "; -v lists them");
    if (s.failed_notices)
      printf("  %lld notice%s stored without a record (extraction failed): run 'jikenbo reextract' later\n",
             s.failed_notices, s.failed_notices == 1 ? "" : "s");
  }
  for (size_t i = 0; i < nfails; i++) printf("  failed: %s\n", fails[i].why ? fails[i].why : fails[i].file);
  jk_store_counts c;
  if (jk_store_counts_get(st, &c, &err) == JK_OK)
    printf("casebook %s: %lld incidents, %lld notices, %lld other posts, %lld documents\n", path, c.incidents,
           c.notices, c.non_notices, c.documents);
  for (size_t i = 0; i < nfails; i++) {
    free(fails[i].file);
    free(fails[i].why);
  }
  free(fails);
  jk_store_close(st);
  return s.failed_files ? EXIT_FAIL : EXIT_OK;
}
