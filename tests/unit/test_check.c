/*
** test_check.c — posture checks: every rule on its positive and negative
** fixture, format detection, unknown/malformed/truncated/hostile input,
** the Firebase rules readers, JSON and SARIF output, casebook evidence
** arithmetic and the lessons classifiers.
**
** Fixtures are in tests/fixtures/check/ (JK_FIXTURES overrides): for
** every rule id R, R.pos.json (or .rules) must raise R and R.neg.json
** (or .rules) must not.  A rule without both fails here.
*/
#include "harness.h"

#include "check.h"
#include "check_int.h"

#include <cjson/cJSON.h>

static const char *fixture(const char *name) {
  static char path[1024];
  const char *base = getenv("JK_FIXTURES");
  snprintf(path, sizeof path, "%s/%s", base && *base ? base : "tests/fixtures/check", name);
  return path;
}

/* Check one buffer in a fresh run; caller frees the run. */
static jk_check *run_buf(const char *name, const char *data, size_t len, jk_rc *rc, jk_err *err) {
  jk_check *c = jk_check_new();
  jk_err local;
  *rc = jk_check_buffer(c, name, data, len, err ? err : &local);
  return c;
}

static jk_check *run_file(const char *name, jk_rc *rc, jk_err *err) {
  size_t len = 0;
  char *data = jk_t_slurp(fixture(name), &len);
  if (!data) {
    fprintf(stderr, "  missing fixture %s\n", fixture(name));
    *rc = JK_ENOTFOUND;
    return jk_check_new();
  }
  jk_check *c = run_buf(name, data, len, rc, err);
  free(data);
  return c;
}

static size_t count_rule(const jk_check *c, const char *id) {
  size_t k = 0;
  for (size_t i = 0; i < jk_check_nfindings(c); i++)
    if (strcmp(jk_check_rules[jk_check_finding(c, i)->rule].id, id) == 0) k++;
  return k;
}

/* The fixture of a rule: .json, else .rules. */
static const char *rule_fixture(const char *id, const char *kind) {
  static char name[256];
  snprintf(name, sizeof name, "%s.%s.json", id, kind);
  FILE *f = fopen(fixture(name), "rb");
  if (f) {
    fclose(f);
    return name;
  }
  snprintf(name, sizeof name, "%s.%s.rules", id, kind);
  return name;
}

TEST(every_rule_has_a_positive_and_a_negative_case) {
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    const char *id = jk_check_rules[r].id;
    jk_rc rc;
    jk_check *c = run_file(rule_fixture(id, "pos"), &rc, NULL);
    CHECK_INT(rc, JK_OK);
    if (count_rule(c, id) == 0) fprintf(stderr, "  rule %s: positive fixture raised nothing\n", id);
    CHECK(count_rule(c, id) >= 1);
    jk_check_free(c);
    c = run_file(rule_fixture(id, "neg"), &rc, NULL);
    CHECK_INT(rc, JK_OK);
    if (count_rule(c, id)) fprintf(stderr, "  rule %s: negative fixture raised it\n", id);
    CHECK_INT(count_rule(c, id), 0);
    CHECK(jk_check_get_file(c, 0)->subjects > 0); /* the negative case was really read */
    jk_check_free(c);
  }
}

TEST(rule_table_is_complete) {
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    const jk_check_rule *ru = &jk_check_rules[r];
    CHECK(ru->id && strchr(ru->id, '.'));
    CHECK(ru->severity >= JK_SEV_LOW && ru->severity <= JK_SEV_HIGH);
    CHECK(ru->formats != 0);
    CHECK(ru->title_ja && *ru->title_ja && ru->title_en && *ru->title_en);
    CHECK(ru->fix_ja && *ru->fix_ja && ru->fix_en && *ru->fix_en);
    CHECK(ru->looks_at && *ru->looks_at);
    CHECK(ru->help_uri && strncmp(ru->help_uri, "https://", 8) == 0);
    CHECK(ru->categories != 0 && ru->products && *ru->products);
    CHECK(ru->when && ru->when[0].op != JK_C_END);
    for (size_t k = 0; k < r; k++) CHECK(strcmp(jk_check_rules[k].id, ru->id) != 0);
    size_t idx = 99;
    CHECK(jk_check_rule_find(ru->id, &idx) == ru && idx == r);
  }
  CHECK(jk_check_rule_find("no.such-rule", NULL) == NULL);
}

