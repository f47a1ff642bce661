/*
** test_search.c — Japanese search: the bigram tokenizer (fts_bigram.c),
** the search language (jk_query_parse), and jk_store_search with
** filters, phrases, snippets, paging and sorting (search.c).  SQL
** metacharacters in every field must stay data.
*/
#include "harness.h"
#include "check.h"
#include "store.h"
#include "store_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <sqlite3.h>
#include <unistd.h>

/* ---- the tokenizer ------------------------------------------------------- */

typedef struct toks {
  char s[1024]; /* tokens joined by '|', colocated ones marked '+' */
  int n;
} toks;

static int grab(void *vp, const char *tok, int n, int s, int e, int kind) {
  toks *t = vp;
  size_t len = strlen(t->s);
  snprintf(t->s + len, sizeof t->s - len, "%s%s%.*s", t->n ? "|" : "", kind & JK_TOK_COLOCATED ? "+" : "", n, tok);
  t->n++;
  return 0;
}

static const char *tokens(const char *text, int query) {
  static toks t;
  memset(&t, 0, sizeof t);
  jk_bigram_tokenize(text, (int)strlen(text), query, grab, &t);
  return t.s;
}

TEST(tokenizer_bigrams_for_japanese) {
  CHECK_STR(tokens("漏洩", 1), "漏洩");
  CHECK_STR(tokens("漏洩", 0), "漏洩|+洩");
  CHECK_STR(tokens("個人情報", 1), "個人|人情|情報");
  CHECK_STR(tokens("個人情報", 0), "個人|人情|情報|+報");
  /* kana and kanji form one run; punctuation splits runs */
  CHECK_STR(tokens("漏えい、紛失", 1), "漏え|えい|紛失");
  /* one character: its unigram, in documents and queries alike */
  CHECK_STR(tokens("市", 1), "市");
  CHECK_STR(tokens("市", 0), "市");
}

TEST(tokenizer_words_for_ascii_and_mixed) {
  CHECK_STR(tokens("Microsoft Teams", 1), "microsoft|teams");
  CHECK_STR(tokens("Google フォームの設定ミス", 1), "google|フォ|ォー|ーム|ムの|の設|設定|定ミ|ミス");
  CHECK_STR(tokens("約596万件", 1), "約|596|万件");
  CHECK_STR(tokens("CC/BCC", 0), "cc|bcc");
  CHECK_STR(tokens("', \"; -- %", 1), "");
  /* Invalid bytes separate tokens, never crash. */
  CHECK_STR(tokens("ab\xff\xfe漏洩", 1), "ab|漏洩");
}

TEST(tokenizer_long_inputs) {
  /* A long CJK run streams (no buffer limit) and very long words are cut
     the same way on both sides. */
  size_t n = 3 * 5000;
  char *s = malloc(n + 1);
  for (size_t i = 0; i < n; i += 3) memcpy(s + i, "漏", 3);
  s[n] = 0;
  toks t;
  memset(&t, 0, sizeof t);
  int count = 0;
  jk_bigram_tokenize(s, (int)n, 0, grab, &t);
  count = t.n;
  CHECK_INT(count, 5000); /* 4999 bigrams + the end unigram */
  memset(s, 'A', n);
  memset(&t, 0, sizeof t);
  jk_bigram_tokenize(s, (int)n, 1, grab, &t);
  CHECK_INT(t.n, 1);
  CHECK_INT((int)strlen(t.s), 64);
  free(s);
}

/* ---- a small casebook ---------------------------------------------------- */

static char tmpdir[256];

__attribute__((destructor)) static void cleanup(void) {
  if (tmpdir[0]) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {
    }
  }
}

/* Fictional notices: text and the record fields the test relies on. */
static const struct fx {
  const char *text, *json;
} fixtures[] = {
    {"【セキュリティ事件簿#2031-201】株式会社ミナトデータ メール誤送信による個人情報漏洩のお詫び\n"
     "2031年3月2日\n担当者がBCCで送るべきメールを宛先に入れて送信し、お客様の氏名とメールアドレスが漏洩しました。\n",
     "{\"casebook_id\":\"2031-201\",\"org\":\"株式会社ミナトデータ\",\"published\":\"2031-03-02\","
     "\"category\":\"misdelivery\",\"affected\":120,\"data_types\":[\"email\",\"name\"],\"vendor\":false}"},
    {"【セキュリティ事件簿#2031-202】白鷺台市 USBメモリの紛失について\n2031年4月5日\n"
     "白鷺台市の職員が、個人の情報を含むUSBメモリを紛失しました。\n",
     "{\"casebook_id\":\"2031-202\",\"org\":\"白鷺台市\",\"published\":\"2031-04-05\",\"category\":\"loss\","
     "\"affected\":null,\"data_types\":[\"name\"]}"},
    {"【セキュリティ事件簿#2031-203】医療法人コハク会 Microsoft Teams の共有設定の誤り\n2031年5月7日\n"
     "委託先が Microsoft Teams のチームを外部から閲覧できる設定にしていました。患者の個人情報が閲覧可能でした。\n",
     "{\"casebook_id\":\"2031-203\",\"org\":\"医療法人コハク会\",\"published\":\"2031-05-07\","
     "\"category\":\"misconfiguration\",\"affected\":4000,\"card\":false,\"vendor\":true,"
     "\"data_types\":[\"health\",\"name\"],\"reported_to\":[\"ppc\"],\"products\":[\"Microsoft Teams\"]}"},
    {"【セキュリティ事件簿#2031-204】株式会社カナメ物流 不正アクセスによるカード情報漏えい\n2031年6月1日\n"
     "決済アプリケーションの改ざんにより、クレジットカード情報が漏えいした可能性があります。\n",
     "{\"casebook_id\":\"2031-204\",\"org\":\"株式会社カナメ物流\",\"published\":\"2031-06-01\",\"category\":\"hacking\","
     "\"affected\":2849,\"card\":true,\"data_types\":[\"card\"],\"reported_to\":[\"police\",\"ppc\"]}"},
    {"【セキュリティ事件簿#2031-205】株式会社100%データ'; 誤送信 -- の件\n2031年7月1日\nFAXの誤送信がありました。\n",
     "{\"casebook_id\":\"2031-205\",\"org\":\"株式会社100%データ';\",\"published\":\"2031-07-01\","
     "\"category\":\"misdelivery\",\"affected\":3}"},
};
#define NFX (sizeof fixtures / sizeof fixtures[0])

