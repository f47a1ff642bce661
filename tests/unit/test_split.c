/*
** test_split.c — finding notices in documents (split.c), on fictional
** pages written for the test, and on ../shared/seeds read at run time.
*/
#include "harness.h"
#include "jikenbo.h"

typedef struct got {
  int n;
  char publisher[64][128];
  int heading[64];
  int notice[64];
  int first[64];
  int last[64];
} got;

static int collect(void *ctx, const jk_segment *s) {
  got *g = ctx;
  if (g->n < 64) {
    g->heading[g->n] = s->heading_line;
    g->notice[g->n] = s->is_notice;
    g->first[g->n] = s->first_line;
    g->last[g->n] = s->last_line;
    snprintf(g->publisher[g->n], sizeof g->publisher[g->n], "%s", s->publisher ? s->publisher : "");
  }
  g->n++;
  return 0;
}

static got split(const char *text) {
  got g;
  memset(&g, 0, sizeof g);
  CHECK(jk_split_buffer(text, strlen(text), collect, &g, NULL) == JK_OK);
  return g;
}

static const char casebook_page[] =
    "【セキュリティ事件簿#2031-001】架空電機株式会社 メールの誤送信について 2031年4月2日\n"
    "\n"
    "当社から会員の皆様へお送りしたメールにおいて、宛先をBCCとすべきところTOとしたため、"
    "受信者のメールアドレスが他の受信者に表示される状態となりました。深くお詫び申し上げます。\n"
    "1.流出した情報\n"
    "メールアドレス 120件\n"
    "\n"
    "【セキュリティ事件簿#2031-002】みどり野市 個人情報を含む書類の紛失について 2031年4月3日\n"
    "\n"
    "本市において、市民の個人情報を含む申請書類を紛失したことが判明しました。ご迷惑とご心配をおかけし、深くお詫び申し上げます。\n";

TEST(casebook_headings_split) {
  got g = split(casebook_page);
  CHECK_INT(g.n, 2);
  CHECK_INT(g.heading[0], 1);
  CHECK_INT(g.heading[1], 7);
  CHECK(g.notice[0] && g.notice[1]);
  CHECK_INT(g.last[0], 6);
}

/* A blog page: a post that is not a notice, then a notice with its title,
   date and issuer on one line. */
static const char mixed_page[] =
    "春の週末に歩いた古い港町の話\n"
    "\n"
    "朝の列車で港町に着いた。坂を上ると海が見えて、古い灯台の白さがまぶしかった。\n"
    "昼は市場で魚の定食を食べた。午後は資料館で船の模型を眺め、夕方の列車で帰った。\n"
    "次は秋に行きたいと思う。写真は別の記事にまとめる予定だ。\n"
    "\n"
    "ウェブサイト改ざんに関するお知らせとお詫び 2031年5月9日 株式会社 架空興業\n"
    "\n"
    "弊社ウェブサイトの一部ページが第三者の不正アクセスにより改ざんされていたことが判明しました。"
    "ご迷惑とご心配をおかけしたことを深くお詫び申し上げます。\n"
    "なお、個人情報の流出は確認されておりません。\n";

/* A city's press page: its name above the site's path, then two notices
   that say only 本市 and a section. */
static const char press_page[] =
    "霧ヶ丘市\n"
    "ホーム > 市政情報 > 報道発表資料\n"
    "\n"
    "報道発表資料(2031年5月)\n"
    "\n"
    "申請書の誤送付について\n"
    "\n"
    "2031年5月8日\n"
    "市民課\n"
    "\n"
    "本市において、申請者1名の氏名と住所が記載された通知書を別の方に送付しました。深くお詫び申し上げます。\n"
    "\n"
    "健診結果の閲覧可能状態について\n"
    "\n"
    "2031年5月2日\n"
    "健康推進課\n"
    "\n"
    "本市の委託先のサーバーが不正アクセスを受け、受診者の氏名と健診結果が閲覧可能な状態となっていました。深くお詫び申し上げます。\n";

TEST(a_page_header_names_the_publisher_of_every_notice) {
  got g = split(press_page);
  CHECK_INT(g.n, 2);
  CHECK_INT(g.heading[1], 13);
  for (int i = 0; i < g.n && i < 64; i++) CHECK_STR(g.publisher[i], "霧ヶ丘市");
  /* No header: no publisher (a notice names its own issuer or none). */
  g = split(casebook_page);
  CHECK_INT(g.n, 2);
  CHECK_STR(g.publisher[1], "");
  g = split("霧ヶ丘市\n市民の皆様へ\n申請書の誤送付について\n本市において書類を誤送付しました。\n");
  CHECK_STR(g.publisher[0], "");
}

/* A university's news list: header, menu, then dated titles that name the
   mistake in other words (宛先の誤り). */
TEST(a_news_list_under_a_site_header) {
  got g = split("霧ヶ丘理科大学\nトップ > ニュース\n\nニュース一覧\n\n2031.10.29\n案内メール送信における宛先の誤りについて\n\n"
                "　10月27日、本学の事務担当者が、申込者32名に送信したメールで宛先をBCCとすべきところTOとしたため、"
                "メールアドレスが他の受信者に表示されました。深くお詫び申し上げます。\n\n"
                "2031.10.06\n教員のノートパソコンの盗難について\n\n"
                "　本学教員のノートパソコンが盗まれました。学生128名の氏名と成績が保存されていました。深くお詫び申し上げます。\n");
  CHECK_INT(g.n, 2);
  CHECK_INT(g.notice[0], 1);
  CHECK_INT(g.heading[0], 7);
  CHECK_INT(g.heading[1], 11);
  CHECK_STR(g.publisher[1], "霧ヶ丘理科大学");
}

TEST(titled_notice_after_other_post) {
  got g = split(mixed_page);
  CHECK_INT(g.n, 2);
  CHECK_INT(g.notice[0], 0);
  CHECK_INT(g.notice[1], 1);
  CHECK_INT(g.heading[1], 7);
}

/* A single notice on a web page: navigation, then the title. */
static const char web_page[] =
    "メニューを飛ばして本文へ\n"
    "ホーム > お知らせ > 個人情報の漏えいについて\n"
    "\n"
    "個人情報の漏えいについて\n"
    "\n"
    "このたび、当法人の職員が申込者のメールアドレスを誤ってCCに入力して送信し、"
    "申込者のメールアドレスが他の申込者に表示される事案が発生しました。深くお詫び申し上げます。\n"
    "再発防止のため、送信前の確認を徹底いたします。\n";

TEST(web_page_heading_skips_chrome) {
  got g = split(web_page);
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
  CHECK_INT(g.heading[0], 4);
}

