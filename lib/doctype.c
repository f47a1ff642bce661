/*
** doctype.c — what kind of document a run of bytes is.
**
** An image (PNG, JPEG, TIFF) is a document too: OCR reads it.
** Servers mislabel (PDFs as application/octet-stream, feeds as text/xml,
** Shift_JIS pages as text/plain) and saved files lose their names, so the
** bytes speak first: a PDF header, a feed root, an HTML start.  Only when
** the bytes are not telling do the Content-Type and then the file name's
** extension decide.
*/
#include "web.h"
#include "jk_int.h"

#include <ctype.h>
#include <strings.h>

const char *jk_doc_kind_name(jk_doc_kind k) {
  static const char *const names[] = {"text", "html", "pdf", "feed", "binary", "image"};
  return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *find_ci(const char *p, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (strncasecmp(p + i, needle, k) == 0) return p + i;
  return NULL;
}

/* Skip white space, a BOM, <?xml …?>, comments and a DOCTYPE: the start of
   the first element (or the end). */
static size_t skip_prolog(const char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) i = 3;
  for (;;) {
    while (i < n && isspace((unsigned char)p[i])) i++;
    if (i + 1 < n && p[i] == '<' && (p[i + 1] == '?' || p[i + 1] == '!')) {
      if (i + 9 <= n && strncasecmp(p + i, "<!doctype", 9) == 0) return i;
      int comment = i + 4 <= n && memcmp(p + i, "<!--", 4) == 0;
      const char *end = comment ? jk_memmem(p + i, n - i, "-->", 3) : memchr(p + i, '>', n - i);
      if (!end) return n;
      i = (size_t)(end - p) + (comment ? 3 : 1);
      continue;
    }
    return i;
  }
}

/* Kind from the first element / doctype; -1 when the bytes do not say. */
static int kind_from_bytes(const char *p, size_t n) {
  if (n >= 5 && memcmp(p, "%PDF-", 5) == 0) return JK_KIND_PDF;
  if (jk_ocr_is_image(p, n)) return JK_KIND_IMAGE; /* PNG, JPEG, TIFF signatures */
  size_t head = n < 1024 ? n : 1024;
  if (head >= 5 && jk_memmem(p, head, "%PDF-", 5)) return JK_KIND_PDF; /* junk before the header */
  size_t look = n < 4096 ? n : 4096;
  size_t i = skip_prolog(p, look);
  if (i >= look || p[i] != '<') return -1;
  const char *q = p + i;
  size_t m = look - i;
  if (m >= 9 && strncasecmp(q, "<!doctype", 9) == 0) {
    if (find_ci(q, m < 64 ? m : 64, "html")) return JK_KIND_HTML;
    const char *gt = memchr(q, '>', m);
    if (!gt) return -1;
    size_t j = (size_t)(gt - p) + 1;
    j += skip_prolog(p + j, look - j);
    if (j >= look) return -1;
    q = p + j;
    m = look - j;
  }
  if (m >= 5 && strncasecmp(q, "<feed", 5) == 0 && (m == 5 || !isalnum((unsigned char)q[5])))
    return JK_KIND_FEED;
  if (m >= 4 && strncasecmp(q, "<rss", 4) == 0) return JK_KIND_FEED;
  if (m >= 8 && strncasecmp(q, "<rdf:RDF", 8) == 0) return JK_KIND_FEED;
  if (m >= 5 && (strncasecmp(q, "<html", 5) == 0 || strncasecmp(q, "<head", 5) == 0 ||
                 strncasecmp(q, "<body", 5) == 0))
    return JK_KIND_HTML;
  return -1;
}

/* Kind from a Content-Type; -1 when it does not say (or is generic). */
static int kind_from_type(const char *ct) {
  if (!ct) return -1;
  while (*ct == ' ') ct++;
  static const struct {
    const char *prefix;
    int kind;
  } types[] = {
      {"text/html", JK_KIND_HTML},           {"application/xhtml+xml", JK_KIND_HTML},
      {"application/pdf", JK_KIND_PDF},      {"application/x-pdf", JK_KIND_PDF},
      {"application/atom+xml", JK_KIND_FEED}, {"application/rss+xml", JK_KIND_FEED},
      {"application/rdf+xml", JK_KIND_FEED}, {"text/plain", JK_KIND_TEXT},
      {"image/png", JK_KIND_IMAGE},          {"image/jpeg", JK_KIND_IMAGE},
      {"image/tiff", JK_KIND_IMAGE},         {"image/", JK_KIND_BINARY},            {"audio/", JK_KIND_BINARY},
      {"video/", JK_KIND_BINARY},            {"application/zip", JK_KIND_BINARY},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strncasecmp(ct, types[i].prefix, strlen(types[i].prefix)) == 0) return types[i].kind;
  return -1;
}

/* Kind from a file name's extension; -1 when it does not say. */
static int kind_from_name(const char *name) {
  if (!name) return -1;
  const char *q = strpbrk(name, "?#"); /* a URL's query is not part of the name */
  size_t n = q ? (size_t)(q - name) : strlen(name);
  const char *dot = NULL;
  for (size_t i = 0; i < n; i++) {
    if (name[i] == '/') dot = NULL;
    else if (name[i] == '.') dot = name + i;
  }
  if (!dot) return -1;
  size_t el = n - (size_t)(dot - name);
  static const struct {
    const char *ext;
    int kind;
  } exts[] = {{".pdf", JK_KIND_PDF},   {".html", JK_KIND_HTML}, {".htm", JK_KIND_HTML},
              {".xhtml", JK_KIND_HTML}, {".shtml", JK_KIND_HTML}, {".php", JK_KIND_HTML},
              {".asp", JK_KIND_HTML},  {".aspx", JK_KIND_HTML}, {".atom", JK_KIND_FEED},
              {".rss", JK_KIND_FEED},  {".rdf", JK_KIND_FEED},  {".txt", JK_KIND_TEXT},
              {".text", JK_KIND_TEXT}, {".md", JK_KIND_TEXT},  {".png", JK_KIND_IMAGE},
              {".jpg", JK_KIND_IMAGE}, {".jpeg", JK_KIND_IMAGE}, {".tif", JK_KIND_IMAGE},
              {".tiff", JK_KIND_IMAGE}};
  for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
    if (strlen(exts[i].ext) == el && strncasecmp(dot, exts[i].ext, el) == 0) return exts[i].kind;
  return -1;
}

jk_doc_kind jk_doc_kind_detect(const void *bytes, size_t len, const char *content_type,
                               const char *name) {
  const char *p = bytes ? bytes : "";
  int k = kind_from_bytes(p, len);
  if (k >= 0) return (jk_doc_kind)k;
  k = kind_from_type(content_type);
  if (k >= 0) return (jk_doc_kind)k;
  k = kind_from_name(name);
  if (k >= 0) return (jk_doc_kind)k;
  /* Text has no NULs and is mostly valid UTF-8 or a legacy Japanese
     encoding (whose bytes are never NUL either). */
  size_t look = len < 8192 ? len : 8192;
  if (look && memchr(p, 0, look)) return JK_KIND_BINARY;
  return JK_KIND_TEXT;
}
