/*
** test_share.c — STIX / MISP / VERIS exports and imports, without a
** database: incidents are built from the seed notices (split + extract,
** grouped by casebook number), exported, checked, parsed back.
**
** With JK_SHARE_OUT=DIR set, the exports are also written there
** (stix.json, misp/<uuid>.json, veris/<uuid>.json) for
** tests/validate_exports.py to check against the official schemas.
*/
#include "../../lib/mapping.h"
#include "../../lib/share.h"
#include "harness.h"

#include <cjson/cJSON.h>
#include <sys/stat.h>

/* ---- incidents from the seeds --------------------------------------- */

typedef struct corpus {
  jk_record *recs[512];
  const char *srcs[512];
  size_t n;
  const char *file;
  /* incidents: indexes into recs, grouped */
  jk_incident inc[512];
  char labels[512][32];
  size_t ninc;
} corpus;

static int on_seg(void *vp, const jk_segment *seg) {
  corpus *c = vp;
  if (!seg->is_notice || c->n >= 512) return 0;
  jk_record *r;
  if (jk_extract(seg, c->file, &r) == JK_OK) {
    c->srcs[c->n] = jk_arena_strdup(r->arena, c->file);
    c->recs[c->n++] = r;
  }
  return 0;
}

static const char *fetched_const[512];

/* Group records by casebook number (else one incident each), reports
   ordered by report_seq as the store gives them. */
static void group(corpus *c) {
  static const char *fixed = "2025-01-02T03:04:05Z";
  for (size_t i = 0; i < 512; i++) fetched_const[i] = fixed;
  int used[512] = {0};
  int jn = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (used[i]) continue;
    jk_incident *inc = &c->inc[c->ninc];
    memset(inc, 0, sizeof *inc);
    inc->reports = calloc(c->n, sizeof *inc->reports);
    inc->sources = calloc(c->n, sizeof *inc->sources);
    inc->fetched = fetched_const;
    if (c->recs[i]->casebook_id) snprintf(c->labels[c->ninc], 32, "%s", c->recs[i]->casebook_id);
    else snprintf(c->labels[c->ninc], 32, "J-%d", ++jn);
    inc->label = c->labels[c->ninc];
    inc->id = (long long)c->ninc + 1;
    for (size_t k = i; k < c->n; k++) {
      if (used[k]) continue;
      if (k != i && (!c->recs[i]->casebook_id || !c->recs[k]->casebook_id ||
                     strcmp(c->recs[i]->casebook_id, c->recs[k]->casebook_id) != 0))
        continue;
      /* the same notice twice (the seeds repeat some) is one report */
      bool dup = false;
      for (size_t j = 0; j < inc->n; j++)
        if (inc->reports[j]->text_len == c->recs[k]->text_len &&
            memcmp(inc->reports[j]->text, c->recs[k]->text, c->recs[k]->text_len) == 0)
          dup = true;
      used[k] = 1;
      if (dup) continue;
      inc->reports[inc->n] = c->recs[k];
      inc->sources[inc->n] = c->srcs[k];
      inc->n++;
    }
    /* oldest report first */
    for (size_t a = 1; a < inc->n; a++)
      for (size_t b = a; b > 0 && inc->reports[b]->report_seq < inc->reports[b - 1]->report_seq; b--) {
        jk_record *t = inc->reports[b];
        inc->reports[b] = inc->reports[b - 1];
        inc->reports[b - 1] = t;
        const char *s = inc->sources[b];
        inc->sources[b] = inc->sources[b - 1];
        inc->sources[b - 1] = s;
      }
    c->ninc++;
  }
}

static corpus *load_seeds(void) {
  static corpus *c;
  if (c) return c;
  c = calloc(1, sizeof *c);
  static const char *files[] = {"seeds/000_a8c8f9365337a91e.txt", "seeds/001_f8e5bfe83f636fc9.txt",
                                "seeds/002_a548425d9aa6d83a.txt", "seeds/003_5cab1e733483636a.txt",
                                "seeds/004_93527db57ab065a5.txt"};
  for (size_t i = 0; i < 5; i++) {
    size_t len;
    char *p = jk_t_slurp(jk_t_shared(files[i]), &len);
    if (!p) continue;
    c->file = files[i];
    jk_split_buffer(p, len, on_seg, c, NULL);
    free(p);
  }
  group(c);
  return c;
}

