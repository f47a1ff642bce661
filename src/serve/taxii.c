/*
** taxii.c — TAXII 2.1 under /taxii2/: discovery, the API root
** /taxii2/jikenbo/, its collections, and the read-only collection
** "casebook" whose objects are the STIX 2.1 export (lib/taxii.c builds
** every resource; this file routes, negotiates the media type, keeps the
** collection current and sends).
**
**   GET /taxii2/                                      discovery (4.1)
**   GET /taxii2/jikenbo/                              API root (4.2)
**   GET /taxii2/jikenbo/status/{id}/                  status (4.3): none exist, 404
**   GET /taxii2/jikenbo/collections/                  collections (5.1)
**   GET …/collections/{casebook|id}/                  collection (5.2)
**   GET …/collections/{c}/manifest/                   manifest (5.3)
**   GET …/collections/{c}/objects/                    envelope (5.4)
**   GET …/collections/{c}/objects/{object-id}/        envelope (5.6)
**   GET …/collections/{c}/objects/{object-id}/versions/  versions (5.8)
**   POST …/objects/ 403 (can_write false); other methods 405.
**
** Read access is that of every GET of this server (open).  Every answer,
** errors included, is application/taxii+json;version=2.1; an Accept
** header that admits none of it is 406.  Before a page of the collection
** is read, the collection is brought up to date (jk_taxii_refresh) when
** the database changed since the last time: that is when an incident's
** changed STIX gets its new date_added.
*/
#include "serve.h"

#include "../../lib/taxii.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int srv_taxii_path(const char *path) { return !strcmp(path, "/taxii2") || !strncmp(path, "/taxii2/", 8); }

/* ---- sending ---------------------------------------------------------------- */

static enum MHD_Result send_taxii(struct MHD_Connection *c, srv_req *r, unsigned status, jk_buf *b,
                                  const jk_taxii_page *pg) {
  if (b->oom) {
    jk_buf_reset(b);
    b->oom = 0;
    status = MHD_HTTP_INTERNAL_SERVER_ERROR;
    jk_taxii_error_json(status, "out of memory", NULL, b);
  }
  size_t len = b->len;
  char *p = jk_buf_detach(b, &len);
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, p ? p : (void *)"", p ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!resp) {
    free(p);
    return MHD_NO;
  }
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  if (pg && pg->count > 0) {
    char t[32];
    jk_taxii_ts_format(pg->first_us, t);
    MHD_add_response_header(resp, "X-TAXII-Date-Added-First", t);
    jk_taxii_ts_format(pg->last_us, t);
    MHD_add_response_header(resp, "X-TAXII-Date-Added-Last", t);
  }
  if (status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(resp, "Allow", "GET, HEAD");
  return srv_send(c, r, status, resp, JK_TAXII_MEDIA);
}

static enum MHD_Result taxii_error(struct MHD_Connection *c, srv_req *r, unsigned status, const char *title,
                                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static enum MHD_Result taxii_error(struct MHD_Connection *c, srv_req *r, unsigned status, const char *title,
                                   const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  jk_buf b;
  jk_buf_init(&b);
  jk_taxii_error_json(status, title, msg, &b);
  enum MHD_Result ret = send_taxii(c, r, status, &b, NULL);
  jk_buf_free(&b);
  return ret;
}

/* A store failure: the client's mistakes keep their message, the server's
   are logged and answered without detail. */
static enum MHD_Result store_error(struct MHD_Connection *c, srv_req *r, jk_rc rc, const jk_err *err) {
  switch (rc) {
  case JK_ENOTFOUND: return taxii_error(c, r, MHD_HTTP_NOT_FOUND, "not found", "%s", err->msg);
  case JK_EINVAL: return taxii_error(c, r, MHD_HTTP_BAD_REQUEST, "bad request", "%s", err->msg);
  case JK_ETIMEOUT:
    return taxii_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "over the time budget",
                       "the query ran over its time budget (%d ms): ask for a smaller page", SRV_QUERY_BUDGET_MS);
  case JK_EBUSY:
    return taxii_error(c, r, MHD_HTTP_SERVICE_UNAVAILABLE, "busy", "the database is busy: try again");
  default:
    fprintf(stderr, "jikenbo: serve: taxii: %s: %s\n", jk_rc_name(rc), err->msg);
    return taxii_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "server error", "database error (%s)", jk_rc_name(rc));
  }
}

/* ---- content negotiation (1.6.8) ---------------------------------------------- */

