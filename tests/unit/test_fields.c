/*
** test_fields.c — counts, report numbers, causes, kinds of data and the
** authorities told, on fictional notices written in styles the shared sets
** hold few of (a table with a 合計 row, mail in batches, a body that names
** the first report, a plan to tell the police, the credentials a phishing
** page took), and the confidence each field carries.
*/
#include "extract_helpers.h"

static const char head[] = "会員情報の流出に関するお詫び\n2031年3月9日\n架空商事株式会社\n";

static jk_record *ex_body(const char *body) {
  static char text[4096];
  snprintf(text, sizeof text, "%s%s", head, body);
  return ex(text);
}

TEST(a_tables_total_row_is_the_count) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、会員の情報が流出しました。\n"
                         "区分 人数 含まれる情報\n"
                         "個人会員 3,120名 氏名、メールアドレス\n"
                         "法人会員 1,004名 氏名、勤務先\n"
                         "合計 4,124名\n");
  CHECK_INT(r->affected, 4124);
  CHECK(r->confidence[JK_F_AFFECTED] >= 0.8f);
  jk_record_free(r);
  /* Customers counted as 先 (取引先) in a bank's table. */
  r = ex_body("帳票の一部が所在不明となりました。\n融資申込書 20先 氏名、住所\n口座振替依頼書 31先 氏名、口座番号\n合計 51先\n");
  CHECK_INT(r->affected, 51);
  jk_record_free(r);
  /* A table drawn with box characters. */
  r = ex_body("端末には次の情報を表示できる状態でした。\n"
              "│区分　　　　　│人数　│主な情報　　　　│\n"
              "│利用者様　　　│ 64名 │氏名、住所　　　│\n"
              "│ご家族様　　　│ 58名 │氏名、電話番号　│\n"
              "│合計　　　　　│122名 │　　　　　　　　│\n");
  CHECK_INT(r->affected, 122);
  jk_record_free(r);
}

TEST(batches_are_not_the_whole) {
  jk_record *r = ex_body("会員の皆様へのお知らせメールを、1回あたり40名ずつ、宛先をBCCとすべきところTOに入力して送信しました。\n"
                         "これにより、合計360名のメールアドレスが他の受信者に表示される状態となりました。\n");
  CHECK_INT(r->affected, 360);
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  jk_record_free(r);
}

TEST(a_corrected_count_wins) {
  jk_record *r = ex_body("当社サーバーへの不正アクセスにより、会員の氏名が流出しました。\n"
                         "流出した件数について、当初2,400名とお知らせしておりましたが、調査の結果、正しくは1,980名でした。\n");
  CHECK_INT(r->affected, 1980);
  jk_record_free(r);
}

TEST(report_numbers_from_the_body) {
  jk_record *r = ex_body("2031年3月1日に第1報としてお知らせしました当社サーバーへの不正アクセスについて、調査の結果をご報告いたします。"
                         "会員120名の氏名が流出しました。\n");
  CHECK_INT(r->report_seq, 2);
  jk_record_free(r);
  r = ex_body("2031年3月1日にお知らせいたしました「不正アクセスの発生について」の続報です。会員120名の氏名が流出しました。\n");
  CHECK_INT(r->report_seq, 2);
  jk_record_free(r);
  /* Two dates before the reference: two earlier reports. */
  r = ex("不正アクセスによる個人情報漏えいについて(続報)\n2031年3月9日\n架空商事株式会社\n"
         "当社は、2031年3月1日及び3月5日にお知らせしたとおり、不正アクセスを受けました。会員120名の氏名が流出しました。\n");
  CHECK_INT(r->report_seq, 3);
  jk_record_free(r);
  /* A first report that promises more, and a mail "sent as the first report" to those affected. */
  r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。詳細が判明次第、続報にてお知らせいたします。\n");
  CHECK_INT(r->report_seq, 1);
  jk_record_free(r);
  r = ex_body("誤送信の判明後、お詫びのメールを第一報として関係者各位にお送りいたしました。会員12名のメールアドレスが表示されました。\n");
  CHECK_INT(r->report_seq, 1);
  jk_record_free(r);
}

TEST(causes_in_other_words) {
  static const struct {
    const char *body;
    const char *cat;
  } cases[] = {
      {"通知書の封入作業において封入誤りがあり、宛名の異なる通知書を同封して郵送しました。対象者の氏名と住所が記載されています。\n",
       "misdelivery"},
      {"職員が業務外で住民の個人情報を閲覧し、その一部を私的に閲覧していたことが判明しました。氏名と住所が含まれます。\n", "misuse"},
      {"システム改修時の不具合により、ログインした会員の画面に他の会員の情報が表示される事象が発生しました。氏名と電話番号が表示されました。\n",
       "programming_error"},
      {"資料を保存していたクラウドの共有設定が「リンクを知っている全員」となっており、外部から閲覧できる状態でした。氏名が含まれます。\n",
       "misconfiguration"},
      {"保存期間を過ぎた書類とともに、保管中の申込書を誤って溶解処理した可能性が高いと判断しました。氏名と住所が記載されています。\n",
       "loss"},
      {"職員が、当社を装ったフィッシングメールのサイトにIDとパスワードを入力し、メールアカウントが乗っ取られました。取引先の氏名とメールアドレスが閲覧された可能性があります。\n",
       "hacking"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jk_record *r = ex_body(cases[i].body);
    CHECK_STR(jk_category_name(r->category), cases[i].cat);
    CHECK(r->confidence[JK_F_CATEGORY] > 0.0f);
    jk_record_free(r);
  }
}

TEST(credentials_the_attack_used_did_not_leak) {
  jk_record *r = ex_body("職員が、当社を装ったフィッシングメールのサイトにIDとパスワードを入力し、メールアカウントが乗っ取られました。\n"
                         "流出した可能性がある情報:取引先担当者の氏名、メールアドレス\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(r->data_types & (1u << JK_DT_EMAIL));
  CHECK(!(r->data_types & (1u << JK_DT_PASSWORD)));
  CHECK(!(r->data_types & (1u << JK_DT_LOGIN_ID)));
  jk_record_free(r);
}

TEST(a_plan_to_tell_the_police_is_not_a_report) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。\n"
                         "個人情報保護委員会に報告いたしました。警察への届出についても予定しております。\n");
  CHECK_INT(r->reported_to, 1u << JK_AUTH_PPC);
  CHECK(r->confidence[JK_F_REPORTED_TO] < 0.8f); /* an authority named, not told */
  jk_record_free(r);
  r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。\n"
              "個人情報保護委員会に報告し、警察にも相談いたしました。\n");
  CHECK_INT(r->reported_to, (1u << JK_AUTH_PPC) | (1u << JK_AUTH_POLICE));
  jk_record_free(r);
}

TEST(every_field_has_a_confidence) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。\n");
  for (int f = 0; f < JK_F_COUNT; f++) {
    CHECK(r->confidence[f] > 0.0f && r->confidence[f] <= 1.0f);
    if (!(r->confidence[f] > 0.0f)) fprintf(stderr, "    no confidence for %s\n", jk_field_name((jk_field)f));
  }
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_record_to_json(r, JK_JSON_EVIDENCE, &b) == JK_OK);
  CHECK(strstr(b.p, "\"confidence\":{\"casebook_id\":") != NULL);
  jk_buf_free(&b);
  jk_record_free(r);
}

TEST(a_topic_that_ends_in_a_plan_is_not_a_report) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。\n"
                         "監督官庁である財務局への報告についても、関係先と相談のうえ、今後行う予定です。\n"
                         "警察への相談についても、現在検討しております。\n");
  CHECK_INT(r->reported_to, 0);
  jk_record_free(r);
}

TEST(a_denial_in_other_words) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名とメールアドレスが流出しました。\n"
                         "※クレジットカード情報は当社サービスでは保持していないため、含まれておりません。\n");
  CHECK_INT(r->card, 0);
  CHECK(!(r->data_types & (1u << JK_DT_CARD)));
  jk_record_free(r);
}