static char *export_stix(jk_incident *incs, size_t n) {
  jk_buf b;
  jk_buf_init(&b);
  jk_stix_writer *w;
  if (jk_stix_begin(&b, &w)) return NULL;
  for (size_t i = 0; i < n; i++)
    if (jk_stix_add(w, &incs[i], &b)) {
      jk_stix_free(w);
      jk_buf_free(&b);
      return NULL;
    }
  if (jk_stix_end(w, &b)) return NULL;
  return jk_buf_detach(&b, NULL);
}

static void write_file(const char *path, const char *p, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fwrite(p, 1, n, f);
  fclose(f);
}

/* ---- uuid -------------------------------------------------------------- */

TEST(uuid5_matches_rfc_example) {
  char u[37];
  /* Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") */
  CHECK_INT(jk_uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", 10, u), JK_OK);
  CHECK_STR(u, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  CHECK_INT(jk_uuid5("not-a-uuid", "x", 1, u), JK_EINVAL);
  char a[37], b[37];
  jk_uuid5_kind("incident", "2023-446", a);
  jk_uuid5_kind("incident", "2023-446", b);
  CHECK_STR(a, b);
  CHECK(a[14] == '5');
  CHECK(strchr("89ab", a[19]) != NULL);
}

/* ---- mapping ----------------------------------------------------------- */

TEST(org_words_tell_industry) {
  static const struct {
    const char *org, *naics, *gov;
  } cases[] = {
      {"宇部市", "921", "Local"},
      {"吉田町", "921", "Local"},
      {"山口県", "921", "Regional"},
      {"東京都", "921", "Regional"},
      {"厚生労働省", "921", "Federal"},
      {"気象庁", "92", "Federal"},
      {"内閣サイバーセキュリティセンター", "921", "Federal"},
      {"宇部市教育委員会", "921", "Local"},
      {"東京大学", "611", "NA"},
      {"国立大学法人東京医科歯科大学", "611", "NA"},
      {"愛媛県立医療技術大学", "611", "NA"},
      {"鹿児島大学病院", "622", "NA"},
      {"株式会社北都銀行", "522", "NA"},
      {"第一生命保険株式会社", "524", "NA"},
      {"大阪市コミュニティ協会", "813", "NA"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const jk_org_map *m = jk_map_org(cases[i].org);
    CHECK(m != NULL);
    if (!m) {
      fprintf(stderr, "    no industry for %s\n", cases[i].org);
      continue;
    }
    CHECK_STR(m->naics, cases[i].naics);
    CHECK_STR(m->government, cases[i].gov);
  }
  CHECK(jk_map_org("株式会社NTTドコモ") == NULL);
  CHECK(jk_map_org(NULL) == NULL);
  CHECK(jk_map_org("市") == NULL); /* a bare word is no name */
}

TEST(cause_tags_round_trip) {
  for (int c = 0; c < JK_CAT_COUNT; c++) {
    const jk_cause_map *m = jk_map_cause((jk_category)c);
    CHECK_INT(m->cat, c);
    if (m->misp_tag) CHECK_INT(jk_map_cause_from_tag(m->misp_tag), c);
    else CHECK_INT(c, JK_CAT_OTHER);
  }
  CHECK_INT(jk_map_cause_from_tag("veris:action:error:variety=\"Gaffe\""), -1);
  for (int d = 0; d < JK_DT_COUNT; d++) CHECK_INT(jk_map_data((jk_data_type)d)->dt, d);
}

TEST(discovery_needs_a_telling_verb) {
  const char *a = "8月1日、クレジットカード会社から漏えいの懸念があるとの連絡を受け、調査を開始しました。";
  const jk_discovery_map *m = jk_map_discovery(a, strlen(a));
  CHECK(m && strcmp(m->veris_variety, "Fraud detection") == 0);
  const char *b = "お客様からお預かりした個人情報が閲覧可能であったことが判明しました。";
  CHECK(jk_map_discovery(b, strlen(b)) == NULL);
  const char *c = "お客様からのお問い合わせにつきましては下記までお願いいたします。";
  CHECK(jk_map_discovery(c, strlen(c)) == NULL);
  const char *d = "受信者の方からのご指摘により誤送信が判明しました。";
  m = jk_map_discovery(d, strlen(d));
  CHECK(m && strcmp(m->veris_variety, "Customer") == 0);
  const char *e = "担当職員が気付き、";
  m = jk_map_discovery(e, strlen(e));
  CHECK(m && strcmp(m->veris_kind, "internal") == 0);
  CHECK(jk_map_possible("流出した可能性があります", strlen("流出した可能性があります")));
  CHECK(!jk_map_possible("流出しました", strlen("流出しました")));
}

/* ---- exports ----------------------------------------------------------- */

TEST(exports_of_the_seeds_parse_and_repeat_byte_for_byte) {
  corpus *c = load_seeds();
  CHECK(c->n >= 40);
  CHECK(c->ninc >= 30);
  char *s1 = export_stix(c->inc, c->ninc), *s2 = export_stix(c->inc, c->ninc);
  CHECK(s1 && s2 && strcmp(s1, s2) == 0);
  cJSON *j = s1 ? cJSON_Parse(s1) : NULL;
  CHECK(j != NULL);
  if (j) {
    cJSON *objs = cJSON_GetObjectItem(j, "objects");
    int n = cJSON_GetArraySize(objs), incidents = 0, reports = 0;
    for (int i = 0; i < n; i++) {
      const char *t = cJSON_GetObjectItem(cJSON_GetArrayItem(objs, i), "type")->valuestring;
      incidents += strcmp(t, "incident") == 0;
      reports += strcmp(t, "report") == 0;
    }
    CHECK_INT(incidents, c->ninc);
    size_t nrep = 0;
    for (size_t i = 0; i < c->ninc; i++) nrep += c->inc[i].n;
    CHECK_INT(reports, nrep);
    cJSON_Delete(j);
  }
  const char *out = getenv("JK_SHARE_OUT");
  char path[4096];
  if (out && *out && s1) {
    snprintf(path, sizeof path, "%s/stix.json", out);
    write_file(path, s1, strlen(s1));
    snprintf(path, sizeof path, "%s/misp", out);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/veris", out);
    mkdir(path, 0777);
  }
  free(s1);
  free(s2);
  jk_buf b1, b2;
  jk_buf_init(&b1);
  jk_buf_init(&b2);
  for (size_t i = 0; i < c->ninc; i++) {
    for (int f = JK_SHARE_MISP; f <= JK_SHARE_VERIS; f++) {
      jk_buf_reset(&b1);
      jk_buf_reset(&b2);
      jk_rc rc1 = f == JK_SHARE_MISP ? jk_misp_event(&c->inc[i], &b1) : jk_veris_incident(&c->inc[i], &b1);
      jk_rc rc2 = f == JK_SHARE_MISP ? jk_misp_event(&c->inc[i], &b2) : jk_veris_incident(&c->inc[i], &b2);
      CHECK_INT(rc1, JK_OK);
      CHECK_INT(rc2, JK_OK);
      CHECK(b1.len == b2.len && memcmp(b1.p, b2.p, b1.len) == 0);
      cJSON *d = cJSON_ParseWithLength(b1.p, b1.len);
      CHECK(d != NULL);
      cJSON_Delete(d);
      if (out && *out) {
        char name[48];
        jk_share_file_name((jk_share_format)f, &c->inc[i], name);
        snprintf(path, sizeof path, "%s/%s/%s", out, f == JK_SHARE_MISP ? "misp" : "veris", name);
        write_file(path, b1.p, b1.len);
      }
    }
  }
  jk_buf_free(&b1);
  jk_buf_free(&b2);
}

TEST(veris_fields_of_a_known_incident) {
  corpus *c = load_seeds();
  jk_buf b;
  jk_buf_init(&b);
  int found = 0;
  for (size_t i = 0; i < c->ninc; i++) {
    if (strcmp(c->inc[i].label, "2023-294") != 0) continue; /* 宇部市, misconfiguration */
    found = 1;
    CHECK_INT(jk_veris_incident(&c->inc[i], &b), JK_OK);
    cJSON *v = cJSON_Parse(b.p);
    CHECK(v != NULL);
    if (!v) break;
    cJSON *err = cJSON_GetObjectItem(cJSON_GetObjectItem(v, "action"), "error");
    CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(err, "variety"), 0)->valuestring, "Misconfiguration");
    cJSON *vic = cJSON_GetObjectItem(v, "victim");
    CHECK_STR(cJSON_GetObjectItem(vic, "industry")->valuestring, "921");
    CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(vic, "government"), 0)->valuestring, "Local");
    CHECK_STR(cJSON_GetArrayItem(cJSON_GetObjectItem(vic, "country"), 0)->valuestring, "JP");
    cJSON *conf = cJSON_GetObjectItem(cJSON_GetObjectItem(v, "attribute"), "confidentiality");
    CHECK_INT(cJSON_GetObjectItem(conf, "data_total")->valuedouble, 111);
    cJSON *t = cJSON_GetObjectItem(cJSON_GetObjectItem(v, "timeline"), "incident");
    CHECK_INT(cJSON_GetObjectItem(t, "year")->valueint, 2023);
    cJSON_Delete(v);
  }
  CHECK(found);
  jk_buf_free(&b);
}

