/*
** eval.c — scoring extracted records against gold labels.
**
** Gold is JSON Lines as in ../shared/gold/SCHEMA.md, keyed FILE:LINE by the
** heading of each notice.  A record matches the nearest gold heading of
** the same file within JK_EVAL_SLACK lines of its heading, or anywhere
** between its segment's first line and its heading (FILE:1 for a page whose
** title stands under its navigation); one record per gold notice.
** For each field the score is the share of gold notices it got right;
** sets (data_types, reported_to) score their F1, and a gold notice no
** record matched scores 0 everywhere.  Notice detection gets precision,
** recall and F1.  Organisation names compare after NFKC and without
** spaces, so 国⽴ (Kangxi) equals 国立 and 株式会社 共立 equals 株式会社共立.
**
** Each prediction also keeps, flattened to one line, the evidence text of
** every field (of every member, for sets), its confidence, the issuer as
** printed and the runner-up: jk_eval_errors() shows a reviewer why a field
** is wrong without extracting again.
*/
#include "jk_int.h"

#include <stddef.h>

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#define JK_EVAL_SLACK 5

enum { F_CASEBOOK, F_ORG, F_PUBLISHED, F_SEQ, F_CATEGORY, F_AFFECTED, F_CARD, F_DATA, F_REPORTED, F_VENDOR, F_N };
static const char *const field_names[F_N] = {"casebook_id", "org",  "published",  "report_seq",  "category",
                                             "affected",    "card", "data_types", "reported_to", "vendor"};

/* A notice's values in comparable form. */
typedef struct vals {
  char casebook[32];
  char org[256];
  char published[16];
  int seq;
  int category;
  long long affected; /* -1 null */
  int card, vendor;
  uint32_t data, reported;
} vals;

typedef struct gold {
  char file[256];
  int line;
  vals v;
  char org_raw[256]; /* as labelled (v.org is the comparison form) */
  int gold_line;     /* line of the label in the gold JSONL */
  int matched;       /* index+1 of the matched prediction */
} gold;

/* Text slots of a prediction: one per scalar field (by F_ index), one per
   member of each set, then the issuer as printed, the runner-up and the
   title. */
enum {
  S_DT = F_N,
  S_AUTH = S_DT + JK_DT_COUNT,
  S_ORG = S_AUTH + JK_AUTH_COUNT,
  S_ORG_ALT,
  S_TITLE,
  S_N
};

typedef struct pred {
  char file[256];
  int line;
  int first_line; /* where its segment starts: page chrome may stand above the heading */
  int title_line; /* a letter's title under its letterhead, else 0 */
  vals v;
  int used;
  float conf[F_N];
  int conf_known; /* 0: every confidence 0 (not filled in) */
  /* Offsets into strs of NUL-terminated one-line texts, -1 for none; one
     buffer per prediction keeps eval to one allocation per record. */
  long slot[S_N];
  jk_buf strs;
} pred;

typedef struct fileset {
  char **v;
  size_t n, cap;
} fileset;

struct jk_eval {
  gold *g;
  size_t ng, capg;
  pred *p;
  size_t np, capp;
  fileset files;
  int scored;
};

jk_eval *jk_eval_new(void) { return calloc(1, sizeof(jk_eval)); }

void jk_eval_free(jk_eval *ev) {
  if (!ev) return;
  free(ev->g);
  for (size_t i = 0; i < ev->np; i++) jk_buf_free(&ev->p[i].strs);
  free(ev->p);
  for (size_t i = 0; i < ev->files.n; i++) free(ev->files.v[i]);
  free(ev->files.v);
  free(ev);
}

/* NFKC, then drop spaces: the comparison form of a name. */
static void canon_name(const char *s, char *out, size_t n) {
  jk_buf b;
  jk_buf_init(&b);
  out[0] = 0;
  if (!s) return;
  if (jk_normalize(s, strlen(s), &b, NULL) == JK_OK && b.p) {
    size_t o = 0;
    for (size_t i = 0; i < b.len && o + 1 < n; i++)
      if (b.p[i] != ' ') out[o++] = b.p[i];
    out[o] = 0;
  }
  jk_buf_free(&b);
}

