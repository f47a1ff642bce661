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

/* Does [p,n) deny what it lists?  …の対応に変更はございません says the
   earlier facts stand: "no change" is no denial. */
static bool denies(const char *p, size_t n) {
  if (!jk_has_any(p, n, jk_negation_words, jk_negation_words_n)) return false;
  static const char *const unchanged[] = {"変更は", "変更が", "変わりは", "相違は"};
  if (!jk_has_any(p, n, unchanged, sizeof unchanged / sizeof unchanged[0])) return true;
  for (size_t w = 0; w < jk_negation_words_n; w++) {
    const char *word = jk_negation_words[w];
    for (const char *q = p; (q = jk_find(q, (size_t)(p + n - q), word)) != NULL; q += strlen(word)) {
      bool no_change = false;
      for (size_t u = 0; u < sizeof unchanged / sizeof unchanged[0] && !no_change; u++) {
        size_t ul = strlen(unchanged[u]);
        no_change = (size_t)(q - p) >= ul && memcmp(q - ul, unchanged[u], ul) == 0;
      }
      if (!no_change) return true;
    }
  }
  return false;
}

/* Headings of sections that list the exposed data. */
static const char *const data_heading_words[] = {"流出", "漏えい", "漏洩", "閲覧", "情報の内容", "項目",
                                                 "対象となる情報", "対象情報", "当該情報", "可能性",
                                                 "おそれ", "恐れ", "記載", "アクセス可能", "文書の内容",
                                                 "個人情報の内容", "記載内容", "影響範囲", "取得され", "窃取",
                                                 "盗まれ", "抜き取", "含まれる", "含まれていた", "対象となった",
                                                 "読み取", "判読", "見られる状態", "知り得る状態", "記録された",
                                                 "記録されていた", "保存された", "保存されていた", "紛失した",
                                                 "表示された", "送付した", "誤送付", "誤送信", "格納", "開示情報",
                                                 "開示された", "見えて", "見える状態", "見られた", "掲載されていた",
                                                 "掲載された", "表示されていた", "誤掲載", "公開されていた"};

/* Words that make a clause about the exposed data. */
static const char *const leak_verbs[] = {
    "漏えい", "漏洩", "流出", "閲覧", "含まれ", "記載", "表示", "見える", "知られ", "分かる", "わかる",
    "誤送信", "送付", "持ち出", "取得", "紛失", "盗難", "アクセスできる", "アクセス可能", "確認できる",
    "入力", "登録", "不正利用", "項目", "データ", "窃取", "搾取", "盗ま", "抜き取", "保存され",
    "判読", "写り込", "使用され", "悪用され", "流用され", "入ってい", "載ってい",
};

/* Clauses about contacting the issuer, not about the data. */
static const char *const contact_words[] = {"お問い合わせ先", "お問い合わせ窓口", "お問合せ先", "問合せ先",
                                            "窓口】", "窓口:", "窓口 ", "専用窓口", "相談窓口", "対応窓口",
                                            "受付時間", "フリーダイヤル", "TEL", "Tel", "電話:", "ダイヤル"};
/* (Not 窓口 alone: 窓口に提出された申請書 is where the data came from.) */

/* Clauses that advise readers what to do with their own data. */
static const char *const advice_words[] = {"てしまった場合", "ご注意ください", "してください", "お控えください",
                                           "入力しないで", "教えないで",
                                           /* the remedy: パスワードを初期化し、…を無効化し */
                                           "を初期化", "を無効化", "の再設定", "を再設定"};

/* 他のサービスから流出したIDとパスワードの組み合わせを用いた攻撃: the
   attacker's list from elsewhere, not data that leaked here. */
static size_t stuffing_tools(const char *p, size_t n) {
  static const char *const combos[] = {"の組み合わせ", "の組合せ", "の組み合せ"};
  static const char *const elsewhere[] = {"他のサービス", "他社", "他サイト", "外部サービス", "他のウェブサイト",
                                          "他のサイト"};
  if (!jk_has_any(p, n, elsewhere, sizeof elsewhere / sizeof elsewhere[0])) return 0;
  for (size_t c = 0; c < sizeof combos / sizeof combos[0]; c++) {
    const char *q = jk_find(p, n, combos[c]);
    if (q) return (size_t)(q - p) + strlen(combos[c]);
  }
  return 0;
}

/* Items of a list that say nothing about a kind of data. */
static const char *const filler_items[] = {"等", "など", "情報", "個人情報", "内容", "項目", "一部", "以下",
                                           "及び", "および", "番号", "なお", "また", "ただし", "以上"};

/* Items that say "and more" (…所属学校、他): the list has kinds it does not name. */
static const char *const more_items[] = {"他", "その他", "ほか", "その他の情報"};

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
    if (denies(t + open, close - open)) return true;
    /* …以外の情報(氏名、高校名等)は流出しておりません: the bracket is the
       subject of the denial outside it. */
    at = open;
  }
  /*
  ** Outside brackets: a denial covers its own part of the sentence only.
  ** …個人情報は、氏名、住所であり、クレジットカード情報は含まれておりません:
  ** the part after であり、 is denied, the names before it are not.
  */
  /* (…一覧ではなく、学籍番号、氏名を記載したファイル: what came instead of
     the right thing is not denied.) */
  static const char *const joints[] = {"であり、", "ですが、", "ますが、", "たが、", "であるが、", "ており、",
                                       "ものの、", "が、", "ため、", "ではなく、"};
  size_t from = s;
  for (size_t k = 0; k < sizeof joints / sizeof joints[0]; k++) {
    const char *q = t + s;
    const char *last = NULL;
    while ((q = jk_find(q, at > (size_t)(q - t) ? at - (size_t)(q - t) : 0, joints[k])) != NULL) {
      last = q;
      q += strlen(joints[k]);
    }
    if (last && (size_t)(last - t) + strlen(joints[k]) > from) from = (size_t)(last - t) + strlen(joints[k]);
  }
  size_t to = e;
  for (size_t k = 0; k < sizeof joints / sizeof joints[0]; k++) {
    const char *q = jk_find(t + at, e - at, joints[k]);
    if (q && (size_t)(q - t) < to) to = (size_t)(q - t) + strlen(joints[k]);
  }
  /* カード番号をお預かりしていないため、カード情報は含まれておりません: a
     reason that denies (…ないため、) shares the denial of what follows. */
  static const char *const denying_reasons[] = {"ないため、", "なかったため、", "ておらず、", "ないので、"};
  if (to < e && jk_ends_any(t + from, to - from, denying_reasons,
                              sizeof denying_reasons / sizeof denying_reasons[0])) {
    const char *q = jk_find(t + to, e - to, "。");
    size_t se = q ? (size_t)(q - t) : e;
    if (denies(t + to, se - to)) return true;
  }
  /* Drop bracketed parts: their denials are their own. */
  size_t i = from, seg = from;
  depth = 0;
  while (i <= to) {
    if (i == to || (t[i] == '(' && depth++ == 0)) {
      if (i > seg && denies(t + seg, i - seg)) return true;
    }
    if (i < to && t[i] == ')' && depth > 0 && --depth == 0) seg = i + 1;
    i++;
  }
  return false;
}



