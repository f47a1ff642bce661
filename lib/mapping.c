/*
** mapping.c — jikenbo's vocabulary in VERIS 1.4, STIX 2.1 and MISP terms,
** as tables that can be read (and corrected) without reading code.
**
**   causes        SCHEMA.md category -> VERIS action/variety/vector and
**                 actor, Incident Core incident_types, MISP VERIS tag
**   data kinds    data_types -> VERIS data variety, MISP taxonomy
**                 variety, Incident Core information_type, MISP category
**   organisations last word of the name -> NAICS industry (VERIS), level
**                 of government, STIX industry sector
**   discovery     who told the organisation -> VERIS discovery_method,
**                 MISP tag value, Incident Core detection_methods
**
** Every VERIS value here is an enumeration value of verisc-merged.json
** (1.4.1) and every MISP value one of taxonomies/veris/machinetag.json;
** the share tests check both against those files.  Incident Core's
** incident_types, information_type and detection_methods are open
** vocabularies (plain strings in its schema).
*/
#include "mapping.h"
#include "jk_int.h"

#include <string.h>

/* ---- causes ------------------------------------------------------------
** The VERIS column is SCHEMA.md's alignment.  Where SCHEMA.md gives only
** the action (hacking, malware other, misuse) the variety is "Unknown":
** notices rarely say which technique.  Error vectors (carelessness or
** process) are not stated either, hence "Unknown".  The actor follows
** from the action: errors and misuse are the organisation's own people
** (a contractor's when the notice says vendor: the exporters switch to
** "partner"), hacking and malware outsiders; theft and "other" leave the
** actor unknown. */
static const jk_cause_map causes[JK_CAT_COUNT] = {
    {JK_CAT_OTHER, NULL, NULL, NULL, "unknown", NULL, NULL},
    {JK_CAT_MISDELIVERY, "error", "Misdelivery", "Unknown", "internal", "insider-disclosure",
     "veris:action:error:variety=\"Misdelivery\""},
    {JK_CAT_MISCONFIGURATION, "error", "Misconfiguration", "Unknown", "internal", "insider-disclosure",
     "veris:action:error:variety=\"Misconfiguration\""},
    {JK_CAT_PUBLISHING_ERROR, "error", "Publishing error", "Unknown", "internal", "insider-disclosure",
     "veris:action:error:variety=\"Publishing error\""},
    {JK_CAT_PROGRAMMING_ERROR, "error", "Programming error", "Unknown", "internal", "insider-disclosure",
     "veris:action:error:variety=\"Programming error\""},
    {JK_CAT_LOSS, "error", "Loss", "Unknown", "internal", "equipment-loss", "veris:action:error:variety=\"Loss\""},
    {JK_CAT_HACKING, "hacking", "Unknown", "Unknown", "external", "unauthorized-access",
     "veris:action:hacking:variety=\"Unknown\""},
    {JK_CAT_RANSOMWARE, "malware", "Ransomware", "Unknown", "external", "ransomware",
     "veris:action:malware:variety=\"Ransomware\""},
    {JK_CAT_MALWARE, "malware", "Unknown", "Unknown", "external", "malware",
     "veris:action:malware:variety=\"Unknown\""},
    {JK_CAT_MISUSE, "misuse", "Unknown", "Unknown", "internal", "insider-malicious",
     "veris:action:misuse:variety=\"Unknown\""},
    {JK_CAT_THEFT, "physical", "Theft", "Unknown", "unknown", "equipment-theft",
     "veris:action:physical:variety=\"Theft\""},
};

const jk_cause_map *jk_map_cause(jk_category c) {
  return (unsigned)c < JK_CAT_COUNT ? &causes[c] : &causes[JK_CAT_OTHER];
}

int jk_map_cause_from_tag(const char *tag) {
  for (int i = 0; i < JK_CAT_COUNT; i++)
    if (causes[i].misp_tag && strcmp(causes[i].misp_tag, tag) == 0) return i;
  return -1;
}