TEST(formats_are_detected_from_content) {
  static const struct {
    const char *file, *format;
  } cases[] = {
      {"graph.team-public.pos.json", "graph-groups"},
      {"graph-single-group.json", "graph-groups"},
      {"graph-empty.json", "graph-groups"},
      {"az.tls-old.pos.json", "az-storage-accounts"},
      {"az.container-public.pos.json", "az-storage-containers"},
      {"drive.anyone-read.pos.json", "drive-files"},
      {"firebase.open-read.pos.json", "firebase-rtdb-rules"},
      {"firebase.open-write.pos.rules", "firebase-rules"},
      {"storage-any-user.rules", "firebase-rules"},
      {"s3.public-access-block-off.pos.json", "s3-public-access-block"},
      {"s3.acl-public.pos.json", "s3-bucket-acl"},
      {"s3.policy-public.pos.json", "s3-bucket-policy"},
      {"s3-policy-document.json", "s3-bucket-policy"},
      {"empty-list.json", "empty"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jk_rc rc;
    jk_check *c = run_file(cases[i].file, &rc, NULL);
    CHECK_INT(rc, JK_OK);
    CHECK_STR(jk_check_format_name(jk_check_get_file(c, 0)->format), cases[i].format);
    jk_check_free(c);
  }
}

TEST(single_objects_and_policy_documents) {
  jk_rc rc;
  jk_check *c = run_file("graph-single-group.json", &rc, NULL);
  CHECK_INT(count_rule(c, "graph.team-public"), 1);
  CHECK_STR(jk_check_finding(c, 0)->pointer, "");
  CHECK_STR(jk_check_finding(c, 0)->name, "6年1組 連絡");
  jk_check_free(c);
  /* Statement as one object, Principal {"AWS": ["*"]}. */
  c = run_file("s3-policy-document.json", &rc, NULL);
  CHECK_INT(count_rule(c, "s3.policy-public"), 1);
  CHECK_STR(jk_check_finding(c, 0)->pointer, "/Statement");
  jk_check_free(c);
  c = run_file("graph-empty.json", &rc, NULL);
  CHECK_INT(jk_check_nfindings(c), 0);
  CHECK_INT(jk_check_get_file(c, 0)->subjects, 0);
  jk_check_free(c);
}

TEST(findings_name_place_and_what_was_seen) {
  jk_rc rc;
  jk_check *c = run_file("drive.form-anyone-edit.pos.json", &rc, NULL);
  CHECK_INT(jk_check_nfindings(c), 1);
  const jk_finding *f = jk_check_finding(c, 0);
  CHECK_STR(f->pointer, "/files/0");
  CHECK_STR(f->name, "オープンキャンパス申込フォーム");
  CHECK(strstr(f->seen, "permissions/1: type=anyone, role=writer") != NULL);
  CHECK_INT(f->line, 5);
  CHECK_INT(f->col, 5);
  jk_check_free(c);
  c = run_file("firestore-test-mode.rules", &rc, NULL);
  CHECK_INT(count_rule(c, "firebase.open-read"), 1);
  CHECK_INT(count_rule(c, "firebase.open-write"), 1);
  f = jk_check_finding(c, 0);
  CHECK_STR(f->pointer, "/databases/{database}/documents/{document=**}");
  CHECK(strstr(f->seen, "request.time < timestamp.date(2024, 1, 1)") != NULL);
  CHECK_INT(f->line, 9);
  jk_check_free(c);
  /* Findings come worst first. */
  c = jk_check_new();
  jk_err err;
  const char *files[] = {"az.tls-old.pos.json", "graph.team-public.pos.json", "az.shared-key-access.pos.json"};
  for (size_t i = 0; i < 3; i++) {
    size_t len;
    char *d = jk_t_slurp(fixture(files[i]), &len);
    CHECK(d && jk_check_buffer(c, files[i], d, len, &err) == JK_OK);
    free(d);
  }
  int last = JK_SEV_HIGH;
  for (size_t i = 0; i < jk_check_nfindings(c); i++) {
    int s = jk_check_rules[jk_check_finding(c, i)->rule].severity;
    CHECK(s <= last);
    last = s;
  }
  CHECK_INT(jk_check_worst(c), JK_SEV_HIGH);
  jk_check_free(c);
}

TEST(unknown_formats_are_clear_errors) {
  jk_rc rc;
  jk_err err = {0, ""};
  jk_check *c = run_file("unknown.json", &rc, &err);
  CHECK_INT(rc, JK_EUNSUP);
  CHECK(strstr(err.msg, "unknown format") != NULL);
  CHECK(strstr(err.msg, "\"items\"") != NULL);       /* what it saw */
  CHECK(strstr(err.msg, "graph-groups") != NULL);    /* what it knows */
  CHECK(strstr(err.msg, "s3-bucket-policy") != NULL);
  CHECK_INT(jk_check_get_file(c, 0)->rc, JK_EUNSUP);
  CHECK_INT(jk_check_nfindings(c), 0);
  jk_check_free(c);
  c = run_file("unknown.csv", &rc, &err);
  CHECK_INT(rc, JK_EUNSUP);
  CHECK(strstr(err.msg, "neither JSON") != NULL);
  jk_check_free(c);
  c = run_buf("n.json", "42", 2, &rc, &err);
  CHECK_INT(rc, JK_EUNSUP);
  jk_check_free(c);
}

TEST(malformed_and_truncated_json_name_line_and_column) {
  jk_rc rc;
  jk_err err = {0, ""};
  jk_check *c = run_file("malformed.json", &rc, &err);
  CHECK_INT(rc, JK_EINVAL);
  CHECK(strstr(err.msg, "malformed.json:6:") != NULL);
  CHECK(strstr(err.msg, "malformed JSON") != NULL);
  jk_check_free(c);
  c = run_file("truncated.json", &rc, &err);
  CHECK_INT(rc, JK_EINVAL);
  CHECK(strstr(err.msg, "truncated") != NULL);
  CHECK(strstr(err.msg, "opened at line 4, column 5") != NULL); /* the object left open */
  jk_check_free(c);
  c = run_file("truncated.rules", &rc, &err);
  CHECK_INT(rc, JK_EINVAL);
  CHECK(strstr(err.msg, "truncated") != NULL);
  CHECK_INT(jk_check_nfindings(c), 0);
  jk_check_free(c);

  static const struct {
    const char *json, *says;
  } bad[] = {
      {"[1,]", "trailing comma"},        {"{\"a\" 1}", "expected ':'"},
      {"{\"a\":tru}", "expected a value"}, {"\"abc", "truncated"},
      {"[1 2]", "expected ',' or ']'"},  {"{\"a\":1}}", "more data"},
      {"[\"a\tb\"]", "control character"}, {"[\"\\q\"]", "unknown escape"},
      {"[-]", "malformed number"},       {"{} {}", "more data"},
      {"[1.]", "digits after"},          {"[\"\\u12\"]", "4 hex"},
      {"{\"a\":1,}", "trailing comma"},  {"[}", "'}' closes an array"},
      {"/* open", "never closed"},       {"[tr", "truncated"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err.msg[0] = 0;
    rc = jk_json_check(bad[i].json, strlen(bad[i].json), 64, "t.json", &err);
    if (rc != JK_EINVAL || !strstr(err.msg, bad[i].says))
      fprintf(stderr, "  %s -> %s\n", bad[i].json, err.msg);
    CHECK_INT(rc, JK_EINVAL);
    CHECK(strstr(err.msg, bad[i].says) != NULL);
  }
  static const char *const good[] = {"[]", "{}", "[1,-2.5e3,true,false,null,\"\\u00e9\\n\"]",
                                     "// c\n{\"a\": /* x */ [ ] }", "0", "\"x\""};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    CHECK_INT(jk_json_check(good[i], strlen(good[i]), 64, "t.json", &err), JK_OK);
}

TEST(empty_utf16_and_bom) {
  jk_rc rc;
  jk_err err = {0, ""};
  jk_check *c = run_buf("e.json", "  \n", 3, &rc, &err);
  CHECK_INT(rc, JK_EINVAL);
  CHECK(strstr(err.msg, "empty") != NULL);
  jk_check_free(c);
  c = run_buf("w.json", "\xFF\xFE{\0}\0", 6, &rc, &err);
  CHECK_INT(rc, JK_EUNSUP);
  CHECK(strstr(err.msg, "UTF-16") != NULL);
  jk_check_free(c);
  const char bom[] = "\xEF\xBB\xBF{\"PublicAccessBlockConfiguration\":{\"BlockPublicAcls\":false}}";
  c = run_buf("b.json", bom, sizeof bom - 1, &rc, &err);
  CHECK_INT(rc, JK_OK);
  CHECK_INT(count_rule(c, "s3.public-access-block-off"), 1);
  jk_check_free(c);
}

TEST(deep_nesting_is_refused_without_recursion) {
  size_t depth = 200000;
  char *p = malloc(2 * depth + 1);
  memset(p, '[', depth);
  memset(p + depth, ']', depth);
  p[2 * depth] = 0;
  jk_rc rc;
  jk_err err = {0, ""};
  jk_check *c = run_buf("deep.json", p, 2 * depth, &rc, &err);
  CHECK_INT(rc, JK_EINVAL);
  CHECK(strstr(err.msg, "nested deeper") != NULL);
  jk_check_free(c);
  /* Just under the limit is read (and is no known format). */
  size_t ok = JK_CHECK_MAX_DEPTH;
  memset(p, '[', ok);
  memset(p + ok, ']', ok);
  c = run_buf("deep2.json", p, 2 * ok, &rc, &err);
  CHECK_INT(rc, JK_EUNSUP);
  jk_check_free(c);
  /* Deep RTDB rules: the walker follows them to the limit. */
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "{\"rules\":");
  for (int i = 0; i < 100; i++) jk_buf_puts(&b, "{\"a\":");
  jk_buf_puts(&b, "{\".read\":true}");
  for (int i = 0; i < 101; i++) jk_buf_putc(&b, '}');
  c = run_buf("deeprules.json", b.p, b.len, &rc, &err);
  CHECK_INT(rc, JK_OK);
  CHECK_INT(count_rule(c, "firebase.open-read"), 1);
  jk_check_free(c);
  jk_buf_free(&b);
  free(p);
}

TEST(huge_strings_are_read_and_shown_short) {
  size_t big = 8u << 20;
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "{\"value\":[{\"displayName\":\"");
  for (size_t i = 0; i < big / 3; i++) jk_buf_puts(&b, "組");
  jk_buf_puts(&b, "\",\"visibility\":\"Public\",\"groupTypes\":[\"Unified\"],"
                  "\"resourceProvisioningOptions\":[\"Team\"]}]}");
  jk_rc rc;
  jk_err err = {0, ""};
  jk_check *c = run_buf("huge.json", b.p, b.len, &rc, &err);
  CHECK_INT(rc, JK_OK);
  CHECK_INT(count_rule(c, "graph.team-public"), 1);
  if (jk_check_nfindings(c)) {
    const char *name = jk_check_finding(c, 0)->name;
    CHECK(strlen(name) <= 204);
    CHECK(strncmp(name, "組組", 6) == 0);
    CHECK(jk_utf8_valid_prefix(name, strlen(name)) == strlen(name)); /* cut on a character */
  }
  jk_check_free(c);
  jk_buf_free(&b);
}