/*
** クレジットカード情報は決済代行会社で管理しており、当社には保存されて
** いないため、対象外です: a word that is the sentence's topic (…は) shares
** the denial its sentence ends in, unless a contrast (…が、) comes between.
*/
static bool topic_denied(const char *t, size_t e, size_t at, size_t pl) {
  size_t w = at + pl;
  /* 個人番号(マイナンバー)は: a gloss in brackets stands between. */
  if (w < e && t[w] == '(') {
    const char *cl = memchr(t + w, ')', e - w);
    if (cl && cl - (t + w) < 60) w = (size_t)(cl - t) + 1;
  } else if (w < e && t[w] == ')') {
    w++; /* the gloss itself: 個人番号(マイナンバー)は */
  }
  static const char *const topic[] = {"は", "については", "につきましては", "に関しては"};
  size_t tl = 0;
  for (size_t k = 0; k < sizeof topic / sizeof topic[0] && !tl; k++)
    if (jk_starts(t + w, e - w, topic[k])) tl = strlen(topic[k]);
  if (!tl) return false;
  w += tl;
  const char *stop = jk_find(t + w, e - w, "。");
  size_t se = stop ? (size_t)(stop - t) : e;
  static const char *const contrast[] = {"が、", "ものの", "けれど", "一方"};
  if (jk_has_any(t + w, se - w, contrast, sizeof contrast / sizeof contrast[0])) return false;
  /* The denial is the sentence's end: its last clause. */
  size_t last = w;
  for (const char *q = t + w; (q = jk_find(q, (size_t)(t + se - q), "、")) != NULL; q += 3) last = (size_t)(q - t) + 3;
  return denies(t + last, se - last);
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

static int kinds_in(const jk_xctx *x, size_t s, size_t e);

/*
** A heading inside a data list that names a group of people, not a new
** section: 【ご利用者様(約420名)】 / <従業員・退職者>.  The list goes on
** under it.
*/
static bool group_heading(const char *p, size_t n) {
  static const char *const groups[] = {"様", "者", "員", "生徒", "児童", "学生", "患者", "会員", "職員", "お客"};
  if (jk_cp_more(p, n, 30)) return false;
  return jk_has_any(p, n, groups, sizeof groups / sizeof groups[0]);
}

static void find_ranges(jk_xctx *x, ranges *rs) {
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
        jk_has(x->t + hs, s - hs, "データ") || jk_has(x->t + hs, s - hs, "もの")) {
      /* <ご利用者さまの情報> / 1)メールアドレス / <お子さまの情報> / 2)誕生日: a
         data list in parts, its items numbered like headings.  Go on over
         headings that name information or a kind of data. */
      static const char *const stop[] = {"期間", "経緯", "原因", "対応", "今後", "再発", "お問い合わせ", "問合せ",
                                         "件数", "概要", "発生", "日時", "お願い"};
      size_t ext = e; /* the list's end; the next section is still read from e */
      while (ext < x->n && ext < s + 1500) {
        size_t le = ext;
        while (le < x->n && x->t[le] != '\n') le++;
        if (jk_section_heading_line(x->t + ext, le - ext) &&
            (jk_has_any(x->t + ext, le - ext, stop, sizeof stop / sizeof stop[0]) ||
             !(jk_has(x->t + ext, le - ext, "情報") || kinds_in(x, ext, le) > 0 || !jk_cp_more(x->t + ext, le - ext, 10) ||
               group_heading(x->t + ext, le - ext))))
          break;
        ext = le < x->n ? le + 1 : le;
      }
      /* Keep sections short: a data list, not the rest of the notice. */
      size_t lim = s + 1500 < ext ? s + 1500 : ext;
      /* …ending on a character, never inside one (fuzz: extract_fields). */
      while (lim > s && lim < x->n && ((unsigned char)x->t[lim] & 0xC0) == 0x80) lim--;
      add_range(rs, hs, lim);
    }
    from = e > s ? e : s + 1;
    if (from <= s) break;
  }
  /* Lists introduced by "…は以下のとおりです" with a leak word. */
  for (size_t hi = 0; hi < x->nlh; hi++) {
    if (x->lh[hi].table != JK_LX_INTRO || x->lh[hi].off < x->body) continue;
    {
      size_t at = x->lh[hi].off;
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

/* Hiragana that mark a phrase as prose rather than a noun: particles and
   verb endings (劇場名 is a noun; 攻撃者は and 記載した are not). */
static bool prose_item(const char *p, size_t n) {
  static const char *const marks[] = {"は", "が", "を", "に", "で", "と", "へ", "も", "や", "から", "まで",
                                      "ます", "した", "です", "する", "れた", "った", "いる", "ない", "上記",
                                      "以下", "こと", "ため", "「", "」"};
  return jk_has_any(p, n, marks, sizeof marks / sizeof marks[0]);
}

/* Index of the first data hit at or after off. */
static size_t hit_from(const jk_xctx *x, size_t off) {
  size_t lo = 0, hi = x->ndh;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (x->dh[mid].off < off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

bool jk_data_word_in(const jk_xctx *x, size_t s, size_t e) {
  for (size_t i = hit_from(x, s); i < x->ndh && x->dh[i].off + x->dh[i].len <= e; i++)
    if (x->dh[i].idx >= 0 && jk_data_phrases[x->dh[i].idx].id != JK_DT_OTHER) return true;
  return false;
}

/* Distinct kinds named in [s, e). */
static int kinds_in(const jk_xctx *x, size_t s, size_t e) {
  uint32_t seen = 0;
  for (size_t i = hit_from(x, s); i < x->ndh && x->dh[i].off + x->dh[i].len <= e; i++)
    if (x->dh[i].idx >= 0) seen |= 1u << jk_data_phrases[x->dh[i].idx].id;
  return __builtin_popcount(seen);
}

/*
** Do two data words stand in a list (氏名、住所 / 氏名・性別), not just in
** the same sentence (メール本文に対象メールアドレスを…)?
*/
static bool listed(const jk_xctx *x, size_t s, size_t e) {
  static const char *const joins[] = {"、", "・", "/", ",", "や", "及び", "および", "と", " ", "(", ")", "等",
                                      "など", "の", "+"};
  const char *p = x->t;
  size_t prev_end = (size_t)-1;
  for (size_t i = hit_from(x, s); i < x->ndh && x->dh[i].off + x->dh[i].len <= e; i++) {
    const jk_dhit *h = &x->dh[i];
    if (h->idx < 0) {
      prev_end = (size_t)-1;
      continue;
    }
    size_t j = h->off;
    if (prev_end != (size_t)-1 && prev_end <= j) {
      /* Only joiners between the previous word and this one. */
      size_t g = prev_end;
      while (g < j) {
        size_t l = 0;
        for (size_t w = 0; w < sizeof joins / sizeof joins[0] && !l; w++)
          if (jk_starts(p + g, j - g, joins[w])) l = strlen(joins[w]);
        if (!l) break;
        g += l;
      }
      if (g == j) return true;
      /* 氏名が41件(187人分)、住所が12件: a short gap with a list comma. */
      if (j - prev_end <= 45 && (jk_has(p + prev_end, j - prev_end, "、") || jk_has(p + prev_end, j - prev_end, "・")) &&
          !jk_has(p + prev_end, j - prev_end, "。"))
        return true;
    }
    prev_end = h->off + h->len;
  }
  return false;
}

/* Length of a list number at p: 1) 2. (3) ① — 0 if none. */
static size_t item_number(const char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && jk_fast_cp(p, n) >= 0x2460 && jk_fast_cp(p, n) <= 0x2473) return 3; /* ①…⑳ */
  bool open = n && p[0] == '(';
  if (open) i++;
  size_t d = i;
  while (i < n && p[i] >= '0' && p[i] <= '9' && i - d < 2) i++;
  if (i == d || i >= n) return 0;
  if (p[i] == ')' || (!open && p[i] == '.')) return i + 1;
  return 0;
}

/* One item of a list: trimmed, without its number, bracketed note or 等. */
static void item_core(const char **pp, size_t *pn) {
  const char *p = *pp;
  size_t n = *pn;
  jk_trim(&p, &n);
  size_t num = item_number(p, n);
  if (num) {
    p += num;
    n -= num;
    jk_trim(&p, &n);
  }
  static const char *const bullets[] = {"・", "•", "●", "○", "-", "*", "【", "〈", "<"};
  for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++)
    if (jk_starts(p, n, bullets[b])) {
      p += strlen(bullets[b]);
      n -= strlen(bullets[b]);
      break;
    }
  const char *br = jk_find(p, n, "(");
  if (br) n = (size_t)(br - p);
  if (jk_ends(p, n, "】") || jk_ends(p, n, "〉")) n -= 3;
  if (n && p[n - 1] == '>') n--;
  while (n >= 3 && (jk_ends(p, n, "等") || jk_ends(p, n, "など"))) n -= jk_ends(p, n, "等") ? 3 : 6;
  jk_trim(&p, &n);
  *pp = p;
  *pn = n;
}

/* Words of [p,n) when all are nouns (a noun at the end, no person's
   suffix), else 0; 0 without the dictionary. */
static size_t nouns_only(const char *p, size_t n) {
  /* (IPAdic tags ASCII marks as nouns: 火)以降.) */
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)p[i] < 0x80 && !((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')) return 0;
  jk_morph_tok w[16];
  size_t k = jk_morph_parse(p, n, w, sizeof w / sizeof w[0]);
  if (k == 0 || k == sizeof w / sizeof w[0]) return 0;
  size_t covered = 0;
  for (size_t i = 0; i < k; i++) {
    if (w[i].cls == JK_MW_OTHER || w[i].cls == JK_MW_PARTICLE || w[i].cls == JK_MW_SYMBOL) return 0;
    covered += w[i].len;
  }
  return covered == n && w[k - 1].cls != JK_MW_PERSON_SUFFIX ? k : 0;
}

/* Is [p,n) a compound of nouns (免許取得年: 名詞 名詞 名詞) naming a datum?
   False without the dictionary, so the character rules stand alone. */
static bool noun_compound(const char *p, size_t n) {
  if (nouns_only(p, n) < 2) return false;
  /* 個人情報漏えい状況, 検査項目, 登録データ: headings and vague words, no kind. */
  static const char *const vague[] = {"漏えい", "漏洩", "流出", "項目", "状況", "データ", "情報"};
  return !jk_has_any(p, n, vague, sizeof vague / sizeof vague[0]);
}

/* Is [p,n) a noun with a clause before it (注文した書籍名, 購入された商品:
   名詞 動詞 助動詞 名詞), with no particle?  A name of data, not prose. */
static bool relative_noun(const char *p, size_t n) {
  static const char *const past[] = {"した", "された", "った", "いた"};
  if (!jk_has_any(p, n, past, sizeof past / sizeof past[0]) || jk_cp_count(p, n) > 12) return false;
  /* A particle makes it prose whatever the dictionary says: spare asking it. */
  static const char *const particles[] = {"が", "を", "は", "に", "で", "と", "へ", "も", "や", "から", "まで", "ます", "です"};
  if (jk_has_any(p, n, particles, sizeof particles / sizeof particles[0])) return false;
  jk_morph_tok w[16];
  size_t k = jk_morph_parse(p, n, w, sizeof w / sizeof w[0]);
  if (k < 3 || k == sizeof w / sizeof w[0]) return false;
  if (w[0].cls != JK_MW_NOUN || (w[k - 1].cls != JK_MW_NOUN && w[k - 1].cls != JK_MW_SUFFIX)) return false;
  /* 参加した医師: who, not what. */
  static const char *const persons[] = {"師", "士", "者", "員", "人", "生", "長", "様", "方"};
  for (size_t i = 0; i < sizeof persons / sizeof persons[0]; i++)
    if (jk_ends(p, n, persons[i])) return false;
  int verbs = 0;
  for (size_t i = 0; i < k; i++) {
    if (w[i].cls == JK_MW_PARTICLE || w[i].cls == JK_MW_SYMBOL) return false;
    if (w[i].cls == JK_MW_OTHER && (i == 0 || w[i - 1].cls != JK_MW_OTHER)) verbs++;
  }
  return verbs == 1;
}

/*
** Is this item a kind of data no table names (劇場名, 参加目的, 年税額)?
** A noun of a few characters, not prose, not a number, not filler.
*/
static bool unknown_kind(const jk_xctx *x, const char *p, size_t n) {
  size_t cps = jk_cp_count(p, n);
  if (cps < 2 || cps > 15) return false;
  for (size_t k = 0; k < n; k++)
    if (p[k] >= '0' && p[k] <= '9') return false;
  /* A data word inside (the text's own hits, found once). */
  size_t s = (size_t)(p - x->t);
  /* (パスワード変更, a not-data phrase, is no kind either.) */
  for (size_t i = hit_from(x, s); i < x->ndh && x->dh[i].off < s + n; i++) return false;
  for (size_t f = 0; f < sizeof filler_items / sizeof filler_items[0]; f++)
    if (n == strlen(filler_items[f]) && memcmp(p, filler_items[f], n) == 0) return false;
  /* セキュリティコー: a known kind cut at the end of a page. */
  if ((size_t)(p - x->t) + n + 2 >= x->n)
    for (size_t k = 0; k < jk_data_phrases_n; k++)
      if (strlen(jk_data_phrases[k].text) > n && memcmp(jk_data_phrases[k].text, p, n) == 0) return false;
  bool prose = prose_item(p, n);
  bool verb = jk_has_any(p, n, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0]);
  if (jk_has(p, n, "。") || jk_has(p, n, ":")) return false;
  /* (1)原因 / 2)経緯: the notice's own sections, numbered like items. */
  static const char *const sections[] = {"原因", "経緯", "概要", "対応", "今後", "再発防止", "発生", "期間", "件数",
                                         "お問い合わせ", "問い合わせ", "経過", "お願い", "対策"};
  if (jk_has_any(p, n, sections, sizeof sections / sizeof sections[0])) return false;
  /* 届出者, 世帯員, 荷送人, 保護者の方: whose data, not a kind of it. */
  static const char *const persons[] = {"者", "員", "方", "様", "児童", "生徒", "人", "世帯主"};
  for (size_t k = 0; k < sizeof persons / sizeof persons[0]; k++)
    if (jk_ends(p, n, persons[k])) return false;
  /* Last, as they ask the dictionary: 注文した書籍名 (a clause before a noun)
     is a name of data, prose is not; 不正に取得された is a clause, 免許取得年
     and 入力内容 are names of data (a verb's word where all is nouns). */
  if (prose && !relative_noun(p, n)) return false;
  if (verb && !noun_compound(p, n)) return false;
  return true;
}

static bool more_item(const char *p, size_t n) {
  for (size_t f = 0; f < sizeof more_items / sizeof more_items[0]; f++)
    if (n == strlen(more_items[f]) && memcmp(p, more_items[f], n) == 0) return true;
  return false;
}

static void set_other(jk_xctx *x, const char *p, size_t n) {
  jk_record *r = x->r;
  if (r->data_types & (1u << JK_DT_OTHER)) return;
  r->data_types |= 1u << JK_DT_OTHER;
  r->data_type_ev[JK_DT_OTHER] = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + n);
}

/*
** `other` from a list line: items between 、・/ of which at least two name
** known kinds; any item that names none (and is a noun) is another kind.
*/
static void others_in_line(jk_xctx *x, size_t ls, size_t le, int min_known) {
  static const char *const delims[] = {"、", "・", "/", ",", "及び", "および", "並びに", "●", "•"};
  const char *lp = x->t + ls;
  size_t ln = le - ls;
  jk_trim(&lp, &ln);
  bool sentence = jk_ends(lp, ln, "。");
  if (sentence) ln -= 3;
  /* (氏名・生年月日・住所・家族状況)【情報件数:795件】: a list in brackets. */
  if (ln > 2 && lp[0] == '(') {
    const char *cl = jk_find(lp, ln, ")");
    if (cl && !jk_find(lp + 1, (size_t)(cl - lp - 1), "(")) {
      lp++;
      ln = (size_t)(cl - lp);
    }
  }
  if (ln == 0 || jk_has(lp, ln, "。")) return;
  /* Split into items outside brackets. */
  struct {
    const char *p;
    size_t n;
  } items[64];
  size_t ni = 0;
  size_t i = 0;
  int depth = 0;
  size_t st = 0;
  while (i <= ln && ni < 64) {
    size_t dl = 0;
    if (i < ln) {
      if (lp[i] == '(') depth++;
      else if (lp[i] == ')' && depth > 0) depth--;
      unsigned char c = (unsigned char)lp[i];
      /* Only a few first characters can start a delimiter. */
      if (depth == 0 && (c == '/' || c == ',' || c >= 0xE2)) {
        uint32_t cp = jk_fast_cp(lp + i, ln - i);
        if (cp == '/' || cp == ',' || cp == 0x3001 || cp == 0x30FB || cp == 0x53CA || cp == 0x304A || cp == 0x4E26 ||
            cp == 0x25CF || cp == 0x2022)
          for (size_t d = 0; d < sizeof delims / sizeof delims[0]; d++)
            if (jk_starts(lp + i, ln - i, delims[d])) {
              dl = strlen(delims[d]);
              break;
            }
      }
    }
    if (i == ln || dl) {
      items[ni].p = lp + st;
      items[ni].n = i - st;
      item_core(&items[ni].p, &items[ni].n);
      ni++;
      i += dl ? dl : 1;
      st = i;
      continue;
    }
    i++;
  }
  int known = 0;
  for (size_t k = 0; k < ni; k++)
    if (kinds_in(x, (size_t)(items[k].p - x->t), (size_t)(items[k].p - x->t) + items[k].n) > 0) known++;
  if (known < min_known && !(ni == 1 && known == 0)) return;
  if (ni < (size_t)(min_known < 2 ? 3 : 2)) return;
  /* One known kind is enough only in a list, not in a sentence (このうち、
     外部で…が解読された). */
  if (min_known < 2) {
    if (sentence) return;
    for (size_t k = 0; k < ni; k++)
      if (prose_item(items[k].p, items[k].n)) return;
  }
  if (ni == 1) return; /* single items are judged by the caller (bullet lists) */
  for (size_t k = 0; k < ni; k++)
    if (more_item(items[k].p, items[k].n) || unknown_kind(x, items[k].p, items[k].n)) {
      set_other(x, items[k].p, items[k].n);
      return;
    }
}

/* Particles that end a list printed inside a sentence (…、合否が表示). */
static const char *const list_ends[] = {"が", "を", "は", "など", "等", "の", "といった", "に", "も", "。", "で", "("};

/*
** `other` from a list inside a sentence: 別の受検者の氏名、受検番号、受検
** 級、合否が表示される.  The list runs from the first data word of the
** clause to the last, and on over short items to the particle that ends
** it; it is then read like a list line.  Denials and the measures section
** are skipped, as for the data words themselves.
*/
static void others_in_prose(jk_xctx *x, size_t ms, size_t me) {
  size_t cs = 0, ce = 0;
  for (size_t hi = hit_from(x, x->body); hi < x->ndh; hi++) {
    size_t i = x->dh[hi].off;
    if (x->dh[hi].idx < 0 || (i >= cs && i < ce)) continue;
    if (i >= ms && i < me) continue;
    jk_clause_at(x->t, x->n, i, &cs, &ce);
    /* Two kinds listed; or one, with the verb of what leaked (氏名、受検
       番号、合否が表示された), and then three items at least. */
    int kinds = kinds_in(x, cs, ce);
    bool leak = jk_has_any(x->t + cs, ce - cs, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0]);
    if (!(kinds >= 2 && listed(x, cs, ce)) && !(kinds == 1 && leak)) continue;
    if (denies(x->t + cs, ce - cs) ||
        jk_has_any(x->t + cs, ce - cs, contact_words, sizeof contact_words / sizeof contact_words[0]))
      continue;
    size_t ls = i, le = i;
    for (size_t k = hi; k < x->ndh && x->dh[k].off < ce; k++)
      if (x->dh[k].idx >= 0 && x->dh[k].off + x->dh[k].len <= ce) le = x->dh[k].off + x->dh[k].len;
    /* A word found inside its item (口座 in 口座番号): to the item's end. */
    for (size_t q = le, cps = 0; q < ce && cps < 8; cps++) {
      if (jk_starts(x->t + q, ce - q, "、") || jk_starts(x->t + q, ce - q, "・")) {
        le = q;
        break;
      }
      if (jk_starts_any(x->t + q, ce - q, list_ends, sizeof list_ends / sizeof list_ends[0], NULL)) break;
      q += jk_cp_len(x->t + q, ce - q);
    }
    /* On over 、item pieces of a few characters each. */
    for (int more = 0; more < 4 && le < ce && (jk_starts(x->t + le, ce - le, "、") || jk_starts(x->t + le, ce - le, "・"));
         more++) {
      size_t q = le + 3, cps = 0;
      while (q < ce && cps <= 12 && !jk_starts(x->t + q, ce - q, "、") && !jk_starts(x->t + q, ce - q, "・") &&
             !jk_starts_any(x->t + q, ce - q, list_ends, sizeof list_ends / sizeof list_ends[0], NULL)) {
        q += jk_cp_len(x->t + q, ce - q);
        cps++;
      }
      if (cps == 0 || cps > 12 || q >= ce) break;
      le = q;
    }
    /* And back over 、 the same way (64世帯分の部屋番号、世帯主の氏名…):
       first to the start of the first word's item (世帯主の), then by items. */
    for (size_t q = ls, cps = 0; q > cs + 3 && cps < 8; cps++) {
      size_t b = q - 1;
      while (b > cs && ((unsigned char)x->t[b] & 0xC0) == 0x80) b--;
      if (jk_starts(x->t + b, q - b, "、") || jk_starts(x->t + b, q - b, "・")) {
        ls = q;
        break;
      }
      if (jk_starts_any(x->t + b, q - b, list_ends, sizeof list_ends / sizeof list_ends[0], NULL) &&
          !jk_starts(x->t + b, q - b, "の"))
        break;
      q = b;
    }
    for (int more = 0; more < 4 && ls >= cs + 3 && (jk_starts(x->t + ls - 3, 3, "、") || jk_starts(x->t + ls - 3, 3, "・"));
         more++) {
      size_t q = ls - 3, cps = 0;
      while (q > cs && cps <= 12) {
        size_t b = q - 1;
        while (b > cs && ((unsigned char)x->t[b] & 0xC0) == 0x80) b--;
        if (jk_starts(x->t + b, q - b, "、") || jk_starts(x->t + b, q - b, "・") ||
            jk_starts_any(x->t + b, q - b, list_ends, sizeof list_ends / sizeof list_ends[0], NULL))
          break;
        q = b;
        cps++;
      }
      /* Only a noun is an item (不正アクセスを受け、お客様の… is a clause). */
      if (cps == 0 || cps > 12 || q <= cs || !nouns_only(x->t + q, ls - 3 - q)) break;
      ls = q;
    }
    /* A list that ends inside a bracket ends at its close (健康診査の結果
       (身長・体重の測定値)). */
    int depth = 0;
    for (size_t q = ls; q < le; q++) depth += x->t[q] == '(' ? 1 : x->t[q] == ')' ? -1 : 0;
    while (depth > 0 && le < ce) {
      if (x->t[le] == ')') depth--;
      le++;
    }
    if (le > ls) others_in_line(x, ls, le, kinds >= 2 ? 2 : 1);
    if (x->r->data_types & (1u << JK_DT_OTHER)) return;
  }
}

