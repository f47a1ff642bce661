/*
** charset.c — which character set a page is in, and decoding it to UTF-8.
**
** Japanese sites still serve Shift_JIS and EUC-JP, and often say so only in
** a <meta> tag, or say "UTF-8" in the HTTP header while the bytes are
** Shift_JIS.  The order follows the WHATWG rules (BOM, HTTP header, meta
** prescan), with one repair browsers also make in practice: a declaration
** the bytes plainly contradict (invalid UTF-8 that decodes cleanly as
** Shift_JIS) loses to the bytes.  Decoding is iconv; names are mapped to
** the superset iconv knows (Shift_JIS -> CP932, EUC-JP -> EUC-JP-MS) since
** Japanese sites use the vendor characters (①, ㈱) that strict tables lack.
*/
#include "web.h"
#include "jk_int.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <strings.h>

size_t jk_utf8_valid_len(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) {
      /* ASCII runs (markup) eight bytes at a time */
      while (i + 8 <= n) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull) break;
        i += 8;
      }
      while (i < n && p[i] < 0x80) i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      if (i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
        i += 2;
        continue;
      }
      return i;
    }
    if (c >= 0xE0 && c <= 0xEF) {
      if (i + 2 >= n) return i;
      unsigned c1 = p[i + 1];
      unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF; /* no overlongs, no surrogates */
      if (c1 < lo || c1 > hi || (p[i + 2] & 0xC0) != 0x80) return i;
      i += 3;
      continue;
    }
    if (c >= 0xF0 && c <= 0xF4) {
      if (i + 3 >= n) return i;
      unsigned c1 = p[i + 1];
      unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
      if (c1 < lo || c1 > hi || (p[i + 2] & 0xC0) != 0x80 || (p[i + 3] & 0xC0) != 0x80) return i;
      i += 4;
      continue;
    }
    return i;
  }
  return n;
}

/* Charset labels as written on the web -> the name iconv knows. */
static const struct {
  const char *label;
  const char *iconv;
} charset_names[] = {
    {"utf-8", "UTF-8"},          {"utf8", "UTF-8"},          {"unicode-1-1-utf-8", "UTF-8"},
    {"shift_jis", "CP932"},      {"shift-jis", "CP932"},     {"sjis", "CP932"},
    {"x-sjis", "CP932"},         {"ms_kanji", "CP932"},      {"csshiftjis", "CP932"},
    {"windows-31j", "CP932"},    {"cp932", "CP932"},         {"ms932", "CP932"},
    {"x-ms-cp932", "CP932"},     {"euc-jp", "EUC-JP-MS"},    {"x-euc-jp", "EUC-JP-MS"},
    {"eucjp", "EUC-JP-MS"},      {"cseucpkdfmtjapanese", "EUC-JP-MS"},
    {"iso-2022-jp", "ISO-2022-JP-3"}, {"csiso2022jp", "ISO-2022-JP-3"}, {"jis", "ISO-2022-JP-3"},
    {"utf-16", "UTF-16"},        {"utf-16le", "UTF-16LE"},   {"utf-16be", "UTF-16BE"},
    {"us-ascii", "CP1252"},      {"ascii", "CP1252"},        {"iso-8859-1", "CP1252"},
    {"latin1", "CP1252"},        {"windows-1252", "CP1252"}, {"iso8859-1", "CP1252"},
};

/* Canonical iconv name for a label (trimmed, quotes dropped); "" if none. */
static void canon_charset(const char *label, size_t n, char *out, size_t outn) {
  while (n && (isspace((unsigned char)*label) || *label == '"' || *label == '\'')) label++, n--;
  while (n && (isspace((unsigned char)label[n - 1]) || label[n - 1] == '"' || label[n - 1] == '\'' ||
               label[n - 1] == ';'))
    n--;
  out[0] = 0;
  if (n == 0 || n >= 40) return;
  char low[40];
  for (size_t i = 0; i < n; i++) low[i] = (char)tolower((unsigned char)label[i]);
  low[n] = 0;
  for (size_t i = 0; i < sizeof charset_names / sizeof charset_names[0]; i++)
    if (strcmp(low, charset_names[i].label) == 0) {
      snprintf(out, outn, "%s", charset_names[i].iconv);
      return;
    }
  /* Unknown to the table: let iconv judge it later (kept as written). */
  for (size_t i = 0; i < n; i++)
    if (!(isalnum((unsigned char)low[i]) || low[i] == '-' || low[i] == '_' || low[i] == '.' ||
          low[i] == ':'))
      return;
  snprintf(out, outn, "%s", low);
}

/* Case-insensitive search of needle in [p, p+n). */
static const char *find_ci(const char *p, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = 0; i + k <= n; i++)
    if (strncasecmp(p + i, needle, k) == 0) return p + i;
  return NULL;
}