/* ---- kinds of data -----------------------------------------------------
** VERIS: contact and identity details are "Personal"; the My Number
** (個人番号) is a national id, which VERIS 1.4 calls "Sensitive Personal"
** (the older MISP taxonomy has no such value: "Personal" there).  Login
** ids and passwords are "Credentials"; chat, mail and form text is the
** organisation's "Internal" data in VERIS terms.  Incident Core has no
** fixed list of information types: these are short lower-case names. */
static const jk_data_map data[JK_DT_COUNT] = {
    {JK_DT_NAME, "Personal", "Personal", "pii", "Person"},
    {JK_DT_ADDRESS, "Personal", "Personal", "pii", "Person"},
    {JK_DT_PHONE, "Personal", "Personal", "pii", "Person"},
    {JK_DT_EMAIL, "Personal", "Personal", "pii", "Person"},
    {JK_DT_BIRTHDATE, "Personal", "Personal", "pii", "Person"},
    {JK_DT_GENDER, "Personal", "Personal", "pii", "Person"},
    {JK_DT_CARD, "Payment", "Payment", "payment-card", "Financial fraud"},
    {JK_DT_PASSWORD, "Credentials", "Credentials", "credentials", "Other"},
    {JK_DT_LOGIN_ID, "Credentials", "Credentials", "credentials", "Other"},
    {JK_DT_MYNUMBER, "Sensitive Personal", "Personal", "national-id", "Person"},
    {JK_DT_BANK, "Bank", "Bank", "financial", "Financial fraud"},
    {JK_DT_HEALTH, "Medical", "Medical", "health", "Person"},
    {JK_DT_EMPLOYMENT, "Personal", "Personal", "pii", "Person"},
    {JK_DT_SCHOOL, "Personal", "Personal", "pii", "Person"},
    {JK_DT_MESSAGE, "Internal", "Internal", "communications", "Other"},
    {JK_DT_LOCATION, "Personal", "Personal", "location", "Person"},
    {JK_DT_OTHER, "Other", "Other", "other", "Other"},
};

const jk_data_map *jk_map_data(jk_data_type t) {
  return (unsigned)t < JK_DT_COUNT ? &data[t] : &data[JK_DT_OTHER];
}

/* ---- organisations -----------------------------------------------------
** Japanese organisation names end in the word that says what they are:
** 宇部市 (a city), 東京大学 (a university), 鹿児島大学病院 (a hospital),
** 北都銀行 (a bank).  The legal form is set aside first (株式会社,
** 国立大学法人, …), then the first row whose word ends the name wins:
** longer words come before the shorter words they end with (大学病院
** before 大学 and 病院, 内閣府 before 府).  Industry codes are NAICS
** (what VERIS victim.industry holds): 92 public administration, 611
** education, 621/622 health care, 522-524 finance and insurance. */
static const jk_org_map orgs[] = {
    /* public administration: the level of government is VERIS's own field */
    {"内閣府", "921", "Federal", "government-national", "public administration (national)"},
    {"委員会", "92", "Federal", "government-national", "public administration (national)"},
    {"省", "921", "Federal", "government-national", "public administration (national)"},
    {"庁", "92", "Federal", "government-national", "public administration (national)"},
    {"北海道", "921", "Regional", "government-regional", "public administration (prefecture)"},
    {"都", "921", "Regional", "government-regional", "public administration (prefecture)"},
    {"府", "921", "Regional", "government-regional", "public administration (prefecture)"},
    {"県", "921", "Regional", "government-regional", "public administration (prefecture)"},
    {"市", "921", "Local", "government-local", "public administration (municipality)"},
    {"区", "921", "Local", "government-local", "public administration (municipality)"},
    {"町", "921", "Local", "government-local", "public administration (municipality)"},
    {"村", "921", "Local", "government-local", "public administration (municipality)"},
    /* health care before education: a university hospital is a hospital */
    {"大学病院", "622", "NA", "healthcare", "hospital"},
    {"病院", "622", "NA", "healthcare", "hospital"},
    {"医療センター", "622", "NA", "healthcare", "hospital"},
    {"クリニック", "621", "NA", "healthcare", "clinic"},
    {"診療所", "621", "NA", "healthcare", "clinic"},
    {"医院", "621", "NA", "healthcare", "clinic"},
    {"歯科", "621", "NA", "healthcare", "clinic"},
    {"薬局", "446", "NA", "healthcare", "pharmacy"},
    {"大学", "611", "NA", "education", "education"},
    {"大学校", "611", "NA", "education", "education"},
    {"高等専門学校", "611", "NA", "education", "education"},
    {"学校", "611", "NA", "education", "education"},
    {"学園", "611", "NA", "education", "education"},
    {"学院", "611", "NA", "education", "education"},
    {"幼稚園", "611", "NA", "education", "education"},
    {"保育園", "624", "NA", NULL, "child care"},
    /* finance and insurance */
    {"銀行", "522", "NA", "financial-services", "bank"},
    {"信用金庫", "522", "NA", "financial-services", "bank"},
    {"信用組合", "522", "NA", "financial-services", "bank"},
    {"証券", "523", "NA", "financial-services", "securities"},
    {"カード", "522", "NA", "financial-services", "card issuer"},
    {"保険組合", "524", "NA", "insurance", "insurance"},
    {"保険", "524", "NA", "insurance", "insurance"},
    /* other sectors a name states plainly */
    {"研究所", "5417", "NA", NULL, "research"},
    {"研究機構", "5417", "NA", NULL, "research"},
    {"協会", "813", "NA", "non-profit", "association"},
    {"連合会", "813", "NA", "non-profit", "association"},
    {"組合", "813", "NA", "non-profit", "association"},
    {"電力", "2211", "NA", "utilities", "electric power"},
    {"ガス", "2212", "NA", "utilities", "gas"},
    {"鉄道", "482", "NA", "transportation", "railway"},
    {"航空", "481", "NA", "transportation", "airline"},
    {"運輸", "48", "NA", "transportation", "transportation"},
    {"物流", "493", "NA", "transportation", "logistics"},
    {"新聞社", "5111", "NA", "communications", "newspaper"},
    {"放送", "515", "NA", "communications", "broadcasting"},
    {"ホテル", "721", "NA", "hospitality-leisure", "hotel"},
    {"旅館", "721", "NA", "hospitality-leisure", "hotel"},
    {"百貨店", "452", "NA", "retail", "retail"},
    {"建設", "23", "NA", "construction", "construction"},
    {"製薬", "3254", "NA", "pharmaceuticals", "pharmaceuticals"},
};

