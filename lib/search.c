/*
** search.c — the search language, its translation to SQL, and search.
**
** A query is words plus key:value filters (jk_query_parse).  Words go to
** the FTS5 index as phrases — each word is tokenized by jk_bigram, so
** 個人情報 matches only the adjacent sequence and 漏洩 matches as one
** bigram; a one-character word becomes a prefix query ("市"*); -word
** excludes; OR between two words means either.  Filters become
** conditions on the incidents' own columns (indexed), never on JSON.
** Every value a user gives is bound as a parameter or quoted for FTS5:
** nothing typed is ever SQL.
*/
#include "store_int.h"
#include "summary.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void jk_query_init(jk_query *q) {
  memset(q, 0, sizeof *q);
  q->category = -1;
  q->card = -1;
  q->vendor = -1;
  q->limit = 20;
}

/* ---- parsing the search language ------------------------------------------ */

/* Filter keys the language knows, for error messages and dispatch. */
static const char *const filter_keys[] = {"category", "since", "until", "org",  "type",  "card",   "vendor",
                                          "reported", "product", "incident", "sort", "limit", "offset"};
#define NKEYS (sizeof filter_keys / sizeof filter_keys[0])

static const char *const sorts[] = {"relevance", "date", "-date", "affected"};

/* Is the byte sequence at p a separator (ASCII blank or U+3000)? */
static size_t sep_len(const char *p) {
  if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') return 1;
  if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) return 3;
  return 0;
}

static int parse_bool(const char *v, int *out) {
  if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) *out = 1;
  else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) *out = 0;
  else return -1;
  return 0;
}

/* A date filter: YYYY, YYYY-MM or YYYY-MM-DD, checked for sense. */
static int parse_day(const char *v, jk_date *d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t n = strlen(v);
  if (jk_date_parse_iso(v, d) != 0) return -1;
  if ((n > 4 && !d->m) || (n > 7 && !d->d) || (d->d && d->d > mdays[d->m - 1])) return -1;
  return 0;
}

