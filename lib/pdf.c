/*
** pdf.c — the text of a PDF, page by page, in reading order (poppler).
**
** poppler-glib's poppler_page_get_text runs the same TextOutputDev as
** pdftotext, so Japanese with a ToUnicode map comes out as the reader sees
** it, columns in reading order.  What poppler itself would print (syntax
** errors in a damaged file) is caught by a GLib log handler and kept as
** warnings: the library never writes to the terminal.  A PDF that is all
** images (a scan) has no text layer; it is reported, not stored silently
** empty.
**
** A PDF may cost only its budget (jk_pdf_budget): before poppler sees
** the file, every Flate stream in it is inflated here, stage after stage
** of a FlateDecode chain, counting the bytes and keeping none; past the
** budget for decoded bytes the file is a decompression bomb (1 MB that
** inflates to 1 GiB of spaces took poppler 10 s) and no page is read.
** The CPU time is checked between pages.
*/
#include "web.h"
#include "jk_int.h"

#include <poppler.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <pthread.h>
#include <stdarg.h>

/* Warnings poppler logs while a call of ours runs go to this list. */
static __thread jk_diags *log_target;
static __thread int log_count;

static void on_poppler_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer u) {
  (void)domain, (void)level, (void)u;
  /* Damaged files can produce thousands: keep a few. */
  if (log_target && log_count++ < 5) jk_diags_add(log_target, 0, -1, "poppler: %.200s", msg ? msg : "");
}

static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static void install_log_handler(void) {
  g_log_set_handler("Poppler", (GLogLevelFlags)(G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION),
                    on_poppler_log, NULL);
}

/* Is there a non-blank character in s? */
static int has_ink(const char *s) {
  for (; s && *s; s++)
    if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t' && *s != '\f') return 1;
  return 0;
}

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

jk_pdf_budget jk_pdf_budget_of(double seconds) {
  jk_pdf_budget b;
  b.cpu_seconds = seconds;
  double bytes = seconds * (double)JK_PDF_BUDGET_BYTES_PER_SECOND;
  b.decoded_bytes = bytes > (double)(SIZE_MAX / 2) ? SIZE_MAX / 2 : (size_t)bytes;
  return b;
}

/* The filters of the stream whose dictionary ends just before p[at]
   ("stream"): how many FlateDecode stages lead its chain (0: not Flate
   first, so not inflated here). */
static int flate_stages(const char *p, size_t at) {
  size_t from = at > 4096 ? at - 4096 : 0;
  /* The dictionary: from the last "obj" before the keyword. */
  size_t d = from;
  for (size_t i = at; i >= from + 3; i--)
    if (memcmp(p + i - 3, "obj", 3) == 0) {
      d = i;
      break;
    }
  const char *f = jk_memmem(p + d, at - d, "/Filter", 7);
  if (!f) return 0;
  f += 7;
  const char *end = p + at;
  while (f < end && (*f == ' ' || *f == '\r' || *f == '\n' || *f == '\t')) f++;
  int arr = f < end && *f == '[';
  if (arr) f++;
  int n = 0;
  for (;;) {
    while (f < end && (*f == ' ' || *f == '\r' || *f == '\n' || *f == '\t')) f++;
    if (end - f >= 12 && memcmp(f, "/FlateDecode", 12) == 0) {
      n++;
      f += 12;
    } else if (end - f >= 3 && memcmp(f, "/Fl", 3) == 0 && (end - f == 3 || f[3] < 'A' || f[3] > 'z')) {
      n++;
      f += 3;
    } else {
      break;
    }
    if (!arr) break;
  }
  return n;
}

/* A FlateDecode chain: stage 0 reads the stream, each next stage the
   output of the one before; nothing is kept. */
enum { MAXST = 4, ZBUF = 1 << 16 };
typedef struct zchain {
  z_stream z[MAXST];
  int done[MAXST];
  unsigned char *in[MAXST]; /* the input buffer of stages 1.. */
} zchain;