TEST(not_a_notice) {
  got g = split("今日の天気は晴れ。明日は雨の予報です。\n週末は公園を散歩しました。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 0);
}

/* A notice whose title names the act (不正持ち出し) and whose body is
   short on the usual apologies is still a notice; a post that mentions
   the same words in passing is not. */
TEST(terse_notice_with_act_in_title) {
  got g = split("元従業員による顧客情報の不正持ち出しについて\n\n2031年9月1日\n架空不動産株式会社\n\n"
                "当社の元従業員が、在職中に顧客情報を持ち出し、転職先で使用していたことが判明いたしました。\n"
                "当社は個人情報保護委員会へ報告し、再発防止に努めてまいります。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
  g = split("週末の引っ越しについて\n\n荷物の持ち出しは午前中に終わりました。顧客情報の整理は来週です。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 0);
}

/* No apology, no 個人情報: a defect that showed members each other's
   data still reads as a notice. */
TEST(notice_without_apology_words) {
  got g = split("会員向けサイトにおける他の会員情報の表示について\n\n2031年10月2日\n株式会社架空旅行\n\n"
                "当社会員向けサイトにおいて、システムの不具合により、他の会員様の登録情報が表示される事象が発生いたしました。\n"
                "クレジットカード情報は表示されない仕様となっております。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
}

/* Staff posting work papers on their own SNS: a notice whose title names
   the act (不適切な投稿), not a leak. */
TEST(notice_titled_by_an_improper_post) {
  got g = split("職員によるSNSへの不適切な投稿について\n\n架空町役場\n令和13年6月9日\n\n"
                "本町の職員が、業務で知り得た町民の方の個人情報を含む写真を、自身のSNSに投稿していたことが判明しました。\n"
                "町民の皆様の信頼を損なう事態となり、心よりお詫び申し上げます。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
  g = split("不適切な投稿を見かけたら\n\nSNSで不適切な投稿を見かけたときの通報の仕方をまとめました。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 0);
}

/* Titles that name the act: 置き忘れ, 誤配送, アクセス権限の設定の誤り. */
TEST(notice_titles_naming_the_act) {
  static const char *const titles[] = {"ノートパソコンの置き忘れについて", "宅配便の誤配送について",
                                       "共有フォルダのアクセス権限設定の誤りについて"};
  for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++) {
    char text[1024];
    snprintf(text, sizeof text,
             "%s\n2031年5月1日\n架空商事株式会社\n当社において本件が発生しました。"
             "関係者の皆様に多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。\n",
             titles[i]);
    got g = split(text);
    CHECK_INT(g.n, 1);
    CHECK_INT(g.notice[0], 1);
  }
}

TEST(empty_and_blank) {
  got g = split("");
  CHECK_INT(g.n, 0);
  g = split("\n\n   \n");
  CHECK_INT(g.n, 0);
}

/* Feeding in any chunking gives the same segments as one buffer. */
typedef struct sig {
  char s[4096];
} sig;

static int sign(void *ctx, const jk_segment *seg) {
  sig *g = ctx;
  size_t l = strlen(g->s);
  snprintf(g->s + l, sizeof g->s - l, "%d:%d:%d:%d:%zu;", seg->first_line, seg->heading_line, seg->last_line,
           seg->is_notice, seg->len);
  return 0;
}

TEST(streaming_equals_buffer) {
  sig whole = {""}, parts = {""};
  CHECK(jk_split_buffer(casebook_page, strlen(casebook_page), sign, &whole, NULL) == JK_OK);
  for (size_t step = 1; step < 40; step += 7) {
    parts.s[0] = 0;
    jk_splitter *s = jk_splitter_new(sign, &parts, NULL);
    CHECK(s != NULL);
    for (size_t i = 0; i < strlen(casebook_page); i += step) {
      size_t n = strlen(casebook_page) - i < step ? strlen(casebook_page) - i : step;
      CHECK(jk_splitter_feed(s, casebook_page + i, n) == JK_OK);
    }
    CHECK(jk_splitter_finish(s) == JK_OK);
    jk_splitter_free(s);
    CHECK_STR(parts.s, whole.s);
  }
}

/* Raw bytes are kept exactly: the segments' raw parts concatenate to the
   input (nothing lost, nothing added). */
typedef struct cat {
  char *buf;
  size_t len;
} cat;

static int concat(void *ctx, const jk_segment *seg) {
  cat *c = ctx;
  c->buf = realloc(c->buf, c->len + seg->raw_len + 1);
  memcpy(c->buf + c->len, seg->raw, seg->raw_len);
  c->len += seg->raw_len;
  return 0;
}

TEST(raw_bytes_round_trip) {
  const char *in = "【セキュリティ事件簿#2031-009】架空市 誤送信について\r\n本文です。\xFF お詫び申し上げます。";
  cat c = {NULL, 0};
  CHECK(jk_split_buffer(in, strlen(in), concat, &c, NULL) == JK_OK);
  CHECK_INT(c.len, strlen(in));
  CHECK(c.buf && memcmp(c.buf, in, strlen(in)) == 0);
  free(c.buf);
}

/* A very long line is read in pieces and reported, line numbers kept. */
TEST(long_line_is_bounded) {
  size_t n = JK_MAX_LINE * 3 + 100;
  char *big = malloc(n + 32);
  memset(big, 'a', n);
  memcpy(big + n, "\nおわり\n", strlen("\nおわり\n") + 1);
  jk_diags d;
  jk_diags_init(&d);
  got g;
  memset(&g, 0, sizeof g);
  CHECK(jk_split_buffer(big, strlen(big), collect, &g, &d) == JK_OK);
  CHECK(d.n >= 1);
  CHECK(g.n >= 1);
  CHECK_INT(g.last[g.n - 1], 2);
  jk_diags_free(&d);
  free(big);
}

/* The seeds: every gold heading is found (read from ../shared at run time). */
TEST(seed_pages_find_gold_headings) {
  static const struct {
    const char *file;
    int lines[8];
  } expect[] = {
      {"seeds/000_a8c8f9365337a91e.txt", {358, 407}},
      {"seeds/002_a548425d9aa6d83a.txt", {1, 46, 79, 107, 117, 140, 279}},
  };
  for (size_t k = 0; k < sizeof expect / sizeof expect[0]; k++) {
    size_t len;
    char *text = jk_t_slurp(jk_t_shared(expect[k].file), &len);
    CHECK(text != NULL);
    if (!text) continue;
    got g;
    memset(&g, 0, sizeof g);
    CHECK(jk_split_buffer(text, len, collect, &g, NULL) == JK_OK);
    int found = 0, notices = 0;
    for (int i = 0; i < g.n && i < 64; i++)
      if (g.notice[i]) {
        notices++;
        for (int j = 0; j < 8 && expect[k].lines[j]; j++)
          if (g.heading[i] == expect[k].lines[j]) found++;
      }
    int want = 0;
    while (want < 8 && expect[k].lines[want]) want++;
    CHECK_INT(found, want);
    CHECK_INT(notices, want);
    free(text);
  }
}

/* A page cut so that it starts mid-story, with no title line: still a
   notice, by what it says (the data, the 原因, a request to delete);
   and an apology titled …からのおわびとお知らせ with no breach word. */
TEST(notice_starting_mid_story_or_with_a_plain_apology_title) {
  got g = split("　なお、当該メールには受講者の氏名及びメールアドレスが記載されており、受信者に対しては削除を依頼しております。\n"
                "　現時点で、二次被害の報告はありません。\n"
                "２　原因\n"
                "　送信前の確認が不十分であったことが原因です。\n"
                "３　今後の対応\n"
                "　送信時には複数人で宛先を確認する体制とします。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
  g = split("架空日報からのおわびとお知らせ\n"
            "　本紙の記事で、催しの参加者の氏名に加え、掲載しない約束の住所を誤って掲載しました。\n"
            "　関係者の皆様に深くおわびいたします。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.notice[0], 1);
  /* …but a plain event announcement is still not a notice. */
  g = split("夏のイベントのお知らせ\n"
            "　今年も市民プールを開放します。参加者の皆様は水着と帽子をご持参ください。\n"
            "　雨天の場合は中止します。\n");
  CHECK_INT(g.notice[0], 0);
}

/* A news page lists notices date first; a PDF holds two press releases,
   each with its header block above its title. */
TEST(date_first_titles_and_press_release_blocks) {
  got g = split("ニュース一覧\n"
                "2031年10月15日 メール誤送信に関するお詫び\n"
                "当社から案内メールをお送りした際、宛先をBCCではなくCCとしたため、お客様73名のメールアドレスが表示されました。深くお詫び申し上げます。\n"
                "\n"
                "2031年9月2日 当社ウェブサイトへの不正アクセスについて\n"
                "当社サーバに外部から不正アクセスがあり、お問い合わせフォームの氏名とメールアドレスが閲覧された可能性があります。深くお詫び申し上げます。\n");
  CHECK_INT(g.n, 2);
  CHECK_INT(g.heading[1], 5);
  CHECK_INT(g.notice[1], 1);
  g = split("記者発表資料\n"
            "令和9年10月9日\n"
            "架空県総務部\n"
            "\n"
            "アンケート回答の誤表示について\n"
            "本県のアンケートで、回答者が他の回答者の氏名を閲覧できる状態となっていました。深くお詫び申し上げます。\n"
            "\n"
            "記者発表資料\n"
            "令和9年10月9日\n"
            "架空県税務課\n"
            "電話 000-0000\n"
            "\n"
            "申請書類の紛失について\n"
            "県税事務所において、申請者6名の氏名と住所が記載された申請書類を紛失しました。深くお詫び申し上げます。\n");
  CHECK_INT(g.n, 2);
  CHECK_INT(g.first[1], 8);
  CHECK_INT(g.heading[1], 13);
  CHECK_INT(g.notice[1], 1);
}

/* A news page with each date above its title (the later report first), and
   a notice whose sections are 【…】 headings: two notices, not four. */
TEST(dates_above_titles_and_bracketed_sections) {
  got g = split("架空書房|ニュース\n"
                "\n"
                "2031年2月20日\n"
                "【第2報】オンライン書店への不正アクセスについて\n"
                "\n"
                "当社オンライン書店で、お客様1,391名のクレジットカード情報が流出した可能性があることが判明しました。深くお詫び申し上げます。\n"
                "【閲覧可能であった期間】\n"
                "2031年1月1日から2031年1月28日まで\n"
                "\n"
                "2031年1月30日\n"
                "【第1報】オンライン書店の一時停止と不正アクセスの可能性について\n"
                "\n"
                "当社オンライン書店のサーバーに不正アクセスがあり、会員の氏名とメールアドレスが閲覧された可能性があります。深くお詫び申し上げます。\n");
  CHECK_INT(g.n, 2);
  CHECK_INT(g.notice[0], 1);
  CHECK_INT(g.notice[1], 1);
  CHECK_INT(g.first[1], 10);
}

/* ページの先頭です。 is chrome: the notice under it keeps its page. */
TEST(chrome_with_a_full_stop_is_not_a_post) {
  got g = split("ページの先頭です。\n"
                "メニューを飛ばして本文へ\n"
                "架空県 Kakuu Prefecture\n"
                "現在地 トップページ > 組織から探す > 健康福祉部\n"
                "\n"
                "本文\n"
                "\n"
                "【9月30日】受給者証の誤送付について(障がい福祉課)\n"
                "\n"
                "本県が送付した受給者証の一部が、別の方の住所に届いていました。氏名と住所が記載されています。深くお詫び申し上げます。\n");
  CHECK_INT(g.n, 1);
  CHECK_INT(g.first[0], 1);
  CHECK_INT(g.notice[0], 1);
}

/* A city's list of press releases, each after a rule, with an event
   between two notices. */
static const char ruled_page[] =
    "架空市公式ウェブサイト\n"                                      /* 1 */
    "\n"
    "――――――――――\n"                                               /* 3 */
    "報道発表資料\n"                                                /* 4 */
    "令和13年4月22日\n"
    "架空市 市民局 市民課\n"
    "\n"
    "住民票の写しの誤交付について\n"                                /* 8 */
    "\n"
    " 窓口で請求を受けた職員が、別の方の住民票の写しを交付しました。深くお詫び申し上げます。\n"
    "2 誤交付した情報\n"
    " 世帯全員(3名)の氏名、住所\n"
    "\n"
    "――――――――――\n"                                               /* 14 */
    "お知らせ\n"                                                    /* 15 */
    "令和13年4月20日\n"
    "\n"
    "「春の港まつり」を開催します\n"
    " 5月3日から港の広場で催しを行います。皆様のご来場をお待ちしております。\n"
    "\n"
    "――――――――――\n"                                               /* 21 */
    "報道発表資料\n"                                                /* 22 */
    "令和13年4月18日\n"
    "\n"
    "健康診査の問診票の紛失について\n"                              /* 25 */
    "\n"
    " 保健センターにおいて、問診票14名分を紛失しました。個人情報の管理を徹底いたします。深くお詫び申し上げます。\n"
    "\n"
    "――――――――――\n"
    "このページに関するお問い合わせ 広報課 電話 0000-00-0000\n";

TEST(posts_between_rules) {
  got g = split(ruled_page);
  int notices = 0, first = 0, second = 0;
  for (int i = 0; i < g.n && i < 64; i++)
    if (g.notice[i]) {
      notices++;
      if (g.heading[i] >= 4 && g.heading[i] <= 8 && g.last[i] <= 14) first = 1;
      if (g.heading[i] >= 22 && g.heading[i] <= 25) second = 1;
    }
  CHECK_INT(notices, 2);
  CHECK(first);
  CHECK(second);
}

/* A shop's blog: titles that end in their date in brackets, and a news
   list whose dates carry a mark (■2031年6月20日). */
static const char dated_titles_page[] =
    "架空パン店 ブログ\n"
    "\n"
    "新作パンのご予約を受け付けています(2031/12/1)\n"                /* 3 */
    " 今年も季節のパンの予約を始めました。店頭でもお申し込みいただけます。\n"
    "\n"
    "ご注文確認メールの誤送信についてのお詫び(2031/12/4)\n"          /* 6 */
    " 昨日ご注文のお客様9名に、別のお客様のお名前とご住所を記載したメールが送信されました。深くお詫び申し上げます。\n"
    "\n"
    "■2031年6月13日\n"                                              /* 9 */
    "夏のフェアのご案内\n"
    " 夏野菜のフェアを開きます。\n"
    "\n"
    "■2031年6月6日\n"                                               /* 13 */
    "【更新】パソコンのマルウェア感染による会員情報の流出について\n"
    " 第1報でお知らせいたしました件について、会員約900名の氏名と住所が流出したことを確認しました。深くお詫び申し上げます。\n";

TEST(dated_titles_in_lists) {
  got g = split(dated_titles_page);
  int at6 = 0, at13 = 0, notices = 0;
  for (int i = 0; i < g.n && i < 64; i++) {
    if (!g.notice[i]) continue;
    notices++;
    if (g.heading[i] == 6) at6 = 1;
    if (g.heading[i] >= 13 && g.heading[i] <= 14) at13 = 1;
  }
  CHECK(at6);
  CHECK(at13);
  CHECK_INT(notices, 2);
}

/* ---- pages of several notices, each read through the extractor ---------- */

typedef struct page_records {
  int n;
  int heading[16];
  char org[16][128];
  char published[16][16];
  char casebook[16][32];
  int affected[16];
} page_records;

static int extract_each(void *ctx, const jk_segment *s) {
  page_records *p = ctx;
  if (!s->is_notice || p->n >= 16) return 0;
  jk_record *r = NULL;
  CHECK(jk_extract(s, NULL, &r) == JK_OK);
  if (!r) return 0;
  p->heading[p->n] = r->title_line ? r->title_line : r->heading_line;
  snprintf(p->org[p->n], sizeof p->org[0], "%s", r->org ? r->org : "");
  jk_date_format(r->published, p->published[p->n], sizeof p->published[0]);
  snprintf(p->casebook[p->n], sizeof p->casebook[0], "%s", r->casebook_id ? r->casebook_id : "");
  p->affected[p->n] = (int)r->affected;
  p->n++;
  jk_record_free(r);
  return 0;
}

static page_records extract_page(const char *text) {
  page_records p;
  memset(&p, 0, sizeof p);
  CHECK(jk_split_buffer(text, strlen(text), extract_each, &p, NULL) == JK_OK);
  return p;
}

/* A blog numbers its items #YYYY-NNN and heads each "issuer:what happened
   (date)"; a post of notes between them is no notice. */
static const char numbered_blog[] =
    "架空ろぐ — 国内の漏えい通知を読む\n"
    "\n"
    "#2031-212 一般社団法人ほしぞら検定会:合否照会で別の方の結果を表示(2031-05-14)\n" /* 3 */
    " 照会ページの不具合で、別の受検者の氏名、受検番号、合否が表示された、と同会が5月14日付で公表した。\n"
    "> 一般社団法人ほしぞら検定会は、照会ページの改修の誤りにより、受検者最大1,204名の情報が表示された可能性があることを確認しました。深くお詫び申し上げます。\n"
    "\n"
    "#2031-211 医療法人社団こもれび会 こもれび台病院:紹介状を別の医療機関へFAX(2031-05-10)\n" /* 7 */
    " 同院が、患者1名の紹介状を誤った医療機関にFAXしたと公表した。\n"
    "> 当院職員が番号を誤り、患者様1名の氏名、生年月日、病名を記載した書類を別の医療機関へ送信しました。お詫び申し上げます。\n"
    "\n"
    "#2031-210 ゆうなぎ町:児童名簿を保護者に誤送信(2031-05-08)\n" /* 11 */
    "> ゆうなぎ町立小学校で、行事案内の代わりに児童名簿のファイルを保護者へ誤って送信しました。名簿には児童214名の氏名、学年が記載されていました。お詫び申し上げます。\n"
    "\n"
    "【雑記】数字の読み方について(2031-05-01)\n"
    " 通知の数字は上限のこともあれば確定値のこともある。見出しの数字だけで比べないようにしたい。今週は雨が多かった。来週は晴れるといい。散歩の途中で見た花の名前を調べた。\n";

TEST(a_blogs_numbered_items_name_their_issuer) {
  page_records p = extract_page(numbered_blog);
  CHECK_INT(p.n, 3);
  CHECK_INT(p.heading[0], 3);
  CHECK_STR(p.casebook[0], "2031-212");
  CHECK_STR(p.org[0], "一般社団法人ほしぞら検定会");
  CHECK_STR(p.published[0], "2031-05-14");
  CHECK_STR(p.org[1], "医療法人社団こもれび会 こもれび台病院");
  CHECK_STR(p.org[2], "ゆうなぎ町");
  CHECK_INT(p.affected[2], 214);
}

/* A weekly digest: rules between items, an item's heading dated in
   brackets above the notice's own title, bulleted items with their dates. */
static const char digest_page[] =
    "漏えいニュースまとめ(第5週)\n"
    "\n"
    "■ 会議資料の黒塗り処理の不備について\n" /* 3 */
    " ときわ台村が公開した資料で、黒塗りした部分の文字が読める状態になっていました。対象の方9名の氏名と住所が含まれていました。本村は資料を削除し、対象の方に謝罪しました。\n"
    " 令和13年9月1日 ときわ台村長 村井 一平\n"
    "\n"
    "■ 組合員アプリの不具合による情報表示についてのお詫び(2031年8月30日)\n" /* 7 */
    " 当組合のアプリの更新後、別の組合員の氏名とポイント履歴が表示される不具合がありました。対象は組合員51名です。お詫び申し上げます。\n"
    "\n"
    "――――――――\n"
    "かざなみ市 北区役所:証明書を別人に郵送(2031年9月4日)\n" /* 11 */
    "\n"
    "証明書の誤送付について\n" /* 13 */
    "\n"
    " かざなみ市北区役所市民課で、郵送で請求された証明書を別の方に送付しました。2世帯計4名の氏名、住所が記載されていました。お詫び申し上げます。\n"
    "\n"
    "――――――――\n"
    "会員ページの閲覧設定の誤りについて(2031年9月2日)\n" /* 18 */
    "\n"
    " 当会の会員ページの設定を誤り、会員88名の氏名と電話番号が閲覧できる状態でした。お詫び申し上げます。\n";

/* (A bulleted title with no date splits only at the top of a page: inside
   a notice, ■ 個人情報の流出について is one of its sections.) */
TEST(a_digests_items_split_at_rules_and_bullets) {
  page_records p = extract_page(digest_page);
  CHECK_INT(p.n, 4);
  CHECK_INT(p.heading[0], 3);
  CHECK_STR(p.org[0], "ときわ台村");
  CHECK_STR(p.published[0], "2031-09-01");
  CHECK_INT(p.heading[1], 7);
  CHECK_INT(p.affected[1], 51);
  CHECK_STR(p.org[2], "かざなみ市");
  CHECK_STR(p.published[2], "2031-09-04");
  CHECK_INT(p.affected[2], 4);
  CHECK_INT(p.heading[3], 18);
  CHECK_STR(p.published[3], "2031-09-02");
  CHECK_INT(p.affected[3], 88);
}

/* A company's news list under its name and a listing label: every notice
   on it is the company's, each dated by a bulleted date line. */
static const char company_list[] =
    "株式会社ほたるび運輸\n"
    "ニュース一覧\n"
    "\n"
    "■ 2031年7月25日\n"
    "お問い合わせフォームへの不正アクセスに関するご報告(第2報)\n"
    " 6月6日にお知らせした不正アクセスについて、お客様1,205名の氏名、電話番号、お問い合わせの内容が閲覧された可能性があることを確認しました。お詫び申し上げます。\n"
    "\n"
    "■ 2031年6月6日\n"
    "お問い合わせフォームへの不正アクセスに関するご報告(第1報)\n"
    " 当社のお問い合わせフォームのサーバーに不正アクセスがありました。詳細は調査中です。お詫び申し上げます。\n";

TEST(a_listing_label_under_a_name_makes_it_the_site) {
  page_records p = extract_page(company_list);
  CHECK_INT(p.n, 2);
  CHECK_STR(p.org[0], "株式会社ほたるび運輸");
  CHECK_STR(p.org[1], "株式会社ほたるび運輸");
  CHECK_STR(p.published[0], "2031-07-25");
}

/* A blog's items: an era-initial date, the issuer, the title in quotes;
   a note between them is no notice. */
static const char quoted_blog[] =
    "架空事故簿 ― 小さな組織の記録\n"
    "\n"
    "R13.8.3 架空なみ漁業協同組合「組合メールアカウントへの不正ログインについて」\n"
    " 漁協のメールに不正ログインされ、組合員の氏名、住所が閲覧された可能性があるという。警察に相談したとのこと。\n"
    "\n"
    "R13.8.6 【雑記】パスワードの話\n"
    " この夏は使い回しの話題が多い。個人的には多要素認証を勧めたい。\n"
    "\n"
    "R13.8.12 架空づき社会保険労務士事務所「給与明細の誤送付についてのお詫び」\n"
    " 顧問先の従業員14名分の給与明細を、誤って別の顧問先に送ったという。明細には氏名、口座番号が載っていた。お詫びしているとのこと。\n";

TEST(blog_items_quote_the_title_after_the_issuer) {
  page_records p = extract_page(quoted_blog);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 3);
  CHECK_STR(p.org[0], "架空なみ漁業協同組合");
  CHECK_STR(p.published[0], "2031-08-03");
  CHECK_INT(p.heading[1], 9);
  CHECK_STR(p.org[1], "架空づき社会保険労務士事務所");
  CHECK_INT(p.affected[1], 14);
}

/* A hospital's news list: the titles speak of patients' names, with no
   breach word; a holiday post between them. */
static const char hospital_list[] =
    "医療法人社団架空ぎ会 架空ぎ台病院\n"
    "お知らせ一覧\n"
    "\n"
    "2031.12.05\n"
    "当院SNSへの投稿画像に患者さまの情報が写り込んでいた件について(続報)\n"
    " 11月28日にお知らせした件について、別の投稿にも5名の方のお名前が写り込んでいたことが分かりました。対象は計17名です。ご説明とお詫びをいたしました。個人情報保護委員会に報告しております。\n"
    "\n"
    "2031.12.01\n"
    "年末年始の外来診療について\n"
    " 12月29日から1月3日まで休診いたします。\n"
    "\n"
    "2031.11.28\n"
    "当院SNSへの投稿画像に患者さまのお名前が写り込んでいたことについてのお詫び\n"
    " 投稿した画像に入院中の患者さま12名のお名前が判読できる状態であったことが判明いたしました。お詫び申し上げます。個人情報保護委員会に報告いたしました。\n";

TEST(titles_that_name_peoples_data_split_a_news_list) {
  page_records p = extract_page(hospital_list);
  CHECK_INT(p.n, 2);
  CHECK_STR(p.published[0], "2031-12-05");
  CHECK_INT(p.affected[0], 17);
  CHECK_STR(p.published[1], "2031-11-28");
  CHECK_INT(p.affected[1], 12);
  CHECK_STR(p.org[1], "医療法人社団架空ぎ会 架空ぎ台病院");
}

/* A newsletter's items: a bulleted title with no breach word, dated in a
   note below that names who issued it; a sentence that says 印刷し is
   prose, not a print button. */
static const char newsletter[] =
    "架空野商工会 会報 12月号\n"
    "会員の架空印刷有限会社様から、以下のお知らせの掲載依頼がありました。\n"
    "\n"
    "■ 情報誌の読者プレゼント当選者の発表ページについてのお詫び\n"
    "(架空印刷有限会社 2031年11月20日)\n"
    "弊社が発行する情報誌の当選者発表で、当選者8名のお名前とご住所をあわせて掲載したまま印刷し、配布しました。確認が不十分だったことが原因です。お詫び申し上げます。\n"
    "\n"
    "■ 顧客情報を記録したタブレット端末の紛失について\n"
    "(2031年11月22日)\n"
    "当店の従業員が業務用のタブレット端末1台を紛失しました。顧客130名の氏名、住所が記録されています。お詫び申し上げます。\n";

TEST(a_newsletters_items_dated_in_a_note_below) {
  page_records p = extract_page(newsletter);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 4);
  CHECK_STR(p.published[0], "2031-11-20");
  CHECK_INT(p.affected[0], 8);
  CHECK_INT(p.heading[1], 8);
  CHECK_STR(p.published[1], "2031-11-22");
}

/* A digest quotes notices under a rule, each dated (…公表) below its
   title; a labelled column between them is no notice; a first report that
   says little is still one. */
static const char quoted_digest[] =
    "架空ノート ― 今週のまとめ\n"
    "\n"
    "――――――――――\n"
    "【転載】取引先情報を保存したサーバーへの攻撃について(株式会社架空ハ電機)\n"
    "(2031年12月1日公表)\n"
    "当社のファイルサーバーが外部から侵入を受け、取引先担当者の氏名、メールアドレスが流出した可能性があります。\n"
    "\n"
    "――――――――――\n"
    "【コラム】件数の数え方\n"
    "延べ件数と人数は違う、という話。気をつけたい。\n"
    "\n"
    "2031年11月12日\n"
    "会員サイトへの不正アクセスに関するお知らせ(第1報)\n"
    "11月10日、当社の会員サイトに外部から不正なアクセスがあったことを確認しました。詳細は調査中です。\n";

TEST(a_digests_quoted_notices_and_a_short_first_report) {
  page_records p = extract_page(quoted_digest);
  CHECK_INT(p.n, 2);
  CHECK_STR(p.org[0], "株式会社架空ハ電機");
  CHECK_STR(p.published[0], "2031-12-01");
  CHECK_INT(p.heading[1], 13);
  CHECK_STR(p.published[1], "2031-11-12");
}

/* A personal blog's bulleted items, dated first; a labelled note between;
   each quoted notice dated by its own sign-off bracket. */
static const char dated_blog[] =
    "架空ウォッチ日記\n"
    "個人的にメモしているブログです。\n"
    "\n"
    "■2031-11-30 【転載】給食費の口座振替依頼書の紛失(架空しぎ町)\n"
    "架空しぎ町が11月28日に公表した内容の要約です。職員が、児童27名分の氏名、口座番号が記載された依頼書を紛失したという。\n"
    "(架空しぎ町、2031年11月28日公表)\n"
    "\n"
    "■2031-11-29 【雑記】今月読んだ本\n"
    "今月は本を3冊読みました。どれも面白かったです。\n"
    "\n"
    "■2031-11-27 【転載】会員サイトで他人の登録情報が表示(株式会社架空バリノ・スポーツ)\n"
    "同社によると、設定の変更後、ログインした会員に別の会員の氏名、住所が表示される不具合があったという。お詫びしている。\n";

TEST(a_blogs_items_dated_first_with_their_own_release_dates) {
  page_records p = extract_page(dated_blog);
  CHECK_INT(p.n, 2);
  CHECK_STR(p.org[0], "架空しぎ町");
  CHECK_STR(p.published[0], "2031-11-28");
  CHECK_INT(p.affected[0], 27);
  CHECK_INT(p.heading[1], 11);
  CHECK_STR(p.org[1], "株式会社架空バリノ・スポーツ");
}

/* A hospital's news list: its pair heads the page over 病院からのお知らせ,
   and names the issuer of every item. */
static const char hospital_news[] =
    "社会医療法人架空さめ会 架空さめ総合病院\n病院からのお知らせ\n\n2031.12.05\n年末年始の外来診療について\n"
    "12月29日から休診します。\n\n2031.12.02\n電子カルテシステムの障害と個人情報の漏えいのおそれについて(第1報)\n"
    " 当院の電子カルテシステムが使用できない状態となっております。患者さまの情報が外部に流出したかどうかを調査しております。お詫び申し上げます。\n";

TEST(a_hospitals_list_names_its_issuer_for_each_item) {
  page_records p = extract_page(hospital_news);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "社会医療法人架空さめ会 架空さめ総合病院");
  CHECK_STR(p.published[0], "2031-12-02");
}

/* A bank's news list under its header and a long-worded menu; a digest item
   whose source line names no issuer, only (date公表); a first report of two
   lines that says the papers are 所在不明. */
static const char bank_list[] =
    "かすみの銀行\n"
    "個人のお客さま | 法人・事業者のお客さま | 店舗・ATM | 当行について\n"
    "ホーム > ニュースリリース\n"
    "\n"
    "2031.12.02\n"
    "セミナーのご案内メールの誤送信について\n" /* 6 */
    " 当行の担当部署が、お申込みの方40名にご案内メールを送信する際、宛先をBCC欄ではなくTO欄に入力したため、受信者にお申込者のメールアドレスが表示されました。お詫び申し上げます。\n"
    "\n"
    "2031.11.13\n"
    "お客さま情報を記載した伝票の紛失について\n" /* 10 */
    " 当行みなと支店において、お客さまの情報が記載された伝票の一部が所在不明となっております。詳細は調査のうえ、改めてお知らせいたします。\n";

static const char digest_no_issuer[] =
    "今週のまとめ\n"
    "\n"
    "▼ FAXの誤送信によるお客様情報の漏えいについて\n" /* 3 */
    "発表元:株式会社架空保険企画(2031年12月1日)\n"
    "保険代理店。FAXの短縮ダイヤルの登録を誤り、お客様2名の氏名と住所を記載した書類を別の事業者に送信したとのこと。\n"
    "\n"
    "▼ 元職員による組合員情報の持ち出しについて(お詫び)\n" /* 7 */
    "発表元:(ページに団体名の記載なし)(2031年12月4日公表)\n"
    "当組合の元職員が、在職中に組合員の名簿を複製して持ち出していたとのこと。名簿には組合員約300名の氏名、住所が記載されていた。\n";

TEST(a_bank_list_and_a_digest_item_without_its_issuer) {
  page_records p = extract_page(bank_list);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 6);
  CHECK_STR(p.org[0], "かすみの銀行");
  CHECK_INT(p.heading[1], 10);
  CHECK_STR(p.org[1], "かすみの銀行");
  p = extract_page(digest_no_issuer);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[1], 7);
  CHECK_STR(p.org[1], "");
  CHECK_STR(p.published[1], "2031-12-04");
}

/* A town library run by a designated operator that calls itself 当社. */
static const char operated_library[] =
    "架空野町立図書館\n"
    "ホーム > お知らせ\n"
    "\n"
    "図書館システムへの不正アクセスについて(お詫び)\n" /* 4 */
    "\n"
    "2031年11月11日\n"
    "架空野町立図書館\n"
    "指定管理者 株式会社架空文化サービス\n"
    "\n"
    " 架空野町立図書館の管理運営を行っている株式会社架空文化サービス(以下「当社」といいます。)が運用する図書館システムに不正アクセスがあり、"
    "利用者の氏名が流出したおそれがあります。\n"
    "\n"
    "【お問い合わせ先】\n"
    "架空野町立図書館 電話 0XX-XXX-XXXX\n";

TEST(a_designated_operator_that_calls_itself_the_company_is_the_issuer) {
  page_records p = extract_page(operated_library);
  CHECK_INT(p.n, 1);
  CHECK_INT(p.heading[0], 4);
  CHECK_STR(p.org[0], "株式会社架空文化サービス");
}

/* Care facilities under their corporation: kind-first names, a signature
   that gives each its officer, a school's header above its corporation. */
static const char care_home[] =
    "社会福祉法人架空原福祉会\n"
    "\n"
    "介護記録システムへの不正アクセスについて\n" /* 3 */
    "\n"
    " 当法人が運営する特別養護老人ホーム架空原苑で利用している介護記録システムに不正アクセスがあり、入所者の個人情報(氏名、病歴)が流出したおそれがあります。"
    "ご迷惑とご心配をおかけし、深くお詫び申し上げます。\n"
    "\n"
    "社会福祉法人架空原福祉会\n"
    "理事長 架空 洋\n"
    "特別養護老人ホーム架空原苑\n"
    "施設長 架空 ふみ\n";

static const char school_header[] =
    "架空船中学校・高等学校\n"
    "学校法人架空船学園\n"
    "ホーム > お知らせ\n"
    "\n"
    "成績資料の誤送信について\n" /* 5 */
    " 本校の教員が、生徒の成績一覧を誤って保護者にメールで送信しました。生徒40名の氏名と成績が記載されていました。\n";

static const char nursing_home[] =
    "介護老人保健施設架空沼の里\n"
    "\n"
    "利用者情報を記載した書類の紛失について\n" /* 3 */
    "\n"
    "2031年11月20日\n"
    "医療法人社団架空沼会\n"
    "介護老人保健施設架空沼の里\n"
    "\n"
    " 当施設において、利用者12名の氏名と介護度を記載した書類を紛失しました。\n";

TEST(care_facilities_and_schools_with_their_corporations) {
  page_records p = extract_page(care_home);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "社会福祉法人架空原福祉会 特別養護老人ホーム架空原苑");
  p = extract_page(school_header);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "学校法人架空船学園 架空船中学校・高等学校");
  p = extract_page(nursing_home);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "医療法人社団架空沼会 介護老人保健施設架空沼の里");
}

