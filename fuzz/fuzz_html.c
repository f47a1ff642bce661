/*
** fuzz_html.c — libFuzzer target for reading web pages: the kind of a
** document (lib/doctype.c), its charset (lib/charset.c) and its main text
** (lib/html.c, libxml2's recovering parser), then split into notices.
**
** The last byte picks the charset hint an HTTP header would give (none,
** UTF-8, Shift_JIS, EUC-JP, ISO-2022-JP, UTF-16, a bogus name).
** Promises checked: OK or a documented error; the text is valid UTF-8
** with no NUL or CR; the title is valid UTF-8 even when cut; the charset
** name and scope are set; the kind is in range; splitting the text works.
**
** fuzz-needs: lib/html.c lib/charset.c lib/doctype.c
** fuzz-seeds: own fixtures/web
** fuzz-dict: html ja
** fuzz-max-len: 32768
*/
#include "fuzz.h"
#include "../lib/web.h"

static const char *const html_hints[] = {NULL,        "utf-8",  "Shift_JIS", "euc-jp", "iso-2022-jp",
                                         "utf-16le",  "x-bogus", "\"UTF-8\"", ""};

static int html_on_seg(void *vp, const jk_segment *seg) {
  (void)vp;
  FZ_CHECK(seg->len > 0);
  return 0;
}

int fuzz_html(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  unsigned h = fz_take_byte(&in);
  const char *hint = html_hints[h % (sizeof html_hints / sizeof html_hints[0])];
  const char *p = (const char *)in.p;
  size_t n = in.n;

  jk_doc_kind k = jk_doc_kind_detect(p, n, h & 0x80 ? "text/html; charset=utf-8" : NULL,
                                     h & 0x40 ? "notice.html" : NULL);
  FZ_CHECK((int)k >= JK_KIND_TEXT && (int)k <= JK_KIND_IMAGE);

  char cs[32];
  int from_bom = -1;
  memset(cs, 'x', sizeof cs);
  jk_html_charset(p, n, hint, cs, sizeof cs, &from_bom);
  FZ_CHECK(memchr(cs, 0, sizeof cs) != NULL);
  FZ_CHECK(from_bom == 0 || from_bom == 1);

  jk_buf out;
  jk_buf_init(&out);
  jk_html_info info;
  memset(&info, 0, sizeof info);
  jk_diags d;
  jk_diags_init(&d);
  jk_rc rc = jk_html_to_text_ex(p, n, hint, &out, &info, &d);
  FZ_CHECK(rc == JK_OK || rc == JK_ETOOBIG || rc == JK_ENOMEM);
  if (rc == JK_OK) {
    FZ_CHECK(fz_valid_utf8(out.p ? out.p : "", out.len));
    FZ_CHECK(out.len == 0 || memchr(out.p, '\r', out.len) == NULL);
    FZ_CHECK(memchr(info.charset, 0, sizeof info.charset) != NULL);
    FZ_CHECK(memchr(info.title, 0, sizeof info.title) != NULL);
    FZ_CHECK(fz_valid_utf8(info.title, strlen(info.title)));
    FZ_CHECK(memchr(info.site, 0, sizeof info.site) != NULL);
    FZ_CHECK(fz_valid_utf8(info.site, strlen(info.site)));
    FZ_CHECK(info.site_from != NULL && (info.site[0] != 0) == (info.site_from[0] != 0));
    if (out.len) FZ_CHECK(jk_split_buffer(out.p, out.len, html_on_seg, NULL, NULL) == JK_OK);
  }
  jk_buf_free(&out);
  jk_diags_free(&d);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_html(data, size); }
#endif
