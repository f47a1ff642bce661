/*
** extract_helpers.h — what the extraction tests share: extract a string
** (checking it succeeds) and read an evidence span's text.
*/
#ifndef JK_EXTRACT_HELPERS_H
#define JK_EXTRACT_HELPERS_H

#include "harness.h"
#include "jikenbo.h"

static jk_record *ex(const char *text) {
  jk_record *r = NULL;
  CHECK(jk_extract_text(text, strlen(text), &r) == JK_OK);
  return r;
}

/* The evidence span's text (a static buffer: use before the next call). */
static inline char *ev(const jk_record *r, jk_span s) {
  static char buf[512];
  size_t n = s.len < sizeof buf - 1 ? s.len : sizeof buf - 1;
  if ((size_t)s.off + s.len > r->text_len) return "(out of range)";
  memcpy(buf, r->text + s.off, n);
  buf[n] = 0;
  return buf;
}

#endif
