/*
** check_rules.c — the posture rules, as data.
**
** Each rule says which exported setting it reads (formats, a dot path
** and a test), how bad it is, what to do about it in Japanese and
** English, and which casebook incidents it was behind: a cause in its
** categories, in a notice that names the setting's product or service
** (products: Firebase, Azure, Google ドライブ… — the vendor's names,
** never a generic word) and, when the rule has cues, words naming the
** setting.  Incidents of the same cause that name only the kind of thing
** (kinds: データベース, ストレージ…) with the cues, or the product without
** them, are "similar cause", listed apart: nothing in their notice says
** this setting was behind them.  The engine (check.c) and the casebook (check_casebook.c)
** only interpret this table; adding a rule is adding a row, plus a
** positive and a negative fixture in tests/fixtures/check/ (the unit
** tests refuse a rule without them).
**
** Severities: high = personal data readable or writable by anyone now;
** medium = one step from that (a guard rail off, any signed-in user,
** keys that never expire); low = hardening.
*/
#include "check_int.h"
#include "jk_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CAT(c) (1u << JK_CAT_##c)
#define F(f) JK_FMT_BIT(JK_FMT_##f)
#define END {NULL, JK_C_END, NULL, NULL}

/* Products and services, as notices name them ("behind" needs one). */
#define P_MS365 "Teams|Microsoft 365|Office 365|SharePoint"
#define P_AZURE "Azure|Blob"
#define P_GDRIVE                                                                       \
  "Google ドライブ|Googleドライブ|Google Drive|Googleドキュメント|Google ドキュメント|" \
  "Googleスプレッドシート|Google スプレッドシート|Google Sheets|Google Docs"
#define P_GFORMS "Googleフォーム|Google フォーム|Googleフォームズ|Google Forms|Googleform"
#define P_FIREBASE "Firebase|Firestore|Realtime Database"
#define P_AWS "Amazon S3|S3|AWS|Amazon Web Services"
/* Kinds of thing, for "similar cause" only: they name no vendor. */
#define K_GROUPWARE "グループウェア|クラウドサービス"
#define K_STORAGE "ストレージ|バケット|フォルダ|ファイルサーバ|共有ドライブ|OneDrive|Dropbox"
#define K_DOCS "スプレッドシート|共有リンク|Excel|共有ドライブ"
#define K_FORMS "オンラインフォーム|申し込みフォーム|申込フォーム|フォーム"
#define K_DB "データベース|クラウドサービス"
#define C_KEYS "SAS|Shared Access Signature|アクセスキー|共有キー|アクセストークン"
#define C_TLS "TLS 1.0|TLS1.0|TLS 1.1|TLS1.1|SSL 3.0|SSL3.0"

/* Words of the settings (cues), and of the forms lessons teach about. */
#define C_GROUPWARE "プライバシー設定|非公開|チーム外|公開設定|組織全体|グループの設定"
#define C_PUBLIC "公開|閲覧可能|閲覧できる|外部から|インターネット上"
#define W_FORMS                                                                        \
  "Googleフォーム|Google フォーム|Googleフォームズ|Google Forms|Googleform|オンラインフォーム|" \
  "申し込みフォーム|申込フォーム"
#define C_DB "認証|セキュリティ設定|アクセス制限|誰でも|第三者がアクセス"

static const char FORM_MIME[] = "application/vnd.google-apps.form";
static const char WRITER[] = "writer|fileOrganizer|organizer|owner";

