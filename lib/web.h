/*
** web.h — reading notices where they live: the public interface of
** html.c, pdf.c, feed.c, fetch.c, doctype.c and fetchstate.c.
**
** Each turns bytes into text (or fetches bytes) and nothing more: no
** terminal, no exit(), buffers in and structs out.  Warnings go to a
** jk_diags list, errors to a jk_err that names the place and the remedy.
**
**   html.c       HTML page  --libxml2 HTML parser, iconv-->  main-content text
**   pdf.c        PDF        --poppler-glib-->                 text per page
**   feed.c       Atom / RSS --libxml2-->                      entries
**   fetch.c      URL        --libcurl-->                      bytes + provenance
**   doctype.c    bytes + Content-Type + name -->              which of the above
**   fetchstate.c validators, feed entries seen, watch position (SQLite)
*/
#ifndef JK_WEB_H
#define JK_WEB_H

#include "jikenbo.h"
#include "ocr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Kinds of document (doctype.c)                                       */
/* ------------------------------------------------------------------ */
typedef enum jk_doc_kind {
  JK_KIND_TEXT = 0, /* plain text (UTF-8 or to be repaired) */
  JK_KIND_HTML,
  JK_KIND_PDF,
  JK_KIND_FEED,     /* Atom, RSS 2.0 or RSS 1.0 */
  JK_KIND_BINARY,   /* none of the above (archive, audio …) */
  JK_KIND_IMAGE     /* PNG, JPEG or TIFF: read by OCR (ocr.h) */
} jk_doc_kind;

/* "text", "html", "pdf", "feed", "binary", "image". */
const char *jk_doc_kind_name(jk_doc_kind k);

/*
** What kind of document bytes are.  The bytes decide first (%PDF-, a
** PNG/JPEG/TIFF signature, a <feed>/<rss>/<rdf:RDF> root, an <html> or
** doctype), then the HTTP
** Content-Type (content_type may be NULL), then the file name's extension
** (name may be NULL).  Never fails: unknown text is JK_KIND_TEXT.
*/
jk_doc_kind jk_doc_kind_detect(const void *bytes, size_t len, const char *content_type,
                               const char *name);

/* ------------------------------------------------------------------ */
/* HTML to text (html.c)                                               */
/* ------------------------------------------------------------------ */

/* Largest HTML document read (bigger: JK_ETOOBIG). */
#define JK_HTML_MAX (64u << 20)

/* What jk_html_to_text_ex found out about a page (all optional). */
typedef struct jk_html_info {
  char charset[32];   /* the charset the bytes were decoded from */
  char title[256];    /* <title>, whitespace collapsed (may be cut) */
  const char *scope;  /* constant: which part was kept ("main", "article",
                         "#content", "body") */
  char site[128];     /* the site's name (its publisher), "" when none is
                         plausible: from, in order, <meta property=
                         "og:site_name">, <meta name="application-name">,
                         the part of <title> after a separator (｜ | ‐ - –
                         — ： : ・: "…について｜架空市"), the footer's
                         copyright line ("© 2024 架空市"); cleaned of
                         公式ホームページ, 公式サイト, Official Site, All
                         Rights Reserved, Copyright, (C), ©, years and the
                         spaces and separators around; not NFKC'd */
  const char *site_from; /* constant: where site came from ("og:site_name",
                            "application-name", "title", "copyright"; "") */
} jk_html_info;

/*
** Turn an HTML page (or fragment) into the text of its main content,
** UTF-8 with LF line ends, appended to out.
**
** The charset comes from, in order: a byte-order mark, charset_hint (the
** charset= of an HTTP Content-Type, may be NULL), <meta charset> or
** <meta http-equiv="Content-Type">, and else a guess (UTF-8 if the bytes
** are valid UTF-8, else Shift_JIS or EUC-JP, whichever decodes).  Bytes
** that do not decode become U+FFFD with a warning in diags.
**
** Menus, headers, footers, side bars, cookie banners, scripts, styles and
** forms are dropped; when the page has a <main>, a single <article> or a
** #content-like container, only that is kept.  Block elements (headings,
** paragraphs, list items, table rows, <br>, dt/dd) end lines; a heading
** stands on its own line; list items start with "・" (<ul>) or "N. "
** (<ol>); table cells are separated by a space.
**
** Returns JK_OK (even for an empty or unparseable page: then out gets
** nothing and diags says why), JK_ETOOBIG over JK_HTML_MAX, JK_ENOMEM.
*/
jk_rc jk_html_to_text(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                      jk_diags *diags);
jk_rc jk_html_to_text_ex(const char *bytes, size_t len, const char *charset_hint, jk_buf *out,
                         jk_html_info *info, jk_diags *diags);

