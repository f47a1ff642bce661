/*
** httpparse.c — strict parsing of request targets, query strings,
** bearer credentials and listen addresses for `jikenbo serve` (see
** httpparse.h).  Pure functions: bytes in, results out, no allocation,
** so the fuzzers can hammer them without a server.
*/
#include "httpparse.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/*
** Length of the valid UTF-8 sequence at p (1..4), or 0 when it is not
** one: overlong forms (C0/C1, E0 80..9F, F0 80..8F), surrogates
** (ED A0..BF), code points over U+10FFFF and truncated sequences all
** give 0.  This is RFC 3629's table, which is what keeps "%C0%AE%C0%AE"
** from ever meaning "..".
*/
static size_t utf8_seq(const unsigned char *p, size_t n) {
  unsigned char c = p[0];
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (n >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;
    if (c == 0xED && p[1] > 0x9F) return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;
    if (c == 0xF4 && p[1] > 0x8F) return 0;
    return 4;
  }
  return 0;
}

/* Is p[0..n) valid UTF-8 without control characters (TAB allowed)? */
static int text_ok(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    if (p[i] < 0x20 && p[i] != '\t') return 0;
    if (p[i] == 0x7F) return 0;
    size_t k = utf8_seq(p + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

/*
** Decode in[0..n) into out; plus_space turns '+' into ' '.  Returns the
** decoded length, (size_t)-1 for a bad escape, (size_t)-2 when out is
** too small.  The output is never longer than the input.
*/
static size_t pct_decode(const char *in, size_t n, char *out, size_t cap, int plus_space) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)in[i];
    if (c == '%') {
      if (i + 2 >= n) return (size_t)-1;
      int h = hexval((unsigned char)in[i + 1]), l = hexval((unsigned char)in[i + 2]);
      if (h < 0 || l < 0) return (size_t)-1;
      c = (unsigned char)(h * 16 + l);
      i += 2;
    } else if (c == '+' && plus_space) {
      c = ' ';
    }
    if (o + 1 >= cap) return (size_t)-2;
    out[o++] = (char)c;
  }
  if (o >= cap) return (size_t)-2;
  out[o] = '\0';
  return o;
}

jk_rc jk_http_split_target(const char *target, size_t n, const char **path, size_t *path_len,
                           const char **query, size_t *query_len) {
  if (n == 0 || target[0] != '/') return JK_EINVAL;
  const char *hash = memchr(target, '#', n);
  if (hash) n = (size_t)(hash - target);
  const char *qm = memchr(target, '?', n);
  *path = target;
  if (qm) {
    *path_len = (size_t)(qm - target);
    *query = qm + 1;
    *query_len = n - *path_len - 1;
  } else {
    *path_len = n;
    *query = target + n;
    *query_len = 0;
  }
  return JK_OK;
}

jk_rc jk_http_path_decode(const char *in, size_t n, char *out, size_t cap, size_t *out_len) {
  size_t len = pct_decode(in, n, out, cap, 0);
  if (len == (size_t)-1) return JK_EINVAL;
  if (len == (size_t)-2) return JK_ETOOBIG;
  if (memchr(out, '\\', len)) return JK_EINVAL; /* a second separator on some systems */
  if (memchr(out, '\0', len) || !text_ok(out, len)) return JK_EINVAL;
  *out_len = len;
  return JK_OK;
}

jk_rc jk_http_path_relative(const char *path, size_t n, const char **rel) {
  if (n == 0 || path[0] != '/') return JK_EINVAL;
  if (memchr(path, ':', n) || memchr(path, '\0', n) || memchr(path, '\\', n)) return JK_EINVAL;
  if (n == 1) {
    *rel = path + 1;
    return JK_OK;
  }
  /* Every segment between slashes must be non-empty and not start with
     '.', which rules out ".", ".." and hidden files in one test. */
  size_t i = 1;
  while (i < n) {
    size_t j = i;
    while (j < n && path[j] != '/') j++;
    if (j == i) return JK_EINVAL;  /* "//" or a trailing '/' */
    if (path[i] == '.') return JK_EINVAL;
    i = j + 1;
    if (j == n - 1) return JK_EINVAL; /* trailing '/' */
  }
  *rel = path + 1;
  return JK_OK;
}

