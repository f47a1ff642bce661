/* test_parse.c — numbers and dates as notices print them, and records
   read back from their JSON (record_parse.c), confidence included. */
#include "harness.h"
#include "jikenbo.h"
#include "store.h" /* jk_record_from_json */

static long long num(const char *s, size_t *used, int *ovf) {
  long long v = -1;
  int o = 0;
  size_t k = jk_parse_number(s, strlen(s), &v, &o);
  if (used) *used = k;
  if (ovf) *ovf = o;
  return k ? v : -1;
}

TEST(numbers_as_written) {
  CHECK_INT(num("596万件", NULL, NULL), 5960000);
  CHECK_INT(num("1万人", NULL, NULL), 10000);
  CHECK_INT(num("2,849 名", NULL, NULL), 2849);
  CHECK_INT(num("304 万ユーザ分", NULL, NULL), 3040000);
  CHECK_INT(num("4,034件", NULL, NULL), 4034);
  CHECK_INT(num("三百二十名", NULL, NULL), 320);
  CHECK_INT(num("二万五千人", NULL, NULL), 25000);
  CHECK_INT(num("1.5万件", NULL, NULL), 15000);
  CHECK_INT(num("23,508件", NULL, NULL), 23508);
  CHECK_INT(num("1億2千万", NULL, NULL), 120000000);
}

TEST(not_numbers) {
  CHECK_INT(num("万全", NULL, NULL), -1);
  CHECK_INT(num("十分", NULL, NULL), -1);
  CHECK_INT(num("千葉", NULL, NULL), -1);
  CHECK_INT(num("abc", NULL, NULL), -1);
}

TEST(number_overflow_saturates) {
  int ovf = 0;
  size_t used = 0;
  long long v = num("9999999999999999999万件", &used, &ovf);
  CHECK(ovf == 1);
  CHECK(v == 9223372036854775807LL);
  CHECK_INT(used, strlen("9999999999999999999万"));
}

TEST(comma_needs_three_digits) {
  size_t used = 0;
  CHECK_INT(num("1,2名", &used, NULL), 1);
  CHECK_INT(used, 1);
}

static int date(const char *s, int ctx, jk_date *d) {
  memset(d, 0, sizeof *d);
  return (int)jk_parse_date(s, strlen(s), ctx, d);
}

TEST(dates_as_written) {
  jk_date d;
  CHECK(date("2023年7月12日", 0, &d));
  CHECK(d.y == 2023 && d.m == 7 && d.d == 12);
  CHECK(date("2023 年 7 月 5 日", 0, &d));
  CHECK(d.y == 2023 && d.m == 7 && d.d == 5);
  CHECK(date("令和5年7月14日", 0, &d));
  CHECK(d.y == 2023 && d.m == 7 && d.d == 14);
  CHECK(date("令和元年6月28日", 0, &d));
  CHECK(d.y == 2019);
  CHECK(date("平成25年7月16日", 0, &d));
  CHECK(d.y == 2013);
  CHECK(date("2023/7/18", 0, &d));
  CHECK(d.m == 7 && d.d == 18);
  CHECK(date("7/18(火)", 2023, &d));
  CHECK(d.y == 2023 && d.m == 7 && d.d == 18);
  CHECK(date("7月18日", 2023, &d));
  CHECK(d.y == 2023 && d.m == 7);
  CHECK(date("'20年9月3日", 0, &d));
  CHECK(d.y == 2020 && d.m == 9 && d.d == 3);
  CHECK_INT(date("2023年07月12日(水)", 0, &d), (int)strlen("2023年07月12日(水)"));
}

TEST(era_dates_in_kanji) {
  jk_date d;
  CHECK_INT(date("令和七年五月二十日", 0, &d), (int)strlen("令和七年五月二十日"));
  CHECK(d.y == 2025 && d.m == 5 && d.d == 20);
  CHECK(date("令和六年十二月三十一日", 0, &d));
  CHECK(d.y == 2024 && d.m == 12 && d.d == 31);
  CHECK(date("平成三十一年四月一日", 0, &d));
  CHECK(d.y == 2019 && d.m == 4 && d.d == 1);
  CHECK(date("2025年十月十日", 0, &d));
  CHECK(d.m == 10 && d.d == 10);
  CHECK_INT(date("令和七年二月三十日", 0, &d), 0); /* no such day */
  /* 令和五年度: a year alone, as 令和5年度 reads. */
  CHECK(date("令和五年度", 0, &d));
  CHECK(d.y == 2023 && d.m == 0 && d.d == 0);
}

TEST(year_typos_are_kept) {
  jk_date d;
  CHECK(date("2003年7月19日", 2023, &d));
  CHECK_INT(d.y, 2003);
}

TEST(impossible_dates_rejected) {
  jk_date d;
  CHECK_INT(date("令和99年13月45日", 0, &d), 0);
  CHECK_INT(date("2023年2月30日", 0, &d), 0);
  CHECK_INT(date("2023/13/01", 0, &d), 0);
  CHECK_INT(date("1/2", 2023, &d), 0); /* a fraction, not a date */
}

TEST(iso_round_trip) {
  jk_date d;
  char buf[16];
  CHECK(jk_date_parse_iso("2023-07-05", &d) == 0);
  CHECK_STR(jk_date_format(d, buf, sizeof buf), "2023-07-05");
  CHECK(jk_date_parse_iso("2023-07", &d) == 0);
  CHECK_STR(jk_date_format(d, buf, sizeof buf), "2023-07");
  CHECK(jk_date_parse_iso("07/2023", &d) != 0);
}

/* ---- record JSON: confidence and runner_up ---------------------------------- */

