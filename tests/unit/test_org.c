/*
** test_org.c — who issued a notice, on fictional notices in styles the
** shared sets hold few of: signed only by an office holder, a government
** body speaking for its city, 本県 with the prefecture named once, labels
** and departments around a name, Latin names with punctuation, a web
** page's own name, and the cases where the right answer is "not stated".
** Each checks the issuer, its evidence, and that the confidence says how
** sure the extractor is.
*/
#include "extract_helpers.h"

/* Evidence over two letterhead lines reads as the one name it gives. */
static char *one_line(char *s) {
  for (char *p = s; *p; p++)
    if (*p == '\n') *p = ' ';
  return s;
}

#define CHECK_ORG(text, want)                                                      \
  do {                                                                             \
    jk_record *r_ = ex(text);                                                      \
    if (want) {                                                                    \
      CHECK_STR(r_->org, want);                                                    \
      if (r_->org && r_->org_ev.len) CHECK_STR(one_line(ev(r_, r_->org_ev)), r_->org); \
    } else {                                                                       \
      CHECK(r_->org == NULL);                                                      \
      if (r_->org) fprintf(stderr, "    got %s\n", r_->org);                       \
    }                                                                              \
    CHECK(r_->confidence[JK_F_ORG] > 0.0f && r_->confidence[JK_F_ORG] <= 1.0f);    \
    jk_record_free(r_);                                                            \
  } while (0)

TEST(signed_by_the_mayor_only) {
  CHECK_ORG("児童手当の通知書の誤送付について\n"
            "令和9年4月10日\n"
            "本市において、児童手当の支給額をお知らせする通知書を、別の世帯に誤って送付する事案が発生しました。\n"
            "封入作業の際に確認が不十分であったことが原因です。関係する皆様に深くお詫び申し上げます。\n"
            "今後は複数の職員による確認を徹底し、再発防止に努めてまいります。\n"
            "\n"
            "霧ヶ丘市長 山田 太郎\n",
            "霧ヶ丘市");
}

TEST(signed_by_the_president_of_a_university) {
  CHECK_ORG("学生の成績情報を含むファイルの誤送信について\n"
            "本学教員が、授業の連絡メールに誤って履修者の成績一覧を添付して送信しました。\n"
            "対象となった学生の皆様には個別に連絡し、お詫びいたしました。\n"
            "\n"
            "2031年6月3日\n"
            "架空学院大学 学長 田中一郎\n",
            "架空学院大学");
}

TEST(signed_by_a_governor) {
  CHECK_ORG("県立施設の利用者名簿の紛失について\n"
            "本県が管理する施設において、利用者の氏名と電話番号を記載した名簿を紛失しました。\n"
            "現在のところ、不正に利用された事実は確認されておりません。\n"
            "霞野県知事 鈴木 次郎\n",
            "霞野県");
}

TEST(signed_by_a_company_president) {
  CHECK_ORG("お客様情報の流出に関するお詫び\n"
            "このたび、当社の通販サイトが外部から不正アクセスを受け、お客様の氏名と住所が流出した可能性があることが判明しました。\n"
            "お客様には多大なるご迷惑をおかけしますことを深くお詫び申し上げます。\n"
            "株式会社ミナモト商会 代表取締役社長 佐藤 花子\n",
            "株式会社ミナモト商会");
}

TEST(a_city_body_speaks_for_its_city) {
  CHECK_ORG("相談者情報を含むメールの誤送信について\n"
            "\n"
            "霧ヶ丘市移住相談センターにおいて、移住希望者へのお知らせメールを送信した際、宛先を誤る事案が発生しました。\n"
            "受信者の皆様には削除をお願いしております。\n",
            "霧ヶ丘市");
  CHECK_ORG("防火対象物の資料の紛失について\n"
            "霧ヶ丘市消防局予防課が保管していた立入検査の資料1件を紛失しました。\n"
            "資料には事業所の担当者の氏名が記載されています。\n",
            "霧ヶ丘市");
}

/* A board of education is filed under its city or prefecture, as the
   casebook files them; a festival's committee is its own. */
TEST(a_board_speaks_for_its_government) {
  CHECK_ORG("成績資料を保存したUSBメモリの紛失について\n\n2031年6月4日\n霧ヶ丘市教育委員会\n\n"
            " 市立小学校の教諭が、児童の氏名と成績を保存したUSBメモリを紛失しました。深くお詫び申し上げます。\n",
            "霧ヶ丘市");
  CHECK_ORG("報道提供資料\n2031年1月22日\n霧ヶ丘県教育庁 高校教育課\n\nアンケート回答の閲覧可能状態について\n\n"
            " 県立高等学校で、生徒の氏名と回答が他の生徒から閲覧できる状態となっていました。お詫び申し上げます。\n",
            "霧ヶ丘県");
  CHECK_ORG("参加者名簿の誤送信について\n\n2031年3月3日\n霧ヶ丘音楽祭実行委員会\n\n"
            " 当委員会から送信したメールに、参加者の氏名と電話番号を記載したファイルを誤って添付しました。お詫び申し上げます。\n",
            "霧ヶ丘音楽祭実行委員会");
}