static const char *base_name(const char *path) {
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static void set_str(char *dst, size_t n, const cJSON *j) {
  dst[0] = 0;
  if (cJSON_IsString(j) && j->valuestring) snprintf(dst, n, "%s", j->valuestring);
}

static uint32_t set_bits(const cJSON *arr, int (*parse)(const char *)) {
  uint32_t m = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, arr) {
    if (!cJSON_IsString(it)) continue;
    int k = parse(it->valuestring);
    if (k >= 0) m |= 1u << k;
  }
  return m;
}

static int parse_cat(const char *s) { return jk_category_parse(s); }
static int parse_dt(const char *s) { return jk_data_type_parse(s); }
static int parse_auth(const char *s) { return jk_authority_parse(s); }

jk_rc jk_eval_load_gold(jk_eval *ev, const char *jsonl, size_t len, jk_err *err) {
  size_t i = 0;
  int line = 0;
  while (i < len) {
    size_t e = i;
    while (e < len && jsonl[e] != '\n') e++;
    line++;
    const char *p = jsonl + i;
    size_t n = e - i;
    i = e + 1;
    if (jk_blank(p, n)) continue;
    cJSON *j = cJSON_ParseWithLength(p, n);
    if (!j || !cJSON_IsObject(j)) {
      cJSON_Delete(j);
      return jk_err_set(err, JK_EINVAL, "gold line %d: not a JSON object; each line must be one record", line);
    }
    const cJSON *key = cJSON_GetObjectItemCaseSensitive(j, "key");
    const char *colon = cJSON_IsString(key) ? strrchr(key->valuestring, ':') : NULL;
    if (!colon) {
      cJSON_Delete(j);
      return jk_err_set(err, JK_EINVAL, "gold line %d: \"key\" must be \"FILE:LINE\"", line);
    }
    if (ev->ng == ev->capg) {
      size_t cap = ev->capg ? ev->capg * 2 : 64;
      gold *g = realloc(ev->g, cap * sizeof *g);
      if (!g) {
        cJSON_Delete(j);
        return jk_err_set(err, JK_ENOMEM, "out of memory reading gold");
      }
      ev->g = g;
      ev->capg = cap;
    }
    gold *g = &ev->g[ev->ng++];
    memset(g, 0, sizeof *g);
    snprintf(g->file, sizeof g->file, "%.*s", (int)(colon - key->valuestring), key->valuestring);
    long ln = strtol(colon + 1, NULL, 10);
    if (ln < 1 || ln > 100000000) {
      cJSON_Delete(j);
      return jk_err_set(err, JK_EINVAL, "gold line %d: \"key\" line must be a positive line number", line);
    }
    g->line = (int)ln;
    vals *v = &g->v;
    set_str(v->casebook, sizeof v->casebook, cJSON_GetObjectItemCaseSensitive(j, "casebook_id"));
    const cJSON *org = cJSON_GetObjectItemCaseSensitive(j, "org");
    canon_name(cJSON_IsString(org) ? org->valuestring : NULL, v->org, sizeof v->org);
    set_str(g->org_raw, sizeof g->org_raw, org);
    g->gold_line = line;
    set_str(v->published, sizeof v->published, cJSON_GetObjectItemCaseSensitive(j, "published"));
    const cJSON *seq = cJSON_GetObjectItemCaseSensitive(j, "report_seq");
    v->seq = cJSON_IsNumber(seq) ? seq->valueint : 1;
    const cJSON *cat = cJSON_GetObjectItemCaseSensitive(j, "category");
    v->category = cJSON_IsString(cat) ? parse_cat(cat->valuestring) : 0;
    const cJSON *aff = cJSON_GetObjectItemCaseSensitive(j, "affected");
    /* A count beyond 64 bits saturates rather than overflowing the cast. */
    if (!cJSON_IsNumber(aff) || aff->valuedouble < 0) v->affected = -1;
    else if (aff->valuedouble >= 9.2e18) v->affected = LLONG_MAX;
    else v->affected = (long long)aff->valuedouble;
    v->card = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "card"));
    v->vendor = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "vendor"));
    v->data = set_bits(cJSON_GetObjectItemCaseSensitive(j, "data_types"), parse_dt);
    v->reported = set_bits(cJSON_GetObjectItemCaseSensitive(j, "reported_to"), parse_auth);
    cJSON_Delete(j);
  }
  return JK_OK;
}

