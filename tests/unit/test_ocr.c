/*
** test_ocr.c — lib/ocr.c: the spacing and look-alike normalisation, image
** signatures, hostile image bytes (empty, garbage, markup, truncated,
** headers that claim huge sizes, too many TIFF frames) refused before
** decoding, and real recognition of Japanese drawn here with cairo
** (Noto Sans CJK JP), as grey pixels and as a two-frame TIFF.
*/
#include "harness.h"

#include "jikenbo.h"
#include "ocr.h"

#include <cairo.h>
#include <cjson/cJSON.h>
#include <leptonica/allheaders.h>
#include <stdint.h>
#include <zlib.h>

/* cairo and fontconfig keep font caches for the life of the process (the
   toy font API that draws the test's text): not ours to free. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void) { return "leak:libcairo.so\nleak:libfontconfig.so\n"; }

static char *norm(const char *in) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "keep ");
  jk_buf_puts(&b, in);
  jk_ocr_normalize(&b, 5);
  return jk_buf_detach(&b, NULL);
}

#define CHECK_NORM(in, want)                                                                             \
  do {                                                                                                   \
    char *_g = norm(in);                                                                                 \
    CHECK_STR(_g + 5, want);                                                                             \
    CHECK(strncmp(_g, "keep ", 5) == 0); /* before `from`: untouched */                                  \
    free(_g);                                                                                            \
  } while (0)

TEST(normalize_drops_spaces_between_japanese_and_digits) {
  CHECK_NORM("2025 年 3 月 14 日", "2025年3月14日");
  CHECK_NORM("個人 情報 を 含む 書類", "個人情報を含む書類");
  CHECK_NORM("約 1,200 件", "約1,200件");
  CHECK_NORM("本件 は 、 個人情報保護委員会 に 報告", "本件は、個人情報保護委員会に報告");
  /* Latin words keep their spaces, and the space before Japanese after one. */
  CHECK_NORM("Microsoft Teams の 設定", "Microsoft Teams の設定");
  CHECK_NORM("10 20 30", "10 20 30");
  /* Trailing and leading spaces of a line go; lines stay. */
  CHECK_NORM("  見出し  \n本文 です  \n", "見出し\n本文です\n");
  CHECK_NORM("", "");
}

TEST(normalize_turns_lookalikes_back_by_their_neighbours) {
  CHECK_NORM("サ一バ一", "サーバー");
  CHECK_NORM("データ一覧", "データ一覧");  /* 一 before a kanji stays */
  CHECK_NORM("入ロ", "入口");
  CHECK_NORM("入カ画面", "入力画面");
  CHECK_NORM("第ニ", "第二");
  CHECK_NORM("3カ所", "3カ所");            /* after a digit: the counter カ */
  CHECK_NORM("日本カード", "日本カード");  /* before kana: a katakana word */
  CHECK_NORM("東京タワー", "東京タワー");
}

TEST(normalize_survives_invalid_utf8) {
  char *g = norm("\xff\xfe 日本 \xe6\x97");
  CHECK(g != NULL);
  CHECK(strstr(g, "日本") != NULL);
  /* Only valid UTF-8 comes out (U+FFFD for what was not). */
  for (const unsigned char *p = (const unsigned char *)g; *p; p++) CHECK(*p != 0xFF && *p != 0xFE);
  free(g);
}

TEST(image_signatures) {
  CHECK(jk_ocr_is_image("\x89PNG\r\n\x1a\n", 8));
  CHECK(jk_ocr_is_image("\xff\xd8\xff\xe0", 4));
  CHECK(jk_ocr_is_image("II*\0", 4));
  CHECK(jk_ocr_is_image("MM\0*", 4));
  CHECK(!jk_ocr_is_image("%PDF-1.7", 8));
  CHECK(!jk_ocr_is_image("<script>", 8));
  CHECK(!jk_ocr_is_image("\x89PN", 3));
  CHECK(!jk_ocr_is_image("", 0));
  CHECK(!jk_ocr_is_image(NULL, 0));
}

static void be32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8),
  p[3] = (unsigned char)v;
}

