/*
** check_json.c — a validating JSON scanner for settings exports.
**
** Exports can be large (a Drive listing of 100,000 files) and hostile
** (truncated by a full disk, nested a million deep, a string of 100 MB).
** So the whole file is validated once here, iteratively and with a depth
** limit, giving line and column for every error; after that the readers
** walk the bytes with the iterators below and hand cJSON one element at
** a time.  Memory stays at the file plus one element, and cJSON never
** sees input that could make it recurse deeply.
*/
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- white space, comments ------------------------------------------------ */

size_t jk_json_ws(const char *p, size_t n, size_t i) {
  while (i < n) {
    char c = p[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      i++;
    } else if (c == '/' && i + 1 < n && p[i + 1] == '/') {
      while (i < n && p[i] != '\n') i++;
    } else if (c == '/' && i + 1 < n && p[i + 1] == '*') {
      const char *e = NULL;
      for (size_t k = i + 2; k + 1 < n; k++)
        if (p[k] == '*' && p[k + 1] == '/') {
          e = p + k + 2;
          break;
        }
      if (!e) return i; /* unterminated comment: the validator reports it */
      i = (size_t)(e - p);
    } else {
      break;
    }
  }
  return i;
}

/* ---- positions -------------------------------------------------------------- */

void jk_linecur_init(jk_linecur *c, const char *p, size_t n) {
  c->p = p;
  c->n = n;
  c->off = 0;
  c->line = 1;
  c->col = 1;
}

/* Incremental in both line and column, so a minified export (one line of
   30 MB) costs one pass, not one pass per element. */
void jk_linecur_at(jk_linecur *c, size_t off, int *line, int *col) {
  if (off > c->n) off = c->n;
  if (off < c->off) jk_linecur_init(c, c->p, c->n);
  const char *p = c->p;
  for (size_t i = c->off; i < off;) {
    const char *nl = memchr(p + i, '\n', off - i);
    size_t end = nl ? (size_t)(nl - p) : off;
    for (size_t k = i; k < end; k++)
      if (((unsigned char)p[k] & 0xC0) != 0x80) c->col++; /* code points */
    if (!nl) break;
    c->line++;
    c->col = 1;
    i = end + 1;
  }
  c->off = off;
  *line = c->line;
  *col = c->col;
}

/* ---- validation ------------------------------------------------------------- */

typedef struct vstate {
  const char *p, *name;
  size_t n;
  jk_err *err;
} vstate;

/* Report an error at byte off; trunc marks input that ended too early. */
static jk_rc verr(vstate *v, size_t off, const char *what) {
  jk_linecur c;
  int line, col;
  jk_linecur_init(&c, v->p, v->n);
  jk_linecur_at(&c, off, &line, &col);
  return jk_err_set(v->err, JK_EINVAL,
                    "%s:%d:%d: malformed JSON: %s; export the settings again with the vendor's "
                    "tool (JSON output) and check the file is complete",
                    v->name, line, col, what);
}