/* A waterworks' FAQ page with a notice box at its top and another notice
   under a label of its own (お知らせ) at its foot. */
static const char faq_page[] =
    "架空原市上下水道局\n"
    "ホーム > よくあるご質問\n"
    "\n"
    "【重要】検針票の誤印字についてのお詫び\n" /* 4 */
    "令和13年11月26日\n"
    " 本市上下水道局が発行した検針票の一部に、別のお客様の氏名が印字されていました。対象のお客様93件にお詫びしました。\n"
    "\n"
    "よくあるご質問\n"
    "Q1. 口座振替の手続きはどうすればいいですか。\n"
    "A1. 金融機関の窓口でお手続きください。\n"
    "\n"
    "お知らせ\n"
    "上下水道局職員による個人情報の不適切な取扱いについて\n" /* 13 */
    "令和13年11月12日\n"
    " 本市上下水道局の職員が、業務とは関係なく、知人から依頼を受けてお客様1名の氏名と住所を調べ、知人に伝えていました。深くお詫び申し上げます。\n";

TEST(a_notice_under_a_label_of_its_own_on_an_faq_page) {
  page_records p = extract_page(faq_page);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 4);
  CHECK_INT(p.heading[1], 13);
  CHECK_STR(p.org[1], "架空原市");
}