TEST(the_prefecture_named_once_in_the_contact_block) {
  CHECK_ORG("検査結果の誤送付について\n"
            "本県が実施した検診の結果通知を、別の受診者に送付していたことが判明しました。\n"
            "本県では、送付前の照合を二重にし、再発防止に努めます。\n"
            "【問い合わせ先】\n"
            "霞野県健康福祉部健康増進課 電話 000-000-0000\n",
            "霞野県");
}

TEST(a_ward_office_department_signs_for_the_ward) {
  CHECK_ORG("住民票の写しの誤交付について\n"
            "窓口において、申請者とは別の方の住民票の写しを交付する事案が発生しました。\n"
            "心よりお詫び申し上げます。\n"
            "霧ヶ丘区役所窓口サービス課\n",
            "霧ヶ丘区");
}

TEST(a_bare_section_names_nobody) {
  CHECK_ORG("講座参加者名簿の紛失について\n"
            "講座の会場で、参加者の氏名を記載した名簿を紛失しました。\n"
            "参加者の皆様にお詫び申し上げます。\n"
            "社会教育課\n",
            NULL);
}

/* A school or hospital printed with the corporation that runs it, on one
   line or two, in the letterhead or the signature: the pair is the name. */
TEST(a_school_or_hospital_with_its_corporation) {
  CHECK_ORG("学校法人霧ヶ丘学院 霧ヶ丘国際大学\n\n2031年10月9日\n成績通知メールの誤送信について\n"
            " 本学の教員が、学生の氏名と成績を記載したファイルを誤って別の学生に送信しました。お詫び申し上げます。\n",
            "学校法人霧ヶ丘学院 霧ヶ丘国際大学");
  CHECK_ORG("診療予約者情報の誤送信について\n\n2031年7月1日\n\n"
            " 当院の職員が、予約者の氏名と電話番号を記載したファイルを誤って外部に送信しました。深くお詫び申し上げます。\n\n"
            "医療法人霧ヶ丘会 霧ヶ丘中央病院 院長 山田 花子\n",
            "医療法人霧ヶ丘会 霧ヶ丘中央病院");
  CHECK_ORG("名簿の紛失について\n2031年7月1日\n医療法人社団霧ヶ丘会\n霧ヶ丘中央病院\n理事長 山田 花子\n"
            " 当院の職員が、患者の氏名を記載した名簿を紛失しました。深くお詫び申し上げます。\n",
            "医療法人社団霧ヶ丘会 霧ヶ丘中央病院");
  /* A site's menu under its name: the name is the page's publisher. */
  CHECK_ORG("学校法人霧ヶ丘学院 霧ヶ丘国際大学\n大学案内 学部・大学院 入試情報 キャンパスライフ\nニュース一覧\n\n"
            "2031年10月9日\n実習書類の紛失について\n 本学の教員が、学生17名の氏名を記載した名簿を紛失しました。お詫び申し上げます。\n",
            "学校法人霧ヶ丘学院 霧ヶ丘国際大学");
}

/* A shop's blog signed by its keeper, its operator named in the footer. */
TEST(a_shop_run_by_the_company_in_its_footer) {
  CHECK_ORG("ご注文確認メールの誤送信についてのお詫び(2031/12/4)\n"
            " オンラインショップでご注文いただいたお客様のうち9名様に、別のお客様のご注文内容を記載したメールが送信されました。心よりお詫び申し上げます。\n"
            " 麦のうた 店主 山田 花子\n\n"
            "店舗:〒000-0000 架空市本町4-2-7\n運営:合同会社麦のうた\n",
            "合同会社麦のうた");
}

TEST(a_label_is_not_part_of_the_name) {
  CHECK_ORG("会員情報の誤表示について\n"
            "当社サービスにおいて、一部の会員の画面に他の会員の氏名が表示される不具合が発生しました。\n"
            "ご迷惑をおかけしましたことをお詫び申し上げます。\n"
            "問い合わせ先 株式会社架空テック サポート窓口\n",
            "株式会社架空テック");
}

TEST(a_hospital_signs_under_its_corporation) {
  CHECK_ORG("患者情報を含む書類の紛失について\n"
            "当院において、外来患者様の氏名を記載した予約表を紛失しました。\n"
            "患者様に深くお詫び申し上げます。\n"
            "医療法人社団架空会 架空記念病院\n",
            "医療法人社団架空会 架空記念病院");
}

TEST(a_contractor_is_not_the_issuer) {
  CHECK_ORG("個人情報漏えいのお詫び\n"
            "当社が業務を委託している委託先の株式会社架空システムのサーバーがランサムウェアに感染しました。\n"
            "当社のお客様の氏名が含まれていた可能性があります。\n",
            NULL);
}

