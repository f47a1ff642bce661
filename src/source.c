/*
** source.c — where a document comes from: a path or a URL turned into
** bytes, a kind, provenance and text, then stored (ingest_doc.c).
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

/* Warnings as "NAME:LINE: warning: …", or "NAME: warning: …" when they
   concern the whole document (line 0: no line to point at). */
static void print_diags(const char *name, const jk_diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    if (d->v[i].line > 0) fprintf(stderr, "%s:%d: warning: %s\n", name, d->v[i].line, d->v[i].msg);
    else fprintf(stderr, "%s: warning: %s\n", name, d->v[i].msg);
  }
  if (d->dropped) fprintf(stderr, "%s: %zu more warnings not shown\n", name, d->dropped);
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

/* ---- one document from bytes ------------------------------------------------ */

/* Where the bytes came from. */
typedef struct origin {
  const char *source;      /* as the user gave it (path or URL), or the entry's link */
  const char *url;         /* NULL for local files */
  const jk_fetch_result *fetch; /* NULL for local files */
  const char *headers;     /* provenance JSON to store (NULL: fetch's headers) */
  const char *publisher;   /* the publisher when the page names none (a feed's site), or NULL */
} origin;

/* Fatal for the whole run: the next document would fail the same way. */
static int fatal_rc(jk_rc rc) { return rc == JK_EFULL || rc == JK_EREADONLY || rc == JK_EDB || rc == JK_ENOMEM; }

/*
** Turn bytes of a kind (html, pdf, text) into text and store them as one
** document with their provenance.  Prints the conversion's warnings.
*/
static jk_rc store_bytes(jk_store *st, const origin *o, const char *bytes, size_t len, jk_doc_kind kind,
                         cli_ingest_stats *stats, bool verbose, jk_err *err) {
  jk_buf text;
  jk_buf_init(&text);
  jk_diags d;
  jk_diags_init(&d);
  jk_rc rc = JK_OK;
  const char *ctype = o->fetch ? o->fetch->content_type : NULL;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = o->source;
  info.url = o->url;
  info.final_url = o->fetch ? o->fetch->final_url : NULL;
  info.fetched_at = o->fetch ? o->fetch->fetched_at : NULL;
  info.headers = o->headers ? o->headers : o->fetch ? o->fetch->headers_json : NULL;
  jk_html_info hi;
  switch (kind) {
  case JK_KIND_HTML: {
    info.kind = "html";
    info.raw = bytes;
    info.raw_len = len;
    rc = jk_html_to_text_ex(bytes, len, ctype, &text, &hi, &d);
    if (rc == JK_ETOOBIG)
      jk_err_set(err, rc, "%s: HTML page of %zu bytes is over the %u MiB limit: not stored", o->source, len,
                 JK_HTML_MAX >> 20);
    else if (rc)
      jk_err_set(err, rc, "%s: %s reading the HTML", o->source, jk_rc_name(rc));
    else if (verbose)
      fprintf(stderr, "%s: HTML in %s, text of <%s>: %zu bytes%s%s%s%s\n", o->source, hi.charset, hi.scope, text.len,
              hi.site[0] ? ", published by " : "", hi.site, hi.site[0] ? " from " : "", hi.site[0] ? hi.site_from : "");
    /* The page's own name, else its feed's.  A PDF's Author/Title name a
       person or a file, not a publisher: PDFs and text get none. */
    info.publisher = rc == JK_OK && hi.site[0] ? hi.site : o->publisher;
    break;
  }
  case JK_KIND_PDF: {
    jk_pdf_info pi;
    jk_err perr = {0, ""};
    info.kind = "pdf";
    info.raw = bytes;
    info.raw_len = len;
    rc = jk_pdf_to_text(bytes, len, &text, &pi, &d, &perr);
    if (rc) jk_err_set(err, rc, "%s: %s: not stored", o->source, perr.msg);
    else if (verbose)
      fprintf(stderr, "%s: PDF, %d page%s, %zu bytes of text\n", o->source, pi.pages, pi.pages == 1 ? "" : "s",
              text.len);
    break;
  }
  case JK_KIND_TEXT: {
    /* Text from the web may be Shift_JIS too: the header or the bytes say. */
    char cs[40];
    info.kind = "text";
    jk_html_charset(bytes, len, ctype, cs, sizeof cs, NULL);
    if (strcmp(cs, "UTF-8") != 0) {
      info.raw = bytes;
      info.raw_len = len;
      size_t bad = 0;
      rc = jk_charset_to_utf8(bytes, len, cs, &text, &bad);
      if (rc == JK_EUNSUP) rc = jk_charset_to_utf8(bytes, len, "UTF-8", &text, &bad);
      if (bad) jk_diags_add(&d, 0, -1, "%zu byte sequences not valid %s: replaced by U+FFFD", bad, cs);
    } else {
      rc = jk_buf_append(&text, bytes, len);
    }
    if (rc) jk_err_set(err, rc, "%s: %s decoding the text", o->source, jk_rc_name(rc));
    break;
  }
  case JK_KIND_FEED: /* a feed entry that links to a feed: not followed */
    rc = jk_err_set(err, JK_EUNSUP, "%s: a feed linked from a feed entry is not followed: ingest it by itself",
                    o->source);
    break;
  case JK_KIND_BINARY:
  default:
    rc = jk_err_set(err, JK_EUNSUP, "%s: %s%s is not a notice format (HTML, PDF, text or a feed): not stored",
                    o->source, ctype ? "content of type " : "binary content", ctype ? ctype : "");
    break;
  }
  print_diags(o->source, &d);
  jk_diags_free(&d);
  if (rc == JK_OK && text.oom) rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", o->source);
  if (rc) {
    stats->failed_files++;
  } else {
    rc = cli_ingest_document(st, &info, text.p ? text.p : "", text.len, stats, verbose, err);
  }
  jk_buf_free(&text);
  return rc;
}

