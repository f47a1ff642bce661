/*
** test_extract.c — each extractor on fictional notices written for the
** test: the value, and that its evidence span points at the text it came
** from.
*/
#include "extract_helpers.h"

static const char misdelivery[] =
    "【セキュリティ事件簿#2031-101】架空電機株式会社 メールの誤送信について 2031年7月12日\n"
    "\n"
    "このたび、当社から講座の受講者へ資料をお送りした際、宛先をBccとすべきところCcとしたため、"
    "受講者のメールアドレスが他の受講者に表示される状態となりました。深くお詫び申し上げます。\n"
    "1 経緯\n"
    "7月10日(月)、受講者あてにメールを送信した。\n"
    "2 流出情報\n"
    "受講者48人分のメールアドレス(氏名、勤務先、電話番号などの情報は送信しておりません。)\n"
    "3 再発防止策\n"
    "複数名での確認体制を徹底するとともに、個人情報保護教育を実施します。\n";

TEST(misdelivery_notice) {
  jk_record *r = ex(misdelivery);
  CHECK_STR(r->casebook_id, "2031-101");
  CHECK_STR(ev(r, r->casebook_id_ev), "2031-101");
  CHECK_STR(r->org, "架空電機株式会社");
  CHECK_STR(ev(r, r->org_ev), "架空電機株式会社");
  CHECK(r->published.y == 2031 && r->published.m == 7 && r->published.d == 12);
  CHECK_STR(ev(r, r->published_ev), "2031年7月12日");
  CHECK_INT(r->report_seq, 1);
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  CHECK_INT(r->affected, 48);
  CHECK_STR(ev(r, r->affected_ev), "48人分");
  /* Only the addresses leaked: the bracket denies the rest. */
  CHECK_INT(r->data_types, 1u << JK_DT_EMAIL);
  CHECK_INT(r->card, 0);
  CHECK_INT(r->reported_to, 0);
  CHECK_INT(r->vendor, 0);
  CHECK_STR(r->title, "メールの誤送信について");
  CHECK(r->measures.n >= 1);
  jk_record_free(r);
}

static const char card_hack[] =
    "【セキュリティ事件簿#2031-102】株式会社架空商店 不正アクセスによる個人情報漏えいに関するお詫び 2031年8月1日\n"
    "\n"
    "弊社が運営する通販サイトにおいて第三者による不正アクセスを受け、お客様のクレジットカード情報(1,234件)が"
    "漏洩した可能性があることが判明いたしました。\n"
    "1.原因\n"
    "システムの一部の脆弱性をついた不正アクセスにより、ペイメントアプリケーションの改ざんが行われたため。\n"
    "2.漏洩した可能性のある情報\n"
    "・カード名義人名\n・クレジットカード番号\n・有効期限\n・セキュリティコード\n"
    "3.その他\n"
    "弊社は個人情報保護委員会に報告済みであり、所轄警察署にも被害申告しております。\n";

TEST(card_hacking_notice) {
  jk_record *r = ex(card_hack);
  CHECK_STR(r->org, "株式会社架空商店");
  CHECK_STR(jk_category_name(r->category), "hacking");
  CHECK_INT(r->affected, 1234);
  CHECK_INT(r->card, 1);
  CHECK(r->data_types & (1u << JK_DT_CARD));
  CHECK(r->reported_to & (1u << JK_AUTH_PPC));
  CHECK(r->reported_to & (1u << JK_AUTH_POLICE));
  CHECK_STR(ev(r, r->reported_to_ev[JK_AUTH_PPC]), "個人情報保護委員会");
  CHECK_INT(r->reported_to & (1u << JK_AUTH_MINISTRY), 0);
  jk_record_free(r);
}

