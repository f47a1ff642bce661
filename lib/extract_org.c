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

#include <pthread.h>

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
  if ((c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F)) return true; /* 﨑, 𠮷 */
  if (c == 0x3005 || c == 0x30F6 || c == 0x30F5) return true; /* 々 ヶ ヵ */
  if (c >= 0x30A1 && c <= 0x30FA) return true;   /* katakana */
  if (c == 0x30FC || c == 0x30FB) return true;   /* ー ・ */
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  if (c == '&' || c == '.' || c == '-' || c == '+' || c == '!') return true; /* Pop!Craft株式会社 */
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


static bool is_self_ref(const char *p, size_t n) {
  if (jk_starts_any(p, n, jk_self_refs, jk_self_refs_n, NULL)) return true;
  /* 本区, 当広域連合, 本財団: 本/当/弊 and a kind of body, nothing more. */
  static const char *const self_marks[] = {"本", "当", "弊"};
  size_t mk;
  if (!jk_starts_any(p, n, self_marks, 3, &mk) || mk >= n) return false;
  for (size_t i = 0; i < jk_org_suffixes_n; i++)
    if (n - mk == strlen(jk_org_suffixes[i]) && memcmp(p + mk, jk_org_suffixes[i], n - mk) == 0) return true;
  static const char *const kinds[] = {"広域連合", "企業団", "事務組合", "公社", "基金", "連合", "区"};
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (n - mk == strlen(kinds[i]) && memcmp(p + mk, kinds[i], n - mk) == 0) return true;
  return false;
}

/* Does [p,n) end with an organisation suffix (and not a false one)? */
static bool org_suffix_end(const char *p, size_t n) {
  static const char *const false_ends[] = {"会社", "当社", "弊社", "本社", "同社", "各社", "他社",
                                           "貴社", "入社", "御社", "子会社", "都道府県", "市区町村",
                                           "区市町村", "地区", "学区", "都市", "市町", "府県", "政府",
                                           "首都", "古都", "出社", "退社", "帰社", "来社", "自社", "全社"};
  /* 道 ends only 北海道 (上下水道, 報道, 鉄道 are no government). */
  if (jk_ends(p, n, "道") && !jk_ends(p, n, "北海道")) return false;
  if (jk_ends_any(p, n, false_ends, sizeof false_ends / sizeof false_ends[0])) {
    /* …株式会社 is fine; …会社 alone is not. */
    if (!jk_ends(p, n, "株式会社") && !jk_ends(p, n, "有限会社") && !jk_ends(p, n, "合同会社"))
      return false;
  }
  return jk_ends_any(p, n, jk_org_suffixes, jk_org_suffixes_n);
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

static bool latin_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&' || c == '.';
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
    /* The owner is a name of two or more characters ending in a suffix
       (南区 in 南区福祉課); 社会教育課 has none, whatever 社 looks like. */
    bool owner = false;
    for (size_t k = jk_cp_len(p, n); k + 3 < n && !owner;) {
      k += jk_cp_len(p + k, n - k);
      if (k + 3 < n && !jk_ends(p, k, "課") && org_suffix_end(p, k) && !jk_ends_any(p, k, (const char *const[]){"社", "会"}, 2)) {
        /* …and a name before the suffix: 保険年金課 is no owner's, 保険 being a suffix alone. */
        for (size_t q = 0; q < jk_org_suffixes_n && !owner; q++)
          if (jk_ends(p, k, jk_org_suffixes[q]) && strlen(jk_org_suffixes[q]) < k) owner = true;
      }
    }
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
      /* Hale & Pine株式会社, Blue Harbor Foods株式会社: spaces inside a Latin
         name are the name's own. */
      bool latin_gap = i > 0 && i + 1 < n && latin_char((unsigned char)p[i - 1]) && latin_char((unsigned char)p[i + 1]);
      if (!latin_gap) spaces++;
    } else if (is_hiragana(c)) {
      kana++;
    } else if (!name_char(c) && c != '(' && c != ')') {
      return false;
    }
    i += l;
  }
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
  /* 株式会社架空テック サポート窓口: a whole name, then a part of it. */
  if (first_named && !second_named && !latin_word(sp + 1, n - a - 1)) return false;
  /* Suishow 株式会社 is one name; こども未来部 子育て支援センター is a
     department and its office: the second word must be a legal form's. */
  static const char *const legal_ends[] = {"株式会社", "有限会社", "合同会社", "合資会社", "合名会社"};
  if (!first_named && second_named && !first_bare &&
      !jk_starts_any(sp + 1, n - a - 1, jk_org_prefixes, jk_org_prefixes_n, NULL) &&
      !jk_ends_any(sp + 1, n - a - 1, legal_ends, sizeof legal_ends / sizeof legal_ends[0]))
    return false;
  return !(first_named && second_named);
}

/* ---- candidates ------------------------------------------------------------ */

/*
** Every place that names an organisation gives a candidate, with the
** features a reader weighs: where it stands, its form, whether the text's
** 本市/当院/本学 point at its kind, how often it recurs, whether it is
** named as someone else (a contractor).  The same name from several places
** is one candidate with all their features.  Weights are in one table.
*/
enum {
  OF_CASEBOOK,   /* right after the casebook heading's 】 */
  OF_LETTERHEAD, /* a line that is only a name, next to the title */
  OF_TITLE_OPEN, /* the title opens with it (…で発生した…について) */
  OF_DEFINITION, /* X(以下「当社」) */
  OF_SUBJECT,    /* the subject of the first sentences (Xは、…) */
  OF_SIGNATURE,  /* a line that is only a name, among the last lines */
  OF_OFFICE,     /* before an office and a person: X市長 山田太郎 */
  OF_CONTACT,    /* in the contact block (問い合わせ先) */
  OF_PUBLISHER,  /* the web site's own name (og:site_name, title, ©) */
  OF_DICT_ORG,   /* an organisation of the IPA dictionary, in the title */
  OF_OWNER,      /* whose customers' data it is (Xのお客様情報) */
  OF_MENTION,    /* a name of the kind 本市/本県/本学/当院 refer to */
  OF_SELF_KIND,  /* the text's self-reference is of its kind */
  OF_FORM,       /* a legal form or a government suffix */
  OF_RECURS,     /* named again elsewhere (per time, at most two) */
  OF_OTHER_ROLE, /* named as a contractor, card company or recipient */
  OF_N
};

static const struct {
  const char *name;
  float weight;
} org_features[OF_N] = {
    [OF_CASEBOOK] = {"casebook heading", 12},  [OF_LETTERHEAD] = {"letterhead", 9},
    [OF_TITLE_OPEN] = {"opens the title", 6},   [OF_DEFINITION] = {"以下「当社」", 14},
    [OF_SUBJECT] = {"subject", 6},              [OF_SIGNATURE] = {"signature", 7},
    [OF_OFFICE] = {"office + person", 8},       [OF_CONTACT] = {"contact block", 5},
    [OF_PUBLISHER] = {"web site", 5},           [OF_DICT_ORG] = {"dictionary org", 6},
    [OF_OWNER] = {"owns the data", 5},
    [OF_MENTION] = {"mention", 1},              [OF_SELF_KIND] = {"self-reference kind", 4},
    [OF_FORM] = {"legal form", 1},              [OF_RECURS] = {"recurs", 0.5f},
    [OF_OTHER_ROLE] = {"someone else", -6},
};

/* A candidate needs this much to be the issuer; less is "not stated". */
#define ORG_ACCEPT 6.0f
#define ORG_MAXC 24

typedef struct org_cand {
  size_t s, e;      /* span in x->t (e == s: not in the text, see str) */
  const char *str;  /* the name when it is not in the text (a web site) */
  char key[192];    /* the name without spaces: candidates merge on it */
  uint32_t feats;
  int recurs;
  float score;
} org_cand;

typedef struct org_state {
  jk_xctx *x;
  int cur;             /* the feature set_org gives */
  org_cand v[ORG_MAXC];
  size_t n;
  const char *kind;    /* the suffix 本市/本県/本学/当院… point at, or NULL */
  bool casebook;       /* the casebook heading decides: no recount needed */
  char pair[2][192];   /* a hospital pair's parts (corporation, hospital) */
  int pair_at;         /* its candidate + 1, 0: none */
  bool self_ref;       /* the text refers to its issuer as 当社/本市… */
} org_state;

static void make_key(const char *p, size_t n, char *key, size_t kn) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < kn; i++)
    if (p[i] != ' ') key[o++] = p[i];
  key[o] = 0;
}

/* 健康福祉局介護保険課, 社会教育課: a section with no owner named — only
   common words the dictionary knows, no place, no name.  Not an issuer:
   whose section it is, the notice does not say (南区福祉課 and
   架空市市民課 name their owner and stay). */
static bool bare_section(const char *p, size_t n) {
  if (!jk_ends(p, n, "課") && !jk_ends(p, n, "係")) return false;
  jk_morph_tok w[16];
  size_t k = jk_morph_parse(p, n, w, sizeof w / sizeof w[0]);
  if (k < 2 || k == sizeof w / sizeof w[0]) return false;
  for (size_t i = 0; i < k; i++)
    if ((w[i].cls != JK_MW_NOUN && w[i].cls != JK_MW_SUFFIX) || w[i].unknown) return false;
  return true;
}

static bool add_cand(org_state *o, size_t s, size_t e, const char *str, int feat) {
  const char *p = str ? str : o->x->t + s; /* str: the name as shown; [s, e) its evidence */
  size_t n = str ? strlen(str) : e - s;
  char key[192];
  make_key(p, n, key, sizeof key);
  if (!key[0]) return false;
  /* A bare suffix (大学, 市) names nobody; nor does a kind of body every
     town has, without the town's name (社会福祉協議会, 教育委員会). */
  static const char *const generic[] = {"社会福祉協議会", "教育委員会", "選挙管理委員会", "農業委員会",
                                        "商工会議所", "商工会", "医師会", "歯科医師会", "観光協会", "保健所",
                                        "消防本部", "水道局", "上下水道局", "下水道局", "交通局", "消防局", "企業局",
                                        "病院局", "事務局", "市役所", "町役場", "村役場", "区役所",
                                        "ボランティアセンター", "コールセンター", "サポートセンター",
                                        "カスタマーセンター", "お客様センター", "相談センター", "事務センター",
                                        "保健センター", "福祉センター", "保健福祉センター", "市民センター",
                                        "地域包括支援センター", "子育て支援センター", "健康センター",
                                        "特別養護老人ホーム", "介護老人保健施設", "訪問看護ステーション", "障害者支援施設",
                                        "グループホーム", "デイサービスセンター"};
  for (size_t i = 0; i < jk_org_suffixes_n; i++)
    if (strcmp(key, jk_org_suffixes[i]) == 0) return false;
  for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
    if (strcmp(key, generic[i]) == 0) return false;
  if (bare_section(key, strlen(key))) return false;
  for (size_t i = 0; i < o->n; i++)
    if (strcmp(o->v[i].key, key) == 0) {
      o->v[i].feats |= 1u << feat;
      /* Keep the span from the stronger place. */
      if (!str && (o->v[i].str || o->v[i].e == o->v[i].s)) {
        o->v[i].s = s;
        o->v[i].e = e;
        o->v[i].str = NULL;
      }
      return true;
    }
  if (o->n == ORG_MAXC) return false;
  org_cand *c = &o->v[o->n++];
  memset(c, 0, sizeof *c);
  c->s = s;
  c->e = e;
  c->str = str;
  memcpy(c->key, key, sizeof key);
  c->feats = 1u << feat;
  return true;
}

/* Labels printed before a name in a contact or sender line. */
static const char *const name_labels[] = {
    "お問い合わせ先", "お問合せ先", "お問合わせ先", "問い合わせ先", "問合せ先", "問合わせ先", "お問い合わせ",
    "お問合せ", "問い合わせ", "連絡先", "照会先", "発行元", "発信元", "発信者", "差出人", "送信者", "事業者名",
    "会社名", "団体名", "法人名", "名称", "運営会社", "運営者", "運営元", "提供元", "主催", "引用元", "出典",
    "情報元", "発表元", "指定管理者", "運営"};

/* Departments and bodies of a government (架空市消防局予防課, 架空市移住相談
   センター): they speak for their city or prefecture. */
/* Its boards too (架空市教育委員会, 架空県教育庁): the casebook files their
   notices under the city or prefecture. */
static const char *const gov_body_ends[] = {"課", "部", "局", "室", "係", "センター", "事務所", "支所", "本部",
                                            "窓口", "相談所", "事業所", "担当", "班", "グループ",
                                            "委員会", "教育庁", "庁"}; /* 架空県庁: the prefecture */
/* …but these speak for themselves (架空県立病院, 架空県警察本部). */
static const char *const own_voice_words[] = {"病院", "大学", "学校", "図書館", "美術館", "博物館", "警察",
                                              "県警", "府警", "道警", "協会", "公社", "社", "組合", "実行委員会",
                                              "公安委員会"};
static const char *const gov_units[] = {"市", "県", "町", "村", "都", "府", "道"};

/*
** The government that owns a body named [p,n): 架空市消防局予防課 → 架空市
** (length in *gl).  A ward counts only with its office (架空区役所窓口課 →
** 架空区; 南区福祉課 stays, its city unnamed).
*/
static bool gov_owner(const char *p, size_t n, size_t *gl) {
  if (!jk_ends_any(p, n, gov_body_ends, sizeof gov_body_ends / sizeof gov_body_ends[0])) return false;
  /* 公益社団法人架空市シルバー人材センター: a legal person of its own. */
  if (jk_starts_any(p, n, jk_org_prefixes, jk_org_prefixes_n, NULL)) return false;
  for (size_t i = 0; i < n;) {
    size_t l = jk_cp_len(p + i, n - i);
    if (i >= 6) { /* at least two characters before the unit */
      for (size_t k = 0; k < sizeof gov_units / sizeof gov_units[0]; k++) {
        if (!jk_starts(p + i, n - i, gov_units[k])) continue;
        size_t a = i + strlen(gov_units[k]);
        const char *rest = p + a;
        size_t rn = n - a;
        if (rn == 0 || jk_starts(rest, rn, "立") || jk_starts(rest, rn, "民") || jk_starts(rest, rn, "場") ||
            jk_starts(rest, rn, "内") || jk_starts(rest, rn, "外"))
          continue;
        if (jk_starts(rest, rn, " ")) continue; /* a line of names, see org_line */
        /* 中央県税事務所, 北市税事務所: an office of the tax named by its area. */
        if (jk_starts(rest, rn, "税")) continue;
        /* 架空県病院局経営管理課: the bureau that runs its hospitals is the prefecture's. */
        if (jk_has_any(rest, rn, own_voice_words, sizeof own_voice_words / sizeof own_voice_words[0]) &&
            !jk_starts(rest, rn, "病院局") && !jk_starts(rest, rn, "病院事業"))
          return false;
        /* The part before must be a name, not prose (都市計画課, 市町村課). */
        if (!org_like(p, a)) return false;
        *gl = a;
        return true;
      }
      if (jk_starts(p + i, n - i, "区役所") || jk_starts(p + i, n - i, "区役場")) {
        *gl = i + 3;
        return org_like(p, *gl);
      }
    }
    i += l;
  }
  return false;
}

