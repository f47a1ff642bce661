/*
** gen_corpus.c — a deterministic generator of notice-like text, for
** benchmarks and for tests that need more text than samples/ holds.
**
**   gen_corpus --mb N | --notices N  [--notices-per-file K] [--seed S]
**              [--out DIR] [--gold FILE] [--quiet]
**
** It writes casebook-style blog pages: each page holds K notices headed
** 【セキュリティ事件簿#YYYY-NNN】ORG TITLE DATE, now and then a 第2報 of a
** notice earlier on the page, and now and then a post that is not a
** notice (a travel diary, a tool list, a book review) at the top of the
** page or between notices.  Organisations are combined from invented
** parts; causes, counts (2,849名 / 約1万人 / 304万件 / 三百四十二名), dates
** (2025年7月12日 / 令和7年7月14日 / 7/18(火)), kinds of data, authorities
** and contractors vary.  Every sentence is our own fictional text.
**
** The same arguments always give the same bytes (a seeded splitmix64, no
** clock, no locale).  With --out, pages go to DIR/gen-NNNNNN.txt and
** DIR/manifest.tsv lists each file with its notice and post counts; with
** --gold, the facts of every notice are written as gold labels (the
** format of ../shared/gold/SCHEMA.md) so `jikenbo eval` can score
** extraction on the generated text.  Without --out the pages go to
** stdout.  "MB" is 10^6 bytes.
*/
#include "jikenbo.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- randomness -------------------------------------------------------- */

static uint64_t rng_state;

/* splitmix64: tiny, fast, and the same sequence on every platform. */
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static unsigned pick(unsigned n) { return (unsigned)(rnd() % n); }
static int chance(unsigned pct) { return pick(100) < pct; }
#define PICK(arr) ((arr)[pick((unsigned)N(arr))])

/* ---- calendar ---------------------------------------------------------- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static jk_date civil_from_days(long z) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  jk_date d;
  d.d = (int)(doy - (153 * mp + 2) / 5 + 1);
  d.m = (int)(mp < 10 ? mp + 3 : mp - 9);
  d.y = (int)(yoe + era * 400 + (d.m <= 2));
  return d;
}

static const char *weekday(long days) {
  static const char *const w[] = {"木", "金", "土", "日", "月", "火", "水"}; /* 1970-01-01 was a Thursday */
  return w[((days % 7) + 7) % 7];
}

/* A date as notices print it in their body, in one of several styles. */
static void put_date(jk_buf *b, long days, int style) {
  jk_date d = civil_from_days(days);
  switch (style % 5) {
  case 0: jk_buf_printf(b, "%d年%d月%d日", d.y, d.m, d.d); break;
  case 1:
    if (days >= days_from_civil(2019, 5, 1)) {
      if (d.y == 2019) jk_buf_printf(b, "令和元年%d月%d日", d.m, d.d);
      else jk_buf_printf(b, "令和%d年%d月%d日", d.y - 2018, d.m, d.d);
    } else {
      jk_buf_printf(b, "平成%d年%d月%d日", d.y - 1988, d.m, d.d);
    }
    break;
  case 2: jk_buf_printf(b, "%d/%d(%s)", d.m, d.d, weekday(days)); break;
  case 3: jk_buf_printf(b, "%d月%d日(%s)", d.m, d.d, weekday(days)); break;
  default: jk_buf_printf(b, "%d年%d月%d日(%s曜日)", d.y, d.m, d.d, weekday(days)); break;
  }
}

/* ---- numbers ----------------------------------------------------------- */

/* 1..9999 in kanji numerals: 三百四十二, 千二百五. */
static void put_kanji(jk_buf *b, long v) {
  static const char *const digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  static const char *const unit[] = {"千", "百", "十", ""};
  static const long div[] = {1000, 100, 10, 1};
  for (int i = 0; i < 4; i++) {
    long k = (v / div[i]) % 10;
    if (k == 0) continue;
    if (k > 1 || i == 3) jk_buf_puts(b, digit[k]);
    jk_buf_puts(b, unit[i]);
  }
}

static void put_comma(jk_buf *b, long long v) {
  char t[32];
  int n = snprintf(t, sizeof t, "%lld", v);
  for (int i = 0; i < n; i++) {
    if (i > 0 && (n - i) % 3 == 0) jk_buf_putc(b, ',');
    jk_buf_putc(b, t[i]);
  }
}

/*
** Write a count of people or records in one of the styles notices use,
** and return the value an analyst would record for it.
*/
static long long put_count(jk_buf *b, long long v, const char *unit) {
  int style = (int)pick(10);
  if (v >= 20000 && style < 3) { /* 約2万人 */
    long long man = (v + 5000) / 10000;
    jk_buf_printf(b, "約%lld万%s", man, unit);
    return man * 10000;
  }
  if (v >= 10000 && style < 5) { /* 304万件: a round count in 万 */
    long long man = v / 10000;
    jk_buf_printf(b, "%lld万%s", man, unit);
    return man * 10000;
  }
  if (v < 10000 && style == 9) { /* 三百四十二名 */
    put_kanji(b, (long)v);
    jk_buf_puts(b, unit);
    return v;
  }
  if (v >= 1000 || style < 6) put_comma(b, v);
  else jk_buf_printf(b, "%lld", v);
  jk_buf_puts(b, unit);
  if (chance(30)) jk_buf_puts(b, "分");
  return v;
}

/* ---- organisations ----------------------------------------------------- */

static const char *const co_stems[] = {
    "ソラノ",   "カナメ",   "東雲",     "白鷺",     "青葉",     "北浜",     "ミナト",   "ハルカゼ",
    "ホシゾラ", "朝凪",     "夕霧",     "若葉",     "銀河",     "千歳",     "明星",     "翠嶺",
    "大和田",   "アサヒナ", "クスノキ", "ヒイラギ", "サクラダ", "コハク",   "ルリ",     "トキワ",
    "光陽",     "瑞穂",     "高嶺",     "錦",       "紅葉台",   "星見",     "潮騒",     "アマヤドリ",
    "キリサメ", "ユウナギ", "シラカバ", "八雲",     "玉川台",   "黒潮",     "碧水",     "ナナカマド",
};
static const char *const co_kinds[] = {
    "食品",   "物流",       "印刷",     "システムズ", "不動産",   "書房",     "製作所",
    "電機",   "薬品",       "商事",     "建設",       "観光",     "運輸",     "ソフト",
    "ネット", "通販",       "フーズ",   "テクノ",     "精機",     "化成",     "工業",
    "出版",   "トラベル",   "ホーム",   "ライフ",     "メディカル", "データ", "エステート",
};
static const char *const place_stems[] = {
    "白鷺台", "紅葉川", "朝霧", "北山田", "南浦",   "星ヶ丘", "青沼", "高瀬",   "東野辺", "西ノ沢",
    "鷹森",   "梅ノ木", "杉原台", "若草",   "霞野", "月見原", "石蔵", "花園台", "雲雀野", "大鳥",
};
static const char *const assoc_topics[] = {
    "ハーブ検定", "地域観光", "木工技能", "防災士", "発酵食品", "手話普及", "盆栽文化", "郷土料理",
    "写真測量",   "歯科技工", "介護福祉", "珈琲鑑定",
};