/*
** `other` in a data section: list lines as above, and bullet lists with
** one item per line (・氏名 / ・お届け先情報 / ・購入商品).
*/
static void others_in_range(jk_xctx *x, size_t s, size_t e) {
  size_t ls = s;
  int bullets_known = 0;
  const char *cand = NULL;
  size_t candn = 0;
  while (ls < e) {
    size_t le = ls;
    while (le < e && x->t[le] != '\n') le++;
    /* In a data section one known kind is enough (氏名、受給者証番号、…). */
    others_in_line(x, ls, le, 1);
    /* …契約者にかかる「水栓番号、氏名、住所」です: a list quoted in prose. */
    for (const char *q = jk_find(x->t + ls, le - ls, "「"); q; q = jk_find(q, (size_t)(x->t + le - q), "「")) {
      q += 3;
      const char *c = jk_find(q, (size_t)(x->t + le - q), "」");
      if (!c) break;
      others_in_line(x, (size_t)(q - x->t), (size_t)(c - x->t), 2);
      q = c;
    }
    const char *p = x->t + ls;
    size_t n = le - ls;
    jk_trim(&p, &n);
    bool bullet = jk_starts(p, n, "・") || jk_starts(p, n, "•") || jk_starts(p, n, "●") || jk_starts(p, n, "-") ||
                  item_number(p, n) > 0;
    /* (施術の履歴(メニュー、薬剤): the commas of a bracket are the item's own.) */
    if (bullet) item_core(&p, &n);
    if (bullet && !jk_has(p, n, "、")) {
      if (kinds_in(x, (size_t)(p - x->t), (size_t)(p - x->t) + n) > 0) bullets_known++;
      else if (!cand && (unknown_kind(x, p, n) || more_item(p, n))) {
        cand = p;
        candn = n;
      }
    }
    ls = le + 1;
  }
  if (cand && bullets_known >= 2) set_other(x, cand, candn);
}

