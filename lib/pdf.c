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
*/
#include "web.h"

#include <poppler.h>
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

jk_rc jk_pdf_to_text(const void *bytes, size_t len, jk_buf *out, jk_pdf_info *info, jk_diags *diags,
                     jk_err *err) {
  jk_pdf_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  if (len > JK_PDF_MAX)
    return jk_err_set(err, JK_ETOOBIG, "PDF of %zu bytes is over the %u MiB limit", len,
                      JK_PDF_MAX >> 20);
  if (len < 5 || memcmp(bytes, "%PDF-", 5) != 0)
    return jk_err_set(err, JK_EINVAL, "not a PDF (no %%PDF- header at byte 0)");
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
  return rc;
}