TEST(a_web_page_names_its_publisher) {
  static const char text[] = "申請書類の紛失について\n"
                             "本市の窓口で受け付けた申請書類の一部を紛失しました。\n"
                             "申請者の皆様にお詫び申し上げます。\n";
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = text;
  seg.len = strlen(text);
  seg.first_line = seg.heading_line = 1;
  seg.last_line = 3;
  seg.is_notice = 1;
  jk_record *r = NULL;
  CHECK(jk_extract(&seg, "page.html", &r) == JK_OK);
  CHECK(r->org == NULL); /* the text alone names nobody */
  jk_record_free(r);
  seg.publisher = "霧ヶ丘市";
  CHECK(jk_extract(&seg, "page.html", &r) == JK_OK);
  CHECK_STR(r->org, "霧ヶ丘市");
  CHECK(r->confidence[JK_F_ORG] >= 0.5f);
  jk_record_free(r);
}

TEST(confidence_is_lower_when_two_names_compete) {
  jk_record *a = ex("【お詫び】株式会社架空物産 個人情報の漏えいについて\n"
                    "株式会社架空物産(以下「当社」)は、当社サーバーへの不正アクセスを確認しました。\n"
                    "株式会社架空物産\n");
  jk_record *b = ex("個人情報の漏えいについて\n"
                    "架空物産株式会社は、当社サーバーへの不正アクセスを確認しました。\n"
                    "株式会社架空流通\n");
  CHECK_STR(a->org, "株式会社架空物産");
  CHECK(b->org != NULL);
  CHECK(b->org_alt != NULL);
  CHECK(a->confidence[JK_F_ORG] > b->confidence[JK_F_ORG]);
  jk_record_free(a);
  jk_record_free(b);
}

TEST(a_city_that_never_says_its_name_but_for_its_people) {
  /* No 本市: 市民の皆様 and 副市長 say it is a city; the only city named
     is the first member of a union it belongs to.  副市長執務室 is no city. */
  CHECK_ORG("休暇届の所在不明について\n"
            "市民の皆様の信頼を損ねる結果となり、申し訳ございません。\n"
            "・担当者は霧ヶ丘市緑川町衛生組合職員が提出した届を受け取り、机で保管していた。\n"
            "・届は副市長室の書類棚へ回付された後、見つからなくなった。\n"
            "・届には提出者の氏名と住所が書かれていた。\n",
            "霧ヶ丘市");
  /* Words of a kind with no city named at all: not stated. */
  CHECK_ORG("休暇届の所在不明について\n"
            "市民の皆様の信頼を損ねる結果となり、申し訳ございません。\n"
            "届は副市長室の書類棚へ回付された後、見つからなくなった。届には提出者の氏名が書かれていた。\n",
            NULL);
}

TEST(a_page_saved_as_text_keeps_its_site_name) {
  CHECK_ORG("会員情報の流出について\n"
            "当社の通販サイトが不正アクセスを受け、会員の氏名と住所が流出した可能性があります。深くお詫び申し上げます。\n"
            "Copyright © 2031 株式会社架空ネット All Rights Reserved.\n",
            "株式会社架空ネット");
  CHECK_ORG("霧ヶ丘市ホームページ\n"
            "トップページ > くらし > お知らせ\n"
            "申請書類の紛失について\n"
            "窓口で受け付けた申請書類を紛失しました。申請者の氏名と住所が記載されていました。お詫び申し上げます。\n",
            "霧ヶ丘市");
  CHECK_ORG("霧ヶ丘町公式ホームページ\n"
            "申請書類の紛失について\n"
            "窓口で受け付けた申請書類を紛失しました。申請者の氏名と住所が記載されていました。お詫び申し上げます。\n",
            "霧ヶ丘町");
}

TEST(legal_forms_notes_and_page_titles) {
  CHECK_ORG("組合員情報の誤送付について\n"
            "2031年3月1日\n"
            "生活協同組合コープ架空\n"
            "当組合において、組合員12名の氏名と住所を記載した書類を別の組合員に誤って送付しました。お詫び申し上げます。\n",
            "生活協同組合コープ架空");
  CHECK_ORG("会員情報の持ち出しに関するよくあるご質問\n"
            "2031年2月26日\n"
            "株式会社架空スポーツ(24時間フィットネス「KAKU GYM」運営)\n"
            "当社の元従業員が会員の氏名と電話番号を不正に持ち出した件について、ご質問にお答えします。\n",
            "株式会社架空スポーツ");
  CHECK_ORG("株式会社架空書房|ニュース\n"
            "トップ > ニュース\n"
            "\n"
            "2031年2月20日\n"
            "【第2報】オンライン書店への不正アクセスによるクレジットカード情報流出について\n"
            "当社オンライン書店で、お客様1,391名のクレジットカード情報が流出した可能性があります。深くお詫び申し上げます。\n",
            "株式会社架空書房");
}