/* Labels of a header line that names the issuer itself (not a contact's:
   お問い合わせ 架空クラブ事務局 names a desk). */
static const char *const issuer_labels[] = {"上場会社名", "会社名", "団体名", "法人名", "事業者名", "名称", "指定管理者", "発表元",
                                            "発行元", "発信元", "発信者", "差出人"};

/* 会 社 名 架空電機株式会社: a disclosure's header spaces its labels out to
   the width of the longest.  Returns true and the label's bytes (with its
   spaces) when [p,n) starts with a name label so printed. */
static bool spaced_label(const char *p, size_t n, size_t *len) {
  for (size_t l = 0; l < sizeof name_labels / sizeof name_labels[0]; l++) {
    const char *w = name_labels[l];
    size_t wn = strlen(w), i = 0, j = 0;
    bool spaced = false;
    while (j < wn && i < n) {
      size_t cl = jk_cp_len(w + j, wn - j);
      if (i + cl > n || memcmp(p + i, w + j, cl) != 0) break;
      i += cl;
      j += cl;
      if (j < wn && i < n && p[i] == ' ') {
        while (i < n && p[i] == ' ') i++;
        spaced = true;
      }
    }
    if (j == wn && spaced) {
      *len = i;
      return true;
    }
  }
  return false;
}

/* Clean [p,n) into the issuer's name: labels, departments and branches off. */
static void clean_name(const char **pp, size_t *np) {
  const char *p = *pp;
  size_t n = *np;
  jk_trim(&p, &n);
  /* ・住宅金融支援機構: a list's bullet is not part of the name. */
  static const char *const bullets[] = {"・", "•", "●", "○", "■", "□", "◆", "◇", "※", "-"};
  size_t bk;
  while (n && jk_starts_any(p, n, bullets, sizeof bullets / sizeof bullets[0], &bk)) {
    p += bk;
    n -= bk;
    jk_trim(&p, &n);
  }
  size_t k;
  /* (問い合わせ)架空町 / 【問合せ】架空町: a label in brackets. */
  if (n > 3 && (p[0] == '(' || jk_starts(p, n, "【"))) {
    size_t ob = p[0] == '(' ? 1 : 3;
    const char *cb = jk_find(p + ob, n - ob, p[0] == '(' ? ")" : "】");
    size_t lk;
    if (cb && jk_starts_any(p + ob, (size_t)(cb - p - ob), name_labels, sizeof name_labels / sizeof name_labels[0], &lk) &&
        lk == (size_t)(cb - p - ob)) {
      size_t cut = (size_t)(cb - p) + (p[0] == '(' ? 1 : 3);
      p += cut, n -= cut;
      jk_trim(&p, &n);
    }
  }
  if ((jk_starts_any(p, n, name_labels, sizeof name_labels / sizeof name_labels[0], &k) ||
       spaced_label(p, n, &k)) && k < n) {
    const char *q = p + k;
    size_t qn = n - k;
    while (qn && (*q == ':' || *q == ' ' || *q == ')' || *q == ']')) q++, qn--;
    if (jk_starts(q, qn, "】")) q += 3, qn -= 3;
    if (jk_starts(q, qn, "」")) q += 3, qn -= 3;
    jk_trim(&q, &qn);
    if (qn) p = q, n = qn;
  }
  /* Strip a department printed after the name. */
  for (size_t i = 0; i < sizeof departments / sizeof departments[0]; i++) {
    size_t dk = strlen(departments[i]);
    if (n > dk && jk_ends(p, n, departments[i])) {
      /* 架空機構 事務局: the space between is not part of the name. */
      size_t m = n - dk;
      while (m > 0 && p[m - 1] == ' ') m--;
      size_t pk;
      if (m > 0 && (org_suffix_end(p, m) || (jk_starts_any(p, m, jk_org_prefixes, jk_org_prefixes_n, &pk) &&
                                             jk_cp_more(p + pk, m - pk, 1) && !jk_has(p + pk, m - pk, " "))))
        n = m;
    }
  }
  size_t gl;
  if (gov_owner(p, n, &gl)) n = gl;
  /* 紫苑市立中央図書館, 架空町立第一小学校: a facility the town runs speaks
     for the town; a 市立病院 or 県立大学 is a body of its own. */
  static const char *const run_by[] = {"市立", "県立", "町立", "村立", "区立", "都立", "府立"};
  static const char *const facilities[] = {"図書館", "美術館", "博物館", "公民館", "資料館", "会館", "体育館",
                                           "センター", "小学校", "中学校", "高等学校", "学校", "幼稚園", "保育園",
                                           "保育所", "こども園", "児童館"};
  for (size_t rb = 0; rb < sizeof run_by / sizeof run_by[0]; rb++) {
    const char *rt = jk_find(p, n, run_by[rb]);
    if (!rt || rt == p || !jk_ends_any(p, n, facilities, sizeof facilities / sizeof facilities[0])) continue;
    size_t own = (size_t)(rt - p) + 3; /* 紫苑市 */
    if (org_like(p, own) && !jk_has(p, n, " ")) n = own;
    break;
  }
  /* 株式会社架空銀行 架空支店: a branch signs for its company. */
  static const char *const branches[] = {"支店", "支社", "営業所", "出張所", "本店", "工場"};
  const char *sp = NULL;
  for (const char *q = p; (q = memchr(q, ' ', (size_t)(p + n - q))) != NULL; q++) sp = q;
  if (sp && sp > p && jk_ends_any(sp + 1, (size_t)(p + n - sp - 1), branches, sizeof branches / sizeof branches[0]) &&
      org_suffix_end(p, (size_t)(sp - p)))
    n = (size_t)(sp - p);
  *pp = p;
  *np = n;
}