void jk_eval_note_file(jk_eval *ev, const char *name) {
  const char *b = base_name(name);
  for (size_t i = 0; i < ev->files.n; i++)
    if (strcmp(ev->files.v[i], b) == 0) return;
  if (ev->files.n == ev->files.cap) {
    size_t cap = ev->files.cap ? ev->files.cap * 2 : 16;
    char **v = realloc(ev->files.v, cap * sizeof *v);
    if (!v) return;
    ev->files.v = v;
    ev->files.cap = cap;
  }
  char *c = strdup(b);
  if (c) ev->files.v[ev->files.n++] = c;
}

/* Append s[0..n) to b as one line of at most about max bytes: tabs and
   controls become spaces, a line break between two non-ASCII characters
   (a PDF margin inside 約48⏎万件) is dropped and elsewhere becomes a
   space; with quoted, " and \ are escaped so the text can sit in "…". */
static void flat(jk_buf *b, const char *s, size_t n, size_t max, int quoted) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (i >= max && (c & 0xC0) != 0x80) {
      jk_buf_puts(b, "…");
      return;
    }
    if (c == '\n' && i > 0 && i + 1 < n && (unsigned char)s[i - 1] >= 0x80 && (unsigned char)s[i + 1] >= 0x80)
      continue;
    if (c < 0x20 || c == 0x7F) c = ' ';
    if (quoted && (c == '"' || c == '\\')) jk_buf_putc(b, '\\');
    jk_buf_putc(b, (char)c);
  }
}

/* Keep a text (a span of the record's text, or a string) in slot k. */
static void keep(pred *p, int k, const char *s, size_t n, int quoted) {
  if (!s || !n) return;
  p->slot[k] = (long)p->strs.len;
  flat(&p->strs, s, n, 200, quoted);
  jk_buf_putc(&p->strs, 0);
}

static void keep_span(pred *p, int k, const jk_record *r, jk_span sp) {
  if (!r->text || !sp.len || (size_t)sp.off + sp.len > r->text_len) return;
  keep(p, k, r->text + sp.off, sp.len, 1);
}

static const char *slot_text(const pred *p, int k) {
  return p->slot[k] >= 0 && p->strs.p ? p->strs.p + p->slot[k] : NULL;
}

jk_rc jk_eval_add(jk_eval *ev, const jk_record *r) {
  if (ev->np == ev->capp) {
    size_t cap = ev->capp ? ev->capp * 2 : 64;
    pred *p = realloc(ev->p, cap * sizeof *p);
    if (!p) return JK_ENOMEM;
    ev->p = p;
    ev->capp = cap;
  }
  pred *p = &ev->p[ev->np++];
  memset(p, 0, sizeof *p);
  snprintf(p->file, sizeof p->file, "%s", base_name(r->source_file ? r->source_file : ""));
  p->line = r->heading_line;
  p->first_line = r->first_line > 0 && r->first_line <= r->heading_line ? r->first_line : r->heading_line;
  p->title_line = r->title_line > r->heading_line ? r->title_line : 0;
  vals *v = &p->v;
  snprintf(v->casebook, sizeof v->casebook, "%s", r->casebook_id ? r->casebook_id : "");
  canon_name(r->org, v->org, sizeof v->org);
  jk_date_format(r->published, v->published, sizeof v->published);
  v->seq = r->report_seq;
  v->category = (int)r->category;
  v->affected = r->affected;
  v->card = r->card;
  v->vendor = r->vendor;
  v->data = r->data_types;
  v->reported = r->reported_to;

  for (int k = 0; k < S_N; k++) p->slot[k] = -1;
  jk_buf_init(&p->strs);
  const jk_span scalar_ev[F_N] = {[F_CASEBOOK] = r->casebook_id_ev, [F_ORG] = r->org_ev,
                                  [F_PUBLISHED] = r->published_ev,  [F_SEQ] = r->report_seq_ev,
                                  [F_CATEGORY] = r->category_ev,    [F_AFFECTED] = r->affected_ev,
                                  [F_CARD] = r->card_ev,            [F_VENDOR] = r->vendor_ev};
  for (int f = 0; f < F_N; f++) keep_span(p, f, r, scalar_ev[f]);
  for (int i = 0; i < JK_DT_COUNT; i++)
    if (r->data_types & (1u << i)) keep_span(p, S_DT + i, r, r->data_type_ev[i]);
  for (int i = 0; i < JK_AUTH_COUNT; i++)
    if (r->reported_to & (1u << i)) keep_span(p, S_AUTH + i, r, r->reported_to_ev[i]);
  if (r->org) keep(p, S_ORG, r->org, strlen(r->org), 0);
  if (r->org_alt) keep(p, S_ORG_ALT, r->org_alt, strlen(r->org_alt), 1);
  if (r->title) keep(p, S_TITLE, r->title, strlen(r->title), 1);
  /* Confidence by field name, so the two enumerations may differ in order. */
  for (int f = 0; f < F_N; f++) {
    int jf = jk_field_parse(field_names[f]);
    p->conf[f] = jf >= 0 ? r->confidence[jf] : 0;
    if (p->conf[f] > 0) p->conf_known = 1;
  }
  ev->scored = 0;
  if (p->strs.oom) {
    jk_buf_free(&p->strs);
    ev->np--;
    return JK_ENOMEM;
  }
  return JK_OK;
}