static jk_store *casebook(void) {
  static jk_store *st;
  if (st) return st;
  snprintf(tmpdir, sizeof tmpdir, "/tmp/jk-test-search-XXXXXX");
  if (!mkdtemp(tmpdir)) abort();
  char path[400];
  snprintf(path, sizeof path, "%s/s.db", tmpdir);
  jk_err err = {0, ""};
  if (jk_store_open(path, JK_STORE_CREATE, &st, &err)) {
    fprintf(stderr, "  %s\n", err.msg);
    return NULL;
  }
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "fixtures.txt";
  long long d;
  int seen;
  jk_store_add_document(st, &info, "ab", &d, &seen, &err);
  for (size_t i = 0; i < NFX; i++) {
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = seg.raw = fixtures[i].text;
    seg.len = seg.raw_len = strlen(fixtures[i].text);
    seg.first_line = seg.heading_line = (int)(1 + 4 * i);
    seg.is_notice = 1;
    jk_record *r;
    if (jk_record_from_json(fixtures[i].json, strlen(fixtures[i].json), &r, &err)) {
      fprintf(stderr, "  fixture %zu: %s\n", i, err.msg);
      continue;
    }
    jk_add_result res;
    if (jk_store_add_segment(st, d, &seg, r, NULL, &res, &err)) fprintf(stderr, "  fixture %zu: %s\n", i, err.msg);
    jk_record_free(r);
  }
  return st;
}

typedef struct hits {
  char ids[512];   /* incident ids in order, space-separated */
  char snip[512];  /* the first snippet */
  int n;
} hits;

static int on_hit(void *vp, const jk_hit *h) {
  hits *x = vp;
  size_t len = strlen(x->ids);
  snprintf(x->ids + len, sizeof x->ids - len, "%s%s", x->n ? " " : "", h->incident);
  if (!x->n) snprintf(x->snip, sizeof x->snip, "%.500s", h->snippet);
  x->n++;
  return 0;
}

/* Run the query language text; returns the ids, or "ERR: message". */
static hits x; /* the last search's hits */

static const char *search(const char *text, long long *total) {
  memset(&x, 0, sizeof x);
  jk_store *st = casebook();
  if (!st) return "ERR: no store";
  char *buf = strdup(text);
  jk_query q;
  jk_query_init(&q);
  jk_err err = {0, ""};
  long long t = 0;
  jk_rc rc = jk_query_parse(buf, &q, &err);
  if (!rc) rc = jk_store_search(st, &q, on_hit, &x, &t, &err);
  free(buf);
  if (total) *total = t;
  if (rc) snprintf(x.ids, sizeof x.ids, "ERR: %.500s", err.msg);
  return x.ids;
}

static const char *snippet_of(const char *text) {
  search(text, NULL);
  return x.n ? x.snip : NULL;
}

/* ---- search -------------------------------------------------------------- */

TEST(two_character_words_match) {
  long long total;
  CHECK_STR(search("紛失", &total), "2031-202");
  CHECK_INT(total, 1);
  CHECK_STR(search("漏洩", &total), "2031-201");
  /* 漏えい is another spelling: it matches its own notice only */
  CHECK_STR(search("漏えい", NULL), "2031-204");
  CHECK_STR(search("誤送 sort:date", NULL), "2031-201 2031-205");
}

TEST(phrases_match_adjacent_only) {
  /* 個人情報 in 2031-201 and -203; 2031-202 has 個人の情報 (not adjacent) */
  CHECK_STR(search("個人情報 sort:date", NULL), "2031-201 2031-203");
  CHECK_STR(search("共有設定", NULL), "2031-203");
  CHECK_STR(search("共有の設定", NULL), "");
  CHECK_STR(search("共有 設定 sort:date", NULL), "2031-203");
  CHECK_STR(search("-紛失 個人 sort:date", NULL), "2031-201 2031-203");
  CHECK_STR(search("紛失 OR 改ざん sort:date", NULL), "2031-202 2031-204");
}

