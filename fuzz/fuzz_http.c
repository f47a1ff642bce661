/*
** fuzz_http.c — libFuzzer target for the request parsing of `jikenbo
** serve` (lib/httpparse.c): request target, %-decoding of the path, the
** path that may be served below the web root, the query string, the
** Authorization header, the listen address, integers, log lines.
**
** The input is used whole as a request target, and NUL-terminated as a
** header value, a listen address and a number.  Promises checked: a
** decoded path is valid UTF-8 with no NUL, control or backslash; a path
** accepted for serving has no empty, "." or ".." segment, no hidden file,
** no ':' and no leading '/'; query keys are non-empty and keys and values
** valid UTF-8 without controls, never more than asked for; the bearer
** token lies inside the header; integers are within their bounds; a
** cleaned log line has no control character or '"'.
**
** fuzz-needs: lib/httpparse.c
** fuzz-seeds: own
** fuzz-dict: http
** fuzz-max-len: 4096
*/
#include "fuzz.h"
#include "../lib/httpparse.h"

static int http_text_ok(const char *p, size_t n) {
  if (!fz_valid_utf8(p, n)) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)p[i];
    if ((c < 0x20 && c != '\t') || c == 0x7F) return 0;
  }
  return 1;
}

static void http_check_relative(const char *path, size_t n) {
  const char *rel = NULL;
  if (jk_http_path_relative(path, n, &rel) != JK_OK) return;
  FZ_CHECK(rel == path + 1);
  size_t rn = n - 1;
  FZ_CHECK(memchr(rel, ':', rn) == NULL && memchr(rel, '\\', rn) == NULL);
  FZ_CHECK(rn == 0 || rel[0] != '/');
  /* Each segment: non-empty, not starting with '.'. */
  size_t i = 0;
  while (i < rn) {
    size_t j = i;
    while (j < rn && rel[j] != '/') j++;
    FZ_CHECK(j > i);
    FZ_CHECK(rel[i] != '.');
    i = j + 1;
  }
}

int fuzz_http(const uint8_t *data, size_t size) {
  const char *in = (const char *)data;
  /* The request target. */
  const char *path = NULL, *query = NULL;
  size_t pl = 0, ql = 0;
  if (jk_http_split_target(in, size, &path, &pl, &query, &ql) == JK_OK) {
    FZ_CHECK(path == in && pl <= size);
    FZ_CHECK(query >= in && query + ql <= in + size);
    FZ_CHECK(memchr(path, '?', pl) == NULL);
    char dec[4096 + 1];
    size_t dl = 0;
    jk_rc rc = jk_http_path_decode(path, pl, dec, sizeof dec, &dl);
    FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ETOOBIG);
    if (rc == JK_OK) {
      FZ_CHECK(dl < sizeof dec && dec[dl] == 0);
      FZ_CHECK(http_text_ok(dec, dl));
      FZ_CHECK(memchr(dec, '\\', dl) == NULL);
      http_check_relative(dec, dl);
    }
    /* Query string, with the scratch size the header asks for. */
    size_t cap = 2 * ql + 2;
    char *scratch = malloc(cap);
    jk_http_param params[JK_HTTP_MAX_PARAMS];
    int np = -1;
    rc = jk_http_query_parse(query, ql, scratch, cap, params, JK_HTTP_MAX_PARAMS, &np);
    FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ETOOBIG);
    if (rc == JK_OK) {
      FZ_CHECK(np >= 0 && np <= JK_HTTP_MAX_PARAMS);
      for (int i = 0; i < np; i++) {
        FZ_CHECK(params[i].key >= scratch && params[i].key < scratch + cap);
        FZ_CHECK(params[i].val >= scratch && params[i].val + params[i].val_len < scratch + cap);
        FZ_CHECK(params[i].key[0] != 0);
        FZ_CHECK(http_text_ok(params[i].key, strlen(params[i].key)));
        FZ_CHECK(strlen(params[i].val) == params[i].val_len);
        FZ_CHECK(http_text_ok(params[i].val, params[i].val_len));
      }
      if (np > 0) FZ_CHECK(jk_http_param_get(params, np, params[np - 1].key) == params[np - 1].val);
    }
    /* A smaller limit on the count is honoured. */
    rc = jk_http_query_parse(query, ql, scratch, cap, params, 2, &np);
    if (rc == JK_OK) FZ_CHECK(np <= 2);
    free(scratch);
  }
  /* The path check on raw bytes too (the server decodes first). */
  http_check_relative(in, size);

  /* As a C string: header value, listen address, integer. */
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = 0;
  const char *tok = NULL;
  size_t tl = 0;
  if (jk_http_bearer(s, &tok, &tl) == 0) {
    FZ_CHECK(tok >= s && tok + tl <= s + strlen(s) && tl > 0);
    FZ_CHECK(jk_http_secret_eq(tok, tl, tok, tl) == 1);
  }
  FZ_CHECK(jk_http_secret_eq(s, strlen(s), "", 0) == 0);
  jk_http_listen L;
  jk_err err = {JK_OK, ""};
  if (jk_http_listen_parse(s, &L, &err) == JK_OK) {
    FZ_CHECK(L.port >= 0 && L.port <= 65535);
    FZ_CHECK(memchr(L.host, 0, sizeof L.host) != NULL && L.host[0]);
  } else {
    FZ_CHECK(err.msg[0] != 0);
  }
  long v = 12345;
  if (jk_http_parse_long(s, -1000, 1000, &v) == 0) FZ_CHECK(v >= -1000 && v <= 1000);
  char clean[128];
  jk_http_log_clean(in, size, clean, sizeof clean);
  for (const char *c = clean; *c; c++) {
    unsigned char u = (unsigned char)*c;
    FZ_CHECK(u >= 0x20 && u != 0x7F && u != '"');
  }
  free(s);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_http(data, size); }
#endif
