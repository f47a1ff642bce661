/*
** fetch.c — getting a URL politely and safely (libcurl).
**
** One curl easy handle per fetcher, reused so connections to a host are
** kept alive.  The rules a well-behaved research crawler keeps: a User-Agent
** that says who we are, conditional requests (If-None-Match /
** If-Modified-Since) so a re-run costs the server a 304, and a pause
** between two requests to the same host.  The rules that keep us safe: only
** http and https (also after redirects), a bounded number of redirects,
** connect and total timeouts, and a cap on the body *after* decoding,
** counted as it arrives, so a gzip bomb is cut off at the cap instead of
** filling memory; and, unless the options allow it (the CLI's own
** fetches do), no internal address (netguard.c), redirects included.
*/
#include "netguard.h"
#include "web.h"

#include <ctype.h>
#include <curl/curl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Hosts whose last request time we remember (oldest forgotten first). */
#define HOSTS 64

struct jk_fetcher {
  CURL *curl;
  jk_fetch_opts o;
  struct {
    char host[256];
    double at; /* monotonic seconds of the last request */
  } hosts[HOSTS];
  int nhosts, next_slot;
};

/* The response being received. */
typedef struct recv_state {
  jk_buf body;
  size_t cap;
  int over_cap;
  char *content_type, *etag, *last_modified, *date, *content_language, *content_encoding;
} recv_state;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_ok;
static void curl_init_once(void) { curl_ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void jk_utc_now(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void jk_fetch_opts_init(jk_fetch_opts *o) {
  memset(o, 0, sizeof *o);
  o->max_redirects = 5;
  o->connect_timeout_ms = 10000;
  o->timeout_ms = 60000;
  o->max_bytes = 64u << 20;
  o->host_spacing_ms = 1000;
}

int jk_url_is_http(const char *s) {
  return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

char *jk_url_resolve(const char *base, const char *ref) {
  if (!ref || !*ref) return NULL;
  CURLU *h = curl_url();
  if (!h) return NULL;
  char *got = NULL, *copy = NULL;
  if ((!base || curl_url_set(h, CURLUPART_URL, base, 0) == CURLUE_OK) &&
      curl_url_set(h, CURLUPART_URL, ref, 0) == CURLUE_OK && curl_url_get(h, CURLUPART_URL, &got, 0) == CURLUE_OK) {
    copy = strdup(got);
    curl_free(got);
  }
  curl_url_cleanup(h);
  return copy;
}

jk_fetcher *jk_fetcher_new(const jk_fetch_opts *opts) {
  pthread_once(&curl_once, curl_init_once);
  if (!curl_ok) return NULL;
  jk_fetcher *f = calloc(1, sizeof *f);
  if (!f) return NULL;
  if (opts) f->o = *opts;
  else jk_fetch_opts_init(&f->o);
  f->curl = curl_easy_init();
  if (!f->curl) {
    free(f);
    return NULL;
  }
  return f;
}

void jk_fetcher_free(jk_fetcher *f) {
  if (!f) return;
  curl_easy_cleanup(f->curl);
  free(f);
}

void jk_fetch_result_free(jk_fetch_result *r) {
  if (!r) return;
  free(r->final_url);
  free(r->content_type);
  free(r->etag);
  free(r->last_modified);
  free(r->date);
  free(r->headers_json);
  free(r->body);
  memset(r, 0, sizeof *r);
}

/* ---- receiving --------------------------------------------------------- */

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud) {
  recv_state *s = ud;
  size_t n = size * nmemb;
  if (s->body.len + n > s->cap) {
    s->over_cap = 1;
    return 0; /* makes curl stop with CURLE_WRITE_ERROR */
  }
  if (jk_buf_append(&s->body, p, n)) return 0;
  return n;
}

/* A copy of a header value, trimmed. */
static char *header_value(const char *v, size_t n) {
  while (n && (*v == ' ' || *v == '\t')) v++, n--;
  while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
  char *c = malloc(n + 1);
  if (c) {
    memcpy(c, v, n);
    c[n] = 0;
  }
  return c;
}

static void clear_headers(recv_state *s) {
  char **all[] = {&s->content_type, &s->etag, &s->last_modified, &s->date, &s->content_language,
                  &s->content_encoding};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    free(*all[i]);
    *all[i] = NULL;
  }
}

/* Headers we keep as provenance; those of earlier (redirect) responses
   are dropped when the next status line arrives. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ud) {
  recv_state *s = ud;
  size_t n = size * nmemb;
  if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
    clear_headers(s);
    return n;
  }
  static const struct {
    const char *name;
    size_t off;
  } kept[] = {
      {"content-type", offsetof(recv_state, content_type)},
      {"etag", offsetof(recv_state, etag)},
      {"last-modified", offsetof(recv_state, last_modified)},
      {"date", offsetof(recv_state, date)},
      {"content-language", offsetof(recv_state, content_language)},
      {"content-encoding", offsetof(recv_state, content_encoding)},
  };
  const char *colon = memchr(p, ':', n);
  if (!colon) return n;
  size_t nl = (size_t)(colon - p);
  for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
    if (strlen(kept[i].name) == nl && strncasecmp(p, kept[i].name, nl) == 0) {
      char **slot = (char **)((char *)s + kept[i].off);
      free(*slot);
      *slot = header_value(colon + 1, n - nl - 1);
    }
  }
  return n;
}

/* ---- politeness ----------------------------------------------------------- */

/* Host part of an http(s) URL into host (lower case). */
static void url_host(const char *url, char *host, size_t n) {
  host[0] = 0;
  const char *p = strstr(url, "://");
  if (!p) return;
  p += 3;
  const char *at = NULL;
  for (const char *q = p; *q && *q != '/' && *q != '?' && *q != '#'; q++)
    if (*q == '@') at = q;
  if (at) p = at + 1;
  size_t k = 0;
  while (*p && *p != '/' && *p != '?' && *p != '#' && k + 1 < n) host[k++] = (char)tolower((unsigned char)*p++);
  host[k] = 0;
}

/* Sleep until host_spacing_ms has passed since the last request to host. */
static void wait_for_host(jk_fetcher *f, const char *host) {
  int slot = -1;
  for (int i = 0; i < f->nhosts; i++)
    if (strcmp(f->hosts[i].host, host) == 0) slot = i;
  double now = mono_now();
  if (slot >= 0 && f->o.host_spacing_ms > 0) {
    double due = f->hosts[slot].at + f->o.host_spacing_ms / 1000.0;
    while (now < due) {
      double d = due - now;
      struct timespec ts = {(time_t)d, (long)((d - (double)(time_t)d) * 1e9)};
      int r = nanosleep(&ts, NULL);
      now = mono_now();
      if (r != 0) break; /* a signal (a stop request): do not hold it up */
    }
  }
  if (slot < 0) {
    if (f->nhosts < HOSTS) slot = f->nhosts++;
    else slot = f->next_slot++ % HOSTS;
    snprintf(f->hosts[slot].host, sizeof f->hosts[slot].host, "%s", host);
  }
  f->hosts[slot].at = now;
}

/* ---- the request ----------------------------------------------------------- */

/* Lets a caller's stop flag (set by a signal handler) end a transfer. */
static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un) {
  (void)dt, (void)dn, (void)ut, (void)un;
  const volatile int *cancel = ud;
  return cancel && *cancel;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* {"status":200,"content-type":"…",…} of what we kept. */
static char *headers_json(long status, const recv_state *s, const char *final_url, long redirects) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_printf(&b, "{\"status\":%ld", status);
  const struct {
    const char *k, *v;
  } kv[] = {{"content-type", s->content_type},         {"etag", s->etag},
            {"last-modified", s->last_modified},       {"date", s->date},
            {"content-language", s->content_language}, {"content-encoding", s->content_encoding}};
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
    if (!kv[i].v) continue;
    jk_buf_printf(&b, ",\"%s\":", kv[i].k);
    jk_json_str(&b, kv[i].v, strlen(kv[i].v));
  }
  if (redirects > 0) jk_buf_printf(&b, ",\"redirects\":%ld", redirects);
  (void)final_url;
  jk_buf_putc(&b, '}');
  if (b.oom) {
    jk_buf_free(&b);
    return NULL;
  }
  return jk_buf_detach(&b, NULL);
}