/* The value after charset= in a Content-Type-like string. */
static void charset_param(const char *s, size_t n, char *out, size_t outn) {
  out[0] = 0;
  const char *c = find_ci(s, n, "charset");
  if (!c) return;
  size_t i = (size_t)(c - s) + 7;
  while (i < n && isspace((unsigned char)s[i])) i++;
  if (i >= n || s[i] != '=') return;
  i++;
  while (i < n && (isspace((unsigned char)s[i]) || s[i] == '"' || s[i] == '\'')) i++;
  size_t st = i;
  while (i < n && !isspace((unsigned char)s[i]) && s[i] != ';' && s[i] != '"' && s[i] != '\'' &&
         s[i] != '>')
    i++;
  canon_charset(s + st, i - st, out, outn);
}

/*
** The charset a <meta> in the first 16 KiB declares (or an XML
** declaration's encoding=), "" if none.  A small attribute scanner: enough
** for <meta charset=x>, <meta http-equiv=Content-Type content="…; charset=x">.
*/
static void meta_charset(const char *p, size_t n, char *out, size_t outn) {
  out[0] = 0;
  if (n > 16384) n = 16384;
  if (n > 5 && memcmp(p, "<?xml", 5) == 0) {
    const char *e = memchr(p, '>', n);
    const char *enc = e ? find_ci(p, (size_t)(e - p), "encoding") : NULL;
    if (enc) {
      const char *q = enc + 8;
      while (q < e && (*q == '=' || *q == ' ' || *q == '"' || *q == '\'')) q++;
      const char *qe = q;
      while (qe < e && *qe != '"' && *qe != '\'' && *qe != '?' && *qe != ' ') qe++;
      canon_charset(q, (size_t)(qe - q), out, outn);
      if (out[0]) return;
    }
  }
  const char *end = p + n;
  const char *m = p;
  while ((m = find_ci(m, (size_t)(end - m), "<meta")) != NULL) {
    const char *q = m + 5;
    const char *gt = memchr(q, '>', (size_t)(end - q));
    if (!gt) return;
    int http_equiv_ct = 0;
    char content_cs[40] = "";
    while (q < gt) {
      while (q < gt && (isspace((unsigned char)*q) || *q == '/')) q++;
      const char *an = q;
      while (q < gt && *q != '=' && !isspace((unsigned char)*q) && *q != '/') q++;
      size_t anl = (size_t)(q - an);
      while (q < gt && isspace((unsigned char)*q)) q++;
      const char *av = q, *ave = q;
      if (q < gt && *q == '=') {
        q++;
        while (q < gt && isspace((unsigned char)*q)) q++;
        if (q < gt && (*q == '"' || *q == '\'')) {
          char quote = *q++;
          av = q;
          while (q < gt && *q != quote) q++;
          ave = q;
          if (q < gt) q++;
        } else {
          av = q;
          while (q < gt && !isspace((unsigned char)*q)) q++;
          ave = q;
        }
      }
      if (anl == 0) {
        if (q < gt) q++;
        continue;
      }
      if (anl == 7 && strncasecmp(an, "charset", 7) == 0) {
        canon_charset(av, (size_t)(ave - av), out, outn);
        if (out[0]) return;
      } else if (anl == 10 && strncasecmp(an, "http-equiv", 10) == 0) {
        http_equiv_ct = (size_t)(ave - av) == 12 && strncasecmp(av, "content-type", 12) == 0;
      } else if (anl == 7 && strncasecmp(an, "content", 7) == 0) {
        charset_param(av, (size_t)(ave - av), content_cs, sizeof content_cs);
      }
    }
    if (http_equiv_ct && content_cs[0]) {
      snprintf(out, outn, "%s", content_cs);
      return;
    }
    m = gt;
  }
}

/* Count the bytes of p that fail to decode in charset (strictly), or
   SIZE_MAX if iconv does not know it.  Stops counting at limit. */
static size_t decode_errors(const char *p, size_t n, const char *charset, size_t limit) {
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1) return (size_t)-1;
  char tmp[4096];
  char *in = (char *)p;
  size_t left = n, bad = 0;
  while (left > 0 && bad < limit) {
    char *o = tmp;
    size_t ol = sizeof tmp;
    size_t r = iconv(cd, &in, &left, &o, &ol);
    if (r == (size_t)-1) {
      if (errno == E2BIG) continue;
      bad++;
      if (errno == EINVAL) break; /* cut short at the end */
      in++, left--;
    }
  }
  iconv_close(cd);
  return bad;
}

