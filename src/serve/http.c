/*
** http.c — the HTTP side of `jikenbo serve`: libmicrohttpd set-up with its
** limits, one request's life (target, body, dispatch, log line), and the
** helpers that send every response with the same security headers.
**
** We take the raw request target from MHD's URI callback and switch MHD's
** own %-decoding off, so that one strict parser (lib/httpparse.c, fuzzed)
** decides what a path and a query mean; MHD's decoder would turn %00
** into a cut string and %2e%2e into ".." before we could look.
*/
#include "serve.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Sent on every response: the dashboard loads only its own files, runs
   no inline script and cannot be framed. */
static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

enum MHD_Result srv_send(struct MHD_Connection *c, srv_req *r, unsigned status,
                         struct MHD_Response *resp, const char *ctype) {
  if (!resp) return MHD_NO;
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
  MHD_add_response_header(resp, "Content-Security-Policy", csp);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  /* One request per connection: each passes the front door (conn.c). */
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
  if (status == MHD_HTTP_UNAUTHORIZED) MHD_add_response_header(resp, "WWW-Authenticate", "Bearer");
  enum MHD_Result ret = MHD_queue_response(c, status, resp);
  MHD_destroy_response(resp);
  if (r) r->status = status;
  return ret;
}

enum MHD_Result srv_send_json(struct MHD_Connection *c, srv_req *r, unsigned status, const char *json,
                              size_t len) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(len, (void *)json, MHD_RESPMEM_MUST_COPY);
  if (resp && r && r->s) MHD_add_response_header(resp, "Cache-Control", "no-store");
  return srv_send(c, r, status, resp, "application/json; charset=utf-8");
}

enum MHD_Result srv_send_error(struct MHD_Connection *c, srv_req *r, unsigned status, const char *fmt,
                               ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_printf(&b, "{\"error\":{\"status\":%u,\"message\":", status);
  jk_json_str(&b, msg, strlen(msg));
  jk_buf_puts(&b, "}}\n");
  struct MHD_Response *resp = NULL;
  if (!b.oom) {
    resp = MHD_create_response_from_buffer(b.len, b.p, MHD_RESPMEM_MUST_FREE);
    if (resp) b.p = NULL; /* MHD owns it now */
  }
  jk_buf_free(&b);
  if (resp && status == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(resp, "Allow", "GET, HEAD");
  return srv_send(c, r, status, resp, "application/json; charset=utf-8");
}

size_t srv_raw_error(char *out, size_t cap, unsigned status, const char *msg) {
  const char *reason = MHD_get_reason_phrase_for(status);
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_printf(&b, "{\"error\":{\"status\":%u,\"message\":", status);
  jk_json_str(&b, msg, strlen(msg));
  jk_buf_puts(&b, "}}\n");
  int n = b.oom ? -1
                : snprintf(out, cap,
                           "HTTP/1.1 %u %s\r\nContent-Type: application/json; charset=utf-8\r\n"
                           "Content-Security-Policy: %s\r\nX-Content-Type-Options: nosniff\r\n"
                           "Referrer-Policy: no-referrer\r\nX-Frame-Options: DENY\r\nCache-Control: no-store\r\n"
                           "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
                           status, reason && *reason ? reason : "Error", csp, b.len, b.p);
  jk_buf_free(&b);
  return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

/* ---- one request ------------------------------------------------------- */

/* MHD calls this first, with the raw target: the request object is born
   here and dies in on_completed. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  srv_req *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->s = cls;
  r->t0 = now_s();
  size_t n = strlen(uri);
  if (n > SRV_MAX_TARGET) {
    r->target_too_long = 1;
    n = 200; /* enough to log where it went */
  }
  r->target = malloc(n + 1);
  if (r->target) {
    memcpy(r->target, uri, n);
    r->target[n] = '\0';
    r->target_len = n;
  }
  jk_buf_init(&r->body);
  return r;
}