const jk_check_rule jk_check_rules[] = {
    /* ---- Microsoft Graph: groups and teams ---- */
    {"graph.team-public", JK_SEV_HIGH, F(GRAPH_GROUPS),
     "value[].visibility = Public on a Teams-enabled group (resourceProvisioningOptions or "
     "creationOptions holds \"Team\")",
     (const jk_cond[]){{"visibility", JK_C_EQ, "Public", NULL},
                       {NULL, JK_C_OR, NULL,
                        (const jk_cond[]){{"resourceProvisioningOptions", JK_C_HAS, "Team", NULL},
                                          {"creationOptions", JK_C_HAS, "Team", NULL}, END}},
                       END},
     "Teams のチームが「パブリック(公開)」: 組織の誰もが参加し、投稿やファイルを閲覧できる",
     "Team is Public: anyone in the organisation can join it and read its posts and files",
     "チームのプライバシーを「プライベート」に変更し、メンバーと共有ファイルを見直す(Teams 管理センター、"
     "または Graph で visibility を Private に)。チーム作成時の既定値と作成権限も見直す。",
     "Set the team's privacy to Private and review its members and files (Teams admin centre, or "
     "PATCH the group's visibility to Private); restrict who may create teams and their default.",
     "https://learn.microsoft.com/en-us/graph/api/resources/group", CAT(MISCONFIGURATION),
     P_MS365, C_GROUPWARE, K_GROUPWARE},
    {"graph.group-public", JK_SEV_MEDIUM, F(GRAPH_GROUPS),
     "value[].visibility = Public on a Microsoft 365 group (groupTypes holds \"Unified\") that "
     "is not a team",
     (const jk_cond[]){{"visibility", JK_C_EQ, "Public", NULL},
                       {"groupTypes", JK_C_HAS, "Unified", NULL},
                       {"resourceProvisioningOptions", JK_C_HASNT, "Team", NULL},
                       {"creationOptions", JK_C_HASNT, "Team", NULL}, END},
     "Microsoft 365 グループが公開: 組織の誰もがメールやファイルを閲覧できる",
     "Microsoft 365 group is Public: anyone in the organisation can read its mail and files",
     "グループの visibility を Private にし、メンバーを確認する。",
     "Set the group's visibility to Private and review its members.",
     "https://learn.microsoft.com/en-us/graph/api/resources/group", CAT(MISCONFIGURATION),
     P_MS365, C_GROUPWARE, K_GROUPWARE},

    /* ---- Azure Storage ---- */
    {"az.blob-public-access", JK_SEV_HIGH, F(AZ_ACCOUNTS),
     "[].allowBlobPublicAccess is true or null (null lets containers be made public)",
     (const jk_cond[]){{"allowBlobPublicAccess", JK_C_NOT_FALSE, NULL, NULL}, END},
     "ストレージアカウントが匿名(パブリック)アクセスを許可している",
     "Storage account allows anonymous (public) blob access",
     "allowBlobPublicAccess を false にする(az storage account update --allow-blob-public-access false)。"
     "共有が必要なら期限付きのユーザー委任 SAS を使う。",
     "Set allowBlobPublicAccess to false (az storage account update --allow-blob-public-access "
     "false); share with short-lived user-delegation SAS instead.",
     "https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-prevent",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_AZURE, C_PUBLIC, K_STORAGE},
    {"az.shared-key-access", JK_SEV_MEDIUM, F(AZ_ACCOUNTS),
     "[].allowSharedKeyAccess is true or null (account keys and account-key SAS tokens work)",
     (const jk_cond[]){{"allowSharedKeyAccess", JK_C_NOT_FALSE, NULL, NULL}, END},
     "共有キーが有効: アカウントキーで署名した SAS トークンを誰でも作れてしまう",
     "Shared key access is on: account-key SAS tokens of any scope and lifetime can be made",
     "allowSharedKeyAccess を false にし、Microsoft Entra ID 認証とユーザー委任 SAS に切り替える。",
     "Set allowSharedKeyAccess to false; use Microsoft Entra ID and user-delegation SAS.",
     "https://learn.microsoft.com/en-us/azure/storage/common/shared-key-authorization-prevent",
     CAT(MISCONFIGURATION), P_AZURE, C_KEYS, K_STORAGE},
    {"az.no-sas-expiry-policy", JK_SEV_MEDIUM, F(AZ_ACCOUNTS),
     "[].sasPolicy is null (no upper bound on SAS token lifetime)",
     (const jk_cond[]){{"sasPolicy", JK_C_NULL, NULL, NULL}, END},
     "SAS の有効期限ポリシーがない: 何十年も有効なトークンを発行できる",
     "No SAS expiration policy: tokens valid for decades can be issued",
     "sasPolicy(有効期限の上限)を設定する(az storage account update --sas-exp 1.00:00:00)。",
     "Set a SAS expiration policy (az storage account update --sas-exp 1.00:00:00).",
     "https://learn.microsoft.com/en-us/azure/storage/common/sas-expiration-policy",
     CAT(MISCONFIGURATION), P_AZURE, C_KEYS, K_STORAGE},
    {"az.network-open", JK_SEV_LOW, F(AZ_ACCOUNTS),
     "[].networkRuleSet.defaultAction = Allow and publicNetworkAccess is not Disabled",
     (const jk_cond[]){{"networkRuleSet.defaultAction", JK_C_EQ, "Allow", NULL},
                       {"publicNetworkAccess", JK_C_NE, "Disabled", NULL}, END},
     "ストレージアカウントがすべてのネットワークからアクセスを受け付ける",
     "Storage account accepts traffic from every network",
     "ネットワーク規則の既定動作を Deny にし、必要な VNet / IP だけを許可する。",
     "Set the network rules' default action to Deny and allow only the networks you need.",
     "https://learn.microsoft.com/en-us/azure/storage/common/storage-network-security",
     CAT(MISCONFIGURATION), P_AZURE, "アクセス制限|IPアドレス|IP アドレス|ネットワーク制限", K_STORAGE},
    {"az.tls-old", JK_SEV_LOW, F(AZ_ACCOUNTS),
     "[].minimumTlsVersion is TLS1_0, TLS1_1 or not set",
     (const jk_cond[]){{NULL, JK_C_OR, NULL,
                        (const jk_cond[]){{"minimumTlsVersion", JK_C_EQ, "TLS1_0|TLS1_1", NULL},
                                          {"minimumTlsVersion", JK_C_NULL, NULL, NULL}, END}},
                       END},
     "古い TLS(1.0/1.1)を受け付ける", "Old TLS (1.0/1.1) is accepted",
     "minimumTlsVersion を TLS1_2 にする。", "Set minimumTlsVersion to TLS1_2.",
     "https://learn.microsoft.com/en-us/azure/storage/common/"
     "transport-layer-security-configure-minimum-version",
     CAT(MISCONFIGURATION), P_AZURE, C_TLS, K_STORAGE},
    {"az.container-public", JK_SEV_HIGH, F(AZ_CONTAINERS),
     "[].properties.publicAccess = blob or container (anonymous read; container also lists)",
     (const jk_cond[]){{"properties.publicAccess", JK_C_EQ, "blob|container", NULL}, END},
     "コンテナーが匿名で読める(公開フォルダと同じ)",
     "Container is anonymously readable (a public folder)",
     "コンテナーのアクセスレベルを private(off)にする(az storage container set-permission "
     "--public-access off)。",
     "Set the container's access level to private (az storage container set-permission "
     "--public-access off).",
     "https://learn.microsoft.com/en-us/azure/storage/blobs/anonymous-read-access-configure",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_AZURE, C_PUBLIC, K_STORAGE},

    /* ---- Google Drive and Forms ---- */
    {"drive.form-anyone-edit", JK_SEV_HIGH, F(DRIVE_FILES),
     "files[] of mimeType application/vnd.google-apps.form with a permission type = anyone, "
     "role = writer (the edit link works for anyone who has it)",
     (const jk_cond[]){{"mimeType", JK_C_EQ, FORM_MIME, NULL},
                       {"permissions", JK_C_ANY, NULL,
                        (const jk_cond[]){{"type", JK_C_EQ, "anyone", NULL},
                                          {"role", JK_C_EQ, WRITER, NULL}, END}},
                       END},
     "Google フォームの編集リンクを知る誰もが編集でき、回答も見られる",
     "Google Form editable by anyone with the link, answers included",
     "フォームの共有を「制限付き」にし、編集者を個人で指定する。回答者には送信用リンクだけを渡す。",
     "Restrict the form's sharing and name its editors; give respondents only the send link.",
     "https://developers.google.com/drive/api/guides/manage-sharing", CAT(MISCONFIGURATION),
     P_GFORMS, "編集|書き換え", K_FORMS},
    {"drive.anyone-edit", JK_SEV_HIGH, F(DRIVE_FILES),
     "files[] (not forms) with a permission type = anyone, role = writer",
     (const jk_cond[]){{"mimeType", JK_C_NE, FORM_MIME, NULL},
                       {"permissions", JK_C_ANY, NULL,
                        (const jk_cond[]){{"type", JK_C_EQ, "anyone", NULL},
                                          {"role", JK_C_EQ, WRITER, NULL}, END}},
                       END},
     "リンクを知る誰もが編集できるファイル", "File editable by anyone with the link",
     "共有を「制限付き」にし、必要な人だけを編集者にする。",
     "Restrict sharing and make only the people who need it editors.",
     "https://developers.google.com/drive/api/guides/manage-sharing",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_GDRIVE, "編集|書き換え|閲覧", K_DOCS},
    {"drive.public-on-web", JK_SEV_HIGH, F(DRIVE_FILES),
     "files[] with a permission type = anyone, allowFileDiscovery = true (public, findable by "
     "search)",
     (const jk_cond[]){{"permissions", JK_C_ANY, NULL,
                        (const jk_cond[]){{"type", JK_C_EQ, "anyone", NULL},
                                          {"allowFileDiscovery", JK_C_TRUE, NULL, NULL}, END}},
                       END},
     "ウェブ上で一般公開(検索で見つかる)されたファイル",
     "File public on the web: anyone can find it by search",
     "一般公開をやめ、共有を「制限付き」にする。", "Stop publishing it; restrict sharing.",
     "https://developers.google.com/drive/api/guides/manage-sharing",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_GDRIVE, C_PUBLIC, K_STORAGE "|" K_DOCS},
    {"drive.anyone-read", JK_SEV_MEDIUM, F(DRIVE_FILES),
     "files[] (not forms) with a permission type = anyone, role = reader or commenter",
     (const jk_cond[]){{"mimeType", JK_C_NE, FORM_MIME, NULL},
                       {"permissions", JK_C_ANY, NULL,
                        (const jk_cond[]){{"type", JK_C_EQ, "anyone", NULL},
                                          {"role", JK_C_EQ, "reader|commenter", NULL},
                                          {"allowFileDiscovery", JK_C_NOT_TRUE, NULL, NULL}, END}},
                       END},
     "リンクを知る誰もが閲覧できるファイル(URL の転送・誤掲載で漏えいする)",
     "File readable by anyone with the link (a forwarded or mis-posted URL leaks it)",
     "個人情報を含むなら共有を「制限付き」にし、閲覧者を個人で指定する。",
     "If it holds personal data, restrict sharing and name its readers.",
     "https://developers.google.com/drive/api/guides/manage-sharing",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_GDRIVE, C_PUBLIC, K_STORAGE "|" K_DOCS},

    /* ---- Firebase ---- */
    {"firebase.open-read", JK_SEV_HIGH, F(FIREBASE_RTDB) | F(FIREBASE_RULES),
     "\".read\": true, or allow read/get/list with no condition, if true, or only a date "
     "(test mode)",
     (const jk_cond[]){{"reads", JK_C_TRUE, NULL, NULL},
                       {"access", JK_C_EQ, "open|open-until", NULL}, END},
     "Firebase のデータを認証なしで誰でも読める", "Firebase data readable by anyone, without signing in",
     "ルールで認証とデータの持ち主を確認する(request.auth.uid == userId 等)。テストモードの"
     "ルールを本番に残さない。",
     "Require sign-in and check ownership in the rules (request.auth.uid == userId); never "
     "ship test-mode rules.",
     "https://firebase.google.com/docs/rules/insecure-rules",
     CAT(MISCONFIGURATION) | CAT(HACKING), P_FIREBASE, C_DB, K_DB},
    {"firebase.open-write", JK_SEV_HIGH, F(FIREBASE_RTDB) | F(FIREBASE_RULES),
     "\".write\": true, or allow write/create/update/delete with no condition, if true, or only "
     "a date",
     (const jk_cond[]){{"writes", JK_C_TRUE, NULL, NULL},
                       {"access", JK_C_EQ, "open|open-until", NULL}, END},
     "Firebase のデータに認証なしで誰でも書き込める", "Firebase data writable by anyone, without signing in",
     "書き込みは認証済みの持ち主に限り、値も検証する。",
     "Allow writes only to signed-in owners, and validate the data.",
     "https://firebase.google.com/docs/rules/insecure-rules",
     CAT(MISCONFIGURATION) | CAT(HACKING), P_FIREBASE, C_DB, K_DB},
    {"firebase.any-user", JK_SEV_MEDIUM, F(FIREBASE_RTDB) | F(FIREBASE_RULES),
     "access allowed on auth != null alone (any account, even one made a second ago)",
     (const jk_cond[]){{"access", JK_C_EQ, "any-user", NULL}, END},
     "ログインさえすれば誰のデータも読み書きできる",
     "Any signed-in user can reach everyone's data",
     "auth != null だけでなく、データの持ち主(request.auth.uid)を確認する。",
     "Check the data's owner (request.auth.uid), not just that someone signed in.",
     "https://firebase.google.com/docs/rules/insecure-rules",
     CAT(MISCONFIGURATION) | CAT(HACKING), P_FIREBASE, C_DB, K_DB},

    /* ---- Amazon S3 ---- */
    {"s3.public-access-block-off", JK_SEV_MEDIUM, F(S3_PAB),
     "PublicAccessBlockConfiguration has a setting false (BlockPublicAcls, IgnorePublicAcls, "
     "BlockPublicPolicy, RestrictPublicBuckets)",
     (const jk_cond[]){{NULL, JK_C_OR, NULL,
                        (const jk_cond[]){{"BlockPublicAcls", JK_C_FALSE, NULL, NULL},
                                          {"IgnorePublicAcls", JK_C_FALSE, NULL, NULL},
                                          {"BlockPublicPolicy", JK_C_FALSE, NULL, NULL},
                                          {"RestrictPublicBuckets", JK_C_FALSE, NULL, NULL}, END}},
                       END},
     "S3 のパブリックアクセスブロックが無効(公開を止める安全装置がない)",
     "S3 Block Public Access is off (no guard rail against making data public)",
     "4 つの設定をすべて true にする(aws s3api put-public-access-block)。",
     "Turn all four settings on (aws s3api put-public-access-block).",
     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_AWS, C_PUBLIC, K_STORAGE},
    {"s3.acl-public", JK_SEV_HIGH, F(S3_ACL),
     "Grants[].Grantee.URI = the AllUsers or AuthenticatedUsers group",
     (const jk_cond[]){{"Grantee.URI", JK_C_EQ,
                        "http://acs.amazonaws.com/groups/global/AllUsers|"
                        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
                        NULL},
                       END},
     "S3 バケットの ACL が全員(または全 AWS ユーザー)に権限を与えている",
     "S3 bucket ACL grants access to everyone (or every AWS account)",
     "ACL を無効にする(Object Ownership を BucketOwnerEnforced に)か、公開の許可を削除する。",
     "Disable ACLs (Object Ownership: BucketOwnerEnforced) or remove the public grant.",
     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_AWS, C_PUBLIC, K_STORAGE},
    {"s3.policy-public", JK_SEV_HIGH, F(S3_POLICY),
     "Policy.Statement[] with Effect = Allow, Principal \"*\" (or AWS \"*\") and no Condition",
     (const jk_cond[]){{"Effect", JK_C_EQ, "Allow", NULL},
                       {"public", JK_C_TRUE, NULL, NULL},
                       {"conditioned", JK_C_FALSE, NULL, NULL}, END},
     "S3 バケットポリシーが誰にでもアクセスを許可している",
     "S3 bucket policy allows anyone",
     "Principal を必要なアカウント・ロールに限るか、Condition で絞る。",
     "Name the accounts or roles in Principal, or narrow it with a Condition.",
     "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), P_AWS, C_PUBLIC, K_STORAGE},
};
const size_t jk_check_rules_n = sizeof jk_check_rules / sizeof jk_check_rules[0];

/* Settings that no export shows: taught by `jikenbo lessons`, not faked. */
const jk_lesson_setting jk_lesson_settings[] = {
    {"forms.summary-visible", "Google フォームで「結果の概要を表示する」「前の回答を表示」が有効",
     "Google Forms shows respondents the summary of all answers (or previous answers)",
     "フォームの設定で「結果の概要を表示する」をオフにし、公開前に別の人が回答者の画面で確かめる。",
     "Turn off \"See summary charts and text responses\" and have someone else test the form "
     "as a respondent before publishing.",
     CAT(MISCONFIGURATION), W_FORMS,
     "回答の概要|結果の概要|概要を表示|前の回答|他の回答|回答結果|他の申込者|他の参加者|統計データ"},
    {"web.cache-plugin", "キャッシュ・プラグインがフォーム入力を保存し他人に表示",
     "A cache plug-in stores what people type into forms and serves it to others",
     "フォームや個人ページをキャッシュ対象から外し、プラグイン更新後に設定を確かめる。",
     "Exclude forms and personal pages from the cache; re-check its settings after updates.",
     CAT(MISCONFIGURATION) | CAT(PROGRAMMING_ERROR), "キャッシュ|プラグイン|WordPress",
     "キャッシュ"},
    {"web.upload-folder-public", "ウェブサイトのアップロード先フォルダが外部から閲覧できる",
     "A website keeps uploaded files in a folder anyone can open",
     "アップロード先を公開ディレクトリの外に置き、一覧表示と直接アクセスを禁止する。",
     "Keep uploads outside the public web root; forbid listing and direct access.",
     CAT(MISCONFIGURATION) | CAT(PUBLISHING_ERROR), "フォルダ|添付ファイル|アップロード",
     "閲覧可能|閲覧できる|外部から|公開"},
};
const size_t jk_lesson_settings_n = sizeof jk_lesson_settings / sizeof jk_lesson_settings[0];

const jk_check_rule *jk_check_rule_find(const char *id, size_t *idx) {
  for (size_t i = 0; i < jk_check_rules_n; i++)
    if (strcmp(jk_check_rules[i].id, id) == 0) {
      if (idx) *idx = i;
      return &jk_check_rules[i];
    }
  return NULL;
}

const char *jk_severity_name(int sev) {
  switch (sev) {
  case JK_SEV_HIGH: return "high";
  case JK_SEV_MEDIUM: return "medium";
  case JK_SEV_LOW: return "low";
  default: return "none";
  }
}

int jk_severity_parse(const char *s) {
  if (!s) return -1;
  for (int v = JK_SEV_LOW; v <= JK_SEV_HIGH; v++)
    if (strcmp(s, jk_severity_name(v)) == 0) return v;
  return -1;
}

/* ---- '|' alternatives -------------------------------------------------- */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static bool ieq(const char *a, size_t an, const char *b, size_t bn) {
  if (an != bn) return false;
  for (size_t i = 0; i < an; i++)
    if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return false;
  return true;
}

bool jk_alt_eq(const char *alts, const char *s, size_t n) {
  if (!alts || !s) return false;
  for (const char *a = alts;;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (ieq(a, k, s, n)) return true;
    if (!bar) return false;
    a = bar + 1;
  }
}

/* Case-insensitive (ASCII) search of w[0..wn) in text. */
static bool icontains(const char *text, size_t n, const char *w, size_t wn) {
  if (wn == 0 || wn > n) return wn == 0;
  /* No ASCII letter in the word: case does not matter, and a byte search
     is many times faster on Japanese (most characters share a lead byte). */
  size_t letters = 0;
  for (size_t i = 0; i < wn; i++) letters += lower((unsigned char)w[i]) != (unsigned char)w[i] || (w[i] >= 'a' && w[i] <= 'z');
  if (!letters) return jk_memmem(text, n, w, wn) != NULL;
  int f = lower((unsigned char)w[0]);
  for (size_t i = 0; i + wn <= n; i++) {
    if (lower((unsigned char)text[i]) != f) continue;
    if (ieq(text + i, wn, w, wn)) return true;
  }
  return false;
}

bool jk_alt_in(const char *alts, const char *text, size_t n) {
  if (!alts || !text) return false;
  for (const char *a = alts;;) {
    const char *bar = strchr(a, '|');
    size_t k = bar ? (size_t)(bar - a) : strlen(a);
    if (k && icontains(text, n, a, k)) return true;
    if (!bar) return false;
    a = bar + 1;
  }
}

/* ---- many '|' lists searched in one pass ----------------------------------- */

#define WS_BUCKETS 1024

struct jk_wordset {
  size_t nw, ngroups;
  const char **w; /* lower-cased copies */
  size_t *wl;
  int *next;      /* bucket chains */
  int head[4][WS_BUCKETS]; /* by key length 1..3 (the word's first bytes) */
  int nk[4];
  int any_cont;   /* a word starts with a UTF-8 continuation byte */
  int *ids;       /* word ids of group g: ids[g0[g] .. g0[g + 1]) */
  size_t *g0;
  size_t nids;
};

static unsigned ws_hash(const unsigned char *p, int k) {
  unsigned h = (unsigned)k;
  for (int i = 0; i < k; i++) h = h * 131u + (unsigned)lower(p[i]);
  return h % WS_BUCKETS;
}

void jk_wordset_free(jk_wordset *ws) {
  if (!ws) return;
  for (size_t i = 0; i < ws->nw; i++) free((void *)ws->w[i]);
  free(ws->w);
  free(ws->wl);
  free(ws->next);
  free(ws->ids);
  free(ws->g0);
  free(ws);
}

jk_wordset *jk_wordset_new(const char *const *groups, size_t n) {
  jk_wordset *ws = calloc(1, sizeof *ws);
  if (!ws) return NULL;
  size_t total = 0;
  for (size_t g = 0; g < n; g++)
    for (const char *a = groups[g]; a; a = strchr(a, '|'), a = a ? a + 1 : NULL) total++;
  ws->ngroups = n;
  ws->w = calloc(total + 1, sizeof *ws->w);
  ws->wl = calloc(total + 1, sizeof *ws->wl);
  ws->next = calloc(total + 1, sizeof *ws->next);
  ws->ids = calloc(total + 1, sizeof *ws->ids);
  ws->g0 = calloc(n + 1, sizeof *ws->g0);
  if (!ws->w || !ws->wl || !ws->next || !ws->ids || !ws->g0 || total > JK_WORDSET_MAX) {
    jk_wordset_free(ws);
    return NULL;
  }
  for (int k = 0; k < 4; k++)
    for (int h = 0; h < WS_BUCKETS; h++) ws->head[k][h] = -1;
  for (size_t g = 0; g < n; g++) {
    ws->g0[g] = ws->nids;
    for (const char *a = groups[g]; a;) {
      const char *bar = strchr(a, '|');
      size_t k = bar ? (size_t)(bar - a) : strlen(a);
      if (k) {
        char *low = malloc(k + 1);
        if (!low) {
          jk_wordset_free(ws);
          return NULL;
        }
        for (size_t i = 0; i < k; i++) low[i] = (char)lower((unsigned char)a[i]);
        low[k] = 0;
        size_t j = 0;
        while (j < ws->nw && !(ws->wl[j] == k && !memcmp(ws->w[j], low, k))) j++;
        if (j == ws->nw) {
          int kl = k < 3 ? (int)k : 3;
          unsigned h = ws_hash((const unsigned char *)low, kl);
          ws->w[j] = low;
          ws->wl[j] = k;
          ws->next[j] = ws->head[kl][h];
          ws->head[kl][h] = (int)j;
          ws->nk[kl]++;
          if (((unsigned char)low[0] & 0xC0) == 0x80) ws->any_cont = 1;
          ws->nw++;
        } else {
          free(low);
        }
        ws->ids[ws->nids++] = (int)j;
      }
      a = bar ? bar + 1 : NULL;
    }
  }
  ws->g0[n] = ws->nids;
  return ws;
}

void jk_wordset_scan(const jk_wordset *ws, const char *t, size_t n, uint64_t *bits) {
  memset(bits, 0, JK_WORDSET_LIMBS * sizeof *bits);
  if (!t) return;
  const unsigned char *p = (const unsigned char *)t;
  for (size_t i = 0; i < n; i++) {
    if ((p[i] & 0xC0) == 0x80 && !ws->any_cont) continue; /* no word starts inside a character */
    for (int kl = 1; kl <= 3; kl++) {
      if (!ws->nk[kl] || i + (size_t)kl > n) continue;
      for (int j = ws->head[kl][ws_hash(p + i, kl)]; j >= 0; j = ws->next[j]) {
        size_t wl = ws->wl[j];
        if (wl > n - i || (bits[j >> 6] >> (j & 63) & 1)) continue;
        const unsigned char *w = (const unsigned char *)ws->w[j];
        size_t x = 0;
        while (x < wl && lower(p[i + x]) == w[x]) x++;
        if (x == wl) bits[j >> 6] |= (uint64_t)1 << (j & 63);
      }
    }
  }
}

bool jk_wordset_hit(const jk_wordset *ws, const uint64_t *bits, size_t g) {
  if (g >= ws->ngroups) return false;
  for (size_t i = ws->g0[g]; i < ws->g0[g + 1]; i++) {
    int j = ws->ids[i];
    if (bits[j >> 6] >> (j & 63) & 1) return true;
  }
  return false;
}
