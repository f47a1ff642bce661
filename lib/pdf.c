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

#include <cairo.h>
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

/* The number after key in [s, e) (-1: none). */
static double dict_num(const char *s, const char *e, const char *key) {
  const char *k = jk_memmem(s, (size_t)(e - s), key, strlen(key));
  if (!k) return -1;
  k += strlen(key);
  while (k < e && (*k == ' ' || *k == '\r' || *k == '\n' || *k == '\t')) k++;
  double v = 0;
  int digits = 0;
  for (; k < e && *k >= '0' && *k <= '9' && digits < 15; k++, digits++) v = v * 10 + (*k - '0');
  return digits ? v : -1;
}

/* Is the stream whose dictionary ends just before p[at] an image
   (/Subtype /Image)?  Its pixels are decoded only when the page is drawn.
   *pixels gets its /Width x /Height (0: not said). */
static int stream_is_image(const char *p, size_t at, double *pixels) {
  size_t from = at > 4096 ? at - 4096 : 0;
  size_t d = from;
  for (size_t i = at; i >= from + 3; i--)
    if (memcmp(p + i - 3, "obj", 3) == 0) {
      d = i;
      break;
    }
  const char *s = jk_memmem(p + d, at - d, "/Subtype", 8);
  if (!s) return 0;
  s += 8;
  while (s < p + at && (*s == ' ' || *s == '\r' || *s == '\n' || *s == '\t')) s++;
  if (!(p + at - s >= 6 && memcmp(s, "/Image", 6) == 0)) return 0;
  double w = dict_num(p + d, p + at, "/Width"), h = dict_num(p + d, p + at, "/Height");
  *pixels = w > 0 && h > 0 ? w * h : 0;
  return 1;
}

/* What the Flate streams of the file inflate to, up to cap (+1 past);
   with image_px, only the pixels its images (/Subtype /Image, any filter)
   say they have, nothing inflated. */
static size_t decoded_size(const char *p, size_t n, size_t cap, double *image_px) {
  size_t total = 0;
  if (image_px) *image_px = 0;
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
    if (image_px) {
      double px = 0;
      if (stream_is_image(p, at, &px)) *image_px += px;
      continue;
    }
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
  return jk_pdf_to_text_ocr(bytes, len, budget, NULL, out, info, NULL, diags, err);
}

/* A page's text layer appended to out (pages apart by a blank line). */
static jk_rc append_page(jk_buf *out, size_t start, const char *txt, int page, jk_err *err) {
  if (out->len > start) jk_buf_puts(out, "\n\n");
  /* poppler ends lines with \n and may put \f between columns: keep lines */
  size_t n = strlen(txt);
  while (n && (txt[n - 1] == '\n' || txt[n - 1] == ' ' || txt[n - 1] == '\f')) n--;
  size_t from = out->len;
  jk_buf_append(out, txt, n);
  for (size_t k = from; k < out->len; k++)
    if (out->p[k] == '\f') out->p[k] = '\n';
  return out->oom ? jk_err_set(err, JK_ENOMEM, "out of memory reading page %d", page) : JK_OK;
}

/* One textless page planned for OCR: its dpi and pixels. */
typedef struct ocr_plan {
  int page; /* 0-based */
  int dpi, w, h;
} ocr_plan;

/* The dpi of a page of w x h points: the engine's, lower to keep it
   within max_page_pixels, never below JK_OCR_MIN_DPI (-1: too big). */
static int plan_dpi(const jk_ocr_opts *op, double wpt, double hpt, int *pw, int *ph) {
  if (!(wpt > 0 && hpt > 0 && wpt < 1e6 && hpt < 1e6)) return -1;
  for (int dpi = op->dpi;; dpi = dpi * 9 / 10) {
    if (dpi < JK_OCR_MIN_DPI) dpi = JK_OCR_MIN_DPI;
    double w = wpt * dpi / 72.0 + 1, h = hpt * dpi / 72.0 + 1;
    if (w * h <= (double)op->max_page_pixels) {
      *pw = (int)w, *ph = (int)h;
      return dpi;
    }
    if (dpi == JK_OCR_MIN_DPI) return -1;
  }
}

