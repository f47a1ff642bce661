/*
** ingest.c — the one ingest pipeline (ingest.h): a document's bytes
** become text by their kind, are split, every segment stored (the store
** extracts new notices and links incidents), saved searches are matched
** against the incidents touched, and the document commits — or rolls
** back alone.  Feeds: each entry not stored before is a document, an
** entry with only a summary is read from its linked page; entries and
** validators are remembered (fetchstate.c), so a re-run stores only what
** is new.
**
** Used by `jikenbo ingest`/`watch` (src/source.c, src/ingest_doc.c),
** the server (POST /api/notices) and import (lib/import.c, records).
*/
#include "ingest.h"

#include "alerts.h"
#include "jk_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ------------------------------------------------------------ */

static void say(jk_ingest *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(jk_ingest *in, const char *fmt, ...) {
  if (!in->msg) return;
  char line[1200];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  in->msg(in->msg_ctx, line);
}

/* Split warnings as "NAME:LINE: warning (byte N): …" (the first 20). */
static void say_split_diags(jk_ingest *in, const char *file, const jk_diags *d) {
  size_t shown = d->n < 20 ? d->n : 20;
  for (size_t i = 0; i < shown; i++) {
    const jk_diag *g = &d->v[i];
    if (g->offset >= 0) say(in, "%s:%d: warning (byte %lld): %s", file, g->line, g->offset, g->msg);
    else say(in, "%s:%d: warning: %s", file, g->line, g->msg);
  }
  size_t more = d->n - shown + d->dropped;
  if (more) say(in, "%s: %zu more warnings not shown", file, more);
}

/* Conversion warnings as "NAME:LINE: warning: …", or "NAME: warning: …"
   when they concern the whole document. */
static void say_diags(jk_ingest *in, const char *name, const jk_diags *d) {
  for (size_t i = 0; i < d->n; i++) {
    if (d->v[i].line > 0) say(in, "%s:%d: warning: %s", name, d->v[i].line, d->v[i].msg);
    else say(in, "%s: warning: %s", name, d->v[i].msg);
  }
  if (d->dropped) say(in, "%s: %zu more warnings not shown", name, d->dropped);
}

int jk_ingest_fatal(jk_rc rc) { return rc == JK_EFULL || rc == JK_EREADONLY || rc == JK_EDB || rc == JK_ENOMEM; }

void jk_ingest_free(jk_ingest *in) {
  free(in->doc.touched);
  in->doc.touched = NULL;
  in->doc.ntouched = in->doc.cap = 0;
}

/* ---- one document ------------------------------------------------------------ */

static void touch(jk_ingest_doc *d, long long id) {
  if (d->ntouched && d->touched[d->ntouched - 1] == id) return; /* a repeat further back is harmless */
  if (d->ntouched == d->cap) {
    size_t c = d->cap ? d->cap * 2 : 16;
    long long *v = realloc(d->touched, c * sizeof *v);
    if (!v) return; /* an alert missed is not worth failing the document */
    d->touched = v;
    d->cap = c;
  }
  d->touched[d->ntouched++] = id;
}

int jk_ingest_segment(void *vp, const jk_segment *seg) {
  jk_ingest *in = vp;
  jk_ingest_doc *c = &in->doc;
  jk_add_result res;
  jk_segment with = *seg;
  if (c->publisher) with.publisher = c->publisher;
  jk_rc rc = jk_store_add_segment(in->st, c->doc_id, &with, NULL, NULL, &res, &c->err);
  if (rc) {
    c->rc = rc;
    return 1; /* stop: the document's transaction will be rolled back */
  }
  if (seg->is_notice) {
    c->notices++;
  } else {
    if (!c->others++) c->other_first = seg->first_line;
    c->other_last = seg->last_line;
  }
  jk_ingest_stats *s = &in->stats;
  if (res.duplicate) {
    s->duplicates++;
    if (in->verbose)
      say(in, "%s:%d: %s seen before%s%s", c->name, seg->heading_line, seg->is_notice ? "notice" : "post",
          res.incident[0] ? ": " : "", res.incident);
  } else if (seg->is_notice) {
    s->notices++;
    if (res.incident_id) touch(c, res.incident_id);
    else
      say(in, "%s:%d: warning: notice stored without a record (extraction failed); run 'jikenbo reextract' later",
          c->name, seg->heading_line);
    if (!res.incident_id) s->failed_notices++;
    if (res.no_date) s->no_date++;
    if (res.no_count) s->no_count++;
    if (in->verbose) {
      say(in, "%s:%d: notice stored: %s", c->name, seg->heading_line, res.incident);
      if (res.no_date || res.no_count)
        say(in, "%s:%d: note: the notice states no %s (stored as not stated)", c->name, seg->heading_line,
            res.no_date && res.no_count ? "date and no head-count" : res.no_date ? "date" : "head-count");
    }
  } else {
    s->others++;
    if (in->verbose)
      say(in, "%s:%d: kept lines %d-%d (not a notice: %s)", c->name, seg->first_line, seg->first_line,
          seg->last_line, seg->why ? seg->why : "no heading");
  }
  if (in->on_seg && in->on_seg(in->seg_ctx, seg, &res)) {
    c->rc = jk_err_set(&c->err, JK_ENOMEM, "%s: out of memory", c->name);
    return 1;
  }
  if (in->progress) in->progress(in->progress_ctx, in->progress_base + seg->raw_offset + (long long)seg->raw_len, c->name);
  return 0;
}

jk_rc jk_ingest_doc_begin(jk_ingest *in, const jk_doc_info *info, const char *sha, int *skip, jk_err *err) {
  *skip = 0;
  jk_ingest_doc *c = &in->doc;
  long long *keep = c->touched;
  size_t cap = c->cap;
  memset(c, 0, sizeof *c);
  c->touched = keep;
  c->cap = cap;
  c->name = info->source;
  c->publisher = info->publisher && *info->publisher ? info->publisher : NULL;
  jk_rc rc = jk_store_begin(in->st, err);
  if (rc) return rc;
  int seen = 0;
  rc = jk_store_add_document(in->st, info, sha, &c->doc_id, &seen, err);
  /* Stored before: only a URL given now may have been recorded. */
  if (!rc && seen && info->url) rc = jk_store_commit(in->st, err);
  if (rc || seen) {
    jk_store_rollback(in->st);
    if (seen) {
      in->stats.seen++;
      *skip = 1;
      if (in->verbose) say(in, "%s: already stored (same bytes): skipped", info->source);
    }
  }
  return rc;
}

jk_rc jk_ingest_doc_end(jk_ingest *in, jk_rc rc, long long bytes, jk_err *err) {
  jk_ingest_doc *c = &in->doc;
  if (!rc && c->rc) {
    rc = c->rc;
    *err = c->err;
  }
  long long alerts = 0;
  /* The saved searches see the incidents in the same transaction: an
     alert is recorded with the report that raised it, or not at all. */
  if (!rc && c->ntouched) rc = jk_alerts_match(in->st, c->touched, c->ntouched, &alerts, err);
  if (!rc) rc = jk_store_commit(in->st, err);
  else jk_store_rollback(in->st);
  if (rc) {
    in->stats.failed_files++;
    return rc;
  }
  in->stats.alerts += alerts;
  in->stats.bytes += bytes;
  if (c->notices == 0 && c->others)
    say(in, "%s:%d: warning: no notice found (%lld other post%s kept, lines %d-%d)", c->name, c->other_first,
        c->others, c->others == 1 ? "" : "s", c->other_first, c->other_last);
  return JK_OK;
}

jk_rc jk_ingest_text(jk_ingest *in, const jk_doc_info *info, const char *text, size_t len, jk_err *err) {
  char sha[65];
  if (info->raw) jk_sha256_hex(info->raw, info->raw_len, sha);
  else jk_sha256_hex(text, len, sha);
  in->stats.files++;
  int skip;
  jk_rc rc = jk_ingest_doc_begin(in, info, sha, &skip, err);
  if (rc) {
    in->stats.failed_files++;
    return rc;
  }
  if (skip) return JK_OK;
  jk_diags d;
  jk_diags_init(&d);
  rc = jk_split_buffer(text, len, jk_ingest_segment, in, &d);
  if (rc) jk_err_set(err, rc, "%s: %s while splitting", info->source, jk_rc_name(rc));
  say_split_diags(in, info->source, &d);
  jk_diags_free(&d);
  return jk_ingest_doc_end(in, rc, (long long)len, err);
}

/* ---- bytes of a kind ------------------------------------------------------------ */

static jk_rc ingest_feed(jk_ingest *in, const char *feed, const jk_fetch_result *fetch, const char *bytes,
                         size_t len, jk_feed_round *round, jk_err *err);

/* HTML, PDF or text into text, stored as one document with provenance. */
static jk_rc store_bytes(jk_ingest *in, const jk_ingest_origin *o, const char *bytes, size_t len, jk_doc_kind kind,
                         jk_err *err) {
  jk_buf text;
  jk_buf_init(&text);
  jk_diags d;
  jk_diags_init(&d);
  jk_rc rc = JK_OK;
  const char *ctype = o->fetch ? o->fetch->content_type : NULL;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = o->source;
  info.url = o->url;
  info.final_url = o->fetch ? o->fetch->final_url : NULL;
  info.fetched_at = o->fetch ? o->fetch->fetched_at : o->fetched_at;
  info.headers = o->headers ? o->headers : o->fetch ? o->fetch->headers_json : NULL;
  jk_html_info hi;
  jk_ocr_info oi;
  memset(&oi, 0, sizeof oi);
  jk_buf ocr_json;
  jk_buf_init(&ocr_json);
  switch (kind) {
  case JK_KIND_HTML: {
    info.kind = "html";
    info.raw = bytes;
    info.raw_len = len;
    rc = jk_html_to_text_ex(bytes, len, ctype, &text, &hi, &d);
    if (rc == JK_ETOOBIG)
      jk_err_set(err, rc, "%s: HTML page of %zu bytes is over the %u MiB limit: not stored", o->source, len,
                 JK_HTML_MAX >> 20);
    else if (rc)
      jk_err_set(err, rc, "%s: %s reading the HTML", o->source, jk_rc_name(rc));
    else if (in->verbose)
      say(in, "%s: HTML in %s, text of <%s>: %zu bytes%s%s%s%s", o->source, hi.charset, hi.scope, text.len,
          hi.site[0] ? ", published by " : "", hi.site, hi.site[0] ? " from " : "", hi.site[0] ? hi.site_from : "");
    /* The page's own name, else its feed's.  A PDF's Author/Title name a
       person or a file, not a publisher: PDFs and text get none. */
    info.publisher = rc == JK_OK && hi.site[0] ? hi.site : o->publisher;
    break;
  }
  case JK_KIND_PDF: {
    jk_pdf_info pi;
    jk_err perr = {0, ""};
    info.kind = "pdf";
    info.raw = bytes;
    info.raw_len = len;
    jk_pdf_budget pb = jk_pdf_budget_of(in->pdf_seconds > 0 ? in->pdf_seconds : JK_PDF_BUDGET_SECONDS);
    rc = jk_pdf_to_text_ocr(bytes, len, &pb, in->ocr, &text, &pi, &oi, &d, &perr);
    if (rc) jk_err_set(err, rc, "%s: %s: not stored", o->source, perr.msg);
    else if (in->verbose)
      say(in, "%s: PDF, %d page%s, %zu bytes of text (%d page%s by OCR)", o->source, pi.pages,
          pi.pages == 1 ? "" : "s", text.len, pi.pages_ocr, pi.pages_ocr == 1 ? "" : "s");
    break;
  }
  case JK_KIND_IMAGE: {
    info.kind = "image";
    info.raw = bytes;
    info.raw_len = len;
    if (!in->ocr) {
      rc = jk_err_set(err, JK_EUNSUP, "%s: an image, and OCR is off (JIKENBO_OCR=off): not stored", o->source);
      break;
    }
    jk_err perr = {0, ""};
    rc = jk_ocr_image(in->ocr, bytes, len, &text, &oi, &d, &perr);
    if (rc) jk_err_set(err, rc, "%s: %s: not stored", o->source, perr.msg);
    else if (in->verbose)
      say(in, "%s: image read by OCR, %d page%s, %zu bytes of text, confidence %.2f", o->source, oi.n,
          oi.n == 1 ? "" : "s", text.len, oi.confidence);
    if (rc == JK_OK && text.len == 0)
      jk_diags_add(&d, 0, -1, "OCR found no text in the image: stored without text");
    break;
  }
  case JK_KIND_TEXT: {
    /* Text from the web may be Shift_JIS too: the header or the bytes say. */
    char cs[40];
    info.kind = "text";
    jk_html_charset(bytes, len, ctype, cs, sizeof cs, NULL);
    if (strcmp(cs, "UTF-8") != 0) {
      info.raw = bytes;
      info.raw_len = len;
      size_t bad = 0;
      rc = jk_charset_to_utf8(bytes, len, cs, &text, &bad);
      if (rc == JK_EUNSUP) rc = jk_charset_to_utf8(bytes, len, "UTF-8", &text, &bad);
      if (bad) jk_diags_add(&d, 0, -1, "%zu byte sequences not valid %s: replaced by U+FFFD", bad, cs);
    } else if (memchr(bytes, 0, len < 65536 ? len : 65536)) {
      size_t at = (size_t)((const char *)memchr(bytes, 0, len < 65536 ? len : 65536) - bytes);
      rc = jk_err_set(err, JK_EUNSUP,
                      "%s: binary content (NUL byte at offset %zu), not text: nothing stored from it", o->source, at);
      break;
    } else {
      rc = jk_buf_append(&text, bytes, len);
    }
    if (rc) jk_err_set(err, rc, "%s: %s decoding the text", o->source, jk_rc_name(rc));
    break;
  }
  case JK_KIND_FEED: /* a feed entry that links to a feed: not followed */
    rc = jk_err_set(err, JK_EUNSUP, "%s: a feed linked from a feed entry is not followed: ingest it by itself",
                    o->source);
    break;
  case JK_KIND_BINARY:
  default:
    rc = jk_err_set(err, JK_EUNSUP, "%s: %s%s is not a notice format (HTML, PDF, text, a feed or a PNG/JPEG/TIFF image): not stored",
                    o->source, ctype ? "content of type " : "binary content", ctype ? ctype : "");
    break;
  }
  say_diags(in, o->source, &d);
  jk_diags_free(&d);
  if (rc == JK_OK && oi.n) {
    jk_ocr_info_json(&oi, in->ocr ? jk_ocr_options(in->ocr)->lang : NULL, &ocr_json);
    info.ocr = ocr_json.oom ? NULL : ocr_json.p;
  }
  if (rc == JK_OK && (text.oom || ocr_json.oom)) rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", o->source);
  if (rc) in->stats.failed_files++;
  else rc = jk_ingest_text(in, &info, text.p ? text.p : "", text.len, err);
  jk_buf_free(&text);
  jk_buf_free(&ocr_json);
  jk_ocr_info_free(&oi);
  return rc;
}

jk_rc jk_ingest_bytes(jk_ingest *in, const jk_ingest_origin *o, const char *bytes, size_t len, int kind,
                      jk_feed_round *round, jk_err *err) {
  if (kind < 0)
    kind = (int)jk_doc_kind_detect(bytes, len, o->fetch ? o->fetch->content_type : NULL,
                                   o->fetch ? o->fetch->final_url : o->source);
  if (kind == JK_KIND_FEED) {
    jk_feed_round dummy;
    if (!round) round = &dummy;
    memset(round, 0, sizeof *round);
    return ingest_feed(in, o->source, o->fetch, bytes, len, round, err);
  }
  return store_bytes(in, o, bytes, len, (jk_doc_kind)kind, err);
}

/* ---- feeds ----------------------------------------------------------------------- */

typedef struct feed_ctx {
  jk_ingest *in;
  char publisher[128];       /* the site's name in the feed's title ("" none) */
  int publisher_read;
  struct sqlite3 *db;
  const char *feed;          /* the feed's URL or path (the key of its entries) */
  const jk_fetch_result *fetch;
  jk_feed_round *round;
  jk_rc fatal;
  jk_err err;
} feed_ctx;

/* Provenance of an entry: the feed, the entry, and the feed's response. */
static char *entry_headers(const feed_ctx *c, const jk_feed_entry *e, const char *page_headers) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "{\"feed\":");
  jk_json_str(&b, c->feed, strlen(c->feed));
  jk_buf_puts(&b, ",\"entry_id\":");
  jk_json_str(&b, e->id, strlen(e->id));
  if (*e->published) {
    jk_buf_puts(&b, ",\"published\":");
    jk_json_str(&b, e->published, strlen(e->published));
  }
  if (*e->updated) {
    jk_buf_puts(&b, ",\"updated\":");
    jk_json_str(&b, e->updated, strlen(e->updated));
  }
  if (c->fetch && c->fetch->headers_json) jk_buf_printf(&b, ",\"feed_response\":%s", c->fetch->headers_json);
  if (page_headers) jk_buf_printf(&b, ",\"page_response\":%s", page_headers);
  jk_buf_putc(&b, '}');
  if (b.oom) {
    jk_buf_free(&b);
    return NULL;
  }
  return jk_buf_detach(&b, NULL);
}