/* MHD's decoding is off: we decode once, strictly, in httpparse.c. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s) { return strlen(s); }

/* The log line: time, method, path, the query's keys (never its values,
   never a header), status, milliseconds. */
static void log_request(srv_req *r) {
  char when[32];
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  char line[400];
  size_t o = 0;
  const char *tg = r->target ? r->target : "";
  size_t plen = strcspn(tg, "?#");
  char path[240];
  jk_http_log_clean(tg, plen, path, sizeof path);
  o = (size_t)snprintf(line, sizeof line, "%s %s %s", when, r->method ? r->method : "-", path);
  if (tg[plen] == '?') {
    /* keys only: "q&limit" */
    const char *p = tg + plen + 1;
    char sep = '?';
    while (*p && o + 40 < sizeof line) {
      size_t k = strcspn(p, "=&;#");
      char key[32];
      jk_http_log_clean(p, k < 31 ? k : 31, key, sizeof key);
      if (k) o += (size_t)snprintf(line + o, sizeof line - o, "%c%s", sep, key);
      sep = '&';
      p += strcspn(p, "&;#");
      if (*p == '#') break;
      if (*p) p++;
    }
  }
  if (r->target_too_long && o + 8 < sizeof line) o += (size_t)snprintf(line + o, sizeof line - o, "…");
  if (o >= sizeof line) o = sizeof line - 1;
  fprintf(stderr, "%s %u %.1fms\n", line, r->status, (now_s() - r->t0) * 1000.0);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  srv_req *r = *con_cls;
  if (!r) return;
  srv *s = r->s;
  atomic_fetch_add(&s->requests, 1);
  if (!s->quiet && r->method) log_request(r);
  jk_buf_free(&r->body);
  free(r->target);
  free(r);
  *con_cls = NULL;
}

static int is_method(const char *m, const char *want) { return strcmp(m, want) == 0; }

