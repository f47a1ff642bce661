/* test_httpparse.c — the server's request parsing: paths, traversal,
   query strings, bearer tokens, listen addresses. */
#include "harness.h"
#include "httpparse.h"

static jk_rc decode(const char *in, char *out, size_t cap) {
  size_t n;
  return jk_http_path_decode(in, strlen(in), out, cap, &n);
}

/* Decode then check as a file path: JK_OK only for a path we would open. */
static jk_rc file_path(const char *in, const char **rel) {
  static char buf[512];
  size_t n;
  jk_rc rc = jk_http_path_decode(in, strlen(in), buf, sizeof buf, &n);
  if (rc) return rc;
  return jk_http_path_relative(buf, n, rel);
}

TEST(split_target) {
  const char *p, *q;
  size_t pl, ql;
  const char *t = "/api/incidents?q=x&limit=2#frag";
  CHECK_INT(jk_http_split_target(t, strlen(t), &p, &pl, &q, &ql), JK_OK);
  CHECK_INT(pl, 14);
  CHECK_INT(ql, 11);
  CHECK(memcmp(q, "q=x&limit=2", 11) == 0);
  t = "/";
  CHECK_INT(jk_http_split_target(t, 1, &p, &pl, &q, &ql), JK_OK);
  CHECK_INT(ql, 0);
  CHECK_INT(jk_http_split_target("http://x/", 9, &p, &pl, &q, &ql), JK_EINVAL);
  CHECK_INT(jk_http_split_target("*", 1, &p, &pl, &q, &ql), JK_EINVAL);
}

TEST(path_decoding_is_strict) {
  char out[64];
  CHECK_INT(decode("/js/app.js", out, sizeof out), JK_OK);
  CHECK_STR(out, "/js/app.js");
  CHECK_INT(decode("/%E6%BC%8F%E6%B4%A9", out, sizeof out), JK_OK);
  CHECK_STR(out, "/漏洩");
  CHECK_INT(decode("/a+b", out, sizeof out), JK_OK);
  CHECK_STR(out, "/a+b"); /* '+' is not a space in paths */
  CHECK_INT(decode("/a%00.html", out, sizeof out), JK_EINVAL);   /* NUL */
  CHECK_INT(decode("/a%0a", out, sizeof out), JK_EINVAL);        /* control */
  CHECK_INT(decode("/%c0%ae%c0%ae/x", out, sizeof out), JK_EINVAL); /* overlong '.' */
  CHECK_INT(decode("/%e0%80%ae", out, sizeof out), JK_EINVAL);   /* overlong, 3 bytes */
  CHECK_INT(decode("/%ed%a0%80", out, sizeof out), JK_EINVAL);   /* surrogate */
  CHECK_INT(decode("/%f4%90%80%80", out, sizeof out), JK_EINVAL); /* over U+10FFFF */
  CHECK_INT(decode("/%e6%bc", out, sizeof out), JK_EINVAL);      /* truncated */
  CHECK_INT(decode("/%zz", out, sizeof out), JK_EINVAL);
  CHECK_INT(decode("/%4", out, sizeof out), JK_EINVAL);
  CHECK_INT(decode("/%", out, sizeof out), JK_EINVAL);
  CHECK_INT(decode("/..%5c..%5cwin.ini", out, sizeof out), JK_EINVAL); /* backslash */
  CHECK_INT(decode("/abcdefgh", out, 4), JK_ETOOBIG);
}

TEST(traversal_refused) {
  const char *rel;
  CHECK_INT(file_path("/", &rel), JK_OK);
  CHECK_STR(rel, "");
  CHECK_INT(file_path("/js/app.js", &rel), JK_OK);
  CHECK_STR(rel, "js/app.js");
  CHECK_INT(file_path("/../etc/passwd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/%2e%2e/etc/passwd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/%2E%2E%2Fetc%2Fpasswd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/..%2fetc/passwd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/js/../../etc/passwd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/js/./app.js", &rel), JK_EINVAL);
  CHECK_INT(file_path("//etc/passwd", &rel), JK_EINVAL);
  CHECK_INT(file_path("/.git/config", &rel), JK_EINVAL);
  CHECK_INT(file_path("/js/", &rel), JK_EINVAL);
  CHECK_INT(file_path("/C:/windows", &rel), JK_EINVAL);
  CHECK_INT(file_path("/.%2e/x", &rel), JK_EINVAL);
}