static const char followup[] =
    "【セキュリティ事件簿#2031-103】みどり野市 ふるさと納税サイトへの不正アクセスについて(第2報) 2031年9月1日\n"
    "\n"
    "令和13年8月1日付で「ふるさと納税サイトへの不正アクセスについて」を公表し、調査を進めてまいりました。\n"
    "調査の結果、ランサムウェアによりサーバーのデータが暗号化されていたことが判明しました。\n"
    "業務を委託している事業者のサーバーが攻撃を受けたものです。対象は約1万人です。\n";

TEST(followup_ransomware_vendor) {
  jk_record *r = ex(followup);
  CHECK_STR(r->org, "みどり野市");
  CHECK_INT(r->report_seq, 2);
  CHECK_STR(ev(r, r->report_seq_ev), "第2報");
  CHECK_STR(jk_category_name(r->category), "ransomware");
  CHECK_INT(r->affected, 10000);
  CHECK_INT(r->vendor, 1);
  jk_record_free(r);
}

static const char not_stated[] =
    "ホームページ改ざんに関するお知らせ\n"
    "\n"
    "当社ウェブサイトの一部が改ざんされていたことが判明しました。ご迷惑をおかけし、深くお詫び申し上げます。\n";

TEST(nothing_stated_stays_unstated) {
  jk_record *r = ex(not_stated);
  CHECK(r->casebook_id == NULL);
  CHECK(r->org == NULL);       /* only 当社: the issuer is not named */
  CHECK_INT(r->published.y, 0);
  CHECK_INT(r->affected, -1); /* not stated is not zero */
  CHECK_INT(r->data_types, 0);
  jk_record_free(r);
}

TEST(dates_from_context_and_typos) {
  jk_record *r = ex("【セキュリティ事件簿#2031-104】架空町 誤送信について 2013年7月19日\n\n本町の職員がFAXを誤送信しました。\n");
  CHECK_INT(r->published.y, 2013); /* kept as printed */
  CHECK(r->anomalies.n == 1);
  jk_record_free(r);
  r = ex("【セキュリティ事件簿#2031-105】株式会社架空 お客さま情報について(10/4)\n\n当社は不正アクセスを受けました。\n");
  CHECK(r->published.y == 2031 && r->published.m == 10 && r->published.d == 4);
  jk_record_free(r);
}

/* Data words in prose: 搾取 and 窃取 are leak verbs; a bare 連絡先 in a
   list is a phone number, ご連絡先に関する情報 a summary of other kinds;
   学籍 (the register of students) is school data. */
