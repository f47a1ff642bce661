/*
** lessons.c — what the casebook teaches, counted from its records.
**
** Six tables over the incidents (each merged from its reports the way
** the store merges them): the causes, the products involved, how the
** exposure was discovered (a customer's call, a card company, the media,
** the organisation's own monitoring …), how long data stayed exposed, the
** recurrence-prevention measures promised, grouped into kinds (double
** checks, checklists, training, settings reviews …), and the settings
** behind incidents — including those no export shows, which `check`
** cannot test.  Every number keeps the incidents behind it.
**
** The records say when exposure was discovered but not how, so the
** discovery method is read here from the sentences that tell the
** discovery, with the keyword table below; measures are grouped the same
** way.  Both tables are data: a reviewer reads them in one screen.
*/
#include "check_int.h"
#include "jk_int.h"
#include "summary.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the keyword tables ------------------------------------------------- */

typedef struct kind_words {
  const char *key, *label_ja, *label_en;
  const char *words; /* '|' alternatives */
} kind_words;

/* How exposure came to light.  Earlier rows win: a card company's call
   mentions a 連絡 too. */
static const kind_words discovery_kinds[] = {
    {"card_company", "カード会社・決済代行会社からの連絡", "a card company or payment processor",
     "カード会社|決済代行会社|クレジットカード会社|カード発行会社"},
    {"media", "報道・取材", "the media", "報道機関|報道により|報道で|新聞社|記者から|取材"},
    {"police", "警察からの連絡", "the police", "警察から|警察より|警察庁から|警視庁から"},
    {"attacker", "攻撃者の脅迫・犯行声明", "the attacker (ransom note, threat)",
     "脅迫|ランサムノート|犯行声明|身代金"},
    {"researcher", "外部の研究者・第三者の指摘", "a researcher or other third party",
     "研究者|第三者からの指摘|第三者から|外部からの指摘|外部の専門家から|セキュリティ企業|"
     "ホワイトハッカー|匿名の"},
    {"customer", "顧客・利用者・関係者からの連絡", "a customer, user or recipient",
     "お客様から|お客さまから|利用者から|申込者から|申し込みをしようとした|応募者から|保護者から|"
     "参加者から|会員から|会員様から|受信者から|住民から|市民から|学生から|患者から|ご指摘|"
     "問い合わせがあり|問い合わせを受け|お問い合わせ|ご連絡をいただ|連絡があり|連絡を受け|指摘を受け"},
    {"internal", "社内の監視・点検・気づき", "the organisation's own monitoring or checks",
     "監視|検知|点検|社内調査|内部調査|職員が気|社員が気|従業員が気|担当者が気|教員が気|"
     "確認したところ|調査したところ|ログを確認|異常を確認|不審な"},
};

/* What recurrence-prevention measures promise. */
static const kind_words measure_kinds[] = {
    {"double_check", "ダブルチェック・複数人での確認", "double checks (two or more people)",
     "ダブルチェック|複数名|複数人|2人以上|二人以上|2名以上|複数の職員|複数の教諭|相互確認|"
     "複数での確認|チェック体制"},
    {"checklist", "チェックリスト", "checklists", "チェックリスト"},
    {"training", "研修・教育・周知", "training and awareness",
     "研修|教育|周知|啓発|リテラシー|注意喚起|意識"},
    {"settings_review", "設定の確認・見直し", "settings reviews",
     "設定内容の確認|設定を確認|設定状況を確認|設定の確認|設定に不備|設定の見直し|設定を見直|"
     "設定状況|公開設定|共有設定|権限の見直し|テスト確認|動作確認|公開時"},
    {"monitoring", "監視・ログ確認", "monitoring", "監視|モニタリング|ログの確認|検知"},
    {"access_control", "認証・アクセス制御", "authentication and access control",
     "二要素|多要素|認証|アクセス制御|アクセス制限|アクセス権"},
    {"rules", "ルール・手順・マニュアル", "rules, procedures, manuals",
     "ルール|手順|マニュアル|規程|規定|ガイドライン"},
    {"vendor", "委託先の管理・監督", "managing contractors",
     "委託先|受託者|受託事業者|委託事業者|監督"},
    {"technical", "技術的対策(改修・暗号化・脆弱性対応)", "technical fixes",
     "改修|暗号化|脆弱性|パッチ|修正|セキュリティ対策|ファイアウォール|パスワード"},
    {"stop_using", "利用の停止・廃止", "stopping the practice or service",
     "廃止|利用を停止|使用を中止|利用しない|使用しない"},
    {"third_party", "第三者機関・外部専門家", "outside experts", "第三者機関|外部専門家|外部の専門家|診断"},
};