TEST(query_strings) {
  char scratch[256];
  jk_http_param p[8];
  int n;
  const char *q = "q=%E6%BC%8F%E6%B4%A9+x&limit=5&&flag&limit=7";
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, sizeof scratch, p, 8, &n), JK_OK);
  CHECK_INT(n, 4);
  CHECK_STR(jk_http_param_get(p, n, "q"), "漏洩 x");
  CHECK_STR(jk_http_param_get(p, n, "flag"), "");
  CHECK_STR(jk_http_param_get(p, n, "limit"), "7"); /* the last one wins */
  CHECK(jk_http_param_get(p, n, "nope") == NULL);
  q = "q=%00";
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, sizeof scratch, p, 8, &n), JK_EINVAL);
  q = "q=%c0%80";
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, sizeof scratch, p, 8, &n), JK_EINVAL);
  q = "=x";
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, sizeof scratch, p, 8, &n), JK_EINVAL);
  q = "a=1&b=2&c=3";
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, sizeof scratch, p, 2, &n), JK_ETOOBIG);
  CHECK_INT(jk_http_query_parse(q, strlen(q), scratch, 4, p, 8, &n), JK_ETOOBIG);
  CHECK_INT(jk_http_query_parse("", 0, scratch, sizeof scratch, p, 8, &n), JK_OK);
  CHECK_INT(n, 0);
}

TEST(bearer_and_secrets) {
  const char *tok;
  size_t n;
  CHECK_INT(jk_http_bearer("Bearer abc123", &tok, &n), 0);
  CHECK_INT(n, 6);
  CHECK(memcmp(tok, "abc123", 6) == 0);
  CHECK_INT(jk_http_bearer("  bearer   abc  ", &tok, &n), 0);
  CHECK_INT(n, 3);
  CHECK_INT(jk_http_bearer("Basic abc", &tok, &n), -1);
  CHECK_INT(jk_http_bearer("Bearer", &tok, &n), -1);
  CHECK_INT(jk_http_bearer("Bearer ", &tok, &n), -1);
  CHECK_INT(jk_http_bearer("Bearerabc", &tok, &n), -1);
  CHECK_INT(jk_http_bearer(NULL, &tok, &n), -1);
  CHECK_INT(jk_http_secret_eq("s3cret-token-123", 16, "s3cret-token-123", 16), 1);
  CHECK_INT(jk_http_secret_eq("s3cret-token-124", 16, "s3cret-token-123", 16), 0);
  CHECK_INT(jk_http_secret_eq("s3cret-token-12", 15, "s3cret-token-123", 16), 0);
  CHECK_INT(jk_http_secret_eq("", 0, "", 0), 0); /* no token configured: never equal */
}

TEST(listen_addresses) {
  jk_http_listen a;
  jk_err err;
  CHECK_INT(jk_http_listen_parse("127.0.0.1:8080", &a, &err), JK_OK);
  CHECK_STR(a.host, "127.0.0.1");
  CHECK_INT(a.port, 8080);
  CHECK_INT(a.loopback, 1);
  CHECK_INT(jk_http_listen_parse("localhost:0", &a, &err), JK_OK);
  CHECK_INT(a.loopback, 1);
  CHECK_INT(a.port, 0);
  CHECK_INT(jk_http_listen_parse("9000", &a, &err), JK_OK);
  CHECK_STR(a.host, "127.0.0.1");
  CHECK_INT(jk_http_listen_parse("[::1]:8080", &a, &err), JK_OK);
  CHECK_INT(a.ipv6, 1);
  CHECK_INT(a.loopback, 1);
  CHECK_INT(jk_http_listen_parse("0.0.0.0:8080", &a, &err), JK_OK);
  CHECK_INT(a.loopback, 0);
  CHECK_INT(jk_http_listen_parse("example.com:80", &a, &err), JK_EINVAL);
  CHECK_INT(jk_http_listen_parse("127.0.0.1:65536", &a, &err), JK_EINVAL);
  CHECK_INT(jk_http_listen_parse("127.0.0.1:-1", &a, &err), JK_EINVAL);
  CHECK_INT(jk_http_listen_parse("::1:80", &a, &err), JK_EINVAL);
  CHECK_INT(jk_http_listen_parse("", &a, &err), JK_EINVAL);
}

TEST(numbers_and_log_lines) {
  long v;
  CHECK_INT(jk_http_parse_long("20", 1, 100, &v), 0);
  CHECK_INT(v, 20);
  CHECK_INT(jk_http_parse_long("0", 1, 100, &v), -1);
  CHECK_INT(jk_http_parse_long("101", 1, 100, &v), -1);
  CHECK_INT(jk_http_parse_long("1e3", 1, 10000, &v), -1);
  CHECK_INT(jk_http_parse_long(" 5", 1, 100, &v), -1);
  CHECK_INT(jk_http_parse_long("+5", 1, 100, &v), -1);
  CHECK_INT(jk_http_parse_long("99999999999999999999", 0, 100, &v), -1);
  char out[32];
  CHECK_STR(jk_http_log_clean("/a\nb\"c", 6, out, sizeof out), "/a?b?c");
  CHECK_STR(jk_http_log_clean("abcdef", 6, out, 4), "abc");
}