TEST(data_kinds_in_prose) {
  jk_record *r = ex("架空運輸株式会社\n"
                    "当社従業員のパソコンがマルウェアに感染し、メールサーバーからメールアドレス情報が搾取されたことを確認しました。\n");
  CHECK_INT(r->data_types, 1u << JK_DT_EMAIL);
  CHECK_STR(ev(r, r->data_type_ev[JK_DT_EMAIL]), "メールアドレス");
  jk_record_free(r);

  r = ex("架空市\n"
         "アンケートに回答した事業者の情報(事業所名、回答者氏名、連絡先、メールアドレス)が閲覧できる状態になっていました。\n");
  CHECK(r->data_types & (1u << JK_DT_PHONE));
  CHECK_STR(ev(r, r->data_type_ev[JK_DT_PHONE]), "連絡先");
  jk_record_free(r);

  r = ex("架空商事株式会社\n"
         "保管されていたお客さまのお名前、住所等のご連絡先に関する情報が漏えいしたことが判明いたしました。\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(!(r->data_types & (1u << JK_DT_PHONE)));
  jk_record_free(r);

  r = ex("架空大学\n"
         "教職員のチームに保存されていた学籍異動関係のデータが、チーム外の構成員に閲覧できる状態になっていました。\n");
  CHECK(r->data_types & (1u << JK_DT_SCHOOL));
  CHECK_STR(ev(r, r->data_type_ev[JK_DT_SCHOOL]), "学籍");
  jk_record_free(r);
}

/* A section that does not say whose it is names no issuer; one with its
   city ward does. */
TEST(org_section_needs_its_owner) {
  jk_record *r = ex("アンケート回答の閲覧について\n\n2031年8月19日\n\n"
                    "環境生活課が実施していたアンケートにおいて、回答者の氏名が閲覧可能な状態となっていました。\n");
  CHECK(r->org == NULL);
  jk_record_free(r);
  r = ex("書類の紛失について\n\n2031年8月19日\n\n"
         "北区福祉課において、申請書類を紛失したことが判明しました。\n");
  CHECK_STR(r->org, "北区福祉課");
  jk_record_free(r);
}

/* A count in the remedy (再発防止策) is about the remedy's staff. */
TEST(count_not_from_the_measures) {
  jk_record *r = ex("書類の誤送付について\n\n2031年11月5日\n架空町教育委員会\n\n"
                    "1 概要\n保護者宛ての書類を封入する際、生徒1名の氏名と評定が記載された書類を別の保護者に送付しました。\n"
                    "2 再発防止策\n封入作業は必ず2名で行い、宛名と内容物の照合を徹底します。\n");
  CHECK_INT(r->affected, 1);
  CHECK_STR(ev(r, r->affected_ev), "1名");
  jk_record_free(r);
}

/* Kanji numerals after a kanji noun, and 百/千 at the start. */
TEST(kanji_counts_in_context) {
  jk_record *r = ex("架空市\n申込者百二十三名分の氏名、電話番号が閲覧できる状態となっていました。\n");
  CHECK_INT(r->affected, 123);
  CHECK_STR(ev(r, r->affected_ev), "百二十三名分");
  jk_record_free(r);
  r = ex("架空商事株式会社\n会員約三万人のメールアドレスが流出した可能性があります。\n");
  CHECK_INT(r->affected, 30000);
  CHECK_STR(ev(r, r->affected_ev), "約三万人");
  jk_record_free(r);
  /* Words, not numbers: 百貨店, 千葉, 統一. */
  r = ex("架空百貨店株式会社\n千葉店の統一窓口で、お客様の氏名が漏えいしました。\n");
  CHECK_INT(r->affected, -1);
  jk_record_free(r);
}

/* Data that was stored where it could be read is what leaked. */
TEST(data_stored_in_the_exposed_place) {
  jk_record *r = ex("株式会社架空データ\n"
                    "当該ストレージには、会員のメールアドレス及びハッシュ化されたパスワードが保存されておりました。\n");
  CHECK(r->data_types & (1u << JK_DT_EMAIL));
  CHECK(r->data_types & (1u << JK_DT_PASSWORD));
  jk_record_free(r);
}

/* A letter that dates itself only at the end, above its signature. */
TEST(published_from_the_sign_off) {
  jk_record *r = ex("メール誤送信に関するお詫び\n\n"
                    "本校において、保護者の皆様へのメールを誤って「TO」で送信したため、メールアドレスが閲覧できる状態となりました。\n"
                    "対象となったメールアドレスは148件です。\n\n"
                    "2031年6月3日\n架空市立みなみ小学校\n校長 山田 太郎\n");
  CHECK(r->published.y == 2031 && r->published.m == 6 && r->published.d == 3);
  CHECK_STR(ev(r, r->published_ev), "2031年6月3日");
  jk_record_free(r);
}

/* A kind of data the notice says was not shown is not data that leaked. */
TEST(data_not_shown_is_denied) {
  jk_record *r = ex("株式会社架空旅行\n"
                    "システムの不具合により、他の会員様の氏名、住所が表示される事象が発生いたしました。"
                    "クレジットカード情報は表示されない仕様となっており、影響はございません。\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(!(r->data_types & (1u << JK_DT_CARD)));
  CHECK_INT(r->card, 0);
  jk_record_free(r);
}

TEST(hostile_numbers_and_dates) {
  jk_record *r = ex("【セキュリティ事件簿#2031-106】架空市 情報漏えいについて 令和99年13月45日\n\n"
                    "9999999999999999999万件の個人情報が流出した可能性があります。\n");
  CHECK_INT(r->published.y, 0);   /* an impossible date is not a date */
  CHECK_INT(r->affected, -1);     /* a count beyond 64 bits is not stored as a wrong number */
  jk_record_free(r);
}

TEST(json_has_schema_fields_and_evidence) {
  jk_record *r = ex(misdelivery);
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_record_to_json(r, JK_JSON_EVIDENCE, &b) == JK_OK);
  CHECK(strstr(b.p, "\"casebook_id\":\"2031-101\"") != NULL);
  CHECK(strstr(b.p, "\"data_types\":[\"email\"]") != NULL);
  CHECK(strstr(b.p, "\"affected\":48") != NULL);
  CHECK(strstr(b.p, "\"evidence\":{") != NULL);
  CHECK(strstr(b.p, "\"org\":{\"start\":") != NULL);
  jk_buf_free(&b);
  jk_record_free(r);
}

TEST(json_escapes_hostile_text) {
  const char *t = "【セキュリティ事件簿#2031-107】架空社 \"<script>alert(1)</script>\"\\ について\n\n本文\x01です。\n";
  jk_record *r = ex(t);
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_record_to_json(r, JK_JSON_TEXT, &b) == JK_OK);
  CHECK(strstr(b.p, "\\\"<script>") != NULL);
  CHECK(strstr(b.p, "\\\\") != NULL);
  for (size_t i = 0; i < b.len; i++) CHECK((unsigned char)b.p[i] >= 0x20);
  jk_buf_free(&b);
  jk_record_free(r);
}