static bool file_noted(const jk_eval *ev, const char *f) {
  if (ev->files.n == 0) return true;
  for (size_t i = 0; i < ev->files.n; i++)
    if (strcmp(ev->files.v[i], f) == 0) return true;
  return false;
}

/* How far a record is from a gold key: 0 anywhere from its segment's first
   line to its heading (a key at FILE:1 for a page whose title stands under
   ten lines of navigation names that notice), or to a letter's title under
   its letterhead; else from its heading. */
static long long dist(const pred *p, int line) {
  int last = p->title_line > p->line ? p->title_line : p->line;
  if (line >= p->first_line && line <= last) return 0;
  return llabs((long long)p->line - line);
}

/* Pair gold and predictions: nearest first, one to one. */
static void match(jk_eval *ev) {
  if (ev->scored) return;
  for (size_t i = 0; i < ev->ng; i++) ev->g[i].matched = 0;
  for (size_t i = 0; i < ev->np; i++) ev->p[i].used = 0;
  for (int d = 0; d <= JK_EVAL_SLACK; d++) {
    for (size_t i = 0; i < ev->ng; i++) {
      gold *g = &ev->g[i];
      if (g->matched) continue;
      for (size_t k = 0; k < ev->np; k++) {
        pred *p = &ev->p[k];
        if (p->used || strcmp(p->file, g->file) != 0) continue;
        if (dist(p, g->line) != d) continue;
        g->matched = (int)k + 1;
        p->used = 1;
        break;
      }
    }
  }
  ev->scored = 1;
}

static double set_f1(uint32_t gold_bits, uint32_t pred_bits) {
  if (!gold_bits && !pred_bits) return 1.0;
  int tp = __builtin_popcount(gold_bits & pred_bits);
  int g = __builtin_popcount(gold_bits), p = __builtin_popcount(pred_bits);
  if (tp == 0) return 0.0;
  double pr = (double)tp / p, rc = (double)tp / g;
  return 2 * pr * rc / (pr + rc);
}

static double field_score(int f, const vals *g, const vals *p) {
  switch (f) {
  case F_CASEBOOK: return strcmp(g->casebook, p->casebook) == 0;
  case F_ORG: return strcmp(g->org, p->org) == 0;
  case F_PUBLISHED: return strcmp(g->published, p->published) == 0;
  case F_SEQ: return g->seq == p->seq;
  case F_CATEGORY: return g->category == p->category;
  case F_AFFECTED: return g->affected == p->affected;
  case F_CARD: return g->card == p->card;
  case F_DATA: return set_f1(g->data, p->data);
  case F_REPORTED: return set_f1(g->reported, p->reported);
  case F_VENDOR: return g->vendor == p->vendor;
  }
  return 0;
}

