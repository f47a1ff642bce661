/*
** extract_cause.c — the primary cause, in the VERIS-aligned taxonomy.
**
** Each cause phrase of vocab.c found in the notice adds its weight to its
** category, more where it counts most: the heading (the issuer's own
** summary), the opening lines, and the cause section (原因).  A phrase in
** a clause that denies it (…ではなく) or that only warns readers
** (…にご注意ください) does not count.  The strongest category wins; the
** evidence is its strongest phrase.
*/
#include "jk_int.h"

#include <stdlib.h>

/* Clauses that do not describe what happened to the issuer. */
static const char *const not_the_cause[] = {
    "ではなく", "ではありません", "ではございません", "ご注意", "お気をつけ", "危険がございます",
    "可能性は低い", "おそれはありません", "防止するため", "防止に努め", "防ぐため", "対策を講じ",
    "再発防止", "なりすました連絡", "なりすました電話", "本件とは別に", "毀損",
    /* …による暗号化は確認されておりません: the act itself denied (a leak
       "not confirmed" leaves its cause standing). */
    "暗号化は確認され", "暗号化は認められ", "感染は確認され", "感染は認められ", "侵入は確認され",
    "不正アクセスは確認され", "攻撃は確認され", "感染した事実は確認され", "要求は確認され",
    "ご相談ください", "最寄りの警察",
};

/* Break ties towards the more specific cause. */
static const int tie_rank[JK_CAT_COUNT] = {
    [JK_CAT_OTHER] = 0,         [JK_CAT_HACKING] = 1,     [JK_CAT_PROGRAMMING_ERROR] = 2,
    [JK_CAT_PUBLISHING_ERROR] = 3, [JK_CAT_MISCONFIGURATION] = 4, [JK_CAT_MISDELIVERY] = 5,
    [JK_CAT_LOSS] = 6,          [JK_CAT_THEFT] = 7,       [JK_CAT_MISUSE] = 8,
    [JK_CAT_MALWARE] = 9,       [JK_CAT_RANSOMWARE] = 10,
};

/* Cause phrases that are part of a longer word when these come before. */
static const struct {
  const char *phrase, *before;
} inside_words[] = {{"落とし", "見"}, {"落とし", "切り"}, {"落とし", "引き"}, {"落とし", "聞き"}};

/* Sentences that state the cause. */
static const char *const cause_statements[] = {"原因は", "原因としては", "原因につきましては", "原因について調査した結果",
                                               "に起因して", "に起因する"};

/* Clauses that deny an attack took place (…悪用された形跡は検出されて
   おりません): a flaw was found, nobody used it. */
static const char *const no_attack[] = {"形跡は", "形跡について", "形跡の有無"};

static const char *const cause_section_words[] = {"原因", "発生原因", "事案の概要", "概要", "経緯"};

/* Is at on a note line that defines a term (※用語: …)? */
static bool glossary_line(const jk_xctx *x, size_t at) {
  size_t ls = at;
  while (ls > 0 && x->t[ls - 1] != '\n') ls--;
  const char *p = x->t + ls;
  size_t n = at - ls;
  jk_trim(&p, &n);
  if (!(jk_starts(p, n, "※") || jk_starts(p, n, "(※") || jk_starts(p, n, "*"))) return false;
  return jk_has(p, n, ":") && !jk_cp_more(p, n, 40);
}