/* A fictional record as hand-written JSON (keys in any order): text,
   evidence, a confidence per SCHEMA.md field and a runner-up issuer. */
static const char conf_record[] =
    "{\"text\":\"架空物産株式会社 お客様情報の誤送信について 48名\","
    "\"org\":\"架空物産株式会社\",\"category\":\"misdelivery\",\"affected\":48,\"data_types\":[\"email\"],"
    "\"evidence\":{\"org\":{\"start\":0,\"end\":24,\"text\":\"架空物産株式会社\"},"
    "\"affected\":{\"start\":65,\"end\":70,\"text\":\"48名\"}},"
    "\"confidence\":{\"casebook_id\":0.97,\"org\":0.83,\"published\":0.5,\"report_seq\":1,\"category\":0.32,"
    "\"affected\":0.05,\"card\":0.99,\"data_types\":0.61,\"reported_to\":0.7,\"vendor\":0},"
    "\"runner_up\":{\"org\":\"架空商事株式会社\"}}";

static char *to_json(const jk_record *r) {
  jk_buf b;
  jk_buf_init(&b);
  if (jk_record_to_json(r, JK_JSON_EVIDENCE | JK_JSON_TEXT, &b) != JK_OK) {
    jk_buf_free(&b);
    return NULL;
  }
  return jk_buf_detach(&b, NULL);
}

TEST(record_json_confidence_round_trip) {
  jk_err err = {JK_OK, ""};
  jk_record *r = NULL;
  CHECK_INT(jk_record_from_json(conf_record, strlen(conf_record), &r, &err), JK_OK);
  if (!r) {
    fprintf(stderr, "  %s\n", err.msg);
    return;
  }
  CHECK(r->confidence[JK_F_ORG] > 0.829f && r->confidence[JK_F_ORG] < 0.831f);
  CHECK(r->confidence[JK_F_AFFECTED] < JK_CONF_LOW);
  CHECK(r->confidence[JK_F_REPORT_SEQ] == 1.0f);
  CHECK(r->confidence[JK_F_VENDOR] == 0.0f);
  CHECK_STR(r->org_alt, "架空商事株式会社");
  /* x: what the writer makes of it; to_json(from_json(x)) == x. */
  char *x = to_json(r);
  CHECK(x != NULL);
  if (x) {
    CHECK(strstr(x, "\"confidence\":{\"casebook_id\":0.97,\"org\":0.83,\"published\":0.50,\"report_seq\":1.00,"
                    "\"category\":0.32,\"affected\":0.05,\"card\":0.99,\"data_types\":0.61,\"reported_to\":0.70,"
                    "\"vendor\":0.00}") != NULL);
    CHECK(strstr(x, "\"runner_up\":{\"org\":\"架空商事株式会社\"}") != NULL);
    jk_record *r2 = NULL;
    CHECK_INT(jk_record_from_json(x, strlen(x), &r2, &err), JK_OK);
    char *y = r2 ? to_json(r2) : NULL;
    CHECK_STR(y, x);
    for (int f = 0; f < JK_F_COUNT; f++) CHECK(r2 && r2->confidence[f] == r->confidence[f]);
    free(y);
    jk_record_free(r2);
  }
  free(x);
  jk_record_free(r);
}

/* Without confidence (a record stored before it existed): every field 0,
   no runner-up, and written back as zeros, which readers take as unknown. */
TEST(record_json_without_confidence) {
  static const char old[] = "{\"org\":\"架空物産株式会社\",\"category\":\"loss\"}";
  jk_err err = {JK_OK, ""};
  jk_record *r = NULL;
  CHECK_INT(jk_record_from_json(old, strlen(old), &r, &err), JK_OK);
  if (!r) return;
  for (int f = 0; f < JK_F_COUNT; f++) CHECK(r->confidence[f] == 0.0f);
  CHECK(r->org_alt == NULL);
  char *x = to_json(r);
  CHECK(x && strstr(x, "\"org\":0.00,") != NULL);
  CHECK(x && strstr(x, "runner_up") == NULL);
  free(x);
  jk_record_free(r);
}

/* A malformed confidence or runner-up is an error naming its JSON path. */
TEST(record_json_bad_confidence_names_the_path) {
  static const struct {
    const char *json, *path;
  } bad[] = {
      {"{\"confidence\":{\"org\":\"high\"}}", "$.confidence.org"},
      {"{\"confidence\":{\"affected\":1.5}}", "$.confidence.affected"},
      {"{\"confidence\":{\"category\":-0.1}}", "$.confidence.category"},
      {"{\"confidence\":{\"colour\":0.5}}", "$.confidence.colour"},
      {"{\"confidence\":{\"title\":0.5}}", "$.confidence.title"}, /* not a SCHEMA.md field */
      {"{\"confidence\":{\"org\":null}}", "$.confidence.org"},
      {"{\"confidence\":[0.5]}", "$.confidence"},
      {"{\"confidence\":0.5}", "$.confidence"},
      {"{\"runner_up\":\"架空商事\"}", "$.runner_up"},
      {"{\"runner_up\":{\"org\":7}}", "$.runner_up.org"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jk_err err = {JK_OK, ""};
    jk_record *r = NULL;
    jk_rc rc = jk_record_from_json(bad[i].json, strlen(bad[i].json), &r, &err);
    CHECK_INT(rc, JK_EINVAL);
    CHECK(r == NULL);
    if (!strstr(err.msg, bad[i].path)) fprintf(stderr, "  %s: message \"%s\" lacks %s\n", bad[i].json, err.msg, bad[i].path);
    CHECK(strstr(err.msg, bad[i].path) != NULL);
    jk_record_free(r);
  }
}
