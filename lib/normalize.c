/*
** normalize.c — text normalisation: bytes in, clean NFKC UTF-8 out.
**
** Notices are typed by hand and copied from PDFs, so the same character
** comes in many forms: full-width digits (２０２３), ideographic spaces,
** Kangxi radicals that look like ordinary kanji (⽴ U+2F74 for 立).  NFKC
** (done by utf8proc, not by us) folds them so that extractors see one form.
**
** Around NFKC this file does what utf8proc will not: it repairs invalid
** UTF-8 (U+FFFD, with a warning naming the byte offset), drops CR (so CRLF
** files read as LF) and other control characters.  It keeps line structure so that
** line numbers in warnings and gold keys mean the same in raw and
** normalised text.
*/
#include "jikenbo.h"

#include <stdbool.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/*
** Most Japanese text is already in NFKC: kana and kanji have no
** decomposition and compose with nothing that follows unless a combining
** mark does.  A line made only of such code points is left as it is; any
** other goes through utf8proc.  stable[] marks those code points of the
** BMP, from utf8proc's own tables (built once).
*/
static unsigned char stable[0x10000 / 8];
static pthread_once_t stable_once = PTHREAD_ONCE_INIT;

static void build_stable(void) {
  for (uint32_t cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    /* が decomposes canonically to か+゛ and composes back: stable.  A
       compatibility mapping (full width, ①, ⽴) or an excluded composition
       is not. */
    if (p->combining_class != 0) continue;
    bool keeps = p->decomp_seqindex == UINT16_MAX;
    if (!keeps) {
      /* Ask utf8proc itself: singletons (U+0374) and exclusions change. */
      utf8proc_uint8_t one[8];
      utf8proc_ssize_t k = utf8proc_encode_char((utf8proc_int32_t)cp, one);
      one[k] = 0;
      utf8proc_uint8_t *out = utf8proc_NFKC(one);
      keeps = out && strcmp((const char *)out, (const char *)one) == 0;
      free(out);
    }
    if (!keeps) continue;
    if (p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
        p->category == UTF8PROC_CATEGORY_ME)
      continue;
    /* Hangul composes starter with starter (L+V, LV+T). */
    if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xAC00 && cp <= 0xD7FF)) continue;
    stable[cp >> 3] |= (unsigned char)(1u << (cp & 7));
  }
}

static inline bool is_stable(uint32_t cp) { return cp < 0x10000 && (stable[cp >> 3] >> (cp & 7) & 1); }

