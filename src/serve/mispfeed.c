/*
** mispfeed.c — the MISP feed under /misp-feed/: what `jikenbo export
** --format misp-feed -o DIR` writes, served from the casebook, so a MISP
** instance can be given http://HOST:PORT/misp-feed/ as a feed URL
** (source format "MISP Feed").
**
**   GET /misp-feed/manifest.json   every event's uuid, info, date, timestamp…
**   GET /misp-feed/hashes.csv      md5,event-uuid per attribute value
**   GET /misp-feed/<uuid>.json     one event, {"Event": …}
**   GET /misp-feed/                a line saying what is here
**
** The manifest, the hashes and the uuid -> incident table are built once
** per change of the database (lib/misp_feed.c, on a connection of its
** own: a large casebook takes longer than a request's time budget) and
** kept until the database changes; an event file is built on request
** from its one incident.  Read access is that of every GET here (open).
*/
#include "serve.h"

#include "../../lib/share.h"

#include <stdlib.h>
#include <string.h>

int srv_misp_feed_path(const char *path) { return !strcmp(path, "/misp-feed") || !strncmp(path, "/misp-feed/", 11); }

typedef struct ev_ref {
  char uuid[37];
  char *label;
} ev_ref;

/* The feed as of sig. */
static pthread_mutex_t feed_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
  int built;
  long long sig[5];
  char *manifest, *hashes;
  size_t manifest_len, hashes_len;
  ev_ref *refs; /* sorted by uuid */
  size_t nrefs;
} feed;

static void feed_clear(void) {
  free(feed.manifest);
  free(feed.hashes);
  for (size_t i = 0; i < feed.nrefs; i++) free(feed.refs[i].label);
  free(feed.refs);
  memset(&feed, 0, sizeof feed);
}

typedef struct build_ctx {
  jk_misp_feed *f;
  jk_buf ev;
  ev_ref *refs;
  size_t n, cap;
  jk_rc rc;
} build_ctx;

static int on_incident(void *vp, const jk_incident *inc) {
  build_ctx *b = vp;
  char uuid[37];
  if ((b->rc = jk_misp_feed_add(b->f, inc, &b->ev, uuid))) return 1;
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    ev_ref *v = realloc(b->refs, cap * sizeof *v);
    if (!v) return (b->rc = JK_ENOMEM), 1;
    b->refs = v;
    b->cap = cap;
  }
  memcpy(b->refs[b->n].uuid, uuid, sizeof uuid);
  if (!(b->refs[b->n].label = strdup(inc->label))) return (b->rc = JK_ENOMEM), 1;
  b->n++;
  return 0;
}

static int by_uuid(const void *a, const void *b) { return strcmp(((const ev_ref *)a)->uuid, ((const ev_ref *)b)->uuid); }

/* Build the feed if the database changed (caller holds feed_mu). */
static jk_rc feed_current(srv *s, jk_err *err) {
  long long sig[5];
  srv_db_signature(s, sig);
  if (feed.built && !memcmp(sig, feed.sig, sizeof sig)) return JK_OK;
  jk_store *st = NULL;
  jk_rc rc = jk_store_open(s->db_path, JK_STORE_READONLY, &st, err);
  if (rc) return rc;
  build_ctx b;
  memset(&b, 0, sizeof b);
  jk_buf_init(&b.ev);
  rc = jk_misp_feed_new(&b.f);
  if (rc) jk_err_set(err, rc, "out of memory");
  else {
    rc = jk_store_each_incident(st, NULL, on_incident, &b, err);
    if (!rc && b.rc) rc = jk_err_set(err, b.rc, "building the MISP feed: %s", jk_rc_name(b.rc));
  }
  jk_store_close(st);
  jk_buf m, h;
  jk_buf_init(&m);
  jk_buf_init(&h);
  if (!rc && (jk_misp_feed_manifest(b.f, &m) || jk_misp_feed_hashes(b.f, &h)))
    rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  if (!rc) {
    feed_clear();
    feed.manifest = jk_buf_detach(&m, &feed.manifest_len);
    feed.hashes = jk_buf_detach(&h, &feed.hashes_len);
    if (!feed.hashes) feed.hashes = strdup("");
    if (b.n > 1) qsort(b.refs, b.n, sizeof *b.refs, by_uuid); /* NULL when empty */
    feed.refs = b.refs;
    feed.nrefs = b.n;
    memcpy(feed.sig, sig, sizeof sig);
    feed.built = 1;
  } else {
    for (size_t i = 0; i < b.n; i++) free(b.refs[i].label);
    free(b.refs);
  }
  jk_buf_free(&m);
  jk_buf_free(&h);
  jk_buf_free(&b.ev);
  jk_misp_feed_free(b.f);
  return rc;
}

