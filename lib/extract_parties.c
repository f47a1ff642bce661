/*
** extract_parties.c — who else is in the story: the authorities the
** issuer told (reported_to) and whether a contractor's side is where it
** happened (vendor).
**
** An authority counts when the notice says it was told: the clause names
** it and a verb of reporting (報告, 届出, 相談, 通報 …).  Advice to readers
** (最寄りの警察署にご相談ください) and the issuer naming itself (a notice of
** 個人情報保護委員会) do not count.  A contractor counts when a contractor
** word (委託先, 受託者, メーカー …) stands in a clause about what happened,
** not in one about future oversight or a side note (本件とは別に).
*/
#include "jk_int.h"

static const char *const report_verbs[] = {"報告し", "報告を", "報告済", "報告い", "報告す", "報告さ", "へ報告",
                                           "に報告", "報告。", "報告)", "報告、", "届出", "届け出", "連絡を",
                                           "連絡し", "に連絡", "へ連絡", "相談", "通報", "申告", "速報", "確報",
                                           "提出", "捜査に協力", "捜査にも", "捜査へ", "捜査を", "連携", "被害届",
                                           "被害申告", "遺失物届", "遺失届", "紛失届", "盗難届", "報告は完了", "報告を完了",
                                           "報告等"};

/* Words around a contractor word that make it part of what happened. */
static const char *const incident_words[] = {
    "漏えい", "漏洩", "流出", "誤送信", "送信", "誤り", "ミス", "不正アクセス", "感染", "紛失", "事故",
    "持ち出", "設定", "脆弱性", "攻撃", "被害", "閲覧", "盗難", "不具合", "発生", "不正", "複製",
    "誤って", "公開", "掲載", "配達", "改ざん", "流通", "処分", "出品", "ずれ", "誤送付", "誤封入", "誤印刷",
    "取り違え", "混入", "掲示", "入れ替", "盗ま", "車上", "侵入", "暗号化", "ランサムウェア",
    "誤った", "並び替え", "更新プログラム", "改修", "更新作業", "持ち出し", "フィッシング",
};

static const char *const advice[] = {"ご相談ください", "ご相談をお願い", "ご連絡ください", "ご相談いただ",
                                     "通報や", "お問い合わせ", "をお願いいたします", "ご相談下さい"};

static const char *const vendor_not[] = {
    "再発防止", "今後", "監督", "への指導", "指導を", "指導し", "指導・", "指導監督", "本件とは別に", "からの委託", "から委託", "による調査", "に調査",
    "調査を依頼", "管理体制", "強化", "徹底", "フォレンジック", "共同で", "調査を行って",
    "確認されておりません", "確認されていません", "確認されませんでした",
    "認められません", "認められませんでした", "と協議",
    /* カード決済は決済代行会社の画面で行われるため、…保存されておらず: a denial's reason */
    "保存されておらず", "保存しておらず", "対象外", "保持しておりません", "保有しておりません",
    "お預かりしておりません", "通過しない", "保持していない", "保有していない", "保存しておりません",
    "保存していない", "流出していない", "漏えいしていない", "漏洩していない", "保存されていない",
    "恐れはありません", "おそれはありません",
    /* 委託先にも確認しましたが、印刷の工程に誤りはございませんでした */
    "誤りはございません", "誤りはありません", "問題はございません", "問題はありません",
};

/* A contractor that told the issuer (委託先から連絡), or was told: only in
   the contractor's own part of the sentence (…との連絡があり、調査したとこ
   ろ、委託している事業者が…誤りがあり: the reader called, the contractor erred). */
static const char *const vendor_told[] = {"旨の連絡", "から連絡", "からの連絡", "との連絡", "からの通知",
                                          "から通知", "からの指摘", "から指摘",
                                          /* 決済代行会社とも相談のうえ: an adviser */
                                          "相談のうえ", "相談の上", "とも相談",
                                          /* 宅配業者を装ったメール: an impostor's name */
                                          "を装", "をかた", "を騙", "になりすま",
                                          /* 損害保険代理店である当社において: the issuer itself */
                                          "である当社", "である弊社", "である当店", "である当法人"};

/* The issuer as the contractor of its client (当社が区より受託している事業):
   the incident happened at the issuer, not at a contractor of it. */
static const char *const self_words[] = {"当社", "弊社", "当法人", "当院", "当協会", "当組合", "本会", "当会"};
static const char *const contracted_words[] = {"受託している", "を受託", "委託を受け", "受託した", "受託事業"};

