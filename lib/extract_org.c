/*
** extract_org.c — who issued the notice.
**
** The issuer names itself in a few places, tried in this order:
**
**   1. the casebook heading: 【…】株式会社NTTドコモ 【お詫び】…, or a name run
**      into the title (宇部市教育ネットワーク内における…);
**   2. the letterhead around the title: a line that is only a name
**      (岐阜薬科大学 / 学長 原 英彰), or the name after the date on the title
**      line (…お詫び 2022年6月2日 株式会社 共立);
**   3. the body: 第一生命保険株式会社(…、以下「当社」), or a name that opens the
**      first sentence as its subject (自動車税事務所が、…);
**   4. the signature lines at the end.
**
** Notices cut from a page often say only 当社 or 本学: then the issuer is
** not named and the answer is "not stated", not a guess from another
** organisation the text mentions (a contractor, a card company).
*/
#include "jk_int.h"

/* Code point at p, 0 if invalid. */
static uint32_t cp_at(const char *p, size_t n, size_t *len) {
  uint32_t cp = 0;
  int k = jk_utf8_decode(p, n, &cp);
  *len = k > 0 ? (size_t)k : 1;
  return k > 0 ? cp : 0;
}

static bool is_hiragana(uint32_t c) { return c >= 0x3041 && c <= 0x309F; }

/* Hiragana that are particles (の が を …) rather than part of a name. */
static bool particle_char(uint32_t c) {
  return c == 0x306E || c == 0x304C || c == 0x3092 || c == 0x306B || c == 0x306F || c == 0x3067 ||
         c == 0x3068 || c == 0x3078 || c == 0x3082 || c == 0x3084;
}

/* Characters an organisation's name is made of. */
static bool name_char(uint32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return true;   /* kanji */
  if (c >= 0x3400 && c <= 0x4DBF) return true;
  if (c == 0x3005 || c == 0x30F6 || c == 0x30F5) return true; /* 々 ヶ ヵ */
  if (c >= 0x30A1 && c <= 0x30FA) return true;   /* katakana */
  if (c == 0x30FC || c == 0x30FB) return true;   /* ー ・ */
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  if (c == '&' || c == '.' || c == '-' || c == '+') return true;
  return false;
}

/* Words that end a run of name characters without being a name. */
static const char *const not_names[] = {
    "事業", "事務局", "サービス", "システム", "キャンペーン", "サイト", "ホームページ", "インシデント",
    "ネットワーク", "プログラム", "フォーム", "アプリ", "ストア", "ショップ", "個人情報", "情報",
    "報告書", "について", "お知らせ", "お詫び",
};

/* Department words printed after a name (日本哲学会事務局). */
static const char *const departments[] = {"事務局", "総務部", "総務課", "広報室", "広報課", "本部",
                                          "役場", "役所"}; /* 架空町役場 signs for 架空町 */

/* Hiragana city names allowed inside a name. */


static bool ends_with_any(const char *p, size_t n, const char *const *w, size_t nw) {
  for (size_t i = 0; i < nw; i++)
    if (jk_ends(p, n, w[i])) return true;
  return false;
}

static bool is_self_ref(const char *p, size_t n) {
  return jk_starts_any(p, n, jk_self_refs, jk_self_refs_n, NULL);
}

/* Does [p,n) end with an organisation suffix (and not a false one)? */
static bool org_suffix_end(const char *p, size_t n) {
  static const char *const false_ends[] = {"会社", "当社", "弊社", "本社", "同社", "各社", "他社",
                                           "貴社", "入社", "御社", "子会社", "都道府県", "市区町村",
                                           "区市町村", "地区", "学区", "都市", "市町", "府県"};
  if (ends_with_any(p, n, false_ends, sizeof false_ends / sizeof false_ends[0])) {
    /* …株式会社 is fine; …会社 alone is not. */
    if (!jk_ends(p, n, "株式会社") && !jk_ends(p, n, "有限会社") && !jk_ends(p, n, "合同会社"))
      return false;
  }
  return ends_with_any(p, n, jk_org_suffixes, jk_org_suffixes_n);
}