/* The feed's site, named by its title: the publisher of its entries. */
static const char *feed_publisher(feed_ctx *c, const jk_feed_entry *e) {
  if (!c->publisher_read) {
    jk_site_from_feed_title(e->feed_title, c->publisher, sizeof c->publisher);
    c->publisher_read = 1;
  }
  return c->publisher[0] ? c->publisher : NULL;
}

/* Store an entry's own content as a document. */
static jk_rc store_entry_content(feed_ctx *c, const jk_feed_entry *e, const char *source, jk_err *err) {
  char *hj = entry_headers(c, e, NULL);
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = source;
  info.kind = "feed-entry";
  info.url = *e->link ? e->link : NULL;
  info.final_url = info.url;
  info.fetched_at = c->fetch ? c->fetch->fetched_at : NULL;
  info.headers = hj;
  info.raw = e->content;
  info.raw_len = strlen(e->content);
  info.publisher = e->content_is_html ? feed_publisher(c, e) : NULL;
  jk_rc rc = jk_ingest_text(c->in, &info, e->text, e->text_len, err);
  free(hj);
  return rc;
}

/* Store the page an entry links to (its content was only a summary). */
static jk_rc store_entry_page(feed_ctx *c, const jk_feed_entry *e, int *fetch_failed, jk_err *err) {
  *fetch_failed = 0;
  if (!c->in->fetcher) {
    *fetch_failed = 1;
    return jk_err_set(err, JK_EUNSUP, "%s: the entry is only a summary and this ingest fetches no pages", e->link);
  }
  jk_fetch_result res;
  jk_rc rc = jk_fetch(c->in->fetcher, e->link, NULL, &res, err);
  if (rc) *fetch_failed = 1;
  if (rc == JK_OK) {
    jk_doc_kind kind = jk_doc_kind_detect(res.body, res.len, res.content_type, res.final_url);
    char *hj = entry_headers(c, e, res.headers_json);
    jk_ingest_origin o = {e->link, e->link, &res, hj, feed_publisher(c, e), NULL};
    rc = store_bytes(c->in, &o, res.body, res.len, kind, err);
    free(hj);
  }
  jk_fetch_result_free(&res);
  return rc;
}

