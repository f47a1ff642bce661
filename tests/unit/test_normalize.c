/* test_normalize.c — NFKC, UTF-8 repair and line structure (normalize.c). */
#include "harness.h"
#include "jikenbo.h"

#include <utf8proc.h>

static char *norm(const char *s, size_t n, jk_diags *d) {
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_normalize(s, n, &b, d) == JK_OK);
  return jk_buf_detach(&b, NULL);
}

TEST(fullwidth_digits_and_spaces) {
  char *o = norm("２０２３年\xE3\x80\x80７月", strlen("２０２３年\xE3\x80\x80７月"), NULL);
  CHECK_STR(o, "2023年 7月");
  free(o);
}

TEST(kangxi_radicals_fold) {
  /* ⽴ U+2F74 and ⼈ U+2F08 as printed in some notices */
  const char *in = "国\xE2\xBD\xB4研究開発法\xE2\xBC\x88";
  char *o = norm(in, strlen(in), NULL);
  CHECK_STR(o, "国立研究開発法人");
  free(o);
}

TEST(crlf_and_controls) {
  const char in[] = "a\r\nb\x01\x7f\nc";
  char *o = norm(in, sizeof in - 1, NULL);
  CHECK_STR(o, "a\nb\nc");
  free(o);
}

TEST(invalid_utf8_is_repaired_and_reported) {
  const char in[] = "ok\xFF\xC0\xAFok\n\xE3\x81";
  jk_diags d;
  jk_diags_init(&d);
  char *o = norm(in, sizeof in - 1, &d);
  CHECK_STR(o, "ok\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDok\n\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(d.n >= 3);
  CHECK_INT(d.v[0].offset, 2);
  CHECK_INT(d.v[0].line, 1);
  free(o);
  jk_diags_free(&d);
}

TEST(nul_bytes_dropped_lines_kept) {
  const char in[] = "x\0y\n\0\n";
  char *o = norm(in, sizeof in - 1, NULL);
  CHECK_STR(o, "xy\n\n");
  free(o);
}

TEST(empty_input) {
  char *o = norm("", 0, NULL);
  CHECK(o != NULL);
  CHECK_STR(o, "");
  free(o);
}

TEST(wave_dash_folds) {
  char *o = norm("9月1日〜11月24日", strlen("9月1日〜11月24日"), NULL);
  CHECK_STR(o, "9月1日~11月24日");
  free(o);
}

TEST(utf8_decoder_rejects_overlong_and_surrogates) {
  uint32_t cp;
  CHECK_INT(jk_utf8_decode("\xC0\xAF", 2, &cp), 0);
  CHECK_INT(jk_utf8_decode("\xED\xA0\x80", 3, &cp), 0);
  CHECK_INT(jk_utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0);
  CHECK_INT(jk_utf8_decode("\xE3\x81\x82", 3, &cp), 3);
  CHECK_INT(cp, 0x3042);
}

/* The fast path (lines left as they are) must agree with utf8proc's NFKC
   for every code point of the BMP, alone and after a kana. */
TEST(fast_path_agrees_with_utf8proc) {
  int bad = 0;
  for (uint32_t cp = 0x80; cp < 0x10000 && bad < 5; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    if (cp == 0x301C || cp == 0xFF5E || cp == 0x2212 || (cp >= 0x2010 && cp <= 0x2013) || cp == 0xFEFF ||
        cp == 0x200B || (cp >= 0x80 && cp <= 0x9F))
      continue; /* folded or dropped on purpose, see normalize.c */
    char in[16];
    size_t n = 0;
    in[n++] = 'a';
    memcpy(in + n, "\xE3\x81\x8B", 3); /* か, which composes with ゛ */
    n += 3;
    n += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)in + n);
    in[n++] = 'b';
    in[n] = 0;
    jk_buf b;
    jk_buf_init(&b);
    jk_normalize(in, n, &b, NULL);
    utf8proc_uint8_t *ref = utf8proc_NFKC((const utf8proc_uint8_t *)in);
    /* The same folds normalize.c applies after NFKC (dashes, minus). */
    if (ref) {
      static const char *const dash[] = {"\xE2\x88\x92", "\xE2\x80\x90", "\xE2\x80\x91", "\xE2\x80\x92",
                                         "\xE2\x80\x93"};
      for (size_t d = 0; d < 5; d++) {
        char *q;
        while ((q = strstr((char *)ref, dash[d])) != NULL) {
          *q = '-';
          memmove(q + 1, q + 3, strlen(q + 3) + 1);
        }
      }
    }
    if (!ref || strcmp((const char *)ref, b.p) != 0) {
      fprintf(stderr, "  U+%04X: jk_normalize differs from utf8proc_NFKC\n", cp);
      bad++;
    }
    free(ref);
    jk_buf_free(&b);
  }
  CHECK_INT(bad, 0);
}

/* Normalising twice changes nothing, for every BMP code point (a record
   re-extracted from stored text must keep its spans). */
TEST(normalisation_is_idempotent) {
  int bad = 0;
  for (uint32_t cp = 1; cp < 0x10000 && bad < 5; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    char in[8];
    size_t n = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)in);
    jk_buf once, twice;
    jk_buf_init(&once);
    jk_buf_init(&twice);
    jk_normalize(in, n, &once, NULL);
    jk_normalize(once.p ? once.p : "", once.len, &twice, NULL);
    if (once.len != twice.len || memcmp(once.p, twice.p, once.len) != 0) {
      fprintf(stderr, "  U+%04X: normalising twice differs\n", cp);
      bad++;
    }
    jk_buf_free(&once);
    jk_buf_free(&twice);
  }
  CHECK_INT(bad, 0);
}