/* Up to cap bytes out of stage st into buf; 0 when it has no more. */
static size_t zpull(zchain *c, int st, unsigned char *buf, size_t cap) {
  z_stream *z = &c->z[st];
  z->next_out = buf;
  z->avail_out = (unsigned)cap;
  while (z->avail_out && !c->done[st]) {
    if (z->avail_in == 0) {
      size_t n = st ? zpull(c, st - 1, c->in[st], ZBUF) : 0;
      if (n == 0) {
        c->done[st] = 1;
        break;
      }
      z->next_in = c->in[st];
      z->avail_in = (unsigned)n;
    }
    int rc = inflate(z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END || (rc != Z_OK && !(rc == Z_BUF_ERROR && z->avail_in == 0))) c->done[st] = 1;
  }
  return cap - z->avail_out;
}

/* Inflate a chain of `stages` Flate stages from in, adding what the last
   stage gives to *total, until it is over cap. */
static void inflate_chain(const unsigned char *in, size_t n, int stages, size_t *total, size_t cap) {
  if (stages > MAXST) stages = MAXST;
  zchain c;
  memset(&c, 0, sizeof c);
  unsigned char *mem = malloc((size_t)stages * ZBUF);
  if (!mem) return;
  int ok = 0;
  while (ok < stages && inflateInit(&c.z[ok]) == Z_OK) {
    c.in[ok] = mem + (size_t)ok * ZBUF;
    ok++;
  }
  if (ok == stages) {
    c.z[0].next_in = (unsigned char *)in;
    c.z[0].avail_in = n > UINT_MAX ? UINT_MAX : (unsigned)n;
    size_t got;
    while (*total <= cap && (got = zpull(&c, stages - 1, c.in[0], ZBUF)) > 0) *total += got;
  }
  for (int i = 0; i < ok; i++) inflateEnd(&c.z[i]);
  free(mem);
}

/* What the Flate streams of the file inflate to, up to cap (+1 past). */
static size_t decoded_size(const char *p, size_t n, size_t cap) {
  size_t total = 0;
  const char *q = p, *end = p + n;
  while (total <= cap && (q = jk_memmem(q, (size_t)(end - q), "stream", 6)) != NULL) {
    size_t at = (size_t)(q - p);
    q += 6;
    /* "endstream" is not a start; the keyword is followed by CRLF or LF. */
    if (at >= 3 && memcmp(p + at - 3, "end", 3) == 0) continue;
    const char *d = q;
    if (d < end && *d == '\r') d++;
    if (d >= end || *d != '\n') continue;
    d++;
    int stages = flate_stages(p, at);
    if (stages) inflate_chain((const unsigned char *)d, (size_t)(end - d), stages, &total, cap);
  }
  return total;
}

jk_rc jk_pdf_to_text(const void *bytes, size_t len, jk_buf *out, jk_pdf_info *info, jk_diags *diags,
                     jk_err *err) {
  return jk_pdf_to_text_budget(bytes, len, NULL, out, info, diags, err);
}