/* A PNG: signature, IHDR of w x h grey 8-bit, an IDAT of zeros, IEND. */
static size_t make_png(unsigned char *b, uint32_t w, uint32_t h) {
  static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  memcpy(b, sig, 8);
  size_t n = 8;
  unsigned char ihdr[13];
  be32(ihdr, w), be32(ihdr + 4, h);
  ihdr[8] = 8, ihdr[9] = 0, ihdr[10] = 0, ihdr[11] = 0, ihdr[12] = 0;
  unsigned char zero[64] = {0}, z[128];
  uLongf zl = sizeof z;
  compress(z, &zl, zero, sizeof zero);
  struct {
    const char *type;
    const unsigned char *data;
    uint32_t len;
  } ch[] = {{"IHDR", ihdr, 13}, {"IDAT", z, (uint32_t)zl}, {"IEND", NULL, 0}};
  for (int i = 0; i < 3; i++) {
    be32(b + n, ch[i].len);
    memcpy(b + n + 4, ch[i].type, 4);
    if (ch[i].len) memcpy(b + n + 8, ch[i].data, ch[i].len);
    be32(b + n + 8 + ch[i].len, (uint32_t)crc32(0, b + n + 4, ch[i].len + 4));
    n += 12 + ch[i].len;
  }
  return n;
}

TEST(hostile_images_refused_before_decoding) {
  jk_ocr *o = jk_ocr_new(NULL);
  CHECK(o != NULL);
  if (!o) return;
  jk_buf out;
  jk_buf_init(&out);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  jk_ocr_info oi;
  memset(&oi, 0, sizeof oi);
  CHECK_INT(jk_ocr_image(o, "", 0, &out, &oi, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "not a PNG, JPEG or TIFF") != NULL);
  CHECK_INT(jk_ocr_image(o, "<script>alert(1)</script>", 25, &out, &oi, &d, &err), JK_EINVAL);
  CHECK_INT(jk_ocr_image(o, "\x89PNG\r\n\x1a\n", 8, &out, &oi, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "not a readable image") != NULL);
  unsigned char png[256];
  size_t n = make_png(png, 100000, 100000);
  CHECK_INT(jk_ocr_image(o, png, n, &out, &oi, &d, &err), JK_ETOOBIG);
  CHECK(strstr(err.msg, "100000x100000") != NULL && strstr(err.msg, "40 Mpx") != NULL);
  n = make_png(png, 0x7fffffff, 2);
  CHECK(jk_ocr_image(o, png, n, &out, &oi, &d, &err) != JK_OK);
  /* Truncated in its data, and a CRC broken: refused with where. */
  n = make_png(png, 64, 1);
  CHECK_INT(jk_ocr_image(o, png, n - 20, &out, &oi, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "truncated PNG") != NULL);
  png[40] ^= 0x55;
  CHECK_INT(jk_ocr_image(o, png, n, &out, &oi, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "CRC") != NULL || strstr(err.msg, "damaged") != NULL);
  /* A JPEG signature and nothing readable after it. */
  CHECK_INT(jk_ocr_image(o, "\xff\xd8\xff\xe0\0\x10JFIF\0\x01", 12, &out, &oi, &d, &err), JK_EINVAL);
  CHECK_INT(oi.n, 0);
  CHECK_INT((long long)out.len, 0);
  jk_buf_free(&out);
  jk_diags_free(&d);
  jk_ocr_info_free(&oi);
  jk_ocr_free(o);
}

/* Japanese lines drawn in grey at 300 dpi (white page, black text). */
static unsigned char *draw(const char *const *lines, int nlines, int w, int h) {
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_select_font_face(cr, "Noto Sans CJK JP", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, 50); /* 12 pt at 300 dpi */
  for (int i = 0; i < nlines; i++) {
    cairo_move_to(cr, 60, 120 + i * 100);
    cairo_show_text(cr, lines[i]);
  }
  cairo_destroy(cr);
  cairo_surface_flush(s);
  unsigned char *g = malloc((size_t)w * h);
  const unsigned char *a = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) g[(size_t)y * w + x] = (unsigned char)(255 - a[(size_t)y * stride + x]);
  cairo_surface_destroy(s);
  return g;
}