/* Does one media range of Accept admit application/taxii+json;version=2.1? */
static int range_ok(const char *p, size_t n) {
  while (n && (*p == ' ' || *p == '\t')) p++, n--;
  size_t t = 0;
  while (t < n && p[t] != ';') t++;
  size_t tl = t;
  while (tl && (p[tl - 1] == ' ' || p[tl - 1] == '\t')) tl--;
  int type_ok = (tl == 3 && !strncmp(p, "*/*", 3)) || (tl == 13 && !strncasecmp(p, "application/*", 13)) ||
                (tl == 22 && !strncasecmp(p, "application/taxii+json", 22));
  if (!type_ok) return 0;
  /* Parameters: version must be 2.1 when given; q=0 refuses. */
  size_t i = t;
  while (i < n) {
    i++; /* ';' */
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    size_t j = i;
    while (j < n && p[j] != ';') j++;
    size_t e = j;
    while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
    if (e - i > 8 && !strncasecmp(p + i, "version=", 8)) {
      if (!(e - i == 11 && !strncmp(p + i + 8, "2.1", 3))) return 0;
    } else if (e - i >= 2 && !strncasecmp(p + i, "q=", 2)) {
      int zero = 1;
      for (size_t k = i + 2; k < e; k++)
        if (p[k] != '0' && p[k] != '.') zero = 0;
      if (zero) return 0;
    }
    i = j;
  }
  return 1;
}

static int accept_ok(struct MHD_Connection *c) {
  const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
  if (!a) return 1; /* no Accept: anything goes */
  for (const char *p = a;;) {
    size_t k = strcspn(p, ",");
    if (range_ok(p, k)) return 1;
    if (!p[k]) return 0;
    p += k + 1;
  }
}

/* ---- keeping the collection current ----------------------------------------- */

static pthread_mutex_t refresh_mu = PTHREAD_MUTEX_INITIALIZER;
static long long refreshed_sig[5];
static int refreshed;

static long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Bring the collection up to date if the database changed since the last
   refresh (one refresh at a time; the others wait for it). */
static jk_rc fresh(srv *s, jk_err *err) {
  long long sig[5];
  srv_db_signature(s, sig);
  pthread_mutex_lock(&refresh_mu);
  jk_rc rc = JK_OK;
  if (!refreshed || memcmp(sig, refreshed_sig, sizeof sig) != 0) {
    pthread_mutex_lock(&s->write_mu);
    jk_store *st = srv_db_writer(s, err);
    jk_taxii_sync stats;
    rc = st ? jk_taxii_refresh(st, now_us(), &stats, err) : (err->rc ? err->rc : JK_EIO);
    pthread_mutex_unlock(&s->write_mu);
    if (rc == JK_OK) {
      /* What the files look like after our own commit: the next request
         refreshes only when something else wrote. */
      srv_db_signature(s, refreshed_sig);
      refreshed = 1;
      if (!s->quiet && stats.added)
        fprintf(stderr, "jikenbo: serve: taxii: %lld objects (re-)added, %lld removed, %lld in the collection\n",
                stats.added, stats.removed, stats.objects);
    }
  }
  pthread_mutex_unlock(&refresh_mu);
  return rc;
}

void srv_taxii_free(void) { refreshed = 0; }

/* ---- routing --------------------------------------------------------------------- */

/* The base URL for discovery: $JIKENBO_PUBLIC_URL (behind a proxy), else
   http:// and the request's Host when it is a plain host[:port]. */
static void base_url(struct MHD_Connection *c, char *out, size_t n) {
  const char *pub = getenv("JIKENBO_PUBLIC_URL");
  if (pub && (!strncmp(pub, "http://", 7) || !strncmp(pub, "https://", 8)) && strlen(pub) < n &&
      !strpbrk(pub, "\"\\<> \t\r\n")) {
    snprintf(out, n, "%s", pub);
    size_t k = strlen(out);
    while (k && out[k - 1] == '/') out[--k] = 0;
    return;
  }
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
  int ok = h && *h && strlen(h) <= 255;
  for (const char *p = h; ok && *p; p++)
    ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr(".-:[]", *p);
  snprintf(out, n, "http://%s", ok ? h : "localhost");
}

#define MAX_SEGS 8

/* Split "/taxii2/jikenbo/collections/x/" into its segments (no empties). */
static int segments(const char *path, char *buf, size_t n, const char **seg) {
  snprintf(buf, n, "%s", path);
  int k = 0;
  for (char *p = buf; *p && k <= MAX_SEGS;) {
    while (*p == '/') *p++ = 0;
    if (!*p) break;
    if (k == MAX_SEGS) return -1;
    seg[k++] = p;
    while (*p && *p != '/') p++;
  }
  return k;
}

