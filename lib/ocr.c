/*
** ocr.c — text out of pixels (ocr.h): Tesseract's C API reads the
** pixels, leptonica decodes image files and checks their headers first.
**
** Choices measured on this project's fixtures (README, "OCR"):
**   - languages jpn+jpn_vert with PSM_AUTO: the C API's default mode
**     (PSM_SINGLE_BLOCK) reads vertical columns across, one character a
**     line, at a confidence that does not betray it; PSM_AUTO finds the
**     columns, and the two models read horizontal, vertical and mixed
**     pages (jpn alone gives garbage for vertical text, jpn_vert alone
**     for horizontal);
**   - one OpenMP thread (opts.threads): on a shared 2-core machine the
**     default threads cost twice the wall time;
**   - debug_file=/dev/null: Tesseract's chatter ("Estimating resolution
**     as …") never reaches the terminal; leptonica's messages go to the
**     call's jk_diags through its stderr handler.
*/
#include "ocr.h"

#include <dlfcn.h>
#include <leptonica/allheaders.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <time.h>
#include <zlib.h>

struct jk_ocr {
  jk_ocr_opts o;
  TessBaseAPI *api;
  int state;          /* 0 not yet, 1 ready, -1 failed (msg says why) */
  char msg[400];
};

/* ---- leptonica's messages ------------------------------------------------ */

static __thread jk_diags *lept_target;
static __thread int lept_count;