jk_rc jk_http_query_parse(const char *q, size_t n, char *scratch, size_t scratch_cap,
                          jk_http_param *params, int max, int *nparams) {
  *nparams = 0;
  size_t used = 0;
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && q[j] != '&' && q[j] != ';') j++;
    if (j > i) {
      if (*nparams >= max) return JK_ETOOBIG;
      const char *eq = memchr(q + i, '=', j - i);
      size_t klen = eq ? (size_t)(eq - (q + i)) : j - i;
      const char *v = eq ? eq + 1 : q + j;
      size_t vlen = eq ? (size_t)(q + j - v) : 0;
      if (klen == 0) return JK_EINVAL;
      if (used >= scratch_cap) return JK_ETOOBIG;
      char *kout = scratch + used;
      size_t kl = pct_decode(q + i, klen, kout, scratch_cap - used, 1);
      if (kl == (size_t)-1) return JK_EINVAL;
      if (kl == (size_t)-2) return JK_ETOOBIG;
      if (kl == 0 || memchr(kout, '\0', kl) || !text_ok(kout, kl)) return JK_EINVAL;
      used += kl + 1;
      if (used >= scratch_cap) return JK_ETOOBIG;
      char *vout = scratch + used;
      size_t vl = pct_decode(v, vlen, vout, scratch_cap - used, 1);
      if (vl == (size_t)-1) return JK_EINVAL;
      if (vl == (size_t)-2) return JK_ETOOBIG;
      if (memchr(vout, '\0', vl) || !text_ok(vout, vl)) return JK_EINVAL;
      used += vl + 1;
      params[*nparams].key = kout;
      params[*nparams].val = vout;
      params[*nparams].val_len = vl;
      (*nparams)++;
    }
    i = j + 1;
  }
  return JK_OK;
}

const char *jk_http_param_get(const jk_http_param *params, int n, const char *key) {
  const char *v = NULL;
  for (int i = 0; i < n; i++)
    if (strcmp(params[i].key, key) == 0) v = params[i].val;
  return v;
}

int jk_http_bearer(const char *authz, const char **tok, size_t *len) {
  if (!authz) return -1;
  while (*authz == ' ' || *authz == '\t') authz++;
  static const char scheme[] = "bearer";
  for (size_t i = 0; i < sizeof scheme - 1; i++) {
    char c = authz[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != scheme[i]) return -1;
  }
  const char *p = authz + sizeof scheme - 1;
  if (*p != ' ' && *p != '\t') return -1;
  while (*p == ' ' || *p == '\t') p++;
  size_t n = strlen(p);
  while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
  if (n == 0) return -1;
  *tok = p;
  *len = n;
  return 0;
}

int jk_http_secret_eq(const char *given, size_t given_len, const char *want, size_t want_len) {
  unsigned char a[SHA256_DIGEST_LENGTH], b[SHA256_DIGEST_LENGTH];
  SHA256((const unsigned char *)given, given_len, a);
  SHA256((const unsigned char *)want, want_len, b);
  /* Equal digests of different lengths are out of reach (SHA-256), and
     an empty expected secret never matches: no token, no writes. */
  return want_len > 0 && CRYPTO_memcmp(a, b, sizeof a) == 0;
}