static const char short_form[] =
    "(株)架空沖水産\n"
    "\n"
    "お客様情報を含むFAXの誤送信について\n" /* 3 */
    " 当社の従業員が、お客様3名の氏名と住所を記載した注文書を誤った番号へFAXしました。お詫び申し上げます。\n"
    "\n"
    "株式会社架空沖水産 代表取締役 架空 太郎\n";

static const char spaced_home[] =
    "利用者名簿の紛失について\n" /* 1 */
    "\n"
    " 当施設において、利用者20名の氏名と介護度を記載した名簿を紛失しました。ご迷惑をおかけし、深くお詫び申し上げます。\n"
    "\n"
    "                社会福祉法人架空坂福祉会\n"
    "                特別養護老人ホーム 架空荘\n";

TEST(a_short_legal_form_and_a_facilitys_kind_before_its_name) {
  page_records p = extract_page(short_form);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "株式会社架空沖水産");
  p = extract_page(spaced_home);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "社会福祉法人架空坂福祉会 特別養護老人ホーム 架空荘");
}

/* Services named by their brand; the company only in a footer: a ©
   line with a Latin legal form, a 提供: line, a sentence saying who runs it. */
static const char app_copyright[] =
    "お知らせ\n"
    "\n"
    "アプリで他のお客様の情報が表示された不具合についてのお詫び\n" /* 3 */
    "2031/11/26 18:00\n"
    "\n"
    "アプリの不具合により、一部のお客様の画面に別のお客様の氏名とメールアドレスが表示されていました。ご迷惑をおかけし申し訳ありません。\n"
    "\n"
    "利用規約 | プライバシーポリシー\n"
    "© 2031 Kakuu Works Inc. All Rights Reserved.\n";

