/*
** extract_count.c — how many people (or records) were affected.
**
** SCHEMA.md's `affected` is the headline number: the largest single count
** the notice states for the whole incident, null when none is stated.
** Candidates are numbers followed by a counter of people or records (名,
** 人, 件, 人分, ユーザ …).  Counts of other things (送信件数, 214 店, 15社),
** counts the notice itself denies (個人情報を含まない…380万ユーザ分) and
** counts it corrects (…付公表の108名) are dropped.  A count whose clause
** speaks of the leak (漏えい, 閲覧, 対象, 氏名 …) beats one that does not.
*/
#include "jk_int.h"

#include <limits.h>

/* Counters of people or records, longest first. */
static const char *const counters[] = {"名様", "名分", "人分", "件分", "ユーザー", "ユーザ", "アカウント",
                                       "世帯", "事業者", "事業所", "名", "人", "件", "先"};

/* Counters of people, longest first (名分 before 名). */
static const char *const people_counters[] = {"名分", "人分", "名", "人"};

/* Words before a number that still belong to it. */
static const char *const approx[] = {"約", "最大", "計", "合計", "総計", "推定", "およそ", "延べ", "少なくとも"};

/* Clauses whose counts are not of affected people. */
static const char *const wrong_count[] = {
    "送信件数", "送信数", "メール件数", "送信メール数", "送信メールの数", "問い合わせ件数", "問合せ件数", "件のお問い合わせ", "お問い合わせが", "申し出",
    "相談件数", "件の相談", "ご相談が", "被害報告", "不正利用", "件数は不明", "含まない", "含まれない", "含まれていない", "付公表",
    "報道",
    "訓告", "懲戒", "厳重注意", "戒告", "減給", /* staff disciplined */
    "件の報告", "件のご報告", "件のご連絡", /* reports received */
    "閲覧件数", "閲覧数", "アクセス件数", "アクセス数", "ダウンロード件数", "ダウンロード数", /* views of a page */
};

/* An estimate a later report corrects: only the part of the sentence it
   stands in (当初お知らせした14名から5名増え、19名であることが…). */
static const char *const earlier_estimate[] = {
    "としていました", "お知らせでは", "公表の", "としておりました", "とお知らせして", "と公表して", "と発表して",
    "当初", "説明しておりました", "説明していました", "お伝えしておりました", "お伝えしていました",
    "とお伝えしました", "とお知らせしました", "報では", "報でお知らせした", "前回お知らせした", "前回公表した",
};

/* Labels right before a number that count a population, not the affected. */
static const char *const population_labels[] = {"生徒数", "児童数", "学生数", "従業員数", "職員数", "社員数",
                                                "会員数", "登録者数", "人口", "在籍者数", "定員",
                                                /* 会員サイトにご登録のお客様は約12万名で: all of them */
                                                "ご登録のお客様は", "登録のお客様は", "ご登録者は", "登録会員は",
                                                "会員総数", "全会員"};

/* Clauses that speak of the leak: their counts are the headline's. */
static const char *const leak_words[] = {
    "漏えい", "漏洩", "流出", "閲覧", "対象", "個人情報", "可能性", "おそれ", "恐れ", "影響", "該当",
    "氏名", "メールアドレス", "住所", "誤送信", "持ち出", "紛失", "盗難", "人分", "名分", "件分",
    "お客様", "お客さま", "会員", "利用者", "申込者", "応募者", "参加者",
};

