/*
** buf.c — growable byte buffers (jk_buf).
**
** Used everywhere text is built: normalisation output, JSON, SQL.  The
** buffer is always NUL-terminated once it has memory, so p can be used as
** a C string when the content has no embedded NULs.
*/
#include "jk_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void jk_buf_init(jk_buf *b) {
  b->p = NULL;
  b->len = 0;
  b->cap = 0;
  b->oom = 0;
}

void jk_buf_free(jk_buf *b) {
  free(b->p);
  jk_buf_init(b);
}

void jk_buf_reset(jk_buf *b) {
  b->len = 0;
  b->oom = 0;
  if (b->p) b->p[0] = 0;
}

jk_rc jk_buf_reserve(jk_buf *b, size_t extra) {
  if (extra > SIZE_MAX / 2 - b->len) {
    b->oom = 1;
    return JK_ENOMEM;
  }
  size_t need = b->len + extra + 1;
  if (need <= b->cap) return JK_OK;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) {
    b->oom = 1;
    return JK_ENOMEM;
  }
  b->p = p;
  b->cap = cap;
  b->p[b->len] = 0;
  return JK_OK;
}

jk_rc jk_buf_append(jk_buf *b, const void *p, size_t n) {
  if (jk_buf_reserve(b, n)) return JK_ENOMEM;
  if (n) memcpy(b->p + b->len, p, n);
  b->len += n;
  b->p[b->len] = 0;
  return JK_OK;
}

jk_rc jk_buf_puts(jk_buf *b, const char *s) { return jk_buf_append(b, s, strlen(s)); }

jk_rc jk_buf_putc(jk_buf *b, char c) { return jk_buf_append(b, &c, 1); }

jk_rc jk_buf_printf(jk_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || jk_buf_reserve(b, (size_t)n)) {
    va_end(ap2);
    return JK_ENOMEM;
  }
  vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  b->len += (size_t)n;
  return JK_OK;
}

char *jk_buf_detach(jk_buf *b, size_t *len) {
  if (!b->p && jk_buf_reserve(b, 0)) return NULL;
  char *p = b->p;
  if (len) *len = b->len;
  jk_buf_init(b);
  return p;
}

int jk_ids_push(long long **v, size_t *n, size_t *cap, long long id) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 64;
    long long *w = realloc(*v, c * sizeof *w);
    if (!w) return -1;
    *v = w;
    *cap = c;
  }
  (*v)[(*n)++] = id;
  return 0;
}