/* Every evidence span of every seed record lies inside its text, on
   code-point boundaries. */
TEST(seed_evidence_spans_are_valid) {
  const char *files[] = {"seeds/001_f8e5bfe83f636fc9.txt", "seeds/003_5cab1e733483636a.txt"};
  for (size_t f = 0; f < 2; f++) {
    size_t len;
    char *raw = jk_t_slurp(jk_t_shared(files[f]), &len);
    CHECK(raw != NULL);
    if (!raw) continue;
    jk_buf norm;
    jk_buf_init(&norm);
    CHECK(jk_normalize(raw, len, &norm, NULL) == JK_OK);
    jk_record *r = ex(norm.p);
    jk_span spans[] = {r->org_ev, r->published_ev, r->category_ev, r->affected_ev, r->title_ev};
    for (size_t i = 0; i < sizeof spans / sizeof spans[0]; i++) {
      if (!spans[i].len) continue;
      CHECK((size_t)spans[i].off + spans[i].len <= r->text_len);
      CHECK(((unsigned char)r->text[spans[i].off] & 0xC0) != 0x80);
    }
    jk_record_free(r);
    jk_buf_free(&norm);
    free(raw);
  }
}

/* A notice as PDF text gives it: lines broken at the page margin, inside
   約48万件 and 経済産業省 (fictional). */
static const char margin_broken[] =
    "【第2報】当社業務委託先におけるランサムウェア被害について\n"
    "2031年4月25日\n"
    "架空ガス株式会社\n"
    "2031年4月11日に公表いたしました、当社がお客様対応業務を委託している架空\n"
    "コール株式会社(以下「委託先」)のサーバーがランサムウェアに感染した件に\n"
    "ついて、調査の進捗をお知らせいたします。\n"
    "委託先の調査の結果、暗号化されたサーバー内に保存されていたお客様情報は約48\n"
    "万件で、その内容はお客様番号、氏名、住所、電話番号であることが確認されま\n"
    "した。\n"
    "1 今後の対応\n"
    "・対象のお客様には、順次書面にてご連絡いたします。\n"
    "・本件は、委託先から個人情報保護委員会に報告されているほか、当社からも経\n"
    "済産業省へ報告しております。\n";

