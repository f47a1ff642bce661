/*
** serve.h — what the pieces of `jikenbo serve` share: the server state,
** the per-request context, the limits, and the helpers that send
** responses with the security headers every response carries.
**
**   http.c    libmicrohttpd set-up, limits, request bodies, dispatch, log
**   api.c     the /api/ routes table (name -> handler) and the handlers
**   static.c  the dashboard's files below the web root, traversal-proof
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
#include "../../lib/users.h"

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
  pthread_t hooks;     /* webhook deliverer (srv_hooks_start) */
  int hooks_on;
  atomic_int hooks_stop;
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

/* ---- auth.c ---------------------------------------------------------- */

/*
** The role of the request's bearer token: the --token-file token is an
** admin named "admin", a user's token that user's role (name gets the
** name); JK_ROLE_NONE when there is no token or nobody holds it
** (*presented, may be NULL, says whether a token was sent at all).
*/
jk_role srv_auth(srv *s, struct MHD_Connection *c, char name[JK_USER_NAME_MAX + 1], int *presented);
/* 0 when have may do what needs need; else 401 (nobody) or 403 (a role
   that may not). */
unsigned srv_auth_check(jk_role need, jk_role have);
/* Can anyone write: a --token-file token, or at least one user? */
int srv_writable(srv *s);

/* The role a route needs (JK_ROLE_NONE: anyone), -1 when no route has
   that method and path (api.c; for deciding before the body is read). */
int srv_api_route_role(const char *method, const char *path);

/* Deliver the webhooks of alerts in the background (alerts_srv.c):
   started when the server can write, stopped before the stores close. */
void srv_hooks_start(srv *s);
void srv_hooks_stop(srv *s);

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