/* An issuing organisation's name, as it names itself. */
static void make_org(jk_buf *b) {
  jk_buf_reset(b);
  switch (pick(12)) {
  case 0: case 1: case 2: case 3:
    jk_buf_printf(b, "株式会社%s%s", PICK(co_stems), PICK(co_kinds));
    break;
  case 4: case 5:
    jk_buf_printf(b, "%s%s株式会社", PICK(co_stems), PICK(co_kinds));
    break;
  case 6: jk_buf_printf(b, "有限会社%s%s", PICK(co_stems), PICK(co_kinds)); break;
  case 7: jk_buf_printf(b, "%s%s", PICK(place_stems), (const char *[]){"市", "町", "村"}[pick(3)]); break;
  case 8:
    if (chance(50)) jk_buf_printf(b, "学校法人%s学園", PICK(place_stems));
    else jk_buf_printf(b, "%s大学", PICK(place_stems));
    break;
  case 9: jk_buf_printf(b, "医療法人%s会", PICK(co_stems)); break;
  case 10: jk_buf_printf(b, "一般社団法人日本%s協会", PICK(assoc_topics)); break;
  default: jk_buf_printf(b, "公益財団法人%s文化振興財団", PICK(place_stems)); break;
  }
}

/* ---- causes ------------------------------------------------------------ */

enum { T_NONE, T_SHOP, T_EVENT, T_SYSTEM };

/* Bits of jk_data_type. */
#define B(t) (1u << (t))

typedef struct cause {
  const char *cat;           /* gold category */
  int thing;                 /* what %s in lead names: T_* */
  const char *titles[3];
  const char *leads[3];      /* first sentence; %s: the shop/event/system */
  const char *steps[3];      /* 経緯, second line */
  const char *causes[3];     /* 原因 */
  const char *measures[3];   /* 再発防止策 */
  uint32_t dt_must, dt_pool; /* kinds always / sometimes exposed */
  const char *groups[3];     /* whose data */
  const char *unit;          /* 名 / 人 / 件 */
  int lo, hi;                /* count between 10^lo and 10^hi */
  int card;                  /* card data exposed */
  int p_police, p_ppc, p_pmark, p_ministry, p_vendor, p_unknown;
} cause;