static inline int decode(const char *s, size_t len, uint32_t *cp) {
  const unsigned char *p = (const unsigned char *)s;
  if (len == 0) return 0;
  unsigned c = p[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2; v = c & 0x1F; min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3; v = c & 0x0F; min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4; v = c & 0x07; min = 0x10000;
  } else {
    return 0;
  }
  if (len < (size_t)n) return 0;
  for (int i = 1; i < n; i++) {
    if ((p[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (p[i] & 0x3F);
  }
  /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

int jk_utf8_decode(const char *s, size_t len, uint32_t *cp) { return decode(s, len, cp); }

size_t jk_utf8_valid_prefix(const char *p, size_t len) {
  size_t i = 0;
  while (i < len) {
    if ((unsigned char)p[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    int n = jk_utf8_decode(p + i, len - i, &cp);
    if (!n) break;
    i += (size_t)n;
  }
  return i;
}

/* Characters NFKC leaves alone that extractors want in one form. */
static uint32_t fold_extra(uint32_t cp) {
  switch (cp) {
  case 0x301C: /* WAVE DASH, as in 9月1日〜11月24日 */
  case 0xFF5E: return '~';
  case 0x2212: /* MINUS SIGN */
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: return '-';
  default: return cp;
  }
}

static int is_dropped_control(uint32_t cp) {
  if (cp == '\t' || cp == '\n') return 0;
  if (cp < 0x20 || cp == 0x7F) return 1;
  if (cp >= 0x80 && cp <= 0x9F) return 1;
  if (cp == 0xFEFF) return 1; /* BOM / zero-width no-break space */
  if (cp == 0x200B) return 1; /* zero-width space */
  return 0;
}

static jk_rc put_cp(jk_buf *b, uint32_t cp) {
  char tmp[4];
  utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)tmp);
  return jk_buf_append(b, tmp, (size_t)n);
}

/*
** Clean one line (no LF inside; a CR is dropped like other controls):
** repair UTF-8, drop controls, fold extras into tmp; then append its NFKC
** form to out.  base and line place warnings in the document.  Pure-ASCII lines skip utf8proc, for
** which NFKC is the identity.
*/
jk_rc jk_normalize_line(const char *p, size_t n, long long base, int line,
                            jk_buf *tmp, jk_buf *out, jk_diags *diags) {
  int ascii = 1, nfkc = 1; /* nfkc: every code point is NFKC-stable */
  pthread_once(&stable_once, build_stable);
  jk_buf_reset(tmp);
  if (jk_buf_reserve(tmp, n + 8)) return JK_ENOMEM;
  /* Bytes that need no change are copied in runs; only repairs, drops and
     folds break a run. */
  size_t run = 0;
#define FLUSH(upto)                                                   \
  do {                                                                \
    if ((upto) > run && jk_buf_append(tmp, p + run, (upto) - run)) return JK_ENOMEM; \
  } while (0)
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)p[i];
    if (c < 0x80) {
      if (is_dropped_control(c)) {
        FLUSH(i);
        run = i + 1;
      }
      i++;
      continue;
    }
    uint32_t cp;
    int k = decode(p + i, n - i, &cp);
    if (!k) {
      FLUSH(i);
      jk_diags_add(diags, line, base + (long long)i,
                   "invalid UTF-8 byte 0x%02X replaced by U+FFFD", c);
      if (put_cp(tmp, 0xFFFD)) return JK_ENOMEM;
      ascii = 0;
      nfkc = 0;
      i++;
      run = i;
      continue;
    }
    if (is_dropped_control(cp)) {
      FLUSH(i);
      i += (size_t)k;
      run = i;
      continue;
    }
    uint32_t f = fold_extra(cp);
    if (f != cp) {
      FLUSH(i);
      if (put_cp(tmp, f)) return JK_ENOMEM;
      i += (size_t)k;
      run = i;
      if (f >= 0x80) ascii = 0;
      continue;
    }
    ascii = 0;
    if (nfkc && !is_stable(cp)) nfkc = 0;
    i += (size_t)k;
  }
  FLUSH(n);
#undef FLUSH
  if (ascii || nfkc || tmp->len == 0) return jk_buf_append(out, tmp->p ? tmp->p : "", tmp->len);

  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)tmp->p, (utf8proc_ssize_t)tmp->len, &dst,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  if (m < 0) {
    free(dst);
    if (m == UTF8PROC_ERROR_NOMEM) return JK_ENOMEM;
    /* Cannot happen on repaired input; keep the un-normalised line. */
    jk_diags_add(diags, line, base, "NFKC failed (%s); line kept as is",
                 utf8proc_errmsg(m));
    return jk_buf_append(out, tmp->p, tmp->len);
  }
  /* NFKC itself can produce a character we fold (U+2011 → U+2010, ₋ →
     U+2212): fold its output too, so that normalising twice changes
     nothing. */
  jk_rc rc = JK_OK;
  for (utf8proc_ssize_t i = 0; i < m && rc == JK_OK;) {
    uint32_t cp;
    int k = jk_utf8_decode((const char *)dst + i, (size_t)(m - i), &cp);
    if (k <= 0) { /* cannot happen: utf8proc writes valid UTF-8 */
      rc = jk_buf_append(out, dst + i, 1);
      i++;
      continue;
    }
    uint32_t f = fold_extra(cp);
    rc = f == cp ? jk_buf_append(out, dst + i, (size_t)k) : put_cp(out, f);
    i += k;
  }
  free(dst);
  return rc;
}

jk_rc jk_normalize(const char *in, size_t len, jk_buf *out, jk_diags *diags) {
  jk_buf tmp;
  jk_buf_init(&tmp);
  jk_rc rc = JK_OK;
  int line = 1;
  size_t i = 0;
  if (jk_buf_reserve(out, len)) return JK_ENOMEM;
  while (i < len && rc == JK_OK) {
    size_t j = i;
    while (j < len && in[j] != '\n') j++;
    rc = jk_normalize_line(in + i, j - i, (long long)i, line, &tmp, out, diags);
    if (rc) break;
    if (j < len) {
      rc = jk_buf_putc(out, '\n');
      line++;
      j++;
    }
    i = j;
  }
  jk_buf_free(&tmp);
  if (!out->p) rc = rc ? rc : jk_buf_reserve(out, 0);
  return rc;
}
