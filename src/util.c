/*
** util.c — the tool's shared plumbing: file reading, errors on stderr,
** progress bars, the database path.
*/
#include "web_cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void cli_err(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("jikenbo: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void cli_print_diags(const char *file, const jk_diags *d) {
  /* A binary or badly encoded file would bury the summary under thousands
     of warnings: show the first ones and count the rest. */
  size_t shown = d->n < CLI_WARNINGS_SHOWN ? d->n : CLI_WARNINGS_SHOWN;
  for (size_t i = 0; i < shown; i++) {
    const jk_diag *g = &d->v[i];
    if (g->offset >= 0)
      fprintf(stderr, "%s:%d: warning (byte %lld): %s\n", file, g->line, g->offset, g->msg);
    else
      fprintf(stderr, "%s:%d: warning: %s\n", file, g->line, g->msg);
  }
  size_t more = d->n - shown + d->dropped;
  if (more) fprintf(stderr, "%s: %zu more warnings not shown\n", file, more);
}

bool cli_wants_help(int argc, char **argv, const char *usage) {
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--") == 0) break;
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(usage, stdout);
      return true;
    }
  }
  return false;
}

double cli_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

jk_rc cli_split_file(const char *path, jk_segment_fn fn, void *ctx, jk_diags *diags, jk_err *err,
                     long long *bytes_read) {
  int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return jk_err_set(err, JK_EIO, "%s: cannot open: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    close(fd);
    return jk_err_set(err, JK_EINVAL, "%s: is a directory; give the files in it (e.g. %s/*.txt)", path, path);
  }
  jk_splitter *s = jk_splitter_new(fn, ctx, diags);
  if (!s) {
    if (fd) close(fd);
    return jk_err_set(err, JK_ENOMEM, "%s: out of memory", path);
  }
  enum { CHUNK = 1 << 16 };
  char *buf = malloc(CHUNK);
  jk_rc rc = buf ? JK_OK : JK_ENOMEM;
  long long total = 0;
  while (rc == JK_OK) {
    ssize_t n = read(fd, buf, CHUNK);
    if (n < 0) {
      if (errno == EINTR) continue;
      rc = jk_err_set(err, JK_EIO, "%s: read failed at byte %lld: %s", path, total, strerror(errno));
      break;
    }
    if (n == 0) break;
    /* A NUL byte in the first block: a binary file, not a notice. */
    if (total == 0 && memchr(buf, 0, (size_t)n)) {
      rc = jk_err_set(err, JK_EUNSUP, "%s: a binary file (NUL bytes at the start), not text: skipped", path);
      break;
    }
    total += n;
    rc = jk_splitter_feed(s, buf, (size_t)n);
    if (rc) jk_err_set(err, rc, "%s: %s while reading byte %lld", path, jk_rc_name(rc), total);
  }
  if (rc == JK_OK) {
    rc = jk_splitter_finish(s);
    if (rc) jk_err_set(err, rc, "%s: %s at end of file", path, jk_rc_name(rc));
  }
  free(buf);
  jk_splitter_free(s);
  if (fd) close(fd);
  if (bytes_read) *bytes_read = total;
  return rc;
}

jk_doc_kind cli_file_kind(const char *path) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return JK_KIND_TEXT;
  char head[4096];
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  if (n < 0) return JK_KIND_TEXT;
  return jk_doc_kind_detect(head, (size_t)n, NULL, path);
}

/* Segments of a web page carry its site's name (jk_segment.publisher). */
typedef struct publisher_ctx {
  jk_segment_fn fn;
  void *ctx;
  const char *publisher;
} publisher_ctx;

static int with_publisher(void *vp, const jk_segment *seg) {
  const publisher_ctx *p = vp;
  jk_segment s = *seg;
  s.publisher = p->publisher;
  return p->fn(p->ctx, &s);
}

jk_rc cli_split_document(const char *path, jk_segment_fn fn, void *ctx, jk_diags *diags, jk_err *err) {
  jk_doc_kind kind = strcmp(path, "-") != 0 ? cli_file_kind(path) : JK_KIND_TEXT;
  if (kind == JK_KIND_FEED)
    return jk_err_set(err, JK_EUNSUP, "%s: a feed, not a notice: `jikenbo ingest %s` reads its entries", path, path);
  if (kind == JK_KIND_IMAGE && !cli_ocr())
    return jk_err_set(err, JK_EUNSUP, "%s: an image, and OCR is off (JIKENBO_OCR=off)", path);
  if (kind != JK_KIND_HTML && kind != JK_KIND_PDF && kind != JK_KIND_IMAGE)
    return cli_split_file(path, fn, ctx, diags, err, NULL);
  char *data = NULL;
  size_t len = 0;
  jk_rc rc = cli_read_file(path, kind == JK_KIND_HTML ? JK_HTML_MAX : JK_PDF_MAX, &data, &len, err);
  if (rc) return rc;
  jk_buf text;
  jk_buf_init(&text);
  jk_html_info hi;
  hi.site[0] = 0;
  if (kind == JK_KIND_PDF) {
    /* A PDF's Author/Title metadata name a person or a file, not a publisher. */
    jk_err perr = {0, ""};
    jk_pdf_budget pb = jk_pdf_budget_of(cli_pdf_seconds);
    rc = jk_pdf_to_text_ocr(data, len, &pb, cli_ocr(), &text, NULL, NULL, diags, &perr);
    if (rc) jk_err_set(err, rc, "%s: %s", path, perr.msg);
  } else if (kind == JK_KIND_IMAGE) {
    jk_err perr = {0, ""};
    rc = jk_ocr_image(cli_ocr(), data, len, &text, NULL, diags, &perr);
    if (rc) jk_err_set(err, rc, "%s: %s", path, perr.msg);
  } else {
    rc = jk_html_to_text_ex(data, len, NULL, &text, &hi, diags);
    if (rc) jk_err_set(err, rc, "%s: %s reading the HTML", path, jk_rc_name(rc));
  }
  free(data);
  if (rc == JK_OK && text.oom) rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", path);
  if (rc == JK_OK) {
    publisher_ctx pc = {fn, ctx, hi.site};
    if (hi.site[0]) fn = with_publisher, ctx = &pc;
    rc = jk_split_buffer(text.p ? text.p : "", text.len, fn, ctx, diags);
    if (rc) jk_err_set(err, rc, "%s: %s splitting the text", path, jk_rc_name(rc));
  }
  jk_buf_free(&text);
  return rc;
}