/* Does the data word ending at e stand as what leaked: …が流出 / …が閲覧
   / …を窃取 (after 等, など, の情報)? */
static bool leaked_subject(const jk_xctx *x, size_t e, size_t ce) {
  const char *p = x->t + e;
  size_t n = ce > e ? ce - e : 0;
  static const char *const tails[] = {"等", "など", "の情報", "情報"};
  size_t l;
  if (jk_starts_any(p, n, tails, sizeof tails / sizeof tails[0], &l)) {
    p += l;
    n -= l;
  }
  if (!(jk_starts(p, n, "が") || jk_starts(p, n, "を"))) return false;
  static const char *const verbs[] = {"流出", "漏えい", "漏洩", "閲覧", "盗ま", "窃取", "外部に送信", "漏れ"};
  size_t look = n < 30 ? n : 30;
  while (look < n && ((unsigned char)p[look] & 0xC0) == 0x80) look++;
  return jk_has_any(p + 3, look > 3 ? look - 3 : 0, verbs, sizeof verbs / sizeof verbs[0]);
}

/*
** 他社から流出したメールアドレスとパスワードの組み合わせを用いた不正ログ
** イン: credentials that came from elsewhere (a list attack), even listed
** as a pair — the word stands a few characters before 組み合わせ and the
** clause speaks of the attack.
*/
static bool borrowed_pair(const jk_xctx *x, size_t i, size_t pl, size_t cs, size_t ce, const char *const *attack,
                          size_t nattack) {
  const char *t = x->t;
  size_t w = i + pl, lim = w + 30 < ce ? w + 30 : ce;
  static const char *const pair[] = {"の組み合わせ", "の組合せ", "のリスト", "の組み合わせ"};
  const char *q = NULL;
  for (size_t k = 0; k < sizeof pair / sizeof pair[0] && !q; k++) q = jk_find(t + w, lim - w, pair[k]);
  if (!q) return false;
  /* Only data words and joiners between: メールアドレスとパスワードの組み合わせ. */
  if (jk_has(t + w, (size_t)(q - (t + w)), "。") || jk_has(t + w, (size_t)(q - (t + w)), "、")) return false;
  return jk_has_any(t + cs, ce - cs, attack, nattack);
}