/* Causes as people say them. */
static const char *const cat_ja[JK_CAT_COUNT] = {
    "その他",    "誤送信・誤送付", "設定ミス",   "誤掲載・誤公開", "システム不具合", "紛失",
    "不正アクセス", "ランサムウェア", "マルウェア", "内部不正・持ち出し", "盗難"};
static const char *const cat_en[JK_CAT_COUNT] = {
    "other",    "misdelivery", "misconfiguration", "publishing error", "programming error", "loss",
    "hacking",  "ransomware",  "malware",          "misuse",           "theft"};

/* Products written several ways, counted as one. */
static const struct {
  const char *key, *aliases;
} product_aliases[] = {
    {"Google フォーム", "Googleフォーム|Google フォーム|Google Forms|Googleフォームズ|Google form"},
    {"Microsoft Teams", "Microsoft Teams|Teams"},
    {"X (Twitter)", "X(旧Twitter)|Twitter"},
    {"FAX", "FAX|ファックス|ファクス"},
    {"USB メモリ", "USBメモリ|USB メモリ"},
    {"ファイルサーバ", "ファイルサーバ|ファイルサーバー"},
};

/* Exposure durations. */
static const struct {
  const char *key, *label_ja, *label_en;
  long max_days; /* inclusive */
} exposure_buckets[] = {
    {"1d", "1 日以内", "a day or less", 1},     {"1w", "1 週間以内", "up to a week", 7},
    {"1m", "1 か月以内", "up to a month", 31},  {"1y", "1 年以内", "up to a year", 366},
    {"over1y", "1 年超", "more than a year", -1},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- classification ------------------------------------------------------- */

/* The kinds' words, each table one jk_wordset (group k: kind k's words):
   a text is read once for all of them (NULL: fall back on jk_alt_in). */
static jk_wordset *disc_ws, *meas_ws;
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

static void kinds_build(void) {
  const char *g[NELEM(discovery_kinds) > NELEM(measure_kinds) ? NELEM(discovery_kinds) : NELEM(measure_kinds)];
  for (size_t k = 0; k < NELEM(discovery_kinds); k++) g[k] = discovery_kinds[k].words;
  disc_ws = jk_wordset_new(g, NELEM(discovery_kinds));
  for (size_t k = 0; k < NELEM(measure_kinds); k++) g[k] = measure_kinds[k].words;
  meas_ws = jk_wordset_new(g, NELEM(measure_kinds));
}

const char *jk_discovery_kind_words(size_t i, const char **key) {
  if (i >= NELEM(discovery_kinds)) return NULL;
  if (key) *key = discovery_kinds[i].key;
  return discovery_kinds[i].words;
}

const char *jk_measure_kind_words(size_t i, const char **key) {
  if (i >= NELEM(measure_kinds)) return NULL;
  if (key) *key = measure_kinds[i].key;
  return measure_kinds[i].words;
}

const char *jk_discovery_kind(const char *text, size_t n) {
  pthread_once(&kinds_once, kinds_build);
  uint64_t bits[JK_WORDSET_LIMBS];
  if (disc_ws) jk_wordset_scan(disc_ws, text, n, bits);
  for (size_t k = 0; k < NELEM(discovery_kinds); k++)
    if (disc_ws ? jk_wordset_hit(disc_ws, bits, k) : jk_alt_in(discovery_kinds[k].words, text, n))
      return discovery_kinds[k].key;
  return NULL;
}

size_t jk_measure_kinds(const char *text, size_t n, const char **keys, size_t max) {
  pthread_once(&kinds_once, kinds_build);
  uint64_t bits[JK_WORDSET_LIMBS];
  if (meas_ws) jk_wordset_scan(meas_ws, text, n, bits);
  size_t k = 0;
  for (size_t i = 0; i < NELEM(measure_kinds) && k < max; i++)
    if (meas_ws ? jk_wordset_hit(meas_ws, bits, i) : jk_alt_in(measure_kinds[i].words, text, n))
      keys[k++] = measure_kinds[i].key;
  return k;
}

/* Words that tell a sentence is about finding out. */
const char jk_discovery_verbs[] =
    "判明|発覚|気付|気づ|把握|発見|指摘|連絡を受け|連絡があり|報告を受け|問い合わせ|通報|検知";

/* The kind of discovery a record tells: searched first in the sentence
   holding the discovery date's evidence, then in every sentence that
   speaks of finding out, in order. */
#define MAX_VERBS 32

static int ascii_lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* Start of the first w[0..wl) in t[from..n), ASCII case aside (as
   jk_alt_in compares), or -1. */
static long find_from(const char *t, size_t n, size_t from, const char *w, size_t wl) {
  size_t letters = 0;
  for (size_t i = 0; i < wl; i++) letters += ascii_lower((unsigned char)w[i]) != (unsigned char)w[i] || (w[i] >= 'a' && w[i] <= 'z');
  if (!letters) { /* case does not matter: a byte search */
    const char *q = from < n ? jk_memmem(t + from, n - from, w, wl) : NULL;
    return q ? (long)(q - t) : -1;
  }
  for (size_t i = from; wl && i + wl <= n; i++) {
    size_t x = 0;
    while (x < wl && ascii_lower((unsigned char)t[i + x]) == ascii_lower((unsigned char)w[x])) x++;
    if (x == wl) return (long)i;
    /* Japanese words: jump to the next place their first byte is. */
    if (!((unsigned char)w[0] & 0x80)) continue;
    const char *q = memchr(t + i + 1, w[0], n - i - 1);
    if (!q) return -1;
    i = (size_t)(q - t) - 1;
  }
  return -1;
}

/* The kind of discovery a record tells: searched first in the sentence
   holding the discovery date's evidence, then in every sentence that
   speaks of finding out, in order.  (A sentence speaks of it when one of
   jk_discovery_verbs lies wholly inside it; each verb's next place in the
   text is found once and kept while the sentences pass it, instead of
   every sentence searched for every verb.) */
static const char *record_discovery(const jk_record *r) {
  const char *t = r->text;
  size_t n = r->text_len;
  if (!t) return NULL;
  const char *vw[MAX_VERBS];
  size_t vl[MAX_VERBS], nv = 0;
  long next[MAX_VERBS];
  for (const char *a = jk_discovery_verbs; a && nv < MAX_VERBS;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (k) vw[nv] = a, vl[nv] = k, next[nv++] = -2; /* -2: not searched yet */
    a = bar ? bar + 1 : NULL;
  }
  size_t s = 0;
  const char *found = NULL;
  while (s < n && !found) {
    size_t e = s;
    while (e < n && t[e] != '\n' && !(e + 3 <= n && memcmp(t + e, "。", 3) == 0)) e++;
    bool has_date = r->discovered_ev.len && r->discovered_ev.off >= s && r->discovered_ev.off < e;
    bool verb = false;
    for (size_t v = 0; !has_date && !verb && v < nv; v++) {
      if (next[v] == -1) continue; /* no more in the text */
      if (next[v] < (long)s) next[v] = find_from(t, n, s, vw[v], vl[v]);
      /* A later place of the verb ends later still: inside, or none is. */
      verb = next[v] >= 0 && (size_t)next[v] + vl[v] <= e;
    }
    if (has_date || verb) found = jk_discovery_kind(t + s, e - s);
    s = e + (e < n && t[e] == '\n' ? 1 : 3);
  }
  return found;
}

/* Days since 1970-01-01 of a civil date (missing month/day read as 1). */
static long days_of(jk_date d) {
  int y = d.y, m = d.m ? d.m : 1, dd = d.d ? d.d : 1;
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

/* ---- the tables ----------------------------------------------------------- */

typedef struct table {
  const char *name;
  jk_lesson_row *rows;
  size_t *caps; /* room in each row's incident list */
  size_t n, cap;
  size_t unknown;
} table;

enum { T_CAUSES, T_PRODUCTS, T_DISCOVERY, T_EXPOSURE, T_MEASURES, T_SETTINGS, T_COUNT };
static const char *const table_names[T_COUNT] = {"causes",   "products", "discovery",
                                                 "exposure", "measures", "settings"};

struct jk_lessons {
  jk_arena *arena;
  long long total;
  int per_row;  /* incidents listed per row (-1: all) */
  int scanned;  /* counted from the matching incidents, not the summary */
  table t[T_COUNT];
  jk_lesson_table out[T_COUNT];
  long *days; /* exposure durations stated */
  size_t ndays, capdays;
  int category;
  const char *product;
  int oom;
};

static size_t row_get(jk_lessons *l, table *t, const char *key, const char *ja, const char *en) {
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->rows[i].key, key) == 0) return i;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 16;
    jk_lesson_row *v = realloc(t->rows, cap * sizeof *v);
    if (v) t->rows = v;
    size_t *c = v ? realloc(t->caps, cap * sizeof *c) : NULL;
    if (c) t->caps = c;
    if (!v || !c) {
      l->oom = 1;
      return (size_t)-1;
    }
    t->cap = cap;
  }
  jk_lesson_row *r = &t->rows[t->n];
  memset(r, 0, sizeof *r);
  t->caps[t->n] = 0;
  r->key = jk_arena_strdup(l->arena, key);
  r->label_ja = ja;
  r->label_en = en;
  if (!r->key) {
    l->oom = 1;
    return (size_t)-1;
  }
  return t->n++;
}