TEST(more_places_that_name_the_issuer) {
  /* Whose customers' data it was. */
  CHECK_ORG("水道料金システムへの不正アクセスについて\n"
            "料金計算を任せている株式会社架空エンジニアリングの機器が攻撃を受け、"
            "みどり野水道企業団のお客様情報の一部を第三者が見られる状態であったと連絡がありました。\n",
            "みどり野水道企業団");
  /* A hospital and its corporation on two letterhead lines. */
  CHECK_ORG("患者さまの個人情報の流出について\n"
            "2031年3月10日\n"
            "医療法人財団架空会\n"
            "架空中央病院\n"
            "理事長 山田 花子\n"
            "当法人が管理する書類の一部が運搬中に散逸し、患者さまの氏名が流出しました。お詫び申し上げます。\n",
            "医療法人財団架空会 架空中央病院");
  /* A blog's reprint names its source. */
  CHECK_ORG("他社の事例\n"
            "ダンス教室での出席簿の置き忘れについて\n"
            "生徒30名の氏名と電話番号が書かれた出席簿を電車に置き忘れました。\n"
            "引用元 株式会社架空スポーツエンターテインメント\n"
            "■ 背景\n"
            "持ち出しの手順が守られていませんでした。\n",
            "株式会社架空スポーツエンターテインメント");
  /* 当事務局 and a body every town has name nobody. */
  CHECK_ORG("カード決済の委託先で起きた流出について\n"
            "当事務局がお申込みの支払いに使っている代行業者のサーバーから、お客様の情報が漏れたと報告を受けました。お詫び申し上げます。\n",
            NULL);
  CHECK_ORG("見守り名簿の盗難について\n"
            "社会福祉協議会が行う見守り事業の協力者名簿が入った鞄を盗まれました。氏名と住所が書かれていました。お詫び申し上げます。\n",
            NULL);
}

TEST(a_casebook_heading_name_gets_its_legal_form) {
  CHECK_ORG("【セキュリティ事件簿#2031-088】架空県社会福祉協議会 写真展の応募者情報の公開について\n"
            "\n"
            "写真展の審査用フォルダが外から見られる設定になっており、応募者の氏名が閲覧できました。お詫び申し上げます。\n"
            "共催 架空県社会福祉法人連絡会\n"
            "社会福祉法人架空県社会福祉協議会\n",
            "社会福祉法人架空県社会福祉協議会");
}

TEST(a_newspaper_says_honshi) {
  CHECK_ORG("おわび\n"
            "本紙は、14日付朝刊の記事で、催しの参加者の氏名と住所を誤って掲載しました。個人情報の流出です。深くおわびします。\n"
            "お問い合わせは架空新聞読者センターへ。\n",
            "架空新聞");
}

TEST(names_real_pages_print) {
  /* A rare character NFKC keeps (﨑 U+FA11) in the mayor's name. */
  CHECK_ORG("健診結果を保存したUSBメモリの紛失について\n"
            "本市の職員が、健診結果を保存したUSBメモリを紛失しました。市民の皆様の氏名が記録されていました。お詫びします。\n"
            "\n"
            " 令和9年1月17日\n"
            " 霧ヶ丘市長 髙﨑 誠一\n",
            "霧ヶ丘市");
  /* Kana inside a name (子育て支援センター) of a city body. */
  CHECK_ORG("ファクスの誤送信について\n"
            " 宮鳥市子育て支援センターにおいて、健診結果を記載した書類を誤った番号へ送信しました。お詫び申し上げます。\n",
            "宮鳥市");
  /* The town named only in the contact block's address. */
  CHECK_ORG("検針票の誤投函について\n"
            "当町が委託している事業者の検針員が、別のお宅に検針票を投函しました。検針票には氏名と使用水量が記載されています。\n"
            "お問い合わせ\n"
            "上下水道係\n"
            "〒000-0000 青柳県雲居郡苔野町大字本郷100番地\n",
            "苔野町");
  /* A list of related links is no signature; a bank named once with its legal form. */
  CHECK_ORG("ひかり野銀行\n"
            "誤送信について\n"
            "株式会社ひかり野銀行において、お客様の氏名を記載した書類を誤った送信先へファクスしました。お詫び申し上げます。\n"
            "関連リンク\n"
            "・住宅金融支援機構\n"
            "・個人情報保護委員会\n",
            "株式会社ひかり野銀行");
}

TEST(signed_on_two_lines_under_a_shop_name) {
  /* The shop's name heads the page; the company that runs it signs, its
     representative on the line below. */
  CHECK_ORG("あおば薬局\n店舗のご案内 | お知らせ\n\n2031年12月5日\n\n書類のFAX誤送信に関するお詫び\n\n"
            " 当薬局から医療機関へ送信した書類が、誤って別の事業者に届きました。深くお詫び申し上げます。\n\n"
            "有限会社アオバ調剤\n代表取締役 青葉 一郎\n",
            "有限会社アオバ調剤");
}