jk_rc jk_fetch(jk_fetcher *f, const char *url, const jk_fetch_cond *cond, jk_fetch_result *res,
               jk_err *err) {
  memset(res, 0, sizeof *res);
  if (!jk_url_is_http(url)) {
    if (url && strstr(url, "://"))
      return jk_err_set(err, JK_EUNSUP, "%.300s: only http:// and https:// URLs are fetched", url);
    return jk_err_set(err, JK_EINVAL, "%.300s: not a URL (want http://… or https://…)", url ? url : "(null)");
  }
  char host[256];
  url_host(url, host, sizeof host);
  if (!host[0]) return jk_err_set(err, JK_EINVAL, "%.300s: the URL names no host", url);

  CURL *c = f->curl;
  curl_easy_reset(c);
  recv_state s;
  memset(&s, 0, sizeof s);
  s.cap = f->o.max_bytes ? f->o.max_bytes : (64u << 20);
  char errbuf[CURL_ERROR_SIZE] = "";
  struct curl_slist *hdrs = NULL;
  char line[600];
  if (cond && cond->etag && *cond->etag) {
    snprintf(line, sizeof line, "If-None-Match: %s", cond->etag);
    hdrs = curl_slist_append(hdrs, line);
  }
  if (cond && cond->last_modified && *cond->last_modified) {
    snprintf(line, sizeof line, "If-Modified-Since: %s", cond->last_modified);
    hdrs = curl_slist_append(hdrs, line);
  }
  hdrs = curl_slist_append(hdrs, "Accept: text/html,application/xhtml+xml,application/pdf,"
                                 "application/atom+xml,application/rss+xml,application/xml;q=0.9,*/*;q=0.8");
  hdrs = curl_slist_append(hdrs, "Accept-Language: ja,en;q=0.5");

  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, f->o.max_redirects);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, f->o.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, f->o.timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding curl can decode */
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s.cap); /* early no, by Content-Length */
  curl_easy_setopt(c, CURLOPT_USERAGENT, f->o.user_agent ? f->o.user_agent : JK_USER_AGENT);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 0L);
  if (f->o.cancel) {
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)f->o.cancel);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }

  jk_net_guard guard;
  jk_rc grc = jk_net_guard_begin(&guard, c, &f->o.net, url, err);
  if (grc) {
    jk_net_guard_end(&guard);
    curl_slist_free_all(hdrs);
    return grc;
  }
  wait_for_host(f, host);
  CURLcode cc = curl_easy_perform(c);
  curl_slist_free_all(hdrs);
  jk_utc_now(res->fetched_at, sizeof res->fetched_at);

  long status = 0, redirects = 0;
  char *eff = NULL;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &redirects);
  curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff);
  res->status = status;
  res->redirects = redirects;
  res->final_url = dup_or_null(eff ? eff : url);

  jk_rc rc = JK_OK;
  double limit_s = f->o.timeout_ms / 1000.0;
  if (cc != CURLE_OK && guard.refused_kind) {
    rc = jk_net_guard_refused(&guard, url, res->final_url, err);
  } else if (cc != CURLE_OK) {
    const char *why = errbuf[0] ? errbuf : curl_easy_strerror(cc);
    switch (cc) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (s.over_cap || cc == CURLE_FILESIZE_EXCEEDED)
        rc = jk_err_set(err, JK_ETOOBIG,
                        "%.300s: the response is larger than %zu bytes%s: not stored (raise the limit "
                        "with --max-size if it is a real document)",
                        url, s.cap, s.content_encoding ? " once decompressed" : "");
      else
        rc = jk_err_set(err, JK_ENOMEM, "%.300s: out of memory receiving the response", url);
      break;
    case CURLE_OPERATION_TIMEDOUT:
      rc = jk_err_set(err, JK_EIO, "%.300s: timed out (limit %.1f s total, %.1f s to connect): %s; try again later or raise --timeout",
                      url, limit_s, f->o.connect_timeout_ms / 1000.0, why);
      break;
    case CURLE_TOO_MANY_REDIRECTS:
      rc = jk_err_set(err, JK_EIO, "%.300s: more than %ld redirects (a redirect loop?): not fetched", url,
                      f->o.max_redirects);
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      rc = jk_err_set(err, JK_EUNSUP, "%.300s: redirected to a scheme other than http/https: not followed", url);
      break;
    case CURLE_ABORTED_BY_CALLBACK:
      rc = jk_err_set(err, JK_EIO, "%.300s: interrupted", url);
      break;
    case CURLE_URL_MALFORMAT:
      rc = jk_err_set(err, JK_EINVAL, "%.300s: malformed URL", url);
      break;
    case CURLE_BAD_CONTENT_ENCODING:
      rc = jk_err_set(err, JK_EIO, "%.300s: the response's compression is corrupt (%s)", url, why);
      break;
    default:
      rc = jk_err_set(err, JK_EIO, "%.300s: %s; check the address and the network, then try again", url, why);
      break;
    }
  } else if (status == 304) {
    res->not_modified = 1;
  } else if (status == 404 || status == 410) {
    rc = jk_err_set(err, JK_ENOTFOUND, "%.300s: HTTP %ld %s: the page is not there (moved or removed?)", url,
                    status, status == 404 ? "Not Found" : "Gone");
  } else if (status >= 400) {
    rc = jk_err_set(err, JK_EIO, "%.300s: HTTP %ld from the server%s", url, status,
                    status >= 500 ? ": its fault; try again later" : ": the request was refused");
  } else if (status < 200 || status >= 300) {
    rc = jk_err_set(err, JK_EIO, "%.300s: unexpected HTTP status %ld", url, status);
  }

  res->content_type = dup_or_null(s.content_type);
  res->etag = dup_or_null(s.etag);
  res->last_modified = dup_or_null(s.last_modified);
  res->date = dup_or_null(s.date);
  res->headers_json = headers_json(status, &s, res->final_url, redirects);
  if (rc == JK_OK && !res->not_modified) {
    if (s.body.oom) {
      rc = jk_err_set(err, JK_ENOMEM, "%.300s: out of memory receiving the response", url);
    } else {
      jk_buf_puts(&s.body, ""); /* a NUL even for an empty body */
      res->body = jk_buf_detach(&s.body, &res->len);
    }
  }
  jk_buf_free(&s.body);
  clear_headers(&s);
  jk_net_guard_end(&guard);
  if (rc == JK_OK && (!res->final_url || !res->headers_json || (!res->not_modified && !res->body)))
    rc = jk_err_set(err, JK_ENOMEM, "%.300s: out of memory", url);
  return rc;
}
