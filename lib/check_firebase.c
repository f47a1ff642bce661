/*
** check_firebase.c — reading Firebase security rules into subjects.
**
** Two languages say who may read a Firebase database:
**   - Realtime Database rules, JSON: {"rules": {"users": {".read": "auth != null"}}}
**   - Cloud Firestore and Cloud Storage rules, text:
**       service cloud.firestore { match /databases/{db}/documents {
**         match /{document=**} { allow read, write: if true; } } }
** Each ".read"/".write" or "allow" becomes one subject with the facts the
** rule table tests: reads, writes, and access — "open" (true, or no
** condition), "open-until" (test mode: only a date), "any-user" (only
** auth != null), "conditional", "closed".  Conditions are classified,
** not evaluated: a helper function that wraps `true` reads as
** conditional, which errs on the side of silence.
*/
#include "check_int.h"
#include "jk_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- classifying a condition ---------------------------------------------- */

/* Permissiveness order, most permissive last. */
static const char *const access_names[] = {"closed", "conditional", "any-user", "open-until",
                                           "open"};
enum { A_CLOSED, A_COND, A_ANY_USER, A_UNTIL, A_OPEN };

/* Conditions that let any signed-in account in, with spaces removed. */
static const char *const any_user_forms[] = {
    "auth!=null",         "null!=auth",         "auth!==null",         "auth.uid!=null",
    "auth.uid!==null",    "request.auth!=null", "null!=request.auth", "request.auth.uid!=null",
};

static bool all_digits(const char *s, size_t n) {
  if (!n) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* One disjunct, spaces removed. */
static int classify_one(const char *s, size_t n) {
  while (n >= 2 && s[0] == '(' && s[n - 1] == ')') { /* (x) is x */
    int d = 0;
    size_t i;
    for (i = 0; i < n; i++) {
      d += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
      if (d == 0) break;
    }
    if (i != n - 1) break;
    s++;
    n -= 2;
  }
  if (n == 4 && memcmp(s, "true", 4) == 0) return A_OPEN;
  if (n == 5 && memcmp(s, "false", 5) == 0) return A_CLOSED;
  if (jk_memmem(s, n, "&&", 2)) return A_COND;
  for (size_t i = 0; i < sizeof any_user_forms / sizeof any_user_forms[0]; i++)
    if (strlen(any_user_forms[i]) == n && memcmp(s, any_user_forms[i], n) == 0) return A_ANY_USER;
  /* Test mode: RTDB "now < 1700000000000", Firestore
     request.time < timestamp.date(2024, 1, 1). */
  if (n > 4 && memcmp(s, "now<", 4) == 0 && all_digits(s + 4, n - 4)) return A_UNTIL;
  static const char tm[] = "request.time<timestamp.date(";
  if (n > sizeof tm && memcmp(s, tm, sizeof tm - 1) == 0 && s[n - 1] == ')' &&
      !memchr(s + sizeof tm - 1, '(', n - sizeof tm))
    return A_UNTIL;
  return A_COND;
}

/* How deep the brackets of a condition nest: classify() rescans a
   condition once per level it strips, so deeper than
   JK_CHECK_MAX_DEPTH is refused before it is classified (the rescans
   then cost at most JK_CHECK_MAX_DEPTH passes: linear in the input). */
static int cond_depth(const char *s, size_t n) {
  int d = 0, max = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '(' || s[i] == '[' || s[i] == '{') {
      if (++d > max) max = d;
    } else if (s[i] == ')' || s[i] == ']' || s[i] == '}') {
      d--;
    }
  }
  return max;
}

/* A whole condition (spaces removed): the most permissive of its
   top-level || branches. */
static int classify(const char *s, size_t n) {
  int best = -1, depth = 0;
  size_t from = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && (s[i] == '(' || s[i] == '[')) depth++;
    else if (i < n && (s[i] == ')' || s[i] == ']')) depth--;
    if (i == n || (depth == 0 && i + 1 < n && s[i] == '|' && s[i + 1] == '|')) {
      int c = classify_one(s + from, i - from);
      if (c > best) best = c;
      from = i + 2;
      i++;
    }
  }
  return best < 0 ? A_COND : best;
}

/* Copy s without white space into b. */
static void squeeze(jk_buf *b, const char *s, size_t n) {
  jk_buf_reset(b);
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') jk_buf_putc(b, s[i]);
}

