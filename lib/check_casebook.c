/*
** check_casebook.c — the casebook incidents behind each rule.
**
** A finding is more convincing with the incidents the same setting
** caused: "this setting was behind 7 incidents exposing 1,234 people in
** your casebook".  The claim is only what the casebook says: one pass
** over the store's incidents files an incident as *behind* a rule when
** its cause is of the rule's kind (categories), its notices name the
** setting's product or service (Firebase, Azure, Google ドライブ… in the
** products or the text: the rule's products, never a generic word) and,
** when the rule has cues, a word for the setting.  The same cause with
** only a generic word for the kind of thing (データベース, ストレージ:
** the rule's kinds) and the cues, or with the product but no cue, is a
** *similar cause*, listed apart: nothing says the setting was behind it.
** An attack (hacking, ransomware, malware) is never a similar cause.
**
** An incident's own values (organisation, title, date, cause, people)
** are the store's (jk_incident.summary), not merged again here.  Counts
** that a notice does not state are counted apart, never as zero.
*/
#include "check_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct set_grow {
  jk_case_set s;
  size_t cap;
} set_grow;

struct jk_casebook {
  jk_arena *arena;
  long long total;
  set_grow *rules;    /* jk_check_rules_n */
  set_grow *similar;  /* per rule: a similar cause, not "behind" */
  set_grow *settings; /* jk_lesson_settings_n */
  unsigned cats;      /* every category some rule or setting is about */
  int oom;
};

static bool words_in_items(const char *words, const jk_items *it) {
  for (size_t i = 0; i < it->n; i++)
    if (it->v[i].text && jk_alt_in(words, it->v[i].text, strlen(it->v[i].text))) return true;
  return false;
}

int jk_casebook_match(const jk_record *r, unsigned categories, const char *products,
                      const char *cues) {
  if (!r || !(categories & (1u << r->category))) return 0;
  bool prod = !products || words_in_items(products, &r->products) ||
              jk_alt_in(products, r->text, r->text_len);
  if (!prod) return 0;
  return !cues || jk_alt_in(cues, r->text, r->text_len);
}

/* Does the incident (all its reports) belong to the kind?  cat is the
   merged cause. */
static bool incident_match(const jk_incident *inc, int cat, unsigned categories,
                           const char *products, const char *cues) {
  if (!(categories & (1u << cat))) return false;
  bool prod = !products, cue = !cues;
  for (size_t i = 0; i < inc->n && !(prod && cue); i++) {
    const jk_record *r = inc->reports[i];
    if (!prod)
      prod = words_in_items(products, &r->products) || jk_alt_in(products, r->text, r->text_len);
    if (!cue) cue = jk_alt_in(cues, r->text, r->text_len);
  }
  return prod && cue;
}

/* The incident's cause: the store's (its summary); for an incident made
   elsewhere (an import, a test), the latest report's that states one. */
static int merged_category(const jk_incident *inc) {
  if (inc->summary) return inc->summary->category;
  int c = JK_CAT_OTHER;
  for (size_t i = 0; i < inc->n; i++)
    if (inc->reports[i]->category != JK_CAT_OTHER || c == JK_CAT_OTHER) c = inc->reports[i]->category;
  return c;
}

int jk_casebook_match_incident(const jk_incident *inc, unsigned categories, const char *products,
                               const char *cues) {
  return inc->n && incident_match(inc, merged_category(inc), categories, products, cues);
}

/* ---- every setting and rule at once ----------------------------------------

   The words of every setting's and rule's products and cues (78 distinct
   ones today) in one jk_wordset: a report's text is read once and every
   word in it found.  A setting's or rule's test is then
   jk_casebook_match_incident's with "a word of products (cues) is in the
   text" read from the bits.  Groups 2k and 2k + 1: kind k's products and
   cues (settings first, then rules). */

typedef struct ws_kind {
  unsigned categories;
  const char *products, *cues;
} ws_kind;

static jk_wordset *ws;
static ws_kind *ws_kinds;
static size_t ws_nkinds;
static pthread_once_t ws_once = PTHREAD_ONCE_INIT;

static void ws_build(void) {
  size_t n = jk_lesson_settings_n + jk_check_rules_n;
  ws_kind *k = calloc(n ? n : 1, sizeof *k);
  const char **groups = calloc(2 * n + 1, sizeof *groups);
  if (k && groups) {
    for (size_t i = 0; i < n; i++) {
      if (i < jk_lesson_settings_n) {
        k[i].categories = jk_lesson_settings[i].categories;
        k[i].products = jk_lesson_settings[i].products;
        k[i].cues = jk_lesson_settings[i].cues;
      } else {
        const jk_check_rule *ru = &jk_check_rules[i - jk_lesson_settings_n];
        k[i].categories = ru->categories;
        k[i].products = ru->products;
        k[i].cues = ru->cues;
      }
      groups[2 * i] = k[i].products;
      groups[2 * i + 1] = k[i].cues;
    }
    ws = jk_wordset_new(groups, 2 * n);
  }
  free(groups);
  if (ws) {
    ws_kinds = k;
    ws_nkinds = n;
  } else {
    free(k);
  }
}