/* ---- imports ------------------------------------------------------------ */

/* The facts an incident shows, as one comparable line. */
static void facts_line(const jk_incident *inc, jk_buf *b) {
  /* Through the VERIS export: it carries every incident-level fact. */
  jk_buf v;
  jk_buf_init(&v);
  jk_veris_incident(inc, &v);
  cJSON *j = cJSON_Parse(v.p);
  jk_buf_reset(b);
  cJSON *victim = cJSON_GetObjectItem(j, "victim");
  cJSON *vid = cJSON_GetObjectItem(victim, "victim_id");
  cJSON *conf = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "attribute"), "confidentiality");
  cJSON *total = cJSON_GetObjectItem(conf, "data_total");
  char *action = cJSON_PrintUnformatted(cJSON_GetObjectItem(j, "action"));
  char *data = cJSON_PrintUnformatted(cJSON_GetObjectItem(conf, "data"));
  jk_buf_printf(b, "%s|%s|%s|%lld|%s|%s", inc->label, vid ? vid->valuestring : "-", action,
                total ? (long long)total->valuedouble : -1LL, data,
                cJSON_GetObjectItem(j, "incident_id")->valuestring);
  free(action);
  free(data);
  cJSON_Delete(j);
  jk_buf_free(&v);
}

static void same_incidents(const jk_incident *a, size_t na, const jk_import *im) {
  CHECK_INT(jk_import_count(im), na);
  jk_buf fa, fb;
  jk_buf_init(&fa);
  jk_buf_init(&fb);
  for (size_t i = 0; i < na && i < jk_import_count(im); i++) {
    const jk_incident *b = jk_import_get(im, i);
    facts_line(&a[i], &fa);
    facts_line(b, &fb);
    CHECK_STR(fb.p, fa.p);
    CHECK_INT(b->n, a[i].n);
    for (size_t k = 0; k < b->n && k < a[i].n; k++) {
      CHECK(b->reports[k]->text_len == a[i].reports[k]->text_len);
      CHECK_STR(b->sources[k], a[i].sources[k]);
    }
  }
  jk_buf_free(&fa);
  jk_buf_free(&fb);
}

