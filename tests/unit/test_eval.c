/* test_eval.c — scoring against gold labels, and the list of misses a
   reviewer reads (jk_eval_errors): each line names the place, the field,
   both values, the evidence and the confidence.  The records are extracted
   from fictional notices, their confidences then set by hand so that the
   low-confidence mark does not depend on how the extractor scores. */
#include "harness.h"
#include "jikenbo.h"

static const char notice[] =
    "【セキュリティ事件簿#2031-301】架空光学株式会社 不正アクセスによる情報流出のお詫び 2031年5月20日\n"
    "\n"
    "架空光学株式会社は、当社通販サイトのサーバーが第三者による不正アクセスを受け、"
    "お客様412名分の氏名、住所およびメールアドレスが流出した可能性があることを確認いたしました。\n"
    "本件は個人情報保護委員会へ報告しております。\n";

static jk_record *record_of(const char *file, int line) {
  jk_record *r = NULL;
  if (jk_extract_text(notice, strlen(notice), &r) != JK_OK) return NULL;
  r->source_file = file;
  r->heading_line = line;
  r->first_line = line; /* its segment starts at its heading */
  return r;
}

/* Run the errors list for one gold line over one record; caller frees. */
static char *errors_of(const char *gold, jk_record *r) {
  jk_eval *ev = jk_eval_new();
  jk_err err = {JK_OK, ""};
  char *out = NULL;
  if (ev && jk_eval_load_gold(ev, gold, strlen(gold), &err) == JK_OK && (!r || jk_eval_add(ev, r) == JK_OK)) {
    jk_buf b;
    jk_buf_init(&b);
    jk_eval_errors(ev, &b);
    out = jk_buf_detach(&b, NULL);
  }
  jk_eval_free(ev);
  return out;
}

/* The line of out that starts with prefix, as a new string (NULL: none). */
static char *line_of(const char *out, const char *prefix) {
  for (const char *s = out; s && *s;) {
    size_t n = strcspn(s, "\n");
    if (!strncmp(s, prefix, strlen(prefix))) {
      char *l = malloc(n + 1);
      memcpy(l, s, n);
      l[n] = 0;
      return l;
    }
    s += n + (s[n] == '\n');
  }
  return NULL;
}

TEST(errors_name_place_field_values_evidence_confidence) {
  jk_record *r = record_of("dir/kakuu.txt", 1);
  CHECK(r != NULL);
  if (!r) return;
  CHECK_INT(r->affected, 412);
  for (int f = 0; f < JK_F_COUNT; f++) r->confidence[f] = 0.9f;
  r->confidence[JK_F_AFFECTED] = 0.32f;
  r->confidence[JK_F_ORG] = 0.61f;
  r->org_alt = "架空通販株式会社";
  /* Deliberately wrong labels: the people (214 for 412), the issuer and
     one kind of data (phone for email). */
  char *out = errors_of("{\"key\":\"kakuu.txt:1\",\"casebook_id\":\"2031-301\",\"org\":\"架空 光学販売株式会社\","
                        "\"published\":\"2031-05-20\",\"report_seq\":1,\"category\":\"hacking\",\"affected\":214,"
                        "\"card\":false,\"data_types\":[\"address\",\"name\",\"phone\"],\"reported_to\":[\"ppc\"],"
                        "\"vendor\":false}\n",
                        r);
  CHECK(out != NULL);
  char *aff = line_of(out, "kakuu.txt:1  affected  ");
  CHECK(aff != NULL);
  if (aff) {
    CHECK(strstr(aff, "  gold=214  got=412  ") != NULL);
    CHECK(strstr(aff, "  evidence=\"") != NULL && strstr(aff, "412") != NULL);
    CHECK(strstr(aff, "  confidence=0.32 (low: flagged for review)") != NULL);
    CHECK(strstr(aff, "gold_line=1") != NULL);
  }
  char *org = line_of(out, "kakuu.txt:1  org  ");
  CHECK(org != NULL);
  if (org) {
    /* The label as written (with its space), the confidence not low. */
    CHECK(strstr(org, "  gold=架空 光学販売株式会社  got=架空光学株式会社  ") != NULL);
    CHECK(strstr(org, "  confidence=0.61  ") != NULL);
    CHECK(strstr(org, "(low") == NULL);
    CHECK(strstr(org, "  runner_up=\"架空通販株式会社\"") != NULL);
  }
  char *dt = line_of(out, "kakuu.txt:1  data_types  ");
  CHECK(dt != NULL);
  if (dt) {
    /* The member the gold lacks has its evidence; the one it has, missing. */
    CHECK(strstr(dt, "  evidence=\"email: メールアドレス\"") != NULL);
    CHECK(strstr(dt, "  missing=[phone]") != NULL);
  }
  CHECK(line_of(out, "kakuu.txt:1  category  ") == NULL);
  CHECK(strstr(out, "errors: 3 wrong fields in 1 notice, 0 missed notices, 0 spurious records; 1 of 3 wrong fields "
                    "under confidence 0.50\n") != NULL);
  free(aff);
  free(org);
  free(dt);
  free(out);
  jk_record_free(r);
}

