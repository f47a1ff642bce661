/*
** ingest.h — the one ingest pipeline: bytes (or a URL) → kind → text
** (HTML, PDF, feed, charset) → split → extract → store, one transaction
** per document, then saved searches matched against the incidents it
** touched (alerts.h).  `jikenbo ingest`, `watch`, `import` and the
** server's POST /api/notices all go through here; they differ only in
** where the bytes come from and in how they show what happened.
**
** The library prints nothing: every line a user should see (a warning,
** "already stored", a notice stored in verbose mode) goes to msg as one
** finished line without its newline, and every stored segment to on_seg,
** so the CLI prints them and the server turns them into JSON.
*/
#ifndef JK_INGEST_H
#define JK_INGEST_H

#include "store.h"
#include "web.h"

#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What an ingest did, summed over documents. */
typedef struct jk_ingest_stats {
  long long files, seen, failed_files;    /* read; already stored; failed */
  long long notices, duplicates, others;  /* new notices; sightings of known text; non-notice posts */
  long long failed_notices;               /* notices stored without a record */
  long long no_date, no_count;            /* new notices stating no date / no head-count */
  long long bytes;
  long long alerts;                       /* saved-search matches recorded (alerts.h) */
} jk_ingest_stats;

/* What one feed read brought (for `watch` to report). */
typedef struct jk_feed_round {
  int entries;      /* entries in the feed */
  int new_docs;     /* entries stored now */
  int known;        /* entries stored before */
  int failed;       /* entries that failed (retried next round) */
  int not_modified; /* the feed had not changed (304) */
} jk_feed_round;

/* One line for the user ("NAME:LINE: warning: …"), without newline. */
typedef void (*jk_ingest_msg_fn)(void *ctx, const char *line);
/* A segment stored (res says how).  Non-zero stops the document (it
   is rolled back). */
typedef int (*jk_ingest_seg_fn)(void *ctx, const jk_segment *seg, const jk_add_result *res);
/* Bytes of the current document split so far (progress bars). */
typedef void (*jk_ingest_progress_fn)(void *ctx, long long done, const char *name);

/* Per-document state (the pipeline's; callers leave it alone). */
typedef struct jk_ingest_doc {
  long long doc_id;
  const char *name;
  const char *publisher;
  jk_rc rc;
  jk_err err;
  long long notices, others;
  int other_first, other_last;
  long long *touched; /* incidents that got a new report */
  size_t ntouched, cap;
} jk_ingest_doc;

/* An ingest run: fill the first fields, zero the rest (memset). */
typedef struct jk_ingest {
  jk_store *st;
  jk_fetcher *fetcher;    /* for URLs and feed entries that are only a summary; NULL: refused */
  bool verbose;           /* also say what each segment became */
  double pdf_seconds;     /* a PDF's text budget (jk_pdf_budget_of); 0: the default */
  jk_ocr *ocr;            /* reads scanned PDF pages and image files (ocr.h); NULL: no OCR
                             (a scan is stored without text, an image refused) */
  jk_ingest_msg_fn msg;   /* may be NULL: lines dropped */
  void *msg_ctx;
  jk_ingest_seg_fn on_seg; /* may be NULL */
  void *seg_ctx;
  jk_ingest_progress_fn progress; /* may be NULL */
  void *progress_ctx;
  long long progress_base;
  jk_ingest_stats stats;  /* summed by every call */
  jk_ingest_doc doc;
} jk_ingest;

/* Free what a run holds (not the store, not the fetcher). */
void jk_ingest_free(jk_ingest *in);

/* Where bytes came from. */
typedef struct jk_ingest_origin {
  const char *source;            /* as the user gave it (path, URL, "api:…"), or a feed entry's link */
  const char *url;               /* NULL for local files and uploads, unless their URL was given */
  const jk_fetch_result *fetch;  /* NULL unless fetched */
  const char *headers;           /* provenance JSON to store (NULL: fetch's headers) */
  const char *publisher;         /* the publisher when the page names none (a feed's site), or NULL */
  const char *fetched_at;        /* when not fetched: when received (NULL: none) */
} jk_ingest_origin;

/*
** Store text as one document (one transaction): split, store every
** segment (the store extracts each new notice), link incidents, match
** saved searches against the incidents touched, commit.  The content
** hash is of info->raw when given, else of text.  A document already
** stored (same source, same hash) is skipped (stats.seen).  On error the
** transaction is rolled back and err says why.
*/
jk_rc jk_ingest_text(jk_ingest *in, const jk_doc_info *info, const char *text, size_t len, jk_err *err);

/*
** Bytes of a kind (jk_doc_kind_detect when kind < 0): HTML and PDF to
** text (the bytes kept), text decoded from its charset, a feed's new
** entries one document each (round, may be NULL, says what it held), a
** binary refused.  Then jk_ingest_text.
*/
jk_rc jk_ingest_bytes(jk_ingest *in, const jk_ingest_origin *o, const char *bytes, size_t len, int kind,
                      jk_feed_round *round, jk_err *err);

/* A URL, fetched with in->fetcher (conditionally when fetched before: a
   304 stores nothing), then jk_ingest_bytes. */
jk_rc jk_ingest_url(jk_ingest *in, const char *url, jk_feed_round *round, jk_err *err);

/*
** The same document steps for a caller that streams its text through
** the splitter itself (a text file of any size): begin (*skip when
** already stored: nothing more to do), feed segments to jk_ingest_segment
** (a jk_segment_fn whose ctx is in), end with the split's rc and the
** bytes read.
*/
jk_rc jk_ingest_doc_begin(jk_ingest *in, const jk_doc_info *info, const char *sha256_hex, int *skip, jk_err *err);
int jk_ingest_segment(void *in, const jk_segment *seg);
jk_rc jk_ingest_doc_end(jk_ingest *in, jk_rc split_rc, long long bytes, jk_err *err);

/* Is rc fatal for the whole run (the next document fails the same way)? */
int jk_ingest_fatal(jk_rc rc);

#ifdef __cplusplus
}
#endif
#endif /* JK_INGEST_H */
