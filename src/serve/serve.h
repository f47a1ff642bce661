/*
** serve.h — what the pieces of `jikenbo serve` share: the server state,
** the per-request context, the limits, and the helpers that send
** responses with the security headers every response carries.
**
**   conn.c    the front door: listening socket, acceptor, connection
**             limits per address and in all, the head and send deadlines
**   http.c    libmicrohttpd set-up, the request head's verdict, request
**             bodies, dispatch, log
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
#define SRV_CONN_LIMIT 1024          /* concurrent connections (--max-connections) */
#define SRV_CONN_PER_ADDR 32         /* of them from one client address (--max-per-address) */
#define SRV_HEAD_TIMEOUT 10          /* seconds from connect to a whole request head (--head-timeout) */
#define SRV_SEND_TIMEOUT 120         /* seconds from the head to the last byte answered (--send-timeout) */
#define SRV_CONN_MEMORY (128u << 10) /* per-connection memory (headers, URI) */
#define SRV_CONN_TIMEOUT 15          /* seconds a connection may sit idle */
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
  /* connection limits (conn.c) */
  int max_conns;       /* connections in all */
  int max_per_addr;    /* connections of one client address */
  int head_timeout;    /* seconds to a whole request head */
  int send_timeout;    /* seconds from the head to the end of the answer */
  int trust_proxy;     /* proxy_addr is a reverse proxy: count X-Forwarded-For */
  unsigned char proxy_addr[16]; /* IPv4-mapped or IPv6 */
  atomic_llong cut;    /* connections cut by a deadline */
  struct srv_door *door;
  int door_running;
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
  char path[SRV_MAX_TARGET + 1]; /* the decoded path (from the head) */
  size_t path_len;
  const char *query;   /* the raw query, into target */
  size_t query_len;
  jk_buf body;         /* request body so far (POST) */
  int body_too_big;
  unsigned status;     /* status sent, for the log */
} srv_req;

/* ---- conn.c ---------------------------------------------------------- */

/* Bind and listen on addr (*port gets the port bound). */
jk_rc srv_door_open(srv *s, const jk_http_listen *addr, int *port, jk_err *err);
/* Start the acceptor thread (s->daemon must be running). */
jk_rc srv_door_run(srv *s, jk_err *err);
/* Stop accepting: join the acceptor, close connections without a head. */
void srv_door_stop(srv *s);
/* Free the door (after MHD stopped). */
void srv_door_close(srv *s, struct srv_door *d);
/* The callback for MHD_OPTION_NOTIFY_CONNECTION. */
MHD_NotifyConnectionCallback srv_door_notify(void);
/* Parse a numeric IPv4/IPv6 address of n bytes into 16 bytes (IPv4
   mapped); -1 when it is not one. */
int srv_addr_parse(const char *s, size_t n, unsigned char out[16]);

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
/* A whole raw HTTP/1.1 error response (the security headers, JSON body,
   Connection: close) into out, for answers sent without MHD; returns its
   length, 0 when it does not fit. */
size_t srv_raw_error(char *out, size_t cap, unsigned status, const char *msg);
/* Send {"error":{"status":N,"message":"…"}} with that status. */
enum MHD_Result srv_send_error(struct MHD_Connection *c, srv_req *r, unsigned status, const char *fmt,
                               ...) __attribute__((format(printf, 4, 5)));

/* ---- api.c ----------------------------------------------------------- */

/*
** The verdict on a request under /api/ from its head alone, before a byte
** of its body is read: 0 to go on, else the status already sent (404 no
** such route, 405 method, 401 a write without the token, 415 a body that
** is not text/plain, 411 a chunked body, 413 a declared body too big).
*/
unsigned srv_api_head(struct MHD_Connection *c, srv_req *r, const char *path);
/* The verdict on a body once it is in (0, or the status sent): a body
   with a NUL byte is binary, not a notice. */
unsigned srv_api_body(struct MHD_Connection *c, srv_req *r);
/* Is the Content-Type value ct the media type want (parameters after ';'
   allowed; "text/plainjunk" is not text/plain)? */
int srv_ctype_is(const char *ct, const char *want);
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
/* Where the database stands now (the cache's signature: commits seen,
   the server's writes, the file's identity): derived data built from the
   casebook (the TAXII collection, the MISP feed) is rebuilt when this
   changes. */
void srv_db_signature(srv *s, long long sig[5]);
/* Close every store opened by worker threads (after the daemon stopped). */
void srv_db_close_all(srv *s);

/* What the database was when an answer's query began (db.c). */
typedef struct srv_sig {
  long long gen;    /* commits seen, counted on the cache's own connection; -1: unknown */
  long long writes; /* writes through this server */
  long long dev, ino; /* the file's identity */
} srv_sig;

/*
** The response cache for GET /api/ (keyed by the raw target).  Take the
** signature with srv_cache_sig before the query runs; srv_cache_get
** copies an answer made under that same signature into out and returns
** 1; srv_cache_put stores one under the signature taken before it was
** computed.  srv_cache_sig returns -1 (and nothing is cached) when the
** signature cannot be read or the cache is off.
*/
int srv_cache_sig(srv *s, srv_sig *sig);
int srv_cache_get(srv *s, const char *key, const srv_sig *sig, jk_buf *out, unsigned *status);
void srv_cache_put(srv *s, const char *key, const srv_sig *sig, const char *data, size_t len, unsigned status);
void srv_cache_free(void);

#endif /* JK_SERVE_H */