TEST(a_section_after_a_space_is_no_part_of_the_name) {
  CHECK_ORG("当法人パソコンのマルウェア感染について\n\n2031年8月30日\n\n"
            " 当法人事務局のパソコン1台がマルウェアに感染しました。深くお詫び申し上げます。\n\n"
            "【お問い合わせ】\n特定非営利活動法人架空こども食堂ネット 事務局\n電話 000-000-0000\n",
            "特定非営利活動法人架空こども食堂ネット");
  CHECK_ORG("講座のご案内メールの誤送信について\n\n"
            " 当機構から送信したメールで、宛先をBCCとすべきところTOとしました。深くお詫び申し上げます。\n\n"
            "一般社団法人架空観光推進機構 事務局\n",
            "一般社団法人架空観光推進機構");
}

TEST(a_verb_ending_in_sha_is_no_company) {
  /* 出社した社員: 出社 is a verb, not an organisation ending in 社. */
  CHECK_ORG("株式会社架空水産\nホーム 会社案内 お知らせ\n\n2031年8月4日\n\n当社サーバーへのランサムウェア攻撃に関するお知らせ\n\n"
            " 8月1日早朝、出社した社員が、基幹システムに接続できないことに気付きました。サーバーがランサムウェアに感染していました。\n",
            "株式会社架空水産");
}

TEST(signatures_in_new_shapes) {
  /* A disclosure's header spaces its label out; the exchange it lists on
     is no issuer. */
  CHECK_ORG("                                   2031年3月14日\n各 位\n"
            "                 会 社 名 架空精機株式会社\n"
            "                 代表者名 代表取締役社長 山田 一郎\n"
            "                 (コード番号:0000 東証プライム)\n\n"
            "ランサムウェア被害に関するお知らせ(第2報)\n\n"
            " 当社サーバがランサムウェアによる攻撃を受け、従業員の氏名、住所が外部に送信された可能性があります。深くお詫び申し上げます。\n",
            "架空精機株式会社");
  /* A desk's line below the name does not end the search for it. */
  CHECK_ORG("名簿の盗難について\n\n 事務所に何者かが侵入し、会員名簿が盗まれた。名簿には会員210名の氏名、住所が記載されていた。お詫び申し上げる。\n\n"
            "2031年5月14日\nあおぞら協働党架空県支部連合会\n幹事長 大河内 進\n事務局 電話 000-000-0000\n",
            "あおぞら協働党架空県支部連合会");
  /* An office and a person sign for the one word before them. */
  CHECK_ORG("会報への名簿の誤掲載についてのお詫び\n\n 架空潮会 会長 森重 伸之\n\n"
            " 会報のPDFに会員名簿の一部を誤って掲載しておりました。氏名、住所が含まれていました。お詫び申し上げます。\n",
            "架空潮会");
  /* …but 代表 is part of 代表取締役社長, no name of its own. */
  CHECK_ORG("書類の紛失について\n\n 当社で顧客の氏名、住所を記載した書類を紛失しました。お詫び申し上げます。\n\n"
            "株式会社架空電設\n代表取締役社長 樋渡 修一\n",
            "株式会社架空電設");
  /* A court names itself in a definition (以下「当庁」). */
  CHECK_ORG("期日通知メールの誤送信に関するお詫び\n\n 架空沢家庭裁判所(以下「当庁」)の職員が、当事者3名の氏名を記載したメールを誤って別の事務所に送信しました。お詫び申し上げます。\n",
            "架空沢家庭裁判所");
  /* A reprinted notice signs in brackets, date first. */
  CHECK_ORG("【転載】名簿の入ったかばんの盗難について\n 当センターの職員が会員の名簿を入れたかばんを盗まれました。会員312名の氏名、住所が記載されていました。お詫び申し上げます。\n"
            " (2031年11月12日 公益社団法人架空野市シルバー人材センター 理事長 堀江 信夫)\n",
            "公益社団法人架空野市シルバー人材センター");
  /* A social-welfare corporation and its home, on two lines. */
  CHECK_ORG("書類のFAX誤送信について\n\n2031年3月7日\n社会福祉法人架空沼福祉会\n特別養護老人ホーム架空沼荘\n\n"
            " 当施設において、ご利用者様2名の氏名を記載した書類を誤った送信先にFAXで送信しました。お詫び申し上げます。\n",
            "社会福祉法人架空沼福祉会 特別養護老人ホーム架空沼荘");
  /* A city's bureau heads its site: the city issues. */
  CHECK_ORG("架空原市上下水道局\nトップ > 上下水道局からのお知らせ\n\n検針用端末の紛失について\n\n上下水道局 お客さまサービス課\n\n"
            " 本市上下水道局の検針員が、お客さまの氏名、住所が記録された端末を紛失しました。お詫び申し上げます。\n",
            "架空原市");
  /* A definition's legal form may stand before a name in kana. */
  CHECK_ORG("視聴者の皆さまの個人情報流出に関するお詫び\n\n"
            " 株式会社あけぼの架空放送(以下「当社」)は、社員のメールアカウントが不正に利用され、視聴者の氏名、メールアドレスが流出したことを確認しました。お詫び申し上げます。\n",
            "株式会社あけぼの架空放送");
}