/*
** A data word that is part of how it happened, not of what leaked: the
** staff account's ID and password a phishing page took (教員がIDとパス
** ワードを入力), a USB memory's or a file's password, the mail address
** someone typed wrong (メールアドレスの入力を誤り).
*/
static bool not_leaked_here(const jk_xctx *x, int kind, size_t i, size_t pl, size_t cs, size_t ce, bool listed_here) {
  const char *t = x->t;
  if (kind == JK_DT_PASSWORD || kind == JK_DT_LOGIN_ID) {
    static const char *const attack[] = {"フィッシング", "窃取", "不正に入手", "不正に取得", "盗み取", "乗っ取",
                                         "不正ログイン", "なりすまし", "悪用", "を用いて", "を使用して", "不正に使用", "不正使用",
                                         "不正に利用", "を用いた", "から流出した", "リスト型"};
    /* A lure: the staff's own credentials typed into it (the victims'
       typed in are what leaked). */
    static const char *const lure[] = {"を名乗る", "を装", "偽の", "偽サイト", "リンク先"};
    static const char *const staff[] = {"職員", "従業員", "教員", "社員", "担当者", "管理者", "教職員", "スタッフ",
                                        "業務用", "管理用", "委託先"};
    static const char *const device[] = {"USB", "暗号化", "ファイルのパスワード", "パスワードを付", "パスワード付",
                                         "パスワードをかけ", "パスワード設定", "ロック", "パスワードが設定",
                                         "パスワードを設定", "入力が必要", "起動時", "同じメールの本文", "同じメールに",
                                         "別メールで", "別のメールで", "操作できない", "起動できない", "開けない"};
    static const char *const used_as[] = {"を用いた", "を用いて", "を使用した", "を使用して", "を使った", "を使って",
                                          "を悪用", "を入力"};
    if (!listed_here && jk_has_any(t + cs, ce - cs, attack, sizeof attack / sizeof attack[0]) &&
        (jk_has_any(t + cs, ce - cs, staff, sizeof staff / sizeof staff[0]) ||
         jk_starts_any(t + i + pl, x->n - i - pl, used_as, sizeof used_as / sizeof used_as[0], NULL)))
      return true;
    if (!listed_here && jk_has_any(t + cs, ce - cs, lure, sizeof lure / sizeof lure[0]) &&
        jk_has_any(t + cs, ce - cs, staff, sizeof staff / sizeof staff[0]))
      return true;
    /* 他社から流出したIDとパスワードの組み合わせを用いた不正ログイン: the
       credentials came from elsewhere (a list attack), even listed as a pair. */
    if (borrowed_pair(x, i, pl, cs, ce, attack, sizeof attack / sizeof attack[0])) return true;
    /* パスワード(暗号化された状態): the password itself leaked, hashed. */
    static const char *const hashed[] = {"(暗号化", "(ハッシュ", "は暗号化", "は全て暗号化", "はすべて暗号化",
                                         "(不可逆", "(ハッシュ化"};
    if (listed_here && jk_starts_any(t + i + pl, x->n - i - pl, hashed, sizeof hashed / sizeof hashed[0], NULL))
      return false;
    if (jk_has_any(t + cs, ce - cs, device, sizeof device / sizeof device[0])) return true;
  }
  if (kind == JK_DT_EMAIL) {
    static const char *const attack[] = {"リスト型", "不正ログイン", "なりすまし", "機械的に", "流出した", "不正に入手"};
    if (borrowed_pair(x, i, pl, cs, ce, attack, sizeof attack / sizeof attack[0])) return true;
  }
  if (!listed_here && (kind == JK_DT_EMAIL || kind == JK_DT_PHONE || kind == JK_DT_ADDRESS)) {
    static const char *const mistaken[] = {"の入力を誤", "を誤って入力", "を誤入力", "の入力誤り", "を誤", "を間違",
                                           "の設定を誤", "の選択を誤", "を取り違"};
    if (jk_starts_any(t + i + pl, x->n - i - pl, mistaken, sizeof mistaken / sizeof mistaken[0], NULL)) return true;
  }
  return false;
}

