/*
** ocr.h — reading text out of pixels (ocr.c): Tesseract for the
** recognition, leptonica for decoding image files (PNG, JPEG, TIFF).
**
** Used by pdf.c for PDF pages that have no text layer (a scan) and by the
** ingest pipeline for image files.  No printing: Tesseract's debug output
** goes to /dev/null and leptonica's messages to the jk_diags of the call;
** errors are jk_rc codes with a jk_err message.
**
** Bounds (a document may cost only so much): pages read by OCR, pixels of
** one page and pixels of the whole document.  They are checked before
** anything is decoded or rendered; over them the document is JK_ETOOBIG.
*/
#ifndef JK_OCR_H
#define JK_OCR_H

#include "jikenbo.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defaults of jk_ocr_opts. */
#define JK_OCR_LANG "jpn+jpn_vert"        /* horizontal and vertical Japanese */
#define JK_OCR_DPI 300                    /* PDF pages are rendered at this */
#define JK_OCR_MIN_DPI 100                /* ... or lower down to this to fit a page */
#define JK_OCR_MAX_PAGES 50               /* pages read by OCR per document */
#define JK_OCR_MAX_PAGE_PIXELS 40000000LL /* about A3 at 300 dpi */
#define JK_OCR_MAX_DOC_PIXELS 500000000LL /* about 57 A4 pages at 300 dpi */

typedef struct jk_ocr_opts {
  const char *lang;          /* Tesseract languages (NULL: JK_OCR_LANG) */
  const char *datapath;      /* tessdata directory (NULL: Tesseract's own) */
  int dpi;                   /* 0: JK_OCR_DPI */
  int max_pages;             /* 0: JK_OCR_MAX_PAGES */
  long long max_page_pixels; /* 0: JK_OCR_MAX_PAGE_PIXELS */
  long long max_doc_pixels;  /* 0: JK_OCR_MAX_DOC_PIXELS */
  int threads;               /* OpenMP threads (0: 1; -1: Tesseract's default) */
} jk_ocr_opts;

/* One page read by OCR. */
typedef struct jk_ocr_page {
  int page;          /* 1-based page of the document (a TIFF's frame) */
  double confidence; /* mean word confidence, 0..1 */
  int dpi;           /* resolution it was read at (0: unknown) */
  int width, height; /* pixels */
  int vertical;      /* 1: its first block is written top to bottom */
  double seconds;    /* wall time of the recognition */
} jk_ocr_page;

/* What OCR did for one document (pages in reading order). */
typedef struct jk_ocr_info {
  int n;               /* pages read by OCR */
  int cap;
  jk_ocr_page *pages;  /* n of them (malloc'd: jk_ocr_info_free) */
  long long pixels;    /* pixels recognised in all */
  double confidence;   /* mean of the pages' confidences, weighted by the
                          characters each gave; 0..1 */
  long long chars;     /* bytes of text OCR gave */
} jk_ocr_info;

void jk_ocr_info_free(jk_ocr_info *oi);

/* The provenance of oi as JSON, appended to out:
   {"ocr":true,"engine":"tesseract 5.3.0","lang":"jpn+jpn_vert",
    "confidence":0.93,"pages":[{"page":1,"confidence":0.93,"dpi":300,
    "vertical":false,"width":2480,"height":3508}]} */
void jk_ocr_info_json(const jk_ocr_info *oi, const char *lang, jk_buf *out);

/* An OCR engine: created cheaply, initialised (the language models
   loaded: 0.2-1 s) at its first page.  One per thread. */
typedef struct jk_ocr jk_ocr;

/* A new engine with opts (NULL: the defaults); NULL when out of memory. */
jk_ocr *jk_ocr_new(const jk_ocr_opts *opts);
void jk_ocr_free(jk_ocr *o);
/* The options in force (defaults filled in). */
const jk_ocr_opts *jk_ocr_options(const jk_ocr *o);

/* "tesseract 5.3.0". */
const char *jk_ocr_engine(void);

/*
** Read 8-bit grey pixels (0 black .. 255 white; stride bytes a row) at
** dpi (0: unknown) and append the text, normalised (jk_ocr_normalize),
** to out; page numbers the page in oi (which may be NULL).  JK_EUNSUP
** when Tesseract or its language data cannot be loaded (the message
** names the package to install), JK_ETOOBIG over max_page_pixels.
*/
jk_rc jk_ocr_gray(jk_ocr *o, const unsigned char *pix, int width, int height, int stride, int dpi, int page,
                  jk_buf *out, jk_ocr_info *oi, jk_err *err);

/* Is this the start of a PNG, JPEG or TIFF file? */
int jk_ocr_is_image(const void *bytes, size_t len);

/*
** Read an image file (PNG, JPEG, TIFF; every frame of a multi-page TIFF)
** and append its text to out, frames separated by a blank line.  The
** header is read first: a frame over max_page_pixels, frames past
** max_pages or pixels past max_doc_pixels are JK_ETOOBIG before anything
** is decoded.  JK_EINVAL for bytes that are not a readable image
** (truncated, garbage), with leptonica's complaint in diags.
*/
jk_rc jk_ocr_image(jk_ocr *o, const void *bytes, size_t len, jk_buf *out, jk_ocr_info *oi, jk_diags *diags,
                   jk_err *err);

/*
** Tidy what Tesseract gives, in out from byte `from` on: drop the spaces
** it puts between two Japanese characters and between a Japanese
** character and a digit ("2025 年 3 月" -> "2025年3月"), turn look-alikes
** back by their neighbours (一 between katakana is ー, a katakana ロ カ
** エ ニ タ after a kanji and not before kana is 口 力 工 二 夕), join
** and end each line without trailing spaces.
*/
void jk_ocr_normalize(jk_buf *out, size_t from);

#ifdef __cplusplus
}
#endif
#endif
