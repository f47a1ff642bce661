/*
** ingest.c — `jikenbo ingest FILE…`: split, extract and store notices.
**
** Each file is stored or rolled back whole (see ingest_doc.c); one
** file's failure does not stop the others.  Small local files are
** committed in groups (BATCH_FILES files or BATCH_MS, a savepoint per
** file): one commit and one sync for many files.  A file's lines are
** printed only once the transaction holding it has committed, so a
** killed ingest loses at most the files it had not told about yet, and
** running it again stores those.  A summary closes the run: files read,
** notices stored, duplicates, other posts kept, failures and why.
*/
#include "../cli.h"
#include "../web_cli.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
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
    "Small local files (text, HTML up to 1 MiB) are committed in groups of up\n"
    "to 64 files or 250 ms; a file's lines are printed once it is committed, so\n"
    "if the ingest is killed, what it reported is stored and running it again\n"
    "stores the rest. JIKENBO_INGEST_ALONE=1: one transaction per file.\n"
    "\n"
    "A FILE may be text, an HTML page, a PDF or an Atom/RSS feed; a URL (http,\n"
    "https) is fetched, and fetched again only if it changed. Feeds: each entry\n"
    "not stored before becomes a document. Fetching obeys $JIKENBO_TIMEOUT,\n"
    "$JIKENBO_MAX_SIZE and $JIKENBO_HOST_SPACING (see 'jikenbo watch --help').\n"
    "Your own URLs may be at any address; the webhooks of saved searches, sent\n"
    "after storing, never go to an internal address (loopback, private,\n"
    "link-local) unless JIKENBO_ALLOW_INTERNAL_URLS allows it (1, or\n"
    "ADDRESS[/BITS],…; see 'jikenbo serve --help').\n"
    "\n"
    "OCR: a PDF's pages without a text layer (a scan) and image files (PNG,\n"
    "JPEG, TIFF) are read by Tesseract (jpn+jpn_vert), at most 50 pages, 40 Mpx\n"
    "a page and 500 Mpx a document (more: refused, nothing stored); show says\n"
    "the text was read by OCR, with its confidence. JIKENBO_OCR=off turns it\n"
    "off (a scan is stored without text, an image refused); see README, OCR.\n"
    "\n"
    "Provenance of files: the URL a saved file came from is kept with it (shown\n"
    "by show, the dashboard's link, every export's references). Give it with\n"
    "--source-url for one file, or in a urls.tsv beside the files: one line\n"
    "per file, FILE<TAB>URL, FILE as named in that directory (d01.txt, or\n"
    "raw/d01.txt for a file in its raw/ directory); urls.tsv is looked for in\n"
    "the file's directory, then its parent. A URL given later for a stored\n"
    "file is recorded.\n"
    "\n"
    "options:\n"
    "  --db PATH       the database (default $JIKENBO_DB, else ./jikenbo.db; created if missing)\n"
    "  --source-url URL  the notice's URL, for the one FILE given\n"
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

/* ---- group commit: many small files, one transaction ---------------------- */

/* A batch commits after this many files or this many milliseconds since
   it began, whichever comes first (checked after each file), so an
   interactive ingest still commits, and tells, within a fraction of a
   second.  Only local text and HTML files up to BATCH_FILE_MAX join a
   batch; anything else (a URL, stdin, a feed, a PDF, an image, a big
   file) commits the batch first and is stored alone, as before. */
#define BATCH_FILES 64
#define BATCH_MS 250
#define BATCH_FILE_MAX (1 << 20)

typedef struct batch {
  int on;
  double t0;               /* when it began (cli_now) */
  int first;               /* argv index of its first file */
  int n;                   /* files in it */
  cli_ingest_stats before; /* the counts when it began */
  size_t nfails;           /* failures listed when it began */
  long long base;          /* bytes of the files before it */
  jk_buf lines;            /* the pipeline's lines, printed once it commits */
} batch;

/* Is arg a local text or HTML file (one document)?  1, and 2 when it is
   small enough to join a batch; 0 otherwise. */