static const cause causes[] = {
    {"misdelivery", T_EVENT,
     {"メールの誤送信について", "メール誤送信による個人情報の漏えいについて", "案内メールの誤送信に関するお詫び"},
     {"%sの参加者へ案内メールを送信した際、受信者が互いのメールアドレスを見られる状態で送信してしまいました。",
      "%sの申込者に連絡メールを一斉に送った際、宛先の設定を誤ったため、他の方のメールアドレスが表示される状態となりました。",
      "%sに関するお知らせをメールでお送りした際に、送信先のアドレスを他の受信者にも分かる形で送ってしまう事案が発生しました。"},
     {"本来はBCC欄に入れるべき宛先を、担当者が誤ってTO欄に入力して送信しました。",
      "BCCで送るべきところを、CCに宛先を入れたまま送信しておりました。",
      "送信の直後に受信者の方からご指摘をいただき、誤りに気づきました。"},
     {"送信前に宛先欄を確認する手順が守られていなかったことが原因です。",
      "一斉送信を担当者一人の判断で行っていたことが原因です。",
      "宛先の入力欄を取り違えたことに気づかないまま送信したためです。"},
     {"一斉送信は配信サービスを通じて行い、メールソフトからの一斉送信は行わないことといたします。",
      "送信前に別の職員が宛先を確認する二重チェックを徹底いたします。",
      "全職員を対象に、メール送信時の注意点について研修を行います。"},
     B(JK_DT_EMAIL), B(JK_DT_NAME), {"参加者", "申込者", "会員の方"}, "名", 1, 3, 0, 2, 25, 5, 0, 5, 0},
    {"misdelivery", T_NONE,
     {"FAXの誤送信について", "書類の誤送付に関するお詫び", "ファクシミリ誤送信による個人情報の漏えいについて"},
     {"お客様の情報を記載した書類を、誤って別の事業者へファクシミリで送信する事案が発生しました。",
      "通知書を封入する際に別の方の書類を同封し、そのまま発送しておりました。",
      "申請内容の確認書を、本来の送付先とは異なる宛先に送付しておりました。"},
     {"短縮ダイヤルの登録番号を取り違えたまま送信しておりました。",
      "受け取られた方からのご連絡で誤りが判明いたしました。",
      "封入作業を一人で行い、照合を省略しておりました。"},
     {"送信先の番号を読み合わせる手順が守られていなかったためです。",
      "封入物と宛名の照合を行っていなかったためです。",
      "作業の手順書が現場に周知されていなかったためです。"},
     {"個人情報を含む書類のファクシミリ送信は原則として行わないことといたします。",
      "封入作業は二名で行い、照合記録を残すことといたします。",
      "作業手順を見直し、全職員に改めて周知いたします。"},
     B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_BIRTHDATE) | B(JK_DT_OTHER),
     {"お客様", "申請者", "利用者"}, "名", 0, 1, 0, 2, 20, 5, 0, 10, 0},
    {"misconfiguration", T_EVENT,
     {"Googleフォームの設定不備による個人情報の漏えいについて", "申込フォームの設定ミスに関するお詫び",
      "参加申込者の情報が閲覧できる状態になっていたことについて"},
     {"%sの申込みに利用していたGoogleフォームの設定に誤りがあり、申込者の回答が他の申込者からも見られる状態になっていました。",
      "%sの受付フォームで、送信後の画面から他の方の回答の一覧を開ける状態になっておりました。",
      "%sのために作成したフォームの公開設定に不備があり、申込内容を第三者が閲覧可能な状態となっていました。"},
     {"フォームの「結果の概要を表示する」が有効になったまま公開されていたことが分かりました。",
      "申込者の方からのお問い合わせにより判明し、同日中に設定を変更いたしました。",
      "確認したところ、回答の共有範囲が「リンクを知っている全員」となっておりました。"},
     {"フォームを公開する前に、既定の設定を確認していなかったためです。",
      "設定の点検を担当者一人に任せていたためです。",
      "フォーム作成の手順書に設定の確認項目がなかったためです。"},
     {"フォームを公開する前に、別の職員が設定を点検する手順を設けます。",
      "外部のサービスを利用する際の設定確認表を作成し、運用いたします。",
      "職員向けに外部サービスの設定に関する研修を実施いたします。"},
     B(JK_DT_NAME) | B(JK_DT_EMAIL), B(JK_DT_PHONE) | B(JK_DT_ADDRESS) | B(JK_DT_SCHOOL) | B(JK_DT_MESSAGE),
     {"申込者", "参加希望者", "応募者"}, "名", 1, 3, 0, 0, 30, 5, 0, 10, 0},
    {"misconfiguration", T_SYSTEM,
     {"クラウドサービスの設定誤りによる情報漏えいの可能性について", "お客様情報が外部から閲覧可能な状態になっていたことに関するお詫び",
      "ファイル共有設定の不備による個人情報の閲覧について"},
     {"%sで利用しているクラウドストレージの共有設定に誤りがあり、お客様の情報がインターネット上から閲覧できる状態になっておりました。",
      "%sの管理画面のアクセス制限が外れており、外部から顧客の一覧を参照できる状態となっていました。",
      "%sの参照範囲の設定に誤りがあり、権限のない利用者が他社のデータを閲覧できる状態でした。"},
     {"外部の研究者からのご連絡で判明し、直ちに設定を修正いたしました。",
      "定期点検の際に設定の誤りを発見いたしました。",
      "アクセス記録を調べたところ、外部からの閲覧の痕跡が一部に見つかりました。"},
     {"設定変更の作業後に、公開範囲の確認を行っていなかったためです。",
      "共有範囲の既定値が変わったことに気づかず運用していたためです。",
      "権限設定の手順書が更新されていなかったためです。"},
     {"設定変更の際は、作業者とは別の担当者が公開範囲を確認いたします。",
      "クラウドサービスの設定を毎月点検する体制を整えます。",
      "外部からの到達性を自動で検査する仕組みを導入いたします。"},
     B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_EMAIL) | B(JK_DT_EMPLOYMENT) | B(JK_DT_OTHER),
     {"お客様", "取引先のご担当者様", "会員様"}, "件", 2, 5, 0, 5, 50, 15, 0, 30, 10},
    {"publishing_error", T_EVENT,
     {"ホームページ掲載資料における個人情報の漏えいについて", "個人情報を含むファイルの誤掲載について",
      "ウェブサイトへの個人情報の誤掲載に関するお詫び"},
     {"%sの報告資料をホームページに掲載した際、参加者の個人情報を含む部分を削除しないまま公開しておりました。",
      "%sに関するお知らせのPDFファイルに、黒塗りしたはずの参加者名簿が読み取れる状態で含まれておりました。",
      "%sの結果を掲載したファイルに、非表示のシートとして名簿が残っておりました。"},
     {"閲覧された方からのご指摘で判明し、同日中にファイルを削除いたしました。",
      "掲載の翌週、職員が別の作業中に気づき、直ちに掲載を取り下げました。",
      "検索サイトに残っていた写しについても、削除の依頼を行いました。"},
     {"黒塗りの処理が図形を重ねただけのものであり、文字を選択すると読める状態だったためです。",
      "公開前のファイル確認を一人で行っていたためです。",
      "非表示のシートが残っていることを確認する手順がなかったためです。"},
     {"公開する資料は専用の処理で墨消しを行い、掲載前に複数名で確認いたします。",
      "ファイルは表計算形式ではなくPDFに変換してから掲載することといたします。",
      "掲載前の確認表を作成し、運用を徹底いたします。"},
     B(JK_DT_NAME), B(JK_DT_SCHOOL) | B(JK_DT_EMPLOYMENT) | B(JK_DT_ADDRESS) | B(JK_DT_PHONE),
     {"参加者", "受講者", "児童生徒"}, "名", 1, 3, 0, 0, 15, 5, 0, 5, 0},
    {"programming_error", T_SYSTEM,
     {"システム不具合による他のお客様情報の表示について", "当社サービスにおける他のお客様情報の誤表示に関するお詫び",
      "システム障害に伴う個人情報の混在について"},
     {"%sにおいて、システムの不具合により、一部のお客様の画面に別のお客様の情報が表示される事象が発生いたしました。",
      "%sで、同時にログインした利用者の間で表示内容が入れ替わる不具合が発生いたしました。",
      "%sから送信した通知メールに、別の利用者の情報が混在していたことが判明いたしました。"},
     {"お客様からのお問い合わせが相次いだため、同日中にサービスを一時停止いたしました。",
      "ログを調査したところ、不具合はサーバー増設の作業後から発生しておりました。",
      "修正版を適用したうえで、影響を受けた利用者を特定いたしました。"},
     {"セッション情報をキャッシュする処理に不具合があったことが原因です。",
      "改修時の試験で、同時アクセスの条件を確認していなかったためです。",
      "データを一時的に保存する処理で、利用者の区別が正しく行われていなかったためです。"},
     {"同時アクセスを想定した試験を、本番への反映前の必須項目といたします。",
      "不具合の検知を早めるため、表示内容の監視を強化いたします。",
      "開発工程のレビュー体制を見直します。"},
     B(JK_DT_NAME), B(JK_DT_EMAIL) | B(JK_DT_PHONE) | B(JK_DT_ADDRESS) | B(JK_DT_BANK) | B(JK_DT_OTHER),
     {"お客様", "利用者", "会員様"}, "名", 1, 4, 0, 0, 45, 20, 5, 25, 0},
    {"loss", T_NONE,
     {"USBメモリの紛失について", "個人情報を含む書類の紛失について", "記録媒体の紛失に関するお詫び"},
     {"職員が、個人情報を保存したUSBメモリを紛失する事案が発生いたしました。",
      "個人情報が記載された書類の一部が所在不明となっていることが判明いたしました。",
      "業務で使用していた記録媒体を紛失したことが判明いたしました。"},
     {"院外での研修に持ち出した後、帰宅してから所在が分からなくなっていることに気づきました。",
      "関係する場所を捜索いたしましたが、現在まで発見には至っておりません。",
      "保管庫の点検の際に、所定の場所にないことが判明いたしました。"},
     {"院内規程に反して、暗号化されていない媒体に情報を保存して持ち出したためです。",
      "書類の持ち出しと返却の記録を付けていなかったためです。",
      "保管場所の管理が担当者任せになっていたためです。"},
     {"使用できるUSBメモリを暗号化機能付きのものに限定いたします。",
      "書類の持ち出しを許可制とし、記録を残すことといたします。",
      "全職員を対象に、個人情報の取扱いについての研修を改めて実施いたします。"},
     B(JK_DT_NAME), B(JK_DT_HEALTH) | B(JK_DT_BIRTHDATE) | B(JK_DT_GENDER) | B(JK_DT_ADDRESS) | B(JK_DT_SCHOOL),
     {"患者様", "生徒", "利用者"}, "名", 1, 3, 0, 70, 40, 10, 5, 10, 0},
    {"hacking", T_SHOP,
     {"不正アクセスによるクレジットカード情報漏えいに関するお詫びとお知らせ",
      "当社が運営する通販サイトへの不正アクセスによる個人情報漏えいについて",
      "オンラインストアにおけるカード情報流出の可能性に関するお知らせ"},
     {"弊社が運営する%sが外部から不正アクセスを受け、ご注文時に入力されたクレジットカード情報が漏えいした可能性があることが判明いたしました。",
      "%sのシステムの一部が第三者に改ざんされ、決済画面で入力されたカード情報が抜き取られていたことが分かりました。",
      "%sに対する不正アクセスにより、お客様のカード情報と会員情報が外部に流出したおそれがあることを確認いたしました。"},
     {"カード会社からの連絡を受けてカード決済を停止し、第三者調査機関による調査を開始いたしました。",
      "調査の結果、決済画面のプログラムが書き換えられていたことが確認されました。",
      "調査機関の報告により、漏えいの対象となった期間が特定されました。"},
     {"管理画面に残っていた古いプラグインの脆弱性を突かれたことによるものです。",
      "ペイメントアプリケーションの改ざんが行われたことによるものです。",
      "管理者アカウントのパスワードが推測されやすいものであったためです。"},
     {"カード情報を当社のサーバーを通さない決済方式に切り替えます。",
      "改ざんを常時検知する仕組みを導入し、監視体制を強化いたします。",
      "サイトは新しい基盤に移したうえで再開する予定です。"},
     B(JK_DT_CARD) | B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_EMAIL) | B(JK_DT_BIRTHDATE),
     {"ご注文されたお客様", "カード決済をされた方", "会員様"}, "名", 2, 4, 1, 80, 95, 5, 0, 20, 0},
    {"hacking", T_SYSTEM,
     {"不正アクセスによる個人情報漏えいの可能性について", "会員サイトへの不正ログインに関するお知らせとお詫び",
      "当社サーバーへの不正アクセス発生について"},
     {"%sが第三者による不正アクセスを受け、登録されている会員の情報が閲覧された可能性があることが判明いたしました。",
      "%sにおいて、他のサービスから流出したとみられるIDとパスワードを使ったなりすましログインが確認されました。",
      "%sのサーバーに外部から侵入され、保存されていた情報の一部が持ち出されたおそれがあります。"},
     {"監視システムが短時間に大量のログイン試行を検知し、調査を開始いたしました。",
      "外部の専門家とともに侵入の経路と範囲を調査しております。",
      "該当するアカウントのパスワードを無効化し、再設定をお願いしております。"},
     {"サーバーの脆弱性を悪用されたものとみられます。",
      "パスワードリスト攻撃によるものと考えられます。",
      "管理用の接続口が外部から到達できる状態になっていたためです。"},
     {"二段階認証を導入し、連続したログイン試行を制限いたします。",
      "外部からの接続を限定し、脆弱性診断を定期的に行います。",
      "監視体制を強化し、異常の検知を早めてまいります。"},
     B(JK_DT_NAME), B(JK_DT_EMAIL) | B(JK_DT_PHONE) | B(JK_DT_ADDRESS) | B(JK_DT_PASSWORD) | B(JK_DT_LOGIN_ID) | B(JK_DT_OTHER),
     {"会員様", "登録者", "お客様"}, "件", 2, 5, 0, 60, 70, 10, 0, 15, 20},
    {"ransomware", T_NONE,
     {"ランサムウェア被害の発生について", "当社サーバーに対するランサムウェア攻撃について", "サイバー攻撃によるシステム障害と情報流出の可能性について"},
     {"社内のサーバーの一部がランサムウェアに感染し、保存されていたファイルが暗号化される被害が発生いたしました。",
      "業務システムがランサムウェアによる攻撃を受け、複数のサーバーのデータが暗号化されました。",
      "当社のネットワークに侵入した攻撃者によりファイルが暗号化され、業務が停止いたしました。"},
     {"直ちに該当サーバーをネットワークから切り離し、外部の専門家の協力を得て調査を進めております。",
      "攻撃者からの脅迫文が残されていることを確認いたしました。",
      "暗号化の前にデータが外部へ送信された痕跡が見つかりました。"},
     {"VPN機器の脆弱性を悪用されたものとみられますが、詳細は調査中です。",
      "リモート接続機器の認証情報が窃取されていたことによるものとみられます。",
      "更新されていなかった機器を経由して侵入されたと考えられます。"},
     {"VPN機器を更新し、多要素認証を導入いたします。",
      "バックアップをネットワークから切り離して保管する運用に改めます。",
      "端末の挙動を監視する製品を全社に導入いたします。"},
     B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_EMAIL) | B(JK_DT_EMPLOYMENT) | B(JK_DT_BIRTHDATE) | B(JK_DT_HEALTH),
     {"お取引先のご担当者様", "従業員", "お客様"}, "件", 2, 5, 0, 80, 80, 10, 5, 30, 35},
    {"malware", T_NONE,
     {"ウイルス感染による不審メール送信について", "当社従業員のパソコンのマルウェア感染について",
      "当社を装った不審なメールに関するお詫びと注意喚起"},
     {"従業員のパソコンがマルウェアに感染し、当社の名前を装った不審なメールが複数の方へ送信されていることを確認いたしました。",
      "職員の業務用端末がウイルスに感染し、メールソフトに保存されていた情報が外部に送信された可能性があります。",
      "当社のパソコン1台がコンピュータウイルスに感染していたことが判明いたしました。"},
     {"お取引先から不審なメールが届いたとのご連絡をいただき、調査を開始いたしました。",
      "感染した端末はネットワークから切り離し、初期化いたしました。",
      "他の端末への感染がないことを確認しております。"},
     {"メールに添付されたファイルを開いたことで感染したものとみられます。",
      "ウイルス対策ソフトの定義が更新されていなかったためです。",
      "マクロ付きのファイルを開いたことが原因と考えられます。"},
     {"マクロ付きファイルの受信を制限いたします。",
      "全端末のウイルス対策ソフトの設定を点検いたしました。",
      "標的型メールへの対応訓練を実施いたします。"},
     B(JK_DT_EMAIL), B(JK_DT_NAME) | B(JK_DT_MESSAGE) | B(JK_DT_EMPLOYMENT),
     {"お取引先のご担当者様", "関係者", "お客様"}, "件", 1, 4, 0, 10, 30, 5, 0, 10, 40},
    {"misuse", T_NONE,
     {"元従業員による顧客情報の持ち出しについて", "業務委託先の元派遣社員によるお客さま情報の不正持ち出しについて",
      "従業員による個人情報の不正取得に関するお詫び"},
     {"元従業員が在職中にお客様の情報を不正に持ち出し、転職先で利用していたことが判明いたしました。",
      "業務に従事していた元派遣社員が、お客さま情報を含む業務データを私用のクラウドストレージに送信していたことが分かりました。",
      "従業員が業務と関係なく顧客の情報を閲覧し、外部に提供していたことが判明いたしました。"},
     {"お客様からのご連絡を受けて社内調査を行い、持ち出しの事実を確認いたしました。",
      "内部監査で不審な送信記録が見つかり、調査を開始いたしました。",
      "当該者は事実を認めており、情報の削除を求めております。"},
     {"一覧をダウンロードする権限が全従業員に付与されていたためです。",
      "外部への送信を監視していなかったためです。",
      "退職予定者の権限を見直す手順がなかったためです。"},
     {"ダウンロード権限を管理職に限定いたします。",
      "業務端末から外部への送信を技術的に制限いたします。",
      "委託先を含め、情報の取扱いの監査を強化いたします。"},
     B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_EMPLOYMENT) | B(JK_DT_BIRTHDATE) | B(JK_DT_OTHER),
     {"お客様", "お客さま", "契約者"}, "件", 2, 6, 0, 85, 70, 20, 5, 40, 0},
    {"theft", T_NONE,
     {"業務用ノートパソコンの盗難について", "個人情報を含む書類の盗難に関するお詫び", "車上荒らしによる業務用端末の盗難について"},
     {"職員が駐車場に停めていた公用車から、業務用ノートパソコン1台が盗まれる事案が発生いたしました。",
      "事務所に侵入した何者かにより、個人情報を含む書類が入った鞄が盗まれました。",
      "出張中の職員が、移動中に業務用のタブレット端末を盗まれました。"},
     {"直ちに警察に被害届を提出いたしました。",
      "窓ガラスが割られ、後部座席に置いていた鞄ごとなくなっておりました。",
      "現在のところ、情報が悪用された事実は確認されておりません。"},
     {"個人情報を保存した機器を車内に置いたまま離れたためです。",
      "書類を施錠できない場所に保管していたためです。",
      "端末の持ち出しの管理が不十分であったためです。"},
     {"機器を車内に置いたまま離れないことを全職員に徹底いたします。",
      "持ち出し記録の運用を見直し、端末の暗号化を徹底いたします。",
      "書類は施錠できる保管庫で管理いたします。"},
     B(JK_DT_NAME), B(JK_DT_ADDRESS) | B(JK_DT_PHONE) | B(JK_DT_BIRTHDATE) | B(JK_DT_HEALTH),
     {"利用者", "お客様", "会員"}, "名", 1, 3, 0, 100, 40, 10, 5, 5, 0},
};