void jk_eval_report_get(jk_eval *ev, jk_eval_report *rep) {
  match(ev);
  memset(rep, 0, sizeof *rep);
  double sum[F_N] = {0};
  for (size_t i = 0; i < ev->ng; i++) {
    gold *g = &ev->g[i];
    if (!file_noted(ev, g->file)) continue;
    rep->gold_n++;
    if (!g->matched) continue;
    rep->matched_n++;
    const vals *pv = &ev->p[g->matched - 1].v;
    for (int f = 0; f < F_N; f++) sum[f] += field_score(f, &g->v, pv);
  }
  for (size_t k = 0; k < ev->np; k++)
    if (file_noted(ev, ev->p[k].file)) rep->pred_n++;
  rep->detect_p = rep->pred_n ? (double)rep->matched_n / rep->pred_n : 0;
  rep->detect_r = rep->gold_n ? (double)rep->matched_n / rep->gold_n : 0;
  rep->detect_f1 = rep->detect_p + rep->detect_r > 0
                       ? 2 * rep->detect_p * rep->detect_r / (rep->detect_p + rep->detect_r)
                       : 0;
  double mean = 0;
  for (int f = 0; f < F_N; f++) {
    rep->fields[f].name = field_names[f];
    rep->fields[f].n = rep->gold_n;
    rep->fields[f].score = rep->gold_n ? sum[f] / rep->gold_n : 0;
    mean += rep->fields[f].score;
  }
  rep->nfields = F_N;
  rep->mean = mean / F_N;
}

static void show_vals(jk_buf *b, int f, const vals *v) {
  switch (f) {
  case F_CASEBOOK: jk_buf_puts(b, v->casebook[0] ? v->casebook : "null"); break;
  case F_ORG: jk_buf_puts(b, v->org[0] ? v->org : "null"); break;
  case F_PUBLISHED: jk_buf_puts(b, v->published[0] ? v->published : "null"); break;
  case F_SEQ: jk_buf_printf(b, "%d", v->seq); break;
  case F_CATEGORY: jk_buf_puts(b, jk_category_name((jk_category)v->category)); break;
  case F_AFFECTED:
    if (v->affected < 0) jk_buf_puts(b, "null");
    else jk_buf_printf(b, "%lld", v->affected);
    break;
  case F_CARD: jk_buf_puts(b, v->card ? "true" : "false"); break;
  case F_VENDOR: jk_buf_puts(b, v->vendor ? "true" : "false"); break;
  case F_DATA:
  case F_REPORTED: {
    uint32_t m = f == F_DATA ? v->data : v->reported;
    int cnt = f == F_DATA ? JK_DT_COUNT : JK_AUTH_COUNT;
    jk_buf_putc(b, '[');
    int first = 1;
    for (int i = 0; i < cnt; i++)
      if (m & (1u << i)) {
        jk_buf_printf(b, "%s%s", first ? "" : ",",
                      f == F_DATA ? jk_data_type_name((jk_data_type)i) : jk_authority_name((jk_authority)i));
        first = 0;
      }
    jk_buf_putc(b, ']');
    break;
  }
  }
}

void jk_eval_mismatches(jk_eval *ev, jk_buf *b) {
  match(ev);
  for (size_t i = 0; i < ev->ng; i++) {
    gold *g = &ev->g[i];
    if (!file_noted(ev, g->file)) continue;
    if (!g->matched) {
      jk_buf_printf(b, "%s:%d\tMISSED (no record within %d lines)\n", g->file, g->line, JK_EVAL_SLACK);
      continue;
    }
    const pred *p = &ev->p[g->matched - 1];
    for (int f = 0; f < F_N; f++) {
      if (field_score(f, &g->v, &p->v) >= 0.999) continue;
      jk_buf_printf(b, "%s:%d\t%s\tgold=", g->file, g->line, field_names[f]);
      show_vals(b, f, &g->v);
      jk_buf_puts(b, "\tgot=");
      show_vals(b, f, &p->v);
      jk_buf_putc(b, '\n');
    }
  }
  for (size_t k = 0; k < ev->np; k++) {
    const pred *p = &ev->p[k];
    if (!p->used && file_noted(ev, p->file))
      jk_buf_printf(b, "%s:%d\tEXTRA (no gold notice here)\n", p->file, p->line);
  }
}