static int one_document(const char *arg) {
  if (jk_url_is_http(arg) || strcmp(arg, "-") == 0 || strstr(arg, "://")) return 0;
  struct stat sb;
  if (stat(arg, &sb) != 0 || !S_ISREG(sb.st_mode)) return 0;
  jk_doc_kind k = cli_file_kind(arg);
  if (k != JK_KIND_TEXT && k != JK_KIND_HTML) return 0;
  return sb.st_size <= BATCH_FILE_MAX ? 2 : 1;
}

static void batch_begin(batch *b, jk_store *st, const cli_ingest_stats *s, long long base, int first, size_t nfails) {
  jk_err e = {0, ""};
  /* Cannot begin (a read-only file, a busy lock): the file goes alone and
     its own transaction says why. */
  if (jk_store_batch_begin(st, &e) != JK_OK) return;
  b->on = 1;
  b->t0 = cli_now();
  b->first = first;
  b->n = 0;
  b->before = *s;
  b->nfails = nfails;
  b->base = base;
  jk_buf_reset(&b->lines);
  cli_ingest_held = &b->lines;
}

/* Commit the batch, then print its files' lines and move the bar: 0.
   -1: the commit failed and nothing of the batch is stored. */
static int batch_end(batch *b, jk_store *st, cli_progress *prog, long long base, const char *last) {
  if (!b->on) return 0;
  b->on = 0;
  cli_ingest_held = NULL;
  jk_err e = {0, ""};
  if (jk_store_batch_commit(st, &e) != JK_OK) return -1;
  if (b->lines.len) fwrite(b->lines.p, 1, b->lines.len, stderr);
  cli_progress_update(prog, base, last);
  return 0;
}

/* The batch is lost (a file in it failed after writing, or the commit
   failed): forget what it counted, listed and said; the caller stores
   its files again, each alone. */
static void batch_undo(batch *b, jk_store *st, cli_ingest_stats *s, failure *fails, size_t *nfails) {
  jk_store_batch_rollback(st);
  b->on = 0;
  cli_ingest_held = NULL;
  *s = b->before;
  for (size_t k = b->nfails; fails && k < *nfails; k++) {
    free(fails[k].file);
    free(fails[k].why);
  }
  *nfails = b->nfails;
  jk_buf_reset(&b->lines);
}

/* ---- urls.tsv: FILE<TAB>URL beside the files ----------------------------- */

#define URLS_MAX (16u << 20) /* a urls.tsv larger than this is refused */

typedef struct url_map {
  char *dir;     /* the directory whose urls.tsv this is */
  char **files;  /* FILE column */
  char **urls;   /* URL column */
  size_t n;
} url_map;

static url_map maps[8];
static size_t nmaps;

/* Is u an http(s) URL with no blank or control character in it? */
static int url_ok(const char *u) {
  if (!jk_url_is_http(u)) return 0;
  for (const unsigned char *p = (const unsigned char *)u; *p; p++)
    if (*p <= ' ' || *p == 0x7f || *p == '"' || *p == '<' || *p == '>') return 0;
  return strlen(u) <= 4096;
}

/* Load dir/urls.tsv (once); NULL when there is none.  Lines that are not
   FILE<TAB>URL with an http(s) URL are warned about and skipped. */