/*
** The site's name in a feed's <title> (a feed's entries are published by
** its site): the title cleaned as a page's site name is, with what feeds
** add after the name dropped ("ミドリ技研 ニュースリリース" → ミドリ技研;
** "新着情報｜架空市" → 架空市).  Written to out (n bytes, 128 is enough);
** returns its length, 0 (and "") when nothing plausible is left.
*/
size_t jk_site_from_feed_title(const char *title, char *out, size_t n);

/*
** The charset name an HTML document declares or appears to use (see
** above), written to name (at least 32 bytes).  *from_bom is set when a
** BOM decided it (and so the BOM should be skipped).
*/
void jk_html_charset(const char *bytes, size_t len, const char *charset_hint, char *name,
                     size_t n, int *from_bom);

/* Length of the valid UTF-8 at the start of s (strict: no overlongs, no
   surrogates); fast over ASCII runs, as markup mostly is. */
size_t jk_utf8_valid_len(const char *s, size_t n);

/*
** Convert bytes in charset to UTF-8, appended to out.  Sequences that do
** not decode become U+FFFD (counted in *bad when non-NULL).  Returns
** JK_OK, JK_EUNSUP when iconv does not know the charset, JK_ENOMEM.
*/
jk_rc jk_charset_to_utf8(const char *bytes, size_t len, const char *charset, jk_buf *out,
                         size_t *bad);

/* ------------------------------------------------------------------ */
/* PDF to text (pdf.c)                                                 */
/* ------------------------------------------------------------------ */

/* Largest PDF read (bigger: JK_ETOOBIG). */
#define JK_PDF_MAX (256u << 20)

typedef struct jk_pdf_info {
  int pages;             /* pages in the document */
  int pages_without_text;/* pages that gave no text, OCR included */
  int pages_ocr;         /* pages whose text was read by OCR */
  int no_text;           /* 1: no page has text (a scan without OCR) */
  int over_budget;       /* 1: the budget ran out: text of the pages before only */
  size_t decoded;        /* bytes the Flate streams inflate to (up to the budget) */
  long long image_pixels;/* pixels its images say they have (/Width x /Height) */
  double cpu_seconds;    /* CPU time spent on it */
  char title[256];       /* document metadata title, may be empty */
} jk_pdf_info;

/*
** What reading one PDF may cost.  decoded_bytes: what its Flate streams
** (FlateDecode chains, followed through every stage) may inflate to in
** all, measured before poppler sees the file: past it, the file is a
** decompression bomb and no page is read (with OCR the budget grows by
** what the images say they hold, see jk_pdf_to_text_ocr).  cpu_seconds: CPU time of the
** whole read; checked between pages, it stops a document of many costly
** pages after the page that ran over.
*/
typedef struct jk_pdf_budget {
  double cpu_seconds;
  size_t decoded_bytes;
} jk_pdf_budget;

#define JK_PDF_BUDGET_SECONDS 3.0
/* The decoded bytes per second of budget: poppler reads content at
   about 100 MB/s here, so a budget of S seconds allows S * 32 MiB. */
#define JK_PDF_BUDGET_BYTES_PER_SECOND (32u << 20)

/*
** Text of a PDF in reading order (poppler), pages separated by a blank
** line, appended to out.  Pages without text are named in diags; a PDF
** with no text at all returns JK_OK with info->no_text set and the
** warning "no text layer (scanned?): stored without text, run OCR …".
** Returns JK_EINVAL for bytes poppler cannot read (truncated, not a PDF),
** JK_EUNSUP for an encrypted PDF, JK_ETOOBIG over JK_PDF_MAX.  info may be
** NULL.
*/
jk_rc jk_pdf_to_text(const void *bytes, size_t len, jk_buf *out, jk_pdf_info *info,
                     jk_diags *diags, jk_err *err);

/*
** jk_pdf_to_text within budget (NULL: JK_PDF_BUDGET_SECONDS and the bytes
** it allows).  Past the budget the result is still JK_OK, with
** info->over_budget set, the text of the pages read before (none when
** the streams inflate past decoded_bytes), and a warning naming the
** budget: "PDF over its budget: its streams inflate past 96 MiB …".
*/
jk_rc jk_pdf_to_text_budget(const void *bytes, size_t len, const jk_pdf_budget *budget, jk_buf *out,
                            jk_pdf_info *info, jk_diags *diags, jk_err *err);
/* The budget of S seconds: cpu_seconds S, decoded_bytes S * 32 MiB. */
jk_pdf_budget jk_pdf_budget_of(double seconds);