TEST(the_report_number_of_a_letter_that_opens_with_its_date) {
  jk_record *r = NULL;
  static const char text[] = "令和9年9月5日\n"
                             "報道機関各位\n"
                             "架空広域事務組合\n"
                             "受付システムの委託先におけるランサムウェア被害について\n"
                             "\n"
                             "令和9年8月22日にお知らせした、本組合が使用しているシステムの委託先のサーバがランサムウェアに感染した件について、"
                             "利用者の氏名が流出した可能性があることが判明しましたので、お知らせします。\n";
  r = ex(text);
  CHECK_INT(r->report_seq, 2);
  jk_record_free(r);
}

TEST(a_final_report_after_three) {
  jk_record *r = ex("架空研究機構\n"
                    "\n"
                    "不正アクセスによる情報流出事案に関する調査報告書\n"
                    "(最終報)\n"
                    "\n"
                    "2031年2月28日\n"
                    "架空研究機構は、不正アクセスを受けた事案について、2030年10月11日に第1報、同年11月8日に第2報、"
                    "同年12月20日に第3報を公表してまいりました。職員の氏名が流出しました。お詫び申し上げます。\n");
  CHECK_INT(r->report_seq, 4);
  jk_record_free(r);
  /* …but 不確かな情報を公表して is no earlier report. */
  r = ex_body("当社サーバーが不正アクセスを受け、会員120名の氏名が流出しました。"
              "不確かな情報を公表して混乱を招くことを避けるため、調査を待っての公表となりました。\n");
  CHECK_INT(r->report_seq, 1);
  jk_record_free(r);
}

TEST(a_data_list_in_parts) {
  jk_record *r = ex("育児記録アプリの不具合について\n"
                    "アプリの画面に別の会員の記録が出てしまう障害がありました。お詫び申し上げます。\n"
                    "2. 別の会員に見えていた可能性のある情報\n"
                    "<会員ご本人の情報>\n"
                    "1)メールアドレス\n"
                    "<お子さまの情報>\n"
                    "1)呼び名\n"
                    "2)誕生日\n"
                    "3)性別\n"
                    "3. 見えていた可能性のある期間\n"
                    "2030年1月から2031年10月まで\n");
  CHECK_INT(r->data_types, (1u << JK_DT_EMAIL) | (1u << JK_DT_BIRTHDATE) | (1u << JK_DT_GENDER) | (1u << JK_DT_OTHER));
  jk_record_free(r);
}

TEST(a_date_is_no_title) {
  jk_record *r = ex("2031-08-13 18:20:00\n"
                    "この度、一部のお客様へ電子メールを送信した際、宛先をBCCとすべきところTOとしたため、16名のメールアドレスが表示されました。お詫び申し上げます。\n");
  CHECK(r->title == NULL);
  CHECK_INT(r->affected, 16);
  jk_record_free(r);
}