/* The facts of one access rule, handed to the engine. */
static jk_rc emit(jk_check_ctx *x, const char *service, const char *path, const char *methods,
                  bool reads, bool writes, int access, const char *cond, const char *pointer,
                  const char *name, const char *detail, int line, int col) {
  cJSON *o = cJSON_CreateObject();
  if (!o) return JK_ENOMEM;
  if (service) cJSON_AddStringToObject(o, "service", service);
  cJSON_AddStringToObject(o, "path", path);
  cJSON_AddStringToObject(o, "methods", methods);
  cJSON_AddBoolToObject(o, "reads", reads);
  cJSON_AddBoolToObject(o, "writes", writes);
  cJSON_AddStringToObject(o, "access", access_names[access]);
  cJSON_AddStringToObject(o, "condition", cond);
  jk_subject s = {o, pointer, name, detail, line, col, -1};
  jk_rc rc = jk_check_subject(x, &s);
  cJSON_Delete(o);
  return rc;
}

/* ---- Realtime Database rules (JSON) ----------------------------------------- */

typedef struct rtdb {
  jk_check_ctx *x;
  const char *p;
  size_t n;
  jk_linecur lc;
  jk_buf ptr, path, tmp;
  jk_err *err;      /* a condition refused (JK_EINVAL) */
  const char *name; /* the file, for messages */
} rtdb;

static jk_rc rtdb_walk(rtdb *w, size_t open, int depth) {
  if (depth > JK_CHECK_MAX_DEPTH) return JK_OK; /* the validator already refused deeper */
  jk_jiter it;
  size_t ks, kn, vs, ve;
  jk_jiter_init(&it, w->p, w->n, open);
  while (jk_jobj_next(&it, &ks, &kn, &vs, &ve)) {
    const char *k = w->p + ks;
    size_t pl = w->ptr.len, dl = w->path.len;
    jk_json_pointer_add(&w->ptr, k, kn);
    bool rd = kn == 5 && memcmp(k, ".read", 5) == 0;
    bool wr = kn == 6 && memcmp(k, ".write", 6) == 0;
    jk_rc rc = JK_OK;
    if (rd || wr) {
      cJSON *v = jk_json_parse_range(w->p, vs, ve);
      const char *expr = cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false"
                         : cJSON_IsString(v) ? v->valuestring : "";
      squeeze(&w->tmp, expr, strlen(expr));
      int line, col;
      jk_linecur_at(&w->lc, ks - 1, &line, &col);
      if (cond_depth(w->tmp.p ? w->tmp.p : "", w->tmp.len) > JK_CHECK_MAX_DEPTH) {
        cJSON_Delete(v);
        jk_err_set(w->err, JK_EINVAL,
                   "%s:%d:%d: malformed security rules: the %s condition nests brackets deeper than %d "
                   "levels; give the rules file as deployed",
                   w->name, line, col, rd ? ".read" : ".write", JK_CHECK_MAX_DEPTH);
        return JK_EINVAL;
      }
      int acc = classify(w->tmp.p ? w->tmp.p : "", w->tmp.len);
      const char *dbpath = w->path.len ? w->path.p : "/";
      jk_buf d;
      jk_buf_init(&d);
      jk_buf_printf(&d, "\"%s\": ", rd ? ".read" : ".write");
      if (cJSON_IsString(v)) jk_json_str(&d, expr, strlen(expr) > 200 ? 200 : strlen(expr));
      else jk_buf_puts(&d, expr);
      rc = emit(w->x, NULL, dbpath, rd ? "read" : "write", rd, wr, acc, expr, w->ptr.p, dbpath,
                d.p ? d.p : "", line, col);
      jk_buf_free(&d);
      cJSON_Delete(v);
    } else if (w->p[vs] == '{' && (kn == 0 || k[0] != '.')) {
      jk_buf_putc(&w->path, '/');
      jk_buf_append(&w->path, k, kn);
      rc = rtdb_walk(w, vs, depth + 1);
    }
    w->ptr.len = pl;
    w->path.len = dl;
    if (w->ptr.p) w->ptr.p[pl] = 0;
    if (w->path.p) w->path.p[dl] = 0;
    if (rc) return rc;
    if (w->ptr.oom || w->path.oom) return JK_ENOMEM;
  }
  return JK_OK;
}