TEST(firebase_conditions_are_classified) {
  static const struct {
    const char *rules, *rule; /* rule expected, or NULL for none */
  } cases[] = {
      {"service cloud.firestore { match /d/{x} { allow read; } }", "firebase.open-read"},
      {"service cloud.firestore { match /d/{x} { allow get: if true; } }", "firebase.open-read"},
      {"service cloud.firestore { match /d/{x} { allow list: if false || true; } }", "firebase.open-read"},
      {"service cloud.firestore { match /d/{x} { allow create: if (true); } }", "firebase.open-write"},
      {"service cloud.firestore { match /d/{x} { allow read: if request.auth != null; } }", "firebase.any-user"},
      {"service cloud.firestore { match /d/{x} { allow read: if false; } }", NULL},
      {"service cloud.firestore { match /d/{x} { allow read: if request.auth.uid == x; } }", NULL},
      {"service cloud.firestore { match /d/{x} { allow read: if true && request.auth != null; } }", NULL},
      {"service cloud.firestore { function ok() { return true; } match /d/{x} { allow read: if ok(); } }", NULL},
      {"rules_version = '2';\n// c\n/* c */ service firebase.storage { match /b/{b}/o { match /{p=**} { allow write: if request.time < timestamp.date(2030, 1, 1); } } }", "firebase.open-write"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    jk_rc rc;
    jk_err err = {0, ""};
    jk_check *c = run_buf("t.rules", cases[i].rules, strlen(cases[i].rules), &rc, &err);
    if (rc) fprintf(stderr, "  case %zu: %s\n", i, err.msg);
    CHECK_INT(rc, JK_OK);
    if (cases[i].rule) CHECK_INT(count_rule(c, cases[i].rule), 1);
    else CHECK_INT(jk_check_nfindings(c), 0);
    jk_check_free(c);
  }
  static const char *const rtdb[][2] = {
      {"{\"rules\":{\".read\":\"now < 1700000000000\"}}", "firebase.open-read"},
      {"{\"rules\":{\"a\":{\".write\":\"true\"}}}", "firebase.open-write"},
      {"// comment\n{\"rules\":{\".read\":\"auth !== null\"}}", "firebase.any-user"},
      {"{\"rules\":{\".read\":\"auth.uid === 'x'\",\".write\":false}}", NULL},
  };
  for (size_t i = 0; i < sizeof rtdb / sizeof rtdb[0]; i++) {
    jk_rc rc;
    jk_err err = {0, ""};
    jk_check *c = run_buf("r.json", rtdb[i][0], strlen(rtdb[i][0]), &rc, &err);
    if (rc) fprintf(stderr, "  rtdb %zu: %s\n", i, err.msg);
    CHECK_INT(rc, JK_OK);
    if (rtdb[i][1]) CHECK_INT(count_rule(c, rtdb[i][1]), 1);
    else CHECK_INT(jk_check_nfindings(c), 0);
    jk_check_free(c);
  }
}

TEST(json_and_sarif_outputs_parse) {
  jk_check *c = jk_check_new();
  jk_err err;
  const char *files[] = {"graph.team-public.pos.json", "s3.acl-public.pos.json", "unknown.json"};
  for (size_t i = 0; i < 3; i++) {
    size_t len = 0;
    char *d = jk_t_slurp(fixture(files[i]), &len);
    if (d) jk_check_buffer(c, files[i], d, len, &err);
    free(d);
  }
  jk_casebook *cb = NULL;
  CHECK_INT(jk_casebook_load(NULL, &cb, &err), JK_OK); /* no database: empty */
  CHECK_INT(jk_casebook_total(cb), 0);
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_check_to_json(c, cb, "en", &b), JK_OK);
  cJSON *j = cJSON_Parse(b.p);
  CHECK(j != NULL);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "findings")), (long long)jk_check_nfindings(c));
  CHECK_INT(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "summary"), "errors")->valueint, 1);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  CHECK_INT(jk_sarif_write(c, cb, "ja", &b), JK_OK);
  j = cJSON_Parse(b.p);
  CHECK(j != NULL);
  CHECK_STR(cJSON_GetObjectItem(j, "version")->valuestring, "2.1.0");
  cJSON *run = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "runs"), 0);
  cJSON *rules = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(run, "tool"), "driver"), "rules");
  CHECK_INT(cJSON_GetArraySize(rules), (long long)jk_check_rules_n);
  cJSON *results = cJSON_GetObjectItem(run, "results");
  CHECK_INT(cJSON_GetArraySize(results), (long long)jk_check_nfindings(c));
  cJSON *r;
  cJSON_ArrayForEach(r, results) {
    int idx = cJSON_GetObjectItem(r, "ruleIndex")->valueint;
    CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(rules, idx), "id")->valuestring,
              cJSON_GetObjectItem(r, "ruleId")->valuestring);
  }
  cJSON *inv = cJSON_GetArrayItem(cJSON_GetObjectItem(run, "invocations"), 0);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(inv, "executionSuccessful")));
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(inv, "toolExecutionNotifications")), 1);
  cJSON_Delete(j);
  jk_buf_free(&b);
  jk_casebook_free(cb);
  jk_check_free(c);
}