/* Names separated by commas into bits, through parse. */
static int parse_names(char *v, int (*parse)(const char *), uint32_t *bits) {
  for (char *save = NULL, *tok = strtok_r(v, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    int id = parse(tok);
    if (id < 0) return -1;
    *bits |= 1u << id;
  }
  return 0;
}

static void names_of(char *buf, size_t n, int count, const char *(*name)(int)) {
  size_t k = 0;
  buf[0] = 0;
  for (int i = 0; i < count && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", name(i));
}
static const char *cat_name(int i) { return jk_category_name((jk_category)i); }
static const char *dt_name(int i) { return jk_data_type_name((jk_data_type)i); }
static const char *auth_name(int i) { return jk_authority_name((jk_authority)i); }

/* Apply one key:value term to q.  term is the whole term, for messages. */
static jk_rc apply_filter(jk_query *q, const char *key, char *v, const char *term, jk_err *err) {
  char names[400];
  if (!*v) return jk_err_set(err, JK_EINVAL, "'%s': give a value after '%s:'", term, key);
  if (!strcmp(key, "category")) {
    q->category = jk_category_parse(v);
    if (q->category < 0) {
      names_of(names, sizeof names, JK_CAT_COUNT, cat_name);
      return jk_err_set(err, JK_EINVAL, "'%s': unknown category (one of: %s)", term, names);
    }
  } else if (!strcmp(key, "since") || !strcmp(key, "until")) {
    if (parse_day(v, !strcmp(key, "since") ? &q->since : &q->until))
      return jk_err_set(err, JK_EINVAL, "'%s': not a date (write YYYY, YYYY-MM or YYYY-MM-DD)", term);
  } else if (!strcmp(key, "org")) {
    q->org = v;
  } else if (!strcmp(key, "product")) {
    q->product = v;
  } else if (!strcmp(key, "incident")) {
    q->incident = v;
  } else if (!strcmp(key, "type")) {
    if (parse_names(v, jk_data_type_parse, &q->data_types)) {
      names_of(names, sizeof names, JK_DT_COUNT, dt_name);
      return jk_err_set(err, JK_EINVAL, "'%s': unknown data type (one of: %s)", term, names);
    }
  } else if (!strcmp(key, "reported")) {
    if (parse_names(v, jk_authority_parse, &q->reported_to)) {
      names_of(names, sizeof names, JK_AUTH_COUNT, auth_name);
      return jk_err_set(err, JK_EINVAL, "'%s': unknown authority (one of: %s)", term, names);
    }
  } else if (!strcmp(key, "card") || !strcmp(key, "vendor")) {
    if (parse_bool(v, !strcmp(key, "card") ? &q->card : &q->vendor))
      return jk_err_set(err, JK_EINVAL, "'%s': write %s:yes or %s:no", term, key, key);
  } else if (!strcmp(key, "sort")) {
    size_t i = 0;
    while (i < sizeof sorts / sizeof sorts[0] && strcmp(v, sorts[i])) i++;
    if (i == sizeof sorts / sizeof sorts[0])
      return jk_err_set(err, JK_EINVAL, "'%s': sort by relevance, date, -date or affected", term);
    q->sort = sorts[i];
  } else if (!strcmp(key, "limit") || !strcmp(key, "offset")) {
    char *end;
    long x = strtol(v, &end, 10);
    int lim = !strcmp(key, "limit");
    if (*end || x < (lim ? 1 : 0) || x > (lim ? 1000 : 100000000))
      return jk_err_set(err, JK_EINVAL, lim ? "'%s': limit is a number from 1 to 1000" : "'%s': offset is a number from 0",
                        term);
    if (lim) q->limit = (int)x;
    else q->offset = (int)x;
  }
  return JK_OK;
}

/* A term as found in the buffer. */
typedef struct term {
  char *s;      /* start (in the copy) */
  size_t n;     /* length, quotes included */
  int filter;   /* index into filter_keys, or -1 for a word */
  size_t klen;  /* length of "key:" */
} term;

jk_rc jk_query_parse(char *buf, jk_query *q, jk_err *err) {
  size_t len = strlen(buf);
  char *copy = malloc(len + 1);
  term *terms = malloc((len / 2 + 2) * sizeof *terms);
  if (!copy || !terms) {
    free(copy);
    free(terms);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  memcpy(copy, buf, len + 1);
  size_t nt = 0;
  jk_rc rc = JK_OK;
  /* 1. Cut the copy into terms: blanks separate, "…" holds blanks in. */
  for (char *p = copy; *p && rc == JK_OK;) {
    size_t k = sep_len(p);
    if (k) {
      p += k;
      continue;
    }
    char *s = p;
    int quoted = 0;
    while (*p && (quoted || !sep_len(p))) {
      if (*p == '"') quoted = !quoted;
      p++;
    }
    if (quoted) rc = jk_err_set(err, JK_EINVAL, "'%.*s': a quote is not closed", (int)(p - s > 60 ? 60 : p - s), s);
    term *t = &terms[nt++];
    t->s = s;
    t->n = (size_t)(p - s);
    t->filter = -1;
    t->klen = 0;
    char *colon = memchr(s, ':', t->n);
    if (colon && colon > s && s[0] != '"') {
      size_t kl = (size_t)(colon - s);
      int ident = 1;
      for (char *c = s; c < colon; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z'))) ident = 0;
      for (size_t i = 0; ident && i < NKEYS; i++)
        if (strlen(filter_keys[i]) == kl && strncasecmp(filter_keys[i], s, kl) == 0) t->filter = (int)i;
      /* key:… with an unknown key: a mistyped filter, unless it reads like
         a URL (https://…), which is searched as text. */
      if (ident && t->filter < 0 && colon[1] != '/' && kl <= 12) {
        char keys[200];
        size_t m = 0;
        for (size_t i = 0; i < NKEYS && m < sizeof keys; i++)
          m += (size_t)snprintf(keys + m, sizeof keys - m, "%s%s", i ? " " : "", filter_keys[i]);
        rc = jk_err_set(err, JK_EINVAL, "'%.*s': unknown filter '%.*s' (filters: %s); to search for the text, put it in quotes",
                        (int)(t->n > 60 ? 60 : t->n), s, (int)kl, s, keys);
      }
      if (t->filter >= 0) t->klen = kl + 1;
    }
  }
  /* 2. Rebuild buf: the words first (text), then each filter value. */
  char *w = buf;
  int words = 0;
  for (size_t i = 0; i < nt && rc == JK_OK; i++) {
    if (terms[i].filter >= 0) continue;
    if (words++) *w++ = ' ';
    memcpy(w, terms[i].s, terms[i].n);
    w += terms[i].n;
  }
  *w++ = 0;
  q->text = words ? buf : NULL;
  for (size_t i = 0; i < nt && rc == JK_OK; i++) {
    const term *t = &terms[i];
    if (t->filter < 0) continue;
    const char *v = t->s + t->klen;
    size_t vn = t->n - t->klen;
    if (vn >= 2 && v[0] == '"' && v[vn - 1] == '"') {
      v++;
      vn -= 2;
    }
    char *val = w;
    memcpy(w, v, vn);
    w += vn;
    *w++ = 0;
    char whole[200];
    snprintf(whole, sizeof whole, "%.*s", (int)(t->n > 150 ? 150 : t->n), t->s);
    rc = apply_filter(q, filter_keys[t->filter], val, whole, err);
  }
  free(copy);
  free(terms);
  return rc;
}

/* ---- jk_query → SQL ----------------------------------------------------------- */

/* The pub_sort bounds (YYYYMMDD, inclusive) of since: and until:; a
   missing month or day widens the bound to the whole year or month. */
static long long since_key(const jk_date *d) { return (long long)d->y * 10000 + d->m * 100 + d->d; }
static long long until_key(const jk_date *d) {
  return (long long)d->y * 10000 + (d->m ? d->m : 99) * 100 + (d->d ? d->d : 99);
}

static void add_text(jk_filter *f, const char *s, size_t n) {
  if (f->nbind >= (int)(sizeof f->binds / sizeof f->binds[0])) return;
  jk_bind *b = &f->binds[f->nbind++];
  b->is_text = 1;
  b->s = malloc(n + 1);
  if (b->s) {
    memcpy(b->s, s, n);
    b->s[n] = 0;
  }
}

static void add_int(jk_filter *f, long long v) {
  if (f->nbind >= (int)(sizeof f->binds / sizeof f->binds[0])) return;
  jk_bind *b = &f->binds[f->nbind++];
  b->is_text = 0;
  b->i = v;
}

/* NFKC and, for organisations, no spaces (as the org_key column). */
static void norm_value(const char *v, int drop_spaces, jk_buf *out) {
  jk_buf tmp;
  jk_buf_init(&tmp);
  jk_buf_reset(out);
  if (jk_normalize(v, strlen(v), &tmp, NULL) == JK_OK && tmp.p) v = tmp.p;
  for (const char *p = v; *p;) {
    size_t k = sep_len(p);
    if (k && drop_spaces) p += k;
    else jk_buf_putc(out, *p++);
  }
  jk_buf_free(&tmp);
}

typedef struct tokinfo {
  int n;         /* tokens */
  int last_kind; /* kind of the last one */
} tokinfo;

static int count_tok(void *ctx, const char *tok, int n, int s, int e, int kind) {
  tokinfo *ti = ctx;
  ti->n++;
  ti->last_kind = kind;
  return 0;
}

/* Append word w (normalised) to the FTS5 expression as a quoted phrase;
   returns 0 when the word has nothing searchable. */
static int fts_phrase(const char *w, size_t n, jk_buf *expr) {
  tokinfo ti = {0, 0};
  jk_bigram_tokenize(w, (int)n, 1, count_tok, &ti);
  if (!ti.n) return 0;
  jk_buf_putc(expr, '"');
  for (size_t i = 0; i < n; i++) {
    if (w[i] == '"') jk_buf_putc(expr, '"');
    jk_buf_putc(expr, w[i]);
  }
  jk_buf_putc(expr, '"');
  if (ti.last_kind & JK_TOK_SINGLE) jk_buf_putc(expr, '*');
  return 1;
}

/* Words of the query text: "…" phrases kept whole, -word excluded, OR. */
static jk_rc build_match(const char *text, jk_filter *f, jk_err *err) {
  jk_buf norm, expr, neg;
  jk_buf_init(&norm);
  jk_buf_init(&expr);
  jk_buf_init(&neg);
  jk_rc rc = jk_normalize(text, strlen(text), &norm, NULL);
  if (rc || !norm.p) {
    jk_buf_free(&norm);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  const char *p = norm.p;
  int pos = 0, pending_or = 0, skipped = 0;
  while (*p) {
    size_t k = sep_len(p);
    if (k) {
      p += k;
      continue;
    }
    const char *s = p;
    int quoted = 0;
    while (*p && (quoted || !sep_len(p))) {
      if (*p == '"') quoted = !quoted;
      p++;
    }
    size_t n = (size_t)(p - s);
    int exclude = 0;
    if (n > 1 && s[0] == '-') {
      exclude = 1;
      s++;
      n--;
    }
    if (n == 2 && !memcmp(s, "OR", 2) && !exclude) {
      pending_or = pos > 0;
      continue;
    }
    if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
      s++;
      n -= 2;
    }
    /* Inner quotes were for grouping only. */
    char *word = malloc(n + 1);
    size_t wn = 0;
    if (!word) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
    for (size_t i = 0; i < n; i++)
      if (s[i] != '"') word[wn++] = s[i];
    word[wn] = 0;
    jk_buf *dst = exclude ? &neg : &expr;
    size_t mark = dst->len;
    if (exclude) jk_buf_puts(dst, " NOT ");
    else if (pos) jk_buf_puts(dst, pending_or ? " OR " : " ");
    if (fts_phrase(word, wn, dst)) {
      if (!exclude) {
        pos++;
        /* Remember the word for the snippet. */
        if (f->nwords < (int)(sizeof f->words / sizeof f->words[0])) f->words[f->nwords++] = word, word = NULL;
      }
    } else {
      dst->len = mark;
      if (dst->p) dst->p[mark] = 0;
      skipped++;
    }
    pending_or = 0;
    free(word);
  }
  if (!rc && !pos) {
    if (neg.len)
      rc = jk_err_set(err, JK_EINVAL, "a search needs at least one word to look for besides the -excluded ones");
    else
      rc = jk_err_set(err, JK_EINVAL,
                      "nothing to search for in '%.80s': words need letters, digits, kana or kanji", text);
  }
  if (!rc) {
    jk_buf_append(&expr, neg.p ? neg.p : "", neg.len);
    if (expr.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    else f->match = jk_buf_detach(&expr, NULL);
  }
  jk_buf_free(&norm);
  jk_buf_free(&expr);
  jk_buf_free(&neg);
  return rc;
}

jk_rc jk_filter_build(const jk_query *q, int first_param, jk_filter *f, jk_err *err) {
  memset(f, 0, sizeof *f);
  jk_buf_init(&f->where);
  jk_rc rc = JK_OK;
  if (q->text && *q->text) {
    rc = build_match(q->text, f, err);
    if (rc) return rc;
  }
  /* Parameter numbers: the match (if any) is first_param. */
  int n = first_param + (f->match ? 1 : 0);
  jk_buf *w = &f->where;
  jk_buf tmp, pat;
  jk_buf_init(&tmp);
  jk_buf_init(&pat);
  if (q->category >= 0) {
    jk_buf_printf(w, " AND i.category = ?%d", n++);
    add_int(f, q->category);
  }
  if (q->data_types) {
    jk_buf_printf(w, " AND (i.data_types & ?%d) = ?%d", n, n);
    n++;
    add_int(f, q->data_types);
  }
  if (q->reported_to) {
    jk_buf_printf(w, " AND (i.reported_to & ?%d) = ?%d", n, n);
    n++;
    add_int(f, q->reported_to);
  }
  if (q->since.y) {
    jk_buf_printf(w, " AND i.pub_sort >= ?%d", n++);
    add_int(f, since_key(&q->since));
  }
  if (q->until.y) {
    jk_buf_printf(w, " AND i.pub_sort <= ?%d", n++);
    add_int(f, until_key(&q->until));
  }
  /* Organisation and product: a prefix (or the whole) of one of the
     incident's name keys (incident_names, store.c: names_update), read
     from the key's index as the range [v, v + 0xFF). */
  for (int kind = 0; kind < 2; kind++) {
    const char *v = kind ? q->product : q->org;
    if (!v || !*v) continue;
    f->wide = 1;
    norm_value(v, kind == 0, &tmp);
    jk_buf_reset(&pat);
    size_t a = 0, b = tmp.len;
    while (a < b && tmp.p[a] == ' ') a++;
    while (b > a && tmp.p[b - 1] == ' ') b--;
    jk_buf_append(&pat, tmp.p ? tmp.p + a : "", b - a);
    jk_buf_printf(w,
                  " AND i.id IN (SELECT incident_id FROM incident_names WHERE kind = %d AND key >= ?%d AND key < ?%d)",
                  kind, n, n + 1);
    n += 2;
    add_text(f, pat.p ? pat.p : "", pat.len);
    jk_buf_putc(&pat, '\xff');
    add_text(f, pat.p, pat.len);
  }
  if (q->card >= 0) {
    jk_buf_printf(w, " AND i.card = ?%d", n++);
    add_int(f, q->card ? 1 : 0);
  }
  if (q->vendor >= 0) {
    jk_buf_printf(w, " AND i.vendor = ?%d", n++);
    add_int(f, q->vendor ? 1 : 0);
  }
  if (q->incident && *q->incident) {
    f->wide = 1;
    /* A display id or a number. */
    jk_buf_printf(w, " AND (i.label = ?%d COLLATE NOCASE OR CAST(i.id AS TEXT) = ?%d)", n, n);
    n++;
    add_text(f, q->incident, strlen(q->incident));
  }
  jk_buf_free(&tmp);
  jk_buf_free(&pat);
  if (w->oom || f->nbind >= (int)(sizeof f->binds / sizeof f->binds[0])) {
    jk_filter_free(f);
    return jk_err_set(err, JK_ENOMEM, "out of memory building a query");
  }
  for (int i = 0; i < f->nbind; i++)
    if (f->binds[i].is_text && !f->binds[i].s) {
      jk_filter_free(f);
      return jk_err_set(err, JK_ENOMEM, "out of memory building a query");
    }
  return rc;
}

int jk_filter_bind(const jk_filter *f, sqlite3_stmt *st, int first_param) {
  int n = first_param;
  if (f->match) sqlite3_bind_text(st, n++, f->match, -1, SQLITE_STATIC);
  for (int i = 0; i < f->nbind; i++, n++) {
    if (f->binds[i].is_text) sqlite3_bind_text(st, n, f->binds[i].s, -1, SQLITE_STATIC);
    else sqlite3_bind_int64(st, n, f->binds[i].i);
  }
  return n;
}

void jk_filter_free(jk_filter *f) {
  for (int i = 0; i < f->nbind; i++) free(f->binds[i].s);
  for (int i = 0; i < f->nwords; i++) free(f->words[i]);
  free(f->match);
  jk_buf_free(&f->where);
  memset(f, 0, sizeof *f);
}

jk_rc jk_filter_from(const jk_query *q, int covered, jk_filter *f, jk_buf *sql, jk_err *err) {
  jk_rc rc = jk_filter_build(q, 1, f, err);
  if (rc) return rc;
  if (f->match)
    jk_buf_printf(sql,
                  "FROM incident_fts fts CROSS JOIN incidents i%s ON i.id = fts.rowid"
                  " WHERE fts.incident_fts MATCH ?1",
                  covered && !f->wide ? " INDEXED BY incidents_filter" : "");
  else
    jk_buf_puts(sql, "FROM incidents i WHERE 1");
  jk_buf_append(sql, f->where.p ? f->where.p : "", f->where.len);
  if (sql->oom) {
    jk_filter_free(f);
    return jk_err_set(err, JK_ENOMEM, "out of memory building a query");
  }
  return JK_OK;
}

/* ---- snippets ------------------------------------------------------------------- */

/* Case-insensitive (ASCII) search for w in t. */
static const char *find_ci(const char *t, size_t n, const char *w, size_t wn) {
  if (!wn || wn > n) return NULL;
  for (size_t i = 0; i + wn <= n; i++) {
    size_t k = 0;
    while (k < wn) {
      unsigned char a = (unsigned char)t[i + k], b = (unsigned char)w[k];
      if (a >= 'A' && a <= 'Z') a = (unsigned char)(a + 32);
      if (b >= 'A' && b <= 'Z') b = (unsigned char)(b + 32);
      if (a != b) break;
      k++;
    }
    if (k == wn) return t + i;
  }
  return NULL;
}

/* Step back / forward up to n code points from p within [t, t+len). */
static const char *back_cps(const char *t, const char *p, int n) {
  while (n-- > 0 && p > t) {
    p--;
    while (p > t && ((unsigned char)*p & 0xC0) == 0x80) p--;
  }
  return p;
}
static const char *fwd_cps(const char *p, const char *end, int n) {
  while (n-- > 0 && p < end) {
    p++;
    while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;
  }
  return p;
}

/* Copy [s, e) with line breaks and tabs as spaces, runs of them as one. */
static void put_flat(jk_buf *b, const char *s, const char *e) {
  for (; s < e; s++) {
    char c = *s == '\n' || *s == '\t' || *s == '\r' ? ' ' : *s;
    if (c == ' ' && b->len && b->p[b->len - 1] == ' ') continue;
    jk_buf_putc(b, c);
  }
}

/*
** The hit in context: about 30 characters before the first word found
** and 60 after, the match between \x01 and \x02.  Falls back to the
** start of the text when no word occurs literally (a phrase split by
** punctuation still matches the index but not memcmp).
*/
static void make_snippet(const char *t, size_t n, const jk_filter *f, jk_buf *out) {
  jk_buf_reset(out);
  const char *hit = NULL;
  size_t hn = 0;
  for (int i = 0; i < f->nwords && !hit; i++) {
    hn = strlen(f->words[i]);
    hit = find_ci(t, n, f->words[i], hn);
  }
  const char *end = t + n;
  if (!hit) {
    put_flat(out, t, fwd_cps(t, end, 90));
    if (fwd_cps(t, end, 90) < end) jk_buf_puts(out, "…");
    return;
  }
  const char *s = back_cps(t, hit, 30), *e = fwd_cps(hit + hn, end, 60);
  if (s > t) jk_buf_puts(out, "…");
  put_flat(out, s, hit);
  jk_buf_putc(out, '\x01');
  put_flat(out, hit, hit + hn);
  jk_buf_putc(out, '\x02');
  put_flat(out, hit + hn, e);
  if (e < end) jk_buf_puts(out, "…");
}

/* ---- search ---------------------------------------------------------------------- */

/*
** A set of incident ids as a bitmap (bit id: bits[id / 8] >> id % 8),
** bound as a blob and tested per text match by jk_in_idset
** (fts_bigram.c).  bits NULL: no set, every match goes on.
*/
typedef struct idset {
  unsigned char *bits;
  size_t n;  /* bytes */
  int param; /* its parameter number in the search SQL */
} idset;

/* Bind f's parameters (from ?1) and the set, if any. */
static void bind_all(sqlite3_stmt *s, const jk_filter *f, const idset *set) {
  jk_filter_bind(f, s, 1);
  if (set->bits) sqlite3_bind_blob(s, set->param, set->bits, (int)set->n, SQLITE_STATIC);
}

/* Run a one-integer query (a count). */
static jk_rc count_of(jk_store *st, const char *sql, size_t n, const jk_filter *f, const idset *set, long long *out,
                      jk_err *err) {
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql, (int)n, &s, NULL);
  if (src == SQLITE_OK) {
    bind_all(s, f, set);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
      *out = sqlite3_column_int64(s, 0);
      src = SQLITE_OK;
    }
  }
  sqlite3_finalize(s);
  return src ? jk_store_dberr(st, src, "counting matches", err) : JK_OK;
}

/* ---- the category and date filters from their index ----------------------------- */

/*
** Above this many incidents in the index range of the category and date
** filters, reading them (about 0.05 us each) would cost more than it
** saves: a seek of about 0.25 us into incidents_filter per text match.
*/
#ifndef IDSET_MAX /* (a build can lower it to exercise the fallback) */
#define IDSET_MAX 20000
#endif

/* A day number that keeps the order of YYYYMMDD keys (00 and 99 parts
   included), for estimating how much of the casebook a date range holds. */
static long long day_of(long long key) { return key / 10000 * 372 + key / 100 % 100 * 31 + key % 100; }

/*
** Would a date range alone select more than IDSET_MAX incidents?  Three
** index seeks (first and last date, highest id) and a linear
** interpolation; a wrong guess costs time, never results (the set is
** capped below as well).
*/
static int dates_too_wide(jk_store *st, const jk_query *q) {
  static const char sql[] = "SELECT (SELECT min(pub_sort) FROM incidents), (SELECT max(pub_sort) FROM incidents),"
                            " (SELECT max(id) FROM incidents)";
  sqlite3_stmt *s = jk_stmt(st, sql, NULL);
  if (!s) return 0;
  int wide = 0;
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
    long long first = day_of(sqlite3_column_int64(s, 0)), last = day_of(sqlite3_column_int64(s, 1));
    double n = (double)sqlite3_column_int64(s, 2);
    long long lo = q->since.y ? day_of(since_key(&q->since)) : first;
    long long hi = q->until.y ? day_of(until_key(&q->until)) : last;
    if (lo < first) lo = first;
    if (hi > last) hi = last;
    double share = hi < lo ? 0 : (double)(hi - lo + 1) / (double)(last - first + 1);
    wide = share * n > IDSET_MAX;
  }
  jk_stmt_done(s);
  return wide;
}

/*
** The incidents passing q's category and date filters, read from their
** index (incidents_cat, or incidents_pub for dates alone) into set.
** The text match then tests a bit per match instead of seeking its
** incident in incidents_filter, which was most of the time of a filtered
** search (a common word matches 10,000 incidents at 100,000 notices; the
** filters keep a few thousand of them).  Leaves set->bits NULL when q has
** no such filter or when it is too wide to pay (more than IDSET_MAX
** incidents): the seek per match then applies it, as before.
*/
static jk_rc idset_build(jk_store *st, const jk_query *q, idset *set, jk_err *err) {
  /* [category][since][until]: every filter of the two, none other. */
  static const char c000[] = "", c001[] = "SELECT id FROM incidents INDEXED BY incidents_pub WHERE pub_sort <= ?3",
                    c010[] = "SELECT id FROM incidents INDEXED BY incidents_pub WHERE pub_sort >= ?2",
                    c011[] = "SELECT id FROM incidents INDEXED BY incidents_pub WHERE pub_sort >= ?2 AND pub_sort <= ?3",
                    c100[] = "SELECT id FROM incidents INDEXED BY incidents_cat WHERE category = ?1",
                    c101[] = "SELECT id FROM incidents INDEXED BY incidents_cat WHERE category = ?1 AND pub_sort <= ?3",
                    c110[] = "SELECT id FROM incidents INDEXED BY incidents_cat WHERE category = ?1 AND pub_sort >= ?2",
                    c111[] = "SELECT id FROM incidents INDEXED BY incidents_cat WHERE category = ?1 AND pub_sort >= ?2"
                             " AND pub_sort <= ?3";
  static const char *const sql[2][2][2] = {{{c000, c001}, {c010, c011}}, {{c100, c101}, {c110, c111}}};
  const char *text = sql[q->category >= 0][q->since.y != 0][q->until.y != 0];
  set->bits = NULL;
  set->n = 0;
  if (!*text || (q->category < 0 && dates_too_wide(st, q))) return JK_OK;
  sqlite3_stmt *s = jk_stmt(st, text, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int(s, 1, q->category);
  sqlite3_bind_int64(s, 2, since_key(&q->since));
  sqlite3_bind_int64(s, 3, until_key(&q->until));
  unsigned char *bits = calloc(1, 1); /* an empty set is a set: nothing passes */
  size_t cap = 1;
  int rows = 0, src = SQLITE_DONE, give_up = !bits;
  while (!give_up && (src = sqlite3_step(s)) == SQLITE_ROW) {
    sqlite3_int64 id = sqlite3_column_int64(s, 0);
    /* Too many, or an id no bitmap should hold (ids count up from 1):
       the filters stay with the seek per match. */
    if (++rows > IDSET_MAX || id < 0 || id / 8 >= (1 << 26)) {
      give_up = 1;
      break;
    }
    size_t byte = (size_t)(id / 8);
    if (byte >= cap) {
      size_t ncap = cap * 2 > byte + 1 ? cap * 2 : byte + 1024;
      unsigned char *nb = realloc(bits, ncap);
      if (!nb) {
        give_up = 1;
        break;
      }
      memset(nb + cap, 0, ncap - cap);
      bits = nb;
      cap = ncap;
    }
    bits[byte] |= (unsigned char)(1u << (id % 8));
  }
  jk_stmt_done(s);
  if (give_up) {
    free(bits);
    return JK_OK;
  }
  if (src != SQLITE_DONE) {
    free(bits);
    return jk_store_dberr(st, src, "searching", err);
  }
  set->bits = bits;
  set->n = cap;
  return JK_OK;
}

/* Does q filter on anything besides category and dates?  (The filter
   builder is asked, so a filter added there is never forgotten here.) */
static jk_rc other_filters(const jk_query *q, int *any, jk_err *err) {
  jk_query r = *q;
  r.text = NULL;
  r.category = -1;
  memset(&r.since, 0, sizeof r.since);
  memset(&r.until, 0, sizeof r.until);
  jk_filter g;
  jk_rc rc = jk_filter_build(&r, 1, &g, err);
  if (rc) return rc;
  *any = g.where.len > 0;
  jk_filter_free(&g);
  return JK_OK;
}

/* ---- one pass: count and the best page together --------------------------------- */

/* Above this many rows before the page's end, the page is left to SQL. */
#define ONE_PASS_MAX 2000

enum { BY_RANK, BY_DATE, BY_DATE_DESC, BY_AFFECTED };

static int sort_kind(const char *sort, int by_rank) {
  if (by_rank) return BY_RANK;
  if (!strcmp(sort, "date")) return BY_DATE;
  if (!strcmp(sort, "affected")) return BY_AFFECTED;
  return BY_DATE_DESC;
}

typedef struct cand {
  long long id, pub, aff; /* pub, aff < 0: not stated */
  double r;               /* jk_rank: lower is better */
} cand;

/* Does a come before b in the order of kind?  The same orders as the SQL
   ORDER BY clauses below (NULLs last, ties to the newest id). */
static int before(const cand *a, const cand *b, int kind) {
  switch (kind) {
  case BY_RANK:
    if (a->r != b->r) return a->r < b->r;
    break;
  case BY_DATE:
    if ((a->pub < 0) != (b->pub < 0)) return b->pub < 0;
    if (a->pub != b->pub) return a->pub < b->pub;
    return a->id < b->id;
  case BY_AFFECTED:
  case BY_DATE_DESC:
    if (kind == BY_AFFECTED && (a->aff < 0) != (b->aff < 0)) return b->aff < 0;
    if (kind == BY_AFFECTED && a->aff != b->aff) return a->aff > b->aff;
    if ((a->pub < 0) != (b->pub < 0)) return b->pub < 0;
    if (a->pub != b->pub) return a->pub > b->pub;
    break;
  }
  return a->id > b->id;
}

static int cmp_cand(const void *x, const void *y, void *kind) {
  const cand *a = x, *b = y;
  int k = *(const int *)kind;
  return before(a, b, k) ? -1 : before(b, a, k) ? 1 : 0;
}

/* Keep the k best in a heap whose root is the worst of them. */
static void heap_push(cand *h, int *n, int k, const cand *c, int kind) {
  int i;
  if (*n < k) {
    i = (*n)++;
    while (i > 0 && before(&h[(i - 1) / 2], c, kind)) {
      h[i] = h[(i - 1) / 2];
      i = (i - 1) / 2;
    }
    h[i] = *c;
    return;
  }
  if (!before(c, &h[0], kind)) return;
  i = 0;
  for (;;) {
    int l = 2 * i + 1, r = l + 1, w = i;
    const cand *wc = c;
    if (l < *n && before(wc, &h[l], kind)) w = l, wc = &h[l];
    if (r < *n && before(wc, &h[r], kind)) w = r, wc = &h[r];
    if (w == i) break;
    h[i] = h[w];
    i = w;
  }
  h[i] = *c;
}

/*
** Every match read once: counted, and the best offset+limit kept in a
** heap.  Reading the matches twice (a count, then an ORDER BY) was half
** the time of a filtered search at 100,000 notices.  body is the FROM …
** WHERE … of the matches; fts_only: it reads incident_fts alone (no
** dates or head-counts to read: the order is by rank).
*/
static jk_rc one_pass(jk_store *st, const jk_filter *f, const idset *set, const jk_buf *body, int fts_only, int kind,
                      int offset, int limit, long long *ids, double *ranks, int *n, long long *total, jk_err *err) {
  jk_buf sql;
  jk_buf_init(&sql);
  if (fts_only) jk_buf_puts(&sql, "SELECT rowid, jk_rank(incident_fts) ");
  else
    jk_buf_printf(&sql, "SELECT i.id, %s, coalesce(i.pub_sort, -1), coalesce(i.affected, -1) ",
                  kind == BY_RANK ? "jk_rank(incident_fts)" : "0");
  jk_buf_append(&sql, body->p, body->len);
  int k = offset + limit, nh = 0;
  cand *heap = malloc((size_t)k * sizeof *heap);
  sqlite3_stmt *s = NULL;
  int src = heap && !sql.oom ? sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL) : SQLITE_NOMEM;
  *total = 0;
  if (src == SQLITE_OK) {
    bind_all(s, f, set);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
      cand c = {sqlite3_column_int64(s, 0), -1, -1, sqlite3_column_double(s, 1)};
      if (!fts_only) {
        c.pub = sqlite3_column_int64(s, 2);
        c.aff = sqlite3_column_int64(s, 3);
      }
      (*total)++;
      heap_push(heap, &nh, k, &c, kind);
    }
    if (src == SQLITE_DONE) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  jk_buf_free(&sql);
  jk_rc rc = src ? jk_store_dberr(st, src, "searching", err) : JK_OK;
  if (!rc) {
    qsort_r(heap, (size_t)nh, sizeof *heap, cmp_cand, &kind);
    for (int i = offset; i < nh; i++) {
      ids[*n] = heap[i].id;
      ranks[(*n)++] = -heap[i].r;
    }
  }
  free(heap);
  return rc;
}

/* FROM … WHERE … of the matches: incident_fts alone when no filter needs
   the incidents' columns, else from (the join); and the id set's test. */
static void match_body(const jk_buf *from, int fts_only, const idset *set, jk_buf *out) {
  jk_buf_reset(out);
  if (fts_only) jk_buf_puts(out, "FROM incident_fts WHERE incident_fts MATCH ?1");
  else jk_buf_append(out, from->p, from->len);
  /* A condition on the text match's rowid alone: SQLite tests it before
     the join's seek, so only the matches in the set reach it. */
  if (set->bits) jk_buf_printf(out, " AND jk_in_idset(?%d, %s)", set->param, fts_only ? "rowid" : "fts.rowid");
}

/* Begin / end the read transaction of a search (sqlite3_exec: kept out of
   the statement cache, which the hot statements need). */
static jk_rc read_tx(jk_store *st, const char *sql, jk_err *err) {
  int src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  return src ? jk_store_dberr(st, src, "searching", err) : JK_OK;
}

/*
** Search in two steps: the page of incident ids in order (from the
** full-text index and the narrow filter indexes only), then the details
** and snippet of those few.  With words and no filters, or only category
** and date filters read into an id set, count and rank come from the
** full-text index alone.  All of it in one read transaction: the set, the
** page and the details see the same casebook while writers commit.
*/
jk_rc jk_store_search(jk_store *st, const jk_query *q, jk_hit_fn fn, void *ctx, long long *total, jk_err *err) {
  static const char q_detail[] =
      "SELECT label, org, title, published, category, affected, reports FROM incidents WHERE id=?1";
  static const char q_texts[] =
      "SELECT jk_index_text(jk_unpack(text)) FROM notices WHERE incident_id=?1 AND record IS NOT NULL ORDER BY id";
  jk_filter f;
  jk_buf from, sql, snip, body;
  jk_buf_init(&from);
  jk_buf_init(&sql);
  jk_buf_init(&snip);
  jk_buf_init(&body);
  if (total) *total = 0;
  jk_rc rc = jk_filter_from(q, 1, &f, &from, err);
  if (rc) return rc;
  int limit = q->limit > 0 ? (q->limit > 1000 ? 1000 : q->limit) : 20;
  int offset = q->offset > 0 ? q->offset : 0;
  const char *sort = q->sort && *q->sort ? q->sort : (f.match ? "relevance" : "-date");
  int by_rank = f.match && !strcmp(sort, "relevance");
  const char *order;
  if (by_rank) order = "r, i.id DESC";
  else if (!strcmp(sort, "date")) order = "i.pub_sort IS NULL, i.pub_sort, i.id";
  else if (!strcmp(sort, "affected")) order = "i.affected DESC, i.pub_sort DESC, i.id DESC";
  else order = "i.pub_sort DESC, i.id DESC"; /* -date: NULL dates sort last */

  int own_tx = sqlite3_get_autocommit(st->db);
  if (own_tx) rc = read_tx(st, "BEGIN", err);
  /* Words with filters: the category and date filters as an id set. */
  idset set = {NULL, 0, 2 + f.nbind};
  int rest = f.where.len > 0; /* filters left for the join */
  if (!rc && f.match && rest) rc = idset_build(st, q, &set, err);
  if (!rc && set.bits) rc = other_filters(q, &rest, err);
  int fts_only = f.match && !rest; /* the full-text index can answer alone */

  long long ids[1000];
  double ranks[1000];
  int n = 0;
  if (rc) {
    /* nothing more */
  } else if (f.match && total && (long long)offset + limit <= ONE_PASS_MAX) {
    /* Words: count and page in one pass over the matches. */
    match_body(&from, fts_only && by_rank, &set, &body);
    rc = one_pass(st, &f, &set, &body, fts_only && by_rank, sort_kind(sort, by_rank), offset, limit, ids, ranks, &n,
                  total, err);
  } else {
    /* The number of matches, then the page in SQL order. */
    if (total) {
      if (f.match) match_body(&from, fts_only, &set, &body);
      else jk_buf_append(&body, from.p, from.len);
      jk_buf_puts(&sql, "SELECT count(*) ");
      jk_buf_append(&sql, body.p, body.len);
      rc = count_of(st, sql.p, sql.len, &f, &set, total, err);
    }
    if (!rc) {
      jk_buf_reset(&sql);
      /* jk_rank (fts_bigram.c), not bm25: see there why. */
      if (f.match) match_body(&from, fts_only && by_rank, &set, &body);
      else {
        jk_buf_reset(&body);
        jk_buf_append(&body, from.p, from.len);
      }
      if (fts_only && by_rank) jk_buf_puts(&sql, "SELECT rowid, jk_rank(incident_fts) AS r ");
      else jk_buf_printf(&sql, "SELECT i.id, %s AS r ", f.match ? "jk_rank(incident_fts)" : "0");
      jk_buf_append(&sql, body.p, body.len);
      jk_buf_printf(&sql, " ORDER BY %s LIMIT %d OFFSET %d", fts_only && by_rank ? "r, rowid DESC" : order, limit,
                    offset);
      sqlite3_stmt *s = NULL;
      int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
      if (src == SQLITE_OK) {
        bind_all(s, &f, &set);
        while (n < limit && (src = sqlite3_step(s)) == SQLITE_ROW) {
          ids[n] = sqlite3_column_int64(s, 0);
          ranks[n++] = -sqlite3_column_double(s, 1); /* jk_rank: lower is better */
        }
        if (src == SQLITE_ROW || src == SQLITE_DONE) src = SQLITE_OK;
      }
      sqlite3_finalize(s);
      if (src) rc = jk_store_dberr(st, src, "searching", err);
    }
  }

  /* The details and the hit in context, for the page only. */
  for (int k = 0; k < n && !rc; k++) {
    sqlite3_stmt *d = jk_stmt(st, q_detail, err);
    if (!d) {
      rc = err ? err->rc : JK_EDB;
      break;
    }
    sqlite3_bind_int64(d, 1, ids[k]);
    if (sqlite3_step(d) != SQLITE_ROW) {
      jk_stmt_done(d);
      continue; /* gone (not expected inside the transaction) */
    }
    jk_hit h;
    memset(&h, 0, sizeof h);
    h.incident_id = ids[k];
    h.incident = (const char *)sqlite3_column_text(d, 0);
    h.org = (const char *)sqlite3_column_text(d, 1);
    h.title = (const char *)sqlite3_column_text(d, 2);
    const char *pub = (const char *)sqlite3_column_text(d, 3);
    if (pub) jk_date_parse_iso(pub, &h.published);
    h.category = sqlite3_column_int(d, 4);
    h.affected = sqlite3_column_type(d, 5) == SQLITE_NULL ? -1 : sqlite3_column_int64(d, 5);
    h.reports = sqlite3_column_int(d, 6);
    h.rank = f.match ? ranks[k] : 0;
    /* The snippet from the first report where a word occurs. */
    jk_buf_reset(&snip);
    sqlite3_stmt *t = jk_stmt(st, q_texts, err);
    if (!t) {
      jk_stmt_done(d);
      rc = err ? err->rc : JK_EDB;
      break;
    }
    sqlite3_bind_int64(t, 1, ids[k]);
    while (sqlite3_step(t) == SQLITE_ROW) {
      make_snippet((const char *)sqlite3_column_text(t, 0), (size_t)sqlite3_column_bytes(t, 0), &f, &snip);
      if (!f.nwords || memchr(snip.p ? snip.p : "", '\x01', snip.len)) break;
    }
    jk_stmt_done(t);
    h.snippet = snip.p ? snip.p : "";
    int stop = fn(ctx, &h);
    jk_stmt_done(d);
    if (stop) break;
  }
  if (own_tx && !sqlite3_get_autocommit(st->db)) {
    /* A read transaction: COMMIT only ends it; ROLLBACK if even that fails. */
    jk_rc erc = read_tx(st, rc ? "ROLLBACK" : "COMMIT", rc ? NULL : err);
    if (erc && !rc) {
      sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
      rc = erc;
    }
  }
  free(set.bits);
  jk_filter_free(&f);
  jk_buf_free(&from);
  jk_buf_free(&sql);
  jk_buf_free(&snip);
  jk_buf_free(&body);
  return rc;
}

/* ---- upkeep of the full-text index ------------------------------------------------ */

/*
** FTS5 'merge' in steps of 2,000 pages (4 KB each) until it finds
** nothing to merge (it then changes fewer than 2 rows, the documented
** sign).  usermerge is 2 (migration 4): two segments of a level are
** enough to merge.  After the 5,000-file ingest of 100,000 notices it
** left 3 segments of 22, in 2.5 s of CPU; after a small ingest it only
** merges the few small segments that ingest added.
*/
jk_rc jk_store_tidy_index(jk_store *st, jk_err *err) {
  /* The summary's log of changes, folded into its tables (summary.c). */
  jk_rc rc = jk_summary_fold(st, err);
  if (rc) return rc;
  for (;;) {
    int before = sqlite3_total_changes(st->db);
    int src = sqlite3_exec(st->db, "INSERT INTO incident_fts(incident_fts, rank) VALUES('merge', 2000)", NULL, NULL,
                           NULL);
    if (src) return jk_store_dberr(st, src, "merging the search index", err);
    if (sqlite3_total_changes(st->db) - before < 2) break;
  }
  /* Pages freed by the merge, the log's fold and the dictionaries'
     recompression go back to the file system (auto_vacuum=INCREMENTAL,
     schema 12; a no-op in a file without it), once they are more than a
     twentieth of the file: the file is the casebook's size, not its
     history's. */
  sqlite3_stmt *s = NULL;
  long long freep = 0, pages = 0;
  if (sqlite3_prepare_v2(st->db, "SELECT freelist_count, page_count FROM pragma_freelist_count, pragma_page_count",
                         -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW) {
    freep = sqlite3_column_int64(s, 0);
    pages = sqlite3_column_int64(s, 1);
  }
  sqlite3_finalize(s);
  if (freep > 64 && freep * 20 > pages) {
    int src = sqlite3_exec(st->db, "PRAGMA incremental_vacuum", NULL, NULL, NULL);
    if (src) return jk_store_dberr(st, src, "giving free pages back", err);
  }
  return JK_OK;
}