/*
** Malware that mails the issuer's contacts in the name of its staff
** (本学職員を装ったメール, 弊社社員を名乗るメール): it has taken the address
** book of the infected machine, so mail addresses leaked though no list
** says so.  Mail received from a stranger (…担当者を名乗る者より) is not it.
*/
static const char *const impersonation_verbs[] = {"を装った", "を装う", "を名乗る", "を騙る", "をかたる",
                                                  "を詐称した", "になりすました"};
static const char *const own_staff[] = {"社員", "職員", "従業員", "教職員", "役員", "スタッフ", "担当者名",
                                        "弊社", "当社", "本学", "当院", "本市", "当法人", "当組合", "弊法人"};

static void harvested_contacts(jk_xctx *x) {
  jk_record *r = x->r;
  if (r->category != JK_CAT_MALWARE || (r->data_types & (1u << JK_DT_EMAIL))) return;
  size_t at = x->body, which;
  const char *q;
  while (at < x->n && (q = jk_find_any(x->t + at, x->n - at, impersonation_verbs,
                                       sizeof impersonation_verbs / sizeof impersonation_verbs[0], &which)) != NULL) {
    size_t i = (size_t)(q - x->t), vl = strlen(impersonation_verbs[which]);
    at = i + vl;
    /* Whose name: the words just before the verb. */
    size_t back = i;
    for (int k = 0; k < 8 && back > x->body; k++) back = (size_t)(jk_cp_prev(x->t, x->t + back) - x->t);
    size_t who = 0;
    for (size_t k = 0; k < sizeof own_staff / sizeof own_staff[0] && !who; k++)
      if (jk_ends(x->t + back, i - back, own_staff[k])) who = i - strlen(own_staff[k]);
    if (!who) continue;
    /* …and what was sent: mail, within the words after it. */
    size_t fwd = at;
    for (int k = 0; k < 12 && fwd < x->n; k++) fwd += jk_cp_len(x->t + fwd, x->n - fwd);
    const char *mail = jk_find(x->t + at, fwd - at, "メール");
    if (!mail) continue;
    r->data_types |= 1u << JK_DT_EMAIL;
    r->data_type_ev[JK_DT_EMAIL] = jk_mkspan(who, (size_t)(mail - x->t) + strlen("メール"));
    return;
  }
}