static const char *const LINES[] = {"個人情報を含む書類の紛失について", "配送伝票の控え128件を紛失しました。"};
enum { W = 1100, H = 320 };

TEST(grey_pixels_read_with_confidence_and_provenance) {
  jk_ocr *o = jk_ocr_new(NULL);
  unsigned char *g = draw(LINES, 2, W, H);
  jk_buf out;
  jk_buf_init(&out);
  jk_err err = {0, ""};
  jk_ocr_info oi;
  memset(&oi, 0, sizeof oi);
  CHECK_INT(jk_ocr_gray(o, g, W, H, W, 300, 1, &out, &oi, &err), JK_OK);
  if (err.rc) fprintf(stderr, "  %s\n", err.msg);
  CHECK(out.p && strstr(out.p, "個人情報を含む書類の紛失について") != NULL);
  CHECK(out.p && strstr(out.p, "128件") != NULL);
  CHECK_INT(oi.n, 1);
  CHECK(oi.n == 1 && oi.pages[0].page == 1 && oi.pages[0].dpi == 300 && !oi.pages[0].vertical);
  CHECK(oi.confidence > 0.7 && oi.confidence <= 1.0);
  jk_buf j;
  jk_buf_init(&j);
  jk_ocr_info_json(&oi, NULL, &j);
  cJSON *js = cJSON_Parse(j.p);
  CHECK(js != NULL);
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(js, "ocr")));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(js, "lang")), "jpn+jpn_vert");
  CHECK(strncmp(cJSON_GetStringValue(cJSON_GetObjectItem(js, "engine")), "tesseract ", 10) == 0);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(js, "pages")), 1);
  cJSON_Delete(js);
  jk_buf_free(&j);
  /* A blank page: no text, no failure. */
  memset(g, 255, (size_t)W * H);
  size_t before = out.len;
  CHECK_INT(jk_ocr_gray(o, g, W, H, W, 300, 2, &out, &oi, &err), JK_OK);
  CHECK_INT((long long)out.len, (long long)before);
  /* Bad arguments and the page bound. */
  CHECK_INT(jk_ocr_gray(o, NULL, W, H, W, 300, 3, &out, &oi, &err), JK_EINVAL);
  CHECK_INT(jk_ocr_gray(o, g, W, H, W - 1, 300, 3, &out, &oi, &err), JK_EINVAL);
  CHECK_INT(jk_ocr_gray(o, g, 0, H, W, 300, 3, &out, &oi, &err), JK_EINVAL);
  jk_ocr_opts small = {0};
  small.max_page_pixels = 1000;
  jk_ocr *o2 = jk_ocr_new(&small);
  CHECK_INT(jk_ocr_gray(o2, g, W, H, W, 300, 4, &out, &oi, &err), JK_ETOOBIG);
  CHECK(strstr(err.msg, "page 4") != NULL);
  jk_ocr_free(o2);
  free(g);
  jk_buf_free(&out);
  jk_ocr_info_free(&oi);
  jk_ocr_free(o);
}

/* A TIFF of `frames` copies of the grey drawing. */
static l_uint8 *make_tiff(const unsigned char *g, int frames, size_t *len) {
  PIX *p = pixCreate(W, H, 8);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) pixSetPixel(p, x, y, g[(size_t)y * W + x]);
  PIXA *pa = pixaCreate(frames);
  for (int i = 0; i < frames; i++) pixaAddPix(pa, p, L_COPY);
  l_uint8 *data = NULL;
  pixaWriteMemMultipageTiff(&data, len, pa);
  pixaDestroy(&pa);
  pixDestroy(&p);
  return data;
}