static int merged_category(const jk_incident *inc);

void jk_casebook_match_all(const jk_incident *inc, unsigned char *settings_hit, unsigned char *rules_hit) {
  pthread_once(&ws_once, ws_build);
  memset(settings_hit, 0, jk_lesson_settings_n);
  memset(rules_hit, 0, jk_check_rules_n);
  if (!inc->n) return;
  uint64_t fixed[4 * JK_WORDSET_LIMBS];
  uint64_t *bits = inc->n <= 4 ? fixed : malloc(inc->n * JK_WORDSET_LIMBS * sizeof *bits);
  unsigned char scanned_fixed[4], *scanned = inc->n <= 4 ? scanned_fixed : calloc(inc->n, 1);
  if (!ws || !bits || !scanned) { /* the plain test */
    for (size_t k = 0; k < jk_lesson_settings_n; k++) {
      const jk_lesson_setting *st = &jk_lesson_settings[k];
      settings_hit[k] = jk_casebook_match_incident(inc, st->categories, st->products, st->cues) != 0;
    }
    for (size_t r = 0; r < jk_check_rules_n; r++) {
      const jk_check_rule *ru = &jk_check_rules[r];
      rules_hit[r] = jk_casebook_match_incident(inc, ru->categories, ru->products, ru->cues) != 0;
    }
  } else {
    memset(scanned, 0, inc->n);
    int cat = merged_category(inc);
    for (size_t k = 0; k < ws_nkinds; k++) {
      const ws_kind *kd = &ws_kinds[k];
      if (!(kd->categories & (1u << cat))) continue;
      bool prod = !kd->products, cue = !kd->cues;
      for (size_t i = 0; i < inc->n && !(prod && cue); i++) {
        const jk_record *r = inc->reports[i];
        uint64_t *b = bits + i * JK_WORDSET_LIMBS;
        if (!scanned[i]) {
          jk_wordset_scan(ws, r->text, r->text_len, b);
          scanned[i] = 1;
        }
        if (!prod) prod = words_in_items(kd->products, &r->products) || jk_wordset_hit(ws, b, 2 * k);
        if (!cue) cue = jk_wordset_hit(ws, b, 2 * k + 1);
      }
      if (prod && cue) {
        if (k < jk_lesson_settings_n) settings_hit[k] = 1;
        else rules_hit[k - jk_lesson_settings_n] = 1;
      }
    }
  }
  if (bits != fixed) free(bits);
  if (scanned != scanned_fixed) free(scanned);
}

/* Attacks are a cause of another kind than a setting left open: a
   break-in is filed under a rule only when its notice names the rule's
   product and setting (behind), never as a similar cause. */
#define NOT_SIMILAR ((1u << JK_CAT_HACKING) | (1u << JK_CAT_RANSOMWARE) | (1u << JK_CAT_MALWARE))

static int classify(const jk_incident *inc, int cat, const jk_check_rule *ru) {
  if (incident_match(inc, cat, ru->categories, ru->products, ru->cues)) return JK_CASE_BEHIND;
  unsigned similar = ru->categories & ~NOT_SIMILAR;
  if ((ru->cues && incident_match(inc, cat, similar, ru->products, NULL)) ||
      (ru->kinds && incident_match(inc, cat, similar, ru->kinds, ru->cues)))
    return JK_CASE_SIMILAR;
  return JK_CASE_NONE;
}

int jk_casebook_classify(const jk_incident *inc, size_t rule) {
  if (!inc->n || rule >= jk_check_rules_n) return JK_CASE_NONE;
  return classify(inc, merged_category(inc), &jk_check_rules[rule]);
}

static void push(jk_casebook *cb, set_grow *g, const jk_case_ref *ref) {
  if (g->s.n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 8;
    jk_case_ref *v = realloc(g->s.v, cap * sizeof *v);
    if (!v) {
      cb->oom = 1;
      return;
    }
    g->s.v = v;
    g->cap = cap;
  }
  g->s.v[g->s.n++] = *ref;
  if (ref->affected >= 0) g->s.people += ref->affected;
  else g->s.not_stated++;
}

/* The incident as findings cite it: the store's own values (summary);
   the first report's URL as its link. */