/* Count the incident under row i of t (once per row). */
static void row_add(jk_lessons *l, table *t, size_t i, const char *incident, long long affected) {
  if (i == (size_t)-1) return;
  jk_lesson_row *r = &t->rows[i];
  if (r->count && strcmp(r->incidents[r->count - 1], incident) == 0) return;
  if (r->count == t->caps[i]) {
    size_t cap = t->caps[i] ? t->caps[i] * 2 : 8;
    const char **v = realloc(r->incidents, cap * sizeof *v);
    if (!v) {
      l->oom = 1;
      return;
    }
    r->incidents = v;
    t->caps[i] = cap;
  }
  r->incidents[r->count++] = incident;
  if (affected >= 0) r->people += affected;
  else r->not_stated++;
}

/* Find or make the row, then count the incident in it. */
static void count(jk_lessons *l, int ti, const char *key, const char *ja, const char *en,
                  const char *incident, long long affected) {
  table *t = &l->t[ti];
  row_add(l, t, row_get(l, t, key, ja, en), incident, affected);
}

static const char *product_key(const char *p) {
  for (size_t i = 0; i < NELEM(product_aliases); i++)
    if (jk_alt_eq(product_aliases[i].aliases, p, strlen(p))) return product_aliases[i].key;
  return p;
}