static bool is(const cause *c, const char *cat) { return strcmp(c->cat, cat) == 0; }

/* Japanese words for each kind of data. */
static const char *const dt_words[JK_DT_COUNT][3] = {
    [JK_DT_NAME] = {"氏名", "お名前", "氏名"},
    [JK_DT_ADDRESS] = {"住所", "ご住所", "住所"},
    [JK_DT_PHONE] = {"電話番号", "電話番号", "連絡先電話番号"},
    [JK_DT_EMAIL] = {"メールアドレス", "メールアドレス", "電子メールアドレス"},
    [JK_DT_BIRTHDATE] = {"生年月日", "生年月日", "生年月日"},
    [JK_DT_GENDER] = {"性別", "性別", "性別"},
    [JK_DT_CARD] = {"クレジットカード番号、有効期限、セキュリティコード", "カード番号、有効期限",
                    "クレジットカード番号、カード名義人名、有効期限"},
    [JK_DT_PASSWORD] = {"パスワード", "パスワード", "ログインパスワード"},
    [JK_DT_LOGIN_ID] = {"ログインID", "ログインID", "ユーザーID"},
    [JK_DT_MYNUMBER] = {"個人番号", "個人番号", "個人番号"},
    [JK_DT_BANK] = {"口座番号", "銀行口座の情報", "口座番号"},
    [JK_DT_HEALTH] = {"病名", "健診結果", "検査結果"},
    [JK_DT_EMPLOYMENT] = {"勤務先", "会社名、部署名", "所属部署"},
    [JK_DT_SCHOOL] = {"学校名", "学年", "学校名、学年"},
    [JK_DT_MESSAGE] = {"問い合わせ内容", "相談内容", "メール本文"},
    [JK_DT_LOCATION] = {"位置情報", "位置情報", "位置情報"},
    [JK_DT_OTHER] = {"会員番号", "購入履歴", "顧客番号"},
};