/* A record made by hand, for the casebook's matching. */
static jk_record *mkrec(jk_category cat, const char *text, const char *product) {
  jk_record *r = calloc(1, sizeof *r);
  r->arena = jk_arena_new();
  r->category = cat;
  r->affected = -1;
  r->text = jk_arena_strdup(r->arena, text);
  r->text_len = strlen(text);
  if (product) {
    r->products.v = jk_arena_alloc(r->arena, sizeof(jk_item));
    r->products.v[0].text = jk_arena_strdup(r->arena, product);
    r->products.n = r->products.cap = 1;
  }
  return r;
}

TEST(casebook_matching_and_summaries) {
  size_t team;
  const jk_check_rule *ru = jk_check_rule_find("graph.team-public", &team);
  jk_record *a = mkrec(JK_CAT_MISCONFIGURATION, "チームのプライバシー設定を誤り公開していた", "Microsoft Teams");
  jk_record *b = mkrec(JK_CAT_MISCONFIGURATION, "ストレージのトークンが過剰な権限だった", "Microsoft Teams");
  jk_record *d = mkrec(JK_CAT_MISDELIVERY, "チームのプライバシー設定を誤り", "Microsoft Teams");
  CHECK(jk_casebook_match(a, ru->categories, ru->products, ru->cues));
  CHECK(!jk_casebook_match(b, ru->categories, ru->products, ru->cues)); /* product, not the setting */
  CHECK(jk_casebook_match(b, ru->categories, ru->products, NULL));
  CHECK(!jk_casebook_match(d, ru->categories, ru->products, ru->cues)); /* another cause */
  jk_record_free(a);
  jk_record_free(b);
  jk_record_free(d);

  /* "Behind" needs the product named: Firebase rules and a NAS break-in,
     a database left open without the vendor's name, Firestore named. */
  size_t fb;
  CHECK(jk_check_rule_find("firebase.open-read", &fb) != NULL);
  jk_record *named = mkrec(JK_CAT_MISCONFIGURATION, "Cloud Firestore のルールが誰でも読める設定でした", NULL);
  jk_record *attack = mkrec(JK_CAT_HACKING, "NAS に不正アクセスがあり、データベースの認証情報が盗まれました", NULL);
  jk_record *generic = mkrec(JK_CAT_MISCONFIGURATION, "クラウドサービスのデータベースに第三者がアクセスできる状態でした", NULL);
  jk_record *nocue = mkrec(JK_CAT_MISCONFIGURATION, "Firebase の料金プランを変更しました", NULL);
  jk_record *attack_named = mkrec(JK_CAT_HACKING, "Firebase のデータベースに誰でもアクセスでき、不正に取得されました", NULL);
  jk_record *rone[1];
  const char *src[1] = {NULL};
  jk_incident inc = {1, "T-1", rone, src, src, 1, NULL};
  rone[0] = named;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_BEHIND);
  rone[0] = attack;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_NONE); /* an attack is never similar */
  rone[0] = generic;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_SIMILAR); /* no vendor named */
  rone[0] = nocue;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_SIMILAR); /* product, not the setting */
  rone[0] = attack_named;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_BEHIND); /* named, with the setting */
  /* The incident's cause is its summary's when the store gave one. */
  jk_record *sum = mkrec(JK_CAT_MISDELIVERY, "", NULL);
  inc.summary = sum;
  rone[0] = named;
  CHECK_INT(jk_casebook_classify(&inc, fb), JK_CASE_NONE);
  inc.summary = NULL;
  /* A storage rule is not behind an incident of another vendor's storage. */
  size_t s3;
  CHECK(jk_check_rule_find("s3.policy-public", &s3) != NULL);
  jk_record *azure = mkrec(JK_CAT_MISCONFIGURATION, "Azure Blob ストレージが外部から閲覧できる状態でした", "Azure");
  rone[0] = azure;
  CHECK_INT(jk_casebook_classify(&inc, s3), JK_CASE_SIMILAR);
  size_t azc;
  CHECK(jk_check_rule_find("az.container-public", &azc) != NULL);
  CHECK_INT(jk_casebook_classify(&inc, azc), JK_CASE_BEHIND);
  jk_record *recs[] = {named, attack, generic, nocue, attack_named, sum, azure};
  for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) jk_record_free(recs[i]);

  jk_case_ref refs[3] = {{"2023-1", "A", {2023, 1, 1}, 100, NULL, NULL},
                         {"2023-2", "B", {2023, 2, 1}, 1134, NULL, NULL},
                         {"2023-3", NULL, {0, 0, 0}, -1, NULL, NULL}};
  jk_case_set s = {refs, 3, 1234, 1};
  jk_buf out;
  jk_buf_init(&out);
  jk_case_set_summary(&s, "en", &out);
  CHECK_STR(out.p, "this setting was behind 3 incidents exposing 1,234+ people (1 not stated) in your casebook");
  jk_buf_reset(&out);
  s.n = 2;
  s.not_stated = 0;
  jk_case_set_summary(&s, "en", &out);
  CHECK_STR(out.p, "this setting was behind 2 incidents exposing 1,234 people in your casebook");
  jk_buf_reset(&out);
  jk_case_set one = {refs + 2, 1, 0, 1};
  jk_case_set_summary(&one, "en", &out);
  CHECK_STR(out.p, "this setting was behind 1 incident (number of people not stated) in your casebook");
  jk_buf_reset(&out);
  jk_case_set none = {NULL, 0, 0, 0};
  jk_case_set_summary(&none, "ja", &out);
  CHECK(strstr(out.p, "ありません") != NULL);
  jk_buf_free(&out);
  char n[32];
  jk_fmt_count(1234567, n, sizeof n);
  CHECK_STR(n, "1,234,567");
  jk_fmt_count(999, n, sizeof n);
  CHECK_STR(n, "999");
  jk_fmt_count(0, n, sizeof n);
  CHECK_STR(n, "0");
}

