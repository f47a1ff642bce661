/*
** test_search.c — Japanese search: the bigram tokenizer (fts_bigram.c),
** the search language (jk_query_parse), and jk_store_search with
** filters, phrases, snippets, paging and sorting (search.c).  SQL
** metacharacters in every field must stay data.
*/
#include "harness.h"
#include "store.h"
#include "store_int.h"

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
  /* % and _ match themselves only (one organisation has a % in its name). */
  long long total;
  CHECK_STR(search("org:%", &total), "2031-205");
  CHECK_INT(total, 1);
  CHECK_STR(search("product:%", &total), "");
  CHECK_INT(total, 0);
  CHECK_STR(search("org:100%", NULL), "2031-205");
  CHECK_STR(search("org:\"データ';\"", NULL), "2031-205");
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