static bool is_digit_before(const char *t, size_t at) {
  if (at == 0) return false;
  char c = t[at - 1];
  bool digit2 = at >= 2 && t[at - 2] >= '0' && t[at - 2] <= '9';
  if (c == ':' || c == '.' || c == ',') return digit2; /* 12:30, 1.5, 1,234 — not …1,793 */
  return (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '#';
}

/* 十 百 千 万 億 */
static bool kanji_place(uint32_t c) {
  return c == 0x5341 || c == 0x767E || c == 0x5343 || c == 0x4E07 || c == 0x5104;
}

/* Is this a place where a number may start (not inside a word or code)? */
static bool number_start(const char *t, size_t n, size_t at) {
  unsigned char c = (unsigned char)t[at];
  /* Only ASCII digits and kanji numerals (lead bytes E4, E5; E7 for 百) start one. */
  if (!(c >= '0' && c <= '9') && c != 0xE4 && c != 0xE5 && c != 0xE7) return false;
  if (c >= '0' && c <= '9') return !is_digit_before(t, at) && !(at > 0 && ((t[at - 1] >= 'A' && t[at - 1] <= 'Z') || (t[at - 1] >= 'a' && t[at - 1] <= 'z')));
  /* Kanji numerals: only 一…九 starting a number (not 十分, 万全). */
  uint32_t next = at + 3 < n ? jk_fast_cp(t + at + 3, n - at - 3) : 0;
  switch (jk_fast_cp(t + at, n - at)) {
  case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94: /* 一 二 三 四 五 */
  case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D:              /* 六 七 八 九 */
    /* Preceded by a kanji, it is part of a word (統一, 第三), unless a
       place value follows (生徒三十名, 約三万人). */
    return !(at >= 3 && jk_is_kanji_at(jk_cp_prev(t, t + at), 3)) || kanji_place(next);
  case 0x5341: /* 十: 十二名, 十名 — not 十分 */
    {
      size_t dn;
      return !(at >= 3 && jk_is_kanji_at(jk_cp_prev(t, t + at), 3)) &&
             ((at + 3 < n && jk_kanji_digit(t + at + 3, n - at - 3, &dn) > 0) || next == 0x540D /* 名 */ ||
              next == 0x4EBA /* 人 */ || next == 0x4EF6 /* 件 */);
    }
  case 0x767E: case 0x5343: /* 百 千: only with a digit after (百二十三名, not 百貨店, 千葉) */
    {
      size_t dn;
      return (at + 3 < n && jk_kanji_digit(t + at + 3, n - at - 3, &dn) > 0) || next == 0x5341;
    }
  default:
    return false;
  }
}

/* Is the number at `at` right after a count label (漏えい人数 413)? */
static bool labelled(const char *t, size_t at) {
  static const char *const count_labels[] = {"漏えい人数", "漏洩人数", "流出人数", "対象人数", "対象者数", "漏えい件数",
                                             "漏洩件数", "流出件数", "対象件数"};
  size_t j = at;
  while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == ':' || t[j - 1] == '\t')) j--;
  for (size_t k = 0; k < sizeof count_labels / sizeof count_labels[0]; k++) {
    size_t l = strlen(count_labels[k]);
    if (j >= l && memcmp(t + j - l, count_labels[k], l) == 0) return true;
  }
  return false;
}

/* Is the number at s labelled a total (| 合計 | 10,515名, 総計: 52件)?  A
   table's total row names no data, yet it counts the rows above it. */
static bool total_label(const char *t, size_t s, size_t ls) { /* ls: its clause's start */
  size_t j = s;
  /* 計 最大4,730名: an estimate's word between the label and the number. */
  static const char *const between[] = {"最大", "約", "およそ"};
  while (j > ls && t[j - 1] == ' ') j--;
  for (size_t b = 0; b < sizeof between / sizeof between[0]; b++)
    if (j - ls >= strlen(between[b]) && memcmp(t + j - strlen(between[b]), between[b], strlen(between[b])) == 0) {
      j -= strlen(between[b]);
      break;
    }
  for (;;) {
    while (j > ls && (t[j - 1] == ' ' || t[j - 1] == '|' || t[j - 1] == ':' || t[j - 1] == '\t')) j--;
    /* A table drawn with box characters (│合計│ 122名│): its rules too. */
    if (j >= ls + 3 && (memcmp(t + j - 3, "│", 3) == 0 || memcmp(t + j - 3, "┃", 3) == 0 || memcmp(t + j - 3, "║", 3) == 0))
      j -= 3;
    else
      break;
  }
  if (j - ls >= 6 && (memcmp(t + j - 6, "合計", 6) == 0 || memcmp(t + j - 6, "総計", 6) == 0)) return true;
  /* 計 alone: at the start, after a rule, or after は (対象は計348名). */
  return j - ls >= 3 && memcmp(t + j - 3, "計", 3) == 0 &&
         (j - 3 == ls || t[j - 4] == ' ' || t[j - 4] == '|' || t[j - 4] == ':' ||
          (j - ls >= 6 && (memcmp(t + j - 6, "│", 3) == 0 || memcmp(t + j - 6, "は", 3) == 0)));
}