TEST(a_data_list_under_group_headings) {
  jk_record *r = ex_body("当社サーバーがランサムウェアに感染しました。\n"
                         "2.漏えいした可能性のある情報\n"
                         " 合計 約300名分\n"
                         "【会員様(約250名)】\n"
                         " ・氏名\n"
                         " ・生年月日\n"
                         "【従業員(約50名)】\n"
                         " ・氏名\n"
                         " ・給与振込口座\n"
                         "3.今後の対応\n"
                         "専門業者と調査を続けます。\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(r->data_types & (1u << JK_DT_BIRTHDATE));
  CHECK(r->data_types & (1u << JK_DT_BANK));
  jk_record_free(r);
}

TEST(a_list_after_the_following_information) {
  jk_record *r = ex_body("1 内容\n"
                         " 5月に発送した通知書のうち、42名分に、別の方の次の情報が記載されていました。\n"
                         " (1)氏名\n"
                         " (2)振込先の口座番号\n"
                         "2 原因\n"
                         " 印刷データの作成を誤ったためです。\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(r->data_types & (1u << JK_DT_BANK));
  jk_record_free(r);
}

TEST(a_list_quoted_in_prose) {
  jk_record *r = ex_body("2.流出した情報\n"
                         "対象は契約者の「検針番号、氏名、住所」です。(口座情報は含まれておりません。)\n");
  CHECK(r->data_types & (1u << JK_DT_NAME));
  CHECK(r->data_types & (1u << JK_DT_ADDRESS));
  CHECK(r->data_types & (1u << JK_DT_OTHER));
  CHECK(!(r->data_types & (1u << JK_DT_BANK)));
  jk_record_free(r);
}

TEST(the_contractor_in_the_story) {
  /* The issuer is itself the contractor of its client. */
  jk_record *r = ex_body("当社が架空市より受託している検診業務において、受診者の結果を記載したファイルを誤った宛先へ送信しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  /* A contractor named and ruled out. */
  r = ex_body("当社サイトが不正アクセスを受けました。なお、サイトの保守は架空システム株式会社に委託しておりますが、同社の環境からの流出は確認されておりません。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  /* The fault of a firm the issuer hired. */
  r = ex_body("申込フォームの改修を委託した制作会社が組み込んだ処理に誤りがあり、他の方の入力内容が表示されました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("町が利用するシステム(システム事業者が提供するクラウドサービス)の更新に不具合があり、別の方の情報が印字されました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}

TEST(a_wrong_address_field_is_a_misdelivery) {
  jk_record *r = ex("メール配信時の宛先設定誤りについて\n2031年3月9日\n架空興行株式会社\n"
                    "ご案内メールの宛先の設定を誤り、受信者のメールアドレスが他の受信者に表示される状態で送信しました。\n");
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  jk_record_free(r);
  r = ex("受診券はがきの宛名誤りについて\n2031年3月9日\n一般財団法人架空健康会\n"
         "はがき40枚の圧着面に、別の方の情報が印刷されていました。並べ替えの作業を誤ったことが原因です。\n");
  CHECK_STR(jk_category_name(r->category), "misdelivery");
  jk_record_free(r);
}

TEST(hashed_passwords_leak_and_borrowed_ones_do_not) {
  jk_record *r = ex_body("2.流出した可能性のある情報\n 氏名、メールアドレス、パスワード(暗号化された状態)\n");
  CHECK(r->data_types & (1u << JK_DT_PASSWORD));
  jk_record_free(r);
  r = ex_body("他社から流出したとみられるIDとパスワードの組み合わせを用いた不正ログインが確認されました。"
              "ログインされた会員の氏名、電話番号が閲覧された可能性があります。\n");
  CHECK(!(r->data_types & (1u << JK_DT_PASSWORD)));
  CHECK(!(r->data_types & (1u << JK_DT_LOGIN_ID)));
  CHECK(r->data_types & (1u << JK_DT_NAME));
  jk_record_free(r);
}

TEST(card_data_denied_by_reason_or_as_the_topic) {
  jk_record *r = ex_body("2.閲覧された可能性のある情報\n 氏名、住所、電話番号\n"
                         " ※当店ではクレジットカード番号をお預かりしていないため、カード情報は含まれておりません。\n");
  CHECK(!r->card);
  CHECK(r->data_types & (1u << JK_DT_NAME));
  jk_record_free(r);
  r = ex_body("2.流出した情報\n 氏名、メールアドレス\n"
              " ※クレジットカード情報は決済代行会社で管理しており、当社のシステムには保存されていないため、対象外です。\n");
  CHECK(!r->card);
  jk_record_free(r);
  /* A contrast keeps what leaked: 住所は流出しましたが、カード情報は含まれておりません. */
  r = ex_body("お客様の住所は流出しましたが、カード情報は含まれておりません。\n");
  CHECK(!r->card);
  CHECK(r->data_types & (1u << JK_DT_ADDRESS));
  jk_record_free(r);
}

TEST(the_insiders_own_mail_address_is_not_data) {
  jk_record *r = ex_body("元従業員が、顧客データを自身の私用のメールアドレスあてに送信していたことが判明しました。"
                         "データには顧客の氏名、住所、生年月日が含まれていました。\n");
  CHECK(!(r->data_types & (1u << JK_DT_EMAIL)));
  CHECK(r->data_types & (1u << JK_DT_NAME));
  jk_record_free(r);
}

TEST(dates_of_news_lists) {
  /* The date in a breadcrumb's last step; a dotted date before the title,
     which the title does not keep. */
  jk_record *r = ex("株式会社架空設計\nWORKS | NEWS | CONTACT\nNEWS > 2031/1/30\n\n"
                    "当社メールアカウントへの不正ログインに関するお詫び\n\n"
                    " 当社社員のメールアカウントが第三者に不正に利用され、取引先の皆様のメールアドレスが流出した可能性があります。深くお詫び申し上げます。\n");
  CHECK_INT(r->published.y, 2031);
  CHECK_INT(r->published.m, 1);
  CHECK_INT(r->published.d, 30);
  jk_record_free(r);
  r = ex("2031.04.11 診療明細書の誤交付についてのお詫び\n\n"
         " 会計時に別の方の診療明細書をお渡ししました。明細書には1名のお名前とご住所が記載されていました。深くお詫び申し上げます。\n");
  CHECK_INT(r->published.d, 11);
  CHECK_STR(r->title, "診療明細書の誤交付についてのお詫び");
  jk_record_free(r);
}

TEST(the_last_of_the_earlier_reports_named) {
  jk_record *r = ex("【最終報】当社オンラインストアへの不正アクセスに関するお詫び\n2031年9月5日\n架空珈琲株式会社\n"
                    " 2031年7月11日(第1報)及び8月8日(第2報)にお知らせいたしました不正アクセスについて、調査が完了しました。\n"
                    " 個人情報保護委員会には第1報の時点で報告しております。\n");
  CHECK_INT(r->report_seq, 3);
  jk_record_free(r);
  r = ex_body(" 5月9日の第1報、5月23日の第2報でお知らせいたしました件について、調査結果をお知らせします。\n");
  CHECK_INT(r->report_seq, 3);
  jk_record_free(r);
}

TEST(a_kind_of_authority_in_apposition) {
  jk_record *r = ex_body("監督官庁である個人情報保護委員会には3月20日に報告済みです。\n");
  CHECK_INT(r->reported_to, 1u << JK_AUTH_PPC);
  jk_record_free(r);
  r = ex_body("最寄りの警察署へ遺失届を提出し、監督官庁へも報告しております。\n");
  CHECK_INT(r->reported_to, (1u << JK_AUTH_POLICE) | (1u << JK_AUTH_MINISTRY));
  jk_record_free(r);
}

TEST(people_not_entries_nor_the_whole_mailing) {
  jk_record *r = ex_body("2.流出した情報\n フォームから送信された内容 延べ2,316件(同じ方からの送信をまとめると1,874名)\n ・氏名\n ・電話番号\n");
  CHECK_INT(r->affected, 1874);
  jk_record_free(r);
  r = ex_body("6月10日に発送した通知書(1,204世帯分)のうち1通に、別の受給者1名の通知書が同封されていました。\n");
  CHECK_INT(r->affected, 1);
  jk_record_free(r);
}

/* Malware that mails contacts in the staff's name took the address book;
   a stranger's mail that infected a PC did not. */
TEST(mail_in_the_staffs_name_means_addresses_leaked) {
  jk_record *r = ex("不審メールに関するお詫び\n\n2031年2月3日\n架空工業株式会社\n\n"
                    " 当社従業員のパソコンがマルウェア「Emotet」に感染し、当社従業員を装ったメールが、過去にメールをやり取りした方々に送信されていることを確認しました。\n");
  CHECK(r->category == JK_CAT_MALWARE);
  CHECK(r->data_types & (1u << JK_DT_EMAIL));
  CHECK_STR(ev(r, r->data_type_ev[JK_DT_EMAIL]), "従業員を装ったメール");
  jk_record_free(r);
  r = ex("マルウェア感染に関するお知らせ\n\n2031年2月3日\n架空工業株式会社\n\n"
         " 取引先の担当者を名乗る者から届いたメールの添付ファイルを開いたため、当社のパソコン1台がマルウェア「Emotet」に感染しました。\n");
  CHECK(r->category == JK_CAT_MALWARE);
  CHECK(!(r->data_types & (1u << JK_DT_EMAIL)));
  jk_record_free(r);
}

/* A contractor named on one printed line and the leak on the next is one
   sentence; a 指導者 (a coach) is no oversight of a contractor. */
TEST(the_contractor_in_a_sentence_over_two_lines) {
  jk_record *r = ex("報道資料\n1 事案の概要\n"
                    "架空市民プールにおいて指定管理者である架空市スポーツ振興財団(以下「財団」という。)が\n"
                    "実施した水泳教室について、申込者の氏名と住所が漏えいした疑いがあることが判明したもの。\n");
  CHECK(r->vendor);
  CHECK_STR(ev(r, r->vendor_ev), "指定管理者");
  jk_record_free(r);
  r = ex("カード情報流出のお詫び\n"
         "当協会が指導者講習会の受講料の決済に利用しておりました決済サービス会社におきまして、不正アクセスによる情報流出が発生いたしました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  /* A short heading line does not run on into the next. */
  r = ex("書類の紛失について\n委託先の管理\n当社の職員が、顧客の氏名を記載した書類を紛失しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

/* Denials that glossed words, a device's PIN, a file's password sent with
   it and credentials borrowed for a list attack are not what leaked. */
TEST(passwords_and_numbers_that_did_not_leak) {
  jk_record *r = ex_body("当社サーバーが不正アクセスを受け、顧客の氏名が流出しました。\n"
                         "なお、従業員の個人番号(マイナンバー)は、別の給与計算サービスで管理しており、流出の対象には含まれておりません。\n"
                         "※住所、電話番号は同社のサーバーに保存されていません。\n");
  CHECK_INT(r->data_types, 1u << JK_DT_NAME);
  jk_record_free(r);
  r = ex_body("集金用の端末1台を紛失しました。端末にはお客さまの氏名と住所が記録されていました。\n"
              "※端末は起動時に暗証番号の入力が必要です。\n");
  CHECK(!(r->data_types & (1u << JK_DT_PASSWORD)));
  CHECK(r->data_types & (1u << JK_DT_ADDRESS));
  jk_record_free(r);
  r = ex_body("職員が別の受診者の健診結果を添付して送信しました。また、パスワードを同じメールの本文に記載しておりました。\n");
  CHECK(!(r->data_types & (1u << JK_DT_PASSWORD)));
  jk_record_free(r);
  r = ex_body("他のサービスから流出したと考えられるメールアドレスとパスワードの組み合わせを用いた、いわゆるリスト型攻撃により、会員の氏名が閲覧されました。\n");
  CHECK(!(r->data_types & (1u << JK_DT_PASSWORD)));
  CHECK(r->data_types & (1u << JK_DT_NAME));
  jk_record_free(r);
  /* …but a password in the list of what leaked did. */
  r = ex_body("流出した情報は、会員の氏名、メールアドレス、パスワードです。\n");
  CHECK(r->data_types & (1u << JK_DT_PASSWORD));
  jk_record_free(r);
}

/* A second report that corrects the first one's estimate: the corrected
   count; a first report that promises a 続報 is still the first. */
TEST(an_estimate_corrected_and_a_follow_up_promised) {
  jk_record *r = ex("委託先における不正アクセスについて(第2報)\n\n2031年3月2日\n架空信用金庫\n\n"
                    " 第1報の時点では、最大約8,000名分が対象となり得るとご説明しておりましたが、調査の結果、流出した可能性があるのは5,210名分であることが確定しました。\n");
  CHECK_INT(r->affected, 5210);
  CHECK_INT(r->report_seq, 2);
  jk_record_free(r);
  r = ex("取引報告書の誤表示について\n\n2031年8月22日\n架空証券株式会社\n\n"
         " システムの不具合により、お客様の画面に他のお客様の取引報告書が表示されました。深くお詫び申し上げます。\n"
         " 詳細が判明いたしましたら、続報としてお知らせいたします。\n");
  CHECK_INT(r->report_seq, 1);
  jk_record_free(r);
}

/* A mail sent to the wrong people because a program read the wrong order:
   the stated cause is the program's defect. */
TEST(the_stated_cause_outweighs_what_it_did) {
  jk_record *r = ex("ご注文確認メールの誤送信に関するお詫び\n\n2031年11月20日\n架空電機株式会社\n\n"
                    " 当社通販サイトでご注文いただいたお客様に、別のお客様の注文内容を記載したメールが送信されました。\n"
                    " 原因は、同日午前に行った機能の改修において、メールを作成するプログラムが別の注文のデータを参照してしまう誤りがあったためです。\n");
  CHECK(r->category == JK_CAT_PROGRAMMING_ERROR);
  jk_record_free(r);
  /* …and a plain mis-sent mail stays a misdelivery. */
  r = ex("メールの誤送信に関するお詫び\n\n2031年11月20日\n架空電機株式会社\n\n"
         " 当社の担当者が、お客様宛てのメールを誤って別のお客様に送信しました。原因は、宛先の確認不足です。\n");
  CHECK(r->category == JK_CAT_MISDELIVERY);
  jk_record_free(r);
}

/* Informal and press-service styles: a ▼ section of what could be seen, a
   date line signed by the issuer, a press service's line of issuer and
   date, a Latin name with spaces. */
TEST(informal_and_press_service_styles) {
  jk_record *r = ex("【ごめんなさい】申込者リストが外から見える状態になっていました\n\n"
                    "2031/09/05 架空ラボ合同会社 代表社員 山田 花子\n\n"
                    "こんにちは。今日はお詫びです。\n\n▼ 見えてしまっていたもの\n・申込者のお名前\n・メールアドレス\n・お勤め先\n\n"
                    "▼ いつからいつまで\n2031年5月13日 ～ 2031年9月2日\n");
  CHECK_INT(r->published.y, 2031);
  CHECK_INT(r->published.m, 9);
  CHECK_INT(r->published.d, 5);
  CHECK_INT(r->data_types, (1u << JK_DT_NAME) | (1u << JK_DT_EMAIL) | (1u << JK_DT_EMPLOYMENT));
  jk_record_free(r);
  r = ex("委託先における資料の誤廃棄に関するお知らせ\n架空出版株式会社 2031年11月25日 15時00分\n\n"
         " 架空出版株式会社は、委託先で保管していた受講申込書の控えを誤って廃棄したことをお知らせします。\n");
  CHECK_INT(r->published.d, 25);
  jk_record_free(r);
  r = ex("ご予約のお客様情報を記録したUSBメモリの紛失について\n\n2031年11月7日\n\n"
         " 弊社が運営するレストランにおいて、ご予約のお客様の氏名と電話番号を記録したUSBメモリを紛失しました。深くお詫び申し上げます。\n\n"
         "Hale & Wren株式会社\n");
  CHECK_STR(r->org, "Hale & Wren株式会社");
  jk_record_free(r);
}

/* Staff disciplined and reports received are not people affected; the
   所属 of students is their school. */
TEST(counts_of_staff_and_reports_and_students_affiliation) {
  jk_record *r = ex_body("職員が住民の氏名と住所を記載した書類を紛失しました。\n"
                         "市では本件にかかる職員7名に対し訓告処分、また上司4名を厳重注意処分といたしました。\n");
  CHECK_INT(r->affected, -1);
  jk_record_free(r);
  r = ex_body("お客様から、他者のニックネーム及びメールアドレスが表示されたとのご報告がありました。上記2件の報告を受け、調査を開始しました。\n");
  CHECK_INT(r->affected, -1);
  jk_record_free(r);
  r = ex_body("流出した情報は、学生212名分の氏名、学籍番号、所属学部・学年です。\n");
  CHECK(r->data_types & (1u << JK_DT_SCHOOL));
  CHECK(!(r->data_types & (1u << JK_DT_EMPLOYMENT)));
  jk_record_free(r);
  r = ex_body("流出した情報は、会員の氏名、勤務先、所属部署です。\n");
  CHECK(r->data_types & (1u << JK_DT_EMPLOYMENT));
  jk_record_free(r);
}

/* A newspaper printed readers' addresses it should not have; it 見落とし'd
   them (overlooked), it dropped nothing. */
TEST(a_newspaper_printed_what_it_should_not) {
  jk_record *r = ex("【おわびと訂正】読者投稿欄の応募者情報の掲載について\n\n2031年11月2日\n\n"
                    " 株式会社架空新聞社は、11月1日付朝刊の読者投稿欄において、応募者の住所を掲載しました。深くおわびし、訂正いたします。\n\n"
                    "■ 原因\n 掲載用の項目を選ぶ手順が抜けたまま紙面化したためです。校閲段階でも見落としました。\n");
  CHECK(r->category == JK_CAT_PUBLISHING_ERROR);
  jk_record_free(r);
  r = ex_body("職員が外出先で、住民の氏名を記載した書類を落としたことが判明しました。\n");
  CHECK(r->category == JK_CAT_LOSS);
  jk_record_free(r);
}

static int has_kind(const jk_record *r, jk_data_type t) { return (r->data_types & (1u << t)) != 0; }

TEST(unknown_items_of_a_list_in_a_sentence_are_other) {
  jk_record *r = ex_body("照会ページの不具合により、別の受検者の氏名、受検番号、受検級、合否が表示されていました。\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* A connective before a sentence is no kind of data. */
  r = ex_body("会員の氏名、メールアドレス、パスワードが流出しました。\n"
              "このうち、外部でパスワードが解読された痕跡を確認したのは150名分です。\n");
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* One known kind in a data section's list is enough. */
  r = ex_body("当社の職員が書類を誤った送信先にFAXしました。\n\n2 誤送信した情報\n 受給者4名の氏名、受給者証番号、サービス種別\n");
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* A bracket that says why the data is held lists no data. */
  r = ex_body("不正アクセスにより、会員のログインID、メールアドレス、生年月日(年齢確認のため)が流出しました。\n");
  CHECK(!has_kind(r, JK_DT_OTHER));
  CHECK(has_kind(r, JK_DT_BIRTHDATE));
  jk_record_free(r);
  /* What was sent instead of the right file is not denied by ではなく. */
  r = ex_body("担当者が、選考結果の一覧ではなく、応募者57名の学籍番号、氏名を記載したファイルを誤って添付しました。\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_SCHOOL));
  jk_record_free(r);
  /* A denial in the past tense. */
  r = ex_body("会員の氏名、メールアドレスが流出しました。なお、クレジットカード情報、マイナンバーは当該サーバに保存されていなかったことを確認しています。\n");
  CHECK(!r->card);
  CHECK(!has_kind(r, JK_DT_MYNUMBER));
  jk_record_free(r);
  /* Staff typing their own ID into a lure is how it happened. */
  r = ex_body("スタッフが運営会社を名乗るメールを受け取り、リンク先のページにIDとパスワードを入力してしまいました。その後、寄付者の氏名、住所、メールアドレスを含むメールが閲覧されました。\n");
  CHECK(!has_kind(r, JK_DT_PASSWORD));
  CHECK(has_kind(r, JK_DT_ADDRESS));
  jk_record_free(r);
}

TEST(counts_that_are_not_the_whole) {
  /* Those a mail went to are not whose data it held. */
  jk_record *r = ex_body("職員が、学部3年生312名に一斉送信したメールに、応募者57名の学籍番号、氏名を記載したファイルを添付しました。\n"
                         "受信した312名の学生にファイルの削除を依頼しました。成績が記載された57名の学生に謝罪しました。\n");
  CHECK_INT(r->affected, 57);
  jk_record_free(r);
  /* How many more is not how many in all; the earlier figure is dropped only where it stands. */
  r = ex_body("全件を確認した結果、誤送付は当初お知らせした14名から5名増え、19名であることが分かりました。増えた5名は同じ封筒に同封されていました。"
              "増えた5名の方にも謝罪しました。\n 誤送付された情報は、氏名、住所です。\n");
  CHECK_INT(r->affected, 19);
  jk_record_free(r);
  /* An earlier report's estimate. */
  r = ex_body("第1報では約700名とお伝えしましたが、確認の結果、683名分でした。受給者の氏名、住所が掲載されていました。\n");
  CHECK_INT(r->affected, 683);
  jk_record_free(r);
  /* A count over the list of what it covers; a part of it (うち) is not the whole. */
  r = ex_body("2.漏えいのおそれのある情報\n ご契約者さま 最大82,406名\n 氏名、住所、生年月日\n うち、口座振替のお客さま 12,311名\n 口座番号\n");
  CHECK_INT(r->affected, 82406);
  jk_record_free(r);
  /* Kanji tens. */
  r = ex_body("発送した通知書のうち、十二名の組合員の皆様の通知書を、別の組合員に誤って送付しました。氏名、住所が記載されていました。\n");
  CHECK_INT(r->affected, 12);
  jk_record_free(r);
}

TEST(dates_and_report_numbers_in_new_places) {
  /* A blog citing the notice itself, dated the day it was published. */
  jk_record *r = ex("#2031-044 架空検定協会:照会ページで他人の結果を表示(2031-04-04)\n"
                    " 別の受検者の氏名が表示された、と同協会が4月4日付で公表した。\n");
  CHECK_INT(r->report_seq, 1);
  CHECK_STR(r->casebook_id, "2031-044");
  jk_record_free(r);
  /* 調査結果のご報告 with no earlier notice cited is a first report. */
  r = ex("研究用サーバへの不正アクセスに関する調査結果のご報告\n\n2031年11月20日\n\n"
         " 当院は、研究用サーバへの不正アクセスについて外部の調査を終え、患者120名の氏名が流出したことを確認しました。お詫び申し上げます。\n");
  CHECK_INT(r->report_seq, 1);
  jk_record_free(r);
  /* 公開日 and 更新日 on one line: the 公開日. */
  r = ex("成績情報ファイル誤添付について\n\n公開日:2031年6月12日 更新日:2031年6月16日\n\n 学生57名の氏名を記載したファイルを誤って添付しました。お詫びいたします。\n");
  char d[16];
  jk_date_format(r->published, d, sizeof d);
  CHECK_STR(d, "2031-06-12");
  jk_record_free(r);
  /* A bilingual page's date line. */
  r = ex("Notice of Unauthorized Access\n会員サイトへの不正アクセスに関するお知らせ\n\nDecember 2, 2031 / 2031年12月2日\n\n"
         " 会員サイトへの不正アクセスにより、会員の氏名、メールアドレスが流出した可能性があります。お詫び申し上げます。\n");
  jk_date_format(r->published, d, sizeof d);
  CHECK_STR(d, "2031-12-02");
  jk_record_free(r);
  /* A reprint is dated by its own sign-off, not the blog's date above it. */
  r = ex("2031年11月18日\n【転載】当選者ページへの個人情報の掲載についてのお詫び(架空堂書店株式会社)\n"
         " 当社ウェブサイトに当選者25名の氏名を誤って掲載しました。お詫び申し上げます。\n (2031年11月17日 架空堂書店株式会社)\n");
  jk_date_format(r->published, d, sizeof d);
  CHECK_STR(d, "2031-11-17");
  CHECK_STR(r->org, "架空堂書店株式会社");
  jk_record_free(r);
}

TEST(phishing_in_other_words) {
  jk_record *r = ex_body("社員が、管理者を装ったメールに記載されたリンクを開き、偽のログイン画面にIDとパスワードを入力しました。"
                         "この情報が悪用され、視聴者の氏名、メールアドレスが閲覧されました。\n");
  CHECK_STR(jk_category_name(r->category), "hacking");
  jk_record_free(r);
}

TEST(people_once_each_beat_the_entries_counted_twice) {
  jk_record *r = ex_body("書類を紛失しました。対象は延べ1,046名分ですが、複数の書類に重複して記載されている方がいるため、実人数は887名です。氏名、住所が記載されていました。\n");
  CHECK_INT(r->affected, 887);
  jk_record_free(r);
}

TEST(an_act_denied_is_no_cause) {
  jk_record *r = ex_body("従業員のパソコンが情報を盗み取る種類のマルウェアに感染し、顧客の氏名、電話番号が外部に送信されました。"
                         "なお、ランサムウェアによるデータの暗号化は確認されておりません。\n");
  CHECK_INT(r->category, JK_CAT_MALWARE);
  jk_record_free(r);
}

TEST(a_lost_property_report_and_a_subcontractors_process) {
  jk_record *r = ex_body("社員が名刺ファイルを電車内に置き忘れました。9月28日に警察に遺失届を出しました。\n"
                         "名刺に記載された会社名、部署、役職、氏名、電話番号\n");
  CHECK(r->reported_to & (1u << JK_AUTH_POLICE));
  CHECK(has_kind(r, JK_DT_EMPLOYMENT));
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  r = ex_body("はがきの印刷は、当会が委託する架空印刷株式会社から、同社の再委託先である有限会社架空紙工が行いました。"
              "再委託先の圧着工程で用紙の送りがずれたため、別の方あてのはがきが作成されました。氏名、生年月日、昨年度の接種の有無が記載されていました。\n");
  CHECK(r->vendor);
  CHECK(has_kind(r, JK_DT_HEALTH));
  jk_record_free(r);
}

TEST(what_an_applicant_asked_for_and_what_was_not_in_scope) {
  jk_record *r = ex_body("応募フォームの設定不備により、応募された58名の氏名、電話番号、応募職種が閲覧可能でした。\n");
  CHECK(!has_kind(r, JK_DT_EMPLOYMENT));
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  r = ex_body("不正アクセスにより、申請者の氏名、電話番号、勤務先が閲覧されました。なお、口座情報は別システムで管理しており、本件の対象ではありません。\n");
  CHECK(!has_kind(r, JK_DT_BANK));
  CHECK(has_kind(r, JK_DT_EMPLOYMENT));
  jk_record_free(r);
}

TEST(a_correction_that_changes_nothing_else_denies_nothing) {
  jk_record *r = ex_body("11月7日付でお知らせした内容の一部を訂正いたします。対象となるお客様の人数 (誤)1,350名 (正)1,530名\n"
                         "なお、誤封入の内容(他のお客様の氏名、住所、口座番号が記載された書面が同封されたもの)に変更はございません。\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_BANK));
  jk_record_free(r);
}

TEST(misuse_and_misdelivery_told_as_a_story) {
  jk_record *r = ex_body("本市市民課の職員が、業務上の必要がないにもかかわらず、知人6名の住民票の情報を閲覧していました。職員による不正な閲覧です。\n");
  CHECK_INT(r->category, JK_CAT_MISUSE);
  jk_record_free(r);
  r = ex_body("会報の発送において宛名ラベルの貼り違いがあり、他の会員様の宛名ラベルを貼付した封筒をお届けしました。氏名、住所が記載されています。\n");
  CHECK_INT(r->category, JK_CAT_MISDELIVERY);
  jk_record_free(r);
}

TEST(views_of_a_page_are_no_count_of_people) {
  jk_record *r = ex_body("市ホームページに掲載した資料に、市民17名の氏名及び住所が記載されていました。掲載期間中の閲覧件数は112件でした。\n");
  CHECK_INT(r->affected, 17);
  jk_record_free(r);
}

TEST(a_contractor_consulted_or_notifying_is_not_where_it_happened) {
  jk_record *r = ex_body("当社サイトの決済画面が改ざんされ、カード情報が流出しました。決済代行会社と協議し、調査結果を待って公表しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  r = ex_body("当該アカウントから不審なメールが送信されていることを、メールサービス事業者からの通知により把握しました。氏名、メールアドレスが閲覧された可能性があります。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(a_team_at_work_is_no_count_and_a_denials_reason_no_contractor) {
  jk_record *r = ex_body("患者様1名の氏名、生年月日が記載された書類を誤った番号にFAXで送信しました。今後は送信前に2名で番号を確認します。\n");
  CHECK_INT(r->affected, 1);
  jk_record_free(r);
  r = ex_body("当社サーバーが不正アクセスを受け、会員の氏名、メールアドレスが流出しました。"
              "※カード決済は決済代行会社の画面で行われるため、カード情報は当社のサーバーに保存されておらず、流出の対象外です。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(health_items_named_in_other_words) {
  jk_record *r = ex_body("紛失した名簿には、児童の氏名、通院中の病気、主治医の指示内容が記載されていました。\n");
  CHECK(has_kind(r, JK_DT_HEALTH));
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* A report card's remarks are no health. */
  r = ex_body("紛失した書類には、生徒32名分の氏名、各教科の評定、所見の下書きが記載されていました。\n");
  CHECK(!has_kind(r, JK_DT_HEALTH));
  jk_record_free(r);
}

TEST(causes_told_without_their_usual_words) {
  struct {
    const char *body;
    jk_category want;
  } cases[] = {
      {"朝、パソコンで電子カルテのファイルが開けなくなっており、画面に英語で金銭を要求する文章が表示されていました。患者の氏名が記録されています。\n",
       JK_CAT_RANSOMWARE},
      {"職員が、本学のログイン画面を装ったページに誘導され、IDとパスワードを入力しました。その後メールボックスが閲覧され、学生の氏名が流出した可能性があります。\n",
       JK_CAT_HACKING},
      {"会員サービスのログイン画面に大量のログインの試みがあり、そのうち2,944件のアカウントでログインが成立していました。氏名、電話番号が閲覧された可能性があります。\n",
       JK_CAT_HACKING},
      {"11月20日にページ表示を速くするための改修を行いました。この改修以降、先に照会された方の結果が次の方に返されていました。お名前、ご住所が表示されました。\n",
       JK_CAT_PROGRAMMING_ERROR},
      {"受付フォームにおいて、送信完了後の画面から他の方の回答の一覧を表示できる設定になっていました。氏名、メールアドレスが閲覧可能でした。\n",
       JK_CAT_MISCONFIGURATION},
      {"講師が無料ソフトの配布ページを装ったサイトからプログラムを入手して実行しました。パソコン内の生徒の氏名が外部に送られました。\n",
       JK_CAT_MALWARE},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jk_record *r = ex_body(cases[i].body);
    CHECK_INT(r->category, cases[i].want);
    jk_record_free(r);
  }
  /* Advice to readers and a denied demand name no cause. */
  jk_record *r = ex_body("当社サイトが不正アクセスを受け、会員の氏名、メールアドレスが流出しました。"
                         "ファイルの暗号化や身代金の要求は確認されていません。当社を装ったメールで金銭を要求された場合は、最寄りの警察署にご相談ください。\n");
  CHECK_INT(r->category, JK_CAT_HACKING);
  jk_record_free(r);
}

TEST(the_sentence_after_names_where_it_happened) {
  jk_record *r = ex_body("入場券の印刷と封入は、架空ダイレクト株式会社に委託しています。同社の封入機で、宛名の並び替えの設定が1件ずれたまま作業が続けられたため、別の方の入場券が届きました。氏名、住所が記載されています。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("管理業務を委託している架空住宅管理株式会社の管理員が、掲示板に居住者名簿の1ページを掲示しました。氏名、電話番号が記載されていました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}

TEST(a_section_of_what_was_published_lists_the_data) {
  jk_record *r = ex_body("当社ホームページに掲載した資料に、お客さまの情報が含まれていました。\n\n【掲載されていた情報】\n"
                         " お客さま1,260件分の契約名義、需要場所の住所、月別使用量\n (お電話番号、口座番号は含まれておりません)\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_ADDRESS));
  CHECK(!has_kind(r, JK_DT_PHONE));
  CHECK(!has_kind(r, JK_DT_BANK));
  jk_record_free(r);
  r = ex_body("委託先の従業員が、業務上閲覧できる権限を悪用し、お客様のアカウント情報を不正に取得して第三者に売却していました。氏名、メールアドレスが含まれます。\n");
  CHECK_INT(r->category, JK_CAT_MISUSE);
  jk_record_free(r);
}

TEST(an_accounts_holder_is_no_card_and_other_words_for_data) {
  jk_record *r = ex_body("振替済通知書に、別の方の口座名義人名、金融機関名、口座番号の下4桁が印字されていました。\n");
  CHECK(!r->card);
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_BANK));
  CHECK(!has_kind(r, JK_DT_CARD));
  jk_record_free(r);
  r = ex_body("紛失した名簿には、利用者の氏名、住所、電話番号、持病が記載されていました。\n");
  CHECK(has_kind(r, JK_DT_HEALTH));
  jk_record_free(r);
  r = ex_body("メールボックスが閲覧され、取引先の氏名、メールアドレス、過去のメールの件名が見られた可能性があります。\n");
  CHECK(has_kind(r, JK_DT_MESSAGE));
  jk_record_free(r);
  r = ex_body("本市が印刷を委託している架空印刷株式会社において、重ねて印刷する工程で用紙の順序が一部入れ替わり、別の方の氏名が印字されました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}

TEST(a_noun_made_of_a_verb_word_is_still_a_kind) {
  /* 取得 and 入力 are leak verbs in a clause, but 資格取得日 is the name of a datum. */
  jk_record *r = ex_body("研修名簿を紛失しました。名簿には、受講者の氏名、勤務先名、資格取得日、連絡先電話番号が記載されていました。\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_PHONE));
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* A section heading built of the same words is no kind. */
  r = ex_body("決済画面が改ざんされました。\n\n2.個人情報漏えい状況\n(1)対象\n 氏名、住所、電話番号、メールアドレス\n");
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
}

TEST(items_of_a_list_that_a_clause_names_are_other) {
  /* 注文した書籍名: a noun behind a clause names a datum. */
  jk_record *r = ex_body("伝票の綴りを紛失しました。綴りには、お客様80名分の氏名、電話番号、注文した雑貨名が記載されていました。\n");
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* 参加した医師 is who, not what. */
  r = ex_body("名簿を誤って送信しました。名簿には、講演会に参加した医師の氏名、メールアドレスが記載されていました。\n");
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* The list goes back over 、 before its first known word: 部屋番号 before 氏名. */
  r = ex_body("名簿を掲示板に誤って掲示しました。掲示されていたのは、2号棟の30世帯分の部屋番号、世帯主の氏名、電話番号です。\n");
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* …but not over a clause (不正アクセスを受け、お客様の氏名…). */
  r = ex_body("第三者による不正アクセスを受け、お客様の氏名、住所、電話番号が漏えいした可能性がございます。\n");
  CHECK(!has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
}

TEST(what_a_person_wrote_into_a_form_is_a_message) {
  jk_record *r = ex_body("応募フォームの設定誤りにより、閲覧できた可能性がある情報は、氏名、年代、お住まいの地区、メールアドレス、提案の内容です。\n");
  CHECK(has_kind(r, JK_DT_MESSAGE));
  CHECK(has_kind(r, JK_DT_ADDRESS));
  CHECK(has_kind(r, JK_DT_EMAIL));
  jk_record_free(r);
  r = ex_body("申込フォームの不具合で、別の方に氏名、電話番号、番組へのメッセージが表示されていました。\n");
  CHECK(has_kind(r, JK_DT_MESSAGE));
  jk_record_free(r);
}

TEST(counts_a_reader_would_choose) {
  /* People in a bracket after the records they fill. */
  jk_record *r = ex_body("2 対象\n・件数:計3,120件(お客さま2,905名分)\n");
  CHECK_INT(r->affected, 2905);
  jk_record_free(r);
  /* An earlier report's estimate, and the count it was settled at. */
  r = ex_body("流出したおそれのある会員情報は、第1報でお知らせした約6,000名から精査し、5,214名と確定しました。\n");
  CHECK_INT(r->affected, 5214);
  jk_record_free(r);
  /* Duplicates taken out in the same sentence. */
  r = ex_body("誤って送信したメールの宛先は300件で、このうち重複登録を除くと291件です。\n");
  CHECK_INT(r->affected, 291);
  jk_record_free(r);
  /* More found on top of the earlier count: the total. */
  r = ex_body("再点検の結果、前回お知らせした120名に加え、14名分の通知書にも同様の誤りがあり、対象は計134名となりました。\n");
  CHECK_INT(r->affected, 134);
  jk_record_free(r);
  /* Sent in batches to all members; only the later batches' recipients were exposed. */
  r = ex_body("本メールは、会員240名の皆様に、1回あたり20名ずつ、12回に分けて送信いたしました。第4回以降、宛先をTO欄に入力していました。\n\n"
              "2 流出した情報\n メールアドレス(第4回～第12回の受信者180名分)\n");
  CHECK_INT(r->affected, 180);
  jk_record_free(r);
}

TEST(a_contractor_where_it_happened_in_more_words) {
  /* A reader's call in the same sentence does not make the contractor a mere messenger. */
  jk_record *r = ex_body("通知書を受け取った方から連絡があり、調査したところ、システムの保守を委託している事業者が行ったプログラムの改修に誤りがあり、"
                         "別の世帯の氏名が印字されていました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  /* Stolen from the contractor's staff, broken in through the contractor's line. */
  r = ex_body("検針業務を委託している事業者の検針員が車上ねらいに遭い、お客さまの氏名と住所が入った端末が盗まれました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  /* A cloud service named with its provider, breached there. */
  r = ex_body("当社が利用しているクラウドサービス「架空ノート」(提供:株式会社架空ノート)において、同社のサーバが不正アクセスを受け、お客様の氏名が流出したおそれがあります。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  /* A contractor that only told the issuer is not where it happened. */
  r = ex_body("委託先から連絡を受け、当社の担当者が誤ってお客様の氏名を記載した書類を別の方に送付していたことが判明しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(a_program_that_sent_it_astray_is_the_cause) {
  jk_record *r = ex("予約確認メールの誤送信について\n\n"
                    "当社の予約システムにおいて、予約確認メールが別のお客様に送信される事案が発生しました。\n\n"
                    "原因\n 11月3日にシステムを改修した際、予約データと送信先を結び付ける処理に誤りがありました。\n");
  CHECK_INT(r->category, JK_CAT_PROGRAMMING_ERROR);
  jk_record_free(r);
  /* A system fault told in the mail that then went to the wrong people: the mail's error. */
  r = ex("メール誤送信についてのお詫び\n\n"
         "口座振替でシステム不具合が発生し、そのご報告のメールを配信した際、宛先をBCCではなくTOに入力したため、"
         "受信者のメールアドレスが他の受信者に表示されました。\n");
  CHECK_INT(r->category, JK_CAT_MISDELIVERY);
  jk_record_free(r);
}

TEST(a_board_a_page_and_a_misprinted_notice) {
  jk_record *r = ex("名簿の掲示板への誤掲示について\n\n管理員が掲示物と一緒に居住者名簿を掲示していたことがわかりました。\n");
  CHECK_INT(r->category, JK_CAT_PUBLISHING_ERROR);
  jk_record_free(r);
  r = ex_body("会報の当選者発表で、お名前のみを掲載すべきところ、当選者のお名前とご住所をあわせて掲載しました。\n");
  CHECK_INT(r->category, JK_CAT_PUBLISHING_ERROR);
  jk_record_free(r);
  r = ex("納税通知書の誤記載について\n\n本市が送付した通知書のうち1通に、別の方の氏名と税額が印字されていました。\n");
  CHECK_INT(r->category, JK_CAT_MISDELIVERY);
  jk_record_free(r);
}

TEST(a_mail_header_and_a_slash_breadcrumb_date_a_notice) {
  jk_record *r = ex("件名:【重要】会員サービスへの不正なログインについて(お詫び)\n差出人:架空交通 会員サービス <member@example.jp>\n"
                    "日時:2031年3月9日 17:02\n\n会員の皆様\n\n会員サービスに不正なログインがあり、氏名が閲覧された可能性があります。\n");
  CHECK_INT(r->published.y, 2031);
  CHECK_INT(r->published.m, 3);
  CHECK_INT(r->published.d, 9);
  jk_record_free(r);
  r = ex("架空物流株式会社\nニュース一覧 / 2031.04.02\n配送状況ページにおいて他のお客様のお届け先が表示されていた件について\n\n"
         "当社ウェブサイトで、別のお客様の氏名と住所が表示される事象が発生しました。\n");
  CHECK_INT(r->published.m, 4);
  CHECK_INT(r->published.d, 2);
  jk_record_free(r);
}

TEST(a_payment_agent_that_relayed_or_advised_is_not_where_it_happened) {
  jk_record *r = ex_body("2031年9月12日、決済代行会社を通じてカード会社から、本サイトで使われたカードの不正利用が疑われるとの連絡があり、"
                         "調査の結果、本サイトの決済画面が改ざんされ、お客様のカード情報が漏えいしたことが判明しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  /* …while a contractor's device the attacker came through is. */
  r = ex_body("当社がネットワークの保守を委託している架空通信株式会社が管理するVPN装置を通じて、当社のネットワークが不正アクセスを受け、"
              "お客様の氏名が流出したおそれがあります。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}

TEST(a_news_lead_dates_the_announcement_and_counts_in_their_brackets) {
  jk_record *r = ex("宅配アプリの会員情報が流出か 不正アクセスで\n2031年11月29日 07:30 記者:架空 花子\n\n"
                    "アプリを運営する株式会社架空デリバリーは2031年11月28日、同社のサーバーが不正アクセスを受け、会員の個人情報が流出した可能性があると発表した。\n");
  CHECK_INT(r->published.y, 2031);
  CHECK_INT(r->published.m, 11);
  CHECK_INT(r->published.d, 28);
  jk_record_free(r);
  r = ex_body("2 対象\n 記録数:最大12,400件(会員数としては9,876名)\n");
  CHECK_INT(r->affected, 9876);
  jk_record_free(r);
  r = ex_body("流出したおそれのある情報\n ・お客様 1,200名(氏名、住所)\n ・お取引先様 800名(氏名、会社名)\n   計 最大2,000名\n");
  CHECK_INT(r->affected, 2000);
  jk_record_free(r);
  r = ex_body("なお、クレジットカード情報は決済代行会社のシステムで処理しており、当社のサーバーには保存しておりませんので、漏えいの対象ではありません。"
              "当社サーバーへの不正アクセスにより、お客様の氏名と住所が流出しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(a_list_goes_on_from_inside_a_known_items_word) {
  /* 口座 is found inside 口座番号; the list goes on to 年金の種類. */
  jk_record *r = ex_body("支店でUSBメモリを紛失しました。保存されていたのは、お客さま120名の氏名、住所、口座番号、年金の種類です。\n");
  CHECK(has_kind(r, JK_DT_BANK));
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  /* A contractor checked and cleared is not where it happened. */
  r = ex_body("請求書を手作業で封入する際に順番がずれ、別のお客様の請求書を同封しました。請求書の印刷を委託している印刷会社にも確認いたしましたが、"
              "印刷の工程には誤りはございませんでした。お客様の氏名と住所が記載されていました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(a_checkup_booking_is_no_health_data) {
  jk_record *r = ex_body("本町が住民健診の予約受付業務を委託している事業者においてランサムウェア被害があり、健診予約者の氏名、電話番号が流出したおそれがあります。\n");
  CHECK(!has_kind(r, JK_DT_HEALTH));
  CHECK(has_kind(r, JK_DT_NAME));
  jk_record_free(r);
  r = ex_body("誤って送付した書類には、受診者の氏名と健診結果が記載されていました。\n");
  CHECK(has_kind(r, JK_DT_HEALTH));
  jk_record_free(r);
}

TEST(an_attackers_list_and_a_reset_are_not_what_leaked) {
  jk_record *r = ex_body("他のサービスから流出したとみられるIDとパスワードの組み合わせを用いて大量のログインが試みられ、"
                         "会員の氏名と住所が閲覧されました。不正ログインが成立したアカウントは、パスワードを無効化しました。\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(!has_kind(r, JK_DT_PASSWORD));
  jk_record_free(r);
  r = ex_body("不正アクセスにより、会員のメールアドレスとパスワードが流出しました。\n");
  CHECK(has_kind(r, JK_DT_PASSWORD));
  jk_record_free(r);
}

TEST(providers_and_carriers_where_it_happened_and_an_impostor_that_is_none) {
  jk_record *r = ex_body("当院のWEB予約システムで、別の飼い主さまの予約情報が表示される状態になっていました。"
                         "予約システムを提供している株式会社架空システムズによりますと、11月19日の更新作業に誤りがあったとのことです。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("本村が郵送した納税通知書について、郵便局による誤配達があり、3世帯分の通知書が別の世帯に配達されていました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("配送管理用パソコン1台が、宅配業者を装ったメールのリンクから入手させられたプログラムによりマルウェアに感染し、顧客の氏名が流出したおそれがあります。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
}

TEST(a_report_completed_or_unchanged_is_a_report) {
  jk_record *r = ex_body("納品書を別のお客様に誤って同封しました。個人情報保護委員会への報告は完了しております。\n");
  CHECK_INT(r->reported_to, 1u << JK_AUTH_PPC);
  jk_record_free(r);
  r = ex_body("先日お知らせした件数に誤りがありました。封入の内容および個人情報保護委員会への報告等の対応に変更はございません。\n");
  CHECK_INT(r->reported_to, 1u << JK_AUTH_PPC);
  jk_record_free(r);
}

TEST(counts_behind_people_and_notes_in_brackets) {
  jk_record *r = ex_body("対象:当院の健診を予約された方 2,140名(予約件数は延べ2,530件)\n");
  CHECK_INT(r->affected, 2140);
  jk_record_free(r);
  r = ex_body("送付したお知らせのうち640件(お客さま612名分。複数のメーターをお持ちのお客さまがいるため、件数と人数が異なります。)に、別のお客さまの氏名が印字されていました。\n");
  CHECK_INT(r->affected, 612);
  jk_record_free(r);
  r = ex_body("紛失した申込書は延べ280枚、お客さま263名分(第2報では約270名分とお知らせしていました)で、氏名、住所が記載されていました。\n");
  CHECK_INT(r->affected, 263);
  jk_record_free(r);
  r = ex_body("流出したおそれのある情報\n 会員120事業所の事業所名、代表者氏名、所在地、電話番号\n");
  CHECK_INT(r->affected, 120);
  jk_record_free(r);
}

TEST(a_list_the_sentence_before_introduces) {
  jk_record *r = ex_body("帰宅途中にタブレット端末をなくしました。タブレットのカルテアプリには、約100名のお客様の次の情報が入っていました。\n"
                         "・お名前\n・電話番号\n・生年月日\n・施術の履歴(メニュー、薬剤、ご来店日)\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_PHONE));
  CHECK(has_kind(r, JK_DT_BIRTHDATE));
  CHECK(has_kind(r, JK_DT_OTHER));
  jk_record_free(r);
  r = ex_body("共有リンクを誤って公開しました。シートに載っていたのは、120名の方の情報です。\n・お名前\n・ご住所\n・電話番号\n");
  CHECK(has_kind(r, JK_DT_NAME));
  CHECK(has_kind(r, JK_DT_ADDRESS));
  jk_record_free(r);
  /* A reader's call is no phone number leaked. */
  r = ex_body("受け取った方から「他人の通知書が入っている」とのお電話をいただき判明しました。通知書には氏名と住所が記載されていました。\n");
  CHECK(!has_kind(r, JK_DT_PHONE));
  CHECK(has_kind(r, JK_DT_NAME));
  jk_record_free(r);
}

TEST(papers_mixed_in_an_address_shown_and_entries_behind_people) {
  jk_record *r = ex("回覧文書に申込者の名簿が混入したことについて(お詫び)\n\n"
                    "各自治会に配布した回覧文書に、検診を申し込まれた方の名簿が誤って混入していたことがわかりました。\n");
  CHECK_INT(r->category, JK_CAT_MISDELIVERY);
  jk_record_free(r);
  r = ex("保護者の皆様へ メールアドレスの誤表示についてのお詫び\n\n"
         "保護者の皆様へお送りしたメールで、他の保護者のメールアドレスが表示される形で送信してしまいました。\n");
  CHECK_INT(r->category, JK_CAT_MISDELIVERY);
  jk_record_free(r);
  r = ex_body("紛失したファイルには、児童40名の氏名、学年・組、テストの点数(答案と一覧表をあわせて延べ70件)が含まれていました。\n");
  CHECK_INT(r->affected, 40);
  jk_record_free(r);
}

TEST(a_card_number_shown_only_in_part_is_no_card_leak) {
  jk_record *r = ex_body("会員ページの不具合で、別の会員の氏名と住所が表示されていました。\n"
                         "※クレジットカード番号は下4桁のみ表示しており、カード情報の閲覧はできません。\n");
  CHECK(!r->card);
  CHECK(has_kind(r, JK_DT_NAME));
  jk_record_free(r);
  r = ex_body("決済画面が改ざんされ、お客様のクレジットカード番号、有効期限、セキュリティコードが流出した可能性があります。\n");
  CHECK(r->card);
  jk_record_free(r);
}

TEST(counts_summed_grown_and_of_all_members) {
  jk_record *r = ex_body("含まれていた情報\n・在校生 計312名:氏名、学籍番号\n・教職員 計48名:氏名、所属\n上記を合わせ、360名の情報が含まれていました。\n");
  CHECK_INT(r->affected, 360);
  jk_record_free(r);
  r = ex_body("誤送付の件数は、第1報でお知らせした19件から4件増えて23件となりました。通知書には氏名と住所が記載されていました。\n");
  CHECK_INT(r->affected, 23);
  jk_record_free(r);
  r = ex_body("このうち1,906件の会員アカウントへのログインが成立し、氏名と住所が閲覧された可能性があります。"
              "なお、会員サイトにご登録のお客様は約12万名で、上記以外のアカウントへの不正ログインは確認されておりません。\n");
  CHECK_INT(r->affected, 1906);
  jk_record_free(r);
  r = ex_body("表示された可能性がある出品者は計86名でした(第1報では53名とお知らせしていました)。氏名と住所が表示されていました。\n");
  CHECK_INT(r->affected, 86);
  jk_record_free(r);
}

TEST(agents_providers_and_updates_where_it_happened) {
  jk_record *r = ex_body("当社の保険代理店である有限会社架空保険サービスにおいて、従業員のメールアカウントが不正にアクセスされ、お客様の氏名が閲覧された可能性があります。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("損害保険代理店である当社において、2名のお客さまの書類を互いに取り違えて封入する事案が発生いたしました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  r = ex_body("システムの保守を委託している株式会社架空システムが、保健管理機能の更新プログラムを適用したところ、他校の児童の氏名と健康記録が表示されました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
  r = ex_body("2031年11月18日、サービス提供元の株式会社架空テックから、同社のサーバーが不正にアクセスされ、利用者の氏名が流出したおそれがあるとの報告がありました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}

TEST(a_payment_agent_as_a_source_or_a_denials_reason) {
  jk_record *r = ex_body("2031年10月6日、決済代行会社から、当ショップで利用されたカードの不正利用が確認されているとの連絡を受けました。"
                         "調査の結果、当社サイトの決済画面が改ざんされ、お客様のカード情報が流出したことが判明しました。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  r = ex_body("不正アクセスにより会員の氏名が流出しました。クレジットカード情報は決済代行会社が管理しており、本社のサーバーには保存されていないため、流出の恐れはありません。\n");
  CHECK(!r->vendor);
  jk_record_free(r);
  r = ex_body("委託先から流出したお客様の氏名と住所が、外部のサイトで確認されました。\n");
  CHECK(r->vendor);
  jk_record_free(r);
}