static jk_rc verr_trunc(vstate *v, size_t open_off, char open) {
  jk_linecur c;
  int line, col;
  jk_linecur_init(&c, v->p, v->n);
  jk_linecur_at(&c, open_off, &line, &col);
  int eline, ecol;
  jk_linecur_at(&c, v->n, &eline, &ecol);
  return jk_err_set(v->err, JK_EINVAL,
                    "%s:%d:%d: truncated JSON: the file ends inside the %s opened at line %d, "
                    "column %d; the export was cut short: export the settings again",
                    v->name, eline, ecol, open == '{' ? "object" : open == '[' ? "array" : open == '"' ? "string" : "number",
                    line, col);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Scan the string starting at the quote at *i; *i ends after the quote. */
static jk_rc scan_string(vstate *v, size_t *i) {
  size_t s = *i, k = s + 1;
  const char *p = v->p;
  while (k < v->n) {
    unsigned char c = (unsigned char)p[k];
    if (c == '"') {
      *i = k + 1;
      return JK_OK;
    }
    if (c < 0x20) return verr(v, k, "a control character inside a string (it must be escaped)");
    if (c == '\\') {
      if (k + 1 >= v->n) break;
      char e = p[k + 1];
      if (e == 'u') {
        for (int j = 2; j < 6; j++)
          if (k + (size_t)j >= v->n) return verr_trunc(v, s, '"');
          else if (!is_hex(p[k + (size_t)j])) return verr(v, k, "a \\u escape without 4 hex digits");
        k += 6;
        continue;
      }
      if (!strchr("\"\\/bfnrt", e) || e == 0) return verr(v, k, "an unknown escape in a string");
      k += 2;
      continue;
    }
    /* Fast path over plain bytes. */
    k++;
  }
  return verr_trunc(v, s, '"');
}

static jk_rc scan_number(vstate *v, size_t *i) {
  const char *p = v->p;
  size_t k = *i, n = v->n;
  if (p[k] == '-') k++;
  if (k >= n) return verr_trunc(v, *i, 'n');
  if (p[k] == '0') {
    k++;
  } else if (is_digit(p[k])) {
    while (k < n && is_digit(p[k])) k++;
  } else {
    return verr(v, k, "a malformed number");
  }
  if (k < n && p[k] == '.') {
    k++;
    if (k >= n || !is_digit(p[k])) return verr(v, k, "a malformed number (digits after '.')");
    while (k < n && is_digit(p[k])) k++;
  }
  if (k < n && (p[k] == 'e' || p[k] == 'E')) {
    k++;
    if (k < n && (p[k] == '+' || p[k] == '-')) k++;
    if (k >= n || !is_digit(p[k])) return verr(v, k, "a malformed number (exponent)");
    while (k < n && is_digit(p[k])) k++;
  }
  *i = k;
  return JK_OK;
}

static jk_rc scan_literal(vstate *v, size_t *i) {
  static const char *const lits[] = {"true", "false", "null"};
  for (size_t j = 0; j < 3; j++) {
    size_t L = strlen(lits[j]);
    if (v->p[*i] != lits[j][0]) continue;
    if (*i + L > v->n) {
      if (memcmp(v->p + *i, lits[j], v->n - *i) == 0) return verr(v, v->n, "the file ends inside a literal (truncated)");
      break;
    }
    if (memcmp(v->p + *i, lits[j], L) != 0) break;
    size_t e = *i + L;
    if (e < v->n && (is_digit(v->p[e]) || ((v->p[e] | 0x20) >= 'a' && (v->p[e] | 0x20) <= 'z')))
      break;
    *i = e;
    return JK_OK;
  }
  return verr(v, *i, "expected a value (string, number, object, array, true, false or null)");
}

/* Container states while validating. */
enum { ST_VALUE, ST_VALUE_OR_END, ST_KEY, ST_KEY_OR_END, ST_COLON, ST_AFTER };

jk_rc jk_json_check(const char *p, size_t n, int max_depth, const char *name, jk_err *err) {
  vstate v = {p, name ? name : "input", n, err};
  if (max_depth > 1024) max_depth = 1024;
  if (max_depth < 1) max_depth = 1;
  size_t opens[1024]; /* where each open container starts */
  char kinds[1024];
  int depth = 0, state = ST_VALUE;
  bool done = false;
  size_t i = 0;
  for (;;) {
    size_t w = jk_json_ws(p, n, i);
    if (w < n && p[w] == '/') {
      if (w + 1 < n && p[w + 1] == '*') return verr(&v, w, "a comment that is never closed");
      return verr(&v, w, "a stray '/'");
    }
    i = w;
    if (i >= n) {
      if (done && depth == 0) return JK_OK;
      if (depth > 0) return verr_trunc(&v, opens[depth - 1], kinds[depth - 1]);
      return jk_err_set(err, JK_EINVAL, "%s: empty file: no JSON value in it; export the settings again",
                        v.name);
    }
    char c = p[i];
    if (done && depth == 0)
      return verr(&v, i, "more data after the end of the JSON value (two documents in one file?)");
    switch (state) {
    case ST_KEY_OR_END:
      if (c == '}') goto close;
      /* fall through */
    case ST_KEY:
      if (c != '"')
        return verr(&v, i, state == ST_KEY ? "expected a member name in quotes (a trailing comma?)"
                                           : "expected a member name in quotes or '}'");
      {
        jk_rc rc = scan_string(&v, &i);
        if (rc) return rc;
      }
      state = ST_COLON;
      continue;
    case ST_COLON:
      if (c != ':') return verr(&v, i, "expected ':' after a member name");
      i++;
      state = ST_VALUE;
      continue;
    case ST_VALUE_OR_END:
      if (c == ']') goto close;
      /* fall through */
    case ST_VALUE:
      if (c == '{' || c == '[') {
        if (depth >= max_depth) {
          char what[120];
          snprintf(what, sizeof what, "nested deeper than %d levels (no settings export is; refused)",
                   max_depth);
          return verr(&v, i, what);
        }
        opens[depth] = i;
        kinds[depth++] = c;
        i++;
        state = c == '{' ? ST_KEY_OR_END : ST_VALUE_OR_END;
        continue;
      }
      {
        jk_rc rc;
        if (c == '"') rc = scan_string(&v, &i);
        else if (c == '-' || is_digit(c)) rc = scan_number(&v, &i);
        else if ((c == ']' || c == '}') && state == ST_VALUE_OR_END)
          goto close; /* names the mismatch */
        else if (c == ']' || c == '}')
          return verr(&v, i, "expected a value (a trailing comma?)");
        else rc = scan_literal(&v, &i);
        if (rc) return rc;
      }
      state = ST_AFTER;
      if (depth == 0) done = true;
      continue;
    case ST_AFTER:
      if (kinds[depth - 1] == '{') {
        if (c == ',') {
          i++;
          state = ST_KEY;
          continue;
        }
        if (c == '}') goto close;
        return verr(&v, i, "expected ',' or '}' after an object member");
      }
      if (c == ',') {
        i++;
        state = ST_VALUE;
        continue;
      }
      if (c == ']') goto close;
      return verr(&v, i, "expected ',' or ']' after an array element");
    }
  close:
    if ((c == '}') != (kinds[depth - 1] == '{'))
      return verr(&v, i, c == '}' ? "'}' closes an array" : "']' closes an object");
    depth--;
    i++;
    state = ST_AFTER;
    if (depth == 0) done = true;
  }
}

/* ---- walking validated input -------------------------------------------- */

size_t jk_json_end(const char *p, size_t n, size_t i) {
  i = jk_json_ws(p, n, i);
  if (i >= n) return n;
  int depth = 0;
  do {
    i = jk_json_ws(p, n, i);
    if (i >= n) return n;
    char c = p[i];
    if (c == '"') {
      /* The closing quote is the first one not escaped: an even run of
         backslashes before it. */
      i++;
      for (;;) {
        const char *q = memchr(p + i, '"', n - i);
        if (!q) return n;
        size_t k = (size_t)(q - p), bs = 0;
        while (k - bs > i && p[k - bs - 1] == '\\') bs++;
        i = k + 1;
        if (bs % 2 == 0) break;
      }
    } else if (c == '{' || c == '[') {
      depth++;
      i++;
    } else if (c == '}' || c == ']') {
      depth--;
      i++;
    } else if (c == ',' || c == ':') {
      i++;
    } else {
      while (i < n && !strchr(",:]} \t\r\n/", p[i])) i++;
    }
  } while (depth > 0);
  return i > n ? n : i;
}

void jk_jiter_init(jk_jiter *it, const char *p, size_t n, size_t open) {
  it->p = p;
  it->n = n;
  it->i = open + 1;
  it->started = 0;
}

/* Step past the ',' between members/elements; 0 at the closing bracket. */
static int iter_step(jk_jiter *it) {
  it->i = jk_json_ws(it->p, it->n, it->i);
  if (it->i >= it->n) return 0;
  if (it->started) {
    if (it->p[it->i] != ',') return 0;
    it->i = jk_json_ws(it->p, it->n, it->i + 1);
  } else if (it->p[it->i] == '}' || it->p[it->i] == ']') {
    return 0;
  }
  it->started = 1;
  return it->i < it->n;
}

int jk_jobj_next(jk_jiter *it, size_t *ks, size_t *kn, size_t *vs, size_t *ve) {
  if (!iter_step(it) || it->p[it->i] != '"') return 0;
  size_t kend = jk_json_end(it->p, it->n, it->i);
  *ks = it->i + 1;
  *kn = kend - it->i - 2;
  size_t c = jk_json_ws(it->p, it->n, kend); /* the ':' */
  *vs = jk_json_ws(it->p, it->n, c + 1);
  *ve = jk_json_end(it->p, it->n, *vs);
  it->i = *ve;
  return 1;
}

int jk_jarr_next(jk_jiter *it, size_t *vs, size_t *ve) {
  if (!iter_step(it)) return 0;
  *vs = it->i;
  *ve = jk_json_end(it->p, it->n, *vs);
  it->i = *ve;
  return 1;
}

int jk_jobj_find(const char *p, size_t n, size_t open, const char *key, size_t *vs, size_t *ve) {
  if (open >= n || p[open] != '{') return 0;
  jk_jiter it;
  jk_jiter_init(&it, p, n, open);
  size_t ks, kn, s, e, L = strlen(key);
  while (jk_jobj_next(&it, &ks, &kn, &s, &e))
    if (kn == L && memcmp(p + ks, key, L) == 0) {
      *vs = s;
      *ve = e;
      return 1;
    }
  return 0;
}

cJSON *jk_json_parse_range(const char *p, size_t s, size_t e) {
  cJSON *j = cJSON_ParseWithLength(p + s, e - s);
  if (j) return j;
  /* Comments (allowed by the validator) trip cJSON: minify a copy. */
  char *tmp = malloc(e - s + 1);
  if (!tmp) return NULL;
  memcpy(tmp, p + s, e - s);
  tmp[e - s] = 0;
  cJSON_Minify(tmp);
  j = cJSON_Parse(tmp);
  free(tmp);
  return j;
}

jk_rc jk_json_pointer_add(jk_buf *b, const char *tok, size_t n) {
  jk_rc rc = jk_buf_putc(b, '/');
  for (size_t i = 0; i < n && !rc; i++) {
    if (tok[i] == '~') rc = jk_buf_puts(b, "~0");
    else if (tok[i] == '/') rc = jk_buf_puts(b, "~1");
    else rc = jk_buf_putc(b, tok[i]);
  }
  return rc;
}