static const url_map *urls_of(const char *dir) {
  for (size_t i = 0; i < nmaps; i++)
    if (strcmp(maps[i].dir, dir) == 0) return maps[i].n ? &maps[i] : NULL;
  if (nmaps == sizeof maps / sizeof maps[0]) return NULL;
  url_map *m = &maps[nmaps++];
  memset(m, 0, sizeof *m);
  m->dir = strdup(dir);
  char path[4096];
  snprintf(path, sizeof path, "%s/urls.tsv", dir);
  char *data = NULL;
  size_t len = 0;
  jk_err e = {0, ""};
  struct stat sb;
  if (!m->dir || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return NULL;
  if (cli_read_file(path, URLS_MAX, &data, &len, &e) != JK_OK) {
    cli_err("%s: %s (its URLs are not used)", path, e.msg);
    return NULL;
  }
  size_t cap = 0;
  int line = 0;
  for (char *p = data, *next; p && p < data + len; p = next) {
    line++;
    char *nl = memchr(p, '\n', (size_t)(data + len - p));
    next = nl ? nl + 1 : NULL;
    if (nl) *nl = 0;
    size_t n = strlen(p);
    if (n && p[n - 1] == '\r') p[--n] = 0;
    if (!n || *p == '#') continue;
    char *tab = strchr(p, '\t');
    if (!tab || tab == p || !url_ok(tab + 1) || memchr(p, 0, n) || jk_utf8_valid_prefix(p, n) != n) {
      cli_err("%s:%d: not FILE<TAB>URL with an http(s) URL: line skipped", path, line);
      continue;
    }
    *tab = 0;
    if (m->n == cap) {
      cap = cap ? cap * 2 : 64;
      char **f = realloc(m->files, cap * sizeof *f);
      if (f) m->files = f;
      char **u = f ? realloc(m->urls, cap * sizeof *u) : NULL;
      if (u) m->urls = u;
      if (!f || !u) break;
    }
    m->files[m->n] = strdup(p);
    m->urls[m->n] = strdup(tab + 1);
    if (m->files[m->n] && m->urls[m->n]) m->n++;
  }
  free(data);
  return m->n ? m : NULL;
}

static void urls_free(void) {
  for (size_t i = 0; i < nmaps; i++) {
    for (size_t k = 0; k < maps[i].n; k++) {
      free(maps[i].files[k]);
      free(maps[i].urls[k]);
    }
    free(maps[i].files);
    free(maps[i].urls);
    free(maps[i].dir);
  }
  nmaps = 0;
}

/* The URL urls.tsv gives for the file at path: in its directory by its
   name, else in its parent by DIRNAME/NAME. */
static const char *url_for(const char *path) {
  char a[4096], b[4096];
  snprintf(a, sizeof a, "%s", path);
  snprintf(b, sizeof b, "%s", path);
  const char *name = basename(a);
  char *dir = dirname(b);
  const url_map *m = urls_of(dir);
  for (size_t i = 0; m && i < m->n; i++)
    if (strcmp(m->files[i], name) == 0) return m->urls[i];
  char c[4096], d[4096];
  snprintf(c, sizeof c, "%s", dir);
  snprintf(d, sizeof d, "%s", dir);
  const char *sub = basename(c);
  char *parent = dirname(d);
  char rel[4096];
  snprintf(rel, sizeof rel, "%s/%s", sub, name);
  m = strcmp(parent, dir) != 0 ? urls_of(parent) : NULL;
  for (size_t i = 0; m && i < m->n; i++)
    if (strcmp(m->files[i], rel) == 0 || strcmp(m->files[i], name) == 0) return m->urls[i];
  return NULL;
}

int cmd_ingest(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                       {"verbose", no_argument, 0, 'v'},
                                       {"pdf-budget", required_argument, 0, 'B'},
                                       {"source-url", required_argument, 0, 'u'},
                                       {0, 0, 0, 0}};
  const char *db = NULL, *source_url = NULL;
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
    case 'u': source_url = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_err("ingest: no input files (use - for stdin)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  if (source_url && (argc - optind != 1 || jk_url_is_http(argv[optind]))) {
    cli_err("ingest: --source-url names the URL of one FILE: give exactly one file (a urls.tsv beside the files "
            "gives the URLs of several)");
    return EXIT_USAGE;
  }
  if (source_url && !url_ok(source_url)) {
    cli_err("ingest: --source-url '%.80s' is not an http(s) URL (no spaces, quotes or control characters; "
            "percent-encode them)",
            source_url);
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
  batch b;
  memset(&b, 0, sizeof b);
  jk_buf_init(&b.lines);
  int can_batch = !getenv("JIKENBO_INGEST_ALONE");
  /* Files up to alone_until go alone: after a batch was lost, its files
     are stored again one transaction each. */
  int i = optind, alone_until = -1;
#define REWIND(upto)                            \
  do {                                          \
    batch_undo(&b, st, &s, fails, &nfails);     \
    alone_until = (upto);                       \
    i = b.first;                                \
    base = b.base;                              \
  } while (0)
  for (;;) {
    if (i >= argc) {
      if (b.on && batch_end(&b, st, &prog, base, argv[argc - 1])) {
        REWIND(argc - 1);
        continue;
      }
      break;
    }
    jk_err e = {0, ""};
    int local = !jk_url_is_http(argv[i]) && strcmp(argv[i], "-") != 0;
    int doc1 = one_document(argv[i]);
    int join = can_batch && i > alone_until && doc1 == 2;
    if (b.on && !join && batch_end(&b, st, &prog, base, argv[i - 1])) {
      REWIND(i - 1);
      continue;
    }
    if (join && !b.on) batch_begin(&b, st, &s, base, i, nfails);
    cli_source_url = source_url ? source_url : local ? url_for(argv[i]) : NULL;
    if (verbose && cli_source_url) fprintf(stderr, "%s: source URL %s\n", argv[i], cli_source_url);
    /* A file alone: its lines too wait until it has committed. */
    if (!b.on) {
      jk_buf_reset(&b.lines);
      cli_ingest_held = &b.lines;
    }
    cli_ingest_stats was = s;
    /* In a batch the bar moves when the batch commits, not as the file is read. */
    jk_rc rc = cli_ingest_source(st, argv[i], &s, b.on ? NULL : &prog, base, verbose, &e);
    cli_source_url = NULL;
    if (rc && doc1) {
      /* One document, rolled back: what it said it stored is not so (its
         notices are not counted, its lines not printed; the error says
         why).  Feeds and URLs keep theirs: their other documents stand. */
      cli_ingest_stats now = s;
      s = was;
      s.files = now.files;
      s.seen = now.seen;
      s.failed_files = now.failed_files;
      if (!b.on) jk_buf_reset(&b.lines);
    }
    if (!b.on) {
      cli_ingest_held = NULL;
      if (b.lines.len) fwrite(b.lines.p, 1, b.lines.len, stderr);
      jk_buf_reset(&b.lines);
    }
    if (b.on && !jk_store_in_batch(st)) {
      /* The file failed after writing: the batch went with it. */
      REWIND(i);
      continue;
    }
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
        /* What the batch stored before it is committed (or, if that
           fails too, its files are tried again alone). */
        if (b.on && batch_end(&b, st, &prog, base, argv[i])) {
          REWIND(i);
          continue;
        }
        break;
      }
    }
    struct stat sb;
    if (strcmp(argv[i], "-") != 0 && stat(argv[i], &sb) == 0 && S_ISREG(sb.st_mode)) base += sb.st_size;
    if (b.on) {
      b.n++;
      if ((b.n >= BATCH_FILES || (cli_now() - b.t0) * 1000 >= BATCH_MS) && batch_end(&b, st, &prog, base, argv[i])) {
        REWIND(i);
        continue;
      }
    } else {
      cli_progress_update(&prog, base, argv[i]);
    }
    i++;
  }
#undef REWIND
  jk_buf_free(&b.lines);
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
  for (size_t k = 0; k < nfails; k++) printf("  failed: %s\n", fails[k].why ? fails[k].why : fails[k].file);
  jk_store_counts c;
  if (jk_store_counts_get(st, &c, &err) == JK_OK)
    printf("casebook %s: %lld incidents, %lld notices, %lld other posts, %lld documents\n", path, c.incidents,
           c.notices, c.non_notices, c.documents);
  for (size_t k = 0; k < nfails; k++) {
    free(fails[k].file);
    free(fails[k].why);
  }
  free(fails);
  urls_free();
  jk_store_close(st);
  return s.failed_files ? EXIT_FAIL : EXIT_OK;
}