static int merge(jk_casebook *cb, const jk_incident *inc, jk_case_ref *ref) {
  memset(ref, 0, sizeof *ref);
  ref->affected = -1;
  int cat = merged_category(inc);
  const char *link = NULL;
  const jk_record *m = inc->summary;
  if (m) {
    ref->org = m->org;
    ref->title = m->title;
    ref->published = m->published;
    ref->affected = m->affected;
  }
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
    if (!m) { /* not from the store: the first stated, the latest count */
      if (!ref->org && r->org) ref->org = r->org;
      if (!ref->title && r->title) ref->title = r->title;
      if (!ref->published.y && r->published.y) ref->published = r->published;
      if (r->affected >= 0) ref->affected = r->affected;
    }
    const char *src = inc->sources ? inc->sources[i] : NULL;
    if (!link && src && (strncmp(src, "http://", 7) == 0 || strncmp(src, "https://", 8) == 0))
      link = src;
  }
  /* Copies: the store owns the records only during the callback. */
  ref->incident = jk_arena_strdup(cb->arena, inc->label ? inc->label : "");
  if (ref->org) ref->org = jk_arena_strdup(cb->arena, ref->org);
  if (ref->title) ref->title = jk_arena_strdup(cb->arena, ref->title);
  if (link) {
    ref->link = jk_arena_strdup(cb->arena, link);
  } else {
    jk_buf b;
    jk_buf_init(&b);
    jk_buf_printf(&b, "jikenbo show %s", inc->label ? inc->label : "");
    ref->link = jk_arena_strdup(cb->arena, b.p ? b.p : "");
    jk_buf_free(&b);
  }
  if (!ref->incident || !ref->link) cb->oom = 1;
  return cat;
}

static int on_incident(void *vp, const jk_incident *inc) {
  jk_casebook *cb = vp;
  cb->total++;
  if (!inc->n) return 0;
  /* Most incidents have a cause no rule is about: skip them early. */
  if (!(cb->cats & (1u << merged_category(inc)))) return 0;
  jk_case_ref ref;
  int cat = merge(cb, inc, &ref);
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    int k = classify(inc, cat, &jk_check_rules[r]);
    if (k == JK_CASE_BEHIND) push(cb, &cb->rules[r], &ref);
    else if (k == JK_CASE_SIMILAR) push(cb, &cb->similar[r], &ref);
  }
  for (size_t k = 0; k < jk_lesson_settings_n; k++) {
    const jk_lesson_setting *ls = &jk_lesson_settings[k];
    if (incident_match(inc, cat, ls->categories, ls->products, ls->cues))
      push(cb, &cb->settings[k], &ref);
  }
  return cb->oom; /* stop on memory failure */
}

/* Newest first; undated last; then by id for a stable order. */
static int cmp_ref(const void *a, const void *b) {
  const jk_case_ref *x = a, *y = b;
  long dx = x->published.y * 10000L + x->published.m * 100 + x->published.d;
  long dy = y->published.y * 10000L + y->published.m * 100 + y->published.d;
  if (dx != dy) return dx < dy ? 1 : -1;
  return strcmp(x->incident, y->incident);
}

jk_rc jk_casebook_load(jk_store *st, jk_casebook **out, jk_err *err) {
  *out = NULL;
  jk_casebook *cb = calloc(1, sizeof *cb);
  if (!cb || !(cb->arena = jk_arena_new()) ||
      !(cb->rules = calloc(jk_check_rules_n, sizeof *cb->rules)) ||
      !(cb->similar = calloc(jk_check_rules_n, sizeof *cb->similar)) ||
      !(cb->settings = calloc(jk_lesson_settings_n ? jk_lesson_settings_n : 1, sizeof *cb->settings))) {
    jk_casebook_free(cb);
    return jk_err_set(err, JK_ENOMEM, "out of memory reading the casebook");
  }
  for (size_t r = 0; r < jk_check_rules_n; r++) cb->cats |= jk_check_rules[r].categories;
  for (size_t k = 0; k < jk_lesson_settings_n; k++) cb->cats |= jk_lesson_settings[k].categories;
  if (st) {
    jk_rc rc = jk_store_each_incident(st, NULL, on_incident, cb, err);
    if (!rc && cb->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory reading the casebook");
    if (rc) {
      jk_casebook_free(cb);
      return rc;
    }
  }
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    if (cb->rules[r].s.n > 1) qsort(cb->rules[r].s.v, cb->rules[r].s.n, sizeof(jk_case_ref), cmp_ref);
    if (cb->similar[r].s.n > 1)
      qsort(cb->similar[r].s.v, cb->similar[r].s.n, sizeof(jk_case_ref), cmp_ref);
  }
  for (size_t k = 0; k < jk_lesson_settings_n; k++)
    if (cb->settings[k].s.n > 1)
      qsort(cb->settings[k].s.v, cb->settings[k].s.n, sizeof(jk_case_ref), cmp_ref);
  *out = cb;
  return JK_OK;
}