TEST(lessons_classifiers) {
  const char *t = "8月1日、カード会社から不正利用の可能性について連絡があり判明しました";
  CHECK_STR(jk_discovery_kind(t, strlen(t)), "card_company");
  t = "報道機関からの問い合わせにより発覚";
  CHECK_STR(jk_discovery_kind(t, strlen(t)), "media");
  t = "利用者から、他の人の回答が見えるとの連絡を受けて判明";
  CHECK_STR(jk_discovery_kind(t, strlen(t)), "customer");
  t = "監視システムが不審な通信を検知";
  CHECK_STR(jk_discovery_kind(t, strlen(t)), "internal");
  t = "本日の天気";
  CHECK(jk_discovery_kind(t, strlen(t)) == NULL);
  const char *keys[16];
  t = "送信前のダブルチェックとチェックリストの運用、職員研修を実施";
  size_t k = jk_measure_kinds(t, strlen(t), keys, 16);
  CHECK_INT(k, 3);
  CHECK_STR(keys[0], "double_check");
  CHECK_STR(keys[1], "checklist");
  CHECK_STR(keys[2], "training");
  t = "フォームの公開設定を定期的に確認する";
  k = jk_measure_kinds(t, strlen(t), keys, 16);
  CHECK(k >= 1 && strcmp(keys[0], "settings_review") == 0);
  /* No database: lessons of an empty casebook. */
  jk_lessons *l = NULL;
  jk_err err;
  CHECK_INT(jk_lessons_build(NULL, -1, NULL, -1, &l, &err), JK_OK);
  CHECK_INT(jk_lessons_total(l), 0);
  CHECK_INT(jk_lessons_ntables(l), 6);
  CHECK(jk_lessons_median_exposure_days(l) < 0);
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_lessons_to_json(l, &b), JK_OK);
  cJSON *j = cJSON_Parse(b.p);
  CHECK(j != NULL);
  cJSON_Delete(j);
  jk_buf_free(&b);
  jk_lessons_free(l);
}