/*
** Is [p,n) as a whole a plausible organisation name?  Name characters only
** (one space allowed next to a legal form: 株式会社 共立, Suishow 株式会社),
** a prefix or suffix legal form, not a self-reference.
*/
static bool org_like(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n == 0) return false;
  size_t cps = jk_cp_count(p, n);
  if (cps < 2 || cps > 40) return false;
  if (is_self_ref(p, n)) return false;
  size_t pk = 0;
  bool prefix = jk_starts_any(p, n, jk_org_prefixes, jk_org_prefixes_n, &pk);
  bool suffix = org_suffix_end(p, n);
  if (!prefix && !suffix) return false;
  if (prefix && pk == n) return false;
  /* A section (環境生活課) does not say whose it is; 南区福祉課 does. */
  if (!prefix && jk_ends(p, n, "課")) {
    bool owner = false;
    for (size_t k = 0; k < jk_org_suffixes_n && !owner; k++)
      if (strcmp(jk_org_suffixes[k], "課") != 0 && jk_has(p, n - 3, jk_org_suffixes[k])) owner = true;
    if (!owner) return false;
  }
  /* Names are written in kana too (みどり市, 株式会社ことは書房, 鷹の羽学園);
     prose is not: a candidate with the endings of a sentence is rejected. */
  static const char *const prose[] = {"について", "における", "による", "に関する", "ます", "です", "した",
                                      "する", "から", "まで", "ため", "より", "及び", "および", "当社",
                                      "弊社", "皆様", "お客様"};
  if (jk_has_any(p, n, prose, sizeof prose / sizeof prose[0])) return false;
  int spaces = 0, kana = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (c == ' ') {
      spaces++;
    } else if (is_hiragana(c)) {
      kana++;
    } else if (!name_char(c) && c != '(' && c != ')') {
      return false;
    }
    i += l;
  }
  (void)particle_char;
  (void)kana;
  if (spaces != 1) return spaces == 0;
  /* 株式会社 共立 / Suishow 株式会社 are one name; 医療法人社団青葉会 あおば
     クリニック is two (the issuer and what it runs): only the first counts,
     see org_line. */
  const char *sp = jk_find(p, n, " ");
  size_t a = (size_t)(sp - p);
  size_t pk2 = 0;
  bool first_bare = jk_starts_any(p, a, jk_org_prefixes, jk_org_prefixes_n, &pk2) && pk2 == a;
  bool first_named = !first_bare && (jk_starts_any(p, a, jk_org_prefixes, jk_org_prefixes_n, NULL) || org_suffix_end(p, a));
  bool second_named = jk_starts_any(sp + 1, n - a - 1, jk_org_prefixes, jk_org_prefixes_n, NULL) ||
                      org_suffix_end(sp + 1, n - a - 1);
  return !(first_named && second_named);
}

/* Set the record's org to [s, e) of the text. */
static void set_org(jk_xctx *x, size_t s, size_t e) {
  const char *p = x->t + s;
  size_t n = e - s;
  jk_trim(&p, &n);
  /* Strip a department printed after the name. */
  for (size_t i = 0; i < sizeof departments / sizeof departments[0]; i++) {
    size_t k = strlen(departments[i]);
    if (n > k && jk_ends(p, n, departments[i]) && org_suffix_end(p, n - k)) n -= k;
  }
  /* 株式会社架空銀行 架空支店: a branch signs for its company. */
  static const char *const branches[] = {"支店", "支社", "営業所", "出張所", "本店", "工場"};
  const char *sp = NULL;
  for (const char *q = p; (q = memchr(q, ' ', (size_t)(p + n - q))) != NULL; q++) sp = q;
  if (sp && sp > p && ends_with_any(sp + 1, (size_t)(p + n - sp - 1), branches, sizeof branches / sizeof branches[0]) &&
      org_suffix_end(p, (size_t)(sp - p)))
    n = (size_t)(sp - p);
  x->r->org = jk_arena_strndup(x->r->arena, p, n);
  x->r->org_ev = jk_mkspan((size_t)(p - x->t), (size_t)(p - x->t) + n);
}

