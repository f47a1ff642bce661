/*
** vocab.c — the vocabularies, as data.
**
** Every phrase that means something to an extractor is in a table here,
** so that a reviewer can read what the machine looks for, and a change of
** wording is a change of one line.  Phrases are in NFKC form (the text is
** normalised before it is searched): ASCII digits and brackets, half-width
** spaces, ~ for the wave dash.
**
** Weights are relative strengths of a cue (1 weak … 12 decisive).  The
** extractors add them up, with more weight for the heading and the cause
** section (原因), and pick the strongest reading.
*/
#include "jk_int.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- names of the enums (SCHEMA.md spelling) ------------------------- */

static const char *const category_names[JK_CAT_COUNT] = {
    "other",   "misdelivery", "misconfiguration", "publishing_error", "programming_error",
    "loss",    "hacking",     "ransomware",       "malware",          "misuse",
    "theft"};

const char *jk_category_name(jk_category c) {
  return (unsigned)c < JK_CAT_COUNT ? category_names[c] : "other";
}

int jk_category_parse(const char *s) {
  for (int i = 0; i < JK_CAT_COUNT; i++)
    if (strcmp(s, category_names[i]) == 0) return i;
  return -1;
}

static const char *const field_names[JK_F_COUNT] = {
    "casebook_id", "org",  "published",  "report_seq",  "category",
    "affected",    "card", "data_types", "reported_to", "vendor"};

const char *jk_field_name(jk_field f) {
  return (unsigned)f < JK_F_COUNT ? field_names[f] : "?";
}

int jk_field_parse(const char *s) {
  for (int i = 0; i < JK_F_COUNT; i++)
    if (strcmp(s, field_names[i]) == 0) return i;
  return -1;
}

static const char *const data_type_names[JK_DT_COUNT] = {
    "name",     "address",  "phone",    "email",  "birthdate", "gender",
    "card",     "password", "login_id", "mynumber", "bank",    "health",
    "employment", "school", "message",  "location", "other"};

const char *jk_data_type_name(jk_data_type t) {
  return (unsigned)t < JK_DT_COUNT ? data_type_names[t] : "other";
}

int jk_data_type_parse(const char *s) {
  for (int i = 0; i < JK_DT_COUNT; i++)
    if (strcmp(s, data_type_names[i]) == 0) return i;
  return -1;
}

static const char *const authority_names[JK_AUTH_COUNT] = {"ministry", "pmark", "police", "ppc"};

const char *jk_authority_name(jk_authority a) {
  return (unsigned)a < JK_AUTH_COUNT ? authority_names[a] : "?";
}

int jk_authority_parse(const char *s) {
  for (int i = 0; i < JK_AUTH_COUNT; i++)
    if (strcmp(s, authority_names[i]) == 0) return i;
  return -1;
}

/* ---- causes (VERIS-aligned; SCHEMA.md "category") ---------------------- */