static void on_lept_msg(const char *msg) {
  if (!lept_target || lept_count++ >= 5) return;
  size_t n = msg ? strlen(msg) : 0;
  while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
  jk_diags_add(lept_target, 0, -1, "image decoder: %.*s", (int)(n > 200 ? 200 : n), msg ? msg : "");
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char engine_name[64];

static void init_once(void) {
  leptSetStderrHandler(on_lept_msg);
  snprintf(engine_name, sizeof engine_name, "tesseract %s", TessVersion());
}

const char *jk_ocr_engine(void) {
  pthread_once(&once, init_once);
  return engine_name;
}

/* ---- the engine -------------------------------------------------------------- */

jk_ocr *jk_ocr_new(const jk_ocr_opts *opts) {
  jk_ocr *o = calloc(1, sizeof *o);
  if (!o) return NULL;
  if (opts) o->o = *opts;
  if (!o->o.lang || !*o->o.lang) o->o.lang = JK_OCR_LANG;
  if (o->o.dpi <= 0) o->o.dpi = JK_OCR_DPI;
  if (o->o.max_pages <= 0) o->o.max_pages = JK_OCR_MAX_PAGES;
  if (o->o.max_page_pixels <= 0) o->o.max_page_pixels = JK_OCR_MAX_PAGE_PIXELS;
  if (o->o.max_doc_pixels <= 0) o->o.max_doc_pixels = JK_OCR_MAX_DOC_PIXELS;
  if (o->o.threads == 0) o->o.threads = 1;
  return o;
}

void jk_ocr_free(jk_ocr *o) {
  if (!o) return;
  if (o->api) {
    TessBaseAPIEnd(o->api);
    TessBaseAPIDelete(o->api);
  }
  free(o);
}

const jk_ocr_opts *jk_ocr_options(const jk_ocr *o) { return &o->o; }

/* OpenMP threads for Tesseract: found at run time, so that a libtesseract
   built without OpenMP links as well.  One thread: no nested team at all
   (max active levels 0); n: n threads a team. */
static void limit_threads(int n) {
  if (n < 0) return;
  if (n == 1) {
    void (*levels)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
    if (levels) levels(0);
  } else {
    void (*num)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
    if (num) num(n);
  }
}

static jk_rc ready(jk_ocr *o, jk_err *err) {
  if (o->state == 1) return JK_OK;
  if (o->state < 0) return jk_err_set(err, JK_EUNSUP, "%s", o->msg);
  pthread_once(&once, init_once);
  limit_threads(o->o.threads);
  o->api = TessBaseAPICreate();
  if (!o->api) return jk_err_set(err, JK_ENOMEM, "out of memory starting Tesseract");
  char *names[] = {"debug_file"};
  char *values[] = {"/dev/null"};
  if (TessBaseAPIInit4(o->api, o->o.datapath, o->o.lang, OEM_LSTM_ONLY, NULL, 0, names, values, 1, 0) != 0) {
    snprintf(o->msg, sizeof o->msg,
             "OCR: Tesseract could not load the language data '%s'%s%s: install tesseract-ocr-jpn and "
             "tesseract-ocr-jpn-vert (or set JIKENBO_OCR=off to store scans without text)",
             o->o.lang, o->o.datapath ? " from " : "", o->o.datapath ? o->o.datapath : "");
    o->state = -1;
    TessBaseAPIDelete(o->api);
    o->api = NULL;
    return jk_err_set(err, JK_EUNSUP, "%s", o->msg);
  }
  TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
  o->state = 1;
  return JK_OK;
}

/* ---- results ------------------------------------------------------------------ */

void jk_ocr_info_free(jk_ocr_info *oi) {
  if (!oi) return;
  free(oi->pages);
  memset(oi, 0, sizeof *oi);
}

static int add_page(jk_ocr_info *oi, const jk_ocr_page *p) {
  if (oi->n == oi->cap) {
    int c = oi->cap ? oi->cap * 2 : 8;
    jk_ocr_page *v = realloc(oi->pages, (size_t)c * sizeof *v);
    if (!v) return -1;
    oi->pages = v;
    oi->cap = c;
  }
  oi->pages[oi->n++] = *p;
  return 0;
}

void jk_ocr_info_json(const jk_ocr_info *oi, const char *lang, jk_buf *out) {
  const char *eng = jk_ocr_engine();
  if (!lang) lang = JK_OCR_LANG;
  jk_buf_puts(out, "{\"ocr\":true,\"engine\":");
  jk_json_str(out, eng, strlen(eng));
  jk_buf_puts(out, ",\"lang\":");
  jk_json_str(out, lang, strlen(lang));
  jk_buf_printf(out, ",\"confidence\":%.2f,\"pages\":[", oi->confidence);
  for (int i = 0; i < oi->n; i++) {
    const jk_ocr_page *p = &oi->pages[i];
    jk_buf_printf(out, "%s{\"page\":%d,\"confidence\":%.2f,\"dpi\":%d,\"vertical\":%s,\"width\":%d,\"height\":%d}",
                  i ? "," : "", p->page, p->confidence, p->dpi, p->vertical ? "true" : "false", p->width,
                  p->height);
  }
  jk_buf_puts(out, "]}");
}

/* ---- normalisation -------------------------------------------------------------- */

static size_t dec(const unsigned char *p, size_t n, uint32_t *cp) {
  unsigned c = p[0];
  if (c < 0x80) return *cp = c, 1;
  size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (!k || k > n) return *cp = 0xFFFD, 1;
  uint32_t v = c & (0x3F >> (k - 1));
  for (size_t i = 1; i < k; i++) {
    if ((p[i] & 0xC0) != 0x80) return *cp = 0xFFFD, 1;
    v = (v << 6) | (p[i] & 0x3F);
  }
  *cp = v;
  return k;
}

static void enc(jk_buf *b, uint32_t c) {
  char s[4];
  if (c < 0x80) {
    jk_buf_putc(b, (char)c);
    return;
  }
  if (c < 0x800) {
    s[0] = (char)(0xC0 | (c >> 6)), s[1] = (char)(0x80 | (c & 0x3F));
    jk_buf_append(b, s, 2);
  } else if (c < 0x10000) {
    s[0] = (char)(0xE0 | (c >> 12)), s[1] = (char)(0x80 | ((c >> 6) & 0x3F)), s[2] = (char)(0x80 | (c & 0x3F));
    jk_buf_append(b, s, 3);
  } else {
    s[0] = (char)(0xF0 | (c >> 18)), s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    s[2] = (char)(0x80 | ((c >> 6) & 0x3F)), s[3] = (char)(0x80 | (c & 0x3F));
    jk_buf_append(b, s, 4);
  }
}

static int is_han(uint32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         c == 0x3005 || c == 0x3006;
}
static int is_kata(uint32_t c) { return (c >= 0x30A0 && c <= 0x30FF) || (c >= 0xFF66 && c <= 0xFF9F); }
static int is_kana(uint32_t c) { return is_kata(c) || (c >= 0x3040 && c <= 0x309F); }
/* Japanese: kanji, kana, CJK punctuation, full-width forms. */
static int is_ja(uint32_t c) {
  return is_han(c) || is_kana(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}
static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Katakana Tesseract gives for the kanji they look like (after a kanji,
   not before kana). */
static const struct {
  uint32_t kata, kanji;
} lookalikes[] = {
    {0x30ED, 0x53E3}, /* ロ -> 口 (入口, 口座) */
    {0x30AB, 0x529B}, /* カ -> 力 (入力, 協力) */
    {0x30A8, 0x5DE5}, /* エ -> 工 (加工) */
    {0x30CB, 0x4E8C}, /* ニ -> 二 (第二) */
    {0x30BF, 0x5915}, /* タ -> 夕 (朝夕) */
};

void jk_ocr_normalize(jk_buf *out, size_t from) {
  if (!out->p || from >= out->len) return;
  size_t n = out->len - from;
  uint32_t *a = malloc((n + 1) * sizeof *a);
  if (!a) return; /* left as Tesseract gave it */
  size_t m = 0;
  const unsigned char *p = (const unsigned char *)out->p + from;
  for (size_t i = 0; i < n;) {
    uint32_t c;
    i += dec(p + i, n - i, &c);
    a[m++] = c;
  }
  /* Spaces: between Japanese and Japanese-or-digit, at a line's end. */
  size_t k = 0;
  for (size_t i = 0; i < m; i++) {
    if (a[i] == ' ' || a[i] == '\t') {
      size_t j = i;
      while (j < m && (a[j] == ' ' || a[j] == '\t')) j++;
      uint32_t l = k ? a[k - 1] : '\n', r = j < m ? a[j] : '\n';
      int drop = r == '\n' || l == '\n' || (is_ja(l) && (is_ja(r) || is_digit(r))) || (is_digit(l) && is_ja(r));
      if (!drop)
        for (size_t t = i; t < j; t++) a[k++] = a[t];
      i = j - 1;
      continue;
    }
    a[k++] = a[i];
  }
  m = k;
  /* Look-alikes, by their neighbours. */
  for (size_t i = 0; i < m; i++) {
    uint32_t l = i ? a[i - 1] : 0, r = i + 1 < m ? a[i + 1] : 0;
    if (a[i] == 0x4E00 && is_kata(l) && !is_han(r)) {
      a[i] = 0x30FC; /* 一 -> ー (サ一バ一) */
      continue;
    }
    if (!is_han(l) || is_kana(r)) continue;
    for (size_t t = 0; t < sizeof lookalikes / sizeof lookalikes[0]; t++)
      if (a[i] == lookalikes[t].kata) a[i] = lookalikes[t].kanji;
  }
  out->len = from;
  for (size_t i = 0; i < m; i++) enc(out, a[i]);
  if (out->p && !out->oom) out->p[out->len] = 0;
  free(a);
}

/* ---- recognition ------------------------------------------------------------------ */

static double wall_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Recognise the image set on the engine; text to out, the page to oi. */
static jk_rc recognise(jk_ocr *o, int page, int dpi, int w, int h, double t0, jk_buf *out, jk_ocr_info *oi,
                       jk_err *err) {
  if (dpi >= 70 && dpi <= 2400) TessBaseAPISetSourceResolution(o->api, dpi);
  if (TessBaseAPIRecognize(o->api, NULL) != 0) {
    TessBaseAPIClear(o->api);
    return jk_err_set(err, JK_EINVAL, "OCR: Tesseract could not read page %d (%dx%d pixels)", page, w, h);
  }
  char *txt = TessBaseAPIGetUTF8Text(o->api);
  jk_ocr_page pg = {page, 0, dpi, w, h, 0, 0};
  int conf = TessBaseAPIMeanTextConf(o->api);
  pg.confidence = conf > 0 ? conf / 100.0 : 0;
  TessResultIterator *ri = TessBaseAPIGetIterator(o->api);
  if (ri) {
    TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
    TessOrientation orient;
    TessWritingDirection wd;
    TessTextlineOrder order;
    float deskew;
    if (pi) {
      TessPageIteratorOrientation(pi, &orient, &wd, &order, &deskew);
      pg.vertical = wd == WRITING_DIRECTION_TOP_TO_BOTTOM;
    }
    TessResultIteratorDelete(ri);
  }
  size_t from = out->len;
  if (txt) jk_buf_puts(out, txt);
  TessDeleteText(txt);
  TessBaseAPIClear(o->api);
  jk_ocr_normalize(out, from);
  /* No blank lines at the ends of a page's text. */
  while (out->len > from && (out->p[out->len - 1] == '\n' || out->p[out->len - 1] == ' ')) out->len--;
  size_t lead = from;
  while (lead < out->len && out->p[lead] == '\n') lead++;
  if (lead > from) {
    memmove(out->p + from, out->p + lead, out->len - lead);
    out->len -= lead - from;
  }
  if (out->p && !out->oom) out->p[out->len] = 0;
  if (out->oom) return jk_err_set(err, JK_ENOMEM, "OCR: out of memory on page %d", page);
  pg.seconds = wall_now() - t0;
  if (oi) {
    long long chars = (long long)(out->len - from);
    double sum = oi->confidence * (double)oi->chars + pg.confidence * (double)chars;
    oi->chars += chars;
    oi->pixels += (long long)w * h;
    oi->confidence = oi->chars ? sum / (double)oi->chars : 0;
    if (add_page(oi, &pg)) return jk_err_set(err, JK_ENOMEM, "OCR: out of memory on page %d", page);
  }
  return JK_OK;
}

jk_rc jk_ocr_gray(jk_ocr *o, const unsigned char *pix, int width, int height, int stride, int dpi, int page,
                  jk_buf *out, jk_ocr_info *oi, jk_err *err) {
  if (!pix || width <= 0 || height <= 0 || stride < width)
    return jk_err_set(err, JK_EINVAL, "OCR: page %d has no pixels (%dx%d)", page, width, height);
  if ((long long)width * height > o->o.max_page_pixels)
    return jk_err_set(err, JK_ETOOBIG, "OCR: page %d of %dx%d pixels is over the %lld Mpx a page", page, width,
                      height, o->o.max_page_pixels / 1000000);
  jk_rc rc = ready(o, err);
  if (rc) return rc;
  double t0 = wall_now();
  TessBaseAPISetImage(o->api, pix, width, height, 1, stride);
  return recognise(o, page, dpi, width, height, t0, out, oi, err);
}

/* ---- image files ------------------------------------------------------------------- */

int jk_ocr_is_image(const void *bytes, size_t len) {
  const unsigned char *p = bytes;
  if (!p) return 0;
  if (len >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0) return 1;
  if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return 1;
  if (len >= 4 && (memcmp(p, "II*\0", 4) == 0 || memcmp(p, "MM\0*", 4) == 0)) return 1;
  return 0;
}

/* A PNG's chunks, walked and their CRCs checked before libpng sees them:
   libpng prints what it finds wrong with a damaged file to stderr itself.
   0: sound up to IEND; else the message says where it breaks. */
static int png_damaged(const unsigned char *p, size_t n, char *msg, size_t cap) {
  size_t at = 8;
  while (at + 12 <= n) {
    uint32_t len = (uint32_t)p[at] << 24 | (uint32_t)p[at + 1] << 16 | (uint32_t)p[at + 2] << 8 | p[at + 3];
    if (len > n - at - 12) {
      snprintf(msg, cap, "truncated PNG: chunk %.4s at byte %zu needs %u bytes, %zu are left", p + at + 4, at,
               len, n - at - 12);
      return 1;
    }
    uint32_t want = (uint32_t)crc32(0, p + at + 4, len + 4);
    const unsigned char *c = p + at + 8 + len;
    uint32_t got = (uint32_t)c[0] << 24 | (uint32_t)c[1] << 16 | (uint32_t)c[2] << 8 | c[3];
    if (want != got) {
      snprintf(msg, cap, "damaged PNG: chunk %.4s at byte %zu fails its CRC", p + at + 4, at);
      return 1;
    }
    if (memcmp(p + at + 4, "IEND", 4) == 0) return 0;
    at += 12 + len;
  }
  snprintf(msg, cap, "truncated PNG: it ends at byte %zu without its IEND chunk", n);
  return 1;
}

/* A JPEG's markers walked from SOI to the start of its scan, and an EOI
   after it (0xFF 0xD9 occurs in the scan only as the marker): libjpeg
   prints "Premature end of JPEG file" itself. */
static int jpeg_damaged(const unsigned char *p, size_t n, char *msg, size_t cap) {
  size_t at = 2;
  for (;;) {
    while (at < n && p[at] == 0xFF && at + 1 < n && p[at + 1] == 0xFF) at++; /* fill bytes */
    if (at + 4 > n || p[at] != 0xFF) {
      snprintf(msg, cap, "damaged JPEG: no marker at byte %zu before its image data", at);
      return 1;
    }
    unsigned m = p[at + 1];
    size_t len = (size_t)p[at + 2] << 8 | p[at + 3];
    if (len < 2 || at + 2 + len > n) {
      snprintf(msg, cap, "truncated JPEG: segment 0x%02X at byte %zu needs %zu bytes, %zu are left", m, at, len,
               n - at - 2);
      return 1;
    }
    at += 2 + len;
    if (m == 0xDA) break; /* SOS: the scan follows */
  }
  for (size_t i = at; i + 1 < n; i++)
    if (p[i] == 0xFF && p[i + 1] == 0xD9) return 0;
  snprintf(msg, cap, "truncated JPEG: it ends at byte %zu without its end marker", n);
  return 1;
}

static const char *format_name(int f) {
  switch (f) {
  case IFF_PNG: return "PNG";
  case IFF_JFIF_JPEG: return "JPEG";
  default: return f >= IFF_TIFF && f <= IFF_TIFF_JPEG ? "TIFF" : "image";
  }
}

jk_rc jk_ocr_image(jk_ocr *o, const void *bytes, size_t len, jk_buf *out, jk_ocr_info *oi, jk_diags *diags,
                   jk_err *err) {
  pthread_once(&once, init_once);
  if (!jk_ocr_is_image(bytes, len))
    return jk_err_set(err, JK_EINVAL, "not a PNG, JPEG or TIFF image (its first bytes say otherwise)");
  const l_uint8 *data = bytes;
  lept_target = diags;
  lept_count = 0;
  jk_rc rc = JK_OK;
  int format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  int tiff = len >= 4 && (data[0] == 'I' || data[0] == 'M');
  int frames = 1;
  /* libpng and libjpeg print what they find wrong themselves: damaged
     structure is refused here first. */
  char why[160];
  if ((data[0] == 0x89 && png_damaged(data, len, why, sizeof why)) ||
      (data[0] == 0xFF && jpeg_damaged(data, len, why, sizeof why))) {
    rc = jk_err_set(err, JK_EINVAL, "not a readable image: %s", why);
    goto done;
  }
  if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap) != 0 || w <= 0 || h <= 0) {
    rc = jk_err_set(err, JK_EINVAL, "not a readable image: its header is damaged or truncated (%zu bytes)", len);
    goto done;
  }
  if (tiff) {
    FILE *f = fmemopen((void *)data, len, "rb");
    if (!f || tiffGetCount(f, &frames) != 0 || frames < 1) frames = 1;
    if (f) fclose(f);
  }
  const jk_ocr_opts *op = &o->o;
  if (frames > op->max_pages) {
    rc = jk_err_set(err, JK_ETOOBIG, "TIFF of %d frames is over the %d page%s read by OCR in one document: not decoded",
                    frames, op->max_pages, op->max_pages == 1 ? "" : "s");
    goto done;
  }
  /* Every frame's size before any is decoded. */
  long long total = 0;
  for (int i = 0; i < frames; i++) {
    int fw = w, fh = h, res = 0, fmt = 0;
    if (tiff && readHeaderMemTiff(data, len, i, &fw, &fh, &bps, &spp, &res, &cmap, &fmt) != 0) {
      rc = jk_err_set(err, JK_EINVAL, "TIFF frame %d of %d: its header is damaged", i + 1, frames);
      goto done;
    }
    long long px = (long long)fw * fh;
    if (fw <= 0 || fh <= 0 || px > op->max_page_pixels) {
      rc = jk_err_set(err, JK_ETOOBIG,
                      "%s of %dx%d pixels (%lld Mpx) is over the %lld Mpx read by OCR on one page: not decoded",
                      format_name(format), fw, fh, px / 1000000, op->max_page_pixels / 1000000);
      goto done;
    }
    total += px;
    if (total > op->max_doc_pixels) {
      rc = jk_err_set(err, JK_ETOOBIG, "TIFF frames of %lld Mpx and more are over the %lld Mpx read by OCR in one "
                      "document: not decoded",
                      total / 1000000, op->max_doc_pixels / 1000000);
      goto done;
    }
  }
  size_t start = out->len;
  for (int i = 0; i < frames && rc == JK_OK; i++) {
    PIX *pix = tiff ? pixReadMemTiff(data, len, i) : pixReadMem(data, len);
    if (!pix) {
      rc = jk_err_set(err, JK_EINVAL, "not a readable %s: the data of %s%d is damaged or truncated",
                      format_name(format), tiff ? "frame " : "image ", i + 1);
      break;
    }
    PIX *g = pixConvertTo8(pix, 0);
    int dpi = pixGetXRes(pix);
    pixDestroy(&pix);
    if (!g) {
      rc = jk_err_set(err, JK_EINVAL, "%s %d: pixels of a depth that cannot be read", format_name(format), i + 1);
      break;
    }
    rc = ready(o, err);
    if (rc == JK_OK) {
      if (out->len > start) jk_buf_puts(out, "\n\n");
      double t0 = wall_now();
      TessBaseAPISetImage2(o->api, g);
      rc = recognise(o, i + 1, dpi, (int)pixGetWidth(g), (int)pixGetHeight(g), t0, out, oi, err);
    }
    pixDestroy(&g);
  }
done:
  lept_target = NULL;
  return rc;
}