static const char app_provider[] =
    "はこびー\n"
    "\n"
    "【お詫び】アプリの不具合により他のお客様の注文履歴が表示された件について\n" /* 3 */
    "2031.11.22\n"
    "\n"
    "アプリの更新後、一部のお客様に別のお客様の氏名と住所が表示される不具合がありました。お詫び申し上げます。\n"
    "\n"
    "提供:株式会社架空モビリティ\n";

static const char fan_club[] =
    "KAKUU OFFICIAL FAN CLUB\n"
    "NEWS | PROFILE | TICKET | CONTACT\n"
    "\n"
    "ファンクラブ会員情報の流出の可能性に関するお知らせとお詫び\n" /* 4 */
    "2031.11.27\n"
    "\n"
    "会員サイトに不正アクセスがあり、会員の氏名とメールアドレスが流出した可能性があります。深くお詫び申し上げます。\n"
    "\n"
    "当ファンクラブは株式会社架空プロダクションが運営しています。\n";

TEST(a_brands_company_in_its_footer) {
  page_records p = extract_page(app_copyright);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "Kakuu Works Inc.");
  p = extract_page(app_provider);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "株式会社架空モビリティ");
  p = extract_page(fan_club);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "株式会社架空プロダクション");
}

/* A weekly digest of headlines (no title's ending), each with its source
   line; a corporation and its clinic as the source; a column between. */