TEST(one_character_and_ascii_words) {
  /* 市 ends the run 白鷺台市: the prefix query finds it */
  CHECK_STR(search("市", NULL), "2031-202");
  CHECK_STR(search("teams", NULL), "2031-203");
  CHECK_STR(search("ＴＥＡＭＳ", NULL), "2031-203"); /* full width, NFKC'd */
  CHECK_STR(search("bcc", NULL), "2031-201");
}

TEST(filters_combine_with_words) {
  long long total;
  CHECK_STR(search("誤送信 category:misdelivery since:2031-07", &total), "2031-205");
  CHECK_STR(search("category:misdelivery until:2031-06 sort:date", NULL), "2031-201");
  CHECK_STR(search("type:card", NULL), "2031-204");
  CHECK_STR(search("type:name,health", NULL), "2031-203");
  CHECK_STR(search("reported:police", NULL), "2031-204");
  CHECK_STR(search("reported:ppc sort:date", NULL), "2031-203 2031-204");
  CHECK_STR(search("card:yes", NULL), "2031-204");
  CHECK_STR(search("vendor:yes", NULL), "2031-203");
  CHECK_STR(search("org:白鷺台", NULL), "2031-202");
  CHECK_STR(search("org:\"ミナト データ\"", NULL), "2031-201"); /* spaces do not matter */
  CHECK_STR(search("product:teams", NULL), "2031-203");
  /* Prefixes of the name or of one of its words, case aside; not any part. */
  CHECK_STR(search("product:MICRO", NULL), "2031-203");
  CHECK_STR(search("product:\"microsoft teams\"", NULL), "2031-203");
  CHECK_STR(search("product:eams", NULL), "");
  CHECK_STR(search("org:ミナト", NULL), "2031-201");          /* legal form aside */
  CHECK_STR(search("org:株式会社ミナト", NULL), "2031-201");  /* or with it */
  CHECK_STR(search("org:データ", NULL), "");                  /* not a middle part */
  CHECK_STR(search("org:白鷺台市", NULL), "2031-202");        /* the whole name */
  CHECK_STR(search("incident:2031-204", NULL), "2031-204");
  CHECK_STR(search("Category:loss", NULL), "2031-202"); /* keys in any case */
  CHECK_STR(search("sort:affected limit:2", &total), "2031-203 2031-204");
  CHECK_INT(total, 5);
  CHECK_STR(search("sort:affected limit:2 offset:2", NULL), "2031-201 2031-205");
  CHECK_STR(search("sort:-date limit:1", NULL), "2031-205");
  /* Far pages are left to SQL (count, then ORDER BY): same total. */
  CHECK_STR(search("個人 offset:1500 limit:1000", &total), "");
  CHECK_INT(total, 3);
  CHECK_STR(search("個人 offset:1 limit:1 sort:date", &total), "2031-202");
  CHECK_INT(total, 3);
}

TEST(snippet_shows_the_hit) {
  const char *s = snippet_of("紛失");
  CHECK(s != NULL);
  CHECK(s && strstr(s, "\x01紛失\x02") != NULL);
  s = snippet_of("teams");
  CHECK(s && strstr(s, "\x01Teams\x02") != NULL);
}

TEST(bad_terms_are_named) {
  static const struct {
    const char *q, *msg;
  } bad[] = {
      {"category:bogus", "'category:bogus': unknown category"},
      {"since:2031-13", "'since:2031-13': not a date"},
      {"until:2031-02-30", "not a date"},
      {"type:passport", "unknown data type"},
      {"reported:fbi", "unknown authority"},
      {"card:maybe", "card:yes or card:no"},
      {"limit:0", "limit is a number"},
      {"sort:size", "sort by"},
      {"catgory:loss", "unknown filter 'catgory'"},
      {"org:", "give a value"},
      {"\"unclosed", "not closed"},
      {"-漏洩", "besides the -excluded"},
      {"'; --", "nothing to search for"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    const char *r = search(bad[i].q, NULL);
    if (strncmp(r, "ERR: ", 5) != 0 || !strstr(r, bad[i].msg)) fprintf(stderr, "  %s -> %s\n", bad[i].q, r);
    CHECK(strncmp(r, "ERR: ", 5) == 0 && strstr(r, bad[i].msg) != NULL);
  }
  /* A URL is text, not a filter. */
  CHECK(strncmp(search("https://example.invalid/x", NULL), "ERR", 3) != 0);
}

TEST(sql_metacharacters_are_data) {
  jk_store *st = casebook();
  if (!st) return;
  static const char *const hostile[] = {
      "'",           "\"",          ";",           "--",          "%",           "_",
      "' OR 1=1 --", "\"; DROP TABLE incidents; --", "誤送信'; DELETE FROM notices; --",
      "org:%",       "org:'",       "org:\"a;b\"", "product:%",   "product:_",   "incident:' OR ''='",
      "org:--",      "org:100%",
  };
  for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
    long long total = -1;
    const char *r = search(hostile[i], &total);
    /* Either a clean error naming the term or an ordinary result. */
    CHECK(strncmp(r, "ERR: ", 5) == 0 || total >= 0);
  }
  /* % and _ match themselves only (one organisation has a % in its name,
     not at its start: org is a prefix). */
  long long total;
  CHECK_STR(search("org:%", &total), "");
  CHECK_INT(total, 0);
  CHECK_STR(search("org:100", &total), "2031-205");
  CHECK_INT(total, 1);
  CHECK_STR(search("product:%", &total), "");
  CHECK_INT(total, 0);
  CHECK_STR(search("org:100%", NULL), "2031-205");
  CHECK_STR(search("org:\"100%データ';\"", NULL), "2031-205"); /* the whole name, legal form aside */
  CHECK_STR(search("org:\"株式会社100%データ';\"", NULL), "2031-205");
  CHECK_STR(search("org:\"データ';\"", NULL), ""); /* a prefix, not any part */
  CHECK_STR(search("product:_", NULL), "");
  CHECK_STR(search("誤送信'; sort:date", NULL), "2031-201 2031-205");
  /* Nothing was dropped or deleted. */
  jk_store_counts c;
  jk_err err = {0, ""};
  CHECK(jk_store_counts_get(st, &c, &err) == JK_OK);
  CHECK_INT(c.incidents, 5);
  CHECK_INT(c.notices, 5);
}