/* ---- feeds ----------------------------------------------------------------------- */

typedef struct feed_ctx {
  jk_store *st;
  char publisher[128];       /* the site's name in the feed's title ("" none) */
  int publisher_read;
  struct sqlite3 *db;
  const char *feed;          /* the feed's URL or path (the key of its entries) */
  const jk_fetch_result *fetch;
  cli_ingest_stats *stats;
  cli_feed_round *round;
  bool verbose;
  jk_rc fatal;
  jk_err err;
} feed_ctx;

/* Provenance of an entry: the feed, the entry, and the feed's response. */
static char *entry_headers(const feed_ctx *c, const jk_feed_entry *e, const char *page_headers) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "{\"feed\":");
  jk_json_str(&b, c->feed, strlen(c->feed));
  jk_buf_puts(&b, ",\"entry_id\":");
  jk_json_str(&b, e->id, strlen(e->id));
  if (*e->published) {
    jk_buf_puts(&b, ",\"published\":");
    jk_json_str(&b, e->published, strlen(e->published));
  }
  if (*e->updated) {
    jk_buf_puts(&b, ",\"updated\":");
    jk_json_str(&b, e->updated, strlen(e->updated));
  }
  if (c->fetch && c->fetch->headers_json) jk_buf_printf(&b, ",\"feed_response\":%s", c->fetch->headers_json);
  if (page_headers) jk_buf_printf(&b, ",\"page_response\":%s", page_headers);
  jk_buf_putc(&b, '}');
  if (b.oom) {
    jk_buf_free(&b);
    return NULL;
  }
  return jk_buf_detach(&b, NULL);
}

/* The feed's site, named by its title: the publisher of its entries. */
static const char *feed_publisher(feed_ctx *c, const jk_feed_entry *e) {
  if (!c->publisher_read) {
    jk_site_from_feed_title(e->feed_title, c->publisher, sizeof c->publisher);
    c->publisher_read = 1;
  }
  return c->publisher[0] ? c->publisher : NULL;
}

/* Store an entry's own content as a document. */
static jk_rc store_entry_content(feed_ctx *c, const jk_feed_entry *e, const char *source, jk_err *err) {
  char *hj = entry_headers(c, e, NULL);
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = source;
  info.kind = "feed-entry";
  info.url = *e->link ? e->link : NULL;
  info.final_url = info.url;
  info.fetched_at = c->fetch ? c->fetch->fetched_at : NULL;
  info.headers = hj;
  info.raw = e->content;
  info.raw_len = strlen(e->content);
  info.publisher = e->content_is_html ? feed_publisher(c, e) : NULL;
  jk_rc rc = cli_ingest_document(c->st, &info, e->text, e->text_len, c->stats, c->verbose, err);
  free(hj);
  return rc;
}