TEST(alternatives_ignore_ascii_case_only) {
  CHECK(jk_alt_eq("Public|Private", "public", 6));
  CHECK(!jk_alt_eq("Public|Private", "Publi", 5));
  CHECK(jk_alt_in("Teams|グループウェア", "microsoft teams を利用", strlen("microsoft teams を利用")));
  CHECK(jk_alt_in("Teams|グループウェア", "校内のグループウェア", strlen("校内のグループウェア")));
  CHECK(!jk_alt_in("Teams", "team", 4));
}

/* ---- the settings matched at once equal the plain test ---------------------- */

#include "summary.h"

static unsigned long long rng_state = 88172645463325252ull;
static unsigned rnd(unsigned n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return n ? (unsigned)(rng_state % n) : 0;
}

/* The i-th '|' word of alts (len in *k), or NULL. */
static const char *nth_word(const char *alts, unsigned i, size_t *k) {
  for (const char *a = alts; a;) {
    const char *bar = strchr(a, '|');
    if (!i--) {
      *k = bar ? (size_t)(bar - a) : strlen(a);
      return a;
    }
    a = bar ? bar + 1 : NULL;
  }
  return NULL;
}

static unsigned nwords(const char *alts) {
  unsigned n = 0;
  for (const char *a = alts; a; a = strchr(a, '|'), a = a ? a + 1 : NULL) n++;
  return n;
}