TEST(query_parse_keeps_words_and_filters_apart) {
  char buf[] = "漏洩 category:loss \"個人 情報\" org:\"白鷺 台\" type:name type:email since:2031";
  jk_query q;
  jk_query_init(&q);
  jk_err err = {0, ""};
  CHECK(jk_query_parse(buf, &q, &err) == JK_OK);
  CHECK_STR(q.text, "漏洩 \"個人 情報\"");
  CHECK_INT(q.category, JK_CAT_LOSS);
  CHECK_STR(q.org, "白鷺 台");
  CHECK_INT(q.data_types, (1 << JK_DT_NAME) | (1 << JK_DT_EMAIL));
  CHECK_INT(q.since.y, 2031);
  CHECK_INT(q.since.m, 0);
  char empty[] = "";
  jk_query_init(&q);
  CHECK(jk_query_parse(empty, &q, &err) == JK_OK);
  CHECK(q.text == NULL);
}

/* ---- filters, orders and pages against an oracle --------------------------- */

/*
** A casebook of BIG incidents whose every field is known here, so the
** right answer of any query is computed without the search code: the
** category and date filters read from their index (an id set), the
** others by the join, the one-pass page and the SQL page for far
** offsets must all give exactly these hits, in this order, with this
** total.
*/
#define BIG 2400

typedef struct bigfx {
  int cat;      /* 0 misdelivery, 1 loss, 2 hacking */
  long long pub; /* YYYYMMDD, or -1: not stated */
  long long aff; /* -1: not stated */
  int card;
  int sends;    /* occurrences of 誤送信 */
  int leaks;    /* occurrences of 漏洩 */
} bigfx;
static bigfx big[BIG + 1]; /* by casebook serial 1..BIG */

static long long big_date(int i) {
  static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int day = (i * 13) % 1460, y = 2029, m = 0;
  while (day >= (y % 4 ? 365 : 366)) day -= y++ % 4 ? 365 : 366;
  while (day >= md[m] + (m == 1 && y % 4 == 0)) day -= md[m] + (m == 1 && y % 4 == 0), m++;
  return (long long)y * 10000 + (m + 1) * 100 + day + 1;
}

static jk_store *big_casebook(void) {
  static jk_store *st;
  if (st || !casebook()) return st;
  char path[400];
  snprintf(path, sizeof path, "%s/big.db", tmpdir);
  jk_err err = {0, ""};
  if (jk_store_open(path, JK_STORE_CREATE, &st, &err)) return NULL;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "big.txt";
  long long d;
  int seen;
  jk_store_add_document(st, &info, "cd", &d, &seen, &err);
  static const char *const cats[] = {"misdelivery", "loss", "hacking"};
  jk_store_begin(st, &err);
  for (int i = 1; i <= BIG; i++) {
    bigfx *b = &big[i];
    b->cat = i % 3;
    b->pub = i % 11 ? big_date(i) : -1;
    b->aff = i % 7 ? (i * 37) % 500 : -1;
    b->card = i % 5 == 0;
    b->sends = i % 13 ? i % 4 + 1 : 0;
    b->leaks = i % 3 == 0;
    char text[2048], json[512], pub[40] = "";
    int n = snprintf(text, sizeof text, "【セキュリティ事件簿#2029-%04d】株式会社テスト%d 事案の報告\n", i, i);
    for (int k = 0; k < b->sends; k++) n += snprintf(text + n, sizeof text - n, "メールの誤送信がありました。\n");
    if (b->leaks) n += snprintf(text + n, sizeof text - n, "氏名が漏洩しました。\n");
    if (b->pub > 0)
      snprintf(pub, sizeof pub, "\"published\":\"%04lld-%02lld-%02lld\",", b->pub / 10000, b->pub / 100 % 100, b->pub % 100);
    char aff[32] = "null";
    if (b->aff >= 0) snprintf(aff, sizeof aff, "%lld", b->aff);
    snprintf(json, sizeof json,
             "{\"casebook_id\":\"2029-%04d\",\"org\":\"株式会社テスト%d\",%s\"category\":\"%s\",\"affected\":%s,"
             "\"card\":%s}",
             i, i, pub, cats[b->cat], aff, b->card ? "true" : "false");
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = seg.raw = text;
    seg.len = seg.raw_len = strlen(text);
    seg.first_line = seg.heading_line = i;
    seg.is_notice = 1;
    jk_record *r;
    if (jk_record_from_json(json, strlen(json), &r, &err)) {
      fprintf(stderr, "  big %d: %s\n", i, err.msg);
      continue;
    }
    jk_add_result res;
    if (jk_store_add_segment(st, d, &seg, r, NULL, &res, &err)) fprintf(stderr, "  big %d: %s\n", i, err.msg);
    jk_record_free(r);
  }
  jk_store_commit(st, &err);
  return st;
}