TEST(stix_round_trip_gives_the_same_incidents) {
  corpus *c = load_seeds();
  char *s1 = export_stix(c->inc, c->ninc);
  jk_import *im = NULL;
  jk_err e = {0, ""};
  CHECK_INT(jk_import_parse(JK_SHARE_STIX, s1, strlen(s1), &im, &e), JK_OK);
  if (!im) {
    fprintf(stderr, "    %s\n", e.msg);
    free(s1);
    return;
  }
  same_incidents(c->inc, c->ninc, im);
  /* and exported again: the same bundle */
  jk_incident *v = calloc(jk_import_count(im), sizeof *v);
  for (size_t i = 0; i < jk_import_count(im); i++) v[i] = *jk_import_get(im, i);
  char *s2 = export_stix(v, jk_import_count(im));
  CHECK(s2 && strcmp(s1, s2) == 0);
  free(v);
  free(s2);
  jk_import_free(im);
  free(s1);
}

TEST(misp_round_trip_gives_the_same_incidents) {
  corpus *c = load_seeds();
  jk_buf all, again;
  jk_buf_init(&all);
  jk_buf_init(&again);
  for (size_t i = 0; i < c->ninc; i++) {
    CHECK_INT(jk_misp_event(&c->inc[i], &all), JK_OK);
    jk_buf_putc(&all, '\n'); /* JSON Lines, as `export --format misp` writes */
  }
  jk_import *im = NULL;
  jk_err e = {0, ""};
  CHECK_INT(jk_import_parse(JK_SHARE_MISP, all.p, all.len, &im, &e), JK_OK);
  if (!im) {
    fprintf(stderr, "    %s\n", e.msg);
  } else {
    same_incidents(c->inc, c->ninc, im);
    for (size_t i = 0; i < jk_import_count(im); i++) {
      CHECK_INT(jk_misp_event(jk_import_get(im, i), &again), JK_OK);
      jk_buf_putc(&again, '\n');
    }
    CHECK(again.len == all.len && memcmp(again.p, all.p, all.len) == 0);
  }
  jk_import_free(im);
  jk_buf_free(&all);
  jk_buf_free(&again);
}