/* Store the page an entry links to (its content was only a summary). */
static jk_rc store_entry_page(feed_ctx *c, const jk_feed_entry *e, int *fetch_failed, jk_err *err) {
  *fetch_failed = 0;
  jk_fetcher *f = get_fetcher(err);
  if (!f) return *fetch_failed = 1, err->rc;
  jk_fetch_result res;
  jk_rc rc = jk_fetch(f, e->link, NULL, &res, err);
  if (rc) *fetch_failed = 1;
  if (rc == JK_OK) {
    jk_doc_kind kind = jk_doc_kind_detect(res.body, res.len, res.content_type, res.final_url);
    char *hj = entry_headers(c, e, res.headers_json);
    origin o = {e->link, e->link, &res, hj, feed_publisher(c, e)};
    rc = store_bytes(c->st, &o, res.body, res.len, kind, c->stats, c->verbose, err);
    free(hj);
  }
  jk_fetch_result_free(&res);
  return rc;
}

static int on_entry(void *vp, const jk_feed_entry *e) {
  feed_ctx *c = vp;
  c->round->entries++;
  int seen = 0;
  jk_err err = {0, ""};
  if (jk_feedstate_seen(c->db, c->feed, e->id, &seen, &err)) {
    c->fatal = err.rc;
    c->err = err;
    return 1;
  }
  if (seen) {
    c->round->known++;
    c->stats->files++;
    c->stats->seen++;
    return 0;
  }
  /* A relative link is relative to the feed's URL. */
  jk_feed_entry abs = *e;
  char *resolved = NULL;
  if (*e->link && !jk_url_is_http(e->link) && jk_url_is_http(c->feed) && !strstr(e->link, "://")) {
    resolved = jk_url_resolve(c->feed, e->link);
    if (resolved) abs.link = resolved;
  }
  e = &abs;
  /* The name a document from this entry is stored under. */
  char *source = NULL;
  if (*e->link) source = strdup(e->link);
  else if (asprintf(&source, "%s#%s", c->feed, e->id) < 0) source = NULL;
  if (!source) {
    free(resolved);
    c->fatal = jk_err_set(&c->err, JK_ENOMEM, "out of memory");
    return 1;
  }
  jk_rc rc;
  int fetch_failed = 0;
  if (e->summary_only && jk_url_is_http(e->link)) {
    rc = store_entry_page(c, e, &fetch_failed, &err);
    if (fetch_failed && rc == JK_ENOTFOUND) {
      /* The page is gone for good: the summary is all there will be. */
      fprintf(stderr, "%s: warning: entry %s: %s; stored its summary instead\n", c->feed, e->id, err.msg);
      fetch_failed = 0;
      rc = store_entry_content(c, e, source, &err);
    }
  } else {
    rc = store_entry_content(c, e, source, &err);
  }
  if (rc == JK_OK) {
    jk_err merr = {0, ""};
    if (jk_feedstate_mark(c->db, c->feed, e->id, 0, &merr)) {
      c->fatal = merr.rc;
      c->err = merr;
      free(source);
      free(resolved);
      return 1;
    }
    c->round->new_docs++;
  } else {
    c->round->failed++;
    if (fetch_failed) c->stats->failed_files++; /* storing counts its own failures */
    fprintf(stderr, "%s: warning: entry %s not stored (tried again next time): %s\n", c->feed, e->id, err.msg);
    if (fatal_rc(rc)) {
      c->fatal = rc;
      c->err = err;
      free(source);
      free(resolved);
      return 1;
    }
  }
  free(source);
      free(resolved);
  return 0;
}

/* Store the new entries of a feed held in bytes. */
static jk_rc ingest_feed(jk_store *st, const char *feed, const jk_fetch_result *fetch, const char *bytes,
                         size_t len, cli_ingest_stats *stats, cli_feed_round *round, bool verbose, jk_err *err) {
  feed_ctx c;
  memset(&c, 0, sizeof c);
  c.st = st;
  c.db = jk_store_sqlite(st);
  c.feed = feed;
  c.fetch = fetch;
  c.stats = stats;
  c.round = round;
  c.verbose = verbose;
  jk_rc rc = jk_fetchstate_init(c.db, err);
  if (rc) return rc;
  jk_feed_info fi;
  jk_diags d;
  jk_diags_init(&d);
  rc = jk_feed_parse(bytes, len, on_entry, &c, &fi, &d, err);
  print_diags(feed, &d);
  jk_diags_free(&d);
  if (rc) {
    jk_err_set(err, rc, "%s: %s", feed, err->msg);
    stats->failed_files++;
    return rc;
  }
  if (c.fatal) {
    *err = c.err;
    return c.fatal;
  }
  if (verbose)
    fprintf(stderr, "%s: %s feed \"%s\": %d entries, %d new, %d stored before, %d failed\n", feed, fi.format,
            fi.title, round->entries, round->new_docs, round->known, round->failed);
  return JK_OK;
}