/* The filters of the oracle: -1 / 0 for "any". */
typedef struct bigq {
  const char *text; /* the query as typed */
  const char *word; /* 誤送信 or 漏洩 */
  int cat, card;
  long long since, until;
  int sort; /* BY_* of search.c: 0 relevance, 1 date, 2 -date, 3 affected */
} bigq;

static int big_count(const bigq *q, int i) {
  return !strcmp(q->word, "漏洩") ? big[i].leaks : big[i].sends;
}

static int big_pass(const bigq *q, int i) {
  const bigfx *b = &big[i];
  if (!big_count(q, i)) return 0;
  if (q->cat >= 0 && b->cat != q->cat) return 0;
  if (q->card >= 0 && b->card != q->card) return 0;
  if (q->since && (b->pub < 0 || b->pub < q->since)) return 0;
  if (q->until && (b->pub < 0 || b->pub > q->until)) return 0;
  return 1;
}

/* Incident id of serial i: incidents are created in order (ids 1..BIG). */
static const bigq *cur_q;
static int big_before(const void *pa, const void *pb) {
  int a = *(const int *)pa, b = *(const int *)pb;
  const bigfx *p = &big[a], *r = &big[b];
  switch (cur_q->sort) {
  case 0: {
    int ca = big_count(cur_q, a), cb = big_count(cur_q, b);
    if (ca != cb) return ca > cb ? -1 : 1;
    return a > b ? -1 : 1;
  }
  case 1:
    if ((p->pub < 0) != (r->pub < 0)) return p->pub < 0 ? 1 : -1;
    if (p->pub != r->pub) return p->pub < r->pub ? -1 : 1;
    return a < b ? -1 : 1;
  default:
    if (cur_q->sort == 3 && (p->aff < 0) != (r->aff < 0)) return p->aff < 0 ? 1 : -1;
    if (cur_q->sort == 3 && p->aff != r->aff) return p->aff > r->aff ? -1 : 1;
    if ((p->pub < 0) != (r->pub < 0)) return p->pub < 0 ? 1 : -1;
    if (p->pub != r->pub) return p->pub > r->pub ? -1 : 1;
    return a > b ? -1 : 1;
  }
}

typedef struct page {
  int ids[BIG];
  double rank[BIG];
  int n;
} page;

static int on_big(void *vp, const jk_hit *h) {
  page *p = vp;
  int serial = 0;
  if (h->incident && sscanf(h->incident, "2029-%d", &serial) == 1 && p->n < BIG) {
    p->rank[p->n] = h->rank;
    p->ids[p->n++] = serial;
  }
  return 0;
}

static jk_rc big_search(jk_store *st, const char *text, int offset, int limit, page *p, long long *total) {
  char buf[300];
  snprintf(buf, sizeof buf, "%s offset:%d limit:%d", text, offset, limit);
  jk_query q;
  jk_query_init(&q);
  jk_err err = {0, ""};
  memset(p, 0, sizeof *p);
  jk_rc rc = jk_query_parse(buf, &q, &err);
  if (!rc) rc = jk_store_search(st, &q, on_big, p, total, &err);
  if (rc) fprintf(stderr, "  %s: %s\n", buf, err.msg);
  return rc;
}