/* Legal forms and honorific parts set aside before the last word is read. */
static const char *const legal_forms[] = {
    "株式会社", "(株)", "有限会社", "合同会社", "合資会社", "一般社団法人", "公益社団法人", "一般財団法人",
    "公益財団法人", "特定非営利活動法人", "NPO法人", "社会福祉法人", "医療法人社団", "医療法人財団",
    "医療法人", "学校法人", "国立大学法人", "公立大学法人", "国立研究開発法人", "地方独立行政法人",
    "独立行政法人",
};

/* Departments of a government named after it: 宇部市教育委員会 is the city. */
static const char *const departments[] = {
    "教育委員会", "選挙管理委員会", "役所", "役場", "議会", "水道局", "交通局", "消防局", "病院局", "上下水道局",
};

/* Names that begin with the national government's own words. */
static const char *const national_prefixes[] = {"内閣"};

static void trim_spaces(const char **p, size_t *n) { jk_trim(p, n); }

const jk_org_map *jk_map_org(const char *org) {
  if (!org) return NULL;
  const char *p = org;
  size_t n = strlen(org);
  trim_spaces(&p, &n);
  /* Legal forms may stand before or after the name, possibly twice. */
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof legal_forms / sizeof legal_forms[0]; i++) {
      size_t k = strlen(legal_forms[i]);
      if (n > k && jk_starts(p, n, legal_forms[i])) {
        p += k, n -= k, again = 1;
      } else if (n > k && jk_ends(p, n, legal_forms[i])) {
        n -= k, again = 1;
      }
      trim_spaces(&p, &n);
    }
  }
  for (size_t i = 0; i < sizeof national_prefixes / sizeof national_prefixes[0]; i++)
    if (jk_starts(p, n, national_prefixes[i])) return &orgs[0]; /* national government */
  for (size_t i = 0; i < sizeof departments / sizeof departments[0]; i++) {
    size_t k = strlen(departments[i]);
    if (n > k && jk_ends(p, n, departments[i])) {
      /* Only when a government stands before it (市/町/村/区/県/都/府/道). */
      size_t m = n - k;
      for (size_t j = 0; j < sizeof orgs / sizeof orgs[0]; j++)
        if (strcmp(orgs[j].naics, "921") == 0 && jk_ends(p, m, orgs[j].word)) return &orgs[j];
    }
  }
  for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
    size_t k = strlen(orgs[i].word);
    if (n > k && jk_ends(p, n, orgs[i].word)) return &orgs[i];
  }
  return NULL;
}

/* ---- discovery -----------------------------------------------------------
** A notice says how the incident came to light in one sentence: "お客様
** からのお問い合わせがあり", "クレジットカード会社から連絡を受け",
** "警察からの連絡により", "職員が気付き".  A row matches when its words
** and, after them in the same sentence, one of its verbs appear; the verb
** is what keeps "お客様からお預かりした情報" and "お客様からのお問い合わせ
** 窓口" (the contact section) from counting.  Rows are tried in order. */
static const char *const told[] = {
    "問い合わせがあ", "問い合わせを受け", "問合せがあ", "問合せを受け", "指摘があ", "指摘を受け", "指摘により",
    "連絡があ", "連絡を受け", "連絡により", "通報があ", "通報を受け", "通報により", "申し出があ", "申出があ",
    "報告があ", "報告を受け", "報告により", "通知を受け", "通知があ", "相談があ", "相談を受け", NULL};
static const char *const noticed[] = {"気づ", "気付", "発見", NULL};
static const char *const alone[] = {"", NULL}; /* the words say it all */