/* A record whose confidences are all 0 was scored by no extractor (or
   stored before confidence existed): unknown, not low. */
TEST(errors_confidence_unknown_when_all_zero) {
  jk_record *r = record_of("kakuu.txt", 1);
  CHECK(r != NULL);
  if (!r) return;
  for (int f = 0; f < JK_F_COUNT; f++) r->confidence[f] = 0;
  char *out = errors_of("{\"key\":\"kakuu.txt:1\",\"casebook_id\":\"2031-999\",\"org\":\"架空光学株式会社\","
                        "\"published\":\"2031-05-20\",\"category\":\"hacking\",\"affected\":412,"
                        "\"data_types\":[\"address\",\"email\",\"name\"],\"reported_to\":[\"ppc\"]}\n",
                        r);
  char *l = line_of(out, "kakuu.txt:1  casebook_id  gold=2031-999  got=2031-301  evidence=\"2031-301\"");
  CHECK(l != NULL);
  if (l) CHECK(strstr(l, "  confidence=unknown  ") != NULL);
  CHECK(out && strstr(out, "flagged") == NULL);
  free(l);
  free(out);
  jk_record_free(r);
}

TEST(errors_missed_and_spurious) {
  jk_record *r = record_of("kakuu.txt", 30);
  CHECK(r != NULL);
  if (!r) return;
  char *out = errors_of("{\"key\":\"kakuu.txt:3\",\"org\":\"架空光学株式会社\",\"category\":\"loss\"}\n"
                        "{\"key\":\"other.txt:3\",\"org\":\"別の架空会社\"}\n",
                        r);
  CHECK(out != NULL);
  if (!out) return;
  CHECK(strstr(out, "kakuu.txt:3  notice  gold=notice  got=(none)  org=架空光学株式会社  nearest_record=line 30 "
                    "(27 lines off; matching allows 5)  gold_line=1\n") != NULL);
  CHECK(strstr(out, "other.txt:3  notice  gold=notice  got=(none)  org=別の架空会社  "
                    "nearest_record=(none in this file)  gold_line=2\n") != NULL);
  CHECK(strstr(out, "kakuu.txt:30  notice  gold=(none)  got=notice  title=\"不正アクセスによる情報流出のお詫び\"  "
                    "org=架空光学株式会社  nearest_gold=line 3") != NULL);
  /* File and line order: kakuu.txt:3 before kakuu.txt:30 before other.txt. */
  const char *a = strstr(out, "kakuu.txt:3  "), *b = strstr(out, "kakuu.txt:30  "), *c = strstr(out, "other.txt:3  ");
  CHECK(a && b && c && a < b && b < c);
  CHECK(strstr(out, "2 missed notices, 1 spurious record\n") != NULL);
  free(out);
  jk_record_free(r);
}

/* Texts with a line break or a quote stay on their line, and a quote
   cannot end a "…" early: a break between two Japanese characters (a PDF
   margin) is dropped, another becomes a space. */
TEST(errors_texts_are_one_line) {
  jk_record *r = record_of("kakuu.txt", 1);
  CHECK(r != NULL);
  if (!r) return;
  r->confidence[JK_F_ORG] = 0.2f;
  r->org_alt = "架空\"通販\"\n株式会社";
  char *out = errors_of("{\"key\":\"kakuu.txt:1\",\"casebook_id\":\"2031-301\",\"org\":\"架空\\n光学\\t本舗\","
                        "\"published\":\"2031-05-20\",\"category\":\"hacking\",\"affected\":412,"
                        "\"data_types\":[\"address\",\"email\",\"name\"],\"reported_to\":[\"ppc\"]}\n",
                        r);
  CHECK(out != NULL);
  if (!out) return;
  CHECK(strstr(out, "kakuu.txt:1  org  gold=架空光学 本舗  got=架空光学株式会社  ") != NULL);
  CHECK(strstr(out, "  confidence=0.20 (low: flagged for review)  runner_up=\"架空\\\"通販\\\" 株式会社\"  gold_line=1\n") !=
        NULL);
  int lines = 0;
  for (const char *s = out; *s; s++) lines += *s == '\n';
  CHECK_INT(lines, 2); /* the org line and the counts */
  free(out);
  jk_record_free(r);
}

/* A page whose title stands under ten lines of navigation: the key FILE:1
   (SCHEMA's key for a file of one notice) names the notice whose segment
   starts there, however far below its heading is. */
TEST(a_key_above_the_heading_in_the_same_segment) {
  jk_record *r = record_of("kakuu.txt", 11);
  CHECK(r != NULL);
  if (!r) return;
  r->first_line = 1;
  char *out = errors_of("{\"key\":\"kakuu.txt:1\",\"org\":\"架空光学株式会社\"}\n", r);
  CHECK(out && strstr(out, "0 missed notices, 0 spurious records") != NULL);
  free(out);
  r->first_line = 8; /* the key is above the segment: no match */
  out = errors_of("{\"key\":\"kakuu.txt:1\",\"org\":\"架空光学株式会社\"}\n", r);
  CHECK(out && strstr(out, "1 missed notice, 1 spurious record") != NULL);
  free(out);
  jk_record_free(r);
}