TEST(filtered_search_is_the_unfiltered_hits_that_pass) {
  jk_store *st = big_casebook();
  CHECK(st != NULL);
  if (!st) return;
  static const struct {
    const char *text;
    int cat, card;
    long long since, until;
  } filters[] = {
      {"", -1, -1, 0, 0},
      {"category:misdelivery", 0, -1, 0, 0},
      {"since:2030", -1, -1, 20300000, 0},
      {"until:2030-06", -1, -1, 0, 20300699},
      {"since:2029-03-01 until:2031-02-15", -1, -1, 20290301, 20310215},
      {"category:loss since:2030-01 until:2031-12-31", 1, -1, 20300100, 20311231},
      {"category:hacking card:yes", 2, 1, 0, 0},
      {"card:yes since:2031", -1, 1, 20310000, 0},
      {"since:2029", -1, -1, 20290000, 0},
      {"since:2029 card:no", -1, 0, 20290000, 0},
      {"category:other", 9, -1, 0, 0},
  };
  static const char *const words[] = {"誤送信", "漏洩"};
  static const char *const sorts[] = {"", "sort:date", "sort:-date", "sort:affected"};
  static int want[BIG];
  static page got, pg;
  for (size_t w = 0; w < 2; w++)
    for (size_t fi = 0; fi < sizeof filters / sizeof filters[0]; fi++)
      for (int so = 0; so < 4; so++) {
        bigq q = {NULL, words[w], filters[fi].cat, filters[fi].card, filters[fi].since, filters[fi].until, so};
        char text[200];
        snprintf(text, sizeof text, "%s %s %s", words[w], filters[fi].text, sorts[so]);
        q.text = text;
        int nw = 0;
        for (int i = 1; i <= BIG; i++)
          if (big_pass(&q, i)) want[nw++] = i;
        cur_q = &q;
        qsort(want, (size_t)nw, sizeof want[0], big_before);
        /* Hits 0-1000 in one pass each (heap), the rest as a far page
           (offset + limit over 2000: a count, then ORDER BY in SQL). */
        long long total = -1, total2 = -1, total3 = -1;
        CHECK_INT(big_search(st, text, 0, 1000, &got, &total), JK_OK);
        CHECK_INT(big_search(st, text, 1000, 1, &pg, &total2), JK_OK);
        for (int k = 0; k < pg.n && got.n < BIG; k++) {
          got.rank[got.n] = pg.rank[k];
          got.ids[got.n++] = pg.ids[k];
        }
        for (int off = 1001; off == 1001 || off < nw; off += 1000) {
          CHECK_INT(big_search(st, text, off, 1000, &pg, &total3), JK_OK);
          for (int k = 0; k < pg.n && got.n < BIG; k++) {
            got.rank[got.n] = pg.rank[k];
            got.ids[got.n++] = pg.ids[k];
          }
        }
        int same = total == nw && total2 == nw && total3 == nw && got.n == nw;
        for (int k = 0; same && k < nw; k++) same = got.ids[k] == want[k];
        /* Relevance is log(1 + occurrences), the same with or without filters. */
        for (int k = 0; same && so == 0 && k < nw; k++)
          same = fabs(got.rank[k] - log1p((double)big_count(&q, want[k]))) < 1e-9;
        if (!same)
          fprintf(stderr, "  %s: total %lld/%lld, %d hits, want %d (first %d, want %d)\n", text, total, total2, got.n,
                  nw, got.n ? got.ids[0] : 0, nw ? want[0] : 0);
        CHECK(same);
        /* Pages of 7 tile the list; a page across the one-pass limit too. */
        for (int off = 0; off < nw && off < 21; off += 7) {
          CHECK_INT(big_search(st, text, off, 7, &pg, &total), JK_OK);
          int ok = total == nw && pg.n == (nw - off < 7 ? nw - off : 7);
          for (int k = 0; ok && k < pg.n; k++) ok = pg.ids[k] == want[off + k];
          CHECK(ok);
        }
        CHECK_INT(big_search(st, text, 1995, 10, &pg, &total), JK_OK);
        CHECK_INT(total, nw);
        int far = nw > 1995 ? (nw - 1995 < 10 ? nw - 1995 : 10) : 0, ok = pg.n == far;
        for (int k = 0; ok && k < far; k++) ok = pg.ids[k] == want[1995 + k];
        CHECK(ok);
      }
}

/* ---- the product filter finds what the counts say ------------------------ */

/* Products in several spellings, one incident with two reports. */
static const struct fx pfixtures[] = {
    {"【セキュリティ事件簿#2032-301】株式会社アオバ商事 USBメモリの紛失について\n2032年1月5日\n"
     "社員がUSBメモリを紛失しました。\n",
     "{\"casebook_id\":\"2032-301\",\"org\":\"株式会社アオバ商事\",\"published\":\"2032-01-05\","
     "\"category\":\"loss\",\"affected\":10,\"products\":[\"USBメモリ\"]}"},
    {"【セキュリティ事件簿#2032-302】株式会社アカネ製作所 フォームの設定誤り\n2032-02-06\n"
     "Google フォームの回答が公開されていました。ＵＳＢメモリも紛失しました。\n",
     "{\"casebook_id\":\"2032-302\",\"org\":\"株式会社アカネ製作所\",\"published\":\"2032-02-06\","
     "\"category\":\"misconfiguration\",\"affected\":20,\"products\":[\"Google フォーム\",\"ＵＳＢメモリ\"]}"},
    {"【セキュリティ事件簿#2032-303】株式会社イブキ運輸 不正アクセスについて\n2032年3月7日\n"
     "vpn 機器の脆弱性を突かれました。\n",
     "{\"casebook_id\":\"2032-303\",\"org\":\"株式会社イブキ運輸\",\"published\":\"2032-03-07\","
     "\"category\":\"hacking\",\"affected\":30,\"products\":[\"vpn\"]}"},
    {"【セキュリティ事件簿#2032-303】株式会社イブキ運輸 不正アクセスについて(第2報)\n2032年3月20日\n"
     "FortiGate の VPN 機能の脆弱性を突かれたことが分かりました。\n",
     "{\"casebook_id\":\"2032-303\",\"org\":\"株式会社イブキ運輸\",\"published\":\"2032-03-20\","
     "\"category\":\"hacking\",\"affected\":35,\"products\":[\"FortiGate\",\"VPN\"]}"},
};