static enum MHD_Result send_bytes(struct MHD_Connection *c, srv_req *r, const char *p, size_t n, const char *ctype) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(n, (void *)p, MHD_RESPMEM_MUST_COPY);
  if (resp) MHD_add_response_header(resp, "Cache-Control", "no-cache");
  return srv_send(c, r, MHD_HTTP_OK, resp, ctype);
}

typedef struct one_ctx {
  jk_buf *out;
  jk_rc rc;
} one_ctx;

static int on_one(void *vp, const jk_incident *inc) {
  one_ctx *o = vp;
  o->rc = jk_misp_event(inc, o->out);
  if (!o->rc) jk_buf_putc(o->out, '\n');
  return 1;
}

static int is_uuid_json(const char *name) {
  if (strlen(name) != 41 || strcmp(name + 36, ".json") != 0) return 0;
  for (int i = 0; i < 36; i++) {
    char ch = name[i];
    int hy = i == 8 || i == 13 || i == 18 || i == 23;
    if (hy ? ch != '-' : !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return 0;
  }
  return 1;
}

enum MHD_Result srv_misp_feed(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                              size_t query_len) {
  if (strcmp(r->method, "GET") && strcmp(r->method, "HEAD"))
    return srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed here: the feed is read-only", r->method);
  if (query_len) return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "the MISP feed takes no parameters");
  const char *name = path + strlen("/misp-feed");
  if (*name == '/') name++;
  if (!*name) {
    static const char idx[] = "jikenbo MISP feed: manifest.json, hashes.csv and one <uuid>.json per event. "
                              "In MISP: Sync Actions > Feeds > Add Feed, source format \"MISP Feed\", "
                              "URL: this address.\n";
    return send_bytes(c, r, idx, sizeof idx - 1, "text/plain; charset=utf-8");
  }
  int manifest = !strcmp(name, "manifest.json"), hashes = !strcmp(name, "hashes.csv");
  if (!manifest && !hashes && !is_uuid_json(name))
    return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no such feed file: manifest.json, hashes.csv or <uuid>.json");
  jk_err err = {0, ""};
  pthread_mutex_lock(&feed_mu);
  jk_rc rc = feed_current(r->s, &err);
  enum MHD_Result ret;
  if (rc) {
    pthread_mutex_unlock(&feed_mu);
    fprintf(stderr, "jikenbo: serve: misp-feed: %s\n", err.msg);
    return srv_send_error(c, r, rc == JK_EBUSY ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_INTERNAL_SERVER_ERROR,
                          "the feed could not be built (%s)", jk_rc_name(rc));
  }
  if (manifest || hashes) {
    ret = manifest ? send_bytes(c, r, feed.manifest, feed.manifest_len, "application/json; charset=utf-8")
                   : send_bytes(c, r, feed.hashes, feed.hashes_len, "text/csv; charset=utf-8");
    pthread_mutex_unlock(&feed_mu);
    return ret;
  }
  ev_ref want;
  memset(&want, 0, sizeof want);
  memcpy(want.uuid, name, 36);
  ev_ref *e = feed.nrefs ? bsearch(&want, feed.refs, feed.nrefs, sizeof *feed.refs, by_uuid) : NULL;
  char *label = e ? strdup(e->label) : NULL;
  pthread_mutex_unlock(&feed_mu);
  if (!e) return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no event %.36s in the feed", name);
  if (!label) return srv_send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
  jk_store *st = srv_db_reader(r->s, &err);
  jk_buf out;
  jk_buf_init(&out);
  one_ctx o = {&out, JK_OK};
  jk_query q;
  jk_query_init(&q);
  q.incident = label;
  rc = st ? jk_store_each_incident(st, &q, on_one, &o, &err) : (err.rc ? err.rc : JK_EIO);
  if (!rc) rc = o.rc;
  if (rc || !out.len) {
    free(label);
    jk_buf_free(&out);
    if (!rc) return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no event %.36s in the feed", name);
    if (rc == JK_ETIMEOUT || rc == JK_EBUSY)
      return srv_send_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "the database is busy: try again");
    fprintf(stderr, "jikenbo: serve: misp-feed: %s\n", err.msg);
    return srv_send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "database error (%s)", jk_rc_name(rc));
  }
  ret = send_bytes(c, r, out.p, out.len, "application/json; charset=utf-8");
  free(label);
  jk_buf_free(&out);
  return ret;
}

void srv_misp_feed_free(void) {
  pthread_mutex_lock(&feed_mu);
  feed_clear();
  pthread_mutex_unlock(&feed_mu);
}
