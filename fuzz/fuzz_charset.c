/*
** fuzz_charset.c — libFuzzer target for decoding bytes to UTF-8 in a
** named charset (jk_charset_to_utf8, lib/charset.c, over iconv): the
** charsets Japanese pages use, with truncated and invalid sequences.
**
** The last byte picks the charset.  Promises checked: OK, JK_EUNSUP (for
** a name iconv does not know) or JK_ENOMEM; the output is valid UTF-8;
** the count of bad sequences is at most the input length; what is
** already valid UTF-8 decodes to itself as UTF-8, less its NUL bytes.
**
** fuzz-needs: lib/charset.c
** fuzz-seeds: own
** fuzz-dict: charset
** fuzz-max-len: 4096
*/
#include "fuzz.h"
#include "../lib/web.h"

static const char *const charset_names_tried[] = {"utf-8",      "Shift_JIS", "windows-31j", "EUC-JP",
                                                  "ISO-2022-JP", "UTF-16",    "utf-16be",    "iso-8859-1",
                                                  "x-unknown",  " 'sjis' ",  ""};

int fuzz_charset(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned c = fz_take_byte(&in);
  const char *cs = charset_names_tried[c % (sizeof charset_names_tried / sizeof charset_names_tried[0])];
  jk_buf out;
  jk_buf_init(&out);
  size_t bad = (size_t)-1;
  jk_rc rc = jk_charset_to_utf8((const char *)in.p, in.n, cs, &out, &bad);
  FZ_CHECK(rc == JK_OK || rc == JK_EUNSUP || rc == JK_ENOMEM);
  if (rc == JK_OK) {
    FZ_CHECK(jk_utf8_valid_prefix(out.p ? out.p : "", out.len) == out.len);
    FZ_CHECK(bad <= in.n);
    if (strcmp(cs, "utf-8") == 0 && jk_utf8_valid_prefix((const char *)in.p, in.n) == in.n) {
      /* The bytes are kept but NULs (dropped: libxml2 must not see
         them) and perhaps a BOM. */
      size_t keep = 0;
      for (size_t i = 0; i < in.n; i++) keep += in.p[i] != 0;
      size_t skip = in.n >= 3 && memcmp(in.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
      FZ_CHECK(bad == 0);
      FZ_CHECK(out.len == keep - skip || out.len == keep);
      FZ_CHECK(out.len == 0 || memchr(out.p, 0, out.len) == NULL);
    }
  }
  jk_buf_free(&out);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_charset(data, size); }
#endif