/*
** jk_pdf_to_text_budget, and the pages that have no text layer (a scan)
** read by OCR with ocr (NULL: none, as jk_pdf_to_text_budget), their text
** in its place in page order; oi (may be NULL) gets what OCR read.  Each
** such page is rendered (poppler, cairo) at the engine's dpi, lower for a
** large page down to JK_OCR_MIN_DPI.  Before any is rendered the bounds
** are checked: images saying they have more than 3 x max_doc_pixels
** pixels in all, more textless pages than max_pages, a page over
** max_page_pixels at the lowest dpi, or more than max_doc_pixels in all is
** JK_ETOOBIG ("PDF of 51 pages without text is over the 50 pages read by
** OCR …") and no text is given.  OCR that cannot start (no language data)
** is a warning and the pages stay without text.  The CPU budget counts
** the text layer only: OCR is bounded by pages and pixels.
*/
jk_rc jk_pdf_to_text_ocr(const void *bytes, size_t len, const jk_pdf_budget *budget, jk_ocr *ocr, jk_buf *out,
                         jk_pdf_info *info, jk_ocr_info *oi, jk_diags *diags, jk_err *err);

/* ------------------------------------------------------------------ */
/* Feeds (feed.c)                                                      */
/* ------------------------------------------------------------------ */

/* Largest feed read, and most entries delivered from one feed. */
#define JK_FEED_MAX (64u << 20)
#define JK_FEED_MAX_ENTRIES 100000

/* One entry of a feed.  Strings are valid only during the callback. */
typedef struct jk_feed_entry {
  int index;             /* 0-based position in the feed */
  const char *id;        /* Atom <id>, RSS <guid>, RDF rdf:about; else the link */
  const char *link;      /* the entry's page (alternate link), may be "" */
  const char *title;     /* plain text, may be "" */
  const char *published; /* as written (RFC 3339 or RFC 822), may be "" */
  const char *updated;   /* as written, may be "" */
  const char *content;   /* the entry's HTML (or text) as written, may be "" */
  int content_is_html;   /* 1: content is HTML/XHTML markup */
  int summary_only;      /* 1: only a summary: read the linked page instead */
  const char *text;      /* title line + content as text (html.c), ready to split */
  size_t text_len;
  const char *feed_title;/* the feed's <title> (jk_feed_info.title), may be "" */
} jk_feed_entry;

typedef struct jk_feed_info {
  char format[16];       /* "atom", "rss2", "rss1" */
  char title[256];
  int entries;           /* entries delivered */
  int skipped;           /* entries dropped (no id and no link, or over the limit) */
} jk_feed_info;

/* Called once per entry, in feed order.  Return non-zero to stop. */
typedef int (*jk_feed_entry_fn)(void *ctx, const jk_feed_entry *e);

/*
** Parse an Atom, RSS 2.0 or RSS 1.0 feed and call fn for each entry.
** No network, no external entities, no DTD loading.  A bad entry is
** skipped with a warning in diags.  Returns JK_EINVAL when the bytes are
** not a feed (err says what the root was), JK_ETOOBIG over JK_FEED_MAX.
*/
jk_rc jk_feed_parse(const char *bytes, size_t len, jk_feed_entry_fn fn, void *ctx,
                    jk_feed_info *info, jk_diags *diags, jk_err *err);

/* ------------------------------------------------------------------ */
/* Fetching (fetch.c)                                                  */
/* ------------------------------------------------------------------ */

#define JK_USER_AGENT "jikenbo/" JK_VERSION " (+https://example.invalid/jikenbo; casebook research)"

/* How to fetch.  jk_fetch_opts_init gives the defaults in comments. */
typedef struct jk_fetch_opts {
  long max_redirects;      /* 5 */
  long connect_timeout_ms; /* 10000 */
  long timeout_ms;         /* 60000: the whole transfer */
  size_t max_bytes;        /* 64 MiB: cap on the *decoded* body */
  long host_spacing_ms;    /* 1000: least time between requests to one host */
  const char *user_agent;  /* NULL: JK_USER_AGENT */
  const volatile int *cancel; /* NULL, or a flag that ends a transfer once set */
} jk_fetch_opts;

void jk_fetch_opts_init(jk_fetch_opts *o);

/* Validators from an earlier fetch, for a conditional request. */
typedef struct jk_fetch_cond {
  const char *etag;          /* sent as If-None-Match, may be NULL */
  const char *last_modified; /* sent as If-Modified-Since, may be NULL */
} jk_fetch_cond;