/* A generator found the issuer at [s, e) of the text. */
static bool set_org(jk_xctx *x, size_t s, size_t e) {
  const char *p = x->t + s;
  size_t n = e - s;
  clean_name(&p, &n);
  if (n == 0) return false;
  return add_cand(x->org_state, (size_t)(p - x->t), (size_t)(p - x->t) + n, NULL, ((org_state *)x->org_state)->cur);
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
    /* 株式会社NTTドコモ: the run after the legal form (株式会社あさひ新聞社:
       with the kana the run holds). */
    if (n > pk && org_suffix_end(p, n)) return n;
    return i > pk ? i : 0;
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

/* The run of name characters at p, through kana a name holds
   (子育て支援センター, みどり野): at most two hiragana that are no particle,
   between name characters. */
static size_t name_run_kana(const char *p, size_t n) {
  size_t i = name_run(p, n);
  while (i > 0 && i < n) {
    size_t j = i, kana = 0, l;
    while (j < n && kana < 7) {
      uint32_t c = cp_at(p + j, n - j, &l);
      if (!is_hiragana(c) || particle_char(c)) break;
      j += l;
      kana++;
    }
    if (kana == 0 || kana > 6 || j >= n) break;
    size_t more = name_run(p + j, n - j);
    if (!more) break;
    /* 株式会社ゆうづつ新聞社: a longer kana run only between a legal form and
       a name's ending (two kana may join any name: 架空のぞみ会). */
    if (kana > 2 && !(jk_ends_any(p, i, jk_org_prefixes, jk_org_prefixes_n) && org_suffix_end(p + j, more))) break;
    i = j + more;
  }
  return i;
}

/* 1. The casebook heading. */
static bool pair_name(const char *p, size_t n);
static bool pair_corp_start(const char *p, size_t n);
static void add_pair(org_state *o, const char *p, size_t n, const char *q, size_t qn, int feat);

static bool from_casebook_heading(jk_xctx *x) {
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  size_t mk = jk_casebook_marker(h, hn, NULL, NULL);
  if (!mk) return false;
  size_t s = x->head + mk;
  size_t e = x->head_end;
  s += jk_skip_space(x->t + s, e - s);
  const char *p = x->t + s;
  size_t n = e - s;
  if (n == 0) return false;

  /* ささめ町:児童の名簿を…, 医療法人X会 Y病院:…: a blog item's issuer,
     then a colon and what happened. */
  const char *colon = jk_find(p, n, ":");
  if (colon && colon > p) {
    size_t cn = (size_t)(colon - p);
    if (org_like(p, cn) && !jk_has(p, cn, " ")) {
      set_org(x, s, s + cn);
      return true;
    }
    if (pair_name(p, cn)) {
      set_org(x, s, s + cn);
      return true;
    }
  }

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
    if (!jk_ends_any(p, t1, not_names, sizeof not_names / sizeof not_names[0]) && !is_self_ref(p, t1)) {
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
    if ((next == 0x3001 || next == ',') && !jk_ends_any(p, run, not_names, sizeof not_names / sizeof not_names[0])) {
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

static bool spaced_legal_name(const char *p, size_t n);

/* Is the line [p,n) only an organisation's name (letterhead/signature)? */
static bool org_line(const char *p, size_t n, size_t *os, size_t *oe) {
  const char *q = p;
  size_t qn = n;
  jk_trim(&q, &qn);
  if (qn == 0 || jk_has(q, qn, "各位")) return false;
  /* 会 社 名 架空電機株式会社 / 会社名:…: a header's label before the name. */
  size_t lk;
  if ((jk_starts_any(q, qn, issuer_labels, sizeof issuer_labels / sizeof issuer_labels[0], &lk) ||
       spaced_label(q, qn, &lk)) &&
      lk < qn && (q[lk] == ' ' || q[lk] == ':')) {
    while (lk < qn && (q[lk] == ' ' || q[lk] == ':')) lk++;
    q += lk;
    qn -= lk;
  }
  /* 架空舎(運営:合同会社架空舎), 湯宿 架空荘(有限会社架空観光): a shop's or a
     brand's name, then the legal person that runs it, who is the issuer. */
  if (qn > 3 && q[qn - 1] == ')') {
    const char *br = NULL;
    for (const char *f = q; (f = jk_find(f, (size_t)(q + qn - f), "(")) != NULL; f++) br = f;
    if (br && br > q && !jk_has(q, (size_t)(br - q), "。") && !jk_cp_more(q, qn, 60)) {
      const char *in = br + 1;
      size_t inn = (size_t)(q + qn - 1 - in);
      static const char *const run_by[] = {"運営会社", "運営元", "運営者", "運営"};
      size_t rk;
      if (jk_starts_any(in, inn, run_by, sizeof run_by / sizeof run_by[0], &rk) && rk < inn && (in[rk] == ':' || in[rk] == ' ')) {
        in += rk + 1;
        inn -= rk + 1;
      }
      jk_trim(&in, &inn);
      size_t pk;
      bool legal = jk_starts_any(in, inn, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk < inn;
      if (legal && spaced_legal_name(in, inn)) {
        *os = (size_t)(in - p);
        *oe = *os + inn;
        return true;
      }
    }
  }
  /* 株式会社ヴェルデスポーツ(フィットネス「VERDE GYM」運営): a note after the name. */
  if (qn > 3 && q[qn - 1] == ')') {
    const char *br = jk_find(q, qn, "(");
    if (br && br > q && !jk_has(q, (size_t)(br - q), "。")) {
      size_t bn = (size_t)(br - q);
      const char *b = q;
      jk_trim(&b, &bn);
      if (bn && org_like(b, bn)) {
        *os = (size_t)(b - p);
        *oe = *os + bn;
        return true;
      }
    }
  }
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
      /* 医療法人社団青葉会 あおばクリニック: the hospital signs, under its
         corporation's name; both are its name. */
      static const char *const med_corp[] = {"医療法人", "社会医療法人"};
      static const char *const med_site[] = {"病院", "クリニック", "医院", "診療所"};
      if (jk_starts_any(q, first, med_corp, 2, NULL) && !jk_has(rest, rn, " ") && org_like(rest, rn) &&
          jk_ends_any(rest, rn, med_site, 4)) {
        *os = (size_t)(q - p);
        *oe = *os + qn;
        return true;
      }
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

/* Does a headline speak of a breach (流出, 漏えい, 不正アクセス …)? */
static bool has_breach_word(const char *p, size_t n) {
  return jk_has_any(p, n, jk_title_words, jk_title_words_n);
}

/* 株式会社架空 エージェンシー: a name with a legal form whose words a space
   parts, where the context says it is one name (a title's bracket). */
static bool spaced_legal_name(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (org_like(p, n)) return true;
  if (n == 0 || jk_cp_more(p, n, 40) || is_self_ref(p, n)) return false;
  size_t pk;
  bool prefix = jk_starts_any(p, n, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk < n && p[pk] != ' ';
  static const char *const legal_ends[] = {"株式会社", "有限会社", "合同会社"};
  if (!prefix && !jk_ends_any(p, n, legal_ends, sizeof legal_ends / sizeof legal_ends[0])) return false;
  int spaces = 0;
  for (size_t i = 0; i < n;) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (c == ' ') spaces++;
    else if (!name_char(c) && !is_hiragana(c)) return false;
    i += l;
  }
  return spaces <= 2 && !jk_has(p, n, "について") && !jk_has(p, n, "お詫び");
}

/* The issuer in brackets at the end of the line [ls, le): …お詫び(架空書店株式会社). */
static bool title_bracket_org(jk_xctx *x, size_t ls, size_t le) {
  const char *h = x->t + ls;
  size_t hn = le - ls;
  while (hn && h[hn - 1] == ' ') hn--;
  if (hn <= 3 || h[hn - 1] != ')') return false;
  const char *br = NULL;
  for (const char *q = h; (q = jk_find(q, (size_t)(h + hn - q), "(")) != NULL; q++) br = q;
  if (!br || br == h) return false;
  size_t bn = (size_t)(h + hn - 1 - br - 1);
  /* (架空地区広域連合、2025年12月1日): the issuer, then the date. */
  for (const char *c = br + 1; (c = jk_find(c, (size_t)(br + 1 + bn - c), "、")) != NULL; c += 3) {
    jk_date d;
    size_t k = jk_parse_date(c + 3, (size_t)(br + 1 + bn - c - 3), x->year, &d);
    if (k && d.y && d.d && c + 3 + k == br + 1 + bn) {
      bn = (size_t)(c - br - 1);
      break;
    }
  }
  if (!spaced_legal_name(br + 1, bn)) return false;
  return set_org(x, (size_t)(br + 1 - x->t), (size_t)(br + 1 - x->t) + bn);
}

/* 2. The letterhead: lines near the heading, and the heading line itself. */
/* 担当課:架空県 商工労働部 産業人材課 / 担当課 架空市 税務部: a press
   release's header names its government before the desk.  Sets the issuer
   from the line [s, e) when it is one. */
static bool desk_label_issuer(jk_xctx *x, size_t s, size_t e) {
  const char *q = x->t + s;
  size_t qn = e - s, k;
  jk_trim(&q, &qn);
  static const char *const labels[] = {"担当課", "担当部署", "担当", "所管課", "発表課"};
  if (!jk_starts_any(q, qn, labels, sizeof labels / sizeof labels[0], &k)) return false;
  q += k, qn -= k;
  while (qn && (*q == ':' || *q == ' ')) q++, qn--;
  const char *sp = jk_find(q, qn, " ");
  size_t w = sp ? (size_t)(sp - q) : qn;
  if (!w || !jk_ends_any(q, w, gov_units, sizeof gov_units / sizeof gov_units[0]) || !org_like(q, w)) return false;
  return set_org(x, (size_t)(q - x->t), (size_t)(q - x->t) + w);
}

/* ■ 2031/12/05 架空三丁目子ども会: a board's item head, who posted it after
   the date.  Sets the issuer from the line [s, e) when it is one. */
static bool dated_item_issuer(jk_xctx *x, size_t s, size_t e) {
  const char *q = x->t + s;
  size_t qn = e - s, os, oe;
  jk_trim(&q, &qn);
  static const char *const marks[] = {"■", "□", "●", "○", "◆", "◇", "▼", "・"};
  size_t mk;
  bool marked = jk_starts_any(q, qn, marks, sizeof marks / sizeof marks[0], &mk);
  if (marked) {
    q += mk, qn -= mk;
    jk_trim(&q, &qn);
  }
  jk_date d;
  size_t dl = qn && q[0] >= '0' && q[0] <= '9' ? jk_parse_date(q, qn, x->year, &d) : 0;
  if (!dl || !d.y || dl >= qn) return false;
  const char *r = q + dl;
  size_t rn = qn - dl;
  jk_trim(&r, &rn);
  /* 2031/12/07 15:30 コード 6XX4 株式会社架空化成: a disclosure list's line. */
  bool listing = false;
  if (rn > 5 && r[0] >= '0' && r[0] <= '9' && (r[1] == ':' || r[2] == ':')) {
    while (rn && *r != ' ') r++, rn--;
    jk_trim(&r, &rn);
    if (jk_starts(r, rn, "コード")) {
      r += strlen("コード"), rn -= strlen("コード");
      jk_trim(&r, &rn);
      while (rn && *r != ' ') r++, rn--;
      jk_trim(&r, &rn);
      listing = true;
    }
  }
  if (!(marked || listing) || !org_line(r, rn, &os, &oe)) return false;
  size_t base = (size_t)(r - x->t);
  return set_org(x, base + os, base + oe);
}

static bool from_letterhead(jk_xctx *x) {
  const char *h = x->t + x->head;
  size_t hn = x->head_end - x->head;
  /* 【朝凪市選挙管理委員会】…について: the issuer in the title's bracket. */
  if (jk_starts(h, hn, "【")) {
    const char *cl = jk_find(h + 3, hn - 3, "】");
    if (cl && org_like(h + 3, (size_t)(cl - h - 3))) {
      set_org(x, x->head + 3, (size_t)(cl - x->t));
      return true;
    }
  }
  /* …掲載についてのお詫び(架空書店株式会社): a reprint names the issuer
     in brackets at the title's end (a digest's title may stand under its
     date line). */
  /* R7.8.3 架空漁業協同組合「…について」: a blog names the issuer, then
     quotes its title. */
  if (hn > 6 && jk_ends(h, hn, "」")) {
    jk_date d;
    size_t a = jk_skip_space(h, hn);
    size_t dk = jk_parse_date(h + a, hn - a, x->year, &d);
    if (dk && d.y) a += dk;
    a += jk_skip_space(h + a, hn - a);
    const char *open = jk_find(h + a, hn - a, "「");
    if (open && open > h + a) {
      const char *b = h + a;
      size_t bn = (size_t)(open - b);
      jk_trim(&b, &bn);
      if (org_like(b, bn) || pair_name(b, bn)) return set_org(x, (size_t)(b - x->t), (size_t)(b - x->t) + bn);
    }
  }
  if (title_bracket_org(x, x->head, x->head_end) ||
      (x->title_s != x->head && title_bracket_org(x, x->title_s, x->title_e)))
    return true;
  /* 会員情報が流出か、社員がフィッシングに 株式会社架空トラベル: a news
     headline names the company after a space. */
  {
    const char *sp = NULL;
    for (const char *f = h; (f = memchr(f, ' ', (size_t)(h + hn - f))) != NULL; f++) sp = f;
    if (sp && sp > h + 12 && sp + 1 < h + hn) {
      const char *nm = sp + 1;
      size_t nn = (size_t)(h + hn - nm), pk;
      if (org_like(nm, nn) && (jk_starts_any(nm, nn, jk_org_prefixes, jk_org_prefixes_n, &pk) ||
                               jk_ends(nm, nn, "株式会社") || jk_ends(nm, nn, "有限会社")) &&
          has_breach_word(h, (size_t)(sp - h)))
        return set_org(x, (size_t)(nm - x->t), (size_t)(nm - x->t) + nn);
    }
  }
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
  if (dated_item_issuer(x, x->head, x->head_end)) return true;
  /* Lines after the heading, until prose starts. */
  size_t pos = x->body;
  for (int i = 0; i < 8 && pos < x->n; i++) {
    size_t le = pos;
    while (le < x->n && x->t[le] != '\n') le++;
    if (jk_has(x->t + pos, le - pos, "。")) break;
    if (dated_item_issuer(x, pos, le)) return true;
    if (org_line(x->t + pos, le - pos, &os, &oe)) {
      /* 架空町立図書館 / 指定管理者 株式会社架空文化サービス: the operator the
         block names under the facility signs for it. */
      size_t ns = le + 1, ne = ns;
      while (ne < x->n && x->t[ne] != '\n') ne++;
      static const char *const operators[] = {"指定管理者", "運営者", "運営:"};
      const char *np = x->t + ns;
      size_t nn = ns < x->n ? ne - ns : 0, o2s, o2e;
      jk_trim(&np, &nn);
      if (nn && jk_starts_any(np, nn, operators, sizeof operators / sizeof operators[0], NULL) &&
          org_line(x->t + ns, ne - ns, &o2s, &o2e)) {
        set_org(x, ns + o2s, ns + o2e);
        return true;
      }
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
    if (dated_item_issuer(x, s, le) || desk_label_issuer(x, s, le)) return true;
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
  ((org_state *)x->org_state)->cur = OF_TITLE_OPEN;
  if (run && org_suffix_end(h + hs, run) && org_like(h + hs, run)) {
    static const char *const after[] = {"で", "における", "の", "が", "は", "において", "からの"};
    size_t k;
    if (jk_starts_any(h + hs + run, hn - hs - run, after, 7, &k)) {
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

/* Only kana, name characters and spaces (株式会社あけぼの海放送). */
static bool kana_name(const char *p, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t l;
    uint32_t c = cp_at(p + i, n - i, &l);
    if (!name_char(c) && c != ' ' && !(c >= 0x3041 && c <= 0x3096)) return false;
    i += l;
  }
  return true;
}

/* The name that a definition's bracket follows: 架空株式会社(以下「当社」).
   q is inside the bracket. */
static bool name_before_bracket(jk_xctx *x, const char *q) {
  /* Back to the opening bracket, then the name before it. */
  const char *b = q;
  while (b > x->t + x->body && *b != '(') b = jk_cp_prev(x->t, b);
  if (*b != '(') return false;
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
  /* 株式会社あけぼの海放送(以下「当社」): a name in kana stops the run of
     name characters; its legal form, a little before, starts it. */
  const char *lo = (size_t)(s - (x->t + x->body)) > 60 ? s - 60 : x->t + x->body;
  for (size_t k = 0; k < jk_org_prefixes_n; k++) {
    const char *last = NULL;
    for (const char *f = lo; (f = jk_find(f, (size_t)(e - f), jk_org_prefixes[k])) != NULL; f++) last = f;
    if (last && last < s && kana_name(last, (size_t)(e - last)) &&
        (org_like(last, (size_t)(e - last)) || pair_name(last, (size_t)(e - last)))) {
      s = last;
      break;
    }
  }
  /* くちなわ証券株式会社(以下「当社」): a name that starts in kana, from
     where its sentence or line starts. */
  {
    const char *k = s;
    int kana = 0;
    while (k > x->t + x->body && kana < 7) {
      const char *pv = jk_cp_prev(x->t, k);
      uint32_t c = cp_at(pv, (size_t)(e - pv), &l);
      if (!is_hiragana(c) || particle_char(c)) break;
      k = pv;
      kana++;
    }
    if (kana > 0 && kana <= 6) {
      uint32_t before = k > x->t ? cp_at(jk_cp_prev(x->t, k), 4, &l) : '\n';
      if ((before == '\n' || before == ' ' || before == 0x3001 || before == 0x3002 || before == 0x300C) &&
          org_like(k, (size_t)(e - k)))
        s = k;
    }
  }
  /* 学校法人架空学園 架空専門学校(以下「本校」): a corporation and what it runs. */
  if (!org_like(s, (size_t)(e - s)) && !pair_name(s, (size_t)(e - s))) return false;
  set_org(x, (size_t)(s - x->t), (size_t)(e - x->t));
  return true;
}

/* 3. The body: (以下「当社」) definitions and the first sentence's subject. */
static bool from_body(jk_xctx *x) {
  ((org_state *)x->org_state)->cur = OF_DEFINITION;
  size_t lim = x->n < x->body + 6000 ? x->n : x->body + 6000;
  static const char *const defs[] = {"以下「当社」", "以下、「当社」", "以下「弊社」", "以下、当社",
                                     "以下当社", "以下「当行」", "以下「本学」", "以下「当法人」",
                                     "以下「当協会」", "以下、ドコモ"};
  for (size_t d = 0; d < sizeof defs / sizeof defs[0]; d++) {
    const char *q = jk_find(x->t + x->body, lim - x->body, defs[d]);
    if (q && name_before_bracket(x, q)) return true;
  }
  /* 以下「当庁」, 以下「本会」: any self-reference of a few characters. */
  for (const char *q = x->t + x->body; (q = jk_find(q, (size_t)(x->t + lim - q), "以下")) != NULL; q += 6) {
    const char *r = q + 6;
    size_t rn = (size_t)(x->t + lim - r);
    if (jk_starts(r, rn, "、")) r += 3, rn -= 3;
    if (!jk_starts(r, rn, "「")) continue;
    r += 3, rn -= 3;
    const char *cl = jk_find(r, rn < 24 ? rn : 24, "」");
    if (!cl || !(jk_starts(r, rn, "当") || jk_starts(r, rn, "本") || jk_starts(r, rn, "弊"))) continue;
    if (name_before_bracket(x, q)) return true;
  }
  ((org_state *)x->org_state)->cur = OF_SUBJECT;
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
    if (jk_blank(p, n) || (!jk_has(p, n, "、") && !jk_has(p, n, "。"))) {
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
    /* 株式会社かもめ架空日報社(本社・架空市)は: a legal name in kana, then
       a bracketed note and the particle. */
    {
      size_t pk;
      const char *br = jk_find(p + i, n - i < 120 ? n - i : 120, "(");
      /* (架空農業協同組合(JA架空)は24日、: a name that ends in its kind, then
         its short name in brackets.) */
      if (br && (jk_starts_any(p + i, n - i, jk_org_prefixes, jk_org_prefixes_n, &pk) ||
                 org_suffix_end(p + i, (size_t)(br - (p + i)))) &&
          kana_name(p + i, (size_t)(br - (p + i))) && org_like(p + i, (size_t)(br - (p + i)))) {
        const char *cl = jk_find(br, (size_t)(p + n - br), ")");
        size_t k;
        if (cl && jk_starts_any(cl + 1, (size_t)(p + n - cl - 1), particles, 8, &k)) {
          set_org(x, pos + i, pos + (size_t)(br - p));
          return true;
        }
      }
    }
    /* かみの町の医療法人社団…は: where it is, then who. */
    {
      size_t pr = name_run_kana(p + i, n - i);
      if (pr && jk_starts(p + i + pr, n - i - pr, "の") &&
          jk_ends_any(p + i, pr, gov_units, sizeof gov_units / sizeof gov_units[0]) && org_like(p + i, pr) &&
          jk_starts_any(p + i + pr + 3, n - i - pr - 3, jk_org_prefixes, jk_org_prefixes_n, NULL))
        i += pr + 3;
    }
    /* 医療法人社団架空会 架空診療所は: a corporation and what it runs. */
    {
      const char *sp = jk_find(p + i, n - i < 120 ? n - i : 120, " ");
      if (sp && pair_corp_start(p + i, n - i)) {
        size_t w2 = name_run_kana(sp + 1, (size_t)(p + n - sp - 1)), k;
        size_t both = (size_t)(sp + 1 - (p + i)) + w2;
        if (w2 && pair_name(p + i, both) && jk_starts_any(p + i + both, n - i - both, particles, 8, &k)) {
          size_t sp_at = (size_t)(sp - p);
          add_pair((org_state *)x->org_state, p + i, sp_at - i, sp + 1, w2, OF_SUBJECT);
          return true;
        }
      }
    }
    size_t r = name_run_kana(p + i, n - i);
    /* おぼろ台市では、…: a name that starts in kana. */
    if (r == 0) {
      size_t k = 0, kana = 0, l;
      while (k < n - i && kana < 5) {
        uint32_t c = cp_at(p + i + k, n - i - k, &l);
        if (!is_hiragana(c) || particle_char(c)) break;
        k += l;
        kana++;
      }
      size_t more = kana ? name_run_kana(p + i + k, n - i - k) : 0;
      if (more && org_suffix_end(p + i, k + more) && org_like(p + i, k + more)) r = k + more;
    }
    if (r && !is_self_ref(p + i, r) && !jk_starts(p + i, r, "当該") && !jk_starts(p + i, r, "同")) {
      /* 春日井市立小学校 speaks for its city: clean_name (via set_org) says so. */
      size_t org = org_in_run(p + i, r);
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
      size_t k, gl;
      if (org && org_like(p + i, org) && jk_starts_any(p + a, n - a, particles, 8, &k)) {
        set_org(x, pos + i, pos + i + org);
        return true;
      }
      /* 架空町税務課から通知メールを送った際: a government's office acting;
         a company "から" is as often another party (委託先の…から報告). */
      if (org && org_like(p + i, org) && jk_starts(p + a, n - a, "から") &&
          (gov_owner(p + i, org, &gl) || jk_ends_any(p + i, org, gov_units, sizeof gov_units / sizeof gov_units[0]))) {
        set_org(x, pos + i, pos + i + org);
        return true;
      }
    }
    pos = le + 1;
  }
  return false;
}

/* The line that ends at *e (its LF excluded) as [*ls, *le); *e moves to
   its start, so repeated calls walk a notice's last lines upwards. */
static void prev_line(const jk_xctx *x, size_t *e, size_t *ls, size_t *le) {
  size_t b = *e;
  if (b > 0 && x->t[b - 1] == '\n') b--;
  size_t a = b;
  while (a > 0 && x->t[a - 1] != '\n') a--;
  *ls = a;
  *le = b;
  *e = a;
}

static bool office_line(jk_xctx *x, size_t ls, size_t le);

/* (2025年11月12日 架空協会 理事長 山田 太郎): a reprinted notice's sign-off
   in brackets.  The range inside, after its date. */
static bool signoff_inner(const jk_xctx *x, size_t ls, size_t le, size_t *is, size_t *ie) {
  const char *p = x->t + ls;
  size_t n = le - ls;
  jk_trim(&p, &n);
  if (n < 4 || p[0] != '(' || p[n - 1] != ')' || jk_has(p, n, "。") || jk_cp_more(p, n, 80)) return false;
  size_t a = 1, b = n - 1;
  jk_date d;
  size_t k = jk_parse_date(p + a, b - a, 0, &d);
  if (k && d.y && d.d) a += k;
  while (a < b && p[a] == ' ') a++;
  if (a >= b) return false;
  *is = (size_t)(p - x->t) + a;
  *ie = (size_t)(p - x->t) + b;
  return true;
}

/* Does a desk's name [p,n) carry its owner's (架空市福祉課, not 福祉課)? */
static bool gov_owner_named(const char *p, size_t n) {
  size_t gl;
  return gov_owner(p, n, &gl);
}

/* 4. Signature: a name line among the last lines. */
static bool from_signature(jk_xctx *x) {
  size_t e = x->n;
  static const char *const bullets[] = {"・", "•", "●", "○", "-", "*", "※", ">"};
  for (int i = 0; i < 25 && e > x->body; i++) {
    size_t s, le;
    prev_line(x, &e, &s, &le);
    size_t os, oe;
    /* ・住宅金融支援機構: an item of a list of links, not a signature. */
    const char *lp = x->t + s;
    size_t ln = le - s;
    jk_trim(&lp, &ln);
    if (jk_starts_any(lp, ln, bullets, sizeof bullets / sizeof bullets[0], NULL)) continue;
    /* 事務局 電話 …: a desk (no candidate) does not end the search; nor
       does a desk of no named body on a contact line (読者センター 電話 …). */
    static const char *const phone_marks[] = {"電話", "TEL", "Tel", "FAX", "Fax"};
    static const char *const desks[] = {"センター", "窓口", "課", "係", "室", "部", "デスク"};
    if (s >= x->body && org_line(x->t + s, le - s, &os, &oe)) {
      const char *op = x->t + s + os;
      size_t on = oe - os;
      bool desk_line = jk_has_any(x->t + s, le - s, phone_marks, sizeof phone_marks / sizeof phone_marks[0]) &&
                       jk_ends_any(op, on, desks, sizeof desks / sizeof desks[0]) &&
                       !jk_starts_any(op, on, jk_org_prefixes, jk_org_prefixes_n, NULL) && !gov_owner_named(op, on);
      if (!desk_line && set_org(x, s + os, s + oe)) return true;
    }
    size_t is, ie;
    if (s >= x->body && signoff_inner(x, s, le, &is, &ie) &&
        ((org_line(x->t + is, ie - is, &os, &oe) && set_org(x, is + os, is + oe)) || office_line(x, is, ie)))
      return true;
  }
  return false;
}

/* ---- the places the old order did not look ----------------------------------- */

/*
** Offices whose holder signs for the organisation, longest first; `keeps`
** is the part of the office word that belongs to the name (架空市長 →
** 架空市, 架空病院長 → 架空病院).
*/
static const struct {
  const char *office;
  const char *keeps;
} offices[] = {
    {"代表取締役社長", ""}, {"代表取締役会長", ""}, {"代表取締役", ""}, {"取締役社長", ""}, {"代表執行役社長", ""},
    {"代表執行役", ""},     {"代表理事長", ""},     {"代表理事", ""},   {"理事長", ""},     {"病院長", "病院"},
    {"センター長", "センター"}, {"学長", ""},       {"総長", ""},       {"院長", ""},       {"校長", ""},
    {"園長", ""},           {"館長", ""},           {"会長", ""},       {"社長", ""},       {"頭取", ""},
    {"組合長", ""},         {"所長", ""},           {"局長", ""},       {"署長", ""},       {"教育長", ""},
    {"委員長", ""},         {"施設長", ""},         {"店長", ""},           {"代表社員", ""},       {"代表", ""},       {"業務執行社員", ""}, {"店主", ""},       {"管理者", ""},
    {"市長", "市"},         {"区長", "区"},     {"町長", "町"},     {"村長", "村"},
    {"知事", ""},
};

/* Is [p,n) a person's name (山田 太郎, 田中一郎)?  MeCab's 人名 classes
   decide; without MeCab, two to eight kanji or kana with one space. */
static bool person_name(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (n < 6 || jk_cp_more(p, n, 12)) return false;
  int spaces = 0;
  for (size_t i = 0; i < n;) {
    size_t l = jk_cp_len(p + i, n - i);
    if (p[i] == ' ') spaces++;
    else if (!jk_is_kanji_at(p + i, n - i) && !jk_is_kana_at(p + i, n - i)) return false;
    i += l;
  }
  if (spaces > 1) return false;
  if (!jk_morph_available()) return true;
  /* 髙木 学: a surname, a space, a given name, each of one to four kanji,
     is a name even where the dictionary lacks the characters. */
  if (spaces == 1) {
    const char *sp = jk_find(p, n, " ");
    size_t a = (size_t)(sp - p), b = n - a - 1;
    bool kanji = true;
    for (size_t i = 0; i < n && kanji;) {
      if (p[i] != ' ' && !jk_is_kanji_at(p + i, n - i)) kanji = false;
      i += jk_cp_len(p + i, n - i);
    }
    if (kanji && a >= 3 && b >= 3 && !jk_cp_more(p, a, 4) && !jk_cp_more(sp + 1, b, 4)) return true;
  }
  jk_morph_tok w[8];
  size_t k = jk_morph_parse(p, n, w, 8);
  bool person = false;
  for (size_t i = 0; i < k; i++) {
    if (w[i].cls == JK_MW_SURNAME || w[i].cls == JK_MW_GIVEN || w[i].cls == JK_MW_PERSON) person = true;
    else if (w[i].cls != JK_MW_NOUN && w[i].cls != JK_MW_PROPER && w[i].cls != JK_MW_PLACE) return false;
  }
  return person;
}

/* One word that can be a name (つぐみ野工房, 架空会): name characters and
   kana, two to thirty characters, no particle run, no self-reference. */
static bool bare_name_word(const char *p, size_t n) {
  if (n == 0 || jk_has(p, n, " ") || jk_cp_count(p, n) < 2 || jk_cp_more(p, n, 30) || is_self_ref(p, n)) return false;
  static const char *const prose[] = {"について", "ます", "です", "した", "する", "から", "ため", "より", "及び",
                                      "および", "皆様", "お客様", "のお", "への", "での", "には"};
  if (jk_has_any(p, n, prose, sizeof prose / sizeof prose[0])) return false;
  size_t l, kana_run = 0;
  for (size_t i = 0; i < n; i += l) {
    uint32_t c = cp_at(p + i, n - i, &l);
    if (is_hiragana(c)) {
      if (++kana_run > 4) return false;
    } else if (name_char(c)) {
      kana_run = 0;
    } else {
      return false;
    }
  }
  /* A name ends in a name character, not in kana (…になります). */
  return kana_run == 0;
}

/* Does an office start at p (代表取締役社長: 代表 is part of the office, no
   name before 取締役社長)? */
static bool office_word_at(const char *p, size_t n) {
  static const char *const heads[] = {"代表", "副", "取締役", "執行役", "理事", "常務", "専務"};
  for (size_t k = 0; k < sizeof offices / sizeof offices[0]; k++)
    if (jk_starts(p, n, offices[k].office)) return true;
  return jk_starts_any(p, n, heads, sizeof heads / sizeof heads[0], NULL);
}

/* The issuer before an office on the line [ls, le): 架空市長 山田 太郎,
   架空大学 学長 田中一郎, 株式会社架空 代表取締役社長 佐藤 花子. */
static bool office_line(jk_xctx *x, size_t ls, size_t le) {
  const char *p = x->t + ls;
  size_t n = le - ls;
  jk_trim(&p, &n);
  /* 令和7年10月29日 架空村長 山田 太郎: the date it was signed first. */
  jk_date d;
  size_t dk = jk_parse_date(p, n, 0, &d);
  if (dk && d.y && d.d && dk < n && p[dk] == ' ') {
    p += dk;
    n -= dk;
    jk_trim(&p, &n);
  }
  if (n < 9 || jk_cp_more(p, n, 60) || jk_has(p, n, "。") || jk_has(p, n, "、")) return false;
  for (size_t i = 3; i < n;) {
    for (size_t k = 0; k < sizeof offices / sizeof offices[0]; k++) {
      if (!jk_starts(p + i, n - i, offices[k].office)) continue;
      size_t after = i + strlen(offices[k].office);
      if (!person_name(p + after, n - after)) return false;
      size_t keep = strlen(offices[k].keeps);
      size_t end = i + keep;
      /* 架空市長: the 市 of 市長 is the city's; 架空県知事 has it already. */
      const char *b = p;
      size_t bn = end;
      jk_trim(&b, &bn);
      /* 運営:有限会社架空商事 代表取締役 …: a label before the name. */
      size_t lk;
      if (jk_starts_any(b, bn, name_labels, sizeof name_labels / sizeof name_labels[0], &lk) && lk < bn &&
          (b[lk] == ':' || b[lk] == ' ')) {
        b += lk + 1;
        bn -= lk + 1;
        jk_trim(&b, &bn);
      }
      if (bn == 0) return false;
      if (!org_like(b, bn)) {
        /* 架空市 健康福祉部長: the name is the first word. */
        const char *sp = jk_find(b, bn, " ");
        if (sp && org_like(b, (size_t)(sp - b))) bn = (size_t)(sp - b);
        /* 架空会 会長 山田 太郎: an office and a person sign for whatever
           name stands before them, suffix or not — one word of name
           characters, not a self-reference. */
        else if (sp || !bare_name_word(b, bn) || office_word_at(b, bn + strlen(offices[k].office)))
          return false;
      }
      set_org(x, (size_t)(b - x->t), (size_t)(b - x->t) + bn);
      return true;
    }
    i += jk_cp_len(p + i, n - i);
  }
  return false;
}

/*
** 株式会社架空 / 代表取締役 佐藤 花子: the office and the person on a line of
** their own, the issuer on the line above.
*/
static bool office_below(jk_xctx *x, size_t ls, size_t le) {
  const char *p = x->t + ls;
  size_t n = le - ls;
  jk_trim(&p, &n);
  if (jk_cp_more(p, n, 30) || jk_has(p, n, "。")) return false;
  size_t k = 0;
  for (; k < sizeof offices / sizeof offices[0]; k++)
    if (!offices[k].keeps[0] && jk_starts(p, n, offices[k].office)) break;
  if (k == sizeof offices / sizeof offices[0]) return false;
  size_t after = strlen(offices[k].office);
  if (!person_name(p + after, n - after)) return false;
  /* The line above, skipping blanks. */
  size_t e = ls, s2, le2;
  for (int i = 0; i < 2 && e > x->body; i++) {
    prev_line(x, &e, &s2, &le2);
    const char *q = x->t + s2;
    size_t qn = le2 - s2;
    jk_trim(&q, &qn);
    if (qn == 0) continue;
    /* みつばち坂デンタルオフィス / 院長 山田 太郎: the name above an office
       and a person signs, legal form or not. */
    if (jk_cp_more(q, qn, 40) || jk_has(q, qn, "。") || !(org_like(q, qn) || bare_name_word(q, qn))) return false;
    set_org(x, (size_t)(q - x->t), (size_t)(q - x->t) + qn);
    return true;
  }
  return false;
}

/* The line starting at or before off: [*ls, *le). */
static void line_bounds(const jk_xctx *x, size_t off, size_t *ls, size_t *le) {
  size_t a = off;
  while (a > 0 && x->t[a - 1] != '\n') a--;
  size_t b = off;
  while (b < x->n && x->t[b] != '\n') b++;
  *ls = a;
  *le = b;
}

/* 5. A signature with an office and a person, at the end or by the title. */
static void from_offices(org_state *o) {
  jk_xctx *x = o->x;
  static const char *const cue[] = {"長", "知事", "代表", "頭取"};
  o->cur = OF_OFFICE;
  size_t e = x->n;
  for (int i = 0; i < 20 && e > x->body; i++) {
    size_t s, le;
    prev_line(x, &e, &s, &le);
    if (s >= x->body && jk_has_any(x->t + s, le - s, cue, 4) && (office_line(x, s, le) || office_below(x, s, le)))
      return;
  }
  size_t pos = x->body;
  for (int i = 0; i < 8 && pos < x->n; i++) {
    size_t ls, le;
    line_bounds(x, pos, &ls, &le);
    if (jk_has(x->t + ls, le - ls, "。")) break;
    if (jk_has_any(x->t + ls, le - ls, cue, 4) && office_line(x, ls, le)) return;
    pos = le + 1;
  }
}

/* 6. The contact block: お問い合わせ先 / 連絡先, and the lines under it. */
static void from_contact(org_state *o) {
  jk_xctx *x = o->x;
  static const char *const heads[] = {"問い合わせ", "問合せ", "問合わせ", "連絡先", "照会先", "相談窓口"};
  o->cur = OF_CONTACT;
  size_t from = x->body + (x->n - x->body) / 3;
  const char *q = jk_find_any(x->t + from, x->n - from, heads, 6, NULL);
  if (!q) return;
  size_t ls, le;
  line_bounds(x, (size_t)(q - x->t), &ls, &le);
  for (int i = 0; i < 7 && ls < x->n; i++) {
    const char *p = x->t + ls;
    size_t n = le - ls;
    clean_name(&p, &n);
    size_t os, oe;
    if (n && org_line(p, n, &os, &oe)) {
      set_org(x, (size_t)(p - x->t) + os, (size_t)(p - x->t) + oe);
      return;
    }
    /* 株式会社架空交通 総務部 担当:山田: the name, then the desk and who
       answers. */
    const char *sp = n ? jk_find(p, n, " ") : NULL;
    if (sp && sp > p && !jk_has(p, n, "。") && org_like(p, (size_t)(sp - p)) &&
        !(jk_starts_any(p, (size_t)(sp - p), jk_org_prefixes, jk_org_prefixes_n, &os) && os == (size_t)(sp - p))) {
      set_org(x, (size_t)(p - x->t), (size_t)(sp - x->t));
      return;
    }
    if (le >= x->n) break;
    line_bounds(x, le + 1, &ls, &le);
  }
}



/* 7. The web site's own name. */
static void from_publisher(org_state *o) {
  jk_xctx *x = o->x;
  if (!x->publisher) return;
  jk_buf b;
  jk_buf_init(&b);
  if (jk_normalize(x->publisher, strlen(x->publisher), &b, NULL) || !b.p) {
    jk_buf_free(&b);
    return;
  }
  const char *p = b.p;
  size_t n = b.len;
  jk_trim(&p, &n);
  clean_name(&p, &n);
  if (n && (org_like(p, n) || pair_name(p, n))) {
    o->cur = OF_PUBLISHER;
    const char *in = jk_memmem(x->t, x->n, p, n);
    if (in) add_cand(o, (size_t)(in - x->t), (size_t)(in - x->t) + n, NULL, OF_PUBLISHER);
    else add_cand(o, 0, 0, jk_arena_strndup(x->r->arena, p, n), OF_PUBLISHER);
  }
  jk_buf_free(&b);
}

/* The site's name as the page's own text prints it: a footer ©, or a
   header 架空市公式ホームページ (a page saved as text keeps them).  The name's
   span within [p,n) in *qs, *qn. */
/* Does [p,n) end in the dot of a Latin legal form (Inc. Ltd. Co. Corp.)? */
static bool latin_form_dot(const char *p, size_t n) {
  static const char *const forms[] = {"Inc.", "Ltd.", "Co.", "Corp.", "inc.", "K.K."};
  return jk_ends_any(p, n, forms, sizeof forms / sizeof forms[0]);
}

static bool site_name(const char *p, size_t n, size_t *qs, size_t *qn) {
  static const char *const marks[] = {"Copyright", "COPYRIGHT", "copyright", "©", "(C)", "(c)", "All Rights Reserved",
                                      "All rights reserved", "公式ホームページ", "公式ウェブサイト", "公式サイト",
                                      "オフィシャルサイト", "ホームページ", "ウェブサイト", "Webサイト", "WEBサイト"};
  if (n == 0 || jk_cp_more(p, n, 80) || !jk_has_any(p, n, marks, sizeof marks / sizeof marks[0])) return false;
  /* Cut every mark and year away; what is left is the name. */
  size_t s = 0, e = n;
  for (bool again = true; again;) {
    again = false;
    while (s < e && (p[s] == ' ' || p[s] == '.' || p[s] == ',' || (p[s] >= '0' && p[s] <= '9') || p[s] == '-')) s++, again = true;
    /* (Not the dot of Inc. / Ltd. / Co.) */
    while (e > s && (p[e - 1] == ' ' || (p[e - 1] == '.' && !latin_form_dot(p + s, e - s)) || p[e - 1] == ',' ||
                     (p[e - 1] >= '0' && p[e - 1] <= '9') || p[e - 1] == '-'))
      e--, again = true;
    size_t k;
    if (jk_starts_any(p + s, e - s, marks, sizeof marks / sizeof marks[0], &k)) s += k, again = true;
    for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
      if (jk_ends(p + s, e - s, marks[m])) e -= strlen(marks[m]), again = true;
  }
  const char *q = p + s;
  size_t l = e - s;
  clean_name(&q, &l);
  if (!l || !org_like(q, l)) return false;
  *qs = (size_t)(q - p);
  *qn = l;
  return true;
}

static bool site_line(jk_xctx *x, size_t ls, size_t le) {
  size_t qs, qn;
  if (!site_name(x->t + ls, le - ls, &qs, &qn)) return false;
  add_cand(x->org_state, ls + qs, ls + qs + qn, NULL, OF_PUBLISHER);
  return true;
}

/* ホーム > 市政情報 > 報道発表: a site's path printed under its name. */
static bool breadcrumb_line(const char *p, size_t n) {
  static const char *const roots[] = {"ホーム", "トップページ", "トップ", "TOP", "Top", "HOME", "Home", "home"};
  jk_trim(&p, &n);
  size_t k;
  if (!jk_starts_any(p, n, roots, sizeof roots / sizeof roots[0], &k)) return false;
  p += k, n -= k;
  jk_trim(&p, &n);
  return n > 0 && (p[0] == '>' || jk_starts(p, n, "›") || jk_starts(p, n, "»") || jk_starts(p, n, "/"));
}

/* 大学案内 学部・大学院 入試情報 キャンパスライフ: a site's menu, short
   words between spaces or bars and no sentence. */
static bool menu_line(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (!n || jk_has(p, n, "。") || jk_has(p, n, "、") || jk_cp_more(p, n, 120)) return false;
  int words = 0;
  /* Words between bars may be longer (法人・事業者のお客さま | 店舗・ATM). */
  size_t longest = memchr(p, '|', n) ? 14 : 10;
  for (size_t i = 0; i < n;) {
    size_t w = i;
    while (w < n && p[w] != ' ' && p[w] != '|') w++;
    if (w > i) {
      if (jk_cp_more(p + i, w - i, longest)) return false;
      words++;
    }
    i = w + 1;
  }
  return words >= 3;
}

/* 株式会社ソレイユ書房|ニュース: a page title kept as a line, the site's
   name on one side of the bar.  Its offset and length in [p, n). */
static bool bar_title_name(const char *p, size_t n, size_t *qs, size_t *qn) {
  /* 架空村からのお知らせ: a page's header naming whose news it is. */
  static const char *const news_of[] = {"からのお知らせ", "のお知らせ", "からのおしらせ"};
  {
    const char *q = p;
    size_t l = n;
    jk_trim(&q, &l);
    size_t k;
    for (k = 0; k < sizeof news_of / sizeof news_of[0]; k++)
      if (jk_ends(q, l, news_of[k]) && l > strlen(news_of[k])) break;
    if (k < sizeof news_of / sizeof news_of[0] && !jk_cp_more(q, l, 30)) {
      size_t nl = l - strlen(news_of[k]);
      if (org_like(q, nl)) {
        *qs = (size_t)(q - p);
        *qn = nl;
        return true;
      }
    }
  }
  const char *bar = jk_find(p, n, "|");
  if (!bar || jk_cp_more(p, n, 60)) return false;
  size_t b = (size_t)(bar - p);
  const char *parts[2] = {p, bar + 1};
  size_t lens[2] = {b, n - b - 1};
  for (int k = 0; k < 2; k++) {
    const char *q = parts[k];
    size_t l = lens[k];
    jk_trim(&q, &l);
    if (l && org_like(q, l)) {
      *qs = (size_t)(q - p);
      *qn = l;
      return true;
    }
  }
  return false;
}

/* ニュース一覧 / お知らせ / 新着情報: the name of a page of posts, printed
   under the site's name. */
static bool listing_label(const char *p, size_t n) {
  jk_trim(&p, &n);
  if (!n || jk_cp_more(p, n, 12)) return false;
  static const char *const labels[] = {"お知らせ", "ニュース", "新着情報", "News", "NEWS", "トピックス",
                                       "プレスリリース", "報道発表", "ニュースリリース", "What's New"};
  if (jk_ends(p, n, "一覧")) return true;
  /* 病院からのお知らせ: whose news the page lists. */
  if (jk_ends(p, n, "からのお知らせ")) return true;
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (n == strlen(labels[i]) && memcmp(p, labels[i], n) == 0) return true;
  return false;
}

/* 報道発表資料 / 記者発表 / プレスリリース一覧: a page of releases. */
static bool press_page_label(const char *p, size_t n) {
  jk_trim(&p, &n);
  static const char *const labels[] = {"報道発表資料", "報道発表", "記者発表資料", "記者発表", "プレスリリース",
                                       "ニュースリリース", "報道資料", "お知らせ一覧", "新着情報一覧"};
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
    if (n == strlen(labels[i]) && memcmp(p, labels[i], n) == 0) return true;
  return false;
}

/*
** The site's name a page's header prints, within its first lines: a line
** with 公式ホームページ or ©, or a line that is only a name above the site's
** path (架空市 / ホーム > 市政情報 > …).  Span in *ns, *nn.
*/
static bool header_site(const char *t, size_t n, size_t *ns, size_t *nn) {
  size_t pos = 0, prev_s = 0, prev_n = 0;
  bool prev = false;
  for (int i = 0; i < 6 && pos < n;) {
    const char *nl = memchr(t + pos, '\n', n - pos);
    size_t le = nl ? (size_t)(nl - t) : n;
    const char *p = t + pos;
    size_t ln = le - pos;
    if (!jk_blank(p, ln)) {
      size_t qs, qn;
      /* The site's name line, or the page's first line as its title. */
      /* 架空市上下水道局 / トップ > …: the site of a city's bureau is the city's. */
      size_t gl;
      if (site_name(p, ln, &qs, &qn) || (i == 0 && bar_title_name(p, ln, &qs, &qn))) {
        *ns = pos + qs, *nn = gov_owner(p + qs, qn, &gl) ? gl : qn;
        return true;
      }
      if (prev && (breadcrumb_line(p, ln) || menu_line(p, ln) || listing_label(p, ln))) {
        *ns = prev_s, *nn = gov_owner(t + prev_s, prev_n, &gl) ? gl : prev_n;
        return true;
      }
      const char *q = p;
      size_t l = ln;
      jk_trim(&q, &l);
      /* 架空市 ホーム > 市政情報 > …: the site's name before its path. */
      {
        const char *hp = jk_find(q, l, " ホーム");
        size_t owner2;
        if (hp && hp > q && breadcrumb_line(hp + 1, (size_t)(q + l - hp - 1)) && org_like(q, (size_t)(hp - q))) {
          *ns = (size_t)(q - t), *nn = gov_owner(q, (size_t)(hp - q), &owner2) ? owner2 : (size_t)(hp - q);
          return true;
        }
      }
      /* 架空県 報道発表資料 / 架空市 新着情報: the site's name and the page's. */
      {
        const char *sp = NULL;
        for (const char *c = q; (c = memchr(c, ' ', (size_t)(q + l - c))) != NULL; c++) sp = c;
        size_t owner;
        if (sp && sp > q && (listing_label(sp + 1, (size_t)(q + l - sp - 1)) || press_page_label(sp + 1, (size_t)(q + l - sp - 1))) &&
            org_like(q, (size_t)(sp - q))) {
          *ns = (size_t)(q - t), *nn = gov_owner(q, (size_t)(sp - q), &owner) ? owner : (size_t)(sp - q);
          return true;
        }
      }
      /* 架空市 Kaku City: the name and its English. */
      const char *sp = jk_find(q, l, " ");
      if (sp && sp > q && ((unsigned char)sp[1] < 0x80) && org_like(q, (size_t)(sp - q))) {
        bool ascii = true;
        for (const char *c = sp; c < q + l && ascii; c++) ascii = (unsigned char)*c < 0x80;
        if (ascii) l = (size_t)(sp - q);
      }
      prev = !jk_cp_more(q, l, 30) && (org_like(q, l) || pair_name(q, l));
      prev_s = (size_t)(q - t), prev_n = l;
      i++;
    }
    pos = le + 1;
  }
  return false;
}

size_t jk_page_site(const char *text, size_t len, char *out, size_t cap) {
  size_t s, n;
  if (cap == 0) return 0;
  out[0] = 0;
  if (!header_site(text, len, &s, &n) || n >= cap) return 0;
  memcpy(out, text + s, n);
  out[n] = 0;
  return n;
}

/* 7b. The site's name in the page's own header or footer lines. */
static void from_site_lines(org_state *o) {
  jk_xctx *x = o->x;
  size_t e = x->n;
  for (int i = 0; i < 10 && e > x->body; i++) {
    size_t s, le;
    prev_line(x, &e, &s, &le);
    if (site_line(x, s, le)) return;
  }
  size_t hs, hn;
  if (header_site(x->t, x->n, &hs, &hn)) {
    add_cand(o, hs, hs + hn, NULL, OF_PUBLISHER);
    return;
  }
  size_t pos = 0;
  for (int i = 0; i < 6 && pos < x->n && pos <= x->body; i++) {
    size_t ls, le;
    line_bounds(x, pos, &ls, &le);
    /* (A 公式ホームページ line here was read by header_site.) */
    size_t qs, qn;
    if (bar_title_name(x->t + ls, le - ls, &qs, &qn)) {
      add_cand(o, ls + qs, ls + qs + qn, NULL, OF_PUBLISHER);
      return;
    }
    pos = le + 1;
  }
}

/*
** What 本市 / 本県 / 本学 / 当院 / 当社 refer to: the kind of name (its
** suffixes, "|" between), and whether a name of that kind anywhere in the
** text is worth a candidate (a city seldom names another city; a company
** names its contractors).
*/
static const struct {
  const char *ref;
  const char *kind;
  bool mention;
  bool implicit; /* implies the kind without naming the issuer (市民, 副市長) */
} self_kinds[] = {
    {"本市", "市", true, false},          {"当市", "市", true, false},         {"本県", "県", true, false},
    {"当県", "県", true, false},          {"本町", "町", true, false},         {"当町", "町", true, false},
    {"本村", "村", true, false},          {"当村", "村", true, false},         {"本区", "区", true, false},
    {"当区", "区", true, false},          {"本都", "都", true, false},         {"本府", "府", true, false},
    {"本学", "大学|学園", true, false},   {"当学", "大学|学園", true, false},
    {"当院", "病院|クリニック|医院|診療所", true, false},
    {"本院", "病院|クリニック|医院|診療所", true, false},
    {"当行", "銀行", false, false},
    {"当社", "株式会社|有限会社|合同会社|社", false, false},
    {"弊社", "株式会社|有限会社|合同会社|社", false, false},
    {"当協会", "協会", false, false},     {"本協会", "協会", false, false},    {"当組合", "組合", false, false},
    {"当機構", "機構", false, false},     {"当財団", "財団", false, false},    {"当センター", "センター", false, false},
    {"当校", "学校", true, false},        {"本校", "学校", true, false},       {"当館", "館", true, false},
    /* A city's own words for itself and its people. */
    {"市民の皆", "市", true, true},       {"副市長", "市", true, true},        {"市役所", "市", true, true},
    {"県民の皆", "県", true, true},       {"副知事", "県", true, true},        {"県庁", "県", true, true},
    {"町民の皆", "町", true, true},       {"副町長", "町", true, true},        {"町役場", "町", true, true},
    {"村民の皆", "村", true, true},       {"区民の皆", "区", true, true},      {"区役所", "区", true, true},
    {"市といたしまして", "市", true, true}, {"町といたしまして", "町", true, true}, {"村といたしまして", "村", true, true},
    {"県といたしまして", "県", true, true}, {"町長", "町", true, true},          {"村長", "村", true, true},
    {"役場職員", "町|村", true, true},
    {"本紙", "新聞社|新聞|日報|新報|タイムス", true, false}, {"弊紙", "新聞社|新聞|日報|新報|タイムス", true, false},
    {"当店", "株式会社|有限会社|合同会社|社", false, false}, {"弊店", "株式会社|有限会社|合同会社|社", false, false},
};

/* The self_kinds' words as one list, for one pass over the text (made once
   from the table, so the two cannot drift apart). */
enum { N_SELF_KINDS = sizeof self_kinds / sizeof self_kinds[0] };
static const char *self_kind_words[N_SELF_KINDS];
static pthread_once_t self_kind_once = PTHREAD_ONCE_INIT;
static void make_self_kind_words(void) {
  for (size_t i = 0; i < N_SELF_KINDS; i++) self_kind_words[i] = self_kinds[i].ref;
}

static bool ends_with_kind(const char *p, size_t n, const char *kind) {
  while (*kind) {
    const char *bar = strchr(kind, '|');
    size_t k = bar ? (size_t)(bar - kind) : strlen(kind);
    if (n >= k && memcmp(p + n - k, kind, k) == 0) return true;
    kind += k + (bar ? 1 : 0);
  }
  return false;
}

/* Does [p,n) contain one of the kind's suffixes anywhere? */
static bool has_kind(const char *p, size_t n, const char *kind) {
  while (*kind) {
    const char *bar = strchr(kind, '|');
    size_t k = bar ? (size_t)(bar - kind) : strlen(kind);
    if (jk_memmem(p, n, kind, k)) return true;
    kind += k + (bar ? 1 : 0);
  }
  return false;
}

/* Which self-reference the text uses most; o->kind and o->self_ref. */
static int find_self_kind(org_state *o) {
  jk_xctx *x = o->x;
  enum { NR = N_SELF_KINDS };
  pthread_once(&self_kind_once, make_self_kind_words);
  int count[NR] = {0};
  size_t at = 0, which;
  const char *q;
  while (at < x->n && (q = jk_find_any(x->t + at, x->n - at, self_kind_words, NR, &which)) != NULL) {
    count[which]++;
    at = (size_t)(q - x->t) + strlen(self_kind_words[which]);
  }
  /* An explicit 本市 / 当社 first; 市民の皆様 only when there is none. */
  int best = -1;
  for (int pass = 0; pass < 2 && best < 0; pass++)
    for (size_t i = 0; i < NR; i++)
      if (count[i] && self_kinds[i].implicit == (pass == 1) && (best < 0 || count[i] > count[best])) best = (int)i;
  o->self_ref = (best >= 0 && !self_kinds[best].implicit) || jk_has_any(x->t, x->n, jk_self_refs, jk_self_refs_n);
  if (best >= 0) o->kind = self_kinds[best].kind;
  return best;
}

/* 8. Names of the kind the self-reference points at (本県 … 架空県健康福祉部). */
/* An address line's municipality of the kind: 青柳県雲居郡苔野町大字本郷 →
   苔野町 (kind 町), 架空県霧ヶ丘市北町 → 霧ヶ丘市 (kind 市). */
static bool address_mention(org_state *o, size_t i, size_t r, const char *kind) {
  jk_xctx *x = o->x;
  const char *p = x->t + i;
  static const char *const above[] = {"都", "道", "府", "県", "郡"};
  /* Only a run that starts with a prefecture is an address. */
  size_t k = 0, pref = 0;
  while (k < r && k < 15) {
    k += jk_cp_len(p + k, r - k);
    if (k >= 6 && jk_ends_any(p, k, above, 4)) {
      pref = k;
      break;
    }
  }
  if (!pref) return false;
  size_t start = pref;
  for (size_t q = pref; q < r;) {
    q += jk_cp_len(p + q, r - q);
    if (jk_ends(p, q, "郡")) start = q;
    if (q - start >= 6 && ends_with_kind(p + start, q - start, kind)) {
      if (!org_like(p + start, q - start)) return false;
      add_cand(o, i + start, i + q, NULL, OF_MENTION);
      return true;
    }
    /* A town of a city (霧ヶ丘市北町) is the city's. */
    if (jk_ends(p, q, "市") && strcmp(kind, "市") != 0) return false;
  }
  return false;
}

/* A mention of the kind must be a name standing on its own: 副市長, 市民,
   市立 and 市内 are words of their own, and a one-character stem (各市,
   同県) names no place. */
static bool mention_ok(const jk_xctx *x, size_t s, size_t e) {
  if (jk_cp_count(x->t + s, e - s) < 3) return false;
  static const char *const joined[] = {"長", "民", "議", "立", "内", "外", "営", "場", "域", "政", "職員", "役"};
  return !jk_starts_any(x->t + e, x->n - e, joined, sizeof joined / sizeof joined[0], NULL);
}

static void from_mentions(org_state *o, int ref) {
  jk_xctx *x = o->x;
  if (ref < 0 || !self_kinds[ref].mention) return;
  o->cur = OF_MENTION;
  int added = 0;
  for (size_t i = x->head; i < x->n && added < 12;) {
    size_t l = jk_cp_len(x->t + i, x->n - i);
    uint32_t c = jk_fast_cp(x->t + i, x->n - i);
    if (!name_char(c) || c == ' ') {
      i += l;
      continue;
    }
    size_t r = name_run_kana(x->t + i, x->n - i);
    /* Most runs hold no suffix of the kind: skip them before the costly look. */
    if (!has_kind(x->t + i, r, self_kinds[ref].kind)) {
      i += r ? r : l;
      continue;
    }
    /* 〒… 青柳県雲居郡苔野町大字本郷: an address; the town's name starts after
       its prefecture or county. */
    if (address_mention(o, i, r, self_kinds[ref].kind)) {
      added++;
      i += r;
      continue;
    }
    size_t org = org_in_run(x->t + i, r);
    /* 架空市架空町衛生組合: the run names a body of several; its first
       member is the kind we look for. */
    if (org == r && !ends_with_kind(x->t + i, r, self_kinds[ref].kind)) {
      size_t first = earliest_org_in_run(x->t + i, r);
      if (first && first < r && ends_with_kind(x->t + i, first, self_kinds[ref].kind)) {
        if (!org_like(x->t + i, first) || !mention_ok(x, i, i + first)) first = 0;
        if (first) {
          add_cand(o, i, i + first, NULL, OF_MENTION);
          added++;
        }
      }
      i += r;
      continue;
    }
    /* 架空県健康福祉部: the prefecture and its department; 工学系大学院 is
       no university. */
    if (org && org < r) {
      const char *rest = x->t + i + org;
      size_t rn = r - org;
      if (!jk_ends_any(rest, rn, gov_body_ends, sizeof gov_body_ends / sizeof gov_body_ends[0]) &&
          !org_suffix_end(rest, rn) && !org_in_run(rest, rn))
        org = 0;
    }
    if (org) {
      const char *p = x->t + i;
      size_t n = org;
      clean_name(&p, &n);
      if (n && ends_with_kind(p, n, self_kinds[ref].kind) && org_like(p, n) &&
          mention_ok(x, (size_t)(p - x->t), (size_t)(p - x->t) + n)) {
        add_cand(o, (size_t)(p - x->t), (size_t)(p - x->t) + n, NULL, OF_MENTION);
        added++;
      }
    }
    i += r ? r : l;
  }
}

/* 9. An organisation the IPA dictionary knows (沖縄タイムス社, 野村證券), in the
   title or the first sentence: a newspaper or a broker naming itself once. */
/*
** The runs of name characters in [from, to) (沖縄タイムス社, 架空日報社),
** joined by 、 into one short buffer for one MeCab call: the analyser
** reads a few dozen bytes per notice instead of whole sentences.
*/
static void dict_span(org_state *o, size_t from, size_t to) {
  jk_xctx *x = o->x;
  char buf[256];
  uint32_t at[256]; /* text offset of each buffer byte that came from it */
  size_t bn = 0;
  for (size_t i = from; i < to && bn < sizeof buf - 8;) {
    size_t l = jk_cp_len(x->t + i, to - i);
    uint32_t c = jk_fast_cp(x->t + i, to - i);
    if (!name_char(c)) {
      i += l;
      continue;
    }
    size_t r = name_run(x->t + i, to - i);
    size_t cps = jk_cp_count(x->t + i, r);
    if (cps >= 3 && cps <= 20 && bn + r + 3 < sizeof buf) {
      for (size_t k = 0; k < r; k++) {
        buf[bn] = x->t[i + k];
        at[bn++] = (uint32_t)(i + k);
      }
      memcpy(buf + bn, "、", 3);
      for (int k = 0; k < 3; k++) at[bn++] = UINT32_MAX;
    }
    i += r ? r : l;
  }
  if (bn == 0) return;
  jk_morph_tok w[64];
  size_t k = jk_morph_parse(buf, bn, w, 64);
  for (size_t i = 0; i < k; i++) {
    if (w[i].cls != JK_MW_ORG || w[i].unknown || at[w[i].off] == UINT32_MAX) continue;
    size_t s = at[w[i].off], e = s + w[i].len;
    /* 沖縄タイムス + 社, 野村證券 + 株式会社 */
    if (i + 1 < k && (w[i + 1].cls == JK_MW_SUFFIX || w[i + 1].cls == JK_MW_NOUN) && at[w[i + 1].off] == e &&
        org_suffix_end(x->t + s, e - s + w[i + 1].len))
      e += w[i + 1].len;
    if (jk_cp_count(x->t + s, e - s) < 2) continue;
    add_cand(o, s, e, NULL, OF_DICT_ORG);
  }
}

static void from_dictionary(org_state *o) {
  jk_xctx *x = o->x;
  o->cur = OF_DICT_ORG;
  /* The title, and the first sentence of the body (to its 。). */
  dict_span(o, x->head, x->head_end);
  size_t s = x->body;
  while (s < x->n && (x->t[s] == '\n' || x->t[s] == ' ')) s++;
  size_t lim = x->n - s < 400 ? x->n - s : 400;
  while (lim > 0 && s + lim < x->n && (((unsigned char)x->t[s + lim]) & 0xC0) == 0x80) lim--;
  const char *stop = jk_find(x->t + s, lim, "。");
  if (s < x->n) dict_span(o, s, stop ? (size_t)(stop - x->t) : s + lim);
}

/* 11. A blog that reprints a notice names its source: 引用元 株式会社…. */
static void from_source_lines(org_state *o) {
  jk_xctx *x = o->x;
  static const char *const heads[] = {"引用元", "出典:", "出典 ", "情報元"};
  o->cur = OF_SIGNATURE;
  const char *q = jk_find_any(x->t + x->body, x->n - x->body, heads, 4, NULL);
  if (!q) return;
  size_t ls, le;
  line_bounds(x, (size_t)(q - x->t), &ls, &le);
  const char *p = x->t + ls;
  size_t n = le - ls;
  clean_name(&p, &n);
  if (n && org_like(p, n)) set_org(x, (size_t)(p - x->t), (size_t)(p - x->t) + n);
}

/* 運営:合同会社架空 / 販売業者:… in a shop page's footer: who runs the
   shop that speaks as 当店. */
static void from_operator_lines(org_state *o) {
  jk_xctx *x = o->x;
  static const char *const heads[] = {"運営:", "運営会社:", "運営者:", "販売業者:", "事業者名:", "運営元:",
                                      "提供:", "提供元:", "開発・運営:", "企画・運営:", "運営・開発:", "販売元:"};
  o->cur = OF_CONTACT;
  size_t e = x->n;
  for (int i = 0; i < 10 && e > x->body; i++) {
    size_t ls, le, k;
    prev_line(x, &e, &ls, &le);
    const char *p = x->t + ls;
    size_t n = le - ls;
    jk_trim(&p, &n);
    /* 当ファンクラブは株式会社架空プロダクションが運営しています。 */
    /* …まちマルシェ は X合同会社 が提供しています。: a brand's provider. */
    static const char *const runs[] = {"が運営しています", "が運営しております", "が運営する", "が運営を行って",
                                       "が提供しています", "が提供しております"};
    const char *rp = NULL;
    for (size_t r = 0; r < sizeof runs / sizeof runs[0] && !rp; r++) rp = jk_find(p, n, runs[r]);
    if (rp && !jk_cp_more(p, n, 80)) {
      const char *ha = jk_find(p, (size_t)(rp - p), "は");
      if (ha) {
        const char *np = ha + 3;
        size_t nn = (size_t)(rp - np);
        clean_name(&np, &nn);
        if (nn && (jk_starts_any(np, nn, jk_org_prefixes, jk_org_prefixes_n, NULL) || org_suffix_end(np, nn)) &&
            org_like(np, nn)) {
          add_cand(o, (size_t)(np - x->t), (size_t)(np - x->t) + nn, NULL, OF_CONTACT);
          return;
        }
      }
    }
    if (!jk_starts_any(p, n, heads, sizeof heads / sizeof heads[0], &k)) continue;
    p += k, n -= k;
    clean_name(&p, &n);
    if (n && org_like(p, n)) add_cand(o, (size_t)(p - x->t), (size_t)(p - x->t) + n, NULL, OF_CONTACT);
    return;
  }
}

/*
** 12. A hospital or a school under the corporation that runs it, printed
** together in the letterhead or the signature: 医療法人架空会 架空病院 on
** one line (an office and a person may follow: 院長 山田 太郎), or the
** corporation on one line and the hospital on the next.  The issuer is
** the pair, as it names itself.
*/
static const char *const pair_corps[] = {"医療法人", "社会医療法人", "特定医療法人", "学校法人", "社会福祉法人",
                                         "地方独立行政法人", "独立行政法人", "国立大学法人", "公立大学法人"};
static const char *const pair_sites[] = {"病院", "クリニック", "医院", "診療所", "大学", "短期大学", "高等学校",
                                         "中学校", "小学校", "中等教育学校", "専門学校", "幼稚園", "こども園",
                                         "ホーム", "荘", "保育園", "保育所", "ステーション", "薬局"};
/* University corporations, named after their university. */
static const char *const univ_corps[] = {"国立大学法人", "公立大学法人"};
/* Facilities named kind first (介護老人保健施設あかね沼の里). */
static const char *const pair_site_kinds[] = {"介護老人保健施設", "特別養護老人ホーム", "障害者支援施設", "障害福祉サービス事業所",
                                              "訪問看護ステーション", "グループホーム", "デイサービスセンター", "養護老人ホーム",
                                              "軽費老人ホーム", "認定こども園", "児童養護施設", "放課後等デイサービス"};
/* …and what may follow the pair on its line: an office and a person, or
   the desk that signs (事務局). */
static const char *const pair_offices[] = {"院長", "病院長", "理事長", "学長", "校長", "園長", "事務長", "施設長",
                                           "事務局", "事務部", "総務課", "総務部", "事務室", "広報", "〒"};

static bool pair_corp_start(const char *p, size_t n) {
  return jk_starts_any(p, n, pair_corps, sizeof pair_corps / sizeof pair_corps[0], NULL);
}

/* The first word of [p,n) (up to a space) in *wn; the rest after it in *rest. */
static size_t first_word(const char *p, size_t n, const char **rest, size_t *rn) {
  size_t w = 0;
  while (w < n && p[w] != ' ') w++;
  const char *r = p + w;
  size_t m = n - w;
  jk_trim(&r, &m);
  *rest = r;
  *rn = m;
  return w;
}

static bool pair_site(const char *p, size_t n) {
  size_t k;
  return jk_ends_any(p, n, pair_sites, sizeof pair_sites / sizeof pair_sites[0]) ||
         (jk_starts_any(p, n, pair_site_kinds, sizeof pair_site_kinds / sizeof pair_site_kinds[0], &k) && k < n);
}

/* 合同会社架空ケア runs 架空訪問看護ステーション: companies and NPOs run care
   stations and facilities (paired only with those, see pair_fits). */
static bool care_corp(const char *p, size_t n) {
  static const char *const forms[] = {"株式会社", "合同会社", "有限会社", "一般社団法人", "特定非営利活動法人", "NPO法人"};
  return jk_starts_any(p, n, forms, sizeof forms / sizeof forms[0], NULL);
}

static bool pair_part(const char *p, size_t n, bool corp) {
  size_t k;
  /* 介護老人保健施設あかね沼の里: its kind says what it is, whatever the name. */
  if (!corp && n && !jk_cp_more(p, n, 30) &&
      jk_starts_any(p, n, pair_site_kinds, sizeof pair_site_kinds / sizeof pair_site_kinds[0], &k) && k < n &&
      !jk_has(p + k + (p[k] == ' '), n - k - (p[k] == ' '), " "))
    return true;
  /* 架空訪問看護ステーション, 架空薬局: ends that are no legal suffix. */
  static const char *const site_ends[] = {"ステーション", "薬局"};
  if (!corp && n && !jk_has(p, n, " ") && !jk_cp_more(p, n, 30) && jk_cp_more(p, n, 3) &&
      jk_ends_any(p, n, site_ends, 2) && !jk_has(p, n, "。") && !jk_has(p, n, "、"))
    return true;
  if (!n || !org_like(p, n) || jk_has(p, n, " ")) return false;
  if (corp) {
    /* 国立大学法人架空大学 runs 架空大学医学部附属病院: a university
       corporation is named after its university. */
    if (jk_starts_any(p, n, univ_corps, 2, NULL)) return jk_ends(p, n, "大学");
    return (jk_starts_any(p, n, pair_corps, sizeof pair_corps / sizeof pair_corps[0], NULL) || care_corp(p, n)) &&
           !pair_site(p, n);
  }
  return pair_site(p, n);
}

/* The site a university corporation pairs with is its hospital, not the
   university itself (国立大学法人架空大学 架空大学 is one name twice); a
   company pairs only with the care station or facility it runs. */
static bool pair_fits(const char *c, size_t cn, const char *q, size_t qn) {
  if (care_corp(c, cn))
    return jk_ends(q, qn, "ステーション") ||
           jk_starts_any(q, qn, pair_site_kinds, sizeof pair_site_kinds / sizeof pair_site_kinds[0], NULL);
  if (!jk_starts_any(c, cn, univ_corps, 2, NULL)) return true;
  return jk_ends(q, qn, "病院") || jk_ends(q, qn, "クリニック");
}

/* 学校法人架空学院 架空国際大学: a corporation and what it runs, as one name. */
static bool pair_name(const char *p, size_t n) {
  const char *rest;
  size_t rn, w = first_word(p, n, &rest, &rn);
  return pair_part(p, w, true) && pair_part(rest, rn, false) && pair_fits(p, w, rest, rn);
}

static void add_pair(org_state *o, const char *p, size_t n, const char *q, size_t qn, int feat) {
  jk_xctx *x = o->x;
  const char *shown = NULL;
  /* (The hospital's line may stand above its corporation's.) */
  const char *from = q < p ? q : p, *to = q < p ? p + n : q + qn;
  if (q < p || memchr(p, '\n', (size_t)(q - p))) { /* on two lines: the name as one */
    char *both = jk_arena_alloc(x->r->arena, n + qn + 2);
    if (!both) return;
    memcpy(both, p, n);
    both[n] = ' ';
    memcpy(both + n + 1, q, qn);
    both[n + qn + 1] = 0;
    shown = both;
  }
  o->cur = feat;
  add_cand(o, (size_t)(from - x->t), (size_t)(to - x->t), shown, feat);
  if (o->pair_at) return;
  /* The corporation or the hospital found alone is this one name (merged
     when the candidates are scored). */
  char kb[400], both_key[192];
  make_key(p, n, o->pair[0], sizeof o->pair[0]);
  make_key(q, qn, o->pair[1], sizeof o->pair[1]);
  snprintf(kb, sizeof kb, "%s%s", o->pair[0], o->pair[1]);
  make_key(kb, strlen(kb), both_key, sizeof both_key);
  for (size_t k = 0; k < o->n; k++)
    if (strcmp(o->v[k].key, both_key) == 0) o->pair_at = (int)k + 1;
}

/* 特別養護老人ホーム ざくろ荘: a facility's kind, a space, its name — one
   word of the pair.  Extends *w over the name when so. */
static void kind_then_name(const char *q, size_t *w, const char **rest, size_t *rn) {
  bool kind = false;
  for (size_t k = 0; k < sizeof pair_site_kinds / sizeof pair_site_kinds[0] && !kind; k++)
    kind = *w == strlen(pair_site_kinds[k]) && memcmp(q, pair_site_kinds[k], *w) == 0;
  if (!kind || !*rn || jk_starts_any(*rest, *rn, pair_offices, sizeof pair_offices / sizeof pair_offices[0], NULL)) return;
  const char *r2;
  size_t rn2, w2 = first_word(*rest, *rn, &r2, &rn2);
  if (!w2 || jk_cp_more(*rest, w2, 12)) return;
  *w = (size_t)(*rest + w2 - q);
  *rest = r2;
  *rn = rn2;
}

/* Is the line at [ls,le) a pair (or the first half of a two-line one)? */
static bool pair_line(org_state *o, size_t ls, size_t le, int feat) {
  jk_xctx *x = o->x;
  const char *p = x->t + ls;
  size_t n = le - ls;
  jk_trim(&p, &n);
  /* 架空中学校・高等学校 / 学校法人架空学園: a page's header, the school
     first and its corporation under it. */
  if (feat == OF_LETTERHEAD && n && pair_part(p, n, false) && le < x->n) {
    size_t ns, ne;
    line_bounds(x, le + 1, &ns, &ne);
    const char *c = x->t + ns;
    size_t cn = ne - ns;
    jk_trim(&c, &cn);
    if (cn && pair_part(c, cn, true) && pair_fits(c, cn, p, n)) {
      add_pair(o, c, cn, p, n, feat);
      return true;
    }
  }
  /* 発表元:医療法人社団架空会 架空歯科クリニック(2031年11月24日): a
     digest's source line, its label and date off. */
  {
    static const char *const labels[] = {"発表元:", "発信元:", "公表元:", "発表元 ", "出典:"};
    size_t lk;
    if (n && jk_starts_any(p, n, labels, sizeof labels / sizeof labels[0], &lk)) {
      p += lk, n -= lk;
      jk_trim(&p, &n);
      const char *br = jk_find(p, n, "(");
      if (br && jk_ends(p, n, ")")) n = (size_t)(br - p);
      jk_trim(&p, &n);
    }
  }
  if (!n || !(jk_starts_any(p, n, pair_corps, sizeof pair_corps / sizeof pair_corps[0], NULL) || care_corp(p, n)))
    return false;
  const char *rest, *rest2;
  size_t rn, rn2;
  size_t w = first_word(p, n, &rest, &rn);
  if (!pair_part(p, w, true)) return false;
  if (rn) {
    size_t w2 = first_word(rest, rn, &rest2, &rn2);
    kind_then_name(rest, &w2, &rest2, &rn2);
    if (!pair_part(rest, w2, false) || !pair_fits(p, w, rest, w2)) return false;
    if (rn2 && !jk_starts_any(rest2, rn2, pair_offices, sizeof pair_offices / sizeof pair_offices[0], NULL)) return false;
    add_pair(o, p, w, rest, w2, feat);
    return true;
  }
  if (le >= x->n) return false;
  size_t ns, ne;
  line_bounds(x, le + 1, &ns, &ne);
  const char *q = x->t + ns;
  size_t qn = ne - ns;
  jk_trim(&q, &qn);
  /* 社会福祉法人架空会 / 理事長 名前 / 特別養護老人ホーム架空苑 / 施設長 名前:
     a signature that gives each its officer. */
  if (qn && jk_starts_any(q, qn, pair_offices, sizeof pair_offices / sizeof pair_offices[0], NULL) && ne < x->n) {
    line_bounds(x, ne + 1, &ns, &ne);
    q = x->t + ns;
    qn = ne - ns;
    jk_trim(&q, &qn);
  }
  size_t w2 = first_word(q, qn, &rest2, &rn2);
  kind_then_name(q, &w2, &rest2, &rn2);
  if (!pair_part(q, w2, false) || !pair_fits(p, w, q, w2)) return false;
  if (rn2 && !jk_starts_any(rest2, rn2, pair_offices, sizeof pair_offices / sizeof pair_offices[0], NULL)) return false;
  add_pair(o, p, w, q, w2, feat);
  return true;
}

static void from_institution_pair(org_state *o) {
  jk_xctx *x = o->x;
  /* The letterhead: the lines above the heading and the first below it. */
  size_t pos = 0;
  for (int i = 0; i < 40 && pos < x->n; i++) {
    size_t ls, le;
    line_bounds(x, pos, &ls, &le);
    if (ls >= x->head && i >= 12) break;
    if (ls > x->head + 2048) break;
    pair_line(o, ls, le, OF_LETTERHEAD);
    if (le >= x->n) break;
    pos = le + 1;
  }
  /* The signature: the last lines. */
  size_t e = x->n;
  for (int i = 0; i < 15 && e > x->head; i++) {
    size_t s2, le2;
    prev_line(x, &e, &s2, &le2);
    if (s2 > x->head + 1) pair_line(o, s2, le2, OF_SIGNATURE);
  }
}

/* 10. Whose customers' data leaked: みどり野水道企業団のお客様情報. */
static void from_owners(org_state *o) {
  jk_xctx *x = o->x;
  static const char *const owned[] = {"のお客様情報", "のお客さま情報", "のお客様の個人情報", "のお客さまの個人情報",
                                      "の利用者情報", "の会員情報", "の顧客情報", "の患者情報", "の組合員情報",
                                      "の利用者の個人情報", "の会員の個人情報"};
  o->cur = OF_OWNER;
  size_t at = x->head, which;
  const char *q;
  for (int found = 0; found < 4 && at < x->n &&
                      (q = jk_find_any(x->t + at, x->n - at, owned, sizeof owned / sizeof owned[0], &which)) != NULL;) {
    size_t e = (size_t)(q - x->t);
    at = e + strlen(owned[which]);
    /* The run of name characters that ends at the の. */
    size_t s = e;
    while (s > x->head) {
      const char *pv = jk_cp_prev(x->t, x->t + s);
      size_t l;
      uint32_t c = cp_at(pv, (size_t)(x->t + s - pv), &l);
      /* みどり野水道…: names are written in kana too, particles end them. */
      if (!name_char(c) && !(is_hiragana(c) && !particle_char(c))) break;
      s = (size_t)(pv - x->t);
    }
    /* 保管されているみどり野…: the kana of a verb's ending are not the name's. */
    static const char *const endings[] = {"ている", "ていた", "いる", "れる", "れた", "した", "する", "ある",
                                          "った", "ない", "よる", "なる"};
    for (size_t k = s; k < e;) {
      size_t el;
      if (is_hiragana(jk_fast_cp(x->t + k, e - k)) &&
          jk_starts_any(x->t + k, e - k, endings, sizeof endings / sizeof endings[0], &el)) {
        s = k + el; /* the name starts after the last verb ending */
        k = s;
        continue;
      }
      k += jk_cp_len(x->t + k, e - k);
    }
    if (s == e) continue;
    /* 当社のお客様情報, 同社の: a self-reference names nobody. */
    if (is_self_ref(x->t + s, e - s) || !org_suffix_end(x->t + s, e - s) || !org_like(x->t + s, e - s)) continue;
    set_org(x, s, e);
    found++;
  }
}

/* Is the candidate named as somebody else: a contractor, a card company? */
static bool other_role(const jk_xctx *x, const org_cand *c) {
  if (c->e == c->s) return false;
  static const char *const before[] = {"委託先", "委託業者", "委託事業者", "委託会社", "受託者", "受託事業者",
                                       "再委託先", "カード会社", "運営委託先", "委託先である", "委託先の"};
  static const char *const after[] = {"に委託", "へ委託", "に業務を委託", "に業務委託", "(委託先)", "(受託者)",
                                      "に対し", "宛て", "宛に"};
  size_t a = c->s > 24 ? c->s - 24 : 0;
  if (jk_has_any(x->t + a, c->s - a, before, sizeof before / sizeof before[0])) return true;
  return jk_starts_any(x->t + c->e, x->n - c->e, after, sizeof after / sizeof after[0], NULL);
}

static int count_in(const char *t, size_t n, const char *w, size_t wn, int cap) {
  int k = 0;
  for (const char *q = t; k < cap && (q = jk_memmem(q, (size_t)(t + n - q), w, wn)) != NULL; q += wn) k++;
  return k;
}

#define STRONG_SOURCES                                                                                         \
  ((1u << OF_CASEBOOK) | (1u << OF_LETTERHEAD) | (1u << OF_TITLE_OPEN) | (1u << OF_DEFINITION) |              \
   (1u << OF_SUBJECT) | (1u << OF_SIGNATURE) | (1u << OF_OFFICE) | (1u << OF_PUBLISHER))

static float score_cand(org_state *o, org_cand *c, bool company_kind) {
  jk_xctx *x = o->x;
  const char *p = c->str ? c->str : x->t + c->s;
  size_t n = c->str ? strlen(c->str) : c->e - c->s;
  if (jk_starts_any(p, n, jk_org_prefixes, jk_org_prefixes_n, NULL) || org_suffix_end(p, n)) c->feats |= 1u << OF_FORM;
  if (o->kind && ends_with_kind(p, n, o->kind) && (!company_kind || (c->feats & STRONG_SOURCES)))
    c->feats |= 1u << OF_SELF_KIND;
  if (!o->casebook) {
    if (other_role(x, c)) c->feats |= 1u << OF_OTHER_ROLE;
    c->recurs = count_in(x->t, x->n, p, n, 3);
    if (c->recurs > 0 && c->e > c->s) c->recurs--; /* its own place */
  }
  float sc = 0;
  if (!(c->feats & ~((1u << OF_FORM) | (1u << OF_SELF_KIND) | (1u << OF_OTHER_ROLE)))) {
    c->score = 0; /* merged into another, or no place of its own */
    return 0;
  }
  for (int f = 0; f < OF_N; f++)
    if (c->feats & (1u << f)) sc += f == OF_RECURS ? 0 : org_features[f].weight;
  sc += org_features[OF_RECURS].weight * (float)(c->recurs > 2 ? 2 : c->recurs);
  c->score = sc;
  return sc;
}

/*
** 選挙管理委員会 in the contact block and 朝凪市選挙管理委員会 in the title
** are one body: a name that is another's tail after a place's name
** gives its places to the full one.
*/
static void merge_tails(org_state *o) {
  if (o->pair_at) {
    org_cand *pair = &o->v[o->pair_at - 1];
    for (size_t k = 0; k < o->n; k++)
      if (&o->v[k] != pair && (strcmp(o->v[k].key, o->pair[0]) == 0 || strcmp(o->v[k].key, o->pair[1]) == 0)) {
        pair->feats |= o->v[k].feats;
        o->v[k].feats = 0;
      }
  }
  for (size_t i = 0; i < o->n; i++) {
    org_cand *a = &o->v[i];
    size_t al = strlen(a->key);
    for (size_t j = 0; j < o->n; j++) {
      org_cand *b = &o->v[j];
      size_t bl = strlen(b->key);
      if (i == j || !b->feats || bl >= al || memcmp(a->key + al - bl, b->key, bl) != 0) continue;
      size_t pl = al - bl;
      /* …after a place's name, or after the corporation that runs the
         hospital (医療法人社団翠嶺会 + 翠嶺中央病院). */
      bool under_place = jk_ends_any(a->key, pl, gov_units, sizeof gov_units / sizeof gov_units[0]);
      bool under_corp = jk_starts_any(a->key, pl, pair_corps, sizeof pair_corps / sizeof pair_corps[0], NULL);
      /* 株式会社架空銀行 in the letterhead, 架空銀行 in the contact block:
         one body, named in full once. */
      size_t fk;
      bool legal_form = jk_starts_any(a->key, pl, jk_org_prefixes, jk_org_prefixes_n, &fk) && fk == pl;
      if (legal_form) {
        a->feats |= b->feats;
        b->feats = 0;
        continue;
      }
      if (!(under_place || under_corp) || !org_like(a->key, pl)) continue;
      a->feats |= b->feats;
      b->feats = 0; /* scored as nothing */
    }
  }
}

/* The candidates scored; the best is the issuer when it scores enough. */
static void choose(org_state *o) {
  jk_xctx *x = o->x;
  jk_record *r = x->r;
  merge_tails(o);
  bool company_kind = o->kind && strstr(o->kind, "株式会社") != NULL;
  org_cand *best = NULL, *second = NULL;
  for (size_t i = 0; i < o->n; i++) {
    org_cand *c = &o->v[i];
    score_cand(o, c, company_kind);
    if (!best || c->score > best->score) {
      second = best;
      best = c;
    } else if (!second || c->score > second->score) {
      second = c;
    }
  }
  float b = best ? best->score : 0, s2 = second && second->score > 0 ? second->score : 0;
  if (best && b >= ORG_ACCEPT) {
    if (best->str) {
      r->org = best->str;
      if (best->e > best->s) r->org_ev = jk_mkspan(best->s, best->e);
    } else {
      r->org = jk_arena_strndup(r->arena, x->t + best->s, best->e - best->s);
      r->org_ev = jk_mkspan(best->s, best->e);
    }
    r->confidence[JK_F_ORG] = b / (b + s2 + 3.0f);
    if (second && s2 >= 3.0f) {
      r->org_alt = second->str ? second->str : jk_arena_strndup(r->arena, x->t + second->s, second->e - second->s);
      if (!second->str) r->org_alt_ev = jk_mkspan(second->s, second->e);
    }
  } else {
    /* Not stated: sure when nothing came near, less when something did. */
    r->confidence[JK_F_ORG] = b > 0 ? 1.0f - b / (ORG_ACCEPT + 3.0f) : o->self_ref ? 0.8f : 0.6f;
    if (best && b >= 3.0f)
      r->org_alt = best->str ? best->str : jk_arena_strndup(r->arena, x->t + best->s, best->e - best->s);
  }
}

/* 架空県社会福祉協議会 in a casebook heading, 社会福祉法人架空県社会福祉協議会
   in the notice: the name as the issuer gives it, legal form included. */
static void full_legal_name(jk_xctx *x) {
  jk_record *r = x->r;
  /* (株)架空水産 where the text also prints 株式会社架空水産: the full form. */
  static const char *const short_forms[][2] = {{"(株)", "株式会社"}, {"(有)", "有限会社"}, {"(同)", "合同会社"}};
  for (size_t f = 0; r->org && f < sizeof short_forms / sizeof short_forms[0]; f++) {
    size_t sl = strlen(short_forms[f][0]), ol = strlen(r->org);
    if (ol <= sl || memcmp(r->org, short_forms[f][0], sl) != 0) continue;
    char full[256];
    int k = snprintf(full, sizeof full, "%s%s", short_forms[f][1], r->org + sl);
    if (k <= 0 || (size_t)k >= sizeof full) break;
    const char *q = jk_memmem(x->t, x->n, full, (size_t)k);
    if (q) {
      r->org = jk_arena_strndup(r->arena, q, (size_t)k);
      r->org_ev = jk_mkspan((size_t)(q - x->t), (size_t)(q - x->t) + (size_t)k);
    }
    break;
  }
  if (!r->org || jk_starts_any(r->org, strlen(r->org), jk_org_prefixes, jk_org_prefixes_n, NULL)) return;
  size_t on = strlen(r->org);
  for (const char *q = x->t + x->body; (q = jk_memmem(q, (size_t)(x->t + x->n - q), r->org, on)) != NULL; q += on) {
    const char *b = q;
    if (b > x->t && b[-1] == ' ') b--;
    for (size_t k = 0; k < jk_org_prefixes_n; k++) {
      size_t pl = strlen(jk_org_prefixes[k]);
      if ((size_t)(b - x->t) >= pl && memcmp(b - pl, jk_org_prefixes[k], pl) == 0 && strcmp(jk_org_prefixes[k], "(株)") != 0) {
        /* The prefix must start its word (not …社会福祉法人経営者協議会). */
        const char *st = b - pl;
        if (st > x->t && name_char(jk_fast_cp(jk_cp_prev(x->t, st), 4))) continue;
        /* …and the name must end there (no 経営者協議会 after it). */
        size_t l;
        if (q + on < x->t + x->n && name_char(cp_at(q + on, (size_t)(x->t + x->n - q - on), &l))) continue;
        r->org = jk_arena_strndup(r->arena, st, (size_t)(q + on - st));
        r->org_ev = jk_mkspan((size_t)(st - x->t), (size_t)(q + on - x->t));
        return;
      }
    }
  }
}

/*
** A city's ward (架空区役所 under 架空市ホーム > …) is no legal person: the
** city is the issuer.  The city must be named in the page's chrome above
** the heading (breadcrumbs, site header); a ward of Tokyo, which is its own
** body, has no city there.
*/
static void ward_city(jk_xctx *x) {
  jk_record *r = x->r;
  if (!r->org || !jk_ends(r->org, strlen(r->org), "区") ||
      jk_starts_any(r->org, strlen(r->org), jk_org_prefixes, jk_org_prefixes_n, NULL))
    return;
  for (const char *q = x->t; (q = jk_find(q, (size_t)(x->t + x->head_end - q), "市")) != NULL; q += 3) {
    const char *b = q;
    while (b > x->t) {
      const char *pv = jk_cp_prev(x->t, b);
      size_t l;
      uint32_t c = cp_at(pv, (size_t)(q - pv), &l);
      if (!name_char(c) && !(is_hiragana(c) && !particle_char(c))) break;
      b = pv;
    }
    size_t n = (size_t)(q + 3 - b);
    /* 架空市北区: the ward already named with its city. */
    if (strlen(r->org) >= n && memcmp(r->org, b, n) == 0) return;
    if (b < q && org_like(b, n) && !jk_has(b, n, r->org)) {
      r->org = jk_arena_strndup(r->arena, b, n);
      r->org_ev = jk_mkspan((size_t)(b - x->t), (size_t)(b - x->t) + n);
      return;
    }
  }
}

void jk_x_org(jk_xctx *x) {
  org_state o;
  memset(&o, 0, sizeof o);
  o.x = x;
  x->org_state = &o;
  if (jk_casebook_heading(x->t + x->head, x->head_end - x->head, NULL, NULL)) {
    /* The casebook names the issuer right after its number. */
    o.cur = OF_CASEBOOK;
    o.casebook = true;
    if (!from_casebook_heading(x)) from_body(x);
    choose(&o);
    full_legal_name(x);
    if (x->r->org && o.v[0].feats & (1u << OF_CASEBOOK)) x->r->confidence[JK_F_ORG] = 0.95f;
    x->org_state = NULL;
    return;
  }
  o.cur = OF_LETTERHEAD;
  from_letterhead(x);
  from_body(x);
  o.cur = OF_SIGNATURE;
  from_signature(x);
  from_offices(&o);
  from_contact(&o);
  from_publisher(&o);
  from_site_lines(&o);
  from_owners(&o);
  from_source_lines(&o);
  from_operator_lines(&o);
  from_institution_pair(&o);
  int ref = find_self_kind(&o);
  from_mentions(&o, ref);
  /* The analyser only where the cheaper places found no issuer. */
  bool enough = false;
  for (size_t i = 0; i < o.n && !enough; i++) enough = (o.v[i].feats & STRONG_SOURCES) != 0;
  if (!enough) from_dictionary(&o);
  choose(&o);
  full_legal_name(x);
  ward_city(x);
  x->org_state = NULL;
}