/* Is the data word at off inside a bracket that gives a purpose (…のため)? */
static bool purpose_bracket(const jk_xctx *x, size_t off) {
  size_t lo = off > 60 ? off - 60 : 0;
  size_t open = (size_t)-1;
  for (size_t q = off; q-- > lo;) {
    if (x->t[q] == ')' || x->t[q] == '\n') return false;
    if (x->t[q] == '(') {
      open = q;
      break;
    }
  }
  if (open == (size_t)-1) return false;
  const char *cl = memchr(x->t + off, ')', x->n - off < 60 ? x->n - off : 60);
  if (!cl) return false;
  return jk_ends(x->t + open + 1, (size_t)(cl - x->t) - open - 1, "ため");
}

void jk_x_data(jk_xctx *x) {
  jk_record *r = x->r;
  ranges rs;
  rs.n = 0;
  find_ranges(x, &rs);
  /* What the issuer will do (再発防止策) mentions data it did not lose. */
  size_t ms = 0, me = 0;
  if (!jk_find_section(x, jk_measure_heads, jk_measure_heads_n, x->body, &ms, &me)) ms = me = 0;

  size_t ccs = (size_t)-1, cce = 0;
  int c_kinds = 0;
  bool c_context = false, c_contact = false, c_negated = false, c_advice = false;
  size_t c_tools = 0; /* the end of an attacker's ID/password list in the clause */
  for (size_t hi = hit_from(x, x->head); hi < x->ndh; hi++) {
    size_t i = x->dh[hi].off;
    int k = x->dh[hi].idx;
    if (k < 0) continue; /* a not-data phrase (パスワード設定) */
    /* The issuer's name (…医学部附属病院) is not data. */
    if (r->org_ev.len && i >= r->org_ev.off && i < (size_t)r->org_ev.off + r->org_ev.len) continue;
    const jk_phrase *ph = &jk_data_phrases[k];
    size_t pl = strlen(ph->text);
    int kind = ph->id;
    /* 所属(本学在学生か否か・学校名・学年): an affiliation that is a school. */
    if (kind == JK_DT_EMPLOYMENT && i + pl < x->n && x->t[i + pl] == '(') {
      const char *cl = jk_find(x->t + i + pl, x->n - i - pl, ")");
      if (cl && jk_has(x->t + i + pl, (size_t)(cl - (x->t + i + pl)), "学")) kind = JK_DT_SCHOOL;
    }
    /* 所属学部・学科, or 所属 in a list of students (学籍番号, 学年): a school. */
    if (kind == JK_DT_EMPLOYMENT && strcmp(ph->text, "所属") == 0) {
      static const char *const school_next[] = {"学部", "学科", "研究科", "学校", "学年", "ゼミ", "クラス"};
      static const char *const students[] = {"学籍番号", "学生番号", "学年", "学生名簿", "生徒"};
      size_t ls = i, le = i + pl;
      while (ls > 0 && x->t[ls - 1] != '\n') ls--;
      while (le < x->n && x->t[le] != '\n') le++;
      if (jk_starts_any(x->t + i + pl, x->n - i - pl, school_next, sizeof school_next / sizeof school_next[0], NULL) ||
          jk_has_any(x->t + ls, le - ls, students, sizeof students / sizeof students[0]))
        kind = JK_DT_SCHOOL;
    }
    if (i >= ms && i < me) continue;
    /* 生年月日(年齢確認のため): a bracket that says why, not what leaked. */
    if (purpose_bracket(x, i)) continue;
    /* What the clause says is computed once per clause, not per word. */
    if (i < ccs || i >= cce) {
      jk_clause_at(x->t, x->n, i, &ccs, &cce);
      c_kinds = kinds_in(x, ccs, cce);
      c_context = (c_kinds >= 2 && listed(x, ccs, cce)) ||
                  jk_has_any(x->t + ccs, cce - ccs, leak_verbs, sizeof leak_verbs / sizeof leak_verbs[0]);
      c_contact = jk_has_any(x->t + ccs, cce - ccs, contact_words, sizeof contact_words / sizeof contact_words[0]);
      c_negated = denies(x->t + ccs, cce - ccs);
      c_advice = jk_has_any(x->t + ccs, cce - ccs, advice_words, sizeof advice_words / sizeof advice_words[0]);
      c_tools = stuffing_tools(x->t + ccs, cce - ccs);
    }
    bool context = in_ranges(&rs, i);
    if (!context) {
      context = c_context;
      /* One weak word in a sentence about something else is not data,
         unless it is what leaked: …120名の顔写真が流出した. */
      if (c_kinds < 2 && ph->id == JK_DT_OTHER) context = leaked_subject(x, i + pl, cce);
    }
    if (context && not_leaked_here(x, kind, i, pl, ccs, cce, in_ranges(&rs, i))) context = false;
    /* 誤ってIDやパスワードを入力してしまった場合は…: advice to readers. */
    if (context && c_advice) context = false;
    /* …流出したIDとパスワードの組み合わせを用いた: the attacker's list. */
    if (context && c_tools && i < ccs + c_tools &&
        (kind == JK_DT_PASSWORD || kind == JK_DT_LOGIN_ID || kind == JK_DT_EMAIL))
      context = false;
    if (context && !c_contact &&
        !(c_negated && (denied(x->t, ccs, cce, i) || topic_denied(x->t, cce, i, pl)))) {
      uint32_t bit = 1u << kind;
      if (!(r->data_types & bit)) r->data_type_ev[kind] = jk_mkspan(i, i + pl);
      r->data_types |= bit;
      /* ID・パスワード names two kinds. */
      if (kind == JK_DT_LOGIN_ID && jk_has(ph->text, pl, "パスワード") && !(r->data_types & (1u << JK_DT_PASSWORD))) {
        r->data_types |= 1u << JK_DT_PASSWORD;
        r->data_type_ev[JK_DT_PASSWORD] = jk_mkspan(i, i + pl);
      }
    }
  }
  /* Unknown items in the data lists: the sections, and any line that
     lists three kinds or more (not denied). */
  for (size_t k = 0; k < rs.n; k++) others_in_range(x, rs.v[k].s, rs.v[k].e);
  for (size_t ls = x->body; ls < x->n && !(r->data_types & (1u << JK_DT_OTHER));) {
    size_t le = ls;
    while (le < x->n && x->t[le] != '\n') le++;
    if (kinds_in(x, ls, le) >= 3 && !denied(x->t, ls, le, ls)) others_in_line(x, ls, le, 2);
    ls = le + 1;
  }

  if (!(r->data_types & (1u << JK_DT_OTHER))) others_in_prose(x, ms, me);

  harvested_contacts(x);

  /* Card data: a card word in a data context, not denied. */
  if (r->data_types & (1u << JK_DT_CARD)) {
    r->card = 1;
    r->card_ev = r->data_type_ev[JK_DT_CARD];
  }
  /* Sure when the notice lists the data in a section of its own; less
     when the kinds were read from sentences, or none was found. */
  r->confidence[JK_F_DATA_TYPES] = rs.n ? 0.85f : r->data_types ? 0.65f : 0.5f;
  bool card_words = false; /* a card word among the data words found */
  for (size_t hi = 0; hi < x->ndh && !card_words; hi++)
    card_words = x->dh[hi].idx >= 0 && jk_data_phrases[x->dh[hi].idx].id == JK_DT_CARD;
  r->confidence[JK_F_CARD] = r->card ? 0.85f : card_words ? 0.6f : 0.95f;
}