void jk_html_charset(const char *bytes, size_t len, const char *hint, char *name, size_t n,
                     int *from_bom) {
  const unsigned char *u = (const unsigned char *)bytes;
  if (from_bom) *from_bom = 0;
  if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    snprintf(name, n, "UTF-8");
    if (from_bom) *from_bom = 1;
    return;
  }
  if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    snprintf(name, n, "%s", u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
    if (from_bom) *from_bom = 1;
    return;
  }
  char declared[40] = "";
  if (hint && *hint) {
    /* A hint may be a whole Content-Type or the bare charset name. */
    if (strchr(hint, '=')) charset_param(hint, strlen(hint), declared, sizeof declared);
    else canon_charset(hint, strlen(hint), declared, sizeof declared);
  }
  char meta[40] = "";
  meta_charset(bytes, len, meta, sizeof meta);
  const char *pick = declared[0] ? declared : meta;
  size_t valid = jk_utf8_valid_len(bytes, len);
  int is_utf8 = valid == len;
  /* Bytes that are valid UTF-8 with non-ASCII in them are UTF-8 whatever a
     Western label says (a CMS default left in the template). */
  if (pick[0] && strcmp(pick, "CP1252") == 0 && is_utf8) pick = "UTF-8";
  if (pick[0] && strcmp(pick, "UTF-8") == 0 && !is_utf8) {
    /* Declared UTF-8 but it is not: the other declaration, or the bytes. */
    const char *alt = (pick == declared && meta[0] && strcmp(meta, "UTF-8") != 0) ? meta : NULL;
    if (alt && decode_errors(bytes, len, alt, 1) == 0) pick = alt;
    else if (decode_errors(bytes, len, "EUC-JP-MS", 1) == 0) pick = "EUC-JP-MS";
    else if (decode_errors(bytes, len, "CP932", 1) == 0) pick = "CP932";
  }
  if (pick[0] && decode_errors("a", 1, pick, 1) == (size_t)-1) pick = ""; /* iconv: unknown */
  if (!pick[0]) {
    if (is_utf8) pick = "UTF-8";
    else {
      /* Guess between the two Japanese legacy encodings.  EUC-JP first:
         Shift_JIS kana (lead bytes 0x82/0x83) never decode as EUC-JP,
         while EUC-JP bytes often pass as Shift_JIS half-width katakana. */
      size_t ee = decode_errors(bytes, len, "EUC-JP-MS", 64);
      size_t es = ee ? decode_errors(bytes, len, "CP932", 64) : (size_t)-1;
      if (ee == 0) pick = "EUC-JP-MS";
      else if (es == 0 || (es <= 2 && es < ee)) pick = "CP932";
      else pick = "UTF-8"; /* neither fits: repair as UTF-8 */
    }
  }
  snprintf(name, n, "%s", pick);
}

/* Append U+FFFD. */
static void put_fffd(jk_buf *out) { jk_buf_append(out, "\xEF\xBF\xBD", 3); }

/* UTF-8 to UTF-8: copy valid runs, replace each bad byte, drop NULs
   (libxml2 would stop at them). */
static jk_rc repair_utf8(const char *p, size_t n, jk_buf *out, size_t *bad) {
  if (jk_buf_reserve(out, n + 16)) return JK_ENOMEM;
  size_t i = 0;
  while (i < n) {
    size_t v = jk_utf8_valid_len(p + i, n - i);
    const char *z = v ? memchr(p + i, 0, v) : NULL;
    if (z) v = (size_t)(z - (p + i));
    jk_buf_append(out, p + i, v);
    i += v;
    if (i >= n) break;
    if (p[i] == 0) {
      i++;
      continue;
    }
    put_fffd(out);
    if (bad) (*bad)++;
    i++;
  }
  return out->oom ? JK_ENOMEM : JK_OK;
}

jk_rc jk_charset_to_utf8(const char *bytes, size_t len, const char *charset, jk_buf *out,
                         size_t *bad) {
  if (bad) *bad = 0;
  if (!charset || !*charset || strcasecmp(charset, "UTF-8") == 0)
    return repair_utf8(bytes, len, out, bad);
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == (iconv_t)-1) return JK_EUNSUP;
  size_t start = out->len;
  char *in = (char *)bytes;
  size_t left = len;
  jk_rc rc = JK_OK;
  while (left > 0) {
    if (jk_buf_reserve(out, left * 2 + 64)) {
      rc = JK_ENOMEM;
      break;
    }
    char *o = out->p + out->len;
    size_t room = out->cap - out->len - 1, before = room;
    size_t r = iconv(cd, &in, &left, &o, &room);
    out->len += before - room;
    out->p[out->len] = 0;
    if (r == (size_t)-1) {
      if (errno == E2BIG) continue;
      put_fffd(out);
      if (bad) (*bad)++;
      if (errno == EINVAL) break; /* incomplete sequence at the end */
      in++, left--;
      iconv(cd, NULL, NULL, NULL, NULL); /* reset shift state */
    }
  }
  iconv_close(cd);
  if (rc == JK_OK && out->oom) rc = JK_ENOMEM;
  if (rc) return rc;
  /* iconv passes NULs through; libxml2 must not see them. */
  size_t w = start;
  int nul = 0;
  for (size_t i = start; i < out->len; i++) {
    if (out->p[i] == 0) {
      nul = 1;
      continue;
    }
    if (nul) out->p[w] = out->p[i];
    w++;
  }
  if (nul) {
    out->len = w;
    out->p[w] = 0;
  }
  return JK_OK;
}