TEST(tiff_frames_read_in_order_within_bounds) {
  unsigned char *g = draw(LINES, 2, W, H);
  size_t len = 0;
  l_uint8 *tiff = make_tiff(g, 2, &len);
  CHECK(tiff != NULL && len > 8);
  jk_ocr *o = jk_ocr_new(NULL);
  jk_buf out;
  jk_buf_init(&out);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  jk_ocr_info oi;
  memset(&oi, 0, sizeof oi);
  CHECK_INT(jk_ocr_image(o, tiff, len, &out, &oi, &d, &err), JK_OK);
  CHECK_INT(oi.n, 2);
  CHECK(oi.n == 2 && oi.pages[0].page == 1 && oi.pages[1].page == 2);
  const char *first = out.p ? strstr(out.p, "128件") : NULL;
  CHECK(first && strstr(first + 1, "128件") != NULL); /* both frames */
  CHECK(out.p && strstr(out.p, "\n\n") != NULL);      /* apart by a blank line */
  jk_ocr_free(o);
  /* Over the frames or the pixels allowed: refused before decoding. */
  jk_ocr_opts two = {0};
  two.max_pages = 1;
  o = jk_ocr_new(&two);
  CHECK_INT(jk_ocr_image(o, tiff, len, &out, &oi, &d, &err), JK_ETOOBIG);
  CHECK(strstr(err.msg, "TIFF of 2 frames") != NULL);
  jk_ocr_free(o);
  jk_ocr_opts px = {0};
  px.max_doc_pixels = (long long)W * H + 1;
  o = jk_ocr_new(&px);
  CHECK_INT(jk_ocr_image(o, tiff, len, &out, &oi, &d, &err), JK_ETOOBIG);
  CHECK(strstr(err.msg, "in one document") != NULL);
  /* Cut short: refused or read without a crash, never a hang. */
  jk_rc rc = jk_ocr_image(o, tiff, len / 3, &out, &oi, &d, &err);
  CHECK(rc == JK_EINVAL || rc == JK_ETOOBIG || rc == JK_OK);
  jk_ocr_free(o);
  free(tiff);
  free(g);
  jk_buf_free(&out);
  jk_diags_free(&d);
  jk_ocr_info_free(&oi);
}

TEST(jpeg_read_and_a_truncated_one_refused) {
  unsigned char *g = draw(LINES, 2, W, H);
  PIX *p = pixCreate(W, H, 8);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) pixSetPixel(p, x, y, g[(size_t)y * W + x]);
  l_uint8 *jpg = NULL;
  size_t len = 0;
  CHECK(pixWriteMemJpeg(&jpg, &len, p, 90, 0) == 0);
  pixDestroy(&p);
  jk_ocr *o = jk_ocr_new(NULL);
  jk_buf out;
  jk_buf_init(&out);
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {0, ""};
  CHECK_INT(jk_ocr_image(o, jpg, len, &out, NULL, &d, &err), JK_OK);
  CHECK(out.p && strstr(out.p, "128件") != NULL);
  CHECK_INT(jk_ocr_image(o, jpg, len / 2, &out, NULL, &d, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "truncated JPEG") != NULL);
  CHECK_INT(jk_ocr_image(o, jpg, 40, &out, NULL, &d, &err), JK_EINVAL);
  jk_ocr_free(o);
  free(jpg);
  free(g);
  jk_buf_free(&out);
  jk_diags_free(&d);
}

TEST(missing_language_data_is_unsupported_with_a_remedy) {
  jk_ocr_opts op = {0};
  op.lang = "xx_no_such_language";
  jk_ocr *o = jk_ocr_new(&op);
  unsigned char g[64 * 64];
  memset(g, 255, sizeof g);
  jk_buf out;
  jk_buf_init(&out);
  jk_err err = {0, ""};
  CHECK_INT(jk_ocr_gray(o, g, 64, 64, 64, 300, 1, &out, NULL, &err), JK_EUNSUP);
  CHECK(strstr(err.msg, "tesseract-ocr-jpn") != NULL && strstr(err.msg, "JIKENBO_OCR=off") != NULL);
  /* Asked again: the same answer, no second attempt to load. */
  CHECK_INT(jk_ocr_gray(o, g, 64, 64, 64, 300, 2, &out, NULL, &err), JK_EUNSUP);
  jk_buf_free(&out);
  jk_ocr_free(o);
}