static const int table_dim[T_COUNT];
static void labels_of(int ti, const char *key, int *cat, const char **ja, const char **en);

/* One incident of a recount: its keys as the summary takes them. */
typedef struct recounter {
  jk_lessons *l;
  const char *id;
  long long affected;
} recounter;

static void recount_key(void *vp, int dim, const char *key) {
  recounter *rc = vp;
  jk_lessons *l = rc->l;
  if (dim == JK_SD_DAYS) {
    if (l->ndays == l->capdays) {
      size_t cap = l->capdays ? l->capdays * 2 : 32;
      long *v = realloc(l->days, cap * sizeof *v);
      if (!v) {
        l->oom = 1;
        return;
      }
      l->days = v;
      l->capdays = cap;
    }
    l->days[l->ndays++] = atol(key);
    return;
  }
  for (int ti = 1; ti < T_COUNT; ti++) {
    if (table_dim[ti] != dim) continue;
    if (!*key) {
      l->t[ti].unknown++;
      return;
    }
    int cat;
    const char *ja, *en;
    labels_of(ti, key, &cat, &ja, &en);
    count(l, ti, key, ja, en, rc->id, rc->affected);
    return;
  }
}

/* A recount: every matching incident read whole, its keys taken from its
   headline (jk_incident_headline, the values the store keeps) by
   jk_lessons_keys, the one function the summary uses too. */
static int on_incident(void *vp, const jk_incident *inc) {
  jk_lessons *l = vp;
  const jk_record *m = inc->headline;
  if (!inc->n || !m) return 0;
  l->total++;
  const char *id = jk_arena_strdup(l->arena, inc->label ? inc->label : "");
  if (!id) return l->oom = 1;
  int cat = m->category >= 0 && m->category < JK_CAT_COUNT ? (int)m->category : JK_CAT_OTHER;
  long long affected = m->affected >= 0 ? m->affected : -1;
  count(l, T_CAUSES, jk_category_name((jk_category)cat), cat_ja[cat], cat_en[cat], id, affected);
  recounter rc = {l, id, affected};
  jk_lessons_keys(m, inc, recount_key, &rc);
  return l->oom;
}

/* ---- the keys the summary keeps (summary.c) -------------------------------- */

static const int table_dim[T_COUNT] = {JK_SD_ALL, JK_SD_LPROD, JK_SD_DISC, JK_SD_EXPO, JK_SD_MEAS, JK_SD_SET};

