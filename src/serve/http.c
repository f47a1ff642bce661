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

/* After the whole request (headers and body) is in: route it. */
static enum MHD_Result dispatch(struct MHD_Connection *c, srv_req *r) {
  if (r->body_too_big)
    return srv_send_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "request body over %u bytes", SRV_MAX_BODY);
  const char *path, *query;
  size_t plen, qlen;
  if (!r->target || jk_http_split_target(r->target, r->target_len, &path, &plen, &query, &qlen) != JK_OK)
    return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "the request target must be a path");
  char dec[SRV_MAX_TARGET + 1];
  size_t dlen;
  jk_rc rc = jk_http_path_decode(path, plen, dec, sizeof dec, &dlen);
  if (rc != JK_OK)
    return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST,
                          "bad path: %%-escapes must be valid UTF-8 without control characters");
  if (strcmp(dec, "/api") == 0 || strncmp(dec, "/api/", 5) == 0)
    return srv_api(c, r, dec, query, qlen);
  /* The CTI routes, each in its own file (taxii.c, mispfeed.c). */
  if (srv_taxii_path(dec)) return srv_taxii(c, r, dec, query, qlen);
  if (srv_misp_feed_path(dec)) return srv_misp_feed(c, r, dec, query, qlen);
  if (!is_method(r->method, "GET") && !is_method(r->method, "HEAD"))
    return srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed here", r->method);
  return srv_static(c, r, dec, dlen);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls) {
  srv_req *r = *con_cls;
  if (!r) return MHD_NO; /* out of memory in on_uri: drop the connection */
  if (!r->started) {
    r->started = 1;
    r->method = method;
    if (r->target_too_long)
      return srv_send_error(c, r, MHD_HTTP_URI_TOO_LONG, "request target over %d bytes", SRV_MAX_TARGET);
    /* TAXII answers every method with its own error resource (taxii.c). */
    int taxii = r->target && !strncmp(r->target, "/taxii2", 7) && is_method(method, "DELETE");
    if (!is_method(method, "GET") && !is_method(method, "HEAD") && !is_method(method, "POST") && !taxii)
      return srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
    /* Refuse a declared oversized body before reading a byte of it. */
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    long n;
    if (cl && (jk_http_parse_long(cl, 0, (long)SRV_MAX_BODY, &n) != 0))
      return srv_send_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, "request body over %u bytes", SRV_MAX_BODY);
    return MHD_YES;
  }
  if (*upload_data_size) {
    /* A body without Content-Length (chunked): keep up to the cap, then
       drop the rest and answer 413 at the end; give up on a trickle. */
    if (!r->body_too_big && r->body.len + *upload_data_size <= SRV_MAX_BODY &&
        is_method(method, "POST")) {
      if (jk_buf_append(&r->body, upload_data, *upload_data_size) != JK_OK) return MHD_NO;
    } else if (is_method(method, "POST")) {
      r->body_too_big = 1;
      jk_buf_free(&r->body);
    }
    *upload_data_size = 0;
    if (now_s() - r->t0 > 4.0 * SRV_CONN_TIMEOUT) return MHD_NO;
    return MHD_YES;
  }
  return dispatch(c, r);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) {
  fputs("jikenbo: serve: ", stderr);
  vfprintf(stderr, fmt, ap);
}

jk_rc srv_start(srv *s, const jk_http_listen *addr, int *port, jk_err *err) {
  struct sockaddr_in a4;
  struct sockaddr_in6 a6;
  struct sockaddr *sa;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
#ifdef __linux__
  flags |= MHD_USE_EPOLL;
#endif
  if (addr->ipv6) {
    memset(&a6, 0, sizeof a6);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons((uint16_t)addr->port);
    inet_pton(AF_INET6, addr->host, &a6.sin6_addr);
    sa = (struct sockaddr *)&a6;
    flags |= MHD_USE_IPv6;
  } else {
    memset(&a4, 0, sizeof a4);
    a4.sin_family = AF_INET;
    a4.sin_port = htons((uint16_t)addr->port);
    inet_pton(AF_INET, addr->host, &a4.sin_addr);
    sa = (struct sockaddr *)&a4;
  }
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)addr->port, NULL, NULL, on_request, s,
      MHD_OPTION_EXTERNAL_LOGGER, mhd_log, s,
      MHD_OPTION_SOCK_ADDR, sa,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->threads,
      MHD_OPTION_CONNECTION_LIMIT, (unsigned)SRV_CONN_LIMIT,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SRV_CONN_MEMORY,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SRV_CONN_TIMEOUT,
      MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
      MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, s,
      MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_END);
  if (!s->daemon)
    return jk_err_set(err, JK_EIO,
                      "cannot listen on %s port %d (in use? try another --listen, or port 0 for any free port)",
                      addr->host, addr->port);
  const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  *port = di ? di->port : addr->port;
  return JK_OK;
}

void srv_stop(srv *s, int grace_ms) {
  if (!s->daemon) return;
  /* Stop taking connections, then give requests in flight time to end. */
  MHD_socket lsock = MHD_quiesce_daemon(s->daemon);
  for (int waited = 0; waited < grace_ms; waited += 20) {
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
    if (!di || di->num_connections == 0) break;
    usleep(20 * 1000);
  }
  MHD_stop_daemon(s->daemon);
  if (lsock != MHD_INVALID_SOCKET) close(lsock);
  s->daemon = NULL;
}