static const char headline_digest[] =
    "医療機関の事故まとめ(2031年11月第4週)\n"
    "投稿日:2031-11-30 カテゴリ:週刊まとめ\n"
    "\n"
    "今週公表された医療機関の事故をまとめました。詳細は各発表元でご確認ください。\n"
    "\n"
    "▼ 歯科医院の予約サーバーがランサムウェア被害、患者情報流出の可能性\n" /* 6 */
    "発表元:医療法人社団架空岬会 架空岬歯科クリニック(2031年11月24日)\n"
    "院内の予約管理サーバーがランサムウェアにより暗号化された。患者約2,000名の氏名と電話番号が流出した可能性があるという。\n"
    "\n"
    "▼ 【コラム】医療機関のランサムウェア被害、なぜ減らないのか\n"
    "今年公表された医療機関の被害は、当ブログで把握しているだけで延べ37件になる。保守回線の管理が共通の課題だ。\n"
    "\n"
    "▼ 調剤薬局で処方せん控えの入ったファイルを紛失、患者情報漏えいのおそれ\n" /* 13 */
    "発表元:有限会社架空調剤(2031年11月27日)\n"
    "同社が運営する薬局で、職員が在宅患者12名の氏名と住所が記載されたファイルを紛失したという。\n";

TEST(a_digest_of_headlines_with_their_sources) {
  page_records p = extract_page(headline_digest);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 6);
  CHECK_STR(p.org[0], "医療法人社団架空岬会 架空岬歯科クリニック");
  CHECK_STR(p.published[0], "2031-11-24");
  CHECK_INT(p.heading[1], 13);
  CHECK_STR(p.org[1], "有限会社架空調剤");
  CHECK_INT(p.affected[1], 12);
}