/*
** The head's verdict, when the headers are in and before a byte of the
** body is read: the target, the route, the method and the authorization
** are decided here, and a refused request gets its answer at once (MHD
** then closes the connection without reading the body).  Returns 0 to
** go on, else the status sent.
*/
static unsigned head_verdict(struct MHD_Connection *c, srv_req *r, enum MHD_Result *ret) {
#define REFUSE(...) (*ret = srv_send_error(c, r, __VA_ARGS__), r->status ? r->status : 500u)
  if (r->target_too_long)
    return REFUSE(MHD_HTTP_URI_TOO_LONG, "request target over %d bytes", SRV_MAX_TARGET);
  const char *m = r->method;
  /* TAXII answers every method with its own error resource (taxii.c). */
  int taxii = r->target && !strncmp(r->target, "/taxii2", 7) && is_method(m, "DELETE");
  if (!is_method(m, "GET") && !is_method(m, "HEAD") && !is_method(m, "POST") && !taxii)
    return REFUSE(MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
  const char *path;
  size_t plen;
  if (!r->target ||
      jk_http_split_target(r->target, r->target_len, &path, &plen, &r->query, &r->query_len) != JK_OK)
    return REFUSE(MHD_HTTP_BAD_REQUEST, "the request target must be a path");
  if (jk_http_path_decode(path, plen, r->path, sizeof r->path, &r->path_len) != JK_OK)
    return REFUSE(MHD_HTTP_BAD_REQUEST, "bad path: %%-escapes must be valid UTF-8 without control characters");
  /* Refuse a declared oversized body before reading a byte of it. */
  const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  long n;
  if (cl && (jk_http_parse_long(cl, 0, (long)SRV_MAX_BODY, &n) != 0))
    return REFUSE(MHD_HTTP_CONTENT_TOO_LARGE, "request body over %u bytes", SRV_MAX_BODY);
  if (strcmp(r->path, "/api") == 0 || strncmp(r->path, "/api/", 5) == 0) {
    unsigned st = srv_api_head(c, r, r->path);
    if (st) *ret = r->status ? MHD_YES : MHD_NO;
    return st;
  }
  /* The CTI routes answer their own methods (a TAXII error resource). */
  if (srv_taxii_path(r->path) || srv_misp_feed_path(r->path)) return 0;
  if (!is_method(m, "GET") && !is_method(m, "HEAD"))
    return REFUSE(MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed here", m);
  return 0;
#undef REFUSE
}

/* After the whole request (headers and body) is in: route it. */
static enum MHD_Result dispatch(struct MHD_Connection *c, srv_req *r) {
  if (r->body_too_big)
    return srv_send_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "request body over %u bytes", SRV_MAX_BODY);
  if (strcmp(r->path, "/api") == 0 || strncmp(r->path, "/api/", 5) == 0) {
    if (srv_api_body(c, r)) return MHD_YES;
    return srv_api(c, r, r->path, r->query, r->query_len);
  }
  /* The CTI routes, each in its own file (taxii.c, mispfeed.c). */
  if (srv_taxii_path(r->path)) return srv_taxii(c, r, r->path, r->query, r->query_len);
  if (srv_misp_feed_path(r->path)) return srv_misp_feed(c, r, r->path, r->query, r->query_len);
  return srv_static(c, r, r->path, r->path_len);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  srv_req *r = *con_cls;
  if (!r) return MHD_NO; /* out of memory in on_uri: drop the connection */
  if (!r->started) {
    r->started = 1;
    r->method = method;
    enum MHD_Result ret = MHD_YES;
    if (head_verdict(c, r, &ret)) return ret;
    return MHD_YES;
  }
  if (r->status) { /* answered from the head: the body is not read */
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (*upload_data_size) {
    /* Keep up to the cap, then drop the rest and answer 413 at the end
       (the send deadline of conn.c ends a trickle). */
    if (!r->body_too_big && r->body.len + *upload_data_size <= SRV_MAX_BODY &&
        is_method(method, "POST")) {
      if (jk_buf_append(&r->body, upload_data, *upload_data_size) != JK_OK) return MHD_NO;
    } else if (is_method(method, "POST")) {
      r->body_too_big = 1;
      jk_buf_free(&r->body);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  return dispatch(c, r);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  fputs("jikenbo: serve: ", stderr);
  vfprintf(stderr, fmt, ap);
}

jk_rc srv_start(srv *s, const jk_http_listen *addr, int *port, jk_err *err) {
  /* The socket is ours (conn.c): MHD gets connections whose head is in. */
  jk_rc rc = srv_door_open(s, addr, port, err);
  if (rc) return rc;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_NO_LISTEN_SOCKET;
#ifdef __linux__
  flags |= MHD_USE_EPOLL; /* no select(): no limit of 1,024 descriptors */
#else
  flags |= MHD_USE_POLL;
#endif
  s->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, s,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->threads,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)s->max_conns + 16u,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_CONN_MEMORY,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_CONN_TIMEOUT,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
      MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, s,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_NOTIFY_CONNECTION, srv_door_notify(), s,
      MHD_OPTION_END);
  if (!s->daemon) {
    srv_door_close(s, s->door);
    return jk_err_set(err, JK_EIO, "cannot start the HTTP server (libmicrohttpd) on %s port %d", addr->host,
                      addr->port);
  }
  if ((rc = srv_door_run(s, err)) != JK_OK) {
    MHD_stop_daemon(s->daemon);
    s->daemon = NULL;
    srv_door_close(s, s->door);
    return rc;
  }
  return JK_OK;
}

void srv_stop(srv *s, int grace_ms) {
  if (!s->daemon) return;
  /* Stop taking connections, then give requests in flight time to end. */
  srv_door_stop(s);
  for (int waited = 0; waited < grace_ms; waited += 20) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!di || di->num_connections == 0) break;
    usleep(20 * 1000);
  }
  MHD_stop_daemon(s->daemon);
  s->daemon = NULL;
  srv_door_close(s, s->door);
}