void jk_lessons_keys(const jk_record *m, const jk_incident *inc, void (*fn)(void *ctx, int dim, const char *key),
                     void *ctx) {
  /* Products, aliases folded. */
  int any = 0;
  for (size_t k = 0; k < m->products.n; k++) {
    const char *p = m->products.v[k].text;
    if (!p || !*p) continue;
    fn(ctx, JK_SD_LPROD, product_key(p));
    any = 1;
  }
  if (!any) fn(ctx, JK_SD_LPROD, "");
  /* Discovery: the first report that tells it. */
  const char *dk = NULL;
  for (size_t i = 0; i < inc->n && !dk; i++) dk = record_discovery(inc->reports[i]);
  fn(ctx, JK_SD_DISC, dk ? dk : "");
  /* Exposure: from its start to its end, or to the discovery. */
  jk_date from = m->exposure_from, end = m->exposure_to.y ? m->exposure_to : m->discovered;
  if (from.y && end.y && days_of(end) >= days_of(from)) {
    long days = days_of(end) - days_of(from) + 1;
    size_t b = 0;
    while (b + 1 < NELEM(exposure_buckets) && days > exposure_buckets[b].max_days) b++;
    char d[24];
    snprintf(d, sizeof d, "%ld", days);
    fn(ctx, JK_SD_EXPO, exposure_buckets[b].key);
    fn(ctx, JK_SD_DAYS, d);
  } else {
    fn(ctx, JK_SD_EXPO, "");
  }
  /* Measures: each kind once. */
  any = 0;
  for (size_t k = 0; k < m->measures.n; k++) {
    const char *t = m->measures.v[k].text;
    if (!t) continue;
    const char *keys[NELEM(measure_kinds)];
    size_t nk = jk_measure_kinds(t, strlen(t), keys, NELEM(keys));
    for (size_t j = 0; j < nk; j++) fn(ctx, JK_SD_MEAS, keys[j]);
    any |= nk > 0;
  }
  if (!any) fn(ctx, JK_SD_MEAS, "");
  /* Settings behind it (jk_casebook_match_incident's answers, each text
     read once for them all). */
  unsigned char sfixed[64], rfixed[64];
  unsigned char *sh = jk_lesson_settings_n <= sizeof sfixed ? sfixed : malloc(jk_lesson_settings_n);
  unsigned char *rh = jk_check_rules_n <= sizeof rfixed ? rfixed : malloc(jk_check_rules_n);
  if (sh && rh) {
    jk_casebook_match_all(inc, sh, rh);
    for (size_t k = 0; k < jk_lesson_settings_n; k++)
      if (sh[k]) fn(ctx, JK_SD_SET, jk_lesson_settings[k].id);
    for (size_t k = 0; k < jk_check_rules_n; k++)
      if (rh[k]) fn(ctx, JK_SD_SET, jk_check_rules[k].id);
  } else {
    for (size_t k = 0; k < jk_lesson_settings_n; k++) {
      const jk_lesson_setting *st = &jk_lesson_settings[k];
      if (jk_casebook_match_incident(inc, st->categories, st->products, st->cues)) fn(ctx, JK_SD_SET, st->id);
    }
    for (size_t k = 0; k < jk_check_rules_n; k++) {
      const jk_check_rule *ru = &jk_check_rules[k];
      if (jk_casebook_match_incident(inc, ru->categories, ru->products, ru->cues)) fn(ctx, JK_SD_SET, ru->id);
    }
  }
  if (sh != sfixed) free(sh);
  if (rh != rfixed) free(rh);
}

int jk_lessons_table_dim(const char *name) {
  for (int i = 0; name && i < T_COUNT; i++)
    if (!strcmp(name, table_names[i])) return table_dim[i];
  return -1;
}

/* The labels of a key of table ti. */
static void labels_of(int ti, const char *key, int *cat, const char **ja, const char **en) {
  *ja = *en = NULL;
  *cat = -1;
  if (ti == T_CAUSES) {
    *cat = jk_category_parse(key);
    if (*cat >= 0 && *cat < JK_CAT_COUNT) *ja = cat_ja[*cat], *en = cat_en[*cat];
  } else if (ti == T_DISCOVERY) {
    for (size_t k = 0; k < NELEM(discovery_kinds); k++)
      if (!strcmp(discovery_kinds[k].key, key)) *ja = discovery_kinds[k].label_ja, *en = discovery_kinds[k].label_en;
  } else if (ti == T_EXPOSURE) {
    for (size_t k = 0; k < NELEM(exposure_buckets); k++)
      if (!strcmp(exposure_buckets[k].key, key)) *ja = exposure_buckets[k].label_ja, *en = exposure_buckets[k].label_en;
  } else if (ti == T_MEASURES) {
    for (size_t k = 0; k < NELEM(measure_kinds); k++)
      if (!strcmp(measure_kinds[k].key, key)) *ja = measure_kinds[k].label_ja, *en = measure_kinds[k].label_en;
  } else if (ti == T_SETTINGS) {
    for (size_t k = 0; k < jk_lesson_settings_n; k++)
      if (!strcmp(jk_lesson_settings[k].id, key)) *ja = jk_lesson_settings[k].title_ja, *en = jk_lesson_settings[k].title_en;
    for (size_t k = 0; k < jk_check_rules_n; k++)
      if (!strcmp(jk_check_rules[k].id, key)) *ja = jk_check_rules[k].title_ja, *en = jk_check_rules[k].title_en;
  }
}

typedef struct lister {
  jk_lessons *l;
  jk_store *st;
  jk_lesson_row *r;
  size_t cap;
} lister;