enum MHD_Result srv_taxii(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                          size_t query_len) {
  const char *seg[MAX_SEGS];
  char buf[SRV_MAX_TARGET + 1];
  int ns = segments(path, buf, sizeof buf, seg);
  int get = !strcmp(r->method, "GET") || !strcmp(r->method, "HEAD");
  /* Which resource: 0 unknown. */
  enum { NONE, DISCOVERY, ROOT, STATUS, COLLECTIONS, COLLECTION, MANIFEST, OBJECTS, OBJECT, VERSIONS } what = NONE;
  const char *cid = NULL, *oid = NULL;
  if (ns == 1) what = DISCOVERY;
  else if (ns >= 2 && !strcmp(seg[1], "jikenbo")) {
    if (ns == 2) what = ROOT;
    else if (ns == 4 && !strcmp(seg[2], "status")) what = STATUS;
    else if (!strcmp(seg[2], "collections")) {
      cid = ns >= 4 ? seg[3] : NULL;
      if (ns == 3) what = COLLECTIONS;
      else if (ns == 4) what = COLLECTION;
      else if (ns == 5 && !strcmp(seg[4], "manifest")) what = MANIFEST;
      else if (ns == 5 && !strcmp(seg[4], "objects")) what = OBJECTS;
      else if (ns == 6 && !strcmp(seg[4], "objects")) what = OBJECT, oid = seg[5];
      else if (ns == 7 && !strcmp(seg[4], "objects") && !strcmp(seg[6], "versions")) what = VERSIONS, oid = seg[5];
    }
  }
  if (what == NONE) return taxii_error(c, r, MHD_HTTP_NOT_FOUND, "not found", "no TAXII resource at %.200s", path);
  if (!get) {
    if (what == OBJECTS && !strcmp(r->method, "POST"))
      return taxii_error(c, r, MHD_HTTP_FORBIDDEN, "read-only collection",
                         "the collection casebook cannot be written (can_write is false): add notices with "
                         "jikenbo ingest or POST /api/notices");
    return taxii_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed", "%s is not allowed here", r->method);
  }
  if (!accept_ok(c))
    return taxii_error(c, r, MHD_HTTP_NOT_ACCEPTABLE, "not acceptable",
                       "this server sends " JK_TAXII_MEDIA " (Accept it, or application/taxii+json)");
  if (cid && !jk_taxii_collection_is(cid))
    return taxii_error(c, r, MHD_HTTP_NOT_FOUND, "no such collection",
                       "collections here: %s (alias " JK_TAXII_ALIAS ")", jk_taxii_collection_id());

  /* The query string. */
  char scratch[2 * SRV_MAX_TARGET + 2];
  jk_http_param params[JK_HTTP_MAX_PARAMS];
  int np = 0;
  jk_rc rc = jk_http_query_parse(query, query_len, scratch, sizeof scratch, params, JK_HTTP_MAX_PARAMS, &np);
  if (rc)
    return taxii_error(c, r, MHD_HTTP_BAD_REQUEST, "bad request",
                       rc == JK_ETOOBIG ? "too many query parameters (at most %d)"
                                        : "bad query string: %%-escapes must be valid UTF-8 without control "
                                          "characters%.0d",
                       JK_HTTP_MAX_PARAMS);
  const char *keys[JK_HTTP_MAX_PARAMS], *vals[JK_HTTP_MAX_PARAMS];
  for (int i = 0; i < np; i++) keys[i] = params[i].key, vals[i] = params[i].val;
  unsigned mask = 0;
  switch (what) {
  case MANIFEST:
  case OBJECTS: mask = JK_TAXII_P_PAGING | JK_TAXII_P_TYPE_ID | JK_TAXII_P_VERSION; break;
  case OBJECT: mask = JK_TAXII_P_PAGING | JK_TAXII_P_VERSION; break;
  case VERSIONS: mask = JK_TAXII_P_PAGING | JK_TAXII_P_VERSION; break;
  default: mask = 0;
  }
  jk_taxii_query *q = malloc(sizeof *q);
  if (!q) return taxii_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", "out of memory");
  jk_err err = {0, ""};
  rc = jk_taxii_query_parse(keys, vals, np, mask, q, &err);
  if (rc) {
    free(q);
    return taxii_error(c, r, MHD_HTTP_BAD_REQUEST, "bad request", "%s", err.msg);
  }
  if (what == VERSIONS) q->nversions = 0; /* every version (5.8) */

  jk_buf out;
  jk_buf_init(&out);
  jk_taxii_page pg = {0, 0, -1, -1};
  enum MHD_Result ret;
  char base[300];
  switch (what) {
  case DISCOVERY:
    base_url(c, base, sizeof base);
    jk_taxii_discovery_json(base, &out);
    break;
  case ROOT: jk_taxii_api_root_json(&out); break;
  case STATUS:
    /* Statuses tell how a POST of objects went; this collection takes none. */
    free(q);
    jk_buf_free(&out);
    return taxii_error(c, r, MHD_HTTP_NOT_FOUND, "no such status",
                       "no status %.80s: this server keeps none (its collection is read-only)", seg[3]);
  case COLLECTIONS: jk_taxii_collections_json(&out); break;
  case COLLECTION: jk_taxii_collection_json(&out); break;
  default: {
    rc = fresh(r->s, &err);
    jk_store *st = rc ? NULL : srv_db_reader(r->s, &err);
    if (!rc && !st) rc = err.rc ? err.rc : JK_EIO;
    if (!rc) {
      jk_taxii_what w = what == MANIFEST ? JK_TAXII_MANIFEST : what == VERSIONS ? JK_TAXII_VERSIONS : JK_TAXII_ENVELOPE;
      rc = jk_taxii_page_json(st, w, oid, q, &out, &pg, &err);
    }
    if (rc) {
      free(q);
      jk_buf_free(&out);
      return store_error(c, r, rc, &err);
    }
  }
  }
  free(q);
  ret = send_taxii(c, r, MHD_HTTP_OK, &out, what >= MANIFEST ? &pg : NULL);
  jk_buf_free(&out);
  return ret;
}