static bool issuer_is_contractor(const jk_xctx *x, size_t s, size_t at) {
  if (!jk_has_any(x->t + at, x->n - at < 24 ? x->n - at : 24, contracted_words,
                  sizeof contracted_words / sizeof contracted_words[0]))
    return false;
  size_t from = at > s + 90 ? at - 90 : s;
  while (from < at && ((unsigned char)x->t[from] & 0xC0) == 0x80) from++;
  return jk_has_any(x->t + from, at - from, self_words, sizeof self_words / sizeof self_words[0]);
}

/* Is the authority phrase at `at` one the issuer reported to? */
static bool told(const jk_xctx *x, size_t at, size_t pl) {
  /* A title names, it does not report (a prose first line may). */
  if (at >= x->head && at < x->head_end && !jk_has(x->t + x->head, x->head_end - x->head, "。")) return false;
  /* 長崎県警から…連絡を受け: the authority told the issuer. */
  const char *a = x->t + at + pl;
  size_t an = x->n - at - pl;
  if (jk_starts(a, an, "から") || jk_starts(a, an, "より") || jk_starts(a, an, "の協力")) return false;
  /* 監督官庁である個人情報保護委員会: a kind of authority in apposition; the
     one named after it is the one told. */
  if (jk_starts(a, an, "である") || jk_starts(a, an, "たる")) return false;
  /* 架空警察署を通じ、…連絡がありました: the police relayed to the issuer. */
  {
    size_t w = 0;
    while (w < an && w < 60 && !jk_starts(a + w, an - w, "、") && !jk_starts(a + w, an - w, "。")) w++;
    static const char *const relayed[] = {"を通じ", "を通して", "から連絡", "より連絡", "からの連絡", "から通報"};
    if (jk_has_any(a, w, relayed, sizeof relayed / sizeof relayed[0])) return false;
  }
  size_t s, e;
  jk_clause_at(x->t, x->n, at, &s, &e);
  if (!jk_has_any(x->t + s, e - s, report_verbs, sizeof report_verbs / sizeof report_verbs[0])) return false;
  if (jk_has_any(x->t + s, e - s, advice, sizeof advice / sizeof advice[0])) return false;
  /* 警察への届出についても予定しております / 相談を検討してまいります: a plan,
     not a report.  Only the words up to the next 、 or 。 are the
     authority's own (…に報告し、警察にも相談する予定です). */
  static const char *const plans[] = {"予定", "検討", "見込み", "方針", "考えて", "準備を進め", "準備中"};
  static const char *const done[] = {"しました", "いたしました", "済み", "済", "行いました"};
  size_t w = at + pl, we = w;
  while (we < e && !jk_starts(x->t + we, e - we, "、") && !jk_starts(x->t + we, e - we, "。")) we++;
  if (we == e || jk_starts(x->t + we, e - we, "。")) we = e; /* the sentence's end speaks for it */
  if (jk_has_any(x->t + w, we - w, done, sizeof done / sizeof done[0])) return true;
  /* 報告し、… / 相談のうえ: a verb that goes on to the next act was done;
     への報告についても、…予定です: a topic, and the sentence's end decides. */
  const char *wp = x->t + w;
  size_t wn = we - w;
  jk_trim(&wp, &wn);
  static const char *const goes_on[] = {"し", "いたし", "しており", "のうえ", "の上", "済"};
  if (we < e && jk_ends_any(wp, wn, goes_on, sizeof goes_on / sizeof goes_on[0])) return true;
  size_t se = we;
  while (se < e && !jk_starts(x->t + se, e - se, "。")) se++;
  if (jk_has_any(x->t + w, se - w, plans, sizeof plans / sizeof plans[0])) return false;
  return true;
}