/* ---- jk_eval_errors ------------------------------------------------------ */

/* One line of the list: a gold notice (its wrong fields, or MISSED) or a
   record no gold notice matched, in file and line order. */
typedef struct err_line {
  const char *file;
  int line;
  int extra;  /* 0: gold notice idx; 1: unmatched prediction idx */
  size_t idx;
} err_line;

static int err_line_cmp(const void *a, const void *b) {
  const err_line *x = a, *y = b;
  int c = strcmp(x->file, y->file);
  if (c) return c;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->extra != y->extra) return x->extra - y->extra;
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* A value for gold=/got=: as show_vals, but the issuer as printed. */
static void show_value(jk_buf *b, int f, const vals *v, const char *org_raw) {
  if (f == F_ORG && org_raw && *org_raw) {
    flat(b, org_raw, strlen(org_raw), 200, 0);
    return;
  }
  show_vals(b, f, v);
}

/* The evidence of a wrong field.  For a set it is the text behind each
   member the record has and the gold has not (a member it lacks has no
   text to show): "police: 警察に相談; ppc: …". */
static void show_evidence(jk_buf *b, int f, const vals *g, const pred *p) {
  int n = 0;
  jk_buf_puts(b, "evidence=");
  if (f == F_DATA || f == F_REPORTED) {
    uint32_t extra = f == F_DATA ? p->v.data & ~g->data : p->v.reported & ~g->reported;
    int cnt = f == F_DATA ? JK_DT_COUNT : JK_AUTH_COUNT;
    for (int i = 0; i < cnt; i++) {
      if (!(extra & (1u << i))) continue;
      const char *t = slot_text(p, (f == F_DATA ? S_DT : S_AUTH) + i);
      jk_buf_puts(b, n++ ? "; " : "\"");
      jk_buf_printf(b, "%s: %s", f == F_DATA ? jk_data_type_name((jk_data_type)i) : jk_authority_name((jk_authority)i),
                    t ? t : "(none)");
    }
  } else {
    const char *t = slot_text(p, f);
    if (t) {
      jk_buf_printf(b, "\"%s", t);
      n = 1;
    }
  }
  jk_buf_puts(b, n ? "\"" : "(none)");
}

/* Both gold notices and records start with where they are. */
typedef struct place {
  char file[256];
  int line;
} place;
_Static_assert(offsetof(gold, file) == offsetof(place, file) && offsetof(gold, line) == offsetof(place, line) &&
                   offsetof(pred, file) == offsetof(place, file) && offsetof(pred, line) == offsetof(place, line),
               "gold and pred begin with a place");

/* The entry of the same file nearest to a line (-1: none), among n
   entries of `size` bytes: for a gold notice no record matched (a heading
   a few lines off is a splitting question, none at all a detection one),
   and for a record no gold notice matched. */
static long nearest(const void *v, size_t n, size_t size, const char *file, int line) {
  long best = -1;
  long long bd = LLONG_MAX;
  for (size_t k = 0; k < n; k++) {
    const place *pl = (const place *)((const char *)v + k * size);
    if (strcmp(pl->file, file) != 0) continue;
    long long d = llabs((long long)pl->line - line);
    if (d < bd) {
      bd = d;
      best = (long)k;
    }
  }
  return best;
}

