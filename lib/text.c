/*
** text.c — small helpers over UTF-8 byte ranges.
**
** Extractors work on normalised text as (pointer, length) pairs, never on
** NUL-terminated copies, so that spans map straight to evidence offsets.
*/
#include "jk_int.h"

const char *jk_memmem(const char *h, size_t hn, const char *n, size_t nn) {
  if (nn == 0) return h;
  if (hn < nn) return NULL;
  /* Short haystacks (a clause, a line) are most calls: a plain scan on the
     first two bytes beats memmem's set-up.  Long ones get glibc's two-way
     memmem — a first-byte scan is slow on Japanese, where most characters
     share their lead byte. */
  if (hn < 512 && nn >= 2) {
    const char *end = h + hn - nn;
    char a = n[0], b = n[1];
    /* Japanese shares lead bytes (E3 81 is most hiragana): the third byte
       settles most candidates before memcmp. */
    if (nn >= 3) {
      char c = n[2];
      for (const char *p = h; p <= end; p++)
        if (p[0] == a && p[1] == b && p[2] == c && (nn == 3 || memcmp(p + 3, n + 3, nn - 3) == 0)) return p;
      return NULL;
    }
    for (const char *p = h; p <= end; p++)
      if (p[0] == a && p[1] == b) return p;
    return NULL;
  }
  return memmem(h, hn, n, nn);
}

size_t jk_cp_len_slow(const char *p, size_t n) {
  if (n == 0) return 0;
  unsigned c = (unsigned char)p[0];
  size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (k > n) k = n;
  for (size_t i = 1; i < k; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80) return i;
  return k;
}

size_t jk_cp_count(const char *p, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)p[i] & 0xC0) != 0x80) c++;
  return c;
}

const char *jk_cp_prev(const char *start, const char *p) {
  if (p <= start) return start;
  p--;
  while (p > start && ((unsigned char)*p & 0xC0) == 0x80) p--;
  return p;
}

size_t jk_skip_space(const char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    if (p[i] == ' ' || p[i] == '\t') {
      i++;
    } else if (n - i >= 3 && memcmp(p + i, "\xE3\x80\x80", 3) == 0) {
      i += 3;
    } else {
      break;
    }
  }
  return i;
}

void jk_trim(const char **pp, size_t *pn) {
  const char *p = *pp;
  size_t n = *pn;
  size_t k = jk_skip_space(p, n);
  p += k;
  n -= k;
  while (n > 0) {
    if (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n') {
      n--;
    } else if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0) {
      n -= 3;
    } else {
      break;
    }
  }
  *pp = p;
  *pn = n;
}

bool jk_blank(const char *p, size_t n) {
  jk_trim(&p, &n);
  return n == 0;
}

static unsigned cp_at(const char *p, size_t n) {
  uint32_t cp = 0;
  if (!jk_utf8_decode(p, n, &cp)) return 0;
  return cp;
}

bool jk_is_kanji_at(const char *p, size_t n) {
  unsigned c = cp_at(p, n);
  /* Unified ideographs, extension A, the compatibility ideographs NFKC
     keeps (﨑 U+FA11 in 髙﨑), extensions B and on (𠮷), and 々. */
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3134F) || c == 0x3005;
}

bool jk_is_kana_at(const char *p, size_t n) {
  unsigned c = cp_at(p, n);
  return (c >= 0x3041 && c <= 0x30FF);
}

void jk_line_at(const char *t, size_t n, size_t off, size_t *ls, size_t *le) {
  if (off > n) off = n;
  size_t s = off;
  while (s > 0 && t[s - 1] != '\n') s--;
  size_t e = off;
  while (e < n && t[e] != '\n') e++;
  *ls = s;
  *le = e;
}

bool jk_ends_any(const char *p, size_t n, const char *const *words, size_t nwords) {
  for (size_t i = 0; i < nwords; i++)
    if (jk_ends(p, n, words[i])) return true;
  return false;
}

bool jk_starts_any(const char *p, size_t n, const char *const *words, size_t nwords, size_t *len) {
  for (size_t i = 0; i < nwords; i++)
    if (jk_starts(p, n, words[i])) {
      if (len) *len = strlen(words[i]);
      return true;
    }
  return false;
}