/*
** The earliest organisation that a run of name characters at p forms: the
** shortest prefix ending in an organisation suffix.  Returns its length.
*/
static size_t earliest_org_in_run(const char *p, size_t n) {
  size_t i = 0;
  size_t pk = 0;
  bool prefixed = jk_starts_any(p, n, jk_org_prefixes, jk_org_prefixes_n, &pk);
  if (prefixed) i = pk;
  size_t best = 0;
  while (i < n) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (!name_char(c)) break;
    i += l;
    if (!prefixed && org_suffix_end(p, i) && jk_cp_count(p, i) >= 2 && !is_self_ref(p, i)) {
      /* 東京大学情報基盤センター: take 東京大学; but 株式会社 takes its whole run. */
      best = i;
      break;
    }
  }
  if (prefixed) {
    /* 株式会社NTTドコモ: the run after the legal form. */
    if (i > pk) return i;
    return 0;
  }
  return best;
}

/*
** The organisation a run of name characters names: the whole run when it
** ends in a suffix (栃木県住宅供給公社, 大阪公立大学医学部附属病院), else the
** earliest one inside it (東京大学情報基盤センター管理の… → 東京大学).
*/
static size_t org_in_run(const char *p, size_t r) {
  if (r && org_suffix_end(p, r) && jk_cp_count(p, r) >= 2 && !is_self_ref(p, r) &&
      !jk_starts_any(p, r, jk_org_prefixes, jk_org_prefixes_n, NULL))
    return r;
  return earliest_org_in_run(p, r);
}

/* A word in Latin letters that starts with a capital (Technology, HD). */
static bool latin_word(const char *p, size_t n) {
  if (n == 0 || !(p[0] >= 'A' && p[0] <= 'Z')) return false;
  for (size_t i = 0; i < n; i++)
    if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '&' ||
          p[i] == '.' || p[i] == '-'))
      return false;
  return true;
}

/* Length of the leading run of name characters at p. */
static size_t name_run(const char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (!name_char(c)) break;
    i += l;
  }
  return i;
}