static jk_store *product_casebook(void) {
  casebook(); /* makes tmpdir */
  char path[400];
  snprintf(path, sizeof path, "%s/p.db", tmpdir);
  jk_err err = {0, ""};
  jk_store *st = NULL;
  if (jk_store_open(path, JK_STORE_CREATE, &st, &err)) {
    fprintf(stderr, "  %s\n", err.msg);
    return NULL;
  }
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "products.txt";
  long long d;
  int seen;
  jk_store_add_document(st, &info, "cd", &d, &seen, &err);
  for (size_t i = 0; i < sizeof pfixtures / sizeof pfixtures[0]; i++) {
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = seg.raw = pfixtures[i].text;
    seg.len = seg.raw_len = strlen(pfixtures[i].text);
    seg.first_line = seg.heading_line = (int)(1 + 4 * i);
    seg.is_notice = 1;
    jk_record *r;
    if (jk_record_from_json(pfixtures[i].json, strlen(pfixtures[i].json), &r, &err)) {
      fprintf(stderr, "  fixture %zu: %s\n", i, err.msg);
      continue;
    }
    jk_add_result res;
    if (jk_store_add_segment(st, d, &seg, r, NULL, &res, &err)) fprintf(stderr, "  fixture %zu: %s\n", i, err.msg);
    jk_record_free(r);
  }
  return st;
}

static int count_hit(void *vp, const jk_hit *h) {
  (void)h;
  (*(int *)vp)++;
  return 0;
}

/* Incidents the product filter finds: by search, by stats, by lessons
   (-1 where one of them fails or they disagree). */
static long long product_hits(jk_store *st, const char *product) {
  jk_query q;
  jk_query_init(&q);
  q.product = product;
  q.limit = 1000;
  jk_err err = {0, ""};
  long long total = -1;
  int n = 0;
  if (jk_store_search(st, &q, count_hit, &n, &total, &err)) return -1;
  jk_buf b;
  jk_buf_init(&b);
  long long st_total = -2;
  if (jk_store_stats_json(st, "category", &q, &b, &err) == JK_OK && b.p) {
    cJSON *j = cJSON_Parse(b.p);
    st_total = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "total"));
    cJSON_Delete(j);
  }
  jk_buf_free(&b);
  jk_lessons *l = NULL;
  long long le_total = -3;
  if (jk_lessons_build(st, -1, product, 0, &l, &err) == JK_OK) le_total = jk_lessons_total(l);
  jk_lessons_free(l);
  if (total != n || st_total != total || le_total != total) {
    fprintf(stderr, "  product %s: search %lld (%d listed), stats %lld, lessons %lld\n", product, total, n, st_total,
            le_total);
    return -1;
  }
  return total;
}

TEST(every_counted_product_is_found_by_its_filter) {
  jk_store *st = product_casebook();
  if (!st) return;
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  CHECK_INT(jk_store_stats_json(st, "product", NULL, &b, &err), JK_OK);
  cJSON *j = b.p ? cJSON_Parse(b.p) : NULL;
  cJSON *rows = cJSON_GetObjectItem(j, "rows");
  CHECK(cJSON_GetArraySize(rows) >= 4);
  cJSON *row;
  cJSON_ArrayForEach(row, rows) {
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(row, "key"));
    long long count = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(row, "count"));
    if (!key) continue;
    long long got = product_hits(st, key);
    CHECK(count > 0 && got >= count);
    if (!(got >= count)) fprintf(stderr, "  product %s counted %lld, found %lld\n", key, count, got);
  }
  cJSON_Delete(j);
  jk_buf_free(&b);
  /* Width, case and a word of the name aside. */
  CHECK_INT(product_hits(st, "USBメモリ"), 2);
  CHECK_INT(product_hits(st, "usbメモリ"), 2);
  CHECK_INT(product_hits(st, "ＵＳＢ"), 2);
  CHECK_INT(product_hits(st, "フォーム"), 1);
  CHECK_INT(product_hits(st, "google"), 1);
  CHECK_INT(product_hits(st, "VPN"), 1);      /* both reports' spellings: one incident */
  CHECK_INT(product_hits(st, "fortigate"), 1); /* named by the second report only */
  CHECK_INT(product_hits(st, "メモリ"), 0);     /* not any part of a word */
  jk_store_close(st);
}

TEST(search_leaves_no_transaction_open) {
  jk_store *st = big_casebook();
  if (!st) return;
  sqlite3 *db = jk_store_sqlite(st);
  page p;
  long long total;
  CHECK_INT(big_search(st, "誤送信 category:loss since:2030", 0, 5, &p, &total), JK_OK);
  CHECK_INT(sqlite3_get_autocommit(db), 1);
  /* Inside the caller's transaction: searched there, and left open. */
  jk_err err = {0, ""};
  CHECK_INT(jk_store_begin(st, &err), JK_OK);
  CHECK_INT(big_search(st, "誤送信 category:loss since:2030", 0, 5, &p, &total), JK_OK);
  CHECK_INT(p.n, 5);
  CHECK_INT(sqlite3_get_autocommit(db), 0);
  CHECK_INT(jk_store_commit(st, &err), JK_OK);
  CHECK_INT(sqlite3_get_autocommit(db), 1);
}