static const char *const shop_names[] = {"オンラインストア", "公式通販サイト", "オンラインショップ", "ネットショップ"};
static const char *const event_names[] = {"夏期講習会", "オープンキャンパス", "市民公開講座", "学校説明会", "親子料理教室",
                                          "防災セミナー", "採用説明会", "ボランティア研修", "写真コンテスト", "健康教室"};
static const char *const system_names[] = {"会員サイト", "予約システム", "顧客管理システム", "家計簿アプリ", "ポイントサービス",
                                           "施設予約サイト", "求人応募システム", "オンライン請求サービス"};

/* ---- one notice --------------------------------------------------------- */

/* The facts of a generated notice, kept so a 第2報 can follow it. */
typedef struct notice_facts {
  char id[24];
  char org[160];
  const cause *c;
  long days;        /* published */
  long long affected; /* -1: not stated */
  uint32_t dt, auth;
  int vendor;
  int seq;
  char thing[160];
} notice_facts;

/* Write a lead sentence, its %s (if any) replaced by the shop/event/system. */
static void put_lead(jk_buf *b, const char *lead, const char *thing) {
  const char *s = strstr(lead, "%s");
  if (s) {
    jk_buf_append(b, lead, (size_t)(s - lead));
    jk_buf_puts(b, thing);
    lead = s + 2;
  }
  jk_buf_puts(b, lead);
  jk_buf_putc(b, '\n');
}

/*
** Print ASCII digits, letters and brackets of b[from..] in full width
** (２，８４９名, （１）, ＢＣＣ), as many notices do; NFKC folds them back.
*/
static void to_fullwidth(jk_buf *b, size_t from, jk_buf *tmp) {
  jk_buf_reset(tmp);
  jk_buf_append(tmp, b->p + from, b->len - from);
  b->len = from;
  for (size_t i = 0; i < tmp->len; i++) {
    unsigned char c = (unsigned char)tmp->p[i];
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '(' || c == ')' ||
        c == ',' || c == '/' || c == ':') {
      unsigned cp = 0xFF00u + (c - 0x20u); /* U+FF01..U+FF5E mirror U+0021..U+007E */
      char u[3] = {(char)(0xE0 | (cp >> 12)), (char)(0x80 | ((cp >> 6) & 0x3F)), (char)(0x80 | (cp & 0x3F))};
      jk_buf_append(b, u, 3);
    } else {
      jk_buf_putc(b, (char)c);
    }
  }
}

/* Numbering styles for the four sections. */
static void put_section(jk_buf *b, int style, int k, const char *title) {
  switch (style) {
  case 0: jk_buf_printf(b, "%d.%s\n", k, title); break;
  case 1: jk_buf_printf(b, "%d %s\n", k, title); break;
  case 2: jk_buf_printf(b, "(%d)%s\n", k, title); break;
  default: jk_buf_printf(b, "【%s】\n", title); break;
  }
}

static void put_kinds(jk_buf *b, uint32_t dt) {
  static const char *const seps[] = {"、", "/", "・"};
  const char *sep = PICK(seps);
  int first = 1;
  for (int t = 0; t < JK_DT_COUNT; t++) {
    if (!(dt & B(t))) continue;
    if (!first) jk_buf_puts(b, sep);
    jk_buf_puts(b, dt_words[t][pick(3)]);
    first = 0;
  }
}

