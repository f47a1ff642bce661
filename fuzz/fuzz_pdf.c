/*
** fuzz_pdf.c — libFuzzer target for reading PDFs (jk_pdf_to_text,
** lib/pdf.c over poppler-glib): truncated, corrupted and odd PDFs.
**
** Promises checked: OK or a documented error (JK_EINVAL: poppler cannot
** read it, JK_EUNSUP: encrypted, JK_ETOOBIG) with a message; the text is
** valid UTF-8 with no NUL; page counts are sane; the title is valid
** UTF-8.  Poppler and glib are not instrumented, so this finds our
** misuse of them and their crashes, not their internal overreads; their
** own process-lifetime caches are not leaks (suppressed in
** __lsan_default_suppressions below).
**
** fuzz-needs: lib/pdf.c
** fuzz-seeds: pdfs own
** fuzz-dict: pdf
** fuzz-max-len: 65536
*/
#include "fuzz.h"
#include "../lib/web.h"

#ifndef JK_FUZZ_NO_MAIN
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) {
  return "leak:libpoppler\nleak:libglib\nleak:libgobject\nleak:libgio\nleak:libfontconfig\nleak:libcairo\n";
}
#endif

int fuzz_pdf(const uint8_t *data, size_t size) {
  jk_buf out;
  jk_buf_init(&out);
  jk_pdf_info info;
  memset(&info, 0, sizeof info);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_pdf_to_text(data, size, &out, &info, &d, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_EUNSUP || rc == JK_ETOOBIG || rc == JK_ENOMEM);
  if (rc == JK_OK) {
    FZ_CHECK(fz_valid_utf8(out.p ? out.p : "", out.len));
    FZ_CHECK(info.pages >= 0 && info.pages_without_text >= 0 && info.pages_without_text <= info.pages);
    FZ_CHECK(memchr(info.title, 0, sizeof info.title) != NULL);
    FZ_CHECK(fz_valid_utf8(info.title, strlen(info.title)));
  } else {
    FZ_CHECK(err.msg[0] != 0);
  }
  jk_buf_free(&out);
  jk_diags_free(&d);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_pdf(data, size); }
#endif
