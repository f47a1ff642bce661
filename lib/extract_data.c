/*
** extract_data.c — which kinds of personal data were exposed, and whether
** payment-card data was among them.
**
** A data word counts only where the notice talks about the exposed data:
** in a section such as 漏えいした個人情報 / 流出情報 / 閲覧可能であった個人
** 情報, in the list that follows "…は以下のとおりです", or in a clause that
** lists several kinds or says they leaked.  Elsewhere 電話 and 患者 are
** just words (お電話にて謝罪, 外来診療).  A word in a denial (…は含まれて
** おりません) does not count; a denial in brackets covers only the
** bracket.  Items of a data list that match no known kind are `other`.
*/
#include "jk_int.h"

/* Headings of sections that list the exposed data. */
static const char *const data_heading_words[] = {"流出", "漏えい", "漏洩", "閲覧", "情報の内容", "項目",
                                                 "対象となる情報", "対象情報", "当該情報", "可能性",
                                                 "おそれ", "恐れ", "記載"};

/* Words that make a clause about the exposed data. */
static const char *const leak_verbs[] = {
    "漏えい", "漏洩", "流出", "閲覧", "含まれ", "記載", "表示", "見える", "知られ", "分かる", "わかる",
    "誤送信", "送付", "持ち出", "取得", "紛失", "盗難", "アクセスできる", "アクセス可能", "確認できる",
    "入力", "登録", "不正利用", "項目", "データ",
};

/* Clauses about contacting the issuer, not about the data. */
static const char *const contact_words[] = {"お問い合わせ", "お問合せ", "問合せ先", "窓口", "受付時間",
                                            "フリーダイヤル", "TEL", "Tel", "電話:", "ダイヤル"};

/* Items of a list that say nothing about a kind of data. */
static const char *const filler_items[] = {"等", "など", "その他", "ほか", "他", "情報", "個人情報", "内容",
                                           "項目", "一部", "以下", "及び", "および"};

/* Scope of a word for denials: its bracket, or the clause without brackets. */
static bool denied(const char *t, size_t s, size_t e, size_t at) {
  /* Innermost bracket around at. */
  size_t open = (size_t)-1;
  int depth = 0;
  for (size_t i = at; i > s;) {
    i--;
    if (t[i] == ')') depth++;
    else if (t[i] == '(') {
      if (depth == 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open != (size_t)-1) {
    size_t close = at;
    depth = 0;
    while (close < e) {
      if (t[close] == '(') depth++;
      else if (t[close] == ')') {
        if (depth == 0) break;
        depth--;
      }
      close++;
    }
    return jk_has_any(t + open, close - open, jk_negation_words, jk_negation_words_n);
  }
  /* Outside brackets: look at the clause with bracketed parts removed. */
  size_t i = s;
  depth = 0;
  size_t seg = s;
  while (i <= e) {
    if (i == e || (t[i] == '(' && depth++ == 0)) {
      if (i > seg && jk_has_any(t + seg, i - seg, jk_negation_words, jk_negation_words_n)) return true;
    }
    if (i < e && t[i] == ')' && depth > 0 && --depth == 0) seg = i + 1;
    i++;
  }
  return false;
}

/* Find the data-phrase (longest) that matches at p; returns its index. */
static int phrase_at(const char *p, size_t n) {
  int best = -1;
  size_t bl = 0;
  for (size_t k = 0; k < jk_data_phrases_n; k++) {
    size_t l = strlen(jk_data_phrases[k].text);
    if (l > bl && jk_starts(p, n, jk_data_phrases[k].text)) {
      best = (int)k;
      bl = l;
    }
  }
  return best;
}

/* Ranges of the text that list exposed data. */
typedef struct range {
  size_t s, e;
} range;

typedef struct ranges {
  range v[64];
  size_t n;
} ranges;

static void add_range(ranges *rs, size_t s, size_t e) {
  if (rs->n < 64 && e > s) rs->v[rs->n++] = (range){s, e};
}

static bool in_ranges(const ranges *rs, size_t at) {
  for (size_t i = 0; i < rs->n; i++)
    if (at >= rs->v[i].s && at < rs->v[i].e) return true;
  return false;
}

/* Is the line a list item (bullet or short line without a full stop)? */
static bool list_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n == 0) return true;
  if (jk_has(p, n, "。") && jk_cp_count(p, n) > 30) return false;
  return jk_cp_count(p, n) <= 80;
}

static void find_ranges(const jk_xctx *x, ranges *rs) {
  /* Sections with a data heading. */
  size_t from = x->body;
  size_t s, e;
  while (from < x->n && jk_find_section(x, data_heading_words, sizeof data_heading_words / sizeof data_heading_words[0], from, &s, &e)) {
    /* The heading line itself lists data sometimes: 3.流出した個人情報(10組27名) */
    size_t hs = s > 0 ? s - 1 : 0;
    while (hs > 0 && x->t[hs - 1] != '\n') hs--;
    /* Only headings that speak of information. */
    if (jk_has(x->t + hs, s - hs, "情報") || jk_has(x->t + hs, s - hs, "項目") ||
        jk_has(x->t + hs, s - hs, "内容") || jk_has(x->t + hs, s - hs, "お客様") ||
        jk_has(x->t + hs, s - hs, "データ")) {
      /* Keep sections short: a data list, not the rest of the notice. */
      size_t lim = s + 1500 < e ? s + 1500 : e;
      add_range(rs, hs, lim);
    }
    from = e > s ? e : s + 1;
    if (from <= s) break;
  }
  /* Lists introduced by "…は以下のとおりです" with a leak word. */
  static const char *const intros[] = {"以下のとおり", "以下の通り", "以下となります", "下記のとおり", "下記の通り"};
  for (size_t k = 0; k < sizeof intros / sizeof intros[0]; k++) {
    size_t f = x->body;
    const char *q;
    while ((q = jk_find(x->t + f, x->n - f, intros[k])) != NULL) {
      size_t at = (size_t)(q - x->t);
      f = at + 1;
      size_t cs, ce;
      jk_clause_at(x->t, x->n, at, &cs, &ce);
      if (!jk_has_any(x->t + cs, ce - cs, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0])) continue;
      /* Following list lines. */
      size_t ls = ce;
      while (ls < x->n && x->t[ls] != '\n') ls++;
      size_t end = ls;
      int items = 0;
      while (end < x->n && items < 30) {
        size_t l0 = end + 1;
        size_t l1 = l0;
        while (l1 < x->n && x->t[l1] != '\n') l1++;
        if (l0 >= x->n) break;
        if (!list_line(x->t + l0, l1 - l0)) break;
        if (!jk_blank(x->t + l0, l1 - l0)) items++;
        else if (items > 0 && l1 + 1 < x->n && x->t[l1 + 1] == '\n') break;
        end = l1;
      }
      add_range(rs, cs, end);
    }
  }
}