static const char *const apologies[] = {
    "関係する皆様に多大なご迷惑とご心配をおかけしておりますことを、深くお詫び申し上げます。",
    "お客様をはじめ関係者の皆様には、ご心配をおかけする事態となりましたことを心よりお詫び申し上げます。",
    "このような事態を招きましたことを重く受け止め、皆様に深くお詫び申し上げます。",
    "ご迷惑をおかけした皆様に、改めてお詫び申し上げます。",
};

/*
** Write one notice (heading, body) and fill f with its facts.  prev, if
** non-NULL, is the notice this one follows up (第2報).
*/
static void gen_notice(jk_buf *b, notice_facts *f, const notice_facts *prev, int *serial_by_year,
                       jk_buf *tmp, jk_buf *vendor_name) {
  if (prev) {
    *f = *prev;
    f->seq = prev->seq + 1;
    f->days = prev->days + 5 + pick(40);
  } else {
    memset(f, 0, sizeof *f);
    f->c = &causes[pick((unsigned)N(causes))];
    make_org(tmp);
    snprintf(f->org, sizeof f->org, "%s", tmp->p);
    f->days = days_from_civil(2019, 1, 1) + (long)pick(8 * 365);
    jk_date pd = civil_from_days(f->days);
    int yi = pd.y - 2019;
    if (yi < 0 || yi > 9) yi = 9;
    snprintf(f->id, sizeof f->id, "%d-%03d", pd.y, ++serial_by_year[yi]);
    f->seq = 1;
    switch (f->c->thing) {
    case T_SHOP: snprintf(f->thing, sizeof f->thing, "「%s %s」", PICK(co_stems), PICK(shop_names)); break;
    case T_EVENT: snprintf(f->thing, sizeof f->thing, "%s", PICK(event_names)); break;
    case T_SYSTEM: snprintf(f->thing, sizeof f->thing, "「%s%s」", PICK(co_stems), PICK(system_names)); break;
    default: f->thing[0] = 0; break;
    }
    f->dt = f->c->dt_must;
    for (int t = 0; t < JK_DT_COUNT; t++)
      if ((f->c->dt_pool & B(t)) && chance(45)) f->dt |= B(t);
    f->vendor = chance((unsigned)f->c->p_vendor);
    f->auth = 0;
  }
  const cause *c = f->c;
  /* Later reports tell more authorities, never fewer. */
  if (chance((unsigned)c->p_police)) f->auth |= B(JK_AUTH_POLICE);
  if (chance((unsigned)c->p_ppc)) f->auth |= B(JK_AUTH_PPC);
  if (chance((unsigned)c->p_pmark)) f->auth |= B(JK_AUTH_PMARK);
  if (chance((unsigned)c->p_ministry)) f->auth |= B(JK_AUTH_MINISTRY);
  if (f->seq > 1 && !f->auth) f->auth |= B(JK_AUTH_PPC);

  jk_date pd = civil_from_days(f->days);
  /* Heading: 【セキュリティ事件簿#2025-312】ORG TITLE 2025年7月22日 */
  jk_buf_printf(b, "【セキュリティ事件簿#%s】%s %s", f->id, f->org, chance(15) ? "【お詫び】" : "");
  /* Notices write both 漏えい and 漏洩. */
  const char *title = c->titles[pick(3)], *le = strstr(title, "漏えい");
  if (le && chance(35)) {
    jk_buf_append(b, title, (size_t)(le - title));
    jk_buf_puts(b, "漏洩");
    jk_buf_puts(b, le + strlen("漏えい"));
  } else {
    jk_buf_puts(b, title);
  }
  if (f->seq > 1) jk_buf_printf(b, "(第%d報)", f->seq);
  if (chance(70)) jk_buf_printf(b, " %d年%d月%d日\n\n\n", pd.y, pd.m, pd.d);
  else jk_buf_printf(b, " %d年%02d月%02d日\n\n\n", pd.y, pd.m, pd.d);

  size_t body = b->len;
  const char *subj = f->org;
  if (f->seq > 1) {
    jk_buf_puts(b, "先にお知らせした本件について、その後の調査で判明した内容をご報告いたします。\n");
  }
  long incident = f->days - 3 - (long)pick(40);
  int dstyle = (int)pick(5);
  int sstyle = (int)pick(4);
  put_date(b, incident, dstyle);
  jk_buf_puts(b, "、");
  if (f->vendor) {
    make_org(vendor_name);
    jk_buf_printf(b, "%sが業務を委託している%s(以下「委託先」)において、次の事案が発生いたしました。\n", subj, vendor_name->p);
  } else if (chance(50)) {
    jk_buf_printf(b, "%sにおいて、次の事案が発生いたしました。\n", subj);
  } else {
    jk_buf_puts(b, "個人情報に関わる事案が発生いたしました。\n");
  }
  put_lead(b, c->leads[pick(3)], f->thing);
  jk_buf_printf(b, "%s\n\n", PICK(apologies));

  put_section(b, sstyle, 1, (const char *[]){"経緯", "概要", "事案の概要"}[pick(3)]);
  jk_buf_printf(b, "%s\n", c->steps[pick(3)]);
  if (chance(60)) {
    put_date(b, incident + 1 + (long)pick(3), dstyle + 1);
    jk_buf_printf(b, "、%s\n", c->steps[pick(3)]);
  }
  if (f->vendor) jk_buf_puts(b, "委託先からの報告を受け、当社も事実関係の確認を進めております。\n");
  jk_buf_putc(b, '\n');

  put_section(b, sstyle, 2,
              (const char *[]){"漏えいした情報", "流出した可能性のある情報", "対象となる情報"}[pick(3)]);
  /* Counts: the later report often pins down what the first left open. */
  int unknown = f->seq == 1 && chance((unsigned)c->p_unknown);
  if (unknown) {
    jk_buf_printf(b, "%s ", c->groups[pick(3)]);
    put_kinds(b, f->dt);
    jk_buf_puts(b, "\n件数は現在調査中であり、判明次第お知らせいたします。\n");
    f->affected = -1;
  } else {
    long long v = 1;
    int e = c->lo + (int)pick((unsigned)(c->hi - c->lo + 1));
    for (int i = 0; i < e; i++) v *= 10;
    v = v + (long long)(rnd() % (uint64_t)(v * 9));
    if (c->card) {
      /* Card holders, and the (larger) set of members whose other data leaked. */
      jk_buf_printf(b, "(1)クレジットカード情報\n%s ", c->groups[pick(3)]);
      long long a = put_count(b, v, c->unit);
      jk_buf_putc(b, '\n');
      put_kinds(b, B(JK_DT_CARD) | B(JK_DT_NAME));
      jk_buf_puts(b, "\n(2)個人情報\n会員登録されたお客様 ");
      long long bb = put_count(b, v * (2 + (long long)pick(4)), c->unit);
      jk_buf_putc(b, '\n');
      put_kinds(b, f->dt & ~B(JK_DT_CARD));
      jk_buf_putc(b, '\n');
      f->affected = a > bb ? a : bb;
    } else {
      jk_buf_printf(b, "%s ", c->groups[pick(3)]);
      f->affected = put_count(b, v, c->unit);
      jk_buf_putc(b, '\n');
      put_kinds(b, f->dt);
      jk_buf_putc(b, '\n');
    }
  }
  if (!c->card && (is(c, "hacking") || is(c, "ransomware") || is(c, "misuse")) && chance(25))
    jk_buf_puts(b, "※クレジットカード情報は含まれておりません。\n");
  jk_buf_putc(b, '\n');

  put_section(b, sstyle, 3, "原因");
  jk_buf_printf(b, "%s\n\n", c->causes[pick(3)]);

  put_section(b, sstyle, 4, (const char *[]){"再発防止策", "今後の対応", "再発防止に向けた取り組み"}[pick(3)]);
  jk_buf_printf(b, "%s\n", c->measures[pick(3)]);
  if (chance(50)) jk_buf_printf(b, "%s\n", c->measures[pick(3)]);
  if (f->auth & B(JK_AUTH_PPC))
    jk_buf_puts(b, chance(50) ? "本件は個人情報保護委員会へ報告いたしました。\n" : "個人情報保護委員会には報告済みです。\n");
  if (f->auth & B(JK_AUTH_POLICE))
    jk_buf_puts(b, is(c, "loss") ? "また、警察に遺失届を提出しております。\n"
                                   : (chance(50) ? "所轄の警察署に被害を届け出ております。\n" : "警察に相談しており、捜査に協力してまいります。\n"));
  if (f->auth & B(JK_AUTH_PMARK))
    jk_buf_puts(b, "プライバシーマークの審査機関である一般財団法人日本情報経済社会推進協会(JIPDEC)にも報告しております。\n");
  if (f->auth & B(JK_AUTH_MINISTRY)) jk_buf_puts(b, "所管する総務省にも報告いたしました。\n");
  jk_buf_putc(b, '\n');
  if (chance(25)) to_fullwidth(b, body, tmp);
}