/* An app's news list: each post under its category (重要 / 機能), the
   provider named in the page's last line. */
static const char app_news[] =
    "かくうマルシェ\n"
    "お知らせ\n"
    "\n"
    "重要\n"
    "【第2報】出品者の発送元情報が他の利用者に表示された不具合について\n" /* 5 */
    "2031/12/04\n"
    "取引画面に、取引の相手ではない出品者の氏名と住所が表示されていました。対象は出品者53名です。個人情報保護委員会へ報告しました。\n"
    "\n"
    "機能\n"
    "【新機能】まとめ買い割引をはじめました\n"
    "2031/12/01\n"
    "同じ出品者の商品を2点以上買うと、割引が自動でつくようになりました。\n"
    "\n"
    "重要\n"
    "【お詫び】メールマガジン配信時の誤りについて\n" /* 15 */
    "2031/11/13\n"
    "担当者が宛先の入力欄を誤り、受信した方どうしでメールアドレスが見える状態で送信しました。お詫び申し上げます。\n"
    "\n"
    "かくうマルシェ は Kakuu&Co.合同会社 が提供しています。\n";

TEST(an_apps_news_list_under_category_labels) {
  page_records p = extract_page(app_news);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 5);
  CHECK_INT(p.affected[0], 53);
  CHECK_INT(p.heading[1], 15);
  CHECK_STR(p.org[1], "Kakuu&Co.合同会社");
}

/* A town's notice board: items headed "■ date who-posted", community
   bodies (自治会, 子ども会, 町内会) as issuers, a contact in brackets. */
