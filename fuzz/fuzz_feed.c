/*
** fuzz_feed.c — libFuzzer target for reading feeds (jk_feed_parse,
** lib/feed.c: Atom, RSS 2.0, RSS 1.0 over libxml2, entries' HTML through
** lib/html.c).
**
** Promises checked: OK, JK_EINVAL with a message (not a feed) or another
** documented error; entries come in feed order, every string is set and
** valid UTF-8, the text has its stated length; the format is atom, rss2
** or rss1; a callback that asks to stop gets no more entries.  No network
** and no external entity is ever touched (the sandbox would refuse, and
** a hang would be a timeout).
**
** fuzz-needs: lib/feed.c lib/html.c lib/charset.c
** fuzz-seeds: own fixtures/web
** fuzz-dict: html
** fuzz-max-len: 32768
*/
#include "fuzz.h"
#include "../lib/web.h"
#include <libxml/parserInternals.h>

typedef struct feed_ctx {
  int seen, stop_after, last_index;
} feed_ctx;

/* libxml2 asks this loader for every external entity or DTD it would
   read.  Reading none is the promise, so a call is a finding whatever
   the input spells (a check on the text alone could be fooled by a
   character reference that spells a line of /etc/passwd). */
static int external_loads;
static xmlParserInputPtr refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
  (void)id;
  (void)ctxt;
  external_loads++;
  fprintf(stderr, "external entity load attempted: %s\n", url ? url : "(null)");
  return NULL;
}

static int feed_str_ok(const char *s) { return s && fz_valid_utf8(s, strlen(s)); }

static int feed_on_entry(void *vp, const jk_feed_entry *e) {
  feed_ctx *c = vp;
  /* Positions in the feed: skipped entries keep theirs. */
  FZ_CHECK(e->index > c->last_index);
  c->last_index = e->index;
  c->seen++;
  FZ_CHECK(e->id && e->link && e->title && e->published && e->updated);
  FZ_CHECK(feed_str_ok(e->id) && feed_str_ok(e->link) && feed_str_ok(e->title));
  FZ_CHECK(feed_str_ok(e->published) && feed_str_ok(e->updated));
  FZ_CHECK(e->content != NULL);
  FZ_CHECK(e->content_is_html == 0 || e->content_is_html == 1);
  FZ_CHECK(e->text != NULL);
  if (e->text) FZ_CHECK(fz_valid_utf8(e->text, e->text_len));
  FZ_CHECK(feed_str_ok(e->feed_title));
  if (e->feed_title) {
    /* the site named by the feed's title: a short, valid, terminated name */
    char site[128];
    memset(site, 'x', sizeof site);
    size_t n = jk_site_from_feed_title(e->feed_title, site, sizeof site);
    FZ_CHECK(n < sizeof site && site[n] == 0 && strlen(site) == n && fz_valid_utf8(site, n));
  }
  FZ_CHECK(external_loads == 0);
  return c->stop_after && c->seen >= c->stop_after;
}

int fuzz_feed(const uint8_t *data, size_t size) {
  fz_in in = {data, size};
  feed_ctx c = {0, (int)(fz_take_byte(&in) % 4), -1};
  xmlSetExternalEntityLoader(refuse_loader);
  external_loads = 0;
  jk_feed_info info;
  jk_diags d;
  jk_diags_init(&d);
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_feed_parse((const char *)in.p, in.n, feed_on_entry, &c, &info, &d, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ETOOBIG || rc == JK_ENOMEM);
  /* External entities are never loaded (seeds/feed/xxe-* try). */
  FZ_CHECK(external_loads == 0);
  if (rc == JK_OK) {
    FZ_CHECK(!strcmp(info.format, "atom") || !strcmp(info.format, "rss2") || !strcmp(info.format, "rss1"));
    FZ_CHECK(fz_valid_utf8(info.title, strlen(info.title)));
    FZ_CHECK(info.entries >= c.seen || c.stop_after);
    if (c.stop_after) FZ_CHECK(c.seen <= c.stop_after);
  } else {
    FZ_CHECK(err.msg[0] != 0);
  }
  jk_diags_free(&d);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_feed(data, size); }
#endif