/* Render a page at dpi to 8-bit grey and read it. */
static jk_rc ocr_page(jk_ocr *ocr, PopplerPage *page, const ocr_plan *pl, jk_buf *out, jk_ocr_info *oi,
                      jk_err *err) {
  cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pl->w, pl->h);
  if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surf);
    return jk_err_set(err, JK_ENOMEM, "out of memory rendering page %d (%dx%d pixels) for OCR", pl->page + 1,
                      pl->w, pl->h);
  }
  cairo_t *cr = cairo_create(surf);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_scale(cr, pl->dpi / 72.0, pl->dpi / 72.0);
  poppler_page_render(page, cr);
  cairo_destroy(cr);
  cairo_surface_flush(surf);
  jk_rc rc = JK_OK;
  unsigned char *grey = malloc((size_t)pl->w * (size_t)pl->h);
  if (!grey) {
    rc = jk_err_set(err, JK_ENOMEM, "out of memory rendering page %d for OCR", pl->page + 1);
  } else {
    const unsigned char *data = cairo_image_surface_get_data(surf);
    int stride = cairo_image_surface_get_stride(surf);
    for (int y = 0; y < pl->h; y++) {
      const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
      unsigned char *g = grey + (size_t)y * (size_t)pl->w;
      for (int x = 0; x < pl->w; x++) {
        uint32_t v = row[x];
        g[x] = (unsigned char)((((v >> 16) & 0xFF) * 299 + ((v >> 8) & 0xFF) * 587 + (v & 0xFF) * 114) / 1000);
      }
    }
    rc = jk_ocr_gray(ocr, grey, pl->w, pl->h, pl->w, pl->dpi, pl->page + 1, out, oi, err);
    free(grey);
  }
  cairo_surface_destroy(surf);
  return rc;
}