/* A text of fillers and words of the rules' and settings' products and
   cues, and of the discovery verbs, some ASCII in another case, some cut
   short; sentences end with 。 or a line break. */
static void random_text(jk_buf *b) {
  static const char *fill[] = {"お客様の", "情報が", "閲覧できる状態", "x",      "。",     "\n",  "、",
                               "A",        "ﾃｽﾄ",   " ",              "警察から", "報道で", "監視", "お客様から",
                               "脅迫",     "。",     "\n",   "ダブルチェック", "研修", "チェックリスト",
                               "教育",     "周知"};
  jk_buf_reset(b);
  unsigned parts = 3 + rnd(30);
  for (unsigned p = 0; p < parts; p++) {
    unsigned what = rnd(10);
    const char *alts = NULL;
    if (what < 4) {
      jk_buf_puts(b, fill[rnd(sizeof fill / sizeof fill[0])]);
      continue;
    }
    if (what < 8) {
      size_t r = rnd((unsigned)(jk_lesson_settings_n + jk_check_rules_n));
      const char *pc[2];
      if (r < jk_lesson_settings_n) pc[0] = jk_lesson_settings[r].products, pc[1] = jk_lesson_settings[r].cues;
      else pc[0] = jk_check_rules[r - jk_lesson_settings_n].products, pc[1] = jk_check_rules[r - jk_lesson_settings_n].cues;
      alts = pc[rnd(2)];
    } else {
      alts = jk_discovery_verbs;
    }
    if (!alts) continue;
    size_t k = 0;
    const char *w = nth_word(alts, rnd(nwords(alts)), &k);
    if (!w) continue;
    if (rnd(6) == 0 && k > 1) k--; /* cut short: no longer the word (or another) */
    for (size_t i = 0; i < k; i++) {
      char c = w[i];
      if (rnd(2) && c >= 'a' && c <= 'z') c = (char)(c - 32);
      else if (rnd(2) && c >= 'A' && c <= 'Z') c = (char)(c + 32);
      jk_buf_putc(b, c);
    }
  }
}

/* jk_discovery_kind as a plain loop over the kinds with jk_alt_in. */
static const char *discovery_kind_ref(const char *t, size_t n) {
  const char *key, *w;
  for (size_t k = 0; (w = jk_discovery_kind_words(k, &key)); k++)
    if (jk_alt_in(w, t, n)) return key;
  return NULL;
}

/* Discovery the way lessons read it before: every sentence searched for
   every verb (what record_discovery must still answer). */
static const char *discovery_ref(const jk_record *r) {
  const char *t = r->text;
  size_t n = r->text_len;
  if (!t) return NULL;
  size_t s = 0;
  const char *found = NULL;
  while (s < n && !found) {
    size_t e = s;
    while (e < n && t[e] != '\n' && !(e + 3 <= n && memcmp(t + e, "。", 3) == 0)) e++;
    bool has_date = r->discovered_ev.len && r->discovered_ev.off >= s && r->discovered_ev.off < e;
    if (has_date || jk_alt_in(jk_discovery_verbs, t + s, e - s)) found = discovery_kind_ref(t + s, e - s);
    s = e + (e < n && t[e] == '\n' ? 1 : 3);
  }
  return found;
}

typedef struct keys_seen {
  const char *disc;
  char set[64][48];
  size_t nset;
} keys_seen;

static void on_key(void *vp, int dim, const char *key) {
  keys_seen *ks = vp;
  if (dim == JK_SD_DISC) ks->disc = key;
  if (dim == JK_SD_SET && ks->nset < 64) snprintf(ks->set[ks->nset++], 48, "%s", key);
}