/*
** 3年生312名に一斉送信したメール / 受信した312名: those a message went to,
** not those whose data it held — unless the count is whose data it is
** (96名のメールアドレス).  [s, cend) is the count with its counter.
*/
static bool recipients(const char *t, size_t n, size_t s, size_t cend, bool whose) {
  if (whose) return false;
  static const char *const sent[] = {"送信", "一斉送信", "送付", "配信", "発送", "送っ", "郵送"};
  /* 会員480名の皆様に…送信: the same, politely. */
  static const char *const polite[] = {"の皆様に", "の皆さまに", "の方々に", "の方に", "様に"};
  size_t pl = 0;
  if (jk_starts_any(t + cend, n - cend, polite, sizeof polite / sizeof polite[0], &pl)) cend += pl - 3;
  if (jk_starts(t + cend, n - cend, "に")) {
    size_t a = cend + 3;
    size_t lim = a + 24 < n ? a + 24 : n;
    for (size_t q = a; q < lim; q += jk_cp_len(t + q, n - q))
      if (jk_starts_any(t + q, n - q, sent, sizeof sent / sizeof sent[0], NULL)) return true;
    /* 480名の皆様に、1回あたり30名ずつ、16回に分けて送信: sent in batches. */
    lim = a + 96 < n ? a + 96 : n;
    for (size_t q = a; q < lim && !jk_starts(t + q, n - q, "。"); q += jk_cp_len(t + q, n - q))
      if (jk_starts(t + q, n - q, "分けて") && jk_starts_any(t + q + 9, n - q - 9, sent, sizeof sent / sizeof sent[0], NULL))
        return true;
  }
  static const char *const got[] = {"受信した", "受け取った", "受信された"};
  size_t b = s >= 15 ? s - 15 : 0;
  return jk_has_any(t + b, s - b, got, sizeof got / sizeof got[0]);
}

/* 上記を合わせ、530名の情報が含まれていました: the sum of the lists above
   (the words in [ps, s), the number's part of its sentence). */
static bool summed(const char *t, size_t ps, size_t s) {
  static const char *const sums[] = {"上記を合わせ", "上記をあわせ", "以上を合わせ", "以上をあわせ", "これらを合わせ",
                                     "これらをあわせ", "上記の合計"};
  size_t from = ps;
  /* (the sentence's start may be a part or two back) */
  for (int k = 0; k < 2 && from >= 3 && memcmp(t + from - 3, "、", 3) == 0; k++) {
    from -= 3;
    while (from > 0 && t[from - 1] != '\n' && !(from >= 3 && (memcmp(t + from - 3, "、", 3) == 0 || memcmp(t + from - 3, "。", 3) == 0))) from--;
  }
  return jk_has_any(t + from, s - from, sums, sizeof sums / sizeof sums[0]);
}

/* ご契約者さま 最大82,406名 / 氏名、住所、…: a count over the list of the
   data it covers (the next line names kinds of data). */
static bool data_below(const jk_xctx *x, size_t ce) {
  if (ce >= x->n || x->t[ce] != '\n') return false;
  size_t a = ce + 1, b = a;
  while (b < x->n && x->t[b] != '\n') b++;
  return !jk_has(x->t + a, b - a, "。") && jk_data_word_in(x, a, b);
}

/* 14名から5名増え / 増えた5名 / 追加で判明した5名: how many more, not how
   many in all. */
static bool increment(const char *t, size_t n, size_t s, size_t cend) {
  static const char *const after[] = {"増え", "増加", "追加"};
  static const char *const before[] = {"増えた", "追加で判明した", "新たに判明した", "追加の", "に加え、"};
  if (jk_starts_any(t + cend, n - cend, after, sizeof after / sizeof after[0], NULL)) return true;
  size_t b = s >= 24 ? s - 24 : 0;
  for (size_t k = 0; k < sizeof before / sizeof before[0]; k++)
    if (jk_ends(t + b, s - b, before[k])) return true;
  return false;
}