void jk_x_category(jk_xctx *x) {
  jk_record *r = x->r;
  long score[JK_CAT_COUNT] = {0};
  long best_w[JK_CAT_COUNT] = {0};
  int best_raw[JK_CAT_COUNT] = {0}; /* strongest phrase weight, unscaled */
  int cause_raw[JK_CAT_COUNT] = {0}; /* the same, where the notice states the cause */
  jk_span best_ev[JK_CAT_COUNT];
  memset(best_ev, 0, sizeof best_ev);

  size_t cs = 0, ce = 0;
  bool have_cause = jk_find_section(x, cause_section_words, 2, x->body, &cs, &ce);
  size_t opening = x->body + 900 < x->n ? x->body + 900 : x->n;

  /* The lexicon's cause phrases, in text order; each counts at most 4 times. */
  unsigned char *hits = calloc(jk_cause_phrases_n, 1);
  if (!hits) return;
  size_t cs_cache = (size_t)-1, ce_cache = 0;
  bool not_cause = false, no_att = false, cause_said = false;
  for (size_t hi = 0; hi < x->nlh; hi++) {
    const jk_lhit *h = &x->lh[hi];
    if (h->table != JK_LX_CAUSE || h->off < x->head) continue;
    size_t at = h->off;
    const jk_phrase *ph = &jk_cause_phrases[h->idx];
    if (hits[h->idx] >= 4) continue;
    size_t pl = h->len;
    if (at < cs_cache || at >= ce_cache) {
      jk_clause_at(x->t, x->n, at, &cs_cache, &ce_cache);
      not_cause = jk_has_any(x->t + cs_cache, ce_cache - cs_cache, not_the_cause,
                             sizeof not_the_cause / sizeof not_the_cause[0]);
      no_att = jk_has_any(x->t + cs_cache, ce_cache - cs_cache, no_attack, sizeof no_attack / sizeof no_attack[0]);
      /* 原因は、…: the issuer says in so many words what caused it. */
      cause_said = jk_has_any(x->t + cs_cache, ce_cache - cs_cache, cause_statements,
                              sizeof cause_statements / sizeof cause_statements[0]);
    }
    if (not_cause) continue;
    /* ※デジタル鑑識:侵入やマルウェアの痕跡を調べること: a glossary note. */
    if (glossary_line(x, at)) continue;
    if ((ph->id == JK_CAT_HACKING || ph->id == JK_CAT_MALWARE || ph->id == JK_CAT_RANSOMWARE) && no_att) continue;
    /* 見落とし (overlooked) holds 落とし (dropped): a phrase inside another word. */
    bool inside = false;
    for (size_t k = 0; k < sizeof inside_words / sizeof inside_words[0] && !inside; k++) {
      size_t bl = strlen(inside_words[k].before);
      inside = strcmp(ph->text, inside_words[k].phrase) == 0 && at >= bl &&
               memcmp(x->t + at - bl, inside_words[k].before, bl) == 0;
    }
    if (inside) continue;
    /* 盗難届を提出: the form police take for a loss as well. */
    if (ph->id == JK_CAT_THEFT && jk_starts(x->t + at + pl, x->n - at - pl, "届")) continue;
    /* 新型コロナウイルスに感染された方: a disease, not malware. */
    if (ph->id == JK_CAT_MALWARE && at >= 9 && jk_has(x->t + (at >= 18 ? at - 18 : 0), at >= 18 ? 18 : at, "コロナ")) continue;
    long f = 1;
    if (at >= x->head && at < x->head_end) f = 4;
    else if (have_cause && at >= cs && at < ce) f = 3;
    else if (at < opening) f = 2;
    if (cause_said && at >= x->head_end) f = 5;
    long w = ph->weight * f;
    score[ph->id] += w;
    if (ph->weight > best_raw[ph->id]) best_raw[ph->id] = ph->weight;
    /* Where the cause is stated: its section, or a sentence that says a
       change to the system went wrong (改修の際…処理に誤り). */
    static const char *const changed[] = {"改修", "プログラムの更新", "更新作業", "アップデート", "改変"};
    if (at >= x->head_end && ph->weight > cause_raw[ph->id] &&
        (f >= 3 || (f == 2 && jk_has_any(x->t + cs_cache, ce_cache - cs_cache, changed, sizeof changed / sizeof changed[0]))))
      cause_raw[ph->id] = ph->weight;
    hits[h->idx]++;
    if (w > best_w[ph->id]) {
      best_w[ph->id] = w;
      best_ev[ph->id] = jk_mkspan(at, at + pl);
    }
  }
  free(hits);
  int best = JK_CAT_OTHER;
  for (int c = 1; c < JK_CAT_COUNT; c++) {
    if (score[c] > score[best] || (score[c] == score[best] && score[c] > 0 && tie_rank[c] > tie_rank[best]))
      best = c;
  }
  /*
  ** An intrusion that planted ransomware is a ransomware incident, and
  ** one that used malware a malware incident: the gold (and VERIS's
  ** primary action) name the more specific cause when the notice states
  ** it, however often it says 不正アクセス.
  */
  if ((best == JK_CAT_HACKING || best == JK_CAT_MALWARE) && best_raw[JK_CAT_RANSOMWARE] >= 12)
    best = JK_CAT_RANSOMWARE;
  /* A bag stolen (置き引き) and its papers lost: the theft is the cause. */
  else if (best == JK_CAT_LOSS && best_raw[JK_CAT_THEFT] >= 8)
    best = JK_CAT_THEFT;
  else if (best == JK_CAT_HACKING && best_raw[JK_CAT_MALWARE] >= 8)
    best = JK_CAT_MALWARE;
  /* 誤送信 in the title, and in the cause: 送信先を結び付ける処理に誤り —
     a program sent it astray; the mechanism is the cause, the effect the
     headline. */
  else if (best == JK_CAT_MISDELIVERY && cause_raw[JK_CAT_PROGRAMMING_ERROR] >= 8 &&
           cause_raw[JK_CAT_PROGRAMMING_ERROR] >= cause_raw[JK_CAT_MISDELIVERY])
    best = JK_CAT_PROGRAMMING_ERROR;
  r->category = (jk_category)best;
  r->category_ev = best_ev[best];
  /* Sure when one cause dominates the narrative; not when two compete or
     nothing named one (other by default). */
  long second = 0;
  for (int c = 1; c < JK_CAT_COUNT; c++)
    if (c != best && score[c] > second) second = score[c];
  if (best == JK_CAT_OTHER) r->confidence[JK_F_CATEGORY] = second > 0 ? 0.3f : 0.45f;
  else {
    float b = (float)score[best], s2 = (float)second;
    float c = b / (b + s2 + 8.0f);
    if (best_raw[best] >= 8) c += 0.1f; /* a phrase that names the cause outright */
    r->confidence[JK_F_CATEGORY] = c > 1.0f ? 1.0f : c;
  }
}
