/*
** test_pdf.c — pdf.c on PDFs made here in memory with cairo (the same
** library poppler renders with) and a Noto CJK font: Japanese text in
** reading order, a page without text, a scan (an image, no text layer),
** and hostile bytes (truncated, not a PDF, garbage after the header).
*/
#include "harness.h"

#include "jikenbo.h"
#include "web.h"

#include <cairo-pdf.h>
#include <cairo.h>

/* cairo and fontconfig keep font caches for the life of the process (the
   toy font API that draws our fixtures): not ours to free.  LeakSanitizer
   reads this hook when the test is built with it; our code is not
   covered by it. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libcairo.so\nleak:libfontconfig.so\n"; }

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int length) {
  return jk_buf_append(closure, data, length) == JK_OK ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static void lines(cairo_t *cr, const char *const *text, size_t n, double y) {
  cairo_select_font_face(cr, "Noto Sans CJK JP", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 12);
  for (size_t i = 0; i < n; i++, y += 22) {
    cairo_move_to(cr, 50, y);
    cairo_show_text(cr, text[i]);
  }
}

static const char *const page1[] = {"顧客情報の漏えいに関するお詫び", "2024年9月2日", "株式会社シギ製作所",
                                    "当社の業務用ノートパソコン1台が盗難に遭いました。",
                                    "顧客320名の氏名と電話番号が保存されていました。"};
static const char *const page3[] = {"再発防止策", "端末の暗号化を徹底いたします。"};

/* A three-page PDF: text, an empty page, text.  scan: page 1 as pixels. */
static void make_pdf(jk_buf *b, int scan) {
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, b, 595, 842);
  cairo_t *cr = cairo_create(s);
  if (scan) {
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 595, 842);
    cairo_t *ic = cairo_create(img);
    cairo_set_source_rgb(ic, 1, 1, 1);
    cairo_paint(ic);
    cairo_set_source_rgb(ic, 0, 0, 0);
    lines(ic, page1, 5, 80);
    cairo_destroy(ic);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_surface_destroy(img);
    cairo_show_page(cr);
  } else {
    lines(cr, page1, 5, 80);
    cairo_show_page(cr);
    cairo_show_page(cr); /* a page with nothing on it */
    lines(cr, page3, 2, 80);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(s);
  cairo_surface_destroy(s);
}

TEST(pdf_japanese_text_in_order) {
  jk_buf pdf, out;
  jk_buf_init(&pdf);
  jk_buf_init(&out);
  make_pdf(&pdf, 0);
  CHECK(pdf.len > 1000);
  jk_pdf_info info;
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  CHECK_INT(jk_pdf_to_text(pdf.p, pdf.len, &out, &info, &d, &err), JK_OK);
  CHECK_INT(info.pages, 3);
  CHECK_INT(info.pages_without_text, 1);
  CHECK_INT(info.no_text, 0);
  const char *t = out.p ? out.p : "";
  const char *a = strstr(t, "顧客情報の漏えいに関するお詫び\n2024年9月2日\n株式会社シギ製作所\n");
  const char *b = strstr(t, "顧客320名の氏名と電話番号が保存されていました。");
  const char *c = strstr(t, "再発防止策\n端末の暗号化を徹底いたします。");
  CHECK(a && b && c && a < b && b < c);
  CHECK(strstr(t, "。\n\n再発防止策") != NULL); /* pages apart by a blank line */
  CHECK_INT(d.n, 1);
  CHECK(d.n && strstr(d.v[0].msg, "1 of 3 pages have no text") != NULL);
  jk_diags_free(&d);
  jk_buf_free(&pdf);
  jk_buf_free(&out);
}

TEST(pdf_scan_has_no_text_layer) {
  jk_buf pdf, out;
  jk_buf_init(&pdf);
  jk_buf_init(&out);
  make_pdf(&pdf, 1);
  jk_pdf_info info;
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  CHECK_INT(jk_pdf_to_text(pdf.p, pdf.len, &out, &info, &d, &err), JK_OK);
  CHECK_INT(info.pages, 1);
  CHECK_INT(info.no_text, 1);
  CHECK_INT(out.len, 0);
  CHECK(d.n == 1 && strstr(d.v[0].msg, "no text layer (scanned?)") != NULL && strstr(d.v[0].msg, "OCR") != NULL);
  jk_diags_free(&d);
  jk_buf_free(&pdf);
  jk_buf_free(&out);
}

TEST(pdf_hostile) {
  jk_buf pdf, out;
  jk_buf_init(&pdf);
  jk_buf_init(&out);
  make_pdf(&pdf, 0);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  /* truncated at every tenth: an error or partial text, never a crash */
  for (int k = 1; k < 10; k++) {
    jk_buf_reset(&out);
    jk_rc rc = jk_pdf_to_text(pdf.p, pdf.len * k / 10, &out, NULL, &d, &err);
    CHECK(rc == JK_OK || rc == JK_EINVAL);
    if (rc == JK_EINVAL) CHECK(strstr(err.msg, "truncated") != NULL);
  }
  CHECK_INT(jk_pdf_to_text("<html>", 6, &out, NULL, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "not a PDF") != NULL);
  CHECK_INT(jk_pdf_to_text("", 0, &out, NULL, &d, &err), JK_EINVAL);
  char junk[5000];
  memcpy(junk, "%PDF-1.7\n", 9);
  for (size_t i = 9; i < sizeof junk; i++) junk[i] = (char)(i * 7919 % 251);
  CHECK_INT(jk_pdf_to_text(junk, sizeof junk, &out, NULL, &d, &err), JK_EINVAL);
  /* poppler's complaints are collected, not printed, and bounded */
  CHECK(d.n < 200);
  jk_diags_free(&d);
  jk_buf_free(&pdf);
  jk_buf_free(&out);
}