double cli_pdf_seconds = JK_PDF_BUDGET_SECONDS;

bool cli_ocr_enabled(void) {
  const char *v = getenv("JIKENBO_OCR");
  return !(v && (!strcasecmp(v, "off") || !strcmp(v, "0") || !strcasecmp(v, "no") || !strcasecmp(v, "false")));
}

jk_ocr *cli_ocr(void) {
  static jk_ocr *engine;
  if (!engine && cli_ocr_enabled()) {
    /* JIKENBO_OCR_THREADS: OpenMP threads for Tesseract (default 1; 0 its own default). */
    jk_ocr_opts o = {0};
    const char *t = getenv("JIKENBO_OCR_THREADS");
    if (t && *t) {
      int n = atoi(t);
      o.threads = n <= 0 ? -1 : n > 64 ? 64 : n;
    }
    engine = jk_ocr_new(&o);
  }
  return engine;
}

int cli_pdf_budget_opt(const char *arg) {
  char *end;
  double d = strtod(arg, &end);
  if (end == arg || *end || !(d >= 0.1 && d <= 3600)) {
    cli_err("--pdf-budget '%s': write seconds from 0.1 to 3600 (default %.0f)", arg, JK_PDF_BUDGET_SECONDS);
    return -1;
  }
  cli_pdf_seconds = d;
  return 0;
}

jk_rc cli_read_file(const char *path, size_t max, char **data, size_t *len, jk_err *err) {
  FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
  if (!f) return jk_err_set(err, JK_EIO, "%s: cannot open: %s", path, strerror(errno));
  jk_buf b;
  jk_buf_init(&b);
  char tmp[65536];
  size_t n;
  jk_rc rc = JK_OK;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
    if (b.len + n > max) {
      rc = jk_err_set(err, JK_ETOOBIG, "%s: larger than %zu bytes", path, max);
      break;
    }
    if (jk_buf_append(&b, tmp, n)) {
      rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", path);
      break;
    }
  }
  if (rc == JK_OK && ferror(f)) rc = jk_err_set(err, JK_EIO, "%s: read error", path);
  if (f != stdin) fclose(f);
  if (rc) {
    jk_buf_free(&b);
    return rc;
  }
  *data = jk_buf_detach(&b, len);
  return *data ? JK_OK : jk_err_set(err, JK_ENOMEM, "%s: out of memory", path);
}

void cli_progress_start(cli_progress *p, const char *label, long long total) {
  memset(p, 0, sizeof *p);
  p->on = isatty(2) && getenv("JIKENBO_NO_PROGRESS") == NULL;
  p->total = total;
  p->label = label;
  p->started = cli_now();
  p->last_pct = -1;
}

void cli_progress_update(cli_progress *p, long long done, const char *item) {
  if (!p->on) return;
  p->done = done;
  int pct = p->total > 0 ? (int)(100.0 * done / p->total) : 0;
  if (pct > 100) pct = 100;
  if (pct == p->last_pct && done != p->total) return;
  p->last_pct = pct;
  int width = 30, fill = pct * width / 100;
  double el = cli_now() - p->started;
  double mbs = el > 0 ? done / 1e6 / el : 0;
  char bar[64];
  for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
  bar[width] = 0;
  const char *it = item ? strrchr(item, '/') : NULL;
  it = it ? it + 1 : (item ? item : "");
  fprintf(stderr, "\r%s [%s] %3d%% %6.1f MB/s %-30.30s", p->label, bar, pct, mbs, it);
}

void cli_progress_end(cli_progress *p) {
  if (p->on) fprintf(stderr, "\r%*s\r", 90, "");
}

const char *cli_db_path(const char *opt) {
  if (opt && *opt) return opt;
  const char *e = getenv("JIKENBO_DB");
  if (e && *e) return e;
  return "jikenbo.db";
}
const char *cli_source_url;