jk_rc jk_firebase_rtdb_read(jk_check_ctx *x, const char *p, size_t n, size_t open, jk_err *err,
                            const char *name) {
  size_t vs, ve;
  if (!jk_jobj_find(p, n, open, "rules", &vs, &ve) || p[vs] != '{')
    return jk_err_set(err, JK_EINVAL, "%s: \"rules\" is not an object; give the Realtime "
                      "Database rules file (database.rules.json)", name);
  rtdb w = {x, p, n, {0}, {0}, {0}, {0}, err, name};
  jk_linecur_init(&w.lc, p, n);
  jk_buf_init(&w.ptr);
  jk_buf_init(&w.path);
  jk_buf_init(&w.tmp);
  jk_buf_puts(&w.ptr, "/rules");
  jk_rc rc = rtdb_walk(&w, vs, 1);
  jk_buf_free(&w.ptr);
  jk_buf_free(&w.path);
  jk_buf_free(&w.tmp);
  if (rc == JK_EINVAL) return rc; /* err says which condition */
  if (rc) return jk_err_set(err, rc, "%s: out of memory", name);
  return JK_OK;
}

/* ---- Firestore / Storage rules (text) ----------------------------------------- */

enum { T_EOF, T_ID, T_STR, T_NUM, T_PUNCT, T_BAD };

typedef struct tok {
  int kind;
  size_t s, e; /* bytes */
} tok;

typedef struct lexer {
  const char *p;
  size_t n, i;
  tok t; /* current token */
} lexer;