jk_rc jk_pdf_to_text_ocr(const void *bytes, size_t len, const jk_pdf_budget *budget, jk_ocr *ocr, jk_buf *out,
                         jk_pdf_info *info, jk_ocr_info *oi, jk_diags *diags, jk_err *err) {
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
  /* With OCR, a scan's images are pixels to draw, not a bomb: the budget
     grows by what they say they hold (3 bytes a pixel), up to 3 bytes a
     pixel of OCR's document bound; images saying more than that bound are
     refused below, before a page is drawn. */
  double img_cap = ocr ? (double)jk_ocr_options(ocr)->max_doc_pixels * 3 : 0;
  double image_px = 0;
  decoded_size(bytes, len, 0, &image_px);
  info->image_pixels = image_px > 9e18 ? (long long)9e18 : (long long)image_px;
  double grant = image_px * 3 < img_cap ? image_px * 3 : img_cap;
  size_t allowed = budget->decoded_bytes + (size_t)grant;
  info->decoded = decoded_size(bytes, len, allowed, NULL);
  if (info->decoded > allowed) {
    info->over_budget = 1;
    info->no_text = 1;
    info->cpu_seconds = cpu_now() - t0;
    if (diags)
      jk_diags_add(diags, 0, -1,
                   "PDF over its budget: its streams inflate past %zu MiB (a decompression bomb?): stored "
                   "without text; --pdf-budget SECONDS raises the budget (%zu MiB a second)",
                   allowed >> 20, (size_t)JK_PDF_BUDGET_BYTES_PER_SECOND >> 20);
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
  jk_ocr_info own_oi;
  memset(&own_oi, 0, sizeof own_oi);
  jk_ocr_info *oi_given = oi;
  if (!oi) oi = &own_oi;
  size_t start = out->len;
  /* With OCR every page's text is kept until the textless ones are read. */
  char **kept = ocr && info->pages > 0 ? calloc((size_t)info->pages, sizeof *kept) : NULL;
  ocr_plan *plan = kept ? calloc((size_t)info->pages, sizeof *plan) : NULL;
  if (ocr && info->pages > 0 && !plan) rc = jk_err_set(err, JK_ENOMEM, "out of memory reading %d pages", info->pages);
  int nplan = 0, read_pages = info->pages;
  for (int i = 0; i < info->pages && rc == JK_OK; i++) {
    if (i > 0 && cpu_now() - t0 > budget->cpu_seconds) {
      info->over_budget = 1;
      read_pages = i;
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
      if (plan && page) {
        double w = 0, h = 0;
        poppler_page_get_size(page, &w, &h);
        plan[nplan].page = i;
        plan[nplan].dpi = plan_dpi(jk_ocr_options(ocr), w, h, &plan[nplan].w, &plan[nplan].h);
        if (plan[nplan].dpi < 0) {
          rc = jk_err_set(err, JK_ETOOBIG,
                          "page %d is %.0fx%.0f pt: over %lld Mpx even at %d dpi, the most OCR reads on one page "
                          "(an image bomb?): not read; JIKENBO_OCR=off stores it without text",
                          i + 1, w, h, jk_ocr_options(ocr)->max_page_pixels / 1000000, JK_OCR_MIN_DPI);
        }
        nplan++;
      }
    } else if (kept) {
      kept[i] = txt;
      txt = NULL;
    } else {
      rc = append_page(out, start, txt, i + 1, err);
    }
    g_free(txt);
    if (page) g_object_unref(page);
  }
  /* The bounds of OCR, before any page is rendered. */
  if (rc == JK_OK && nplan) {
    const jk_ocr_opts *op = jk_ocr_options(ocr);
    long long px = 0;
    for (int k = 0; k < nplan; k++) px += (long long)plan[k].w * plan[k].h;
    if (image_px > img_cap)
      rc = jk_err_set(err, JK_ETOOBIG,
                      "PDF images of %.0f Mpx in all are over the %.0f Mpx OCR decodes in one document (an image "
                      "bomb?): not read; JIKENBO_OCR=off stores it without text",
                      image_px / 1e6, img_cap / 1e6);
    else if (nplan > op->max_pages)
      rc = jk_err_set(err, JK_ETOOBIG,
                      "PDF of %d pages without text is over the %d pages OCR reads in one document: not read; "
                      "split it, or JIKENBO_OCR=off stores it without text",
                      nplan, op->max_pages);
    else if (px > op->max_doc_pixels)
      rc = jk_err_set(err, JK_ETOOBIG,
                      "PDF pages without text of %lld Mpx in all are over the %lld Mpx OCR reads in one document "
                      "(an image bomb?): not read; JIKENBO_OCR=off stores it without text",
                      px / 1000000, op->max_doc_pixels / 1000000);
  }
  int ocr_failed = 0;
  for (int k = 0; rc == JK_OK && k < nplan; k++) {
    PopplerPage *page = poppler_document_get_page(doc, plan[k].page);
    if (!page) continue;
    jk_buf t;
    jk_buf_init(&t);
    jk_err oerr = {0, ""};
    jk_rc orc = ocr_page(ocr, page, &plan[k], &t, oi, &oerr);
    g_object_unref(page);
    if (orc == JK_EUNSUP) { /* no engine: as without OCR */
      if (diags) jk_diags_add(diags, 0, -1, "%s", oerr.msg);
      ocr_failed = 1;
      jk_buf_free(&t);
      break;
    }
    if (orc) {
      rc = jk_err_set(err, orc, "%s", oerr.msg);
    } else if (has_ink(t.p)) {
      kept[plan[k].page] = g_strndup(t.p, t.len);
      info->pages_without_text--;
      info->pages_ocr++;
    }
    jk_buf_free(&t);
  }
  if (kept) {
    for (int i = 0; i < read_pages && rc == JK_OK; i++)
      if (kept[i]) rc = append_page(out, start, kept[i], i + 1, err);
    for (int i = 0; i < info->pages; i++) g_free(kept[i]);
    free(kept);
  }
  free(plan);
  if (rc) out->len = start;
  if (rc == JK_OK && out->len > start) jk_buf_putc(out, '\n');
  if (rc == JK_OK && info->pages_ocr && diags)
    jk_diags_add(diags, 0, -1, "%d of %d page%s without a text layer read by OCR (%s, confidence %.2f)",
                 info->pages_ocr, info->pages, info->pages == 1 ? "" : "s", jk_ocr_engine(), oi->confidence);
  if (rc == JK_OK && info->pages > 0 && info->pages_without_text == info->pages) {
    info->no_text = 1;
    if (diags)
      jk_diags_add(diags, 0, -1,
                   "no text layer (scanned?): stored without text, %s",
                   ocr && !ocr_failed ? "and OCR found none on it"
                                      : "run OCR (leave JIKENBO_OCR unset, or ocrmypdf -l jpn) and ingest the result again");
  } else if (rc == JK_OK && info->pages_without_text && diags) {
    jk_diags_add(diags, 0, -1, "%d of %d pages have no text (images only?)", info->pages_without_text,
                 info->pages);
  }
  if (rc == JK_OK && info->pages == 0 && diags) jk_diags_add(diags, 0, -1, "the PDF has no pages");
  if (!oi_given) jk_ocr_info_free(&own_oi);
  if (rc == JK_OK && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  g_object_unref(doc);
  g_bytes_unref(gb);
  log_target = NULL;
  info->cpu_seconds = cpu_now() - t0;
  return rc;
}