void jk_eval_errors(jk_eval *ev, jk_buf *b) {
  match(ev);
  size_t n = 0, cap = ev->ng + ev->np;
  err_line *v = cap ? malloc(cap * sizeof *v) : NULL;
  if (cap && !v) {
    b->oom = 1;
    return;
  }
  for (size_t i = 0; i < ev->ng; i++)
    if (file_noted(ev, ev->g[i].file)) v[n++] = (err_line){ev->g[i].file, ev->g[i].line, 0, i};
  for (size_t k = 0; k < ev->np; k++)
    if (!ev->p[k].used && file_noted(ev, ev->p[k].file)) v[n++] = (err_line){ev->p[k].file, ev->p[k].line, 1, k};
  if (n) qsort(v, n, sizeof *v, err_line_cmp);

  int wrong = 0, flagged = 0, known = 0, notices = 0, missed = 0, extras = 0;
  for (size_t e = 0; e < n; e++) {
    if (v[e].extra) {
      const pred *p = &ev->p[v[e].idx];
      const char *t = slot_text(p, S_TITLE), *o = slot_text(p, S_ORG);
      long ng = nearest(ev->g, ev->ng, sizeof *ev->g, p->file, p->line);
      extras++;
      jk_buf_printf(b, "%s:%d  notice  gold=(none)  got=notice  title=%s%s%s  org=%s", p->file, p->line,
                    t ? "\"" : "", t ? t : "(none)", t ? "\"" : "", o ? o : "null");
      if (ng >= 0)
        jk_buf_printf(b, "  nearest_gold=line %d (%lld lines off; matching allows %d)", ev->g[ng].line,
                      llabs((long long)ev->g[ng].line - p->line), JK_EVAL_SLACK);
      jk_buf_puts(b, "\n");
      continue;
    }
    const gold *g = &ev->g[v[e].idx];
    if (!g->matched) {
      long np = nearest(ev->p, ev->np, sizeof *ev->p, g->file, g->line);
      missed++;
      jk_buf_printf(b, "%s:%d  notice  gold=notice  got=(none)  org=", g->file, g->line);
      show_value(b, F_ORG, &g->v, g->org_raw);
      if (np >= 0)
        jk_buf_printf(b, "  nearest_record=line %d (%lld lines off; matching allows %d)", ev->p[np].line,
                      llabs((long long)ev->p[np].line - g->line), JK_EVAL_SLACK);
      else
        jk_buf_puts(b, "  nearest_record=(none in this file)");
      jk_buf_printf(b, "  gold_line=%d\n", g->gold_line);
      continue;
    }
    const pred *p = &ev->p[g->matched - 1];
    int any = 0;
    for (int f = 0; f < F_N; f++) {
      if (field_score(f, &g->v, &p->v) >= 0.999) continue;
      any = 1;
      wrong++;
      jk_buf_printf(b, "%s:%d  %s  gold=", g->file, g->line, field_names[f]);
      show_value(b, f, &g->v, g->org_raw);
      jk_buf_puts(b, "  got=");
      show_value(b, f, &p->v, slot_text(p, S_ORG));
      jk_buf_puts(b, "  ");
      show_evidence(b, f, &g->v, p);
      /* Two places, as the record JSON writes it; "unknown" when the
         extractor filled in no confidence at all (every field 0). */
      if (p->conf_known) {
        int c = (int)(p->conf[f] * 100.0f + 0.5f);
        known++;
        jk_buf_printf(b, "  confidence=%d.%02d", c / 100, c % 100);
        if (p->conf[f] < JK_CONF_LOW) {
          flagged++;
          jk_buf_puts(b, " (low: flagged for review)");
        }
      } else {
        jk_buf_puts(b, "  confidence=unknown");
      }
      const char *alt = f == F_ORG ? slot_text(p, S_ORG_ALT) : NULL;
      if (alt) jk_buf_printf(b, "  runner_up=\"%s\"", alt);
      if (f == F_DATA || f == F_REPORTED) {
        /* Members the record lacks have no evidence: name them. */
        vals lack = {0};
        lack.data = g->v.data & ~p->v.data;
        lack.reported = g->v.reported & ~p->v.reported;
        if (f == F_DATA ? lack.data : lack.reported) {
          jk_buf_puts(b, "  missing=");
          show_vals(b, f, &lack);
        }
      }
      if (p->line != g->line) jk_buf_printf(b, "  record_line=%d", p->line);
      jk_buf_printf(b, "  gold_line=%d\n", g->gold_line);
    }
    notices += any;
  }
  free(v);
  jk_buf_printf(b, "errors: %d wrong field%s in %d notice%s, %d missed notice%s, %d spurious record%s", wrong,
                wrong == 1 ? "" : "s", notices, notices == 1 ? "" : "s", missed, missed == 1 ? "" : "s", extras,
                extras == 1 ? "" : "s");
  if (known) jk_buf_printf(b, "; %d of %d wrong fields under confidence %.2f", flagged, known, (double)JK_CONF_LOW);
  jk_buf_puts(b, "\n");
}
