/*
** source.c — where a document comes from, for `ingest` and `watch`: a
** path, stdin or a URL handed to the library's pipeline (lib/ingest.c,
** which does all of the following) with the run's one fetcher.
**
**   URL     fetched (fetch.c), conditionally when fetched before: a 304
**           costs nothing; the final URL, fetch time and the headers that
**           matter are stored with the document, the bytes beside it;
**   HTML    main-content text (html.c), the page kept as raw bytes;
**   PDF     text in reading order (pdf.c), the PDF kept; a scan is stored
**           with a warning instead of silently empty;
**   feed    each entry not stored before becomes a document (feed.c); an
**           entry with only a summary is read from its linked page;
**   text    streamed by cli_ingest_file as before;
**   stdin   ("-") the same: its kind from its first bytes; text streams,
**           HTML, PDF and feeds are read into memory under the size cap
**           of fetched documents.
**
** Feed entries and validators are remembered in the database
** (fetchstate.c), so a re-run or a restarted `watch` fetches and stores
** only what is new.
*/
#include "web_cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The largest local HTML/PDF/feed file read (text files are streamed). */
#define MAX_FILE (256u << 20)

static jk_fetcher *fetcher;
static jk_fetch_opts fetch_opts;
static int fetch_opts_set;

void cli_web_cleanup(void) {
  jk_fetcher_free(fetcher);
  fetcher = NULL;
}

void cli_web_set_opts(const jk_fetch_opts *o) {
  fetch_opts = *o;
  fetch_opts_set = 1;
}

double cli_parse_duration(const char *s) {
  if (!s || !*s) return -1;
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || !(v >= 0) || isinf(v)) return -1;
  double unit = 1;
  if (*end == 's') unit = 1, end++;
  else if (*end == 'm') unit = 60, end++;
  else if (*end == 'h') unit = 3600, end++;
  else if (*end == 'd') unit = 86400, end++;
  if (*end) return -1;
  return v * unit;
}

size_t cli_parse_size(const char *s) {
  if (!s || !isdigit((unsigned char)*s)) return 0;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno) return 0;
  unsigned long long unit = 1;
  if (*end == 'K' || *end == 'k') unit = 1ull << 10, end++;
  else if (*end == 'M' || *end == 'm') unit = 1ull << 20, end++;
  else if (*end == 'G' || *end == 'g') unit = 1ull << 30, end++;
  if (*end == 'B' || *end == 'b') end++;
  if (*end || v == 0 || v > (unsigned long long)SIZE_MAX / unit) return 0;
  return (size_t)(v * unit);
}

int cli_fetch_opts_env(jk_fetch_opts *o) {
  jk_fetch_opts_init(o);
  const char *v;
  double d;
  if ((v = getenv("JIKENBO_TIMEOUT")) && *v) {
    if ((d = cli_parse_duration(v)) <= 0) return cli_err("JIKENBO_TIMEOUT='%s': write seconds (e.g. 30 or 2m)", v), -1;
    o->timeout_ms = (long)(d * 1000);
  }
  if ((v = getenv("JIKENBO_CONNECT_TIMEOUT")) && *v) {
    if ((d = cli_parse_duration(v)) <= 0)
      return cli_err("JIKENBO_CONNECT_TIMEOUT='%s': write seconds (e.g. 10)", v), -1;
    o->connect_timeout_ms = (long)(d * 1000);
  }
  if ((v = getenv("JIKENBO_HOST_SPACING")) && *v) {
    if ((d = cli_parse_duration(v)) < 0) return cli_err("JIKENBO_HOST_SPACING='%s': write seconds (e.g. 1 or 0.5)", v), -1;
    o->host_spacing_ms = (long)(d * 1000);
  }
  if ((v = getenv("JIKENBO_MAX_SIZE")) && *v) {
    if (!(o->max_bytes = cli_parse_size(v))) return cli_err("JIKENBO_MAX_SIZE='%s': write bytes (e.g. 64M)", v), -1;
  }
  if ((v = getenv("JIKENBO_MAX_REDIRECTS")) && *v) {
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 0 || n > 50) return cli_err("JIKENBO_MAX_REDIRECTS='%s': write a number 0-50", v), -1;
    o->max_redirects = n;
  }
  return 0;
}

/* The one fetcher of the run (connections and per-host timing kept). */
static jk_fetcher *get_fetcher(jk_err *err) {
  if (fetcher) return fetcher;
  if (!fetch_opts_set) {
    if (cli_fetch_opts_env(&fetch_opts) != 0) {
      jk_err_set(err, JK_EINVAL, "fix the environment variable named above");
      return NULL;
    }
    fetch_opts_set = 1;
  }
  fetcher = jk_fetcher_new(&fetch_opts);
  if (!fetcher) jk_err_set(err, JK_ENOMEM, "cannot start libcurl");
  else atexit(cli_web_cleanup);
  return fetcher;
}

/* ---- through the pipeline (lib/ingest.c) ------------------------------------------ */

/* Bytes of a kind (a feed's entries each a document), with the fetcher
   for entries that are only a summary. */