TEST(id_set_function) {
  jk_store *st = casebook();
  if (!st) return;
  sqlite3_stmt *s;
  CHECK_INT(sqlite3_prepare_v2(jk_store_sqlite(st),
                               "SELECT jk_in_idset(x'05', 0), jk_in_idset(x'05', 1), jk_in_idset(x'05', 2),"
                               " jk_in_idset(x'0580', 15), jk_in_idset(x'05', 8), jk_in_idset(x'05', -1),"
                               " jk_in_idset(NULL, 0), jk_in_idset(x'', 0)",
                               -1, &s, NULL),
            SQLITE_OK);
  CHECK_INT(sqlite3_step(s), SQLITE_ROW);
  static const int want[] = {1, 0, 1, 1, 0, 0, 0, 0};
  for (int i = 0; i < 8; i++) CHECK_INT(sqlite3_column_int(s, i), want[i]);
  sqlite3_finalize(s);
}

/* Segments of the full-text index (each has its own rows in %_idx). */
static int fts_segments(jk_store *st) {
  sqlite3_stmt *s;
  int n = -1;
  if (sqlite3_prepare_v2(jk_store_sqlite(st), "SELECT count(DISTINCT segid) FROM incident_fts_idx", -1, &s, NULL) == SQLITE_OK &&
      sqlite3_step(s) == SQLITE_ROW)
    n = sqlite3_column_int(s, 0);
  sqlite3_finalize(s);
  return n;
}

TEST(index_merged_by_migration_and_tidy) {
  jk_store *st = casebook();
  if (!st) return;
  CHECK(jk_store_schema_version(st) >= 6);
  /* Every notice was its own transaction: a segment each, until merged. */
  CHECK(fts_segments(st) > 1);
  char ids[512];
  snprintf(ids, sizeof ids, "%s", search("個人情報 sort:date", NULL));
  jk_err err = {0, ""};
  CHECK_INT(jk_store_tidy_index(st, &err), JK_OK);
  CHECK_INT(fts_segments(st), 1);
  CHECK_STR(search("個人情報 sort:date", NULL), ids);
  CHECK_INT(jk_store_tidy_index(st, &err), JK_OK); /* nothing left to do */

  /* A version 3 file (steps 4 to 6 not applied) is upgraded on a
     writable open, and finds the same. */
  char path[400];
  snprintf(path, sizeof path, "%s/v3.db", tmpdir);
  jk_store *s3;
  CHECK_INT(jk_store_open(path, JK_STORE_CREATE, &s3, &err), JK_OK);
  long long d;
  int seen;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "v3.txt";
  jk_store_add_document(s3, &info, "ef", &d, &seen, &err);
  for (size_t i = 0; i < NFX; i++) {
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = seg.raw = fixtures[i].text;
    seg.len = seg.raw_len = strlen(fixtures[i].text);
    seg.is_notice = 1;
    jk_record *r;
    if (jk_record_from_json(fixtures[i].json, strlen(fixtures[i].json), &r, &err)) continue;
    jk_add_result res;
    jk_store_add_segment(s3, d, &seg, r, NULL, &res, &err);
    jk_record_free(r);
  }
  CHECK_INT(sqlite3_exec(jk_store_sqlite(s3),
                         "DELETE FROM schema_version WHERE version >= 4;"
                         "ALTER TABLE documents DROP COLUMN publisher;"
                         "DROP INDEX corrections_at; ALTER TABLE notices DROP COLUMN title_line;"
                         "ALTER TABLE notices DROP COLUMN changed_at;"
                         "INSERT INTO incident_fts(incident_fts, rank) VALUES('usermerge', 4)",
                         NULL, NULL, NULL),
            SQLITE_OK);
  int segs = fts_segments(s3);
  jk_store_close(s3);
  CHECK(segs > 1);
  CHECK_INT(jk_store_open(path, 0, &s3, &err), JK_OK);
  CHECK(jk_store_schema_version(s3) >= 6); /* steps 4, 5, 6 (and later) again */
  CHECK_INT(fts_segments(s3), 1);
  sqlite3_stmt *s;
  CHECK_INT(sqlite3_prepare_v2(jk_store_sqlite(s3), "SELECT v FROM incident_fts_config WHERE k = 'usermerge'", -1, &s, NULL),
            SQLITE_OK);
  CHECK_INT(sqlite3_step(s), SQLITE_ROW);
  CHECK_INT(sqlite3_column_int(s, 0), 2);
  sqlite3_finalize(s);
  jk_query q;
  jk_query_init(&q);
  q.text = "個人情報";
  q.sort = "date";
  hits h;
  memset(&h, 0, sizeof h);
  long long total = 0;
  CHECK_INT(jk_store_search(s3, &q, on_hit, &h, &total, &err), JK_OK);
  CHECK_STR(h.ids, ids);
  jk_store_close(s3);
}