/* Does the contractor word at `at` stand where the incident happened? */
static bool at_vendor(const jk_xctx *x, size_t at) {
  size_t s, e;
  jk_sentence_at(x->t, x->n, at, &s, &e);
  if (jk_has_any(x->t + s, e - s, vendor_not, sizeof vendor_not / sizeof vendor_not[0])) return false;
  {
    size_t ps = s, pe = at;
    for (const char *q = x->t + s; (q = jk_find(q, (size_t)(x->t + at - q), "、")) != NULL; q += 3) ps = (size_t)(q - x->t) + 3;
    const char *c = jk_find(x->t + at, e - at, "、");
    pe = c ? (size_t)(c - x->t) : e;
    if (jk_has_any(x->t + ps, pe - ps, vendor_told, sizeof vendor_told / sizeof vendor_told[0])) return false;
    /* 決済代行会社を通じてカード会社から連絡: a go-between (not 委託先が管理
       するVPN装置を通じて…: the way in). */
    size_t w = at, lim = at + 24 < e ? at + 24 : e;
    while (w < lim && !jk_starts(x->t + w, e - w, "を通じ") && !jk_starts(x->t + w, e - w, "を通して") &&
           !jk_starts(x->t + w, e - w, "、") && !jk_starts(x->t + w, e - w, "が") && !jk_starts(x->t + w, e - w, "の"))
      w += jk_cp_len(x->t + w, e - w);
    if (w < lim && (jk_starts(x->t + w, e - w, "を通じ") || jk_starts(x->t + w, e - w, "を通して"))) return false;
    /* 決済代行会社から、…との連絡を受けました: where the news came from
       (委託先から流出した, with no comma, is where it happened). */
    static const char *const from_comma[] = {"から、", "より、"};
    for (size_t q = at, cps = 0; q < e && cps < 8; cps++, q += jk_cp_len(x->t + q, e - q)) {
      if (jk_starts_any(x->t + q, e - q, from_comma, 2, NULL)) return false;
      if (jk_starts(x->t + q, e - q, "、") || jk_starts(x->t + q, e - q, "が") || jk_starts(x->t + q, e - q, "の"))
        break;
    }
  }
  if (issuer_is_contractor(x, s, at)) return false;
  /* Background (…印刷を外部業者に委託しております) is not where it happened. */
  if (at >= x->head && at < x->head_end) return true;
  if (jk_has_any(x->t + s, e - s, incident_words, sizeof incident_words / sizeof incident_words[0])) return true;
  /* 印刷は架空社に委託しています。同社の封入機で…ずれた: the next sentence
     tells what happened there. */
  static const char *const that_one[] = {"同社の", "同社が", "同社で", "同社において", "委託先の", "委託先で", "当該事業者"};
  size_t ns = e;
  for (;;) {
    if (ns < x->n && (x->t[ns] == '\n' || x->t[ns] == ' ')) ns++;
    else if (jk_starts(x->t + ns, x->n - ns, "。")) ns += 3;
    else break;
  }
  /* (11月11日、同社が…: a date may come first.) */
  size_t head = ns + 48 < x->n ? 48 : x->n - ns;
  if (ns >= x->n || !jk_has_any(x->t + ns, head, that_one, sizeof that_one / sizeof that_one[0])) return false;
  size_t s2, e2;
  jk_sentence_at(x->t, x->n, ns, &s2, &e2);
  return !jk_has_any(x->t + s2, e2 - s2, vendor_not, sizeof vendor_not / sizeof vendor_not[0]) &&
         jk_has_any(x->t + s2, e2 - s2, incident_words, sizeof incident_words / sizeof incident_words[0]);
}

void jk_x_parties(jk_xctx *x) {
  jk_record *r = x->r;
  int auth_seen = 0, vendor_seen = 0;
  for (size_t hi = 0; hi < x->nlh; hi++) {
    const jk_lhit *h = &x->lh[hi];
    if (h->off < x->head) continue;
    if (h->table == JK_LX_AUTH) {
      const jk_phrase *ph = &jk_authority_phrases[h->idx];
      uint32_t bit = 1u << ph->id;
      /* The issuer does not report to itself. */
      if ((r->reported_to & bit) || (r->org && strstr(r->org, ph->text))) continue;
      auth_seen++;
      if (told(x, h->off, h->len)) {
        r->reported_to |= bit;
        r->reported_to_ev[ph->id] = jk_mkspan(h->off, h->off + h->len);
      }
    } else if (h->table == JK_LX_VENDOR && !r->vendor) {
      vendor_seen++;
      if (at_vendor(x, h->off)) {
        r->vendor = 1;
        r->vendor_ev = jk_mkspan(h->off, h->off + h->len);
      }
    }
  }
  /* Sure when nothing is named, or when what is named was clearly told;
     an authority or a contractor named without being told (or without
     being where it happened) is the doubtful case. */
  int told_n = 0;
  for (int i = 0; i < JK_AUTH_COUNT; i++) told_n += (r->reported_to >> i) & 1;
  r->confidence[JK_F_REPORTED_TO] = auth_seen == 0 ? 0.9f : auth_seen > told_n ? 0.6f : 0.85f;
  r->confidence[JK_F_VENDOR] = vendor_seen == 0 ? 0.9f : r->vendor ? 0.75f : 0.6f;
}