TEST(names_without_a_legal_form_that_sign_with_an_office) {
  /* A clinic's name over its director and a person: no legal form. */
  CHECK_ORG("架空丘デンタルサロン\nweb予約の不正ログインについて\n\n2031年4月2日\n\n"
            " 当院の予約サービスに第三者が不正にログインし、患者さま12名のお名前、電話番号が閲覧された可能性があります。お詫び申し上げます。\n\n"
            "架空丘デンタルサロン\n院長 榊 瑞穂\n",
            "架空丘デンタルサロン");
  /* A shop's name in kana, then 代表 and the owner, on one line. */
  CHECK_ORG("フォームの設定不備について\n\n お問い合わせフォームの設定に不備があり、お客さま40件分のお名前、メールアドレスが見られる状態でした。お詫び申し上げます。\n\n"
            "2031年5月2日\nすずらん野工房 代表 小田 紗希\n",
            "すずらん野工房");
}

TEST(a_contact_line_names_the_issuer_before_its_desk) {
  CHECK_ORG("NEWS RELEASE        2031年11月4日\n\n社用車の盗難による申込書の所在不明について\n\n"
            " 当社の社用車が盗難に遭い、お客様80名の氏名、電話番号を記載した申込書が所在不明となりました。お詫び申し上げます。\n\n"
            "<本件に関するお問い合わせ>\n株式会社架空野交通 総務部 担当:筒井\nTEL:000-000-0000\n",
            "株式会社架空野交通");
}

TEST(a_digest_title_ends_with_its_issuer_in_brackets) {
  /* The name has a space between its words; the title stands under the date. */
  const char text[] = "■ 2031/11/10\n"
                      "アプリの不具合による応募者情報の誤表示についてのお詫び(株式会社架空バト エージェンシー)\n"
                      " 同社によると、更新後に応募者の氏名、電話番号が他の利用者に表示された。\n";
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = text;
  seg.len = strlen(text);
  seg.first_line = seg.heading_line = 1;
  seg.title_line = 2;
  seg.last_line = 3;
  jk_record *r = NULL;
  CHECK(jk_extract(&seg, NULL, &r) == JK_OK);
  CHECK_STR(r->org, "株式会社架空バト エージェンシー");
  jk_record_free(r);
}

TEST(corporations_and_what_they_run_in_new_forms) {
  /* A local incorporated administrative agency and its hospital. */
  CHECK_ORG("地方独立行政法人架空市立病院機構 架空市民病院\nトップ > お知らせ\n\n職員による電子カルテの不適切な閲覧についてのお詫び\n\n2031年10月20日\n\n"
            " 当院の職員が、業務上の必要なく患者さま14名の診療情報を閲覧していました。お詫び申し上げます。\n\n"
            "地方独立行政法人架空市立病院機構 架空市民病院\n院長 芦原 和臣\n",
            "地方独立行政法人架空市立病院機構 架空市民病院");
  /* A school corporation's college defined in the body, signed with its desk. */
  CHECK_ORG("2031年9月30日\n学校法人架空星学園\n\n成績証明書の誤交付についてのお詫び\n\n"
            " 学校法人架空星学園 架空星調理専門学校(以下「本校」)において、学生3名の成績証明書に別の学生の成績を記載して交付しました。お詫び申し上げます。\n\n"
            "学校法人架空星学園 架空星調理専門学校 事務局\n",
            "学校法人架空星学園 架空星調理専門学校");
}

TEST(public_bodies_named_by_their_offices) {
  /* A prefecture's tax office named by its area is no prefecture. */
  CHECK_ORG("架空那県\nホーム > くらし > 県税\n自動車税の納税通知書の誤封入について\n更新日:2031年5月16日\n\n"
            " 中央県税事務所において、納税通知書を封入する際に別の方の通知書を同封しました。本県では再発防止に努めます。\n\n"
            "© 架空那県\n",
            "架空那県");
  /* A ward office under the city's breadcrumbs: the city, whose body the ward is. */
  CHECK_ORG("架空げし市ホーム > 架空かき区役所 > お知らせ\n住民票の写しの誤交付について\n令和13年8月4日\n架空かき区役所 区民課\n\n"
            " 本区の窓口において、住民票の写しを別の方に交付しました。氏名、住所が記載されていました。お詫び申し上げます。\n",
            "架空げし市");
  /* The ward's own site keeps its name. */
  CHECK_ORG("架空見市北区 トップページ > お知らせ\n会議資料への個人情報の掲載について\n令和13年1月10日\n\n"
            " 北区役所地域振興課において、ホームページの資料に役員の氏名、住所が含まれていました。お詫び申し上げます。\n\n架空見市北区 地域振興課\n",
            "架空見市北区");
}