/* The result of one fetch; free with jk_fetch_result_free. */
typedef struct jk_fetch_result {
  long status;          /* final HTTP status (0: no response) */
  int not_modified;     /* 1: 304, the stored copy is current; no body */
  char *final_url;      /* after redirects */
  char *content_type;   /* headers of the final response, NULL if absent */
  char *etag;
  char *last_modified;
  char *date;
  char *headers_json;   /* {"status":200,"content-type":…} of the kept headers */
  char fetched_at[32];  /* ISO 8601 UTC, when the response arrived */
  char *body;           /* decoded body, NUL-terminated; NULL for 304 */
  size_t len;
  long redirects;       /* redirects followed */
} jk_fetch_result;

void jk_fetch_result_free(jk_fetch_result *r);

/* One fetcher per program: it keeps connections and per-host timing. */
typedef struct jk_fetcher jk_fetcher;

/* NULL on out of memory or when libcurl cannot start. opts may be NULL. */
jk_fetcher *jk_fetcher_new(const jk_fetch_opts *opts);
void jk_fetcher_free(jk_fetcher *f);

/*
** GET url (http or https only) and fill res.  Waits first so that two
** requests to one host are at least host_spacing_ms apart.  Redirects are
** followed up to max_redirects; gzip/deflate are decoded and the decoded
** body is capped at max_bytes (so a gzip bomb stops at the cap).
**
** Returns JK_OK for 2xx and 304 (res->not_modified), and else an error
** whose message names the URL and what to do: JK_ENOTFOUND (404, 410),
** JK_EIO (other HTTP errors, timeouts, connection failures, redirect
** loops), JK_ETOOBIG (over max_bytes), JK_EUNSUP (not http/https),
** JK_EINVAL (malformed URL).  res->status is set whenever a response came.
*/
jk_rc jk_fetch(jk_fetcher *f, const char *url, const jk_fetch_cond *cond, jk_fetch_result *res,
               jk_err *err);

/* Is s an http:// or https:// URL (case-insensitive scheme)? */
int jk_url_is_http(const char *s);

/* ref resolved against base (RFC 3986, libcurl's URL parser), e.g. a
   feed's relative entry link; base may be NULL for an absolute ref.
   Returns a malloc'd URL, or NULL when either cannot be parsed. */
char *jk_url_resolve(const char *base, const char *ref);

/* The current time as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ" (buf >= 21). */
void jk_utc_now(char *buf, size_t n);

/* ------------------------------------------------------------------ */
/* Fetch and feed state in the casebook database (fetchstate.c)       */
/* ------------------------------------------------------------------ */
typedef struct sqlite3 sqlite3;

/*
** Create the tables if missing: web_resource (validators per URL),
** feed_entry (entries seen per feed) and feed_state (the watch position).
** Safe to call on every open.
*/
jk_rc jk_fetchstate_init(sqlite3 *db, jk_err *err);

/* Stored validators of a URL.  Returns JK_ENOTFOUND when never fetched. */
typedef struct jk_web_resource {
  char etag[256];
  char last_modified[64];
  char final_url[2048];
  char fetched_at[32];
  char sha256[65];
  long long doc_id;   /* document stored from it (0: none) */
} jk_web_resource;

jk_rc jk_fetchstate_get(sqlite3 *db, const char *url, jk_web_resource *r, jk_err *err);
/* Remember what a fetch of url returned (replaces the earlier row). */
jk_rc jk_fetchstate_put(sqlite3 *db, const char *url, const jk_fetch_result *res,
                        const char *sha256, long long doc_id, jk_err *err);

/* Has this feed entry been stored?  *seen = 1 if so. */
jk_rc jk_feedstate_seen(sqlite3 *db, const char *feed_url, const char *entry_id, int *seen,
                        jk_err *err);
/* Mark an entry stored (doc_id may be 0 when it held no text). */
jk_rc jk_feedstate_mark(sqlite3 *db, const char *feed_url, const char *entry_id, long long doc_id,
                        jk_err *err);
/* Record a round of watching a feed: when, and the error if it failed
   (NULL on success); counts new entries. */
jk_rc jk_feedstate_round(sqlite3 *db, const char *feed_url, const char *error, int new_entries,
                         jk_err *err);

/* A feed's watch state. */
typedef struct jk_feed_state {
  char last_round[32];   /* ISO time of the last round ("" never) */
  char last_ok[32];      /* last round without error */
  char last_error[256];
  long long rounds, entries;
} jk_feed_state;
jk_rc jk_feedstate_get(sqlite3 *db, const char *feed_url, jk_feed_state *s, jk_err *err);

#ifdef __cplusplus
}
#endif
#endif /* JK_WEB_H */