TEST(settings_matched_at_once_equal_the_plain_test) {
  jk_buf t[3];
  for (int i = 0; i < 3; i++) jk_buf_init(&t[i]);
  size_t nr = jk_check_rules_n, ns = jk_lesson_settings_n, bad = 0, hits = 0, disc_bad = 0, discs = 0;
  size_t meas_bad = 0, meas = 0;
  unsigned char *sh = calloc(ns + 1, 1), *rh = calloc(nr + 1, 1);
  for (int round = 0; round < 3000; round++) {
    size_t n = 1 + rnd(3);
    jk_record *recs[3];
    const char *src[3] = {NULL, NULL, NULL};
    for (size_t i = 0; i < n; i++) {
      random_text(&t[i]);
      static const jk_category cats[] = {JK_CAT_MISCONFIGURATION, JK_CAT_HACKING, JK_CAT_MISDELIVERY, JK_CAT_LOSS,
                                         JK_CAT_OTHER};
      const char *prod = NULL;
      size_t k = 0;
      if (rnd(3) == 0) { /* a product item: a rule's name */
        size_t r = rnd((unsigned)nr);
        const char *w = nth_word(jk_check_rules[r].products, rnd(nwords(jk_check_rules[r].products)), &k);
        static char pb[128];
        snprintf(pb, sizeof pb, "%.*s", (int)k, w ? w : "");
        prod = pb;
      }
      recs[i] = mkrec(cats[rnd(5)], t[i].p ? t[i].p : "", prod);
      if (rnd(4) == 0 && t[i].len > 4) { /* a discovery date's evidence somewhere */
        recs[i]->discovered_ev.off = rnd((unsigned)t[i].len);
        recs[i]->discovered_ev.len = 1;
      }
    }
    jk_incident inc = {1, "T-1", recs, src, src, n, NULL};
    jk_casebook_match_all(&inc, sh, rh);
    for (size_t k = 0; k < ns; k++) {
      const jk_lesson_setting *st = &jk_lesson_settings[k];
      int want = jk_casebook_match_incident(&inc, st->categories, st->products, st->cues) != 0;
      bad += sh[k] != want;
      hits += want;
    }
    for (size_t k = 0; k < nr; k++) {
      const jk_check_rule *ru = &jk_check_rules[k];
      int want = jk_casebook_match_incident(&inc, ru->categories, ru->products, ru->cues) != 0;
      if (rh[k] != want && bad < 5) fprintf(stderr, "  rule %s: %d, plain test %d on: %s\n", ru->id, rh[k], want, recs[0]->text);
      bad += rh[k] != want;
      hits += want;
    }
    /* Through jk_lessons_keys: the same settings, the discovery as before. */
    keys_seen ks;
    memset(&ks, 0, sizeof ks);
    jk_lessons_keys(recs[0], &inc, on_key, &ks);
    const char *want_disc = NULL;
    for (size_t i = 0; i < n && !want_disc; i++) want_disc = discovery_ref(recs[i]);
    if (strcmp(ks.disc ? ks.disc : "", want_disc ? want_disc : "")) {
      if (disc_bad < 2)
        for (size_t i = 0; i < n; i++)
          fprintf(stderr, "  discovery %s, before %s; report %zu (ev %zu+%zu): [%s]\n", ks.disc, want_disc, i,
                  (size_t)recs[i]->discovered_ev.off, (size_t)recs[i]->discovered_ev.len, recs[i]->text);
      disc_bad++;
    }
    discs += want_disc != NULL;
    /* Measure kinds of every text, as the plain loop finds them. */
    for (size_t i = 0; i < n; i++) {
      const char *got[32], *key, *w;
      size_t ng = jk_measure_kinds(recs[i]->text, recs[i]->text_len, got, 32), nw = 0, k;
      for (k = 0; (w = jk_measure_kind_words(k, &key)); k++)
        if (jk_alt_in(w, recs[i]->text, recs[i]->text_len)) {
          if (nw >= ng || strcmp(got[nw], key)) meas_bad++;
          nw++;
        }
      meas_bad += nw != ng;
      meas += nw;
      const char *dk = jk_discovery_kind(recs[i]->text, recs[i]->text_len);
      const char *dr = discovery_kind_ref(recs[i]->text, recs[i]->text_len);
      disc_bad += (dk != dr);
    }
    size_t want_sets = 0;
    for (size_t k = 0; k < ns; k++) want_sets += sh[k];
    for (size_t k = 0; k < nr; k++) want_sets += rh[k];
    bad += ks.nset != want_sets;
    for (size_t i = 0; i < n; i++) jk_record_free(recs[i]);
  }
  CHECK_INT(bad, 0);
  CHECK_INT(disc_bad, 0);
  CHECK(hits > 300);  /* the texts do name settings */
  CHECK(discs > 300); /* and tell discoveries */
  CHECK_INT(meas_bad, 0);
  CHECK(meas > 100);  /* and promise measures */
  free(sh);
  free(rh);
  for (int i = 0; i < 3; i++) jk_buf_free(&t[i]);
}