TEST(a_facility_signed_by_its_designated_manager) {
  CHECK_ORG("架空台市総合体育館\n施設案内 | お知らせ\n\n教室参加者の皆様へのメール誤送信について(お詫び)\n2031年11月21日\n\n"
            " 当館が送信したご案内メールにおいて、宛先をBCCとすべきところTOとしたため、参加者58名のメールアドレスが表示されました。お詫び申し上げます。\n\n"
            "架空台市総合体育館\n指定管理者 株式会社架空モスポーツサービス\n館長 丹羽 由紀子\n",
            "株式会社架空モスポーツサービス");
  /* A prefecture's hospital bureau speaks for the prefecture. */
  CHECK_ORG("ハードディスクの紛失について\n\n2031年11月4日\n\n"
            " 架空しろ県病院局経営管理課において、患者さま230名の氏名、生年月日を記録したハードディスクを紛失しました。本県では再発防止に努めます。\n",
            "架空しろ県");
}

TEST(issuers_named_in_kana_at_a_desk_or_behind_a_label) {
  /* A city whose name starts in kana, subject of the first sentence; its
     contractor is named more often. */
  CHECK_ORG("ホーム > お知らせ\n委託事業者による講座案内メールの誤送信について\n更新日:令和13年11月21日\n"
            "おぼろ架空市では、講座の案内メールの配信を株式会社架空ギサ・メーリングに委託しています。"
            "株式会社架空ギサ・メーリングの担当者が、宛先をBCCとすべきところTOとしたため、登録者487名のメールアドレスが表示されました。\n",
            "おぼろ架空市");
  /* A newspaper's desk on its contact line is no issuer. */
  CHECK_ORG("社告 購読者名簿の紛失について\n 販売所で購読者418名分の氏名、住所を記載した名簿を紛失しました。深くおわびいたします。\n"
            "2031年11月13日\n株式会社架空せ日報社\n読者センター 電話 000-000-0000\n",
            "株式会社架空せ日報社");
  /* A franchise shop's operator behind 運営:. */
  CHECK_ORG("お客様注文控えの紛失についてのお詫び\n 当店でお客様173名分の氏名、電話番号を記載した注文控えを紛失いたしました。お詫び申し上げます。\n"
            "2031年11月8日\n架空書房 いちい店\n運営:有限会社架空いがし商事 代表取締役 栃尾 順平\n",
            "有限会社架空いがし商事");
  /* A hospital pair before its address on the last line. */
  CHECK_ORG("架空べら記念病院\n検査結果の誤送付について\n2031年11月26日\n 当院で患者さん1名の氏名、検査結果を記載した書類を別のご家族に送付しました。申し訳ございませんでした。\n"
            "架空べら記念病院 院長 多々良 晃\n医療法人社団架空べら会 架空べら記念病院 〒000-0000 架空郡架空町1120\n",
            "医療法人社団架空べら会 架空べら記念病院");
}

TEST(self_references_of_any_kind_name_nobody) {
  /* 本区 is the ward speaking of itself; the site header names it. */
  CHECK_ORG("架空のき区公式ホームページ\nホーム > 報道発表\n予約確認メールの誤送信について\n更新日 2031年11月18日\n\n"
            " 本区が利用している予約システムにおいて、予約確認メールが別の申請者42名に送信されました。お詫び申し上げます。\n",
            "架空のき区");
  /* A digest's bracket holds the issuer and the date. */
  const char text[] = "■ 要介護認定結果通知書の誤送付について(架空まり地区広域連合、2031年12月1日)\n"
                      " 本広域連合は、2名の方の通知書を取り違えて封入し、別の方に送付しました。お詫び申し上げます。\n";
  CHECK_ORG(text, "架空まり地区広域連合");
  /* A village's header says whose news it is; its health centre is no issuer. */
  CHECK_ORG("架空すげ村からのお知らせ\n健康診査結果の誤交付について\n2031.11.28\n\n"
            " 村保健センターの窓口で、別の方の結果票を誤ってお渡ししました。氏名、生年月日が記載されていました。お詫び申し上げます。\n"
            " 問い合わせ 保健センター 000-000-0000\n",
            "架空すげ村");
}