/* ---- posts that are not notices ---------------------------------------- */

static const char *const diary_lines[] = {
    "今回はあえて座席指定も手荷物も付けず、一番安い運賃を選んでみた。",
    "機材はいつもの小型ジェットで、前後の間隔はやや狭いが数時間なら我慢できる。",
    "離陸してしばらくすると雲が切れ、山並みがくっきりと見えた。",
    "機内販売のコーヒーは300円。紙コップが小さいのが少し残念。",
    "到着は定刻の10分前。バスでターミナルへ向かうと、むっとする暑さに迎えられた。",
    "次は同じ路線を逆向きに乗って、乗り継ぎなしで帰ってみたい。",
    "窓側の席からは、湾に沿って並ぶ工場の灯りがよく見えた。",
    "搭乗口が一番端だったので、ラウンジから十分近く歩くことになった。",
};
static const char *const tool_lines[] = {
    "キャプチャ系の定番。最初は自分の端末の通信だけを絞り込んで見るのがよい。",
    "ドメイン名を引くたびに何が起きているかを一行ずつ表示してくれる。",
    "自宅のルーターがどのポートを開けているかを確認する。他人の機器に使うのは厳禁。",
    "手元から目的地までの中継点を順に表示する。海外のサイトだと経路が急に長くなる。",
    "回線の実効速度を時間帯ごとに記録すると、夜に遅くなる様子がグラフで分かる。",
    "証明書の期限や発行元を一覧にする。期限切れ間近のものが意外と見つかる。",
    "ルーターの管理画面から記録を書き出して眺める。慣れると一日が終わる。",
};
static const char *const review_lines[] = {
    "分厚い本だが、章ごとに完結しているので通勤時間に少しずつ読み進められた。",
    "図が多く、手順を追いながら手を動かせるのがありがたい。",
    "後半の演習問題はかなり歯ごたえがあり、週末を二回ほど使った。",
    "索引が充実しているので、読み終えた後も辞書代わりに使っている。",
    "初版の誤植は著者のページで一覧になっているので、先に目を通しておくとよい。",
    "同じ著者の前作を読んでいなくても、問題なく理解できる構成になっている。",
};

/* Write a post that is not a notice; its heading has no breach words. */
static void gen_post(jk_buf *b) {
  switch (pick(3)) {
  case 0:
    jk_buf_printf(b, "【搭乗記】%sエア HK%u %s空港⇒%s空港\n\n\n", PICK(co_stems), 100 + pick(900), PICK(place_stems),
                  PICK(place_stems));
    for (int i = 0, n = 4 + (int)pick(4); i < n; i++) jk_buf_printf(b, "%s\n\n", PICK(diary_lines));
    break;
  case 1:
    jk_buf_printf(b, "週末に試したネットワーク観察ツール%u選\n\n\n", 5 + pick(5));
    for (int i = 0, n = 5 + (int)pick(3); i < n; i++) jk_buf_printf(b, "%d.%s\n\n", i + 1, PICK(tool_lines));
    jk_buf_puts(b, "どのツールも、使ってよいのは自分が管理している機器だけである。\n\n");
    break;
  default:
    jk_buf_printf(b, "【書評】%s%sの教科書\n\n\n", PICK(co_stems), (const char *[]){"ネットワーク", "暗号", "データベース"}[pick(3)]);
    for (int i = 0, n = 4 + (int)pick(3); i < n; i++) jk_buf_printf(b, "%s\n\n", PICK(review_lines));
    break;
  }
}

/* ---- gold labels -------------------------------------------------------- */

static void put_gold(FILE *g, const char *file, int line, const notice_facts *f) {
  jk_date pd = civil_from_days(f->days);
  fprintf(g, "{\"key\": \"%s:%d\", \"casebook_id\": \"%s\", \"org\": \"%s\", \"published\": \"%04d-%02d-%02d\", "
             "\"report_seq\": %d, \"category\": \"%s\", \"affected\": ",
          file, line, f->id, f->org, pd.y, pd.m, pd.d, f->seq, f->c->cat);
  if (f->affected < 0) fputs("null", g);
  else fprintf(g, "%lld", f->affected);
  fprintf(g, ", \"card\": %s, \"data_types\": [", f->c->card ? "true" : "false");
  /* Sorted by name, as SCHEMA.md asks. */
  const char *names[JK_DT_COUNT];
  int n = 0;
  for (int t = 0; t < JK_DT_COUNT; t++)
    if (f->dt & B(t)) names[n++] = jk_data_type_name((jk_data_type)t);
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char *s = names[j];
      names[j] = names[j - 1];
      names[j - 1] = s;
    }
  for (int i = 0; i < n; i++) fprintf(g, "%s\"%s\"", i ? ", " : "", names[i]);
  fputs("], \"reported_to\": [", g);
  n = 0;
  for (int a = 0; a < JK_AUTH_COUNT; a++)
    if (f->auth & B(a)) names[n++] = jk_authority_name((jk_authority)a);
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      const char *s = names[j];
      names[j] = names[j - 1];
      names[j - 1] = s;
    }
  for (int i = 0; i < n; i++) fprintf(g, "%s\"%s\"", i ? ", " : "", names[i]);
  fprintf(g, "], \"vendor\": %s, \"anomalies\": []}\n", f->vendor ? "true" : "false");
}