/* Split an item list and add `other` for items no kind matches. */
static void others_in(jk_xctx *x, size_t s, size_t e) {
  jk_record *r = x->r;
  static const char *const delims[] = {"、", "・", "/", ",", "，", "及び", "および", "並びに", "\n", "●", "•", "■"};
  size_t i = s;
  while (i < e) {
    /* Item end: the next delimiter outside brackets. */
    size_t j = i;
    int depth = 0;
    size_t dl = 0;
    while (j < e) {
      if (x->t[j] == '(') depth++;
      else if (x->t[j] == ')' && depth > 0) depth--;
      if (depth == 0) {
        bool hit = false;
        for (size_t d = 0; d < sizeof delims / sizeof delims[0]; d++)
          if (jk_starts(x->t + j, e - j, delims[d])) {
            dl = strlen(delims[d]);
            hit = true;
            break;
          }
        if (hit) break;
      }
      j++;
    }
    const char *p = x->t + i;
    size_t n = j - i;
    jk_trim(&p, &n);
    /* Drop a bracketed note and a trailing 等 / など. */
    const char *br = jk_find(p, n, "(");
    if (br) n = (size_t)(br - p);
    while (n >= 3 && (jk_ends(p, n, "等") || jk_ends(p, n, "など"))) n -= jk_ends(p, n, "等") ? 3 : 6;
    size_t cps = jk_cp_count(p, n);
    if (cps >= 2 && cps <= 14 && !jk_has(p, n, "。") && !jk_has(p, n, ":")) {
      bool known = false;
      for (size_t k = 0; k < n && !known; k++)
        if (phrase_at(p + k, n - k) >= 0) known = true;
      bool filler = false;
      for (size_t f = 0; f < sizeof filler_items / sizeof filler_items[0]; f++)
        if (n == strlen(filler_items[f]) && memcmp(p, filler_items[f], n) == 0) filler = true;
      bool digits = false;
      for (size_t k = 0; k < n; k++)
        if (p[k] >= '0' && p[k] <= '9') digits = true;
      bool verb = jk_has_any(p, n, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0]) ||
                  jk_has(p, n, "ます") || jk_has(p, n, "した") || jk_has(p, n, "です") || jk_has(p, n, "について");
      if (!known && !filler && !digits && !verb && !(r->data_types & (1u << JK_DT_OTHER))) {
        r->data_types |= 1u << JK_DT_OTHER;
        r->data_type_ev[JK_DT_OTHER] = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + n);
      }
    }
    i = j + (dl ? dl : 1);
  }
}

void jk_x_data(jk_xctx *x) {
  jk_record *r = x->r;
  ranges rs;
  rs.n = 0;
  find_ranges(x, &rs);

  for (size_t i = x->head; i < x->n;) {
    unsigned char c = (unsigned char)x->t[i];
    if (c < 0x80 && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) {
      i++;
      continue;
    }
    int k = phrase_at(x->t + i, x->n - i);
    if (k < 0) {
      i += jk_cp_len(x->t + i, x->n - i);
      continue;
    }
    const jk_phrase *ph = &jk_data_phrases[k];
    size_t pl = strlen(ph->text);
    size_t cs, ce;
    jk_clause_at(x->t, x->n, i, &cs, &ce);
    bool context = in_ranges(&rs, i);
    if (!context) {
      int kinds = 0;
      for (size_t j = cs; j < ce;) {
        if (phrase_at(x->t + j, ce - j) >= 0) kinds++;
        j += jk_cp_len(x->t + j, ce - j);
      }
      context = kinds >= 2 || jk_has_any(x->t + cs, ce - cs, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0]);
      /* One weak word in a sentence about something else is not data. */
      if (kinds < 2 && ph->id == JK_DT_OTHER) context = false;
    }
    if (context && !denied(x->t, cs, ce, i) &&
        !jk_has_any(x->t + cs, ce - cs, contact_words, sizeof contact_words / sizeof contact_words[0])) {
      uint32_t bit = 1u << ph->id;
      if (!(r->data_types & bit)) r->data_type_ev[ph->id] = jk_mkspan(i, i + pl);
      r->data_types |= bit;
    }
    i += pl;
  }
  /* Unknown items in the data lists. */
  for (size_t k = 0; k < rs.n; k++) others_in(x, rs.v[k].s, rs.v[k].e);

  /* Card data: a card word in a data context, not denied. */
  if (r->data_types & (1u << JK_DT_CARD)) {
    r->card = 1;
    r->card_ev = r->data_type_ev[JK_DT_CARD];
  }
}