/* 1. The casebook heading. */
static bool from_casebook_heading(jk_xctx *x) {
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  const char *close = jk_find(h, hn, "】");
  if (!close) return false;
  size_t s = (size_t)(close - x->t) + 3;
  size_t e = x->head_end;
  s += jk_skip_space(x->t + s, e - s);
  const char *p = x->t + s;
  size_t n = e - s;
  if (n == 0) return false;

  /* First token, up to a space. */
  size_t t1 = 0;
  while (t1 < n && p[t1] != ' ') t1++;
  size_t t2s = t1 + jk_skip_space(p + t1, n - t1);
  size_t t2 = t2s;
  while (t2 < n && p[t2] != ' ') t2++;
  size_t pk = 0;

  /* 株式会社 共立: a bare legal form, the name follows the space. */
  if (jk_starts_any(p, t1, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk == t1 && t2 > t2s) {
    size_t r = name_run(p + t2s, t2 - t2s);
    if (r) {
      set_org(x, s, s + t2s + r);
      return true;
    }
  }
  /* Suishow 株式会社 / LINE ヤフー株式会社: the legal form is in the second token. */
  if (t2 > t2s && name_run(p, t1) == t1 && jk_cp_count(p, t1) <= 12 && !org_suffix_end(p, t1) &&
      !jk_starts_any(p, t1, jk_org_prefixes, jk_org_prefixes_n, NULL)) {
    size_t r = name_run(p + t2s, t2 - t2s);
    if (r && (jk_ends(p + t2s, r, "株式会社") || jk_ends(p + t2s, r, "有限会社")) && jk_cp_count(p + t2s, r) <= 12) {
      set_org(x, s, s + t2s + r);
      return true;
    }
  }
  /* みどり野市, 有限会社いずみ製作所: a name written partly in kana as the
     whole first token. */
  if (t1 > 0 && name_run(p, t1) < t1 && org_like(p, t1)) {
    set_org(x, s, s + t1);
    return true;
  }
  /* 株式会社Geolocation Technology: a Latin name of two words after the
     legal form. */
  if (jk_starts_any(p, t1, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk < t1 && latin_word(p + pk, t1 - pk) &&
      t2 > t2s && latin_word(p + t2s, t2 - t2s) && t2 - t2s <= 24) {
    set_org(x, s, s + t2);
    return true;
  }
  /* The first token whole, when it is all name. */
  size_t run = name_run(p, t1);
  if (run == t1 && t1 > 0 && jk_cp_count(p, t1) <= 30) {
    if (!ends_with_any(p, t1, not_names, sizeof not_names / sizeof not_names[0]) && !is_self_ref(p, t1)) {
      set_org(x, s, s + t1);
      return true;
    }
    return false; /* IT導入補助金事業: a project, look in the body */
  }
  /* A name run into the title: 宇部市教育ネットワーク内における…, Microsoft、… */
  size_t org = org_in_run(p, run);
  if (org) {
    set_org(x, s, s + org);
    return true;
  }
  if (run > 0 && run < t1) {
    size_t l;
    uint32_t next = cp_at(p + run, t1 - run, &l);
    /* Microsoft、未保護の…: a Latin name before a comma. */
    if ((next == 0x3001 || next == ',') && !ends_with_any(p, run, not_names, sizeof not_names / sizeof not_names[0])) {
      set_org(x, s, s + run);
      return true;
    }
  }
  /* …、京都府警が20代男性を…: an organisation acting in the heading. */
  for (size_t i = 0; i < n;) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (name_char(c) && (i == 0 || !name_char(cp_at(jk_cp_prev(p, p + i), 4, &l)))) {
      size_t r = name_run(p + i, n - i);
      size_t k;
      if (r && org_suffix_end(p + i, r) && jk_cp_count(p + i, r) >= 3 && i + r < n &&
          jk_starts_any(p + i + r, n - i - r, (const char *const[]){"が", "は"}, 2, &k)) {
        set_org(x, s + i, s + i + r);
        return true;
      }
      i += r ? r : 1;
      continue;
    }
    i += l;
  }
  return false;
}

/* Is the line [p,n) only an organisation's name (letterhead/signature)? */
static bool org_line(const char *p, size_t n, size_t *os, size_t *oe) {
  const char *q = p;
  size_t qn = n;
  jk_trim(&q, &qn);
  if (qn == 0 || jk_has(q, qn, "各位")) return false;
  /* Strip a department after the name for the test. */
  size_t test = qn;
  for (size_t i = 0; i < sizeof departments / sizeof departments[0]; i++) {
    size_t k = strlen(departments[i]);
    if (qn > k && jk_ends(q, qn, departments[i])) test = qn - k;
  }
  if (org_like(q, test)) {
    *os = (size_t)(q - p);
    *oe = *os + qn;
    return true;
  }
  /*
  ** 白鷺台市 健康福祉部 健康づくり課 / 医療法人社団青葉会 あおばクリニック:
  ** the issuer, then its department or the establishment it runs.  The
  ** first name is the issuer (a bare legal form is not a name: 株式会社 共立
  ** was taken above).
  */
  const char *sp = jk_find(q, qn, " ");
  if (sp && sp > q && !jk_has(q, qn, "。") && !jk_has(q, qn, "、") && !jk_cp_more(q, qn, 50)) {
    size_t first = (size_t)(sp - q);
    size_t pk = 0;
    bool bare = jk_starts_any(q, first, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk == first;
    if (!bare && org_like(q, first)) {
      /* Everything after must be names too (no sentence). */
      const char *rest = sp;
      size_t rn = qn - first;
      jk_trim(&rest, &rn);
      static const char *const role[] = {"代表", "社長", "理事長", "学長", "院長", "校長", "市長", "町長", "知事",
                                         "会長", "部長", "課長", "所長", "局長", "担当"};
      if (!jk_has_any(rest, rn, role, sizeof role / sizeof role[0])) {
        *os = (size_t)(q - p);
        *oe = *os + first;
        return true;
      }
    }
  }
  return false;
}

/* 2. The letterhead: lines near the heading, and the heading line itself. */
static bool from_letterhead(jk_xctx *x) {
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  /* …お詫び 2022年6月2日 株式会社 共立: a name after the date. */
  if (x->r->published_ev.len && x->r->published_ev.off >= x->head && x->r->published_ev.off < x->head_end) {
    size_t a = x->r->published_ev.off + x->r->published_ev.len;
    size_t os, oe;
    if (a < x->head_end && org_line(x->t + a, x->head_end - a, &os, &oe)) {
      set_org(x, a + os, a + oe);
      return true;
    }
  }
  /* 書類の紛失について(お詫び)株式会社架空パートナーズ: the issuer after the title. */
  size_t os, oe;
  const char *close = jk_find(h, hn, ")");
  if (close) {
    size_t a = (size_t)(close - h) + 1;
    if (a < hn && org_line(h + a, hn - a, &os, &oe)) {
      set_org(x, x->head + a + os, x->head + a + oe);
      return true;
    }
  }
  if (org_line(h, hn, &os, &oe)) {
    set_org(x, x->head + os, x->head + oe);
    return true;
  }
  /* Lines after the heading, until prose starts. */
  size_t pos = x->body;
  for (int i = 0; i < 8 && pos < x->n; i++) {
    size_t le = pos;
    while (le < x->n && x->t[le] != '\n') le++;
    if (jk_has(x->t + pos, le - pos, "。")) break;
    if (org_line(x->t + pos, le - pos, &os, &oe)) {
      set_org(x, pos + os, pos + oe);
      return true;
    }
    pos = le + 1;
  }
  /* Lines before the heading in the same segment; a breadcrumb that
     starts at the site's home (1. 同志社大学ホーム) names the issuer. */
  size_t ls = x->head;
  for (int i = 0; i < 8 && ls > 0; i++) {
    size_t le = ls - 1;
    size_t s = le;
    while (s > 0 && x->t[s - 1] != '\n') s--;
    if (org_line(x->t + s, le - s, &os, &oe)) {
      set_org(x, s + os, s + oe);
      return true;
    }
    const char *hp = jk_find(x->t + s, le - s, "ホーム");
    if (hp) {
      const char *b = hp;
      while (b > x->t + s && b[-1] != ' ' && b[-1] != '.') b = jk_cp_prev(x->t, b);
      if (b < hp && org_like(b, (size_t)(hp - b))) {
        set_org(x, (size_t)(b - x->t), (size_t)(hp - x->t));
        return true;
      }
    }
    ls = s;
  }
  /* 栃木県住宅供給公社で発生した…について: the title opens with the issuer
     (weaker than a letterhead line: 県税事務所における… names only an office). */
  size_t hs = jk_skip_space(h, hn);
  size_t run = name_run(h + hs, hn - hs);
  if (run && org_suffix_end(h + hs, run) && org_like(h + hs, run)) {
    static const char *const after[] = {"で", "における", "の", "が", "は", "において"};
    size_t k;
    if (jk_starts_any(h + hs + run, hn - hs - run, after, 6, &k)) {
      set_org(x, x->head + hs, x->head + hs + run);
      return true;
    }
  }
  return false;
}

/* Skip an opening adverb of the first sentence: この度、今般、… */
static size_t skip_opening(const char *p, size_t n) {
  static const char *const openers[] = {"この度、", "このたび、", "今般、", "今回、", "この度", "このたび", "今般"};
  size_t i = jk_skip_space(p, n);
  for (size_t k = 0; k < sizeof openers / sizeof openers[0]; k++)
    if (jk_starts(p + i, n - i, openers[k])) return i + strlen(openers[k]);
  return i;
}

/* 3. The body: (以下「当社」) definitions and the first sentence's subject. */
static bool from_body(jk_xctx *x) {
  size_t lim = x->n < x->body + 6000 ? x->n : x->body + 6000;
  static const char *const defs[] = {"以下「当社」", "以下、「当社」", "以下「弊社」", "以下、当社",
                                     "以下当社", "以下「当行」", "以下「本学」", "以下「当法人」",
                                     "以下「当協会」", "以下、ドコモ"};
  for (size_t d = 0; d < sizeof defs / sizeof defs[0]; d++) {
    const char *q = jk_find(x->t + x->body, lim - x->body, defs[d]);
    if (!q) continue;
    /* Back to the opening bracket, then the name before it. */
    const char *b = q;
    while (b > x->t + x->body && *b != '(') b = jk_cp_prev(x->t, b);
    if (*b != '(') continue;
    const char *e = b;
    const char *s = e;
    size_t l;
    while (s > x->t + x->body) {
      const char *pv = jk_cp_prev(x->t, s);
      uint32_t c = cp_at(pv, (size_t)(e - pv), &l);
      if (!name_char(c) && c != ' ') break;
      s = pv;
    }
    while (s < e && *s == ' ') s++;
    if (org_like(s, (size_t)(e - s))) {
      set_org(x, (size_t)(s - x->t), (size_t)(e - x->t));
      return true;
    }
  }
  /*
  ** The subject of the opening sentences: 自動車税事務所が、… / 南区福祉課に
  ** おいて、… / この度、市立吹田市民病院におきまして、…  When the notice has
  ** no title, its heading line is already the first sentence.
  */
  size_t head_n = x->head_end - x->head;
  bool head_prose = jk_has(x->t + x->head, head_n, "。") || jk_cp_count(x->t + x->head, head_n) > 80;
  size_t pos = head_prose ? x->head : x->body;
  static const char *const particles[] = {"が", "は", "では", "において", "におきまして", "にて", "で", "と"};
  for (int sent = 0; sent < 4 && pos < lim;) {
    size_t le = pos;
    while (le < x->n && x->t[le] != '\n') le++;
    const char *p = x->t + pos;
    size_t n = le - pos;
    if (jk_blank(p, n) || !jk_has(p, n, "、")) {
      pos = le + 1;
      continue;
    }
    sent++;
    size_t i = skip_opening(p, n);
    /* 去る平成28年6月27日、 / 令和8年2月3日(火曜日)午前9時頃に、: a date clause first. */
    const char *comma = jk_find(p + i, n - i, "、");
    jk_date d;
    if (comma && (size_t)(comma - p) < 90) {
      size_t at = i + (jk_starts(p + i, n - i, "去る") ? 6 : 0);
      if (jk_parse_date(p + at, n - at, x->year, &d)) i = (size_t)(comma - p) + 3;
    }
    i += jk_skip_space(p + i, n - i);
    size_t r = name_run(p + i, n - i);
    if (r && !is_self_ref(p + i, r) && !jk_starts(p + i, r, "当該") && !jk_starts(p + i, r, "同")) {
      size_t org = 0;
      /* 春日井市立小学校: the city runs it and speaks for it. */
      static const char *const run_by[] = {"市立", "県立", "町立", "村立", "区立", "都立"};
      /* …but 架空県立病院, 愛媛県立医療技術大学 speak for themselves. */
      static const char *const own_voice[] = {"病院", "大学", "図書館", "美術館", "博物館", "センター"};
      bool own = ends_with_any(p + i, r, own_voice, sizeof own_voice / sizeof own_voice[0]);
      for (size_t k = 0; k < 6 && !org && !own; k++) {
        const char *rt = jk_find(p + i, r, run_by[k]);
        if (rt && rt > p + i) org = (size_t)(rt - (p + i)) + 3;
      }
      if (!org) org = org_in_run(p + i, r);
      /* 日本栄養士連盟会員の皆様: the issuer addressing its members. */
      if (org && org < r && org_like(p + i, org) &&
          (jk_starts(p + i + org, n - i - org, "会員の皆様") || jk_starts(p + i + org, n - i - org, "会員各位"))) {
        set_org(x, pos + i, pos + i + org);
        return true;
      }
      /* A bracketed note may stand between name and particle:
         瀬戸内国際芸術祭実行委員会(会長:…)が */
      size_t a = i + r;
      if (a < n && p[a] == '(') {
        const char *cl = jk_find(p + a, n - a, ")");
        if (cl && cl - (p + a) < 200) a = (size_t)(cl - p) + 1;
      }
      size_t k;
      if (org && org_like(p + i, org) && jk_starts_any(p + a, n - a, particles, 8, &k)) {
        set_org(x, pos + i, pos + i + org);
        return true;
      }
    }
    pos = le + 1;
  }
  return false;
}

/* 4. Signature: a name line among the last lines. */
static bool from_signature(jk_xctx *x) {
  size_t e = x->n;
  for (int i = 0; i < 15 && e > x->body; i++) {
    size_t le = e;
    if (le > 0 && x->t[le - 1] == '\n') le--;
    size_t s = le;
    while (s > 0 && x->t[s - 1] != '\n') s--;
    size_t os, oe;
    if (s >= x->body && org_line(x->t + s, le - s, &os, &oe)) {
      set_org(x, s + os, s + oe);
      return true;
    }
    e = s;
  }
  return false;
}

void jk_x_org(jk_xctx *x) {
  if (jk_casebook_heading(x->t + x->head, x->head_end - x->head, NULL, NULL)) {
    if (from_casebook_heading(x)) return;
    if (from_body(x)) return;
    return;
  }
  if (from_letterhead(x)) return;
  if (from_body(x)) return;
  from_signature(x);
}