static int on_entry(void *vp, const jk_feed_entry *e) {
  feed_ctx *c = vp;
  jk_ingest *in = c->in;
  c->round->entries++;
  int seen = 0;
  jk_err err = {0, ""};
  if (jk_feedstate_seen(c->db, c->feed, e->id, &seen, &err)) {
    c->fatal = err.rc;
    c->err = err;
    return 1;
  }
  if (seen) {
    c->round->known++;
    in->stats.files++;
    in->stats.seen++;
    return 0;
  }
  /* A relative link is relative to the feed's URL. */
  jk_feed_entry abs = *e;
  char *resolved = NULL;
  if (*e->link && !jk_url_is_http(e->link) && jk_url_is_http(c->feed) && !strstr(e->link, "://")) {
    resolved = jk_url_resolve(c->feed, e->link);
    if (resolved) abs.link = resolved;
  }
  e = &abs;
  /* The name a document from this entry is stored under. */
  char *source = NULL;
  if (*e->link) source = strdup(e->link);
  else if (asprintf(&source, "%s#%s", c->feed, e->id) < 0) source = NULL;
  if (!source) {
    free(resolved);
    c->fatal = jk_err_set(&c->err, JK_ENOMEM, "out of memory");
    return 1;
  }
  jk_rc rc;
  int fetch_failed = 0;
  if (e->summary_only && jk_url_is_http(e->link)) {
    rc = store_entry_page(c, e, &fetch_failed, &err);
    if (fetch_failed && rc == JK_ENOTFOUND) {
      /* The page is gone for good: the summary is all there will be. */
      say(in, "%s: warning: entry %s: %s; stored its summary instead", c->feed, e->id, err.msg);
      fetch_failed = 0;
      rc = store_entry_content(c, e, source, &err);
    }
  } else {
    rc = store_entry_content(c, e, source, &err);
  }
  int stop = 0;
  if (rc == JK_OK) {
    jk_err merr = {0, ""};
    if (jk_feedstate_mark(c->db, c->feed, e->id, 0, &merr)) {
      c->fatal = merr.rc;
      c->err = merr;
      stop = 1;
    } else {
      c->round->new_docs++;
    }
  } else {
    c->round->failed++;
    if (fetch_failed) in->stats.failed_files++; /* storing counts its own failures */
    say(in, "%s: warning: entry %s not stored (tried again next time): %s", c->feed, e->id, err.msg);
    if (jk_ingest_fatal(rc)) {
      c->fatal = rc;
      c->err = err;
      stop = 1;
    }
  }
  free(source);
  free(resolved);
  return stop;
}