void jk_casebook_free(jk_casebook *cb) {
  if (!cb) return;
  for (size_t r = 0; cb->rules && r < jk_check_rules_n; r++) free(cb->rules[r].s.v);
  for (size_t r = 0; cb->similar && r < jk_check_rules_n; r++) free(cb->similar[r].s.v);
  free(cb->similar);
  for (size_t k = 0; cb->settings && k < jk_lesson_settings_n; k++) free(cb->settings[k].s.v);
  free(cb->rules);
  free(cb->settings);
  jk_arena_free(cb->arena);
  free(cb);
}

long long jk_casebook_total(const jk_casebook *cb) { return cb ? cb->total : 0; }

const jk_case_set *jk_casebook_rule(const jk_casebook *cb, size_t rule) {
  static const jk_case_set none;
  return cb && rule < jk_check_rules_n ? &cb->rules[rule].s : &none;
}

const jk_case_set *jk_casebook_similar(const jk_casebook *cb, size_t rule) {
  static const jk_case_set none;
  return cb && rule < jk_check_rules_n ? &cb->similar[rule].s : &none;
}

const jk_case_set *jk_casebook_setting(const jk_casebook *cb, size_t setting) {
  static const jk_case_set none;
  return cb && setting < jk_lesson_settings_n ? &cb->settings[setting].s : &none;
}

void jk_fmt_count(long long v, char *buf, size_t n) {
  char tmp[32];
  int k = snprintf(tmp, sizeof tmp, "%lld", v < 0 ? -v : v);
  size_t o = 0;
  if (v < 0 && o + 1 < n) buf[o++] = '-';
  for (int i = 0; i < k && o + 1 < n; i++) {
    if (i && (k - i) % 3 == 0 && o + 1 < n) buf[o++] = ',';
    if (o + 1 < n) buf[o++] = tmp[i];
  }
  if (n) buf[o < n ? o : n - 1] = 0;
}

void jk_case_set_summary(const jk_case_set *s, const char *lang, jk_buf *out) {
  bool ja = lang && strcmp(lang, "ja") == 0;
  char people[32], ns[32];
  jk_fmt_count(s->people, people, sizeof people);
  jk_fmt_count((long long)s->not_stated, ns, sizeof ns);
  if (s->n == 0) {
    jk_buf_puts(out, ja ? "事件簿にこの製品と設定を挙げた同じ種類の原因の事案はありません"
                        : "no incident in your casebook names this product and setting with a cause of this kind");
    return;
  }
  if (ja) {
    jk_buf_printf(out, "この設定は事件簿の %zu 件の事案の背景にあり、", s->n);
    if (s->not_stated == s->n) jk_buf_puts(out, "人数はいずれも公表されていません");
    else if (s->not_stated)
      jk_buf_printf(out, "%s 人以上の情報が漏えいしました(%s 件は人数不明)", people, ns);
    else jk_buf_printf(out, "%s 人の情報が漏えいしました", people);
    return;
  }
  jk_buf_printf(out, "this setting was behind %zu incident%s ", s->n, s->n == 1 ? "" : "s");
  if (s->not_stated == s->n)
    jk_buf_printf(out, "(number of people not stated) in your casebook");
  else if (s->not_stated)
    jk_buf_printf(out, "exposing %s+ people (%s not stated) in your casebook", people, ns);
  else
    jk_buf_printf(out, "exposing %s %s in your casebook", people, s->people == 1 ? "person" : "people");
}

void jk_case_similar_summary(const jk_case_set *s, const char *lang, jk_buf *out) {
  bool ja = lang && strcmp(lang, "ja") == 0;
  char people[32], ns[32];
  jk_fmt_count(s->people, people, sizeof people);
  jk_fmt_count((long long)s->not_stated, ns, sizeof ns);
  if (ja) {
    jk_buf_printf(out, "似た原因の事案 %zu 件(この設定の製品名と設定の両方を挙げた通知ではないため、背景とはしていません", s->n);
    if (s->n && s->not_stated == s->n) jk_buf_puts(out, "。人数はいずれも不明)");
    else if (s->not_stated) jk_buf_printf(out, "。%s 人以上、%s 件は人数不明)", people, ns);
    else if (s->n) jk_buf_printf(out, "。%s 人)", people);
    else jk_buf_puts(out, ")");
    return;
  }
  jk_buf_printf(out, "%zu incident%s of a similar cause, not counted as behind this setting: %s notice%s "
                     "do%s not name both its product and the setting",
                s->n, s->n == 1 ? "" : "s", s->n == 1 ? "its" : "their", s->n == 1 ? "" : "s",
                s->n == 1 ? "es" : "");
  if (s->n && s->not_stated == s->n) jk_buf_puts(out, " (number of people not stated)");
  else if (s->not_stated) jk_buf_printf(out, " (%s+ people, %s not stated)", people, ns);
  else if (s->n) jk_buf_printf(out, " (%s %s)", people, s->people == 1 ? "person" : "people");
}