/* A display id, in the lessons' arena. */
static const char *label_of(jk_lessons *l, jk_store *st, long long id) {
  sqlite3_stmt *s = NULL;
  const char *out = NULL;
  if (sqlite3_prepare_v2(jk_store_sqlite(st), "SELECT label FROM incidents WHERE id=?1", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
      out = jk_arena_strdup(l->arena, (const char *)sqlite3_column_text(s, 0));
  }
  sqlite3_finalize(s);
  return out ? out : "";
}

static int list_one(void *vp, long long id) {
  lister *li = vp;
  jk_lesson_row *r = li->r;
  if (r->shown == li->cap) {
    size_t cap = li->cap ? li->cap * 2 : 16;
    const char **v = realloc(r->incidents, cap * sizeof *v);
    if (!v) return li->l->oom = 1;
    r->incidents = v;
    li->cap = cap;
  }
  r->incidents[r->shown++] = label_of(li->l, li->st, id);
  return 0;
}

/* The tables from the summary counts (summary.c). */
static jk_rc from_summary(jk_lessons *l, jk_store *st, const jk_query *q, jk_err *err) {
  jk_sum_set set;
  int list = l->per_row < 0 ? 0 : l->per_row;
  jk_rc rc = jk_summary_read(st, q, list ? list : 1, &set, err);
  if (rc) return rc;
  l->scanned = set.scanned;
  jk_sum_cell tmp;
  long long all = jk_sum_kid(&set, JK_SD_ALL, "");
  for (int c = 0; c < JK_CAT_COUNT; c++) l->total += jk_sum_get(&set, c, all, &tmp)->n;
  /* Exposure days: the median from the histogram. */
  for (long long k = 1; k < set.nkeys && !l->oom; k++) {
    if (set.dim[k] != JK_SD_DAYS) continue;
    long long n = jk_sum_get(&set, -1, k, &tmp)->n;
    long d = atol(set.key[k]);
    for (long long i = 0; i < n && !l->oom; i++) {
      if (l->ndays == l->capdays) {
        size_t cap = l->capdays ? l->capdays * 2 : 32;
        long *v = realloc(l->days, cap * sizeof *v);
        if (!v) {
          l->oom = 1;
          break;
        }
        l->days = v;
        l->capdays = cap;
      }
      l->days[l->ndays++] = d;
    }
  }
  for (int ti = 0; ti < T_COUNT && !rc && !l->oom; ti++) {
    table *t = &l->t[ti];
    for (long long k = 1; k < set.nkeys && !rc && !l->oom; k++) {
      if (set.dim[k] != table_dim[ti]) continue;
      /* causes: one row per category of the ALL key; else one per key. */
      for (int c = ti == T_CAUSES ? 0 : -1; c < (ti == T_CAUSES ? JK_CAT_COUNT : 0); c++) {
        const jk_sum_cell *x = jk_sum_get(&set, c, k, &tmp);
        if (x->n <= 0) continue;
        const char *key = ti == T_CAUSES ? jk_category_name((jk_category)c) : set.key[k];
        if (!*key) {
          t->unknown += (size_t)x->n;
          continue;
        }
        int cat;
        const char *ja, *en;
        labels_of(ti, key, &cat, &ja, &en);
        size_t i = row_get(l, t, key, ja, en);
        if (i == (size_t)-1) break;
        jk_lesson_row *r = &t->rows[i];
        r->count = (size_t)x->n;
        r->people = x->people;
        r->not_stated = (size_t)x->people_ns;
        /* The first incidents behind it. */
        lister li = {l, st, r, 0};
        long long want = l->per_row < 0 ? x->n : l->per_row;
        if (set.scanned && ti != T_CAUSES) {
          const jk_sum_cell *lc = &set.cells[k * set.ncat];
          for (int j = 0; j < lc->nfirst && j < want && !l->oom; j++) list_one(&li, lc->first[j]);
          if (want > lc->nfirst) {
            /* --all over a scan: the rest, listed the same way. */
            rc = jk_summary_list(st, q, table_dim[ti], key, lc->nfirst, (int)(want - lc->nfirst), list_one, &li,
                                 err);
          }
        } else {
          jk_query qc = *q;
          if (ti == T_CAUSES) qc.category = c;
          rc = jk_summary_list(st, &qc, table_dim[ti], ti == T_CAUSES ? "" : key, 0, (int)want, list_one, &li,
                               err);
        }
      }
    }
  }
  jk_sum_set_free(&set);
  return rc;
}

static int cmp_row(const void *a, const void *b) {
  const jk_lesson_row *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->key, y->key);
}

static int cmp_long(const void *a, const void *b) {
  long x = *(const long *)a, y = *(const long *)b;
  return x < y ? -1 : x > y;
}