const jk_phrase jk_cause_phrases[] = {
    /* Misdelivery: mail, fax, post to the wrong people, or CC for BCC. */
    {"誤送信", JK_CAT_MISDELIVERY, 8},
    {"誤送付", JK_CAT_MISDELIVERY, 8},
    {"誤配信", JK_CAT_MISDELIVERY, 8},
    {"誤発送", JK_CAT_MISDELIVERY, 8},
    {"誤配布", JK_CAT_MISDELIVERY, 6},
    {"誤交付", JK_CAT_MISDELIVERY, 6},
    {"誤封入", JK_CAT_MISDELIVERY, 8},
    {"誤配達", JK_CAT_MISDELIVERY, 6},
    {"誤配送", JK_CAT_MISDELIVERY, 8},
    {"誤って送信", JK_CAT_MISDELIVERY, 6},
    {"誤って送付", JK_CAT_MISDELIVERY, 6},
    {"誤って送ら", JK_CAT_MISDELIVERY, 6},
    {"誤ってメール", JK_CAT_MISDELIVERY, 6},
    {"誤った番号", JK_CAT_MISDELIVERY, 4},
    {"宛先を誤", JK_CAT_MISDELIVERY, 6},
    {"BCC", JK_CAT_MISDELIVERY, 6},
    {"Bcc", JK_CAT_MISDELIVERY, 6},
    {"bcc", JK_CAT_MISDELIVERY, 6},
    {"CC欄", JK_CAT_MISDELIVERY, 4},
    {"宛先(to)", JK_CAT_MISDELIVERY, 6},
    {"同報者", JK_CAT_MISDELIVERY, 8},
    {"メールアドレスが分かる状態", JK_CAT_MISDELIVERY, 8},
    {"メールアドレスが表示される", JK_CAT_MISDELIVERY, 6},
    {"メールアドレスが見える", JK_CAT_MISDELIVERY, 6},
    {"一斉送信", JK_CAT_MISDELIVERY, 3},
    /* …by post or by hand: the wrong letter in the envelope, the wrong person. */
    {"封入誤り", JK_CAT_MISDELIVERY, 8},
    {"封入ミス", JK_CAT_MISDELIVERY, 8},
    {"誤って同封", JK_CAT_MISDELIVERY, 8},
    {"誤同封", JK_CAT_MISDELIVERY, 8},
    {"同封して", JK_CAT_MISDELIVERY, 3},
    {"宛名の異なる", JK_CAT_MISDELIVERY, 6},
    {"別の方に送付", JK_CAT_MISDELIVERY, 8},
    {"別の方へ送付", JK_CAT_MISDELIVERY, 8},
    {"別の方に郵送", JK_CAT_MISDELIVERY, 8},
    {"別の方に交付", JK_CAT_MISDELIVERY, 8},
    {"別の方に渡", JK_CAT_MISDELIVERY, 6},
    {"別人に送付", JK_CAT_MISDELIVERY, 8},
    {"誤って郵送", JK_CAT_MISDELIVERY, 8},
    {"誤郵送", JK_CAT_MISDELIVERY, 8},
    {"誤って配布", JK_CAT_MISDELIVERY, 6},
    {"誤って交付", JK_CAT_MISDELIVERY, 6},
    {"誤ってお渡し", JK_CAT_MISDELIVERY, 6},
    {"誤ってFAX", JK_CAT_MISDELIVERY, 8},
    {"FAXを誤", JK_CAT_MISDELIVERY, 6},
    {"FAX番号を誤", JK_CAT_MISDELIVERY, 8},
    {"誤ってファクス", JK_CAT_MISDELIVERY, 8},
    {"送信先を誤", JK_CAT_MISDELIVERY, 8},
    {"送付先を誤", JK_CAT_MISDELIVERY, 8},
    {"宛先の誤り", JK_CAT_MISDELIVERY, 8},
    {"アドレスを誤", JK_CAT_MISDELIVERY, 6},
    {"入力を誤り", JK_CAT_MISDELIVERY, 2},
    {"誤配付", JK_CAT_MISDELIVERY, 8},
    {"誤って配付", JK_CAT_MISDELIVERY, 6},
    {"別の保護者に", JK_CAT_MISDELIVERY, 4},
    {"別のお客様に届", JK_CAT_MISDELIVERY, 8},
    {"別のお客様のもと", JK_CAT_MISDELIVERY, 6},
    {"伝票を取り違", JK_CAT_MISDELIVERY, 8},
    {"取り違えて", JK_CAT_MISDELIVERY, 3},
    {"貼り間違", JK_CAT_MISDELIVERY, 6},
    {"貼り違", JK_CAT_MISDELIVERY, 6},
    {"宛名ラベルを貼付", JK_CAT_MISDELIVERY, 6},
    {"送信先の設定誤り", JK_CAT_MISDELIVERY, 10}, /* a wrong recipient set up, not a system's setting */
    {"送付先の設定誤り", JK_CAT_MISDELIVERY, 10},
    {"宛名誤り", JK_CAT_MISDELIVERY, 8},
    {"宛名の誤り", JK_CAT_MISDELIVERY, 8},
    {"別の方の情報が印刷", JK_CAT_MISDELIVERY, 6},
    /* papers put in with others: 回覧文書に名簿が混入 (混入 alone is data mixed by a defect) */
    {"名簿が混入", JK_CAT_MISDELIVERY, 6},    {"名簿が誤って混入", JK_CAT_MISDELIVERY, 6},
    {"書類が混入", JK_CAT_MISDELIVERY, 6},    {"書類が誤って混入", JK_CAT_MISDELIVERY, 6},
    {"メールアドレスの誤表示", JK_CAT_MISDELIVERY, 8}, /* addresses shown to every recipient */
    /* another person's data printed on what was sent: 別の納税義務者の氏名が印字 */
    {"誤記載", JK_CAT_MISDELIVERY, 3},
    {"印字されていました", JK_CAT_MISDELIVERY, 3},
    /* …the address fields of a mail set wrong: still a misdelivery. */
    {"宛先設定", JK_CAT_MISDELIVERY, 10},
    {"宛先の設定を誤", JK_CAT_MISDELIVERY, 10},

    /* Misconfiguration: settings, sharing, access scopes. */
    {"設定ミス", JK_CAT_MISCONFIGURATION, 8},
    {"設定誤り", JK_CAT_MISCONFIGURATION, 8},
    {"設定の誤り", JK_CAT_MISCONFIGURATION, 8},
    {"設定を誤", JK_CAT_MISCONFIGURATION, 8},
    {"設定に誤り", JK_CAT_MISCONFIGURATION, 8},
    {"設定不備", JK_CAT_MISCONFIGURATION, 8},
    {"設定の不備", JK_CAT_MISCONFIGURATION, 8},
    {"設定に不備", JK_CAT_MISCONFIGURATION, 8},
    {"設定が不十分", JK_CAT_MISCONFIGURATION, 8},
    {"誤設定", JK_CAT_MISCONFIGURATION, 8},
    {"設定漏れ", JK_CAT_MISCONFIGURATION, 8},
    {"参照範囲", JK_CAT_MISCONFIGURATION, 6},
    {"閲覧権限", JK_CAT_MISCONFIGURATION, 4},
    {"アクセス権限の設定", JK_CAT_MISCONFIGURATION, 6},
    {"権限設定", JK_CAT_MISCONFIGURATION, 6},
    {"公開設定", JK_CAT_MISCONFIGURATION, 6},
    {"「公開」の設定", JK_CAT_MISCONFIGURATION, 8},
    {"プライバシー設定", JK_CAT_MISCONFIGURATION, 6},
    {"結果の概要を表示", JK_CAT_MISCONFIGURATION, 10},
    {"前の回答を表示", JK_CAT_MISCONFIGURATION, 8},
    {"編集用のURL", JK_CAT_MISCONFIGURATION, 6},
    {"編集用URL", JK_CAT_MISCONFIGURATION, 6},
    {"未保護", JK_CAT_MISCONFIGURATION, 6},
    {"アクセス制限", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧できる状態", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧可能な状態", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧可能となって", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧できるよう", JK_CAT_MISCONFIGURATION, 2},
    {"閲覧可能と", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧可能な状況", JK_CAT_MISCONFIGURATION, 3},
    {"閲覧できる状況", JK_CAT_MISCONFIGURATION, 3},
    {"参加者として登録", JK_CAT_MISCONFIGURATION, 6},
    {"Googleフォーム", JK_CAT_MISCONFIGURATION, 4},
    {"Google フォーム", JK_CAT_MISCONFIGURATION, 4},
    {"google forms", JK_CAT_MISCONFIGURATION, 4},
    {"Google Forms", JK_CAT_MISCONFIGURATION, 4},
    {"共有設定", JK_CAT_MISCONFIGURATION, 6},
    {"共有リンク", JK_CAT_MISCONFIGURATION, 5},
    {"リンクを知っている", JK_CAT_MISCONFIGURATION, 6},
    {"公開範囲", JK_CAT_MISCONFIGURATION, 5},
    {"アクセス権の設定", JK_CAT_MISCONFIGURATION, 6},
    {"権限の設定", JK_CAT_MISCONFIGURATION, 6},
    {"誰でも閲覧", JK_CAT_MISCONFIGURATION, 4},
    {"表示できる設定", JK_CAT_MISCONFIGURATION, 8},
    {"閲覧できる設定", JK_CAT_MISCONFIGURATION, 8},
    {"初期状態に戻", JK_CAT_MISCONFIGURATION, 8}, /* a setting reset by an update */
    {"初期設定に戻", JK_CAT_MISCONFIGURATION, 8},

    /* Publishing error: posted where others can read; masking undone. */
    {"誤掲載", JK_CAT_PUBLISHING_ERROR, 8},
    {"誤掲示", JK_CAT_PUBLISHING_ERROR, 8},  /* a notice board is a page too */
    {"掲示していた", JK_CAT_PUBLISHING_ERROR, 4},
    {"あわせて掲載", JK_CAT_PUBLISHING_ERROR, 5},
    {"掲載すべきところ", JK_CAT_PUBLISHING_ERROR, 6},
    {"誤って掲載", JK_CAT_PUBLISHING_ERROR, 8},
    {"誤って公開", JK_CAT_PUBLISHING_ERROR, 6},
    {"掲載していた", JK_CAT_PUBLISHING_ERROR, 4},
    {"掲載されていた", JK_CAT_PUBLISHING_ERROR, 4},
    {"公表していた", JK_CAT_PUBLISHING_ERROR, 4},
    {"ホームページ上に公開", JK_CAT_PUBLISHING_ERROR, 5},
    {"外部公開", JK_CAT_PUBLISHING_ERROR, 5},
    {"GitHub", JK_CAT_PUBLISHING_ERROR, 8},   /* code and its secrets in a public repository */
    {"黒塗り", JK_CAT_PUBLISHING_ERROR, 8},
    {"マスキング", JK_CAT_PUBLISHING_ERROR, 6},
    {"非表示", JK_CAT_PUBLISHING_ERROR, 4},
    {"アップロード", JK_CAT_PUBLISHING_ERROR, 3},
    {"データの保存場所", JK_CAT_PUBLISHING_ERROR, 4},
    {"ホームページに掲載", JK_CAT_PUBLISHING_ERROR, 4},
    {"ウェブサイトに掲載", JK_CAT_PUBLISHING_ERROR, 4},
    {"ホームページ上に掲載", JK_CAT_PUBLISHING_ERROR, 4},
    {"誤って投稿", JK_CAT_PUBLISHING_ERROR, 6},
    {"写り込", JK_CAT_PUBLISHING_ERROR, 6},
    {"映り込", JK_CAT_PUBLISHING_ERROR, 6},
    {"投稿した写真", JK_CAT_PUBLISHING_ERROR, 4},
    {"掲載した写真", JK_CAT_PUBLISHING_ERROR, 4},
    {"情報の掲載", JK_CAT_PUBLISHING_ERROR, 5},
    {"紙面化", JK_CAT_PUBLISHING_ERROR, 6},
    {"紙面に掲載", JK_CAT_PUBLISHING_ERROR, 6},
    {"掲載した内容", JK_CAT_PUBLISHING_ERROR, 4},

    /* Programming error: defects in software. */
    {"システム不具合", JK_CAT_PROGRAMMING_ERROR, 8},
    {"システムの不具合", JK_CAT_PROGRAMMING_ERROR, 8},
    {"プログラムの不具合", JK_CAT_PROGRAMMING_ERROR, 8},
    {"不具合", JK_CAT_PROGRAMMING_ERROR, 5},
    {"バグ", JK_CAT_PROGRAMMING_ERROR, 8},
    {"設計不備", JK_CAT_PROGRAMMING_ERROR, 8},
    {"プログラムの不備", JK_CAT_PROGRAMMING_ERROR, 8},
    {"プログラム", JK_CAT_PROGRAMMING_ERROR, 2},
    {"同時ログイン", JK_CAT_PROGRAMMING_ERROR, 8},
    {"同時にログイン", JK_CAT_PROGRAMMING_ERROR, 8},
    {"別のお客様の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"他のお客さまの情報が表示", JK_CAT_PROGRAMMING_ERROR, 6},
    {"他のお客さまの注文履歴", JK_CAT_PROGRAMMING_ERROR, 6},
    {"データ加工ミス", JK_CAT_PROGRAMMING_ERROR, 8},
    {"システム障害", JK_CAT_PROGRAMMING_ERROR, 4},
    {"混入", JK_CAT_PROGRAMMING_ERROR, 3},
    {"残置", JK_CAT_PROGRAMMING_ERROR, 6},
    {"表示されてしまう", JK_CAT_PROGRAMMING_ERROR, 4},
    {"アップデート", JK_CAT_PROGRAMMING_ERROR, 2},
    {"誤表示", JK_CAT_PROGRAMMING_ERROR, 6},
    {"異なる個人情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"異なる情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"以外のお客様の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"入力された内容が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"表示される現象", JK_CAT_PROGRAMMING_ERROR, 6},
    {"悪用された形跡は", JK_CAT_PROGRAMMING_ERROR, 10},
    {"システム改修", JK_CAT_PROGRAMMING_ERROR, 6},
    {"改修時", JK_CAT_PROGRAMMING_ERROR, 5},
    {"改修作業", JK_CAT_PROGRAMMING_ERROR, 5},
    {"プログラムの誤り", JK_CAT_PROGRAMMING_ERROR, 8},
    {"プログラムに誤り", JK_CAT_PROGRAMMING_ERROR, 8},
    {"処理に誤り", JK_CAT_PROGRAMMING_ERROR, 8},
    {"処理の誤り", JK_CAT_PROGRAMMING_ERROR, 8},
    {"改修に誤り", JK_CAT_PROGRAMMING_ERROR, 8},
    {"送信機能の不具合", JK_CAT_PROGRAMMING_ERROR, 8},
    /* a change that made the system show others' data, told as a story */
    {"改修以降", JK_CAT_PROGRAMMING_ERROR, 6},
    {"改修後", JK_CAT_PROGRAMMING_ERROR, 5},
    {"改修の際", JK_CAT_PROGRAMMING_ERROR, 5},
    {"新しい版に切り替え", JK_CAT_PROGRAMMING_ERROR, 6},
    {"別のお客様の", JK_CAT_PROGRAMMING_ERROR, 2},
    {"入れ替わ", JK_CAT_PROGRAMMING_ERROR, 3},
    {"プログラムが", JK_CAT_PROGRAMMING_ERROR, 5},
    {"改修において", JK_CAT_PROGRAMMING_ERROR, 5},
    {"改修の際", JK_CAT_PROGRAMMING_ERROR, 5},
    {"改修後", JK_CAT_PROGRAMMING_ERROR, 4},
    {"プログラムミス", JK_CAT_PROGRAMMING_ERROR, 8},
    {"処理の誤り", JK_CAT_PROGRAMMING_ERROR, 6},
    {"抽出条件", JK_CAT_PROGRAMMING_ERROR, 5},
    {"他の利用者の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"他の会員の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"他のユーザーの情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"別の利用者の", JK_CAT_PROGRAMMING_ERROR, 4},
    {"キャッシュ", JK_CAT_PROGRAMMING_ERROR, 4},
    {"データ移行", JK_CAT_PROGRAMMING_ERROR, 4},
    {"第三者の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"他者の情報が表示", JK_CAT_PROGRAMMING_ERROR, 8},
    {"他のご利用者", JK_CAT_PROGRAMMING_ERROR, 5},
    {"特定の条件下で", JK_CAT_PROGRAMMING_ERROR, 4},

    /* Loss. */
    {"紛失", JK_CAT_LOSS, 10},
    {"置き忘れ", JK_CAT_LOSS, 8},
    {"所在不明", JK_CAT_LOSS, 8},
    {"滅失", JK_CAT_LOSS, 8},
    {"誤廃棄", JK_CAT_LOSS, 8},
    {"誤って廃棄", JK_CAT_LOSS, 8},
    {"見当たらない", JK_CAT_LOSS, 6},
    {"亡失", JK_CAT_LOSS, 8},
    {"遺失", JK_CAT_LOSS, 8},
    {"置忘れ", JK_CAT_LOSS, 8},
    {"落とし", JK_CAT_LOSS, 4},
    {"所在が不明", JK_CAT_LOSS, 8},
    {"誤って破棄", JK_CAT_LOSS, 8},
    {"誤って処分", JK_CAT_LOSS, 8},
    {"誤って溶解", JK_CAT_LOSS, 8},
    {"散逸", JK_CAT_LOSS, 8},

    /* Hacking. */
    {"不正アクセス", JK_CAT_HACKING, 6},
    {"不正ログイン", JK_CAT_HACKING, 6},
    /* a phishing page or a list attack, told as a story */
    {"を装ったページ", JK_CAT_HACKING, 8},
    {"ログイン画面を装", JK_CAT_HACKING, 8},
    {"ログインの試み", JK_CAT_HACKING, 8},
    {"ログイン試行", JK_CAT_HACKING, 8},
    {"ログインが成立", JK_CAT_HACKING, 8},
    {"不正侵入", JK_CAT_HACKING, 5},
    {"不正通信", JK_CAT_HACKING, 5},
    {"脆弱性", JK_CAT_HACKING, 4},
    {"改ざん", JK_CAT_HACKING, 6},
    {"サイバー攻撃", JK_CAT_HACKING, 5},
    {"外部攻撃", JK_CAT_HACKING, 5},
    {"外部からの攻撃", JK_CAT_HACKING, 5},
    {"SQLインジェクション", JK_CAT_HACKING, 8},
    {"ブルートフォース", JK_CAT_HACKING, 6},
    {"リスト型攻撃", JK_CAT_HACKING, 8},
    {"パスワードリスト攻撃", JK_CAT_HACKING, 8},
    {"なりすましログイン", JK_CAT_HACKING, 8},
    {"侵入", JK_CAT_HACKING, 2},
    {"ハッキング", JK_CAT_HACKING, 6},
    {"遠隔操作", JK_CAT_HACKING, 6},      /* サポート詐欺: remote access */
    {"サポート詐欺", JK_CAT_HACKING, 8},
    {"フィッシング", JK_CAT_HACKING, 6},
    {"偽のログイン", JK_CAT_HACKING, 3},  /* phishing, in other words */
    {"偽サイト", JK_CAT_HACKING, 3},
    {"偽のサイト", JK_CAT_HACKING, 3},
    {"偽のページ", JK_CAT_HACKING, 3},
    {"偽のウェブサイト", JK_CAT_HACKING, 3},
    {"を装ったメール", JK_CAT_HACKING, 3},
    {"乗っ取", JK_CAT_HACKING, 6},
    {"不正に取得", JK_CAT_HACKING, 3},
    {"総当たり", JK_CAT_HACKING, 6},
    {"不正に操作", JK_CAT_HACKING, 4},

    /* Ransomware. */
    {"ランサムウェア", JK_CAT_RANSOMWARE, 12},
    {"ランサム", JK_CAT_RANSOMWARE, 4},
    {"データが暗号化", JK_CAT_RANSOMWARE, 8},
    {"ファイルが暗号化", JK_CAT_RANSOMWARE, 8},
    {"暗号化され", JK_CAT_RANSOMWARE, 4},
    {"身代金", JK_CAT_RANSOMWARE, 12}, /* a ransom note is ransomware, whatever else is said */
    {"金銭を要求", JK_CAT_RANSOMWARE, 12},
    {"読めない状態にされ", JK_CAT_RANSOMWARE, 8},

    /* Malware other than ransomware. */
    {"マルウェア", JK_CAT_MALWARE, 8},
    {"ウイルス感染", JK_CAT_MALWARE, 8},
    {"ウイルスに感染", JK_CAT_MALWARE, 8},
    {"ウィルス感染", JK_CAT_MALWARE, 8},
    {"コンピュータウイルス", JK_CAT_MALWARE, 6},
    {"Emotet", JK_CAT_MALWARE, 10},
    {"エモテット", JK_CAT_MALWARE, 10},
    /* a program fetched and run that sent files out */
    {"を入手して実行", JK_CAT_MALWARE, 8},
    {"ダウンロードして実行", JK_CAT_MALWARE, 8},
    {"不審なプログラム", JK_CAT_MALWARE, 8},
    {"外部に送る働き", JK_CAT_MALWARE, 8},
    {"トロイの木馬", JK_CAT_MALWARE, 8},
    {"感染", JK_CAT_MALWARE, 2},
    {"不正なプログラム", JK_CAT_MALWARE, 6},
    {"ウイルス", JK_CAT_MALWARE, 3},

    /* Misuse by insiders. */
    {"不正に持ち出", JK_CAT_MISUSE, 10},
    {"持ち出し", JK_CAT_MISUSE, 5},
    {"持ち出した", JK_CAT_MISUSE, 5},
    {"私的に利用", JK_CAT_MISUSE, 10},
    {"私的利用", JK_CAT_MISUSE, 10},
    {"私的な", JK_CAT_MISUSE, 4},
    {"内部不正", JK_CAT_MISUSE, 10},
    {"目的外利用", JK_CAT_MISUSE, 8},
    {"元派遣社員", JK_CAT_MISUSE, 8},
    {"元従業員", JK_CAT_MISUSE, 6},
    {"元社員", JK_CAT_MISUSE, 6},
    {"元職員", JK_CAT_MISUSE, 6},
    {"元研究職員", JK_CAT_MISUSE, 6},
    {"不正競争防止法", JK_CAT_MISUSE, 8},
    {"横領", JK_CAT_MISUSE, 6},
    {"名簿業者", JK_CAT_MISUSE, 6},
    {"自身のSNS", JK_CAT_MISUSE, 8},    /* staff posting what they saw at work */
    {"個人のSNS", JK_CAT_MISUSE, 8},
    {"無断で", JK_CAT_MISUSE, 3},
    {"個人的に", JK_CAT_MISUSE, 3},
    {"不正に閲覧", JK_CAT_MISUSE, 3},
    {"業務上の必要性がない", JK_CAT_MISUSE, 6},
    {"不正な保管", JK_CAT_MISUSE, 8},
    {"業務外", JK_CAT_MISUSE, 6},
    {"不正閲覧", JK_CAT_MISUSE, 8},
    {"権限を悪用", JK_CAT_MISUSE, 10},
    {"第三者に売却", JK_CAT_MISUSE, 8},
    {"不正な閲覧", JK_CAT_MISUSE, 8},
    {"業務上の必要がない", JK_CAT_MISUSE, 6},
    {"業務上必要のない", JK_CAT_MISUSE, 6},
    {"業務上の必要なく", JK_CAT_MISUSE, 6},
    {"業務目的外", JK_CAT_MISUSE, 8},
    {"目的外で", JK_CAT_MISUSE, 6},
    {"目的外に", JK_CAT_MISUSE, 6},
    {"無断で閲覧", JK_CAT_MISUSE, 8},
    {"無断で持ち出", JK_CAT_MISUSE, 10},
    {"無断で複製", JK_CAT_MISUSE, 8},
    {"私的に閲覧", JK_CAT_MISUSE, 10},
    {"興味本位", JK_CAT_MISUSE, 8},
    {"業務と関係なく", JK_CAT_MISUSE, 8},
    {"業務とは関係なく", JK_CAT_MISUSE, 8},
    {"業務とは無関係", JK_CAT_MISUSE, 8},
    {"知人から依頼", JK_CAT_MISUSE, 6},
    {"知人に依頼され", JK_CAT_MISUSE, 6},
    {"業務に関係なく", JK_CAT_MISUSE, 8},
    {"売却", JK_CAT_MISUSE, 4},
    {"転売", JK_CAT_MISUSE, 4},

    /* Physical theft. */
    {"盗難", JK_CAT_THEFT, 10},
    {"盗まれ", JK_CAT_THEFT, 10},
    {"窃盗", JK_CAT_THEFT, 8},
    {"車上荒らし", JK_CAT_THEFT, 10},
    {"置き引き", JK_CAT_THEFT, 8},
    {"ひったくり", JK_CAT_THEFT, 8},
    {"空き巣", JK_CAT_THEFT, 8},
    {"車上狙い", JK_CAT_THEFT, 10},
    {"持ち去られ", JK_CAT_THEFT, 8},

    /* Not a breach of the issuer's data: fraud, arrests of others. */
    {"詐欺事件", JK_CAT_OTHER, 6},
};
const size_t jk_cause_phrases_n = N(jk_cause_phrases);

/* ---- kinds of personal data (SCHEMA.md "data_types") ------------------ */

const jk_phrase jk_data_phrases[] = {
    {"氏名", JK_DT_NAME, 1},         {"お名前", JK_DT_NAME, 1},       {"名前", JK_DT_NAME, 1},
    {"姓名", JK_DT_NAME, 1},         {"フリガナ", JK_DT_NAME, 1},     {"ふりがな", JK_DT_NAME, 1},
    {"宛名", JK_DT_NAME, 1},         {"姓、名", JK_DT_NAME, 1},       {"者名", JK_DT_NAME, 1},
    {"者様名", JK_DT_NAME, 1},       {"個人名", JK_DT_NAME, 1},       {"契約名義", JK_DT_NAME, 1},

    {"住所", JK_DT_ADDRESS, 1},      {"郵便番号", JK_DT_ADDRESS, 1},  {"居住地", JK_DT_ADDRESS, 1},
    {"お届け先", JK_DT_ADDRESS, 1},  {"市区町村名", JK_DT_ADDRESS, 1},  {"在住市町", JK_DT_ADDRESS, 1},  {"在住地", JK_DT_ADDRESS, 1},
    {"所在地", JK_DT_ADDRESS, 1},    {"お住まいの市町村", JK_DT_ADDRESS, 1}, {"お住まいの地区", JK_DT_ADDRESS, 1},
    {"お住まいの地域", JK_DT_ADDRESS, 1}, {"お住まいの区", JK_DT_ADDRESS, 1}, {"お住まいの町", JK_DT_ADDRESS, 1},
    {"お住まいの市区町村", JK_DT_ADDRESS, 1}, {"お住まいの都道府県", JK_DT_ADDRESS, 1},

    {"電話番号", JK_DT_PHONE, 1},    {"携帯番号", JK_DT_PHONE, 1},    {"携帯電話番号", JK_DT_PHONE, 1},
    {"お電話", JK_DT_PHONE, 1},      {"FAX番号", JK_DT_PHONE, 1},     {"FAX 番号", JK_DT_PHONE, 1},
    {"連絡先電話", JK_DT_PHONE, 1},  {"連絡先", JK_DT_PHONE, 1},  {"電話・", JK_DT_PHONE, 1},

    {"メールアドレス", JK_DT_EMAIL, 1}, {"Eメールアドレス", JK_DT_EMAIL, 1}, {"Emailアドレス", JK_DT_EMAIL, 1},
    {"E-mail", JK_DT_EMAIL, 1},

    {"生年月日", JK_DT_BIRTHDATE, 1}, {"誕生日", JK_DT_BIRTHDATE, 1}, {"生年月", JK_DT_BIRTHDATE, 1},

    {"性別", JK_DT_GENDER, 1},

    {"クレジットカード番号", JK_DT_CARD, 1}, {"カード番号", JK_DT_CARD, 1}, {"有効期限", JK_DT_CARD, 1},
    {"セキュリティコード", JK_DT_CARD, 1}, {"クレジットカード情報", JK_DT_CARD, 1}, {"カード情報", JK_DT_CARD, 1},
    {"カード名義人", JK_DT_CARD, 1}, {"カード名義", JK_DT_CARD, 1},
    {"口座名義人名", JK_DT_NAME, 1}, {"口座名義", JK_DT_BANK, 1},   {"クレジットカード下", JK_DT_CARD, 1},
    {"カード下", JK_DT_CARD, 1},

    {"パスワード", JK_DT_PASSWORD, 1}, {"暗証番号", JK_DT_PASSWORD, 1},

    {"ログインID", JK_DT_LOGIN_ID, 1}, {"ユーザID", JK_DT_LOGIN_ID, 1}, {"ユーザーID", JK_DT_LOGIN_ID, 1},
    {"ユーザ ID", JK_DT_LOGIN_ID, 1}, {"会員ID", JK_DT_LOGIN_ID, 1}, {"アカウントID", JK_DT_LOGIN_ID, 1},
    {"共通ID", JK_DT_LOGIN_ID, 1},   {"利用者ID", JK_DT_LOGIN_ID, 1}, {"ログイン名", JK_DT_LOGIN_ID, 1},
    {"ID・パスワード", JK_DT_LOGIN_ID, 1}, {"IDやパスワード", JK_DT_LOGIN_ID, 1}, {"IDとパスワード", JK_DT_LOGIN_ID, 1},
    {"ID及びパスワード", JK_DT_LOGIN_ID, 1}, {"ID、パスワード", JK_DT_LOGIN_ID, 1}, {"ショップID", JK_DT_LOGIN_ID, 1},

    {"マイナンバー", JK_DT_MYNUMBER, 1}, {"個人番号", JK_DT_MYNUMBER, 1},

    {"口座", JK_DT_BANK, 1},         {"預金", JK_DT_BANK, 1},         {"振込先", JK_DT_BANK, 1},

    {"病歴", JK_DT_HEALTH, 1},       {"病名", JK_DT_HEALTH, 1},       {"傷病名", JK_DT_HEALTH, 1},
    {"健康状態", JK_DT_HEALTH, 1},   {"健康上", JK_DT_HEALTH, 1},     {"健康診断", JK_DT_HEALTH, 1},
    {"健康情報", JK_DT_HEALTH, 1},   {"健診結果", JK_DT_HEALTH, 1},   {"健診の結果", JK_DT_HEALTH, 1}, {"健診データ", JK_DT_HEALTH, 1},
    {"健診情報", JK_DT_HEALTH, 1}, /* (健診予約, 住民健診: the booking, not a result) */       {"患者", JK_DT_HEALTH, 1},
    {"診療録", JK_DT_HEALTH, 1},     {"診療内容", JK_DT_HEALTH, 1},   {"診療科", JK_DT_HEALTH, 1},
    {"診断名", JK_DT_HEALTH, 1},     {"診断結果", JK_DT_HEALTH, 1},   {"既往", JK_DT_HEALTH, 1},       {"アレルギー", JK_DT_HEALTH, 1},
    {"配慮事項", JK_DT_HEALTH, 1},   {"検査結果", JK_DT_HEALTH, 1},   {"カルテ", JK_DT_HEALTH, 1},
    {"受診歴", JK_DT_HEALTH, 1},       {"病状", JK_DT_HEALTH, 1},       {"服薬", JK_DT_HEALTH, 1},
    {"心身の状況", JK_DT_HEALTH, 1}, {"治療経過", JK_DT_HEALTH, 1},   {"治療内容", JK_DT_HEALTH, 1},
    {"問診", JK_DT_HEALTH, 1},       {"発育", JK_DT_HEALTH, 1},       {"身体障害者手帳", JK_DT_HEALTH, 1},
    {"障害等級", JK_DT_HEALTH, 1},   {"要介護度", JK_DT_HEALTH, 1},   {"通院歴", JK_DT_HEALTH, 1},
    {"障害の", JK_DT_HEALTH, 1},     {"医療情報", JK_DT_HEALTH, 1},   {"要介護", JK_DT_HEALTH, 1},
    {"処方", JK_DT_HEALTH, 1},       {"身長", JK_DT_HEALTH, 1},       {"体重", JK_DT_HEALTH, 1},       {"診査の結果", JK_DT_HEALTH, 1},       {"支援区分", JK_DT_HEALTH, 1},
    {"病気", JK_DT_HEALTH, 1},       {"検査所見", JK_DT_HEALTH, 1},   {"診察所見", JK_DT_HEALTH, 1},   {"診断所見", JK_DT_HEALTH, 1},
    {"主治医", JK_DT_HEALTH, 1},     {"持病", JK_DT_HEALTH, 1},
    {"発達の状況", JK_DT_HEALTH, 1}, {"発達状況", JK_DT_HEALTH, 1},   {"通院", JK_DT_HEALTH, 1},
    {"接種の有無", JK_DT_HEALTH, 1}, {"接種歴", JK_DT_HEALTH, 1},     {"接種履歴", JK_DT_HEALTH, 1},

    {"勤務先", JK_DT_EMPLOYMENT, 1}, {"お勤め先", JK_DT_EMPLOYMENT, 1}, {"勤め先", JK_DT_EMPLOYMENT, 1}, {"所属", JK_DT_EMPLOYMENT, 1},   {"役職", JK_DT_EMPLOYMENT, 1},
    {"会社名", JK_DT_EMPLOYMENT, 1}, {"職業", JK_DT_EMPLOYMENT, 1},   {"職種", JK_DT_EMPLOYMENT, 1},
    {"団体名", JK_DT_EMPLOYMENT, 1}, {"勤務条件", JK_DT_EMPLOYMENT, 1},
    {"部署名", JK_DT_EMPLOYMENT, 1}, {"所属部署", JK_DT_EMPLOYMENT, 1}, {"企業名", JK_DT_EMPLOYMENT, 1},
    {"職務経歴", JK_DT_EMPLOYMENT, 1}, {"事業所名", JK_DT_EMPLOYMENT, 1}, {"職歴", JK_DT_EMPLOYMENT, 1},
    {"勤務歴", JK_DT_EMPLOYMENT, 1}, {"就業先", JK_DT_EMPLOYMENT, 1},
    {"部署", JK_DT_EMPLOYMENT, 1},
    /* what an applicant asked for is no employment of theirs */
    {"応募職種", JK_DT_OTHER, 1},    {"希望職種", JK_DT_OTHER, 1},    {"応募先", JK_DT_OTHER, 1},
    {"希望勤務地", JK_DT_OTHER, 1},

    {"学校名", JK_DT_SCHOOL, 1},     {"学年", JK_DT_SCHOOL, 1},       {"学籍番号", JK_DT_SCHOOL, 1},
    {"学生番号", JK_DT_SCHOOL, 1},   {"学生証番号", JK_DT_SCHOOL, 1}, {"学級", JK_DT_SCHOOL, 1},
    {"クラス", JK_DT_SCHOOL, 1},     {"出身校", JK_DT_SCHOOL, 1},     {"所属学校", JK_DT_SCHOOL, 1},
    {"学部名", JK_DT_SCHOOL, 1},     {"学科名", JK_DT_SCHOOL, 1},     {"学部・学科", JK_DT_SCHOOL, 1},
    {"出席番号", JK_DT_SCHOOL, 1},   {"学歴", JK_DT_SCHOOL, 1},       {"卒業年度", JK_DT_SCHOOL, 1},
    {"卒業校", JK_DT_SCHOOL, 1},     {"卒業年次", JK_DT_SCHOOL, 1},   {"大学名", JK_DT_SCHOOL, 1},
    {"高校名", JK_DT_SCHOOL, 1},     {"志望校", JK_DT_SCHOOL, 1},     {"学籍", JK_DT_SCHOOL, 1},
    {"学科", JK_DT_SCHOOL, 1}, /* (grades, 成績・得点, are `other`: SCHEMA names none) */

    {"チャット", JK_DT_MESSAGE, 1},  {"メール本文", JK_DT_MESSAGE, 1}, {"メールデータ", JK_DT_MESSAGE, 1},
    {"問い合わせ内容", JK_DT_MESSAGE, 1}, {"相談内容", JK_DT_MESSAGE, 1}, {"自由記述", JK_DT_MESSAGE, 1},
    {"Teamsメッセージ", JK_DT_MESSAGE, 1}, {"メッセージの内容", JK_DT_MESSAGE, 1}, {"メッセージ内容", JK_DT_MESSAGE, 1},
    {"通信内容", JK_DT_MESSAGE, 1},  {"送受信メール", JK_DT_MESSAGE, 1}, {"送受信したメール", JK_DT_MESSAGE, 1},
    {"電子メールが", JK_DT_MESSAGE, 1}, {"メールが漏", JK_DT_MESSAGE, 1},  {"メールの内容", JK_DT_MESSAGE, 1}, {"自由記入", JK_DT_MESSAGE, 1},
    {"記入欄", JK_DT_MESSAGE, 1},    {"メールの件名", JK_DT_MESSAGE, 1},    {"チャット履歴", JK_DT_MESSAGE, 1},
    {"問い合わせの内容", JK_DT_MESSAGE, 1}, {"メッセージ本文", JK_DT_MESSAGE, 1},  {"投稿内容", JK_DT_MESSAGE, 1},  {"ご意見", JK_DT_MESSAGE, 1},
    /* what a person wrote into a form: 記入内容, 提案の内容, 相談したい内容, 番組へのメッセージ */
    {"記入内容", JK_DT_MESSAGE, 1},  {"記入された内容", JK_DT_MESSAGE, 1}, {"記入いただいた内容", JK_DT_MESSAGE, 1},
    {"提案の内容", JK_DT_MESSAGE, 1}, {"提案内容", JK_DT_MESSAGE, 1},   {"相談したい内容", JK_DT_MESSAGE, 1},
    {"問合せ内容", JK_DT_MESSAGE, 1}, {"質問内容", JK_DT_MESSAGE, 1},   {"要望内容", JK_DT_MESSAGE, 1},
    {"へのメッセージ", JK_DT_MESSAGE, 1},

    {"位置情報", JK_DT_LOCATION, 1}, {"現在地", JK_DT_LOCATION, 1},   {"位置履歴", JK_DT_LOCATION, 1},

    {"年齢", JK_DT_OTHER, 1},        {"契約内容", JK_DT_OTHER, 1},    {"証券番号", JK_DT_OTHER, 1},
    {"会員番号", JK_DT_OTHER, 1},    {"顧客番号", JK_DT_OTHER, 1},    {"お客さま番号", JK_DT_OTHER, 1},
    {"お客様番号", JK_DT_OTHER, 1},  {"身分証", JK_DT_OTHER, 1},      {"写真", JK_DT_OTHER, 1},
    {"購入履歴", JK_DT_OTHER, 1},    {"注文履歴", JK_DT_OTHER, 1},    {"購入商品", JK_DT_OTHER, 1},
    {"備考", JK_DT_OTHER, 1},        {"取引情報", JK_DT_OTHER, 1},    {"履歴書", JK_DT_OTHER, 1},
    {"社員番号", JK_DT_OTHER, 1},    {"国籍", JK_DT_OTHER, 1},        {"登録番号", JK_DT_OTHER, 1},
    {"ユーザー名", JK_DT_OTHER, 1},  {"ユーザ名", JK_DT_OTHER, 1},    {"アカウント名", JK_DT_OTHER, 1},
    {"回線ID", JK_DT_OTHER, 1},      {"保険証", JK_DT_OTHER, 1},      {"保険種類", JK_DT_OTHER, 1},
    {"画像", JK_DT_OTHER, 1},
    {"生活の様子", JK_DT_OTHER, 1},  {"イニシャル", JK_DT_OTHER, 1},
    {"患者ID", JK_DT_OTHER, 1},      {"患者番号", JK_DT_OTHER, 1},    {"記号番号", JK_DT_OTHER, 1},
    {"被保険者番号", JK_DT_OTHER, 1}, {"組合員番号", JK_DT_OTHER, 1}, {"得点", JK_DT_OTHER, 1},
    {"成績", JK_DT_OTHER, 1},        {"点数", JK_DT_OTHER, 1},        {"評価点", JK_DT_OTHER, 1},
    {"評定", JK_DT_OTHER, 1},        {"レポートの評価", JK_DT_OTHER, 1}, {"賃料", JK_DT_OTHER, 1},
    {"契約期間", JK_DT_OTHER, 1},    {"物件", JK_DT_OTHER, 1},
    {"給付金", JK_DT_OTHER, 1},      {"税額", JK_DT_OTHER, 1},
    {"所得", JK_DT_OTHER, 1},        {"年収", JK_DT_OTHER, 1},        {"収入額", JK_DT_OTHER, 1},
    {"利用履歴", JK_DT_OTHER, 1},    {"予約内容", JK_DT_OTHER, 1},    {"続柄", JK_DT_OTHER, 1},
    {"家族構成", JK_DT_OTHER, 1},    {"世帯構成", JK_DT_OTHER, 1},    {"パスポート", JK_DT_OTHER, 1},
    {"ニックネーム", JK_DT_OTHER, 1}, {"診察券番号", JK_DT_OTHER, 1}, {"支給額", JK_DT_OTHER, 1},
    {"素点", JK_DT_OTHER, 1},        {"家族状況", JK_DT_OTHER, 1},    {"緊急連絡先", JK_DT_PHONE, 1},
    {"金融機関", JK_DT_BANK, 1},
};
const size_t jk_data_phrases_n = N(jk_data_phrases);

/* Words that put payment-card data in scope (SCHEMA.md "card"). */
const char *const jk_card_words[] = {
    "クレジットカード情報", "クレジットカード番号", "カード番号", "カード情報",
    "セキュリティコード",   "カード名義",
};
const size_t jk_card_words_n = N(jk_card_words);

/* A clause that contains one of these denies what it lists. */
const char *const jk_negation_words[] = {
    "含まれておりません", "含まれていません", "含まれません", "含まれない", "含まない",
    "含まれていない",     "ございません",     "ありません",   "対象外",     "漏えいしておりません",
    "流出しておりません", "流出していない",   "されておりません", "確認されていません",
    "お伺いする", "お伺いしたり", "お尋ねする", "保有しておりません", "保持しておりません",
    "異なります", "ではなく", "入っておりません", "入っていません", "含まれず", "記載されておりません",
    "記載されていません", "流出はありません", "漏えいはありません", "漏洩はありません", "しておりません",
    "していません", "痕跡はございません", "保存しておりません", "表示されない", "表示されません",
    "閲覧できない", "閲覧されない", "保持していない", "保有していない", "取り扱っておりません",
    "取り扱っていない", "扱っておりません", "扱っていない", "扱っていません", "保存されておらず", "保存しておらず",
    "お預かりしていない", "お預かりしておりません", "お預かりしておらず", "保存されていない",
    "保存されていません", "保存されておりません", "記録されていません", "記録されておりません",
    "保存されていなかった", "含まれていなかった", "記載されていなかった", "保有していなかった",
    "流出していなかった", "漏えいしていなかった", "対象ではありません", "対象ではございません", "対象ではない",
    "別システムで管理", "別のシステムで管理",
    /* shown only in part, or not at all: カード番号は下4桁のみ表示、マスク表示 */
    "閲覧はできません", "閲覧できません", "表示されていません", "設定されていません", "状態ではありませんでした",
    "可能性はありません",
    "下4桁のみ", "下4けたのみ",
    "マスク表示", "マスキングされ",
};

/* Phrases that name a data word without it being data (パスワード設定). */
const char *const jk_not_data[] = {
    "パスワード設定", "パスワードを設定", "パスワード付", "パスワードをかけ", "パスワード保護", "パスワードで保護",
    "パスワードロック", "パスワードの変更", "パスワード変更", "パスワードを変更", "パスワードの再設定",
    "パスワードを全て変更", "パスワードを初期化", "パスワードの初期化", "パスワードを再設定",
    "メールアドレスを装", "メールアドレスから", "電話番号から", "担当部署", "誤った FAX 番号", "誤ったFAX番号",
    "誤った番号", "所属している", "所属する", "電話番号にご連絡", "電話番号へ", "メールアドレス宛",
    "メールアドレスへ", "所属長", "開封パスワード", "そのパスワード", "パスワードの脆弱", "口座振替",
    "口座自動振替", "メールアドレスの転送", "アドレスの転送", "メールアドレスをご登録", "メールアドレスを登録",
    "メールアドレスのご登録", "パスワードを利用", "ID・パスワードを利用", "パスワードの記載",
    "お届け先の個人情報", "FAX 番号が記載", "FAX番号が記載", "ご連絡先", "連絡先に関する", "連絡先へ", "連絡先まで",
    "お問い合わせ連絡先", "連絡先を", "役職員", "担任する学級", "学級の生徒", "学級の児童", "学級担任",
    "パスワードによる", "他部署", "各部署", "マイナンバーカードの交付", "マイナンバーカード交付", "関係部署", "部署内", "部署間", "その所在地",
    /* the insider's or the attacker's own address, the staff's own password */
    "メールアドレスあて", "私用のメールアドレス", "私用メールアドレス", "個人のメールアドレス", "自身のメールアドレス",
    "自分のメールアドレス", "個人用のメールアドレス", "管理者アカウントのパスワード", "管理者のパスワード",
    "管理者パスワード", "管理用パスワード", "管理用のパスワード",
    /* a reader's call, not a datum: …とのお電話をいただき */
    "お電話をいただ", "お電話があり", "お電話で", "お電話にて",
};
const size_t jk_not_data_n = N(jk_not_data);

const char *const jk_measure_heads[] = {"再発防止", "今後の対策", "改善策"};
const size_t jk_measure_heads_n = N(jk_measure_heads);
const size_t jk_negation_words_n = N(jk_negation_words);

/* ---- authorities told (SCHEMA.md "reported_to") ----------------------- */

const jk_phrase jk_authority_phrases[] = {
    {"個人情報保護委員会", JK_AUTH_PPC, 1},
    {"保護委員会", JK_AUTH_PPC, 1},
    {"警察", JK_AUTH_POLICE, 1},
    {"県警", JK_AUTH_POLICE, 1},
    {"警視庁", JK_AUTH_POLICE, 1},
    {"捜査機関", JK_AUTH_POLICE, 1},
    {"捜査当局", JK_AUTH_POLICE, 1},
    {"被害届", JK_AUTH_POLICE, 1},
    {"府警", JK_AUTH_POLICE, 1},
    {"道警", JK_AUTH_POLICE, 1},
    {"所轄署", JK_AUTH_POLICE, 1},
    {"中央署", JK_AUTH_POLICE, 1},
    {"署に報告", JK_AUTH_POLICE, 1},
    {"署へ報告", JK_AUTH_POLICE, 1},
    {"署に相談", JK_AUTH_POLICE, 1},
    {"被害申告", JK_AUTH_POLICE, 1},
    {"JIPDEC", JK_AUTH_PMARK, 1},
    {"日本情報経済社会推進協会", JK_AUTH_PMARK, 1},
    {"プライバシーマーク", JK_AUTH_PMARK, 1},
    {"総務省", JK_AUTH_MINISTRY, 1},
    {"経済産業省", JK_AUTH_MINISTRY, 1},
    {"文部科学省", JK_AUTH_MINISTRY, 1},
    {"厚生労働省", JK_AUTH_MINISTRY, 1},
    {"金融庁", JK_AUTH_MINISTRY, 1},
    {"国土交通省", JK_AUTH_MINISTRY, 1},
    {"農林水産省", JK_AUTH_MINISTRY, 1},
    {"関係省庁", JK_AUTH_MINISTRY, 1},
    {"所管省庁", JK_AUTH_MINISTRY, 1},
    {"財務局", JK_AUTH_MINISTRY, 1},
    {"監督当局", JK_AUTH_MINISTRY, 1},
    {"監督官庁", JK_AUTH_MINISTRY, 1},
    {"所管官庁", JK_AUTH_MINISTRY, 1},
    {"所管行政庁", JK_AUTH_MINISTRY, 1},
    {"主務官庁", JK_AUTH_MINISTRY, 1},
};
const size_t jk_authority_phrases_n = N(jk_authority_phrases);

/* ---- contractors (SCHEMA.md "vendor") ---------------------------------- */

const char *const jk_vendor_words[] = {
    "委託先",     "業務委託",   "委託している", "委託事業者", "受託者",   "受託事業者",
    "委託業者",   "外部委託",   "再委託",       "委託を受け", "保守運用事業者", "委託事業",
    "委託しており", "委託会社", "運用委託",     "メーカー",   "ベンダー", "委託契約",
    "受託している", "を受託", "指定管理者", "決済代行", "決済サービス会社", "システム提供事業者",
    "サービス提供事業者", "委託した", "委託していた", "システム事業者", "サービス事業者", "外部業者",
    "外部事業者", "外部の事業者", "提供会社", "提供事業者", "委託しています", "委託しております",
    "サービスの運営会社", "提供:株式会社", "提供している株式会社", "提供する株式会社", "提供)",
    "郵便局による", "郵便事業者", "配送業者", "運送業者", "宅配業者", "運営事務局",
    "サービス提供元", "提供元の", "代理店である", "代理店において", "代理店の従業員", "代理店の元従業員",
};
const size_t jk_vendor_words_n = N(jk_vendor_words);

/* ---- organisations ----------------------------------------------------- */

/* Legal forms and kinds of body that end an organisation's name. */
const char *const jk_org_suffixes[] = {
    "株式会社", "有限会社", "合同会社", "合資会社", "(株)", "協会",     "組合",     "連合会",
    "大学病院", "病院",     "大学",     "高等学校", "中学校",   "小学校",   "学校",     "学園",
    "委員会",   "センター", "研究所",   "機構",     "財団",     "法人",     "公社",     "公団",
    "事務所",   "市",       "区",       "町",       "村",       "県",       "都",       "府",
    "道",       "庁",       "省",       "局",       "県警",     "府警",     "道警",     "警察",
    "銀行",     "信用金庫", "信用組合", "生命",     "保険",     "社",       "連盟",     "学会",
    "研究会",   "協議会",   "振興会",   "同窓会",   "後援会",   "商工会",   "医師会",   "Inc.",
    "クリニック", "医院",   "診療所",   "会議所",
    "Corporation", "Ltd.",  "課",       "役場",     "役所",
    "図書館",   "美術館",   "博物館",   "公民館",   "保育園",   "保育所",   "幼稚園",   "こども園",
    "企業団",   "広域連合", "保健所",   "警察署",   "消防本部", "消防署",   "税務署",   "法務局",
    "水道局",   "交通局",   "年金事務所", "新聞",   "日報",     "新報",
    "裁判所",   "PTA",      "党",       "放送",     "ホーム",   "荘",
    "Inc",      ".inc",     "LLC",      "Ltd",      "Co.,Ltd.", "Corp.",    /* Latin legal forms */
    "自治会",   "町内会",   "子ども会", "子供会",   "少年団",   "商店会",   "老人クラブ", "婦人会", /* bodies of local life */
};
const size_t jk_org_suffixes_n = N(jk_org_suffixes);

/* Legal forms printed before the name. */
const char *const jk_org_prefixes[] = {
    "株式会社",     "有限会社",     "合同会社",     "一般社団法人", "公益社団法人",
    "一般財団法人", "公益財団法人", "独立行政法人", "国立大学法人", "学校法人",
    "社会福祉法人", "医療法人社団", "医療法人財団", "医療法人",     "特定非営利活動法人", "国立研究開発法人",
    "地方独立行政法人",
    "公立大学法人", "社団法人",     "財団法人",     "(株)",
    "生活協同組合", "農業協同組合", "漁業協同組合", "協同組合",     "税理士法人",
    "弁護士法人",   "司法書士法人", "行政書士法人", "社会保険労務士法人", "有限責任監査法人",
    "監査法人",     "社会医療法人", "特定医療法人", "宗教法人",     "職業訓練法人",
};
const size_t jk_org_prefixes_n = N(jk_org_prefixes);

/* How issuers refer to themselves when they do not repeat their name. */
const char *const jk_self_refs[] = {
    "当社", "弊社", "当行", "弊行", "本学", "当学", "本院", "当院", "本市", "当市", "本県",
    "当県", "当町", "本町", "当村", "当会", "本会", "弊会", "当協会", "本協会", "当法人",
    "弊法人", "当組合", "本組合", "当機構", "本機構", "当センター", "本センター", "弊所",
    "当所", "本所", "当研究所", "当財団", "当館", "本館", "当校", "本校", "当園", "当庁",
    "当省", "本省", "弊団体", "当団体", "当委員会", "本委員会", "当事務所", "当店", "弊店", "本園", "当事務局", "本事務局", "本紙", "弊紙", "当紙",
};
const size_t jk_self_refs_n = N(jk_self_refs);

/* ---- products and services (the dashboard's "involved" list) ------------ */

const char *const jk_product_words[] = {
    "Googleフォーム", "Google フォーム", "Google Forms", "google forms", "Googleドライブ",
    "Google ドライブ", "Google Drive", "Googleスプレッドシート", "Google Workspace", "Gmail",
    "Microsoft Teams", "Teams", "Microsoft 365", "Office 365", "SharePoint", "OneDrive",
    "Microsoft Forms", "Outlook", "Azure", "SAS トークン", "SASトークン", "AWS", "Amazon S3",
    "S3", "Firebase", "Firestore", "WordPress", "プラグイン", "EC-CUBE", "Movable Type",
    "Box", "Dropbox", "Slack", "Salesforce", "kintone", "Zoom", "LINE", "Instagram",
    "X(旧Twitter)", "Twitter", "Facebook", "FortiGate", "Fortinet", "VPN", "Citrix",
    "Emotet", "USBメモリ", "FAX", "Excel", "ChatGPT", "GitHub", "クラウドサービス",
    "クラウドストレージ", "グループウェア", "メールサーバ", "ファイルサーバ",
};
const size_t jk_product_words_n = N(jk_product_words);

/* The name shown for a product written several ways; others as written. */
static const struct {
  const char *word, *name;
} product_names[] = {
    {"Googleフォーム", "Google フォーム"}, {"Google Forms", "Google フォーム"}, {"google forms", "Google フォーム"},
    {"Googleドライブ", "Google ドライブ"}, {"Google Drive", "Google ドライブ"}, {"Teams", "Microsoft Teams"},
    {"Office 365", "Microsoft 365"},       {"SASトークン", "SAS トークン"},     {"S3", "Amazon S3"},
    {"Firestore", "Firebase"},             {"Twitter", "X(旧Twitter)"},          {"Fortinet", "FortiGate"},
};

const char *jk_product_name(const char *word) {
  for (size_t i = 0; i < N(product_names); i++)
    if (strcmp(product_names[i].word, word) == 0) return product_names[i].name;
  return word;
}

/* ---- words that point at a fact ----------------------------------------- */

/* "…は以下のとおりです": a list of the exposed data follows. */
const char *const jk_intro_words[] = {"以下のとおり", "以下の通り", "以下となります", "下記のとおり", "下記の通り",
                                      "次のとおり", "次の通り", "次の情報", "以下の情報", "下記の情報",
                                      "次の項目", "以下の項目", "下記の項目", "方の情報です", "様の情報です"};
const size_t jk_intro_words_n = N(jk_intro_words);

/* References to the issuer's earlier notices (report_seq > 1). */
const char *const jk_ref_words[] = {
    "付「", "付けで公表", "付で公表", "に公表した", "に公表しま", "に公表いたしま", "に発表いたしま", "に発表しま",
    "お知らせしておりました", "お知らせいたしましたとおり", "お知らせいたしました通り", "お知らせ済", "公表いたしました件",
    "ご報告いたしましたとおり", "既報", "前回のお知らせ", "第1報」", "第一報」", "第1報でお知らせ", "第1報時点",
    "第一報でお知らせ", "公表しておりました", "開示いたしましたとおり", "にてお知らせした",
    "第1報としてお知らせ", "第一報としてお知らせ", "第1報として公表", "第一報として公表", "第1報としてご報告",
    "第1報にて", "第一報にて", "第1報では", "第一報では", "の続報", "続報です",
    "続報となります", "続報として", "前報", "前回お知らせ", "前回の公表", "先般お知らせ", "お知らせしたとおり",
    "お知らせした通り", "公表したとおり", "公表した通り", "発表したとおり", "公表いたしましたとおり",
    "第1報を公表", "第2報を公表", "第3報を公表", "第4報を公表", "第一報を公表", "第二報を公表", "第三報を公表",
    "先般ご案内", "先日ご案内", "先日お知らせ", "先般ご報告", "既にお知らせ", "既にご案内", "すでにお知らせ",
    "続報を公表", "第1報を発表", "第2報を発表", "第3報を発表", "第一報を発表", "第二報を発表", "第三報を発表",
};
const size_t jk_ref_words_n = N(jk_ref_words);

/* When the issuer found out: labels first (判明日 …), then verbs. */
const char *const jk_discovery_words[] = {
    "判明日", "発覚日", "発見日", "判明した日", "認知した日", /* labels */
    "判明", "発覚", "検知", "気づ", "気付", "認知", "発見", "連絡を受け", "指摘", "通報",
};
const size_t jk_discovery_words_n = N(jk_discovery_words);
const size_t jk_discovery_labels_n = 5;

/* Where a notice states how long data stayed exposed; 期間 first. */
const char *const jk_period_words[] = {"期間", "閲覧可能", "閲覧できる状態", "間に", "までの間"};
const size_t jk_period_words_n = N(jk_period_words);

/* ---- splitting ---------------------------------------------------------- */

/* Words whose presence makes a page read as a breach notice. */
const char *const jk_notice_words[] = {
    "お詫び", "おわび", "ご迷惑", "御迷惑", "ご心配", "御心配", "個人情報", "漏えい",
    "漏洩", "流出", "不正アクセス", "誤送信", "紛失", "盗難", "ランサムウェア",
    "閲覧できる状態", "閲覧可能", "再発防止", "二次被害", "謝罪", "誤交付", "誤送付", "誤配", "誤封入",
    "誤発送", "誤掲載", "所在不明", "誤印字",
};
const size_t jk_notice_words_n = N(jk_notice_words);

/* Weaker words: common in notices, but also elsewhere. */
const char *const jk_notice_weak_words[] = {
    "不具合", "感染", "マルウェア", "不審", "誤って", "申し訳", "判明", "事案", "被害", "ご不便",
    "原因", "対象となる", "お客様", "お客さま", "委託", "個人データ", "情報セキュリティ",
    "会員情報", "顧客情報", "登録情報", "カード情報", "事象", "表示され", "氏名", "住所",
    "メールアドレス", "電話番号", "削除を依頼", "削除をお願い", "確認が不十分", "ご心配をおかけ",
    "お名前", "ご住所",
};
const size_t jk_notice_weak_words_n = N(jk_notice_weak_words);

/* Words a notice title carries (beyond お知らせ / お詫び, which every
   press release uses). */
const char *const jk_title_words[] = {
    "個人情報", "漏えい", "漏洩", "流出", "不正アクセス", "誤送信", "誤送付", "誤配信",
    "誤配布", "誤交付", "誤発送", "紛失", "盗難", "改ざん", "被害", "攻撃", "ウイルス",
    "マルウェア", "ランサム", "不具合", "閲覧", "事案", "事故", "インシデント", "情報漏",
    "不備", "設定ミス", "滅失", "誤廃棄", "不正利用", "不正ログイン", "なりすまし",
    "サイバー", "情報セキュリティ", "メールアドレス", "誤表示", "持ち出", "顧客情報", "お客様情報",
    "誤掲載", "不正取得", "会員情報", "他の会員", "他のお客様", "誤投稿", "不適切な投稿", "誤印字",
    "不適切な取扱", "置き忘れ", "誤配送", "誤配達", "外部公開", "設定誤り", "設定の誤り",
    "アクセス権限", "誤封入", "誤同封", "誤記載", "宛先の誤り", "宛先誤り", "送信ミス", "送付ミス",
    "誤って送信", "誤って送付", "取り違え", "見える状態", "見られる状態", "見えていた", "公開状態",
    "誤掲示", "誤掲出", "配信時の誤り", "配信の誤り", "送信時の誤り", "送付の誤り", "発送の誤り",
};
const size_t jk_title_words_n = N(jk_title_words);

/* A title that speaks of people's data without a breach word
   (患者さまのお名前が写り込んでいた件): whose (first table), then within a
   few characters what of theirs (second). */
const char *const jk_people_words[] = {
    "患者", "利用者", "会員", "児童", "生徒", "学生", "保護者", "受験者", "参加者", "応募者", "組合員",
    "住民", "市民", "町民", "村民", "県民", "区民", "職員", "従業員", "社員", "顧客", "お客様", "お客さま",
    "入居者", "申込者", "受講者", "受給者", "納税者", "園児", "卒業生", "選手", "ご利用者", "加入者", "居住者", "当選者", "他人", "別の会員", "別のお客様", "事業者",
};
const size_t jk_people_words_n = N(jk_people_words);
const char *const jk_people_data_words[] = {
    "情報", "お名前", "氏名", "名前", "個人", "データ", "名簿", "住所", "連絡先", "書類", "カルテ",
};
const size_t jk_people_data_words_n = N(jk_people_data_words);