static bool idch(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static size_t skip_ws(const char *p, size_t n, size_t i) {
  for (;;) {
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
    if (i + 1 < n && p[i] == '/' && p[i + 1] == '/') {
      while (i < n && p[i] != '\n') i++;
    } else if (i + 1 < n && p[i] == '/' && p[i + 1] == '*') {
      const char *e = jk_memmem(p + i + 2, n - i - 2, "*/", 2);
      i = e ? (size_t)(e - p) + 2 : n;
    } else {
      return i;
    }
  }
}

static void next(lexer *L) {
  size_t i = skip_ws(L->p, L->n, L->i);
  tok t = {T_EOF, i, i};
  if (i >= L->n) {
    L->t = t;
    L->i = i;
    return;
  }
  char c = L->p[i];
  if (idch(c)) {
    t.kind = c >= '0' && c <= '9' ? T_NUM : T_ID;
    while (i < L->n && (idch(L->p[i]) || (t.kind == T_NUM && L->p[i] == '.'))) i++;
  } else if (c == '\'' || c == '"') {
    t.kind = T_STR;
    i++;
    while (i < L->n && L->p[i] != c && L->p[i] != '\n') i += L->p[i] == '\\' ? 2 : 1;
    if (i >= L->n || L->p[i] != c) t.kind = T_BAD; /* unterminated string */
    else i++;
  } else {
    t.kind = T_PUNCT;
    static const char *const two[] = {"==", "!=", "<=", ">=", "&&", "||"};
    i++;
    for (size_t k = 0; k < 6; k++)
      if (i < L->n && c == two[k][0] && L->p[i] == two[k][1]) {
        i++;
        break;
      }
  }
  if (i > L->n) i = L->n;
  t.e = i;
  L->t = t;
  L->i = i;
}

static bool is(const lexer *L, const char *s) {
  size_t k = strlen(s);
  return L->t.e - L->t.s == k && memcmp(L->p + L->t.s, s, k) == 0;
}

typedef struct rparse {
  jk_check_ctx *x;
  lexer L;
  const char *name;
  jk_err *err;
  jk_linecur lc;
  char service[64];
  jk_buf path, cond, disp, methods;
} rparse;

static jk_rc rerr(rparse *r, size_t off, const char *what) {
  jk_linecur c;
  int line, col;
  jk_linecur_init(&c, r->L.p, r->L.n);
  jk_linecur_at(&c, off, &line, &col);
  return jk_err_set(r->err, JK_EINVAL,
                    "%s:%d:%d: malformed security rules: %s; give the rules file as deployed "
                    "(firebase firestore:rules or the console's Rules tab)",
                    r->name, line, col, what);
}

static jk_rc parse_block(rparse *r, size_t open, int depth);

/* allow METHOD[, METHOD…] [: [if] CONDITION] ; */
static jk_rc parse_allow(rparse *r) {
  size_t at = r->L.t.s;
  bool reads = false, writes = false;
  jk_buf_reset(&r->methods);
  next(&r->L);
  while (r->L.t.kind == T_ID) {
    if (is(&r->L, "read") || is(&r->L, "get") || is(&r->L, "list")) reads = true;
    else if (is(&r->L, "write") || is(&r->L, "create") || is(&r->L, "update") ||
             is(&r->L, "delete"))
      writes = true;
    else break;
    if (r->methods.len) jk_buf_puts(&r->methods, ", ");
    jk_buf_append(&r->methods, r->L.p + r->L.t.s, r->L.t.e - r->L.t.s);
    next(&r->L);
    if (is(&r->L, ",")) next(&r->L);
  }
  if (!r->methods.len) return rerr(r, at, "'allow' without read/write/get/list/create/update/delete");
  jk_buf_reset(&r->cond);
  jk_buf_reset(&r->disp);
  int access = A_OPEN; /* no condition at all grants access */
  if (is(&r->L, ":")) {
    next(&r->L);
    if (is(&r->L, "if")) next(&r->L);
    size_t cs = r->L.t.s, ce = cs;
    int depth = 0;
    while (r->L.t.kind != T_EOF) {
      if (r->L.t.kind == T_BAD) return rerr(r, r->L.t.s, "a string that is never closed");
      if (depth == 0 && (is(&r->L, ";") || is(&r->L, "}") || is(&r->L, "allow") ||
                         is(&r->L, "match") || is(&r->L, "function")))
        break;
      if (is(&r->L, "(") || is(&r->L, "[") || is(&r->L, "{")) depth++;
      if (is(&r->L, ")") || is(&r->L, "]") || is(&r->L, "}")) depth--;
      if (depth > JK_CHECK_MAX_DEPTH) {
        char what[96];
        snprintf(what, sizeof what, "the condition nests brackets deeper than %d levels", JK_CHECK_MAX_DEPTH);
        return rerr(r, r->L.t.s, what);
      }
      jk_buf_append(&r->cond, r->L.p + r->L.t.s, r->L.t.e - r->L.t.s);
      ce = r->L.t.e;
      next(&r->L);
    }
    if (ce == cs) return rerr(r, at, "'allow …:' without a condition");
    /* Shown as written, white space collapsed. */
    for (size_t i = cs; i < ce; i++) {
      char c = r->L.p[i];
      bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (sp && r->disp.len && r->disp.p[r->disp.len - 1] == ' ') continue;
      jk_buf_putc(&r->disp, sp ? ' ' : c);
    }
    access = classify(r->cond.p ? r->cond.p : "", r->cond.len);
  }
  if (is(&r->L, ";")) next(&r->L);
  int line, col;
  jk_linecur_at(&r->lc, at, &line, &col);
  const char *path = r->path.len ? r->path.p : "/";
  jk_buf name, detail;
  jk_buf_init(&name);
  jk_buf_init(&detail);
  jk_buf_printf(&name, "allow %s", r->methods.p);
  if (r->disp.len) jk_buf_printf(&detail, "allow %s: if %.200s", r->methods.p, r->disp.p);
  else jk_buf_printf(&detail, "allow %s (no condition: always)", r->methods.p);
  jk_rc rc = emit(r->x, r->service, path, r->methods.p, reads, writes, access,
                  r->disp.p ? r->disp.p : "", path, name.p ? name.p : "", detail.p ? detail.p : "",
                  line, col);
  jk_buf_free(&name);
  jk_buf_free(&detail);
  return rc ? jk_err_set(r->err, rc, "%s: out of memory", r->name) : JK_OK;
}

/* match PATH { … } — the path is read raw: it holds {wildcards}.  A '{'
   right after a '/' opens a wildcard; any other '{' opens the block. */
static jk_rc parse_match(rparse *r, int depth) {
  size_t i = skip_ws(r->L.p, r->L.n, r->L.t.e), s = i;
  int wild = 0;
  while (i < r->L.n) {
    char c = r->L.p[i];
    if (c == '{' && !wild && (i == s || r->L.p[i - 1] != '/')) break;
    if (c == '{') wild++;
    else if (c == '}') wild--;
    else if ((c == ' ' || c == '\t' || c == '\n' || c == '\r') && !wild) break;
    i++;
  }
  if (i == s) return rerr(r, s, "'match' without a path");
  size_t keep = r->path.len;
  jk_buf_append(&r->path, r->L.p + s, i - s);
  r->L.i = i;
  next(&r->L);
  if (!is(&r->L, "{")) return rerr(r, r->L.t.s, "expected '{' after the match path");
  jk_rc rc = parse_block(r, r->L.t.s, depth + 1);
  r->path.len = keep;
  if (r->path.p) r->path.p[keep] = 0;
  return rc;
}

/* Skip a balanced { … } starting at the current '{'. */
static jk_rc skip_braces(rparse *r) {
  size_t open = r->L.t.s;
  int d = 0;
  do {
    if (r->L.t.kind == T_EOF) return rerr(r, open, "a '{' that is never closed (truncated?)");
    if (is(&r->L, "{")) d++;
    else if (is(&r->L, "}")) d--;
    next(&r->L);
  } while (d > 0);
  return JK_OK;
}

/* The statements of a block whose '{' is the current token. */
static jk_rc parse_block(rparse *r, size_t open, int depth) {
  if (depth > JK_CHECK_MAX_DEPTH) return rerr(r, open, "blocks nested too deep");
  next(&r->L);
  for (;;) {
    if (r->L.t.kind == T_EOF) {
      jk_linecur c;
      int line, col;
      jk_linecur_init(&c, r->L.p, r->L.n);
      jk_linecur_at(&c, open, &line, &col);
      char what[160];
      snprintf(what, sizeof what, "the file ends inside the block opened at line %d, column %d "
               "(truncated)", line, col);
      return rerr(r, r->L.n, what);
    }
    if (r->L.t.kind == T_BAD) return rerr(r, r->L.t.s, "a string that is never closed");
    jk_rc rc = JK_OK;
    if (is(&r->L, "}")) {
      next(&r->L);
      return JK_OK;
    } else if (is(&r->L, "match")) {
      rc = parse_match(r, depth);
    } else if (is(&r->L, "allow")) {
      rc = parse_allow(r);
    } else if (is(&r->L, "function")) {
      while (r->L.t.kind != T_EOF && !is(&r->L, "{")) next(&r->L);
      rc = skip_braces(r);
    } else if (is(&r->L, "{")) {
      rc = skip_braces(r);
    } else {
      next(&r->L); /* something this reader need not understand */
    }
    if (rc) return rc;
  }
}

bool jk_firebase_rules_detect(const char *p, size_t n) {
  size_t i = skip_ws(p, n, 0);
  static const char *const starts[] = {"rules_version", "service"};
  for (size_t k = 0; k < 2; k++) {
    size_t L = strlen(starts[k]);
    if (n - i > L && memcmp(p + i, starts[k], L) == 0 && !idch(p[i + L])) return true;
  }
  return false;
}

jk_rc jk_firebase_rules_read(jk_check_ctx *x, const char *p, size_t n, const char *name,
                             jk_err *err) {
  rparse r;
  memset(&r, 0, sizeof r);
  r.x = x;
  r.name = name;
  r.err = err;
  r.L.p = p;
  r.L.n = n;
  jk_linecur_init(&r.lc, p, n);
  jk_buf_init(&r.path);
  jk_buf_init(&r.cond);
  jk_buf_init(&r.disp);
  jk_buf_init(&r.methods);
  jk_rc rc = JK_OK;
  int services = 0;
  next(&r.L);
  while (rc == JK_OK && r.L.t.kind != T_EOF) {
    if (is(&r.L, "rules_version")) {
      while (r.L.t.kind != T_EOF && !is(&r.L, ";") && !is(&r.L, "service")) next(&r.L);
      if (is(&r.L, ";")) next(&r.L);
    } else if (is(&r.L, "service")) {
      size_t at = r.L.t.s;
      next(&r.L);
      size_t s = r.L.t.s, e = s;
      while (r.L.t.kind == T_ID || is(&r.L, ".")) {
        e = r.L.t.e;
        next(&r.L);
      }
      if (e == s || !is(&r.L, "{")) {
        rc = rerr(&r, at, "expected 'service NAME {'");
        break;
      }
      snprintf(r.service, sizeof r.service, "%.*s", (int)(e - s), p + s);
      rc = parse_block(&r, r.L.t.s, 1);
      services++;
    } else if (r.L.t.kind == T_BAD) {
      rc = rerr(&r, r.L.t.s, "a string that is never closed");
    } else {
      rc = rerr(&r, r.L.t.s, "expected 'rules_version' or 'service' at the top level");
    }
  }
  if (rc == JK_OK && !services) rc = rerr(&r, n, "no 'service' block");
  jk_buf_free(&r.path);
  jk_buf_free(&r.cond);
  jk_buf_free(&r.disp);
  jk_buf_free(&r.methods);
  return rc;
}