int jk_http_parse_long(const char *s, long lo, long hi, long *out) {
  if (!s || !*s) return -1;
  const char *p = s;
  if (*p == '-') p++;
  if (*p < '0' || *p > '9') return -1;
  for (const char *c = p; *c; c++)
    if (*c < '0' || *c > '9') return -1;
  errno = 0;
  char *end;
  long v = strtol(s, &end, 10);
  if (errno || *end) return -1;
  if (v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

jk_rc jk_http_listen_parse(const char *s, jk_http_listen *out, jk_err *err) {
  memset(out, 0, sizeof *out);
  if (!s || !*s) return jk_err_set(err, JK_EINVAL, "empty listen address: give HOST:PORT, e.g. 127.0.0.1:8080");
  char host[64];
  const char *port;
  if (s[0] == '[') {
    const char *close = strchr(s, ']');
    if (!close || close[1] != ':' || (size_t)(close - s - 1) >= sizeof host)
      return jk_err_set(err, JK_EINVAL, "'%s': an IPv6 address is written [ADDRESS]:PORT", s);
    memcpy(host, s + 1, (size_t)(close - s - 1));
    host[close - s - 1] = '\0';
    port = close + 2;
  } else {
    const char *colon = strrchr(s, ':');
    if (!colon) {
      snprintf(host, sizeof host, "127.0.0.1");
      port = s;
    } else {
      if (memchr(s, ':', (size_t)(colon - s)))
        return jk_err_set(err, JK_EINVAL, "'%s': an IPv6 address is written [ADDRESS]:PORT", s);
      if ((size_t)(colon - s) >= sizeof host) return jk_err_set(err, JK_EINVAL, "'%s': host too long", s);
      memcpy(host, s, (size_t)(colon - s));
      host[colon - s] = '\0';
      if (!host[0]) snprintf(host, sizeof host, "127.0.0.1");
      port = colon + 1;
    }
  }
  long p;
  if (jk_http_parse_long(port, 0, 65535, &p) != 0 || port[0] == '-')
    return jk_err_set(err, JK_EINVAL, "'%s': the port must be a number from 0 to 65535", s);
  if (strcmp(host, "localhost") == 0) snprintf(host, sizeof host, "127.0.0.1");
  struct in_addr a4;
  struct in6_addr a6;
  if (inet_pton(AF_INET, host, &a4) == 1) {
    out->ipv6 = 0;
    out->loopback = (ntohl(a4.s_addr) >> 24) == 127;
  } else if (inet_pton(AF_INET6, host, &a6) == 1) {
    out->ipv6 = 1;
    out->loopback = IN6_IS_ADDR_LOOPBACK(&a6);
  } else {
    return jk_err_set(err, JK_EINVAL,
                      "'%s': the host must be a numeric address (127.0.0.1, ::1) or localhost", s);
  }
  snprintf(out->host, sizeof out->host, "%s", host);
  out->port = (int)p;
  return JK_OK;
}

char *jk_http_log_clean(const char *s, size_t n, char *out, size_t cap) {
  if (cap == 0) return out;
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    out[o++] = (c < 0x20 || c == 0x7F || c == '"') ? '?' : (char)c;
  }
  out[o] = '\0';
  return out;
}

/* ---- the request head ------------------------------------------------------ */

/* RFC 9110 tchar: the bytes of a header name. */
static int is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return 1;
  return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* A byte that may stand in a header value: visible ASCII, space, tab, or
   obs-text (0x80-0xFF).  Never NUL, CR, LF or another control. */
static int is_vchar(unsigned char c) { return c == '\t' || (c >= 0x20 && c != 0x7F); }

static int name_is(const char *p, size_t n, const char *want) {
  return strlen(want) == n && strncasecmp(p, want, n) == 0;
}

/* The request line "METHOD SP TARGET SP HTTP/1.x" in [p, p+n) (no CRLF);
   done is 0 when the line is not complete, and then only what is there
   is judged. */
static int request_line(const char *p, size_t n, int done, size_t max_target, jk_http_head *h) {
  size_t i = 0;
  while (i < n && p[i] >= 'A' && p[i] <= 'Z') i++;
  if (i == n && !done) return i > 16 ? 400 : 1;
  if (i == 0 || i > 16 || p[i] != ' ') return 400;
  size_t t0 = ++i;
  /* Bytes over 0x7F pass (curl and some clients send UTF-8 unescaped);
     the path's decoder judges their UTF-8, as it judges %-escapes. */
  while (i < n && (unsigned char)p[i] > 0x20 && (unsigned char)p[i] != 0x7F) i++;
  if (i - t0 > max_target) return 414;
  if (i == n && !done) return 1;
  if (i == t0 || i == n || p[i] != ' ') return 400;
  i++;
  static const char ver[] = "HTTP/1.";
  size_t vn = n - i;
  if (!done) return (vn <= 8 && memcmp(p + i, "HTTP/", vn < 5 ? vn : 5) == 0) ? 1 : 400;
  if (vn == 8 && memcmp(p + i, ver, 7) == 0 && (p[i + 7] == '0' || p[i + 7] == '1')) {
    h->http11 = p[i + 7] == '1';
    return 0;
  }
  if (vn == 8 && memcmp(p + i, "HTTP/", 5) == 0 && p[i + 5] >= '0' && p[i + 5] <= '9' && p[i + 6] == '.' &&
      p[i + 7] >= '0' && p[i + 7] <= '9')
    return 505;
  return 400;
}

/* One header line "Name: value" (no CRLF). */
static int header_line(const char *p, size_t n, jk_http_head *h) {
  size_t i = 0;
  if (n && (p[0] == ' ' || p[0] == '\t')) return 400; /* obs-fold */
  while (i < n && is_tchar((unsigned char)p[i])) i++;
  if (i == 0 || i == n || p[i] != ':') return 400;
  size_t nl = i++;
  for (size_t k = i; k < n; k++)
    if (!is_vchar((unsigned char)p[k])) return 400;
  while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
  size_t e = n;
  while (e > i && (p[e - 1] == ' ' || p[e - 1] == '\t')) e--;
  const char *v = p + i;
  size_t vl = e - i;
  if (name_is(p, nl, "content-length")) {
    if (vl == 0 || vl > 18) return 400;
    long long x = 0;
    for (size_t k = 0; k < vl; k++) {
      if (v[k] < '0' || v[k] > '9') return 400;
      x = x * 10 + (v[k] - '0');
    }
    if (h->content_length >= 0 && h->content_length != x) return 400;
    h->content_length = x;
  } else if (name_is(p, nl, "transfer-encoding")) {
    h->chunked = 1;
  } else if (name_is(p, nl, "x-forwarded-for")) {
    /* The last hop is the one the proxy in front of us added. */
    const char *c = v + vl;
    while (c > v && c[-1] != ',') c--;
    while (c < v + vl && (*c == ' ' || *c == '\t')) c++;
    h->forwarded = c;
    h->forwarded_len = (size_t)(v + vl - c);
  }
  return 0;
}

int jk_http_head_check(const char *buf, size_t n, size_t max, size_t max_target, jk_http_head *h) {
  memset(h, 0, sizeof *h);
  h->content_length = -1;
  size_t lim = n < max ? n : max;
  size_t line = 0, lines = 0;
  for (size_t i = 0; i < lim; i++) {
    unsigned char c = (unsigned char)buf[i];
    if (c == '\r') {
      if (i + 1 == lim) break; /* the LF may be next */
      if (buf[i + 1] != '\n') return 400;
      int rc;
      if (lines == 0) rc = request_line(buf + line, i - line, 1, max_target, h);
      else if (i == line) {
        h->len = i + 2;
        return 0;
      } else {
        rc = header_line(buf + line, i - line, h);
      }
      if (rc) return rc;
      if (++lines > JK_HTTP_MAX_HEADERS + 1) return 431;
      i++;
      line = i + 1;
    } else if (c == '\n' || c == 0) {
      return 400; /* a bare LF, a NUL */
    }
  }
  if (lines == 0) {
    /* Judge the incomplete request line by what has come. */
    size_t e = lim;
    if (e && buf[e - 1] == '\r') e--;
    int rc = request_line(buf, e, 0, max_target, h);
    if (rc > 1) return rc;
  }
  return n >= max ? 431 : 1;
}