/* ---- pages and files ---------------------------------------------------- */

static const char usage[] =
    "usage: gen_corpus (--mb N | --notices N) [--notices-per-file K] [--seed S]\n"
    "                  [--out DIR] [--gold FILE] [--quiet]\n"
    "\n"
    "Write deterministic, fictional casebook pages of breach notices.\n"
    "  --mb N               stop after N MB (10^6 bytes), at a notice boundary\n"
    "  --notices N          stop after N notices\n"
    "  --notices-per-file K notices per page/file (default 20)\n"
    "  --seed S             random seed (default 1); same arguments, same bytes\n"
    "  --out DIR            write DIR/gen-NNNNNN.txt and DIR/manifest.tsv (else stdout)\n"
    "  --gold FILE          write gold labels (SCHEMA.md JSON Lines) for every notice\n"
    "  --quiet              no summary on stderr\n";

static int count_lines(const char *p, size_t n) {
  int k = 0;
  for (size_t i = 0; i < n; i++) k += p[i] == '\n';
  return k;
}

int main(int argc, char **argv) {
  static const struct option opts[] = {{"mb", required_argument, 0, 'm'},
                                       {"notices", required_argument, 0, 'n'},
                                       {"notices-per-file", required_argument, 0, 'k'},
                                       {"seed", required_argument, 0, 's'},
                                       {"out", required_argument, 0, 'o'},
                                       {"gold", required_argument, 0, 'g'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"help", no_argument, 0, 'h'},
                                       {0, 0, 0, 0}};
  double mb = 0;
  long long max_notices = 0;
  long per_file = 20;
  uint64_t seed = 1;
  const char *out_dir = NULL, *gold_path = NULL;
  int quiet = 0, o;
  while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
    switch (o) {
    case 'm': mb = strtod(optarg, NULL); break;
    case 'n': max_notices = strtoll(optarg, NULL, 10); break;
    case 'k': per_file = strtol(optarg, NULL, 10); break;
    case 's': seed = strtoull(optarg, NULL, 10); break;
    case 'o': out_dir = optarg; break;
    case 'g': gold_path = optarg; break;
    case 'q': quiet = 1; break;
    case 'h': fputs(usage, stdout); return 0;
    default: fputs(usage, stderr); return 2;
    }
  }
  if ((mb <= 0 && max_notices <= 0) || per_file < 1 || optind != argc) {
    fputs(usage, stderr);
    return 2;
  }
  if (gold_path && !out_dir) {
    fprintf(stderr, "gen_corpus: --gold needs --out (gold keys name the files)\n");
    return 2;
  }
  rng_state = seed * 0x2545F4914F6CDD1Dull + 1;
  long long max_bytes = mb > 0 ? (long long)(mb * 1e6) : 0;

  FILE *manifest = NULL, *gold = NULL;
  if (out_dir) {
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
      fprintf(stderr, "gen_corpus: cannot create %s: %s\n", out_dir, strerror(errno));
      return 1;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/manifest.tsv", out_dir);
    manifest = fopen(path, "w");
    if (!manifest) {
      fprintf(stderr, "gen_corpus: cannot write %s: %s\n", path, strerror(errno));
      return 1;
    }
    fputs("file\tnotices\tposts\tbytes\n", manifest);
  }
  if (gold_path && !(gold = fopen(gold_path, "w"))) {
    fprintf(stderr, "gen_corpus: cannot write %s: %s\n", gold_path, strerror(errno));
    return 1;
  }

  jk_buf page, tmp, vname;
  jk_buf_init(&page);
  jk_buf_init(&tmp);
  jk_buf_init(&vname);
  notice_facts *facts = calloc((size_t)per_file, sizeof *facts);
  int *lines = calloc((size_t)per_file, sizeof *lines);
  if (!facts || !lines) return 1;
  int serial_by_year[10] = {0};
  long long total_bytes = 0, total_notices = 0, total_posts = 0;
  long files = 0;
  int status = 0;

  for (int done = 0; !done;) {
    jk_buf_reset(&page);
    int nf = 0, posts = 0;
    if (chance(30)) { /* a post before the first notice */
      gen_post(&page);
      posts++;
    }
    for (long i = 0; i < per_file; i++) {
      if (i > 0 && chance(3)) { /* a post between notices */
        gen_post(&page);
        posts++;
      }
      const notice_facts *prev = NULL;
      if (nf > 0 && chance(8)) prev = &facts[pick((unsigned)nf)];
      lines[nf] = count_lines(page.p, page.len) + 1;
      gen_notice(&page, &facts[nf], prev, serial_by_year, &tmp, &vname);
      nf++;
      if ((max_notices && total_notices + nf >= max_notices) ||
          (max_bytes && total_bytes + (long long)page.len >= max_bytes)) {
        done = 1;
        break;
      }
    }
    if (page.oom) {
      fprintf(stderr, "gen_corpus: out of memory\n");
      status = 1;
      break;
    }
    char name[64];
    snprintf(name, sizeof name, "gen-%06ld.txt", files + 1);
    FILE *f = stdout;
    if (out_dir) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", out_dir, name);
      if (!(f = fopen(path, "w"))) {
        fprintf(stderr, "gen_corpus: cannot write %s: %s\n", path, strerror(errno));
        status = 1;
        break;
      }
    }
    if (fwrite(page.p, 1, page.len, f) != page.len) status = 1;
    if (out_dir && fclose(f) != 0) status = 1;
    if (status) {
      fprintf(stderr, "gen_corpus: write failed: %s\n", strerror(errno));
      break;
    }
    if (manifest) fprintf(manifest, "%s\t%d\t%d\t%zu\n", name, nf, posts, page.len);
    if (gold)
      for (int i = 0; i < nf; i++) put_gold(gold, name, lines[i], &facts[i]);
    files++;
    total_bytes += (long long)page.len;
    total_notices += nf;
    total_posts += posts;
  }
  if (manifest && fclose(manifest) != 0) status = 1;
  if (gold && fclose(gold) != 0) status = 1;
  if (!out_dir && fflush(stdout) != 0) status = 1;
  if (!quiet)
    fprintf(stderr, "gen_corpus: %ld pages, %lld notices, %lld other posts, %lld bytes\n", files, total_notices,
            total_posts, total_bytes);
  jk_buf_free(&page);
  jk_buf_free(&tmp);
  jk_buf_free(&vname);
  free(facts);
  free(lines);
  return status;
}