static jk_rc build(jk_store *st, int category, const char *product, int per_row, int recount,
                   jk_lessons **out, jk_err *err) {
  *out = NULL;
  jk_lessons *l = calloc(1, sizeof *l);
  if (!l || !(l->arena = jk_arena_new())) {
    free(l);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  l->category = category;
  l->per_row = per_row;
  l->product = product ? jk_arena_strdup(l->arena, product) : NULL;
  for (int i = 0; i < T_COUNT; i++) l->t[i].name = table_names[i];
  jk_rc rc = JK_OK;
  if (st) {
    jk_query q;
    jk_query_init(&q);
    q.category = category;
    q.product = product;
    if (recount) rc = jk_store_each_incident(st, &q, on_incident, l, err);
    else rc = from_summary(l, st, &q, err);
    if (!rc && l->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory counting lessons");
  }
  if (rc) {
    jk_lessons_free(l);
    return rc;
  }
  for (int i = 0; i < T_COUNT; i++) {
    table *t = &l->t[i];
    /* Exposure keeps its buckets in duration order; the rest by count.
       (The caps are not needed any more: rows are complete.) */
    if (i == T_EXPOSURE) {
      jk_lesson_row tmp[NELEM(exposure_buckets)];
      size_t k = 0;
      for (size_t b = 0; b < NELEM(exposure_buckets); b++)
        for (size_t j = 0; j < t->n; j++)
          if (strcmp(t->rows[j].key, exposure_buckets[b].key) == 0) tmp[k++] = t->rows[j];
      if (k) memcpy(t->rows, tmp, k * sizeof *tmp);
    } else if (t->n > 1) {
      qsort(t->rows, t->n, sizeof *t->rows, cmp_row);
    }
  }
  if (l->ndays > 1) qsort(l->days, l->ndays, sizeof *l->days, cmp_long);
  for (int i = 0; recount && i < T_COUNT; i++)
    for (size_t j = 0; j < l->t[i].n; j++) l->t[i].rows[j].shown = l->t[i].rows[j].count;
  *out = l;
  return JK_OK;
}

jk_rc jk_lessons_build(jk_store *st, int category, const char *product, int per_row, jk_lessons **out,
                       jk_err *err) {
  return build(st, category, product, per_row, 0, out, err);
}

jk_rc jk_lessons_recount(jk_store *st, int category, const char *product, jk_lessons **out, jk_err *err) {
  return build(st, category, product, -1, 1, out, err);
}

void jk_lessons_free(jk_lessons *l) {
  if (!l) return;
  for (int i = 0; i < T_COUNT; i++) {
    for (size_t j = 0; j < l->t[i].n; j++) free(l->t[i].rows[j].incidents);
    free(l->t[i].rows);
    free(l->t[i].caps);
  }
  free(l->days);
  jk_arena_free(l->arena);
  free(l);
}

long long jk_lessons_total(const jk_lessons *l) { return l->total; }
size_t jk_lessons_ntables(const jk_lessons *l) { return T_COUNT; }

const jk_lesson_table *jk_lessons_table(const jk_lessons *l, size_t i) {
  if (i >= T_COUNT) return NULL;
  jk_lessons *m = (jk_lessons *)l;
  jk_lesson_table *o = &m->out[i];
  o->name = l->t[i].name;
  o->n = l->t[i].n;
  o->unknown = l->t[i].unknown;
  o->rows = l->t[i].rows;
  return o;
}

double jk_lessons_median_exposure_days(const jk_lessons *l) {
  if (!l->ndays) return -1;
  size_t k = l->ndays / 2;
  return l->ndays % 2 ? (double)l->days[k] : (l->days[k - 1] + l->days[k]) / 2.0;
}

/* ---- JSON ------------------------------------------------------------------- */

/* s percent-encoded for a query string (RFC 3986 unreserved kept). */
static void url_escape(jk_buf *b, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
      jk_buf_putc(b, (char)*p);
    else
      jk_buf_printf(b, "%%%02X", *p);
  }
}

static void str(jk_buf *b, const char *s) {
  if (s) jk_json_str(b, s, strlen(s));
  else jk_buf_puts(b, "null");
}

jk_rc jk_lessons_to_json(const jk_lessons *l, jk_buf *b) {
  jk_buf_printf(b, "{\"incidents\":%lld,\"filters\":{\"category\":", l->total);
  str(b, l->category >= 0 ? jk_category_name((jk_category)l->category) : NULL);
  jk_buf_puts(b, ",\"product\":");
  str(b, l->product);
  double med = jk_lessons_median_exposure_days(l);
  if (med >= 0) jk_buf_printf(b, "},\"exposure_median_days\":%g,", med);
  else jk_buf_puts(b, "},\"exposure_median_days\":null,");
  jk_buf_printf(b, "\"exposure_stated\":%zu,\"tables\":[", l->ndays);
  for (size_t i = 0; i < T_COUNT; i++) {
    const table *t = &l->t[i];
    if (i) jk_buf_putc(b, ',');
    jk_buf_printf(b, "{\"name\":\"%s\",\"not_stated\":%zu,\"rows\":[", t->name, t->unknown);
    for (size_t j = 0; j < t->n; j++) {
      const jk_lesson_row *r = &t->rows[j];
      if (j) jk_buf_putc(b, ',');
      jk_buf_puts(b, "{\"key\":");
      str(b, r->key);
      jk_buf_puts(b, ",\"label_ja\":");
      str(b, r->label_ja);
      jk_buf_puts(b, ",\"label_en\":");
      str(b, r->label_en);
      jk_buf_printf(b, ",\"count\":%zu,\"people\":%lld,\"people_not_stated\":%zu,\"incidents\":[",
                    r->count, r->people, r->not_stated);
      for (size_t k = 0; k < r->shown; k++) {
        if (k) jk_buf_putc(b, ',');
        str(b, r->incidents[k]);
      }
      jk_buf_putc(b, ']');
      if (r->shown < r->count) {
        /* The rest: GET /api/lessons/incidents, a page at a time. */
        jk_buf link;
        jk_buf_init(&link);
        jk_buf_printf(&link, "/api/lessons/incidents?table=%s&key=", t->name);
        url_escape(&link, r->key);
        if (l->category >= 0) jk_buf_printf(&link, "&category=%s", jk_category_name((jk_category)l->category));
        if (l->product) {
          jk_buf_puts(&link, "&product=");
          url_escape(&link, l->product);
        }
        jk_buf_printf(&link, "&offset=%zu", r->shown);
        jk_buf_puts(b, ",\"more\":");
        str(b, link.p ? link.p : "");
        if (link.oom) b->oom = 1;
        jk_buf_free(&link);
      }
      jk_buf_putc(b, '}');
    }
    jk_buf_puts(b, "]}");
  }
  jk_buf_puts(b, "]}");
  return b->oom ? JK_ENOMEM : JK_OK;
}

/* ---- one row's incidents, a page at a time ----------------------------------- */

typedef struct pager {
  jk_store *st;
  jk_buf *b;
  int n, limit, more;
} pager;

static int page_one(void *vp, long long id) {
  pager *p = vp;
  if (p->n == p->limit) return p->more = 1; /* one past the page: there is a next one */
  sqlite3_stmt *s = NULL;
  if (sqlite3_prepare_v2(jk_store_sqlite(p->st), "SELECT label FROM incidents WHERE id=?1", -1, &s, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(s, 1, id);
    if (sqlite3_step(s) == SQLITE_ROW) {
      if (p->n++) jk_buf_putc(p->b, ',');
      const char *t = (const char *)sqlite3_column_text(s, 0);
      str(p->b, t ? t : "");
    }
  }
  sqlite3_finalize(s);
  return 0;
}

jk_rc jk_lessons_incidents_json(jk_store *st, const char *tname, const char *key, int category,
                                const char *product, long long offset, int limit, jk_buf *b, jk_err *err) {
  int dim = jk_lessons_table_dim(tname);
  if (dim < 0)
    return jk_err_set(err, JK_EINVAL,
                      "table: expected causes, products, discovery, exposure, measures or settings");
  if (!key || !*key) return jk_err_set(err, JK_EINVAL, "key: the row's key is required (as in GET /api/lessons)");
  if (offset < 0 || limit < 1 || limit > 1000)
    return jk_err_set(err, JK_EINVAL, "offset from 0, limit from 1 to 1000");
  jk_query q;
  jk_query_init(&q);
  q.category = category;
  q.product = product;
  const char *k = key;
  if (dim == JK_SD_ALL) { /* causes: the row is a category */
    int c = jk_category_parse(key);
    if (c < 0) return jk_err_set(err, JK_EINVAL, "key: '%.40s' is not a category", key);
    if (category >= 0 && c != category) c = -2;
    q.category = c;
    k = "";
  }
  size_t start = b->len;
  jk_buf_printf(b, "{\"table\":\"%s\",\"key\":", tname);
  str(b, key);
  jk_buf_printf(b, ",\"offset\":%lld,\"incidents\":[", offset);
  pager p = {st, b, 0, limit, 0};
  jk_rc rc = q.category == -2 ? JK_OK : jk_summary_list(st, &q, dim, k, offset, limit + 1, page_one, &p, err);
  if (rc) {
    b->len = start;
    if (b->p) b->p[start] = 0;
    return rc;
  }
  int more = p.more;
  jk_buf_puts(b, "],\"more\":");
  if (more) {
    jk_buf link;
    jk_buf_init(&link);
    jk_buf_printf(&link, "/api/lessons/incidents?table=%s&key=", tname);
    url_escape(&link, key);
    if (category >= 0) jk_buf_printf(&link, "&category=%s", jk_category_name((jk_category)category));
    if (product) {
      jk_buf_puts(&link, "&product=");
      url_escape(&link, product);
    }
    jk_buf_printf(&link, "&offset=%lld&limit=%d", offset + limit, limit);
    str(b, link.p ? link.p : "");
    if (link.oom) b->oom = 1;
    jk_buf_free(&link);
  } else {
    jk_buf_puts(b, "null");
  }
  jk_buf_puts(b, "}");
  return b->oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}