TEST(text_broken_at_the_page_margin) {
  jk_record *r = ex(margin_broken);
  CHECK_INT(r->affected, 480000);
  CHECK(r->reported_to & (1u << JK_AUTH_MINISTRY));
  CHECK(r->reported_to & (1u << JK_AUTH_PPC));
  CHECK_INT(r->vendor, 1);
  CHECK_STR(jk_category_name(r->category), "ransomware");
  CHECK_STR(r->org, "架空ガス株式会社");
  /* The record keeps the text as it came; evidence points into it, the
     margin's line break included. */
  CHECK_INT(r->text_len, strlen(margin_broken));
  CHECK(memcmp(r->text, margin_broken, r->text_len) == 0);
  CHECK_STR(ev(r, r->affected_ev), "約48\n万件");
  CHECK_STR(ev(r, r->reported_to_ev[JK_AUTH_MINISTRY]), "経\n済産業省");
  CHECK_STR(ev(r, r->org_ev), "架空ガス株式会社");
  CHECK_STR(ev(r, r->published_ev), "2031年4月25日");
  jk_record_free(r);
}

/* Styles neither seeds nor dev hold (fictional), one fix each. */
TEST(unseen_styles) {
  /* 【続報】 whose body names two earlier reports: the third. */
  jk_record *r = ex("【続報】ランサムウェア被害に関する調査結果のお知らせ\n2031年10月31日\n架空物産株式会社\n"
                    "2031年9月12日付「ランサムウェア被害の発生について」、および同年9月26日付「ランサムウェア被害に関する"
                    "お知らせ(第2報)」にてお知らせいたしました件について、調査の結果をお知らせいたします。\n");
  CHECK_INT(r->report_seq, 3);
  jk_record_free(r);
  /* A table's total row: no data word on it, yet it is the headline. */
  r = ex("不正アクセスによる個人情報流出の可能性に関するお知らせ\n2031年7月7日\n架空トラベル株式会社\n"
         "当社の予約システムが不正アクセスを受け、お客様の個人情報が流出した可能性があります。\n"
         "| 区分 | 件数 | 項目 |\n| 会員 | 8,412名 | 氏名、住所、電話番号 |\n| 非会員 | 2,103名 | 氏名、電話番号 |\n"
         "| 合計 | 10,515名 | |\n");
  CHECK_INT(r->affected, 10515);
  CHECK_STR(ev(r, r->affected_ev), "10,515名");
  jk_record_free(r);
  /* 「BCC」ではなく「TO」: the denial is of the field, not of the addresses
     shown after ため、. */
  r = ex("メールの誤送信に関するお詫び\n2031年4月2日\n架空大学\n"
         "本学の教員がメールを送信する際、宛先を誤って「BCC」ではなく「TO」に入力したため、"
         "受信者全員に他の受信者のメールアドレスが表示される事案が発生しました。\n");
  CHECK_INT(r->data_types, 1u << JK_DT_EMAIL);
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  jk_record_free(r);
  /* A town office signs for the town; a photo posted on the employee's own
     SNS is misuse; data 判読できる in a paper 窓口に提出された is exposed. */
  r = ex("職員によるSNSへの不適切な投稿について\n\n架空町役場\n令和13年6月9日\n\n"
         "本町の職員が、業務で知り得た町民の方の個人情報を含む写真を、自身のSNSアカウントに投稿していたことが判明しました。\n"
         "投稿された写真には、窓口に提出された申請書が写り込んでおり、町民1名の氏名、住所及び電話番号が判読できる状態でした。\n");
  CHECK_STR(r->org, "架空町");
  CHECK_STR(jk_category_name(r->category), "misuse");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(r->data_types & (1u << JK_DT_PHONE));
  jk_record_free(r);
  /* サポート詐欺: remote control of a PC is hacking; 志望校 is school data. */
  r = ex("サポート詐欺による遠隔操作被害について\n2031年5月12日\n学校法人架空学院\n"
         "本学職員のパソコンに偽の警告画面が表示され、遠隔操作ソフトをインストールさせられる被害に遭いました。"
         "当該パソコンには受験生312名分の氏名、志望校が保存されておりました。\n");
  CHECK_STR(jk_category_name(r->category), "hacking");
  CHECK(r->data_types & (1u << JK_DT_SCHOOL));
  CHECK_INT(r->affected, 312);
  jk_record_free(r);
  /* A contractor's employee put code with customer data on GitHub. */
  r = ex("ソースコードの一部の外部公開について\n2031年5月1日\n架空商事株式会社\n"
         "当社の委託先の従業員が、当社システムのソースコードを誤ってGitHub上に公開していたことが判明しました。"
         "ソースコードには、お客様約4万件のメールアドレスが記載されたファイルが含まれていました。\n");
  CHECK_STR(jk_category_name(r->category), "publishing_error");
  CHECK_INT(r->vendor, 1);
  CHECK_INT(r->affected, 40000);
  jk_record_free(r);
  /* A branch signs for its company. */
  r = ex("書類の紛失について\n2031年2月2日\n株式会社架空銀行 架空支店\n"
         "当支店において、お客様12名の氏名、口座番号が記載された伝票を紛失しました。深くお詫び申し上げます。\n");
  CHECK_STR(r->org, "株式会社架空銀行");
  CHECK_STR(ev(r, r->org_ev), "株式会社架空銀行");
  jk_record_free(r);
  /* A company named in two Latin words after its legal form. */
  r = ex("【セキュリティ事件簿#2031-301】株式会社Blue Harbor 会員情報が閲覧できる状態になっていたことに関するお詫び\n"
         "当社の会員サイトにおいて、会員52名の氏名が他の会員から閲覧できる状態になっていました。\n");
  CHECK_STR(r->org, "株式会社Blue Harbor");
  jk_record_free(r);
  r = ex("【セキュリティ事件簿#2031-302】株式会社Blue Webサイトへの不正アクセスについて\n"
         "当社のWebサイトが不正アクセスを受けました。\n");
  CHECK_STR(r->org, "株式会社Blue");
  jk_record_free(r);
  /* The first report's estimate, corrected by this one. */
  r = ex("不正アクセスに関する調査結果について(最終報告)\n2031年8月29日\n架空ネットワークス株式会社\n"
         "当初、漏えいのおそれがある個人情報は約2万件とお知らせしておりましたが、調査の結果、"
         "外部に送信された可能性があるのは、お客様6,812名分の情報であることが確定いたしました。\n");
  CHECK_INT(r->affected, 6812);
  CHECK_INT(r->report_seq, 2);
  jk_record_free(r);
  /* One kind of data no list names, as what leaked: other. */
  r = ex("個人情報の漏えいについて\n2031年3月1日\n架空商事株式会社\n"
         "当社においてお客様120名の顔写真が流出した可能性があります。深くお詫び申し上げます。\n");
  CHECK_INT(r->data_types, 1u << JK_DT_OTHER);
  CHECK_STR(ev(r, r->data_type_ev[JK_DT_OTHER]), "写真");
  jk_record_free(r);
  /* …but a photo in a sentence about something else is not data. */
  r = ex("個人情報の漏えいについて\n2031年3月1日\n架空商事株式会社\n"
         "当社のサーバーが不正アクセスを受けました。写真は当社のウェブサイトに掲載しております。深くお詫び申し上げます。\n");
  CHECK_INT(r->data_types & (1u << JK_DT_OTHER), 0);
  jk_record_free(r);
  /* A prefectural hospital speaks for itself (a city school's notice is
     the city's). */
  r = ex("県内の病院で患者情報流出 ランサムウェア被害\n\n"
         "架空県立病院は15日、同病院の電子カルテシステムがランサムウェアに感染し、"
         "患者約1万2千人分の個人情報が流出した恐れがあると発表した。\n");
  CHECK_STR(r->org, "架空県立病院");
  CHECK_INT(r->affected, 12000);
  jk_record_free(r);
  /* A library the city runs signs for the city (a body of it, as the city's
     centres and bureaus are). */
  r = ex("利用者情報の紛失について\n2031年4月1日\n架空市立中央図書館\n"
         "当館において、利用者150名の氏名、電話番号を記載した書類を紛失しました。深くお詫び申し上げます。\n");
  CHECK_STR(r->org, "架空市");
  jk_record_free(r);
  /* 誤配送 by the contractor that delivers. */
  r = ex("宅配便の誤配送について\n2031年5月1日\n架空商事株式会社\n"
         "委託先の配送業者が、お客様の商品を誤って別のお宅に配達しました。伝票には1名の氏名、住所、電話番号が記載されていました。\n");
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  CHECK_INT(r->vendor, 1);
  jk_record_free(r);
}