/* Store the new entries of a feed held in bytes. */
static jk_rc ingest_feed(jk_ingest *in, const char *feed, const jk_fetch_result *fetch, const char *bytes,
                         size_t len, jk_feed_round *round, jk_err *err) {
  feed_ctx c;
  memset(&c, 0, sizeof c);
  c.in = in;
  c.db = jk_store_sqlite(in->st);
  c.feed = feed;
  c.fetch = fetch;
  c.round = round;
  jk_rc rc = jk_fetchstate_init(c.db, err);
  if (rc) return rc;
  jk_feed_info fi;
  jk_diags d;
  jk_diags_init(&d);
  rc = jk_feed_parse(bytes, len, on_entry, &c, &fi, &d, err);
  say_diags(in, feed, &d);
  jk_diags_free(&d);
  if (rc) {
    jk_err_set(err, rc, "%s: %s", feed, err->msg);
    in->stats.failed_files++;
    return rc;
  }
  if (c.fatal) {
    *err = c.err;
    return c.fatal;
  }
  if (in->verbose)
    say(in, "%s: %s feed \"%s\": %d entries, %d new, %d stored before, %d failed", feed, fi.format, fi.title,
        round->entries, round->new_docs, round->known, round->failed);
  return JK_OK;
}

/* ---- URLs ------------------------------------------------------------------------ */