void jk_x_affected(jk_xctx *x) {
  jk_record *r = x->r;
  /* Tiers: 0 any count, 1 in a clause about the leak, 2 a total or a
     labelled count, 3 a count the notice gives as corrected. */
  long long best[4] = {-1, -1, -1, -1};
  jk_span ev[4] = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  int distinct[4] = {0, 0, 0, 0}; /* how many different counts each tier saw */
  /* Every count of people or records the notice prints, and how often:
     the one it repeats is the one it is about (900件に2回に分けて送った内の
     1回目の500件 … 500件に削除を依頼 … 500件に謝罪). */
  struct seen {
    long long v;
    int times;
    int tier; /* best tier it was a candidate in, -1: never */
    jk_span ev;
  } seen[32];
  size_t nseen = 0;
  const char *t = x->t;
  size_t n = x->n;
  /* 封入作業は必ず2名で行います: the remedy's staff, not those affected. */
  size_t ms = 0, me = 0;
  size_t carry_to = 0; /* a bracketed people count before here stands as the total before it */
  if (!jk_find_section(x, jk_measure_heads, jk_measure_heads_n, x->body, &ms, &me)) ms = me = 0;

  for (size_t i = x->head; i < n; i++) {
    if (i >= ms && i < me) {
      i = me - 1;
      continue;
    }
    if (!number_start(t, n, i)) continue;
    long long v = 0;
    int ovf = 0;
    size_t k = jk_parse_number(t + i, n - i, &v, &ovf);
    if (!k) continue;
    size_t end = i + k;
    size_t j = end;
    if (j < n && t[j] == ' ') j++;
    const char *cw = NULL;
    for (size_t c = 0; c < sizeof counters / sizeof counters[0]; c++)
      if (jk_starts(t + j, n - j, counters[c])) {
        cw = counters[c];
        break;
      }
    size_t next = end;
    if (!cw && !ovf && v > best[2] && labelled(t, i) && (end >= n || t[end] < '0' || t[end] > '9')) {
      /* 漏えい人数 413 / 対象件数:1,100: a labelled number without a counter. */
      if (best[2] >= 0) distinct[2]++;
      best[2] = v;
      ev[2] = jk_mkspan(i, end);
    }
    if (!cw || ovf || v <= 0) {
      i = next - 1;
      continue;
    }
    size_t cend = j + strlen(cw);
    {
      size_t q = 0;
      while (q < nseen && seen[q].v != v) q++;
      if (q == nseen && nseen < sizeof seen / sizeof seen[0]) seen[nseen++] = (struct seen){v, 0, -1, {0, 0}};
      if (q < nseen) seen[q].times++;
    }
    /* 1人1台 (a device each), 件名, 名称, 人事, 件数: not counts here. */
    if (jk_starts(t + cend, n - cend, "1台") || (strcmp(cw, "件") == 0 && (jk_starts(t + cend, n - cend, "名") || jk_starts(t + cend, n - cend, "数"))) ||
        (strcmp(cw, "名") == 0 && jk_starts(t + cend, n - cend, "称")) ||
        (strcmp(cw, "人") == 0 && (jk_starts(t + cend, n - cend, "事") || jk_starts(t + cend, n - cend, "材")))) {
      i = next - 1;
      continue;
    }
    /* Include 約 / 計 before the number in the evidence. */
    size_t s = i;
    for (size_t a = 0; a < sizeof approx / sizeof approx[0]; a++) {
      size_t al = strlen(approx[a]);
      size_t b = s;
      while (b > 0 && t[b - 1] == ' ') b--;
      if (b >= al && memcmp(t + b - al, approx[a], al) == 0) {
        s = b - al;
        break;
      }
    }
    /* 2人1組 (a team), 1件だけ (just one), 今回の一件 (this matter). */
    if ((cend < n && t[cend] >= '0' && t[cend] <= '9') || jk_starts(t + cend, n - cend, "だけ") ||
        ((unsigned char)t[i] >= 0x80 && v < 10)) {
      i = next - 1;
      continue;
    }
    /* (生徒数:692人): the size of a population, not of the leak.
       従業員1名のパソコン: the staff involved, not the people affected. */
    size_t lb = s >= 18 ? s - 18 : 0;
    static const char *const staff[] = {"従業員", "職員", "社員", "担当者", "教員", "教職員", "派遣社員", "委託先",
                                        "上司", "管理職"};
    /* 市職員7名による不正閲覧: the staff who did it, however many. */
    static const char *const agent[] = {"による", "により", "が関与", "が不正", "が、", "は、"};
    bool by_staff = jk_has_any(t + lb, s - lb, staff, sizeof staff / sizeof staff[0]) &&
                    jk_starts_any(t + cend, n - cend, agent, sizeof agent / sizeof agent[0], NULL);
    /* …but 従業員1名の氏名、住所: the staff member whose data it is. */
    size_t dl = cend + 18 < n ? cend + 18 : n;
    bool whose = jk_starts(t + cend, n - cend, "分") ||
                 (jk_starts(t + cend, n - cend, "の") && jk_data_word_in(x, cend, dl));
    size_t lpop = s >= 30 ? s - 30 : 0;
    while (lpop < s && ((unsigned char)t[lpop] & 0xC0) == 0x80) lpop++;
    /* (会員数としては18,734名: the records counted as people, not all members.) */
    bool population = jk_has_any(t + lpop, s - lpop, population_labels, sizeof population_labels / sizeof population_labels[0]) &&
                      !jk_has(t + lpop, s - lpop, "としては");
    if (population ||
        (v <= 2 && !whose && jk_has_any(t + lb, s - lb, staff, sizeof staff / sizeof staff[0])) || by_staff) {
      i = next - 1;
      continue;
    }
    /* 120名分(131件): people, and the records they fill; the people count. */
    if (strcmp(cw, "件") == 0 && s > 0 && t[s - 1] == '(') {
      bool after_people = false;
      for (size_t q = 0; q < 4 && !after_people; q++)
        after_people = s - 1 >= strlen(people_counters[q]) && jk_ends(t, s - 1, people_counters[q]);
      if (after_people) {
        i = next - 1;
        continue;
      }
    }
    /* 計2,418件(お客さま1,976名分): the people in the bracket, with the
       records' standing (a total stays a total). */
    if (strcmp(cw, "件") == 0 && cend < n && t[cend] == '(') {
      /* (お客さま1,093名分。複数のメーターを…異なります。): the number near
         the bracket's start, however long the note after it. */
      const char *cl = jk_find(t + cend, n - cend < 240 ? n - cend : 240, ")");
      const char *pn = NULL;
      for (const char *q = t + cend + 1; cl && q < cl && q < t + cend + 40 && !pn; q++)
        if (*q >= '0' && *q <= '9') pn = q;
      if (pn) {
        const char *pe = pn;
        while (pe < cl && ((*pe >= '0' && *pe <= '9') || *pe == ',')) pe++;
        /* (96件(88名): the notices, as labelled; 名 alone counts when the
           bracket says it is the people: 会員数としては18,734名) */
        static const char *const as_people[] = {"としては", "人数", "会員数", "お客さま", "お客様", "名寄せ"};
        size_t pk = 0;
        bool people_here = jk_starts_any(pe, (size_t)(cl - pe), people_counters, 4, &pk) &&
                           (pk == 6 || jk_has_any(t + cend, (size_t)(pn - (t + cend)), as_people,
                                                  sizeof as_people / sizeof as_people[0]));
        if (people_here && !jk_has(t + cend, (size_t)(pn - (t + cend)), "うち")) {
          size_t cs0, ce0;
          jk_clause_at(t, n, i, &cs0, &ce0);
          if (total_label(t, i, cs0) || labelled(t, i)) carry_to = (size_t)(cl - t);
          i = next - 1;
          continue;
        }
      }
    }
    /* 3,812名(予約件数は延べ4,406件): the entries behind the people. */
    if (s + 6 <= i && memcmp(t + s, "延べ", 6) == 0) {
      size_t b = s, lim = s > 60 ? s - 60 : 0;
      while (b > lim && t[b - 1] != '(' && t[b - 1] != '\n') b--;
      bool behind = false;
      for (size_t q = 0; b > lim && t[b - 1] == '(' && q < 4 && !behind; q++)
        behind = jk_ends(t, b - 1, people_counters[q]);
      /* 児童58名の氏名、学年、テストの点数(…延べ96件): the people earlier on
         the same line. */
      if (!behind && b > lim && t[b - 1] == '(') {
        size_t ls = b - 1, l2 = b > 180 ? b - 180 : 0;
        while (ls > l2 && t[ls - 1] != '\n' && !(ls >= 3 && memcmp(t + ls - 3, "。", 3) == 0)) ls--;
        for (size_t q = ls; q + 1 < b - 1 && !behind; q++)
          if (t[q] >= '0' && t[q] <= '9' && !(t[q + 1] >= '0' && t[q + 1] <= '9') && t[q + 1] != ',')
            behind = jk_starts(t + q + 1, b - 1 - q - 1, "名") || jk_starts(t + q + 1, b - 1 - q - 1, "人");
      }
      if (behind) {
        i = next - 1;
        continue;
      }
    }
    /* 延べ2,316件(同じ方をまとめると1,874名): the people, not the entries. */
    if (strcmp(cw, "件") == 0 && s + 6 <= i && memcmp(t + s, "延べ", 6) == 0 && cend < n && t[cend] == '(') {
      const char *cl = jk_find(t + cend, n - cend < 200 ? n - cend : 200, ")");
      if (cl && (jk_has(t + cend, (size_t)(cl - (t + cend)), "名") || jk_has(t + cend, (size_t)(cl - (t + cend)), "人"))) {
        i = next - 1;
        continue;
      }
    }
    /* 送信前に2名で確認: a team at work, not those affected (2名でした is). */
    static const char *const being[] = {"でした", "です", "であ", "で、", "で。", "では", "でご", "でござ"};
    if (jk_starts(t + cend, n - cend, "で") && !jk_starts_any(t + cend, n - cend, being, sizeof being / sizeof being[0], NULL)) {
      i = next - 1;
      continue;
    }
    /* 33名に対して (those written to), not those affected; 30名ずつ, 1回
       あたり50件: a batch, not the whole. */
    static const char *const batch_after[] = {"に対し", "ずつ", "ごと", "毎に", "単位", "のうち", "分)のうち", "分のうち"};
    static const char *const batch_before[] = {"1回あたり", "1回につき", "一回あたり", "1通あたり", "各回", "1日あたり"};
    size_t bb = s >= 24 ? s - 24 : 0;
    if (jk_starts_any(t + cend, n - cend, batch_after, sizeof batch_after / sizeof batch_after[0], NULL) ||
        jk_has_any(t + bb, s - bb, batch_before, sizeof batch_before / sizeof batch_before[0])) {
      i = next - 1;
      continue;
    }
    size_t cs, ce;
    jk_clause_at(t, n, i, &cs, &ce);
    /* A line that starts with a bracket continues the line before it:
       …個人情報を含まないその他のユーザ情報 / (アプリの起動回数等):推定 380 万 */
    if (cs > 0 && t[cs] == '(' && t[cs - 1] == '\n') {
      size_t ps = cs - 1;
      while (ps > 0 && t[ps - 1] != '\n') ps--;
      cs = ps;
    }
    /* Within a long sentence, only the part around the number counts:
       …報告は受けておりませんが、一方で約186万件の個人データは… */
    size_t ss = cs, se = ce;
    for (const char *q = t + cs; (q = jk_find(q, (size_t)(t + i - q), "が、")) != NULL; q += 6) ss = (size_t)(q - t) + 6;
    const char *nx = jk_find(t + cend, ce > cend ? ce - cend : 0, "が、");
    if (nx) se = (size_t)(nx - t);
    /* The part of the sentence between commas around the number. */
    size_t ps = ss, pe = se;
    for (const char *q = t + ss; (q = jk_find(q, (size_t)(t + i - q), "、")) != NULL; q += 3) ps = (size_t)(q - t) + 3;
    const char *pc = jk_find(t + cend, se > cend ? se - cend : 0, "、");
    if (pc) pe = (size_t)(pc - t);
    /* 341名分(第2報では約350名分とお知らせしていました): the bracket after
       the number speaks of another count. */
    if (cend < pe && t[cend] == '(') pe = cend;
    /* 計86名でした(第1報では53名と…): a bracket later in the part, too. */
    {
      const char *ob = jk_find(t + cend, pe > cend ? pe - cend : 0, "(");
      if (ob) pe = (size_t)(ob - t);
    }
    /* 第1報でお知らせした19件から4件増えて23件: what the earlier count grew
       to is no earlier count. */
    bool earlier = false;
    {
      size_t which = 0;
      const char *eq = jk_find_any(t + ps, pe - ps, earlier_estimate, sizeof earlier_estimate / sizeof earlier_estimate[0], &which);
      if (eq) {
        static const char *const grew[] = {"から", "増えて", "増え、", "減って", "となり"};
        size_t from = (size_t)(eq - t) + strlen(earlier_estimate[which]);
        earlier = !(from < s && jk_has_any(t + from, s - from, grew, sizeof grew / sizeof grew[0]));
      }
    }
    if (!jk_has_any(t + ss, se - ss, wrong_count, sizeof wrong_count / sizeof wrong_count[0]) && !earlier) {
      static const char *const corrected[] = {"正しくは", "に訂正", "訂正後", "修正後", "へ訂正", "と訂正",
                                              "ことが確定", "と確定", "に確定"};
      /* 延べ1,046名分…実人数は887名, 500件で、重複登録を除くと487件: the
         people once each — in the part of the sentence with the number. */
      static const char *const once_each[] = {"実人数", "実人員", "重複を除", "名寄せ", "重複登録を除", "重複分を除"};
      int tier = jk_has_any(t + ss, se - ss, corrected, sizeof corrected / sizeof corrected[0]) ||
                         jk_has_any(t + ps, pe - ps, once_each, sizeof once_each / sizeof once_each[0])
                     ? 3
                 : total_label(t, i, cs) || labelled(t, i) || i < carry_to || summed(t, ps, s) ? 2
                 : (jk_has_any(t + cs, ce - cs, leak_words, sizeof leak_words / sizeof leak_words[0]) ||
                    jk_data_word_in(x, cs, ce) || data_below(x, ce)) &&
                           !recipients(t, n, s, cend, whose) && !increment(t, n, s, cend) &&
                           !(ps + 6 <= s && memcmp(t + ps, "うち", 6) == 0)
                     ? 1
                     : 0;
      if (v != best[tier]) distinct[tier]++;
      if (v > best[tier]) {
        best[tier] = v;
        ev[tier] = jk_mkspan(s, cend);
      }
      for (size_t q = 0; q < nseen; q++)
        if (seen[q].v == v && tier > seen[q].tier) {
          seen[q].tier = tier;
          seen[q].ev = jk_mkspan(s, cend);
        }
    }
    i = next - 1;
  }
  int tier = best[3] >= 0 ? 3 : best[2] >= 0 ? 2 : best[1] >= 0 ? 1 : 0;
  /* A smaller count of the same tier that the notice repeats at least
     twice more than the largest is the one it is about (tier 1: the
     leak's clauses; a total or a corrected count stands as it is). */
  if (tier == 1) {
    int top_times = 0;
    for (size_t q = 0; q < nseen; q++)
      if (seen[q].v == best[1]) top_times = seen[q].times;
    for (size_t q = 0; q < nseen; q++)
      if (seen[q].tier == 1 && seen[q].v != best[1] && seen[q].times >= top_times + 2 && seen[q].times >= 3 &&
          seen[q].v * 4 >= best[1]) {
        best[1] = seen[q].v;
        ev[1] = seen[q].ev;
        top_times = seen[q].times;
      }
  }
  if (best[tier] >= 0) {
    r->affected = best[tier];
    r->affected_ev = ev[tier];
    /* Sure when the count is a total, labelled or corrected, or the only
       count of the leak; less when several compete or none is about it. */
    static const float base[4] = {0.4f, 0.7f, 0.85f, 0.85f};
    float c = base[tier] + (distinct[tier] <= 1 ? 0.15f : 0.0f) - (distinct[tier] > 3 ? 0.1f : 0.0f);
    r->confidence[JK_F_AFFECTED] = c > 1.0f ? 1.0f : c;
  } else {
    r->confidence[JK_F_AFFECTED] = 0.7f;
  }
}