/* The notice's own date in the forms municipalities and letters print:
   both calendars at once, and the era letters. */
TEST(dates_in_both_calendars) {
  static const struct {
    const char *line, *iso;
  } cases[] = {
      {"2031年(令和13年)3月1日", "2031-03-01"}, {"令和13年(2031年)3月1日", "2031-03-01"},
      {"令和13(2031)年3月1日", "2031-03-01"},   {"令和元年(2019年)5月1日", "2019-05-01"},
      {"R13.3.1", "2031-03-01"},                {"H30.4.1", "2018-04-01"},
      {"令和13年(2031年)", ""},                 {"令和99年(2117年)13月45日", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512], iso[16];
    snprintf(text, sizeof text,
             "個人情報の漏えいについて\n%s\n架空商事株式会社\n"
             "当社においてお客様12名の氏名が記載された書類を紛失しました。深くお詫び申し上げます。\n",
             cases[i].line);
    jk_record *r = ex(text);
    jk_date_format(r->published, iso, sizeof iso);
    CHECK_STR(iso, cases[i].iso);
    if (cases[i].iso[0]) CHECK_STR(ev(r, r->published_ev), cases[i].line);
    jk_record_free(r);
  }
}

/* A measures paragraph says several things: each sentence is weighed on
   its own, and the apology after the promise is not a measure. */