jk_rc jk_ingest_url(jk_ingest *in, const char *url, jk_feed_round *round, jk_err *err) {
  jk_feed_round dummy;
  if (!round) round = &dummy;
  memset(round, 0, sizeof *round);
  if (!jk_url_is_http(url)) {
    in->stats.failed_files++;
    return jk_err_set(err, JK_EINVAL, "%s: only http:// and https:// URLs are fetched", url);
  }
  if (!in->fetcher) {
    in->stats.failed_files++;
    return jk_err_set(err, JK_EUNSUP, "%s: this ingest fetches no URLs", url);
  }
  struct sqlite3 *db = jk_store_sqlite(in->st);
  jk_rc rc = jk_fetchstate_init(db, err);
  if (rc) return in->stats.failed_files++, rc;
  jk_web_resource prev;
  jk_fetch_cond cond = {NULL, NULL};
  rc = jk_fetchstate_get(db, url, &prev, err);
  if (rc == JK_OK) {
    cond.etag = prev.etag[0] ? prev.etag : NULL;
    cond.last_modified = prev.last_modified[0] ? prev.last_modified : NULL;
  } else if (rc != JK_ENOTFOUND) {
    return in->stats.failed_files++, rc;
  }
  jk_fetch_result res;
  rc = jk_fetch(in->fetcher, url, &cond, &res, err);
  if (rc) {
    in->stats.failed_files++;
    jk_fetch_result_free(&res);
    return rc;
  }
  if (res.not_modified) {
    in->stats.files++;
    in->stats.seen++;
    round->not_modified = 1;
    if (in->verbose) say(in, "%s: not modified since %s (HTTP 304): nothing fetched", url, prev.fetched_at);
    rc = jk_fetchstate_put(db, url, &res, NULL, 0, err);
    jk_fetch_result_free(&res);
    return rc;
  }
  jk_doc_kind kind = jk_doc_kind_detect(res.body, res.len, res.content_type, res.final_url);
  if (in->verbose)
    say(in, "%s: HTTP %ld, %zu bytes of %s%s%s", url, res.status, res.len, jk_doc_kind_name(kind),
        res.redirects ? " via redirect to " : "", res.redirects ? res.final_url : "");
  if (kind == JK_KIND_FEED) {
    rc = ingest_feed(in, url, &res, res.body, res.len, round, err);
    /* Validators only once every entry is in: a 304 next time must not
       hide an entry that failed this time. */
    if (rc == JK_OK && round->failed == 0) rc = jk_fetchstate_put(db, url, &res, NULL, 0, err);
  } else {
    jk_ingest_origin o = {url, url, &res, NULL, NULL, NULL};
    rc = store_bytes(in, &o, res.body, res.len, kind, err);
    if (rc == JK_OK) {
      char sha[65];
      jk_sha256_hex(res.body, res.len, sha);
      rc = jk_fetchstate_put(db, url, &res, sha, 0, err);
    }
  }
  jk_fetch_result_free(&res);
  return rc;
}