/* Import must fail with rc and a message containing want. */
static void import_fails(jk_share_format f, const char *json, size_t len, jk_rc rc, const char *want) {
  jk_import *im = (jk_import *)1;
  jk_err e = {0, ""};
  jk_rc got = jk_import_parse(f, json, len, &im, &e);
  CHECK_INT(got, rc);
  CHECK(im == NULL);
  if (!strstr(e.msg, want)) {
    fprintf(stderr, "    message \"%s\" lacks \"%s\"\n", e.msg, want);
    CHECK(0);
  }
}

TEST(hostile_imports_fail_clearly) {
  static const char ice_bad[] =
      "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[{\"type\":\"identity\",\"id\":\"identity--1\","
      "\"name\":\"x\"},{\"type\":\"incident\",\"id\":\"incident--1\",\"name\":\"n\",\"extensions\":{"
      "\"extension-definition--ef765651-680c-498d-9894-99799f2fa126\":{\"confidentiality_impacts\":"
      "[{\"information_type\":\"pii\",\"record_count\":\"12\"}]}}}]}";
  import_fails(JK_SHARE_STIX, ice_bad, strlen(ice_bad), JK_EINVAL,
               "objects[1].extensions.extension-definition--ef765651-680c-498d-9894-99799f2fa126."
               "confidentiality_impacts[0].record_count: expected an integer, got a string");
  import_fails(JK_SHARE_STIX, "{\"type\":\"bundle\",\"objects\":[", 28, JK_EINVAL, "truncated");
  import_fails(JK_SHARE_STIX, "{\"type\":\"bundle\" \"objects\":[]}", 30, JK_EINVAL, "column 18");
  import_fails(JK_SHARE_STIX, "{\"type\":\"bundle\",\"objects\":\"x\"}", 31, JK_EINVAL,
               "objects: expected an array, got a string");
  import_fails(JK_SHARE_STIX, "{\"type\":\"report\",\"objects\":[]}", 30, JK_EINVAL, "type: expected \"bundle\"");
  import_fails(JK_SHARE_STIX, "", 0, JK_EINVAL, "empty");
  import_fails(JK_SHARE_STIX, "[1,2]", 5, JK_EINVAL, "expected a STIX bundle");
  static const char counter_bad[] = "{\"Event\":{\"info\":\"x\",\"Attribute\":[{\"type\":\"counter\",\"value\":\"lots\","
                                    "\"comment\":\"people affected\"}]}}";
  import_fails(JK_SHARE_MISP, counter_bad, strlen(counter_bad), JK_EINVAL,
               "Event.Attribute[0].value: expected a whole number");
  import_fails(JK_SHARE_MISP, "{\"Event\":{\"info\":7}}", 20, JK_EINVAL, "Event.info: expected a string, got a number");
  import_fails(JK_SHARE_VERIS, "{}", 2, JK_EUNSUP, "VERIS");

  /* 100,000 '[' */
  size_t n = 100000;
  char *deep = malloc(n);
  memset(deep, '[', n);
  import_fails(JK_SHARE_STIX, deep, n, JK_ETOOBIG, "nested deeper than 64");
  import_fails(JK_SHARE_MISP, deep, n, JK_ETOOBIG, "byte 64");
  free(deep);

  /* an organisation name of 2 MB */
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, "{\"Event\":{\"info\":\"x\",\"Attribute\":[{\"type\":\"target-org\",\"value\":\"");
  for (int i = 0; i < (2 << 20); i++) jk_buf_putc(&b, 'A');
  jk_buf_puts(&b, "\"}]}}");
  import_fails(JK_SHARE_MISP, b.p, b.len, JK_ETOOBIG, "Event.Attribute[0].value: an organisation name of 2097152 bytes");
  jk_buf_free(&b);

  /* The XSS polyglot as an organisation is just a name. */
  char *poly = jk_t_polyglot();
  CHECK(poly != NULL);
  jk_buf xb;
  jk_buf_init(&xb);
  jk_buf_puts(&xb, "{\"Event\":{\"info\":\"x\",\"Attribute\":[{\"type\":\"target-org\",\"value\":\"");
  for (const char *c = poly ? poly : ""; *c; c++) {
    if (*c == '"' || *c == '\\') jk_buf_putc(&xb, '\\');
    jk_buf_putc(&xb, *c);
  }
  jk_buf_puts(&xb, "\"}]}}");
  const char *xss = xb.p;
  jk_import *im = NULL;
  jk_err e = {0, ""};
  CHECK_INT(jk_import_parse(JK_SHARE_MISP, xss, strlen(xss), &im, &e), JK_OK);
  if (im) {
    CHECK(poly && strcmp(jk_import_get(im, 0)->reports[0]->org, poly) == 0);
    jk_import_free(im);
  }
  jk_buf_free(&xb);
  free(poly);
}