TEST(the_legal_person_behind_a_shop_or_a_brand) {
  CHECK_ORG("メールのアドレスが他のお客さまに見えてしまった件について(ごめんなさい)\n"
            "こんにちは、店主です。ご案内メールで、お客さま43名のメールアドレスが他の方に見えてしまいました。ごめんなさい。\n"
            "hello@shop.example.jp\n架空うた舎(運営:合同会社架空ウタ舎)\n",
            "合同会社架空ウタ舎");
  CHECK_ORG("予約管理のパソコンが使えなくなったことと、お客様の情報についてのお詫び\n"
            " 帳場のパソコンが身代金を要求するウイルスに感染し、お客様のお名前、ご住所が読めない状態にされました。お詫び申し上げます。\n"
            "令和13年11月21日\n湯宿 架空め荘(有限会社架空め観光)\n女将 桐生 千代\n",
            "有限会社架空め観光");
  /* A news headline names the company after a space. */
  CHECK_ORG("旅行予約サイトの会員情報が流出か、社員がフィッシングに 株式会社架空アオイ・トラベル\n"
            "2031年11月26日 記者:編集部\n 国内旅行を販売する同社によると、会員約2万8,000人の氏名、住所が流出した可能性がある。\n",
            "株式会社架空アオイ・トラベル");
  /* A newspaper's legal name in kana, then a bracketed note. */
  CHECK_ORG("おわびとお知らせ 当選者ページに住所を誤って掲載\n"
            " 株式会社かもめ架空日報社(本社・架空市)は、読者プレゼントの当選者12名の住所を誤って公開したと発表した。\n",
            "株式会社かもめ架空日報社");
}

TEST(a_digest_prints_who_released_it_and_a_city_its_english_name) {
  CHECK_ORG("▼ 当社予約サイトへの不正ログインに関するお詫びとお知らせ\n発表元:株式会社架空ガラ・トラベル(2031年12月1日)\n"
            "「当社の旅行予約サイトにおいて、会員3,107名のアカウントに不正ログインがありました。」\n",
            "株式会社架空ガラ・トラベル");
  CHECK_ORG("架空ざ市 Kakuza City\nホーム > 新着情報一覧\n\n2031年12月4日\n市税の口座振替済通知書の誤送付について\n"
            " 本市が発送した通知書の一部に、別の方の口座情報が印字されていました。お詫び申し上げます。\n",
            "架空ざ市");
}

TEST(a_section_with_no_owner_is_no_issuer_and_a_prefectural_office_is_its_prefecture) {
  /* The site's header names the city; the section that did it does not. */
  CHECK_ORG("架空浜市ホームページ\nホーム > 新着情報\n\n2031年11月28日\n市ホームページへの個人情報を含むファイルの掲載について\n"
            "　健康福祉局介護保険課が市ホームページに掲載したファイルに、申込者の氏名が含まれていました。\n",
            "架空浜市");
  CHECK_ORG("メールの誤送信について\n\n2031年11月20日\n社会教育課\n\n職員がメールを誤って送信し、受講者の氏名が流出しました。\n", NULL);
  CHECK_ORG("書類の紛失について\n\n2031年11月20日\n架空野県庁\n\n職員が書類を紛失しました。書類には県民の氏名が記載されていました。\n",
            "架空野県");
}

TEST(a_name_in_full_and_in_short_are_one_body) {
  /* The letterhead gives the legal form; the contact block (signature and
     contact both) the short name: the issuer keeps its legal name. */
  CHECK_ORG("ニュースリリース\n2031年11月19日\n株式会社かすみの銀行\n\n書類のFAX誤送信について\n\n"
            "当行みなと支店において、お客さまの情報を記載した書類を誤った番号へ送信しました。氏名が記載されていました。\n\n"
            "【本件に関するお問い合わせ先】\nかすみの銀行 みなと支店 電話 0XX-XXX-XXXX\n",
            "株式会社かすみの銀行");
}

TEST(a_news_leads_subject_with_its_place_and_its_clinic) {
  CHECK_ORG("USBメモリ紛失 架空診療所、漏えいのおそれ\n2031年11月22日 6:00\n"
            " 架空町の医療法人社団架空会 架空診療所は21日、患者約430人分の氏名や生年月日を記録したUSBメモリを紛失したと発表した。\n",
            "医療法人社団架空会 架空診療所");
}

TEST(a_legal_name_with_a_long_kana_run) {
  CHECK_ORG("社告 読者情報の流出について\n株式会社ゆうなぎ新聞社は、本社が運営する会員制ニュースサイトの会員情報を管理するサーバーが"
            "不正アクセスを受け、会員の氏名が流出した可能性があると発表しました。\n",
            "株式会社ゆうなぎ新聞社");
}

TEST(a_defined_name_that_starts_in_kana) {
  CHECK_ORG("元従業員による顧客情報の持ち出しについて\n\nさざなみ証券株式会社(以下「当社」)は、当社の元従業員が在職中に顧客情報を不正に持ち出していたことを確認しました。\n",
            "さざなみ証券株式会社");
}