static const char town_board[] =
    "架空地区 おしらせ掲示板\n"
    "\n"
    "会員の皆さんへのお知らせです。\n"
    "\n"
    "■ 2031/12/01 架空台第二自治会\n"
    "自治会名簿の誤配布についてのお詫び\n" /* 6 */
    " 班長会で配った名簿に、68世帯の世帯主のお名前、住所、電話番号が載っていました。回収にご協力をお願いします。ご迷惑をおかけし申し訳ありません。\n"
    "\n"
    "■ 2031/11/20 架空三丁目子ども会\n"
    "クリスマス会のご案内メールの送信についてお詫び\n" /* 10 */
    " 役員が会員の皆さんへ案内メールを送った際、宛先を全員に見える欄に入れてしまい、会員32名のメールアドレスが他の会員に表示されました。申し訳ありません。\n"
    "(問い合わせ)架空三丁目子ども会 会長 架空 さおり\n";

TEST(a_notice_boards_items_and_local_bodies) {
  page_records p = extract_page(town_board);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 6);
  CHECK_STR(p.org[0], "架空台第二自治会");
  CHECK_INT(p.heading[1], 10);
  CHECK_STR(p.org[1], "架空三丁目子ども会");
  CHECK_INT(p.affected[1], 32);
}

/* A local news site: headlines with no title's ending, each dated with its
   time on the line below; an issuer with its short name in brackets. */
static const char local_news[] =
    "架空日報ウェブ 地域のニュース\n"
    "トップ > 地域\n"
    "\n"
    "組合員の個人情報流出の可能性 架空農協、ファクス誤送信\n" /* 4 */
    "2031年11月25日 6:00\n"
    " 架空野農業協同組合(JA架空野)は24日、組合員27人の氏名や住所を記載した一覧表を、誤って取引先の事業所にファクスで送信したと発表した。\n"
    "\n"
    "秋の収穫祭 約3,000人でにぎわう\n"
    "2031年11月24日 6:00\n"
    " 地区の恒例行事「秋の収穫祭」が23日に開かれ、多くの家族連れでにぎわった。\n";

TEST(a_local_news_sites_headlines) {
  page_records p = extract_page(local_news);
  CHECK_INT(p.n, 1);
  CHECK_INT(p.heading[0], 4);
  CHECK_STR(p.org[0], "架空野農業協同組合");
  CHECK_INT(p.affected[0], 27);
}

/* A prefecture's press list under "name page-label"; a care station under
   the company that runs it. */
static const char pref_press_list[] =
    "架空木県 報道発表資料\n"
    "トップページ > 県政情報 > 報道発表資料\n"
    "\n"
    "2031年11月30日 総務部\n"
    "県税事務所における納税通知書の写しのファクス誤送信について\n" /* 5 */
    " 本県の県税事務所において、納税者1名の氏名と住所が記載された書類を誤った番号へファクスしました。\n"
    "\n"
    "2031年11月19日 教育委員会\n"
    "県立学校における個人情報を含むUSBメモリの紛失について\n" /* 9 */
    " 県立高等学校の教諭が、生徒156名の氏名と評定を保存したUSBメモリを紛失しました。\n";

static const char care_station[] =
    "合同会社架空ケア\n"
    "架空訪問看護ステーション\n"
    "\n"
    "訪問記録の入ったかばんの盗難について\n" /* 4 */
    "\n"
    " 当ステーションの看護師が、利用者8名の氏名、住所、病名を記載した訪問記録の入ったかばんを車上ねらいで盗まれました。お詫び申し上げます。\n";

TEST(a_prefectures_press_list_and_a_care_station) {
  page_records p = extract_page(pref_press_list);
  CHECK_INT(p.n, 2);
  CHECK_STR(p.org[0], "架空木県");
  CHECK_INT(p.heading[1], 9);
  CHECK_STR(p.org[1], "架空木県");
  p = extract_page(care_station);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "合同会社架空ケア 架空訪問看護ステーション");
}

/* A city's press list copied without blank lines: each date opens the next
   post after the last one's sentence or contact line. */
static const char tight_list[] =
    "架空野市\n"
    "ホーム > 市政情報 > 報道発表\n"
    "2031年12月4日\n"
    "介護保険料決定通知書の誤記載について(第2報)\n" /* 4 */
    "11月20日付でお知らせした通知書の誤記載について、対象者は計103名となりました。氏名と保険料額が記載されていました。\n"
    "問い合わせ:介護保険課 電話 0XX-XXX-1111\n"
    "2031年12月1日\n"
    "年末年始のごみ収集日程のお知らせ\n"
    "12月31日から1月3日までは、ごみの収集を行いません。\n"
    "2031年11月12日\n"
    "保育園入所申込書類の紛失について\n" /* 11 */
    "本市保育課において、入所申込書類6世帯分を紛失しました。書類には児童と保護者の氏名、住所が記載されていました。警察に遺失届を提出しました。\n"
    "問い合わせ:保育課 電話 0XX-XXX-2222\n";

TEST(a_press_list_copied_without_blank_lines) {
  page_records p = extract_page(tight_list);
  CHECK_INT(p.n, 2);
  CHECK_INT(p.heading[0], 4);
  CHECK_INT(p.affected[0], 103);
  CHECK_INT(p.heading[1], 11);
  CHECK_STR(p.org[1], "架空野市");
}

/* A prefecture's press release header (担当課 names the government), a
   city's header with its path on the same line, and a disclosure list. */
static const char press_header[] =
    "記者発表資料\n"
    "発表日:令和13年11月24日(火)\n"
    "担当課:架空雨県 商工労働部 産業人材課\n"
    "電話:0XX-XXX-XXXX(直通)\n"
    "電子メールの誤送信による個人情報の流出について\n" /* 5 */
    "\n"
    " 本県が実施している講座の受講者に案内メールを送信した際、送信先をBCC欄ではなくCC欄に入力したため、受講者42名のメールアドレスが他の受講者に表示されました。\n";

static const char path_header[] =
    "架空掛市 ホーム > 市政情報 > 報道発表\n"
    "\n"
    "2031年11月30日\n"
    "子育て支援センター利用者へのメール誤送信について\n" /* 4 */
    " 本市子育て支援センターから利用者へメールを送信した際、宛先を誤り、利用者140名のメールアドレスが他の受信者に表示されました。\n";

static const char disclosure_list[] =
    "適時開示情報閲覧サービス 検索結果\n"
    "\n"
    "2031/12/04 16:00 コード 8XX2 株式会社架空商事\n"
    "剰余金の配当(増配)に関するお知らせ\n"
    " 当社は、本日開催の取締役会において、剰余金の配当を決議いたしました。\n"
    "\n"
    "2031/12/04 15:00 コード 8XX2 株式会社架空商事\n"
    "お取引先様情報を含む電子メールの誤送信に関するお知らせ\n" /* 8 */
    " 当社の従業員が、お取引先様の担当者一覧のファイルを誤って添付して送信し、担当者1,640名の氏名とメールアドレスが流出したことを確認いたしました。\n";

TEST(press_headers_paths_and_disclosure_lists) {
  page_records p = extract_page(press_header);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "架空雨県");
  p = extract_page(path_header);
  CHECK_INT(p.n, 1);
  CHECK_STR(p.org[0], "架空掛市");
  p = extract_page(disclosure_list);
  CHECK_INT(p.n, 1);
  CHECK_INT(p.heading[0], 8);
  CHECK_STR(p.org[0], "株式会社架空商事");
}
