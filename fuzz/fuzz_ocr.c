/*
** fuzz_ocr.c — libFuzzer target for image files read by OCR
** (jk_ocr_image, lib/ocr.c: our PNG chunk and JPEG marker walks, the
** header and bound checks, then leptonica's decoders and the conversion
** to grey): truncated, corrupted and odd PNG, JPEG and TIFF bytes.
**
** Two engines, made once.  Every input goes to one that has no language
** data (a datapath with none in it), so everything up to recognition
** runs at full speed and a decoded image ends in JK_EUNSUP; its bounds
** are small (1 Mpx a page, 4 Mpx a document, 8 frames) so that a
** compressed image declaring a big page is refused, not decoded for
** seconds.  An input whose last byte is odd also goes to the real
** engine (jpn+jpn_vert), bounded to 64x64-pixel pages and 2 frames, so
** recognition and jk_ocr_normalize run too — on pages small enough to
** keep thousands of runs a minute.  Leptonica, libpng, libjpeg, libtiff
** and Tesseract are not instrumented: this finds our misuse of them and
** their crashes, not their internal overreads.
**
** Promises checked: a documented code (JK_EINVAL not an image or
** damaged, JK_ETOOBIG over a bound, JK_EUNSUP no language data,
** JK_ENOMEM) with a message that is valid UTF-8 without control
** characters (it reaches the terminal and JSON); bytes that are not
** PNG/JPEG/TIFF by their signature are JK_EINVAL; the engine without
** data never succeeds; on success the text is valid UTF-8 without NUL,
** the pages read are within the bounds, numbered 1.., and every
** confidence is within 0..1; the warnings are valid UTF-8.
**
** fuzz-needs: lib/ocr.c
** fuzz-seeds: own
** fuzz-dict: ocr
** fuzz-max-len: 16384
*/
#include "fuzz.h"
#include "../lib/ocr.h"

#ifndef JK_FUZZ_NO_MAIN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libtesseract\nleak:libgomp\nleak:liblept\nleak:libtiff\nleak:libpng\nleak:libjpeg\nleak:libwebp\n"
         "leak:libopenjp2\nleak:libgif\n";
}
#endif

static int fuzz_ocr_msg_ok(const char *m) {
  size_t n = strlen(m);
  if (!n || !fz_valid_utf8(m, n)) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)m[i] < 0x20 || m[i] == 0x7f) return 0;
  return 1;
}

static void fuzz_ocr_one(jk_ocr *o, const uint8_t *data, size_t size, int has_data) {
  const jk_ocr_opts *op = jk_ocr_options(o);
  jk_buf out;
  jk_buf_init(&out);
  jk_ocr_info oi;
  memset(&oi, 0, sizeof oi);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_ocr_image(o, data, size, &out, &oi, &d, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ETOOBIG || rc == JK_EUNSUP || rc == JK_ENOMEM);
  if (!jk_ocr_is_image(data, size)) FZ_CHECK(rc == JK_EINVAL);
  if (!has_data) FZ_CHECK(rc != JK_OK);
  if (rc != JK_OK) {
    FZ_CHECK(fuzz_ocr_msg_ok(err.msg));
  } else {
    FZ_CHECK(fz_valid_utf8(out.p ? out.p : "", out.len));
    FZ_CHECK(!out.len || memchr(out.p, 0, out.len) == NULL);
  }
  /* Pages read (also those before a later frame failed). */
  FZ_CHECK(oi.n >= 0 && oi.n <= op->max_pages);
  FZ_CHECK(oi.confidence >= 0 && oi.confidence <= 1);
  FZ_CHECK(oi.pixels >= 0 && oi.pixels <= op->max_doc_pixels);
  for (int i = 0; i < oi.n; i++) {
    const jk_ocr_page *p = &oi.pages[i];
    FZ_CHECK(p->page == i + 1);
    FZ_CHECK(p->width > 0 && p->height > 0 && (long long)p->width * p->height <= op->max_page_pixels);
    FZ_CHECK(p->confidence >= 0 && p->confidence <= 1);
  }
  for (size_t i = 0; i < d.n; i++) FZ_CHECK(fz_valid_utf8(d.v[i].msg, strnlen(d.v[i].msg, sizeof d.v[i].msg)));
  jk_ocr_info_free(&oi);
  jk_buf_free(&out);
  jk_diags_free(&d);
}

static jk_ocr *fuzz_ocr_bare, *fuzz_ocr_real;

int fuzz_ocr(const uint8_t *data, size_t size) {
  if (!fuzz_ocr_bare) {
    /* No language data there: an empty directory of our own making. */
    jk_ocr_opts b = {0};
    b.datapath = "/nonexistent/jikenbo-fuzz-no-tessdata";
    b.max_pages = 8;
    b.max_page_pixels = 1000000;
    b.max_doc_pixels = 4000000;
    fuzz_ocr_bare = jk_ocr_new(&b);
    jk_ocr_opts r = {0};
    r.max_pages = 2;
    r.max_page_pixels = 64 * 64;
    r.max_doc_pixels = 2 * 64 * 64;
    fuzz_ocr_real = jk_ocr_new(&r);
    if (!fuzz_ocr_bare || !fuzz_ocr_real) abort();
  }
  fuzz_ocr_one(fuzz_ocr_bare, data, size, 0);
  if (size && (data[size - 1] & 1)) fuzz_ocr_one(fuzz_ocr_real, data, size, 1);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_ocr(data, size); }
#endif