typedef struct discovery_row {
  const char *words[12];
  const char *const *verbs;
  jk_discovery_map map;
} discovery_row;

static const discovery_row discoveries[] = {
    {{"クレジットカード会社", "カード会社から", "カード会社より", "決済代行会社から", "決済代行会社より", NULL},
     told,
     {NULL, "external", "Fraud detection", "Ext - fraud detection", "fraud-detection"}},
    {{"警察から", "警察より", "警察署から", "警察署より", "警察庁から", "個人情報保護委員会から", NULL},
     told,
     {NULL, "external", "Law enforcement", "Ext - law enforcement", "law-enforcement-notification"}},
    {{"犯行声明", NULL}, alone, {NULL, "external", "Actor disclosure", "Ext - actor disclosure", "actor-disclosure"}},
    {{"攻撃者から", "攻撃者より", NULL},
     told,
     {NULL, "external", "Actor disclosure", "Ext - actor disclosure", "actor-disclosure"}},
    {{"セキュリティ研究者", "研究者から", NULL},
     told,
     {NULL, "external", "Security researcher", "Ext - other", "security-researcher"}},
    {{"委託先から", "委託先より", "委託業者から", "委託事業者から", "委託先事業者から", NULL},
     told,
     {NULL, "partner", "Other", "Prt - other", "partner-notification"}},
    {{"お客様から", "お客さまから", "お客様より", "お客さまより", "利用者から", "利用者様から", "会員様から",
      "会員の方から", "受信者から", "受信者の方から", "保護者から", "保護者の方から"},
     told,
     {NULL, "external", "Customer", "Ext - customer", "customer-report"}},
    {{"住民から", "住民の方から", "市民から", "市民の方から", "患者様から", "患者さまから", "ご本人から", "本人から",
      "取引先から", "受講者から", "学生から", NULL},
     told,
     {NULL, "external", "Customer", "Ext - customer", "customer-report"}},
    {{"第三者から", "第三者より", "外部の方から", "外部機関から", "外部の機関から", "外部からの指摘",
      "外部からの連絡", "外部からの通報", "JPCERT", "セキュリティ会社から", "セキュリティ企業から", NULL},
     told,
     {NULL, "external", "Unrelated 3rd party", "Ext - unrelated 3rd party", "third-party-notification"}},
    {{"従業員が", "職員が", "社員が", "教員が", "担当者が", "スタッフが", NULL},
     noticed,
     {NULL, "internal", "Reported by employee", "Int - reported by employee", "employee-report"}},
    {{"ウイルス対策ソフト", "ウイルス対策製品", "セキュリティソフト", NULL},
     (const char *const[]){"検知", "検出", NULL},
     {NULL, "internal", "Antivirus", "Int - antivirus", "antivirus"}},
    {{"不審な通信を検知", "不正な通信を検知", "不審なアクセスを検知", "不正なアクセスを検知", "異常な通信を検知",
      "異常を検知", NULL},
     alone,
     {NULL, "internal", "Infrastructure monitoring", "Int - infrastructure monitoring", "monitoring"}},
};

/* Is [p, p+n) inside one sentence that has any verb after it? */
static bool verb_after(const char *s, size_t n, const char *const *verbs) {
  if (verbs[0][0] == 0) return true;
  for (size_t i = 0; verbs[i]; i++)
    if (jk_has(s, n, verbs[i])) return true;
  return false;
}

const jk_discovery_map *jk_map_discovery(const char *text, size_t len) {
  if (!text) return NULL;
  /* Sentences end at 。 or a line end. */
  const char *end = text + len;
  for (const char *s = text; s < end;) {
    const char *e = s;
    while (e < end && *e != '\n' && !(end - e >= 3 && memcmp(e, "。", 3) == 0)) e++;
    size_t n = (size_t)(e - s);
    for (size_t r = 0; r < sizeof discoveries / sizeof discoveries[0]; r++) {
      const discovery_row *row = &discoveries[r];
      for (size_t w = 0; w < 12 && row->words[w]; w++) {
        const char *at = jk_find(s, n, row->words[w]);
        if (!at) continue;
        size_t after = (size_t)(at - s) + strlen(row->words[w]);
        if (verb_after(s + after, n - after, row->verbs)) return &row->map;
      }
    }
    s = e < end ? e + (*e == '\n' ? 1 : 3) : e;
  }
  return NULL;
}

/* Words by which a notice says exposure is possible, not confirmed. */
static const char *const possible_words[] = {"可能性", "おそれ", "恐れ", "懸念"};

bool jk_map_possible(const char *text, size_t len) {
  if (!text) return false;
  for (size_t i = 0; i < sizeof possible_words / sizeof possible_words[0]; i++)
    if (jk_has(text, len, possible_words[i])) return true;
  return false;
}