/* ---- URLs and files ------------------------------------------------------------------ */

jk_rc cli_ingest_url(jk_store *st, const char *url, cli_ingest_stats *stats, cli_feed_round *round, bool verbose,
                     jk_err *err) {
  cli_feed_round dummy;
  if (!round) round = &dummy;
  memset(round, 0, sizeof *round);
  jk_fetcher *f = get_fetcher(err);
  if (!f) return stats->failed_files++, err->rc;
  struct sqlite3 *db = jk_store_sqlite(st);
  jk_rc rc = jk_fetchstate_init(db, err);
  if (rc) return stats->failed_files++, rc;
  jk_web_resource prev;
  jk_fetch_cond cond = {NULL, NULL};
  rc = jk_fetchstate_get(db, url, &prev, err);
  if (rc == JK_OK) {
    cond.etag = prev.etag[0] ? prev.etag : NULL;
    cond.last_modified = prev.last_modified[0] ? prev.last_modified : NULL;
  } else if (rc != JK_ENOTFOUND) {
    return stats->failed_files++, rc;
  }
  jk_fetch_result res;
  rc = jk_fetch(f, url, &cond, &res, err);
  if (rc) {
    stats->failed_files++;
    jk_fetch_result_free(&res);
    return rc;
  }
  if (res.not_modified) {
    stats->files++;
    stats->seen++;
    round->not_modified = 1;
    if (verbose) fprintf(stderr, "%s: not modified since %s (HTTP 304): nothing fetched\n", url, prev.fetched_at);
    rc = jk_fetchstate_put(db, url, &res, NULL, 0, err);
    jk_fetch_result_free(&res);
    return rc;
  }
  jk_doc_kind kind = jk_doc_kind_detect(res.body, res.len, res.content_type, res.final_url);
  if (verbose)
    fprintf(stderr, "%s: HTTP %ld, %zu bytes of %s%s%s\n", url, res.status, res.len, jk_doc_kind_name(kind),
            res.redirects ? " via redirect to " : "", res.redirects ? res.final_url : "");
  if (kind == JK_KIND_FEED) {
    rc = ingest_feed(st, url, &res, res.body, res.len, stats, round, verbose, err);
    /* Validators only once every entry is in: a 304 next time must not
       hide an entry that failed this time. */
    if (rc == JK_OK && round->failed == 0) rc = jk_fetchstate_put(db, url, &res, NULL, 0, err);
  } else {
    origin o = {url, url, &res, NULL, NULL};
    rc = store_bytes(st, &o, res.body, res.len, kind, stats, verbose, err);
    if (rc == JK_OK) {
      char sha[65];
      jk_sha256_hex(res.body, res.len, sha);
      rc = jk_fetchstate_put(db, url, &res, sha, 0, err);
    }
  }
  jk_fetch_result_free(&res);
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
  if (rc) {
    stats->failed_files++;
  } else if (kind == JK_KIND_FEED) {
    cli_feed_round round;
    memset(&round, 0, sizeof round);
    rc = ingest_feed(st, STDIN_NAME, NULL, b.p, b.len, stats, &round, verbose, err);
  } else {
    origin o = {STDIN_NAME, NULL, NULL, NULL, NULL};
    rc = store_bytes(st, &o, b.p, b.len, kind, stats, verbose, err);
  }
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
  if (kind == JK_KIND_FEED) {
    cli_feed_round round;
    memset(&round, 0, sizeof round);
    rc = ingest_feed(st, arg, NULL, data, len, stats, &round, verbose, err);
  } else {
    origin o = {arg, stats->source_url, NULL, NULL, NULL};
    rc = store_bytes(st, &o, data, len, kind, stats, verbose, err);
  }
  free(data);
  return rc;
}
