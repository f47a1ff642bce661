/*
** serve.h — what the pieces of `jikenbo serve` share: the server state,
** the per-request context, the limits, and the helpers that send
** responses with the security headers every response carries.
**
**   http.c    libmicrohttpd set-up, limits, request bodies, dispatch, log
**   api.c     the /api/ routes table (name -> handler) and the handlers
**   static.c  the dashboard's files below the web root, traversal-proof
**   taxii.c   TAXII 2.1 under /taxii2/ (lib/taxii.c builds the resources)
**   mispfeed.c  the MISP feed under /misp-feed/ (lib/misp_feed.c)
**   db.c      one read-only store per worker thread, the write store,
**             the per-request time budget, the response cache
**   ../builtin/serve.c  the command: options, token, signals
**
** The server is a thin caller of lib/store.h: it parses a request,
** calls one jk_store_* function and sends the JSON back.
*/
#ifndef JK_SERVE_H
#define JK_SERVE_H

#include "../../lib/httpparse.h"
#include "../../lib/store.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

/* Limits (documented in README "Server and dashboard"). */
#define SRV_MAX_TARGET 4096          /* request target (path + query), bytes: else 414 */
#define SRV_MAX_BODY (1u << 20)      /* request body (POST /api/notices): else 413 */
#define SRV_MAX_Q 256                /* the q= search text, bytes: else 400 */
#define SRV_MAX_FILTER 200           /* org=, product= values, bytes: else 400 */
#define SRV_MAX_LIMIT 100            /* page size: limit=1..100, else 400 */
#define SRV_MAX_OFFSET 100000        /* paging depth: offset=0..100000 */
#define SRV_CONN_LIMIT 256           /* concurrent connections */
#define SRV_CONN_MEMORY (128u << 10) /* per-connection memory (headers, URI) */
#define SRV_CONN_TIMEOUT 15          /* seconds a connection may sit idle or trickle */
#define SRV_QUERY_BUDGET_MS 5000     /* database time per request: else 503 */
#define SRV_CACHE_BYTES (32u << 20)  /* response cache for GET /api/ */

/* The server: set up by builtin/serve.c, read by every worker thread. */
typedef struct srv {
  char *db_path;       /* absolute path of the database */
  char *web_root;      /* absolute path of the dashboard's files */
  int web_fd;          /* O_DIRECTORY descriptor of web_root: files are opened below it */
  char *token;         /* NULL: read-only; never logged, never printed */
  size_t token_len;
  int quiet;           /* no per-request log lines */
  int cache;           /* cache GET /api/ responses (default on) */
  int threads;         /* worker threads */
  struct MHD_Daemon *daemon;
  atomic_llong requests;
  atomic_llong writes; /* write generation: bumps invalidate the cache */
  pthread_mutex_t write_mu; /* one writer at a time */
  jk_store *wstore;    /* the write connection, opened on the first write */
} srv;

/* One request, from the URI callback to the completion callback. */
typedef struct srv_req {
  srv *s;
  char *target;        /* raw request target as received (NUL-terminated) */
  size_t target_len;
  int target_too_long;
  const char *method;
  double t0;           /* monotonic start, seconds */
  int started;         /* the first access-handler call has run */
  jk_buf body;         /* request body so far (POST) */
  int body_too_big;
  unsigned status;     /* status sent, for the log */
} srv_req;

/* ---- http.c ---------------------------------------------------------- */

/* Start the daemon on addr; fills s->daemon.  *port gets the bound port. */
jk_rc srv_start(srv *s, const jk_http_listen *addr, int *port, jk_err *err);
/* Stop accepting, let requests in flight finish (up to grace_ms), stop. */
void srv_stop(srv *s, int grace_ms);

/*
** Queue resp with status and the headers every response carries:
** Content-Type (ctype, with charset for text), Content-Security-Policy,
** X-Content-Type-Options, Referrer-Policy.  Destroys resp.
*/
enum MHD_Result srv_send(struct MHD_Connection *c, srv_req *r, unsigned status,
                         struct MHD_Response *resp, const char *ctype);
/* Send len bytes of JSON (copied). */
enum MHD_Result srv_send_json(struct MHD_Connection *c, srv_req *r, unsigned status, const char *json,
                              size_t len);
/* Send {"error":{"status":N,"message":"…"}} with that status. */
enum MHD_Result srv_send_error(struct MHD_Connection *c, srv_req *r, unsigned status, const char *fmt,
                               ...) __attribute__((format(printf, 4, 5)));

/* ---- api.c ----------------------------------------------------------- */

/* Handle a request whose path is under /api/ (path is decoded). */
enum MHD_Result srv_api(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                        size_t query_len);

/* Start computing the dashboard's GET /api/stats into the cache in the
   background (join *t before srv_cache_free).  -1: not started. */
int srv_api_warm(srv *s, pthread_t *t);

/* ---- taxii.c, mispfeed.c ---------------------------------------------- */

/* Is path (decoded) under /taxii2 or /misp-feed?  Then serve it. */
int srv_taxii_path(const char *path);
enum MHD_Result srv_taxii(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                          size_t query_len);
int srv_misp_feed_path(const char *path);
enum MHD_Result srv_misp_feed(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                              size_t query_len);
/* Free what they keep between requests (after the daemon stopped). */
void srv_taxii_free(void);
void srv_misp_feed_free(void);

/* ---- static.c -------------------------------------------------------- */

/* Open the web root (must hold index.html); fills s->web_root/web_fd. */
jk_rc srv_static_open(srv *s, const char *dir, jk_err *err);
/* Serve a GET/HEAD for a decoded path outside /api/. */
enum MHD_Result srv_static(struct MHD_Connection *c, srv_req *r, const char *path, size_t path_len);

/* ---- db.c ------------------------------------------------------------ */

/*
** The calling thread's read-only store (opened on first use, closed by
** srv_db_close_all), with the time budget for this request armed
** (jk_store_set_deadline: a query past it fails with JK_ETIMEOUT).
** NULL with err filled when the database cannot be opened.
*/
jk_store *srv_db_reader(srv *s, jk_err *err);
/* The write store (caller holds s->write_mu); opened on first use. */
jk_store *srv_db_writer(srv *s, jk_err *err);
/* What the database files look like now (mtimes and sizes of the file
   and its WAL, and the server's write generation): derived data built
   from the casebook (the TAXII collection, the MISP feed) is rebuilt
   when this changes. */
void srv_db_signature(srv *s, long long sig[5]);
/* Close every store opened by worker threads (after the daemon stopped). */
void srv_db_close_all(srv *s);

/*
** The response cache for GET /api/ (keyed by the raw target; entries
** die when the database files change or a write goes through this
** server).  srv_cache_get copies a hit into out and returns 1.
*/
int srv_cache_get(srv *s, const char *key, jk_buf *out, unsigned *status);
void srv_cache_put(srv *s, const char *key, const char *data, size_t len, unsigned status);
void srv_cache_free(void);

#endif /* JK_SERVE_H */