TEST(measures_sentence_by_sentence) {
  jk_record *r = ex("書類の紛失について\n2031年6月1日\n架空商事株式会社\n"
                    "当社において、お客様20名の氏名が記載された書類を紛失しました。\n"
                    "今後の対応\n"
                    "書類の保管場所を施錠できる棚に限定し、持ち出しの記録を徹底いたします。"
                    "また、全従業員を対象とした研修を実施いたします。"
                    "お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。\n");
  CHECK_INT(r->measures.n, 2);
  if (r->measures.n == 2) {
    CHECK_STR(r->measures.v[0].text, "書類の保管場所を施錠できる棚に限定し、持ち出しの記録を徹底いたします。");
    CHECK_STR(r->measures.v[1].text, "また、全従業員を対象とした研修を実施いたします。");
    CHECK_STR(ev(r, r->measures.v[1].ev), "また、全従業員を対象とした研修を実施いたします。");
  }
  jk_record_free(r);
}

/* The report's place in the series, however the title says it. */
TEST(report_sequence_in_other_words) {
  static const struct {
    const char *title;
    int seq;
  } cases[] = {
      {"不正アクセスについて(第二報)", 2}, {"不正アクセスについて 続報2", 3}, {"不正アクセスについて(最終報)", 2},
      {"不正アクセスに関する2報目", 2},    {"不正アクセスについて(追加報告)", 2}, {"不正アクセスについて(その3)", 3},
      {"不正アクセスについて(その1)", 1},  {"不正アクセスについて", 1},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "%s\n2031年3月1日\n架空商事株式会社\n"
             "当社サーバーが不正アクセスを受け、お客様120名の氏名が流出した可能性があります。深くお詫び申し上げます。\n",
             cases[i].title);
    jk_record *r = ex(text);
    CHECK_INT(r->report_seq, cases[i].seq);
    jk_record_free(r);
  }
}
