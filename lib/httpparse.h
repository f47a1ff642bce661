/*
** httpparse.h — the request parsing `jikenbo serve` relies on, as pure
** functions over bytes (no sockets, no allocation, no HTTP library), so
** that they can be unit-tested and fuzzed on their own.
**
**   request target  -> path + query         jk_http_split_target
**   %-escaped path  -> checked UTF-8 path   jk_http_path_decode
**   decoded path    -> safe relative path   jk_http_path_relative
**   query string    -> key/value pairs      jk_http_query_parse
**   Authorization   -> bearer token         jk_http_bearer
**   two secrets     -> equal? (const time)  jk_http_secret_eq
**   "HOST:PORT"     -> address + port       jk_http_listen_parse
**   decimal text    -> bounded integer      jk_http_parse_long
**   bytes received  -> a whole, sane head?  jk_http_head_check
**
** Everything here is strict on purpose: a request that is ambiguous
** (a NUL byte, an overlong UTF-8 form, a '..' segment, a backslash) is
** refused rather than repaired, because repairing is where traversal and
** filter-bypass bugs live.
*/
#ifndef JK_HTTPPARSE_H
#define JK_HTTPPARSE_H

#include "jikenbo.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Split a raw request target ("/api/incidents?q=x#frag") into the path
** and the query (without '?'; a fragment, which clients never send, is
** dropped).  path and query point into target.  A target that does not
** start with '/' (absolute-form "http://…", "*") gives JK_EINVAL.
*/
jk_rc jk_http_split_target(const char *target, size_t n, const char **path, size_t *path_len,
                           const char **query, size_t *query_len);

/*
** Decode %XX escapes of a path into out (cap bytes, NUL-terminated).
** '+' stays '+' in paths.  Refused with JK_EINVAL: a bad escape, a
** decoded NUL or other control character, a backslash, invalid UTF-8
** (overlong forms, surrogates, truncated sequences).  JK_ETOOBIG when
** out is too small.  *out_len gets the decoded length.
*/
jk_rc jk_http_path_decode(const char *in, size_t n, char *out, size_t cap, size_t *out_len);

/*
** Check a decoded path for serving a file below a web root and return
** the part after the leading '/' in *rel (pointing into path).  Refused
** (JK_EINVAL): no leading '/', empty segments ("//"), "." and ".."
** segments, segments starting with '.' (hidden files), a ':' anywhere.
** "/" gives rel "" (the caller serves its index).
*/
jk_rc jk_http_path_relative(const char *path, size_t n, const char **rel);

/* One decoded query parameter; strings are NUL-terminated in scratch. */
typedef struct jk_http_param {
  const char *key;
  const char *val; /* "" for "key" without '=' */
  size_t val_len;
} jk_http_param;

/* How many parameters a query may have. */
#define JK_HTTP_MAX_PARAMS 32

/*
** Parse an application/x-www-form-urlencoded query ("a=1&b=x+y&c=%E6")
** into params (at most max), decoding '+' as space and %XX escapes into
** scratch, which needs at least 2*n+2 bytes.  Empty pieces ("a=1&&b=2")
** are skipped.  Refused with JK_EINVAL: bad escapes, a decoded NUL or
** control character, invalid UTF-8, an empty key.  JK_ETOOBIG: more than
** max parameters, or scratch too small.
*/
jk_rc jk_http_query_parse(const char *q, size_t n, char *scratch, size_t scratch_cap,
                          jk_http_param *params, int max, int *nparams);

/* The value of key among params, or NULL.  A key given twice: the last. */
const char *jk_http_param_get(const jk_http_param *params, int n, const char *key);

/*
** The token of an "Authorization: Bearer TOKEN" header value: the scheme
** is matched case-insensitively, surrounding blanks are skipped.  Returns
** 0 and sets *tok and *len, or -1 when the value is not a bearer credential.
*/
int jk_http_bearer(const char *authz, const char **tok, size_t *len);

/*
** Compare a presented secret with the expected one in time that depends
** on neither content nor length (both are hashed with SHA-256 and the
** digests compared with CRYPTO_memcmp).  Returns 1 when equal.
*/
int jk_http_secret_eq(const char *given, size_t given_len, const char *want, size_t want_len);

/* A listening address. */
typedef struct jk_http_listen {
  char host[64];  /* numeric address: "127.0.0.1", "::1", "0.0.0.0" */
  int port;       /* 0..65535 (0: the system picks) */
  int ipv6;       /* 1 for an IPv6 address */
  int loopback;   /* 1 for 127.0.0.0/8 and ::1 */
} jk_http_listen;

/*
** Parse "HOST:PORT", "[V6]:PORT", ":PORT" or "PORT" (host 127.0.0.1).
** HOST is a numeric IPv4/IPv6 address or "localhost" (127.0.0.1); names
** are refused so that where the server listens never depends on DNS.
*/
jk_rc jk_http_listen_parse(const char *s, jk_http_listen *out, jk_err *err);

/*
** Parse a whole string as a decimal integer within [lo, hi].  Returns 0
** and sets *out, or -1 (empty, signs other than a leading '-', junk,
** overflow, out of range).
*/
int jk_http_parse_long(const char *s, long lo, long hi, long *out);

/*
** Copy s into out (cap bytes, NUL-terminated) for a log line: bytes
** below 0x20, DEL and '"' become '?', so that a request cannot forge or
** split log lines.  Returns out.
*/
char *jk_http_log_clean(const char *s, size_t n, char *out, size_t cap);

/* What jk_http_head_check learnt from a complete, well-formed head. */
typedef struct jk_http_head {
  size_t len;                /* bytes of the head, the blank line included */
  int http11;                /* HTTP/1.1 (else 1.0) */
  long long content_length;  /* -1: no Content-Length */
  int chunked;               /* a Transfer-Encoding header is present */
  const char *forwarded;     /* last address of X-Forwarded-For (into buf), or NULL */
  size_t forwarded_len;
} jk_http_head;

/* Most header lines a head may have. */
#define JK_HTTP_MAX_HEADERS 64

/*
** Look at the first n bytes received on a connection and say whether they
** hold a whole HTTP/1.x request head (request line, header lines, blank
** line) that a strict reader accepts.  Returns:
**   0    complete and well-formed; *h filled (len: where the body starts);
**   1    not complete yet: wait for more bytes;
**   400  malformed: a bare LF, a control byte or NUL, a method that is not
**        1-16 capital letters, a target with a space or a byte outside
**        0x21-0x7E, a header name that is not a token, a space before ':',
**        a folded line, Content-Length not digits or given twice apart;
**   414  a request target over max_target bytes;
**   431  no blank line within max bytes, or over JK_HTTP_MAX_HEADERS lines;
**   505  an HTTP version other than 1.0 and 1.1.
** Decided as early as the bytes allow: a bad request line is 400 before
** the rest of the head arrives.  Never reads past n.
*/
int jk_http_head_check(const char *buf, size_t n, size_t max, size_t max_target, jk_http_head *h);

#ifdef __cplusplus
}
#endif
#endif /* JK_HTTPPARSE_H */