jk_rc jk_pdf_to_text_budget(const void *bytes, size_t len, const jk_pdf_budget *budget, jk_buf *out,
                            jk_pdf_info *info, jk_diags *diags, jk_err *err) {
  jk_pdf_budget dflt = jk_pdf_budget_of(JK_PDF_BUDGET_SECONDS);
  if (!budget) budget = &dflt;
  double t0 = cpu_now();
  jk_pdf_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  if (len > JK_PDF_MAX)
    return jk_err_set(err, JK_ETOOBIG, "PDF of %zu bytes is over the %u MiB limit", len,
                      JK_PDF_MAX >> 20);
  if (len < 5 || memcmp(bytes, "%PDF-", 5) != 0)
    return jk_err_set(err, JK_EINVAL, "not a PDF (no %%PDF- header at byte 0)");
  /* The decompression bomb: refused before poppler reads a page. */
  info->decoded = decoded_size(bytes, len, budget->decoded_bytes);
  if (info->decoded > budget->decoded_bytes) {
    info->over_budget = 1;
    info->no_text = 1;
    info->cpu_seconds = cpu_now() - t0;
    if (diags)
      jk_diags_add(diags, 0, -1,
                   "PDF over its budget: its streams inflate past %zu MiB (a decompression bomb?): stored "
                   "without text; --pdf-budget SECONDS raises the budget (%zu MiB a second)",
                   budget->decoded_bytes >> 20, (size_t)JK_PDF_BUDGET_BYTES_PER_SECOND >> 20);
    return JK_OK;
  }
  pthread_once(&log_once, install_log_handler);
  log_target = diags;
  log_count = 0;

  /* GBytes does not copy: the caller's buffer outlives the document. */
  GBytes *gb = g_bytes_new_static(bytes, len);
  GError *gerr = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes(gb, NULL, &gerr);
  jk_rc rc = JK_OK;
  if (!doc) {
    int enc = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
    if (enc)
      rc = jk_err_set(err, JK_EUNSUP, "encrypted PDF: decrypt it (e.g. qpdf --decrypt) and ingest again");
    else
      rc = jk_err_set(err, JK_EINVAL, "not a readable PDF (%s): the file may be truncated or damaged",
                      gerr && gerr->message ? gerr->message : "poppler could not open it");
    if (gerr) g_error_free(gerr);
    g_bytes_unref(gb);
    log_target = NULL;
    return rc;
  }
  gchar *title = poppler_document_get_title(doc);
  if (title) {
    snprintf(info->title, sizeof info->title, "%s", title);
    g_free(title);
  }
  info->pages = poppler_document_get_n_pages(doc);
  size_t start = out->len;
  for (int i = 0; i < info->pages && rc == JK_OK; i++) {
    if (i > 0 && cpu_now() - t0 > budget->cpu_seconds) {
      info->over_budget = 1;
      if (diags)
        jk_diags_add(diags, 0, -1,
                     "PDF over its budget: %.1f s of CPU after page %d of %d: the text of pages %d-%d is "
                     "not read; --pdf-budget SECONDS raises the budget",
                     budget->cpu_seconds, i, info->pages, i + 1, info->pages);
      break;
    }
    PopplerPage *page = poppler_document_get_page(doc, i);
    char *txt = page ? poppler_page_get_text(page) : NULL;
    if (!has_ink(txt)) {
      info->pages_without_text++;
    } else {
      if (out->len > start) jk_buf_puts(out, "\n\n");
      /* poppler ends lines with \n and may put \f between columns: keep lines */
      size_t n = strlen(txt);
      while (n && (txt[n - 1] == '\n' || txt[n - 1] == ' ' || txt[n - 1] == '\f')) n--;
      size_t from = out->len;
      jk_buf_append(out, txt, n);
      for (size_t k = from; k < out->len; k++)
        if (out->p[k] == '\f') out->p[k] = '\n';
      if (out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory reading page %d", i + 1);
    }
    g_free(txt);
    if (page) g_object_unref(page);
  }
  if (rc == JK_OK && out->len > start) jk_buf_putc(out, '\n');
  if (rc == JK_OK && info->pages > 0 && info->pages_without_text == info->pages) {
    info->no_text = 1;
    if (diags)
      jk_diags_add(diags, 0, -1,
                   "no text layer (scanned?): stored without text, run OCR (e.g. ocrmypdf -l jpn) "
                   "and ingest the result again");
  } else if (rc == JK_OK && info->pages_without_text && diags) {
    jk_diags_add(diags, 0, -1, "%d of %d pages have no text (images only?)", info->pages_without_text,
                 info->pages);
  }
  if (rc == JK_OK && info->pages == 0 && diags) jk_diags_add(diags, 0, -1, "the PDF has no pages");
  if (rc == JK_OK && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  g_object_unref(doc);
  g_bytes_unref(gb);
  log_target = NULL;
  info->cpu_seconds = cpu_now() - t0;
  return rc;
}