static jk_rc ingest_bytes(jk_store *st, const char *source, const char *bytes, size_t len, jk_doc_kind kind,
                          cli_ingest_stats *stats, bool verbose, jk_err *err) {
  jk_ingest in;
  cli_ingest_init(&in, st, NULL, 0, verbose);
  if (kind == JK_KIND_FEED && !(in.fetcher = get_fetcher(err))) {
    cli_ingest_done(&in, stats);
    stats->failed_files++;
    return err->rc;
  }
  /* A local file's URL, when the user gave one (ingest --source-url, urls.tsv). */
  jk_ingest_origin o = {source, cli_source_url, NULL, NULL, NULL, NULL};
  jk_feed_round round;
  jk_rc rc = jk_ingest_bytes(&in, &o, bytes, len, (int)kind, &round, err);
  cli_ingest_done(&in, stats);
  return rc;
}

jk_rc cli_ingest_url(jk_store *st, const char *url, cli_ingest_stats *stats, cli_feed_round *round, bool verbose,
                     jk_err *err) {
  jk_ingest in;
  cli_ingest_init(&in, st, NULL, 0, verbose);
  in.fetcher = get_fetcher(err);
  if (!in.fetcher) {
    cli_ingest_done(&in, stats);
    stats->failed_files++;
    return err->rc;
  }
  jk_rc rc = jk_ingest_url(&in, url, round, err);
  cli_ingest_done(&in, stats);
  return rc;
}

/* What stdin is called in messages and in the casebook. */
#define STDIN_NAME "(stdin)"

/*
** stdin, told apart like a file: by its first bytes (a pipe has no name
** to go by).  Text goes on to the streaming ingest with those bytes in
** front (no size limit, flat memory); an HTML page, a PDF or a feed is
** read whole, up to the size cap of fetched documents ($JIKENBO_MAX_SIZE,
** 64 MiB by default), and stored as a file of its kind would be.
*/
static jk_rc ingest_stdin(jk_store *st, cli_ingest_stats *stats, cli_progress *prog, long long base, bool verbose,
                          jk_err *err) {
  char head[4096]; /* what jk_doc_kind_detect looks at (its prolog window) */
  size_t n = fread(head, 1, sizeof head, stdin);
  if (n < sizeof head && ferror(stdin)) {
    stats->failed_files++;
    return jk_err_set(err, JK_EIO, STDIN_NAME ": read failed: %s", strerror(errno));
  }
  jk_doc_kind kind = jk_doc_kind_detect(head, n, NULL, NULL);
  if (kind == JK_KIND_TEXT || kind == JK_KIND_BINARY) /* binary: refused there, as for files */
    return cli_ingest_stdin(st, head, n, stats, prog, base, verbose, err);
  if (!fetch_opts_set) {
    if (cli_fetch_opts_env(&fetch_opts) != 0) {
      stats->failed_files++;
      return jk_err_set(err, JK_EINVAL, "fix the environment variable named above");
    }
    fetch_opts_set = 1;
  }
  size_t cap = fetch_opts.max_bytes ? fetch_opts.max_bytes : (64u << 20);
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_append(&b, head, n);
  char chunk[1 << 16];
  size_t k;
  jk_rc rc = JK_OK;
  while (!b.oom && b.len <= cap && (k = fread(chunk, 1, sizeof chunk, stdin)) > 0) jk_buf_append(&b, chunk, k);
  if (b.oom)
    rc = jk_err_set(err, JK_ENOMEM, STDIN_NAME ": out of memory reading %s", jk_doc_kind_name(kind));
  else if (b.len > cap)
    rc = jk_err_set(err, JK_ETOOBIG,
                    STDIN_NAME ": %s larger than %zu bytes: not stored (the limit of fetched documents; "
                    "raise it with JIKENBO_MAX_SIZE, e.g. 256M)",
                    jk_doc_kind_name(kind), cap);
  else if (ferror(stdin))
    rc = jk_err_set(err, JK_EIO, STDIN_NAME ": read failed after %zu bytes: %s", b.len, strerror(errno));
  if (rc) stats->failed_files++;
  else rc = ingest_bytes(st, STDIN_NAME, b.p, b.len, kind, stats, verbose, err);
  jk_buf_free(&b);
  return rc;
}

jk_rc cli_ingest_source(jk_store *st, const char *arg, cli_ingest_stats *stats, cli_progress *prog, long long base,
                        bool verbose, jk_err *err) {
  if (jk_url_is_http(arg)) return cli_ingest_url(st, arg, stats, NULL, verbose, err);
  if (strstr(arg, "://") && access(arg, F_OK) != 0) { /* ftp://, file:// … */
    stats->failed_files++;
    return jk_err_set(err, JK_EUNSUP, "%s: only http:// and https:// URLs are fetched", arg);
  }
  if (strcmp(arg, "-") == 0) return ingest_stdin(st, stats, prog, base, verbose, err);
  jk_doc_kind kind = cli_file_kind(arg);
  if (kind == JK_KIND_TEXT || kind == JK_KIND_BINARY) return cli_ingest_file(st, arg, stats, prog, base, verbose, err);
  char *data = NULL;
  size_t len = 0;
  jk_rc rc = cli_read_file(arg, MAX_FILE, &data, &len, err);
  if (rc) {
    stats->failed_files++;
    return rc;
  }
  rc = ingest_bytes(st, arg, data, len, kind, stats, verbose, err);
  free(data);
  return rc;
}
