/*
** test_store.c — the casebook database (store.c, record_parse.c, hash.c):
** schema, documents and sightings, incident linking, corrections and
** their audit trail, reextract, counts, errors (read-only, disk full,
** corrupt), and the record JSON round trip on the seeds.
**
** Records are written as JSON here (fictional organisations), so these
** tests check the store, not the extractor's accuracy.
*/
#include "harness.h"
#include "store.h"
#include "store_int.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- helpers ------------------------------------------------------------ */

static char tmpdir[256];

static const char *tmp_path(const char *name) {
  static char p[512];
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jk-test-store-XXXXXX");
    if (!mkdtemp(tmpdir)) abort();
  }
  snprintf(p, sizeof p, "%s/%s", tmpdir, name);
  return p;
}

__attribute__((destructor)) static void cleanup(void) {
  if (tmpdir[0]) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chattr -R -i '%s' 2>/dev/null; rm -rf '%s'", tmpdir, tmpdir);
    if (system(cmd)) {
    }
  }
}

static jk_store *fresh(const char *name) {
  const char *p = tmp_path(name);
  unlink(p);
  jk_store *st = NULL;
  jk_err err = {0, ""};
  jk_rc rc = jk_store_open(p, JK_STORE_CREATE, &st, &err);
  if (rc) fprintf(stderr, "  open %s: %s\n", p, err.msg);
  return st;
}

static long long doc(jk_store *st, const char *source, const char *bytes) {
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = source;
  info.kind = "text";
  char sha[65];
  jk_sha256_hex(bytes, strlen(bytes), sha);
  long long id = 0;
  int seen = 0;
  jk_err err = {0, ""};
  CHECK(jk_store_add_document(st, &info, sha, &id, &seen, &err) == JK_OK);
  return id;
}

/* A notice segment of text, with the record written as JSON (or NULL to
   let the store extract it). */
static jk_rc add(jk_store *st, long long d, const char *text, int line, const char *json, jk_add_result *res) {
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = seg.raw = text;
  seg.len = seg.raw_len = strlen(text);
  seg.first_line = seg.heading_line = line;
  seg.last_line = line + 3;
  seg.is_notice = 1;
  jk_record *r = NULL;
  jk_err err = {0, ""};
  if (json) {
    CHECK(jk_record_from_json(json, strlen(json), &r, &err) == JK_OK);
    if (r) {
      r->text = text;
      r->text_len = strlen(text);
    }
  }
  jk_rc rc = jk_store_add_segment(st, d, &seg, r, NULL, res, &err);
  if (rc) fprintf(stderr, "  add_segment: %s\n", err.msg);
  if (r) r->text = NULL;
  jk_record_free(r);
  return rc;
}

static cJSON *incident(jk_store *st, const char *id) {
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  cJSON *j = NULL;
  if (jk_store_incident_json(st, id, &b, &err) == JK_OK) j = cJSON_Parse(b.p);
  else fprintf(stderr, "  incident %s: %s\n", id, err.msg);
  jk_buf_free(&b);
  return j;
}

static long long count(jk_store *st, const char *sql) {
  sqlite3_stmt *s;
  long long n = -1;
  if (sqlite3_prepare_v2(jk_store_sqlite(st), sql, -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW) n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  return n;
}

/* Fictional notices: two reports of one casebook incident, and an
   organisation's first report and its follow-up without a number. */
static const char T1[] = "【セキュリティ事件簿#2031-101】株式会社ミナトデータ メール誤送信のお詫び\n2031年4月10日\n";
static const char J1[] =
    "{\"casebook_id\":\"2031-101\",\"org\":\"株式会社ミナトデータ\",\"published\":\"2031-04-10\","
    "\"report_seq\":1,\"category\":\"misdelivery\",\"affected\":120,\"card\":false,"
    "\"data_types\":[\"email\",\"name\"],\"reported_to\":[\"ppc\"],\"vendor\":false,"
    "\"title\":\"メール誤送信のお詫び\",\"evidence\":{\"org\":{\"start\":42,\"end\":72}}}";
static const char T2[] = "【セキュリティ事件簿#2031-101】株式会社ミナトデータ メール誤送信のお詫び(第2報)\n2031年4月20日\n";
static const char J2[] =
    "{\"casebook_id\":\"2031-101\",\"org\":\"株式会社ミナトデータ\",\"published\":\"2031-04-20\","
    "\"report_seq\":2,\"category\":\"misdelivery\",\"affected\":135,\"data_types\":[\"email\",\"phone\"]}";
static const char T3[] = "白鷺台市 住民票の写しの紛失について\n2031年5月1日\n";
static const char J3[] =
    "{\"org\":\"白鷺台市\",\"published\":\"2031-05-01\",\"report_seq\":1,\"category\":\"loss\",\"affected\":null}";
static const char T4[] = "白鷺台市 住民票の写しの紛失について(第2報)\n2031年5月9日\n";
static const char J4[] =
    "{\"org\":\"白 鷺 台 市\",\"published\":\"2031-05-09\",\"report_seq\":2,\"category\":\"loss\",\"affected\":3}";
static const char T5[] = "株式会社コハク運輸 不正アクセスに関するお知らせ\n";
static const char J5[] = "{\"org\":\"株式会社コハク運輸\",\"report_seq\":1,\"category\":\"hacking\"}";

static jk_store *casebook(const char *name) {
  jk_store *st = fresh(name);
  if (!st) return NULL;
  jk_add_result r;
  long long d = doc(st, "fixtures/page.txt", "page");
  CHECK(add(st, d, T2, 10, J2, &r) == JK_OK); /* the follow-up arrives first */
  CHECK(add(st, d, T1, 1, J1, &r) == JK_OK);
  CHECK(add(st, d, T3, 20, J3, &r) == JK_OK);
  CHECK(add(st, d, T4, 30, J4, &r) == JK_OK);
  CHECK(add(st, d, T5, 40, J5, &r) == JK_OK);
  return st;
}

/* ---- schema, open, errors ----------------------------------------------- */

TEST(open_creates_and_migrates) {
  jk_store *st = fresh("a.db");
  CHECK(st != NULL);
  if (!st) return;
  CHECK(jk_store_schema_version(st) >= 2);
  CHECK_INT(count(st, "SELECT max(version) FROM schema_version"), jk_store_schema_version(st));
  sqlite3_stmt *s;
  CHECK(sqlite3_prepare_v2(jk_store_sqlite(st), "PRAGMA journal_mode", -1, &s, NULL) == SQLITE_OK);
  CHECK(sqlite3_step(s) == SQLITE_ROW);
  CHECK_STR((const char *)sqlite3_column_text(s, 0), "wal");
  sqlite3_finalize(s);
  jk_store_close(st);
  /* Read-only reopen works; a missing file is a clear error. */
  jk_err err = {0, ""};
  CHECK(jk_store_open(tmp_path("a.db"), JK_STORE_READONLY, &st, &err) == JK_OK);
  jk_store_close(st);
  CHECK(jk_store_open(tmp_path("missing.db"), JK_STORE_READONLY, &st, &err) == JK_ENOTFOUND);
  CHECK(strstr(err.msg, "jikenbo ingest") != NULL);
}

TEST(not_a_database_is_a_clear_error) {
  FILE *f = fopen(tmp_path("junk.db"), "wb");
  for (int i = 0; i < 4096; i++) fputc("garbage\n"[i % 8], f);
  fclose(f);
  jk_store *st = NULL;
  jk_err err = {0, ""};
  jk_rc rc = jk_store_open(tmp_path("junk.db"), JK_STORE_CREATE, &st, &err);
  CHECK(rc != JK_OK);
  CHECK(st == NULL);
  CHECK(strstr(err.msg, "junk.db") != NULL);
  CHECK(strstr(err.msg, "not a jikenbo database") != NULL);
}

TEST(other_sqlite_database_is_refused) {
  sqlite3 *db;
  sqlite3_open(tmp_path("other.db"), &db);
  sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
  sqlite3_close(db);
  jk_store *st = NULL;
  jk_err err = {0, ""};
  CHECK(jk_store_open(tmp_path("other.db"), JK_STORE_CREATE, &st, &err) == JK_EDB);
  CHECK(strstr(err.msg, "not a jikenbo casebook") != NULL);
}

TEST(read_only_database_is_refused_untouched) {
  jk_store *st = casebook("ro.db");
  if (!st) return;
  jk_store_close(st);
  const char *p = tmp_path("ro.db");
  struct stat before, after;
  stat(p, &before);
  chmod(p, 0444);
  /* root ignores modes: make it immutable too when we can. */
  if (access(p, W_OK) == 0) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "chattr +i '%s' 2>/dev/null", p);
    if (system(cmd)) {
    }
  }
  int writable = access(p, W_OK) == 0;
  jk_err err = {0, ""};
  jk_rc rc = jk_store_open(p, JK_STORE_CREATE, &st, &err);
  if (writable) {
    /* Nothing here can make the file read-only (no chattr): at least the
       read-only open mode must refuse writes. */
    CHECK(rc == JK_OK);
    jk_store_close(st);
    CHECK(jk_store_open(p, JK_STORE_READONLY, &st, &err) == JK_OK);
    CHECK(jk_store_set(st, "2031-101", "category", "misuse", "t", NULL, &err) == JK_EREADONLY);
    jk_store_close(st);
  } else {
    CHECK_INT(rc, JK_EREADONLY);
    CHECK(strstr(err.msg, "ro.db is read-only: use --db PATH with a writable file") != NULL);
  }
  stat(p, &after);
  CHECK(before.st_size == after.st_size && before.st_mtime == after.st_mtime);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "chattr -i '%s' 2>/dev/null", p);
  if (system(cmd)) {
  }
  chmod(p, 0644);
}

TEST(disk_full_rolls_back_the_file) {
  jk_store *st = casebook("full.db");
  if (!st) return;
  long long before = count(st, "SELECT count(*) FROM notices");
  /* The database may not grow past its current size: SQLITE_FULL. */
  long long pages = count(st, "PRAGMA page_count");
  char pragma[64];
  snprintf(pragma, sizeof pragma, "PRAGMA max_page_count=%lld", pages);
  sqlite3_exec(jk_store_sqlite(st), pragma, NULL, NULL, NULL);
  jk_err err = {0, ""};
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d = doc(st, "big.txt", "big");
  jk_rc rc = JK_OK;
  char *text = malloc(200000);
  for (int i = 0; i < 50 && rc == JK_OK; i++) {
    /* Distinct large texts until the file is full. */
    int k = snprintf(text, 200000, "【セキュリティ事件簿#2031-%d】株式会社フルディスク 漏洩\n", 500 + i);
    for (int j = k; j < 199990; j++) text[j] = (char)('a' + (i * 7 + j) % 26);
    text[199990] = 0;
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = seg.raw = text;
    seg.len = seg.raw_len = strlen(text);
    seg.first_line = seg.heading_line = 1;
    seg.is_notice = 1;
    jk_add_result res;
    rc = jk_store_add_segment(st, d, &seg, NULL, NULL, &res, &err);
  }
  free(text);
  CHECK_INT(rc, JK_EFULL);
  CHECK(strstr(err.msg, "disk full") != NULL);
  jk_store_rollback(st);
  CHECK_INT(count(st, "SELECT count(*) FROM notices"), before);
  CHECK_INT(count(st, "SELECT count(*) FROM documents WHERE source='big.txt'"), 0);
  jk_store_close(st);
}

/* ---- documents, sightings, linking -------------------------------------- */

/* Group commit: files joined in one transaction, seen by nobody before
   it commits; a file that wrote nothing leaves the batch alone, one
   that wrote rows and rolls back takes the whole batch with it. */
TEST(batch_commits_files_together_and_a_failure_takes_the_batch) {
  jk_store *st = fresh("batch.db");
  if (!st) return;
  jk_err err = {0, ""};
  jk_add_result r;
  CHECK(jk_store_batch_begin(st, &err) == JK_OK);
  CHECK_INT(jk_store_in_batch(st), 1);
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d1 = doc(st, "b/one.txt", "one");
  CHECK(add(st, d1, T1, 1, J1, &r) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK_INT(jk_store_in_batch(st), 1);
  /* Another connection sees nothing yet. */
  jk_store *ro = NULL;
  CHECK(jk_store_open(tmp_path("batch.db"), JK_STORE_READONLY, &ro, &err) == JK_OK);
  if (ro) CHECK_INT(count(ro, "SELECT count(*) FROM documents"), 0);
  /* The same document again: read only, rolled back, the batch stays. */
  CHECK(jk_store_begin(st, &err) == JK_OK);
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "b/one.txt";
  info.kind = "text";
  char sha[65];
  jk_sha256_hex("one", 3, sha);
  long long id = 0;
  int seen = 0;
  CHECK(jk_store_add_document(st, &info, sha, &id, &seen, &err) == JK_OK);
  CHECK_INT(seen, 1);
  jk_store_rollback(st);
  CHECK_INT(jk_store_in_batch(st), 1);
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d2 = doc(st, "b/two.txt", "two");
  CHECK(add(st, d2, T2, 1, J2, &r) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK(jk_store_batch_commit(st, &err) == JK_OK);
  CHECK_INT(jk_store_in_batch(st), 0);
  if (ro) CHECK_INT(count(ro, "SELECT count(*) FROM documents"), 2);
  /* The counts queued over the batch were written when it committed:
     one incident (the follow-up linked to the first report). */
  CHECK_INT(count(st, "SELECT count(*) FROM incidents"), 1);
  CHECK(count(st, "SELECT count(*) FROM summary_log") + count(st, "SELECT count(*) FROM summary") > 0);
  /* A batch whose second file fails after writing: both files gone. */
  CHECK(jk_store_batch_begin(st, &err) == JK_OK);
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d3 = doc(st, "b/three.txt", "three");
  CHECK(add(st, d3, T3, 1, NULL, &r) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK(jk_store_begin(st, &err) == JK_OK);
  doc(st, "b/four.txt", "four");
  jk_store_rollback(st);
  CHECK_INT(jk_store_in_batch(st), 0);
  CHECK(jk_store_batch_commit(st, &err) == JK_EDB);
  CHECK(strstr(err.msg, "rolled back") != NULL);
  CHECK_INT(count(st, "SELECT count(*) FROM documents"), 2);
  /* Alone again, as before any batch. */
  CHECK(jk_store_begin(st, &err) == JK_OK);
  doc(st, "b/three.txt", "three");
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM documents"), 3);
  if (ro) CHECK_INT(count(ro, "SELECT count(*) FROM documents"), 3);
  jk_store_close(ro);
  jk_store_close(st);
}

TEST(document_seen_before) {
  jk_store *st = fresh("docs.db");
  if (!st) return;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "a.txt";
  long long id1, id2, id3;
  int seen;
  jk_err err = {0, ""};
  CHECK(jk_store_add_document(st, &info, "00", &id1, &seen, &err) == JK_OK);
  CHECK_INT(seen, 0);
  CHECK(jk_store_add_document(st, &info, "00", &id2, &seen, &err) == JK_OK);
  CHECK_INT(seen, 1);
  CHECK_INT(id2, id1);
  CHECK(jk_store_add_document(st, &info, "11", &id3, &seen, &err) == JK_OK); /* changed bytes */
  CHECK_INT(seen, 0);
  CHECK(id3 != id1);
  jk_store_close(st);
}

TEST(duplicates_become_sightings) {
  jk_store *st = casebook("dup.db");
  if (!st) return;
  long long notices = count(st, "SELECT count(*) FROM notices");
  long long d2 = doc(st, "other/page.txt", "other page");
  jk_add_result r;
  CHECK(add(st, d2, T1, 77, J1, &r) == JK_OK);
  CHECK_INT(r.duplicate, 1);
  CHECK_STR(r.incident, "2031-101");
  CHECK_INT(count(st, "SELECT count(*) FROM notices"), notices);
  CHECK_INT(count(st, "SELECT count(*) FROM sightings WHERE notice_id=(SELECT notice_id FROM sightings WHERE heading_line=77)"), 2);
  jk_store_counts c;
  jk_err err = {0, ""};
  CHECK(jk_store_counts_get(st, &c, &err) == JK_OK);
  CHECK_INT(c.notices, 5);
  CHECK_INT(c.sightings, 6);
  CHECK_INT(c.documents, 2);
  /* show lists both places it was seen. */
  cJSON *j = incident(st, "2031-101");
  cJSON *reps = cJSON_GetObjectItem(j, "reports");
  cJSON *s = cJSON_GetObjectItem(cJSON_GetArrayItem(reps, 0), "sightings");
  CHECK_INT(cJSON_GetArraySize(s), 2);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(s, 1), "file")), "other/page.txt");
  cJSON_Delete(j);
  jk_store_close(st);
}

TEST(linking_by_casebook_and_by_organisation) {
  jk_store *st = casebook("link.db");
  if (!st) return;
  CHECK_INT(count(st, "SELECT count(*) FROM incidents"), 3);
  /* 2031-101: two reports, in report order although the 2nd came first. */
  cJSON *j = incident(st, "2031-101");
  cJSON *reps = cJSON_GetObjectItem(j, "reports");
  CHECK_INT(cJSON_GetArraySize(reps), 2);
  CHECK_INT((int)cJSON_GetNumberValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(reps, 0), "record"), "report_seq")),
            1);
  CHECK_INT((int)cJSON_GetNumberValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(reps, 1), "record"), "report_seq")),
            2);
  /* Summary: names from the first report, count from the latest, sets united. */
  cJSON *sum = cJSON_GetObjectItem(j, "summary");
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(sum, "affected")), 135);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(sum, "data_types")), 3);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(sum, "published")), "2031-04-10");
  cJSON_Delete(j);
  /* Both reports' words are in the incident's index entry, and the
     index (rewritten as the second report arrived) is consistent. */
  CHECK(sqlite3_exec(jk_store_sqlite(st), "INSERT INTO incident_fts(incident_fts) VALUES('integrity-check')", NULL,
                     NULL, NULL) == SQLITE_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM incident_fts WHERE incident_fts MATCH '\"2031年4月10日\"'"), 1);
  CHECK_INT(count(st, "SELECT count(*) FROM incident_fts WHERE incident_fts MATCH '\"第2報\" AND \"ミナトデータ\"'"), 1);
  /* The city's 第2報 (spaces in its name) joined its first report: J-<n>. */
  CHECK_INT(count(st, "SELECT count(*) FROM incidents WHERE org_key='白鷺台市' AND reports=2"), 1);
  CHECK_INT(count(st, "SELECT count(*) FROM incidents WHERE label LIKE 'J-%'"), 2);
  jk_store_close(st);
}

/* A report as PDF text gives it: lines broken at the page margin, inside
   個人情報保護委員会 and 架空システムズ (fictional). */
static const char T6[] =
    "【セキュリティ事件簿#2031-106】架空運輸株式会社 委託先におけるランサムウェア被害について\n"
    "当社が配送管理業務を委託している株式会社架空システ\n"
    "ムズのサーバーがランサムウェアに感染し、お客様の氏\n"
    "名、住所及び電話番号を含む情報が暗号化されたことが\n"
    "判明しました。本件は個人情報保護委員会に報告すると\n"
    "ともに、所轄の警察署に相談しております。\n";
static const char J6[] = "{\"casebook_id\":\"2031-106\",\"org\":\"架空運輸株式会社\",\"category\":\"ransomware\"}";
static const char T7[] = "【セキュリティ事件簿#2031-106】架空運輸株式会社 委託先におけるランサムウェア被害について(第2報)\n";
static const char J7[] = "{\"casebook_id\":\"2031-106\",\"org\":\"架空運輸株式会社\",\"report_seq\":2}";

static long long fts_hits(jk_store *st, const char *phrase) {
  char q[256];
  snprintf(q, sizeof q, "SELECT count(*) FROM incident_fts WHERE incident_fts MATCH '\"%s\"'", phrase);
  return count(st, q);
}

static int fts_sound(jk_store *st) {
  return sqlite3_exec(jk_store_sqlite(st), "INSERT INTO incident_fts(incident_fts) VALUES('integrity-check')", NULL,
                      NULL, NULL) == SQLITE_OK;
}

TEST(search_reads_across_page_margin_breaks) {
  jk_store *st = fresh("margin.db");
  if (!st) return;
  jk_add_result r;
  long long d = doc(st, "notice.pdf", "pdf");
  CHECK(add(st, d, T6, 1, J6, &r) == JK_OK);
  CHECK_INT(fts_hits(st, "個人情報保護委員会"), 1);
  CHECK_INT(fts_hits(st, "架空システムズ"), 1);
  CHECK_INT(fts_hits(st, "氏名"), 1);
  /* The text is stored as it came, breaks and all. */
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE instr(jk_unpack(text), '架空システ' || char(10) || 'ムズ') > 0"),
            1);
  /* A second report rewrites the incident's entry: the contentless
     index deletes with the same joined text it was given. */
  CHECK(add(st, d, T7, 20, J7, &r) == JK_OK);
  CHECK(fts_sound(st));
  CHECK_INT(fts_hits(st, "架空システムズ"), 1);
  CHECK_INT(fts_hits(st, "第2報"), 1);
  jk_store_close(st);
}

TEST(schema_5_indexes_an_old_casebook_again) {
  jk_store *st = fresh("v4.db");
  if (!st) return;
  jk_add_result r;
  long long d = doc(st, "notice.pdf", "pdf");
  CHECK(add(st, d, T6, 1, J6, &r) == JK_OK);
  CHECK(add(st, d, T1, 30, J1, &r) == JK_OK);
  /* Make it a version-4 casebook: the index holds the texts as stored. */
  CHECK(sqlite3_exec(jk_store_sqlite(st),
                     "INSERT INTO incident_fts(incident_fts) VALUES('delete-all');"
                     "INSERT INTO incident_fts(rowid, body) SELECT incident_id, jk_unpack(text) FROM notices;"
                     "DELETE FROM schema_version WHERE version >= 5;"
                     "ALTER TABLE documents DROP COLUMN publisher;" /* nor step 6 */
                     "DROP INDEX corrections_at; ALTER TABLE notices DROP COLUMN title_line;"
                     "ALTER TABLE notices DROP COLUMN changed_at;" /* nor step 7 */,
                     NULL, NULL, NULL) == SQLITE_OK);
  CHECK_INT(fts_hits(st, "架空システムズ"), 0);
  jk_store_close(st);
  jk_err err = {0, ""};
  st = NULL;
  CHECK(jk_store_open(tmp_path("v4.db"), JK_STORE_READONLY, &st, &err) == JK_EUNSUP);
  CHECK(strstr(err.msg, "open it once for writing") != NULL);
  CHECK(jk_store_open(tmp_path("v4.db"), 0, &st, &err) == JK_OK);
  if (!st) return;
  CHECK(jk_store_schema_version(st) >= 5);
  CHECK_INT(count(st, "SELECT count(*) FROM schema_version WHERE version=5"), 1);
  CHECK(fts_sound(st));
  CHECK_INT(fts_hits(st, "架空システムズ"), 1);
  CHECK_INT(fts_hits(st, "ミナトデータ"), 1);
  CHECK_INT(count(st, "SELECT count(*) FROM incident_fts WHERE incident_fts MATCH '誤送信'"), 1);
  jk_store_close(st);
}

/* A file made by a build that had step 13 but not 12 (branches land in any
   order): its highest version is the binary's, yet step 12 is applied. */
TEST(a_step_missing_below_the_highest_is_applied) {
  jk_store *st = fresh("gap.db");
  if (!st) return;
  jk_add_result r;
  long long d = doc(st, "notice.pdf", "pdf");
  CHECK(add(st, d, T1, 30, J1, &r) == JK_OK);
  CHECK(sqlite3_exec(jk_store_sqlite(st),
                     "DELETE FROM schema_version WHERE version = 12;"
                     "DROP TABLE summary; DROP TABLE summary_incidents; DELETE FROM summary_keys;",
                     NULL, NULL, NULL) == SQLITE_OK);
  jk_store_close(st);
  jk_err err = {0, ""};
  st = NULL;
  CHECK(jk_store_open(tmp_path("gap.db"), JK_STORE_READONLY, &st, &err) == JK_EUNSUP);
  CHECK(strstr(err.msg, "lacks an earlier step") != NULL);
  CHECK(jk_store_open(tmp_path("gap.db"), 0, &st, &err) == JK_OK);
  if (!st) return;
  CHECK_INT(count(st, "SELECT count(*) FROM schema_version WHERE version=12"), 1);
  CHECK_INT(count(st, "SELECT count(*) FROM schema_version WHERE version=13"), 1);
  CHECK(count(st, "SELECT count(*) FROM summary_keys") > 0);
  /* The counts read from the summary equal a plain recount. */
  jk_buf a, b;
  jk_buf_init(&a);
  jk_buf_init(&b);
  CHECK(jk_store_stats_json(st, "category", NULL, &a, &err) == JK_OK);
  CHECK(jk_store_stats_recount_json(st, "category", NULL, &b, &err) == JK_OK);
  CHECK(a.p && b.p && strstr(a.p, "\"total\":1") && !strcmp(a.p, b.p));
  jk_buf_free(&a);
  jk_buf_free(&b);
  jk_store_close(st);
}

/* The record JSON a notice of text gets from extraction with publisher. */
static char *extracted_json(const char *text, const char *publisher, const char *source) {
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = seg.raw = text;
  seg.len = seg.raw_len = strlen(text);
  seg.first_line = seg.heading_line = 1;
  seg.last_line = 4; /* as add() stores it */
  seg.is_notice = 1;
  seg.publisher = publisher;
  jk_record *r = NULL;
  if (jk_extract(&seg, source, &r) != JK_OK) return NULL;
  jk_buf b;
  jk_buf_init(&b);
  jk_record_to_json(r, JK_JSON_EVIDENCE, &b);
  jk_record_free(r);
  return jk_buf_detach(&b, NULL);
}

static char *column_text(jk_store *st, const char *sql) {
  sqlite3_stmt *s;
  char *v = NULL;
  if (sqlite3_prepare_v2(jk_store_sqlite(st), sql, -1, &s, NULL) == SQLITE_OK) {
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) v = strdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
  }
  return v;
}

/* A fictional city's page: it names itself in og:site_name and the title;
   the notice says only 本市. */
static const char CITY_PAGE[] =
    "<html><head><meta charset=\"utf-8\"><meta property=\"og:site_name\" content=\"架空市公式ホームページ\">"
    "<title>住民票の写しの紛失について｜架空市</title></head><body><main><h1>住民票の写しの紛失について</h1>"
    "<p>2031年6月2日</p><p>本市の窓口において、住民票の写し3件を紛失しました。</p></main></body></html>";
static const char CITY_TEXT[] =
    "住民票の写しの紛失について\n2031年6月2日\n本市の窓口において、住民票の写し3件を紛失しました。\n";

TEST(publisher_stored_and_given_to_extraction_and_reextract) {
  jk_store *st = fresh("publisher.db");
  if (!st) return;
  jk_err err = {0, ""};
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "https://city.example.invalid/kurashi/0602.html";
  info.kind = "html";
  info.raw = CITY_PAGE;
  info.raw_len = strlen(CITY_PAGE);
  info.publisher = "架空市";
  char sha[65];
  jk_sha256_hex(CITY_PAGE, strlen(CITY_PAGE), sha);
  long long d = 0;
  int seen = 0;
  CHECK(jk_store_add_document(st, &info, sha, &d, &seen, &err) == JK_OK);
  long long plain = doc(st, "plain.txt", "plain"); /* text: no publisher */
  /* a feed entry stored with its feed's name */
  memset(&info, 0, sizeof info);
  info.source = "https://city.example.invalid/feed#1";
  info.kind = "feed-entry";
  info.raw = "<p>entry</p>";
  info.raw_len = 12;
  info.publisher = "架空市";
  long long entry = 0;
  CHECK(jk_store_add_document(st, &info, "e1", &entry, &seen, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM documents WHERE publisher='架空市'"), 2);
  CHECK_INT(count(st, "SELECT count(*) FROM documents WHERE source='plain.txt' AND publisher IS NULL"), 1);
  (void)plain;

  /* The store extracts with the document's publisher when the segment
     carries none (and with the segment's when it does). */
  jk_add_result r;
  CHECK(add(st, d, CITY_TEXT, 1, NULL, &r) == JK_OK);
  CHECK(r.incident_id > 0);
  char *want = extracted_json(CITY_TEXT, "架空市", "https://city.example.invalid/kurashi/0602.html");
  char *got = column_text(st, "SELECT jk_unpack(record) FROM notices WHERE jk_unpack(text) LIKE '住民票の写しの紛失について%'");
  CHECK(want && got);
  if (want && got) CHECK_STR(got, want);
  free(got);
  /* reextract gives it the same publisher: the same record */
  long long n = 0;
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  CHECK_INT(n, 1);
  got = column_text(st, "SELECT jk_unpack(record) FROM notices WHERE jk_unpack(text) LIKE '住民票の写しの紛失について%'");
  CHECK(want && got);
  if (want && got) CHECK_STR(got, want);
  free(got);
  free(want);

  /* A version-5 file: no publisher column.  Opening it adds the column
     and reads the stored pages again for their publisher; a feed entry
     (its feed's title was not kept) and text get none. */
  CHECK(sqlite3_exec(jk_store_sqlite(st),
                     "ALTER TABLE documents DROP COLUMN publisher;"
                     "DROP INDEX corrections_at; ALTER TABLE notices DROP COLUMN title_line;"
                     "ALTER TABLE notices DROP COLUMN changed_at;" /* nor step 7 */
                     "DELETE FROM schema_version WHERE version >= 6;",
                     NULL, NULL, NULL) == SQLITE_OK);
  jk_store_close(st);
  st = NULL;
  CHECK(jk_store_open(tmp_path("publisher.db"), JK_STORE_READONLY, &st, &err) == JK_EUNSUP);
  CHECK(jk_store_open(tmp_path("publisher.db"), 0, &st, &err) == JK_OK);
  if (!st) return;
  CHECK(jk_store_schema_version(st) >= 6);
  CHECK_INT(count(st, "SELECT count(*) FROM schema_version WHERE version=6"), 1);
  char *p = column_text(st, "SELECT publisher FROM documents WHERE kind='html'");
  CHECK(p != NULL);
  if (p) CHECK_STR(p, "架空市"); /* og:site_name, cleaned */
  free(p);
  CHECK_INT(count(st, "SELECT count(*) FROM documents WHERE publisher IS NULL"), 2);
  (void)entry;
  jk_store_close(st);
}

TEST(failed_extraction_is_kept_with_its_reason) {
  jk_store *st = fresh("fail.db");
  if (!st) return;
  long long d = doc(st, "f.txt", "f");
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = seg.raw = T5;
  seg.len = seg.raw_len = strlen(T5);
  seg.is_notice = 1;
  jk_add_result r;
  jk_err err = {0, ""};
  CHECK(jk_store_add_segment(st, d, &seg, NULL, "extractor crashed in a test", &r, &err) == JK_OK);
  CHECK_INT(r.incident_id, 0);
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE record IS NULL AND fail_reason='extractor crashed in a test'"), 1);
  jk_store_counts c;
  CHECK(jk_store_counts_get(st, &c, &err) == JK_OK);
  CHECK_INT(c.failed, 1);
  /* reextract gives it its record and an incident. */
  long long n = 0;
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  CHECK_INT(n, 1);
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE record IS NOT NULL AND incident_id IS NOT NULL"), 1);
  jk_store_close(st);
}

/* ---- corrections -------------------------------------------------------- */

TEST(corrections_win_are_audited_and_survive_reextract) {
  jk_store *st = casebook("corr.db");
  if (!st) return;
  jk_err err = {0, ""};
  CHECK(jk_store_set(st, "2031-101", "category", "misuse", "alice", "a former employee sent it", &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101", "affected", "1,500", "bob", NULL, &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101", "affected", "null", "carol", "count withdrawn", &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101#2", "published", "2031-04-21", "bob", NULL, &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101", "data_types", "email, bank", "bob", NULL, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT category FROM incidents WHERE label='2031-101'"), JK_CAT_MISUSE);
  CHECK_INT(count(st, "SELECT affected IS NULL FROM incidents WHERE label='2031-101'"), 1);
  CHECK_INT(count(st, "SELECT data_types FROM incidents WHERE label='2031-101'"),
            (1 << JK_DT_EMAIL) | (1 << JK_DT_BANK));
  /* Extracted values are kept beside the corrections. */
  cJSON *j = incident(st, "2031-101");
  cJSON *rep2 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "reports"), 1);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rep2, "record"), "published")), "2031-04-20");
  cJSON *pc = cJSON_GetObjectItem(cJSON_GetObjectItem(rep2, "corrected"), "published");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pc, "value")), "2031-04-21");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pc, "extracted")), "2031-04-20");
  cJSON_Delete(j);
  /* Re-extraction replaces the records (with whatever the rules find in
     these short texts); the corrections stay in force. */
  long long n;
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  CHECK_INT(n, 5);
  CHECK_INT(count(st, "SELECT category FROM incidents WHERE label='2031-101'"), JK_CAT_MISUSE);
  CHECK_INT(count(st, "SELECT affected IS NULL FROM incidents WHERE label='2031-101'"), 1);
  CHECK_INT(count(st, "SELECT data_types FROM incidents WHERE label='2031-101'"),
            (1 << JK_DT_EMAIL) | (1 << JK_DT_BANK));
  j = incident(st, "2031-101");
  cJSON *cs = cJSON_GetObjectItem(j, "corrections");
  CHECK_INT(cJSON_GetArraySize(cs), 5);
  cJSON *c0 = cJSON_GetArrayItem(cs, 0);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c0, "who")), "alice");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c0, "note")), "a former employee sent it");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(c0, "value")), "misuse");
  CHECK(cJSON_GetObjectItem(c0, "at") != NULL);
  /* The first affected correction is superseded, the second in effect. */
  CHECK(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetArrayItem(cs, 1), "in_effect")));
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(cs, 2), "in_effect")));
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(cs, 3), "report")), 2);
  rep2 = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "reports"), 1);
  pc = cJSON_GetObjectItem(cJSON_GetObjectItem(rep2, "corrected"), "published");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(pc, "value")), "2031-04-21");
  cJSON_Delete(j);
  jk_store_close(st);
}

TEST(corrections_are_validated) {
  jk_store *st = casebook("val.db");
  if (!st) return;
  jk_err err = {0, ""};
  static const struct {
    const char *inc, *field, *value, *msg;
  } bad[] = {
      {"2031-101", "colour", "red", "not a field"},
      {"2031-101", "category", "oops", "not a category"},
      {"2031-101", "affected", "-3", "not a count"},
      {"2031-101", "affected", "12x", "not a count"},
      {"2031-101", "card", "maybe", "yes/no"},
      {"2031-101", "data_types", "email,passport", "not a data_types value"},
      {"2031-101", "reported_to", "fbi", "not a reported_to value"},
      {"2031-101", "published", "2031-02-30", "not a date"},
      {"2031-101#9", "category", "loss", "#9 does not exist"},
      {"2099-999", "category", "loss", "no incident"},
      {"2031-101", "casebook_id", "abc", "not a casebook number"},
      {"2031-101", "org", "", "give a value"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jk_rc rc = jk_store_set(st, bad[i].inc, bad[i].field, bad[i].value, "t", NULL, &err);
    CHECK(rc == JK_EINVAL || rc == JK_ENOTFOUND);
    if (!strstr(err.msg, bad[i].msg)) fprintf(stderr, "  %s %s %s: %s\n", bad[i].inc, bad[i].field, bad[i].value, err.msg);
    CHECK(strstr(err.msg, bad[i].msg) != NULL);
  }
  CHECK_INT(count(st, "SELECT count(*) FROM corrections"), 0);
  /* Values an analyst types are accepted in their forms. */
  CHECK(jk_store_set(st, "2031-101", "card", "yes", "t", NULL, &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101", "reported_to", "[\"police\",\"ppc\"]", "t", NULL, &err) == JK_OK);
  CHECK(jk_store_set(st, "2031-101", "org", "株式会社 ミナトデータ'; DROP TABLE incidents; --", "t", NULL, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM incidents"), 3);
  CHECK_INT(count(st, "SELECT card FROM incidents WHERE label='2031-101'"), 1);
  jk_store_close(st);
}

/* ---- stats: not stated -------------------------------------------------- */

TEST(stats_count_not_stated) {
  jk_store *st = casebook("stats.db");
  if (!st) return;
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  CHECK(jk_store_stats_json(st, "affected_month", NULL, &b, &err) == JK_OK);
  cJSON *j = cJSON_Parse(b.p);
  /* コハク運輸 states neither a date nor a count. */
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "total")), 3);
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "not_stated")), 1);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  CHECK(jk_store_stats_json(st, "month", NULL, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "not_stated")), 1);
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(j, "rows")), 2);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  CHECK(jk_store_stats_json(st, "data_type", NULL, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "not_stated")), 2);
  /* 2031-101 exposed email, name, phone (its reports united); the others
     state none. */
  cJSON *rows = cJSON_GetObjectItem(j, "rows");
  CHECK_INT(cJSON_GetArraySize(rows), 3);
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(rows, 0), "count")), 1);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  CHECK(jk_store_stats_json(st, "colour", NULL, &b, &err) == JK_EINVAL);
  CHECK(strstr(err.msg, "category, month") != NULL);
  jk_buf_free(&b);
  jk_store_close(st);
}

/* Per-month views: the undated incident (コハク運輸) on its own line, its
   people (none stated) and its not-stated count with it. */
TEST(stats_per_month_keep_the_undated) {
  jk_store *st = casebook("undated.db");
  if (!st) return;
  jk_err err = {0, ""};
  /* A count for the undated incident: it must be summed, not dropped. */
  long long undated_id = count(st, "SELECT id FROM incidents WHERE published IS NULL");
  char id[32];
  snprintf(id, sizeof id, "%lld", undated_id);
  CHECK(jk_store_set(st, id, "affected", "40", "t", NULL, &err) == JK_OK);
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_store_stats_json(st, "affected_month", NULL, &b, &err) == JK_OK);
  cJSON *j = cJSON_Parse(b.p);
  cJSON *u = cJSON_GetObjectItem(j, "undated");
  CHECK(u != NULL);
  CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(u, "count")), 1);
  CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(u, "people")), 40);
  CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(u, "not_stated")), 0);
  long long months = 0, people = 0;
  cJSON *r;
  cJSON_ArrayForEach(r, cJSON_GetObjectItem(j, "rows")) {
    months += (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "count"));
    people += (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "people"));
  }
  CHECK_INT(months + 1, 3);   /* every incident on a line */
  CHECK_INT(people, 135 + 3); /* the latest count of each dated incident */
  CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "not_stated")), 0);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  CHECK(jk_store_stats_json(st, "month", NULL, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "undated"), "count")), 1);
  cJSON_Delete(j);
  /* Other views have no months and no "undated". */
  jk_buf_reset(&b);
  CHECK(jk_store_stats_json(st, "category", NULL, &b, &err) == JK_OK);
  CHECK(strstr(b.p, "undated") == NULL);
  jk_buf_free(&b);
  jk_store_close(st);
}

static long long num_of(const cJSON *o, const char *k) { return (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, k)); }

TEST(sum_of_people_counts_each_incident_once) {
  jk_store *st = casebook("sum.db");
  if (!st) return;
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  /* 2031-101 states 120 then 135 (its follow-up corrects it): 135, once;
     白鷺台市 none then 3; コハク運輸 none. */
  CHECK(jk_store_sum_json(st, "affected", NULL, &b, &err) == JK_OK);
  cJSON *j = cJSON_Parse(b.p);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "sum")), "affected");
  CHECK_INT(num_of(j, "incidents"), 3);
  CHECK_INT(num_of(j, "stated"), 2);
  CHECK_INT(num_of(j, "not_stated"), 1);
  CHECK_INT(num_of(j, "people"), 138);
  cJSON *big = cJSON_GetObjectItem(j, "largest");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(big, "incident")), "2031-101");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(big, "org")), "株式会社ミナトデータ");
  CHECK_INT(num_of(big, "affected"), 135);
  cJSON_Delete(j);
  /* A filter: only 白鷺台市. */
  jk_query q;
  jk_query_init(&q);
  q.org = "白鷺台";
  jk_buf_reset(&b);
  CHECK(jk_store_sum_json(st, "affected", &q, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT(num_of(j, "incidents"), 1);
  CHECK_INT(num_of(j, "people"), 3);
  cJSON_Delete(j);
  /* A correction to "not stated" moves the incident to not_stated. */
  CHECK(jk_store_set(st, "2031-101", "affected", "null", "t", NULL, &err) == JK_OK);
  jk_buf_reset(&b);
  CHECK(jk_store_sum_json(st, "affected", NULL, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT(num_of(j, "not_stated"), 2);
  CHECK_INT(num_of(j, "people"), 3);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "largest"), "org")), "白鷺台市");
  cJSON_Delete(j);
  /* Nothing matches: zero incidents, no largest. */
  q.org = "存在しない組織";
  jk_buf_reset(&b);
  CHECK(jk_store_sum_json(st, "affected", &q, &b, &err) == JK_OK);
  j = cJSON_Parse(b.p);
  CHECK_INT(num_of(j, "incidents"), 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(j, "largest")));
  cJSON_Delete(j);
  /* Only counts can be summed; the buffer is left as it was. */
  jk_buf_reset(&b);
  jk_buf_puts(&b, "kept");
  CHECK_INT(jk_store_sum_json(st, "title", NULL, &b, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "affected") != NULL);
  CHECK_INT(jk_store_sum_json(st, NULL, NULL, &b, &err), JK_EINVAL);
  CHECK_STR(b.p, "kept");
  jk_buf_free(&b);
  jk_store_close(st);
}

/* Fictional incidents over two months with every kind of date (a day, a
   month alone, a year alone, none), for date ranges cut at a day. */
static jk_store *dated_casebook(const char *name) {
  static const char *const cats[] = {"misdelivery", "hacking", "loss", "misconfiguration"};
  jk_store *st = fresh(name);
  if (!st) return NULL;
  jk_err err = {0, ""};
  jk_add_result r;
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d = doc(st, "fixtures/dated.txt", "dated");
  for (int i = 0; i < 48; i++) {
    char date[16], text[256], json[512], aff[16];
    if (i % 12 == 5) snprintf(date, sizeof date, "2031-%02d", 7 + i / 12 % 2); /* a month alone */
    else if (i % 12 == 7) snprintf(date, sizeof date, "2031");           /* a year alone */
    else if (i % 12 == 11) date[0] = 0;                                  /* none */
    else snprintf(date, sizeof date, "2031-%02d-%02d", 7 + i % 2, 1 + (i * 7) % 31);
    if (i % 5 == 3) snprintf(aff, sizeof aff, "null");
    else snprintf(aff, sizeof aff, "%d", (i * 37) % 500 + 1);
    snprintf(text, sizeof text, "架空商事%02d株式会社 お知らせ第%d号\n本文%d\n", i, i, i);
    snprintf(json, sizeof json,
             "{\"org\":\"架空商事%02d株式会社\",%s%s%s\"report_seq\":1,\"category\":\"%s\",\"affected\":%s,"
             "\"data_types\":[\"%s\"]}",
             i, *date ? "\"published\":\"" : "", date, *date ? "\"," : "", cats[i % 4], aff,
             i % 3 ? "email" : "name");
    CHECK(add(st, d, text, 1 + i * 4, json, &r) == JK_OK);
  }
  CHECK(jk_store_commit(st, &err) == JK_OK);
  return st;
}

TEST(date_ranges_cut_at_a_day_count_as_a_recount) {
  jk_store *st = dated_casebook("dated.db");
  if (!st) return;
  CHECK_INT(count(st, "SELECT count(*) FROM incidents"), 48);
  CHECK(count(st, "SELECT count(*) FROM incidents WHERE pub_sort % 100 = 0 AND pub_sort % 10000 <> 0") > 0);
  static const char *const ranges[][2] = {
      {"2031-07-01", "2031-07-31"}, {"2031-07-02", "2031-08-30"}, {"2031-07-10", "2031-07-20"},
      {"2031-07-03", NULL},         {NULL, "2031-08-05"},         {"2031-07-30", "2031-08-02"},
      {"2031-01-01", "2031-12-31"}, {"2031-08-31", "2031-08-31"}, {"2031-07", "2031-08-15"},
  };
  static const char *const bys[] = {"category", "month", "data_type", "affected_month"};
  jk_buf a, b;
  jk_buf_init(&a);
  jk_buf_init(&b);
  jk_err err = {0, ""};
  for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
    for (int ci = 0; ci < 3; ci++) {
      static const int cats[] = {-1, JK_CAT_MISDELIVERY, JK_CAT_HACKING};
      int cat = cats[ci];
      jk_query q;
      jk_query_init(&q);
      q.category = cat;
      if (ranges[i][0]) CHECK(jk_date_parse_iso(ranges[i][0], &q.since) == 0);
      if (ranges[i][1]) CHECK(jk_date_parse_iso(ranges[i][1], &q.until) == 0);
      for (size_t k = 0; k < sizeof bys / sizeof bys[0]; k++) {
        jk_buf_reset(&a);
        jk_buf_reset(&b);
        CHECK(jk_store_stats_json(st, bys[k], &q, &a, &err) == JK_OK);
        CHECK(jk_store_stats_recount_json(st, bys[k], &q, &b, &err) == JK_OK);
        if (!a.p || !b.p || strcmp(a.p, b.p)) {
          fprintf(stderr, "  %s..%s cat %d by %s:\n  %s\n  %s\n", ranges[i][0] ? ranges[i][0] : "",
                  ranges[i][1] ? ranges[i][1] : "", cat, bys[k], a.p ? a.p : "", b.p ? b.p : "");
          CHECK(0);
        }
      }
      jk_buf_reset(&a);
      jk_buf_reset(&b);
      CHECK(jk_store_sum_json(st, "affected", &q, &a, &err) == JK_OK);
      CHECK(jk_store_sum_recount_json(st, "affected", &q, &b, &err) == JK_OK);
      CHECK_STR(a.p, b.p);
    }
  /* The whole of July: day-dated and month-dated July incidents, not the
     year-dated nor the undated. */
  jk_query q;
  jk_query_init(&q);
  CHECK(jk_date_parse_iso("2031-07-01", &q.since) == 0);
  CHECK(jk_date_parse_iso("2031-07-31", &q.until) == 0);
  jk_buf_reset(&a);
  CHECK(jk_store_stats_json(st, "category", &q, &a, &err) == JK_OK);
  cJSON *j = cJSON_Parse(a.p);
  CHECK_INT(num_of(j, "total"), count(st, "SELECT count(*) FROM incidents WHERE pub_sort BETWEEN 20310701 AND 20310731"));
  cJSON_Delete(j);
  jk_buf_free(&a);
  jk_buf_free(&b);
  jk_store_close(st);
}

/* ---- deadlines (jk_store_set_deadline) ------------------------------------ */

static int count_hit(void *ctx, const jk_hit *h) {
  (void)h;
  ++*(int *)ctx;
  return 0;
}

/* A search over 1,500 incidents runs far more than the progress handler's
   4,000 steps, so a deadline already past when it starts interrupts it;
   with the deadline cleared (or a generous one) the same search works on
   the same connection. */
TEST(deadline_interrupts_a_query_and_the_store_stays_usable) {
  jk_store *st = fresh("deadline.db");
  if (!st) return;
  enum { N = 1500 };
  jk_err err = {0, ""};
  jk_add_result r;
  long long d = doc(st, "fixtures/many.txt", "many");
  CHECK(jk_store_begin(st, &err) == JK_OK);
  char text[256], json[256];
  for (int i = 0; i < N; i++) {
    snprintf(text, sizeof text, "【セキュリティ事件簿#2031-%d】株式会社カスミ物産%d メール誤送信のお詫び\n2031年4月10日\n", 1000 + i,
             i);
    snprintf(json, sizeof json,
             "{\"casebook_id\":\"2031-%d\",\"org\":\"株式会社カスミ物産%d\",\"published\":\"2031-04-10\","
             "\"category\":\"misdelivery\",\"affected\":%d}",
             1000 + i, i, i + 1);
    if (add(st, d, text, 1 + 4 * i, json, &r) != JK_OK) break;
  }
  CHECK(jk_store_commit(st, &err) == JK_OK);

  jk_query q;
  jk_query_init(&q);
  q.text = "誤送信";
  q.limit = 5;
  long long total = -1;
  int n = 0;
  jk_store_set_deadline(st, 1e-9);
  jk_rc rc = jk_store_search(st, &q, count_hit, &n, &total, &err);
  CHECK_INT(rc, JK_ETIMEOUT);
  CHECK_INT(err.rc, JK_ETIMEOUT);
  if (!strstr(err.msg, "query took longer than")) fprintf(stderr, "  message: %s\n", err.msg);
  CHECK(strstr(err.msg, "query took longer than") != NULL);
  CHECK_STR(jk_rc_name(rc), "ETIMEOUT");
  /* Still past it: another kind of query stops too. */
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_store_stats_json(st, "month", NULL, &b, &err), JK_ETIMEOUT);

  /* Cleared: the same connection answers in full. */
  jk_store_set_deadline(st, 0);
  n = 0;
  total = -1;
  CHECK_INT(jk_store_search(st, &q, count_hit, &n, &total, &err), JK_OK);
  CHECK_INT(total, N);
  CHECK_INT(n, 5);
  jk_buf_reset(&b);
  CHECK_INT(jk_store_stats_json(st, "month", NULL, &b, &err), JK_OK);
  CHECK(b.p && strstr(b.p, "\"total\":1500") != NULL);

  /* A generous deadline does not fire; a write after one is untouched. */
  jk_store_set_deadline(st, 60);
  n = 0;
  CHECK_INT(jk_store_search(st, &q, count_hit, &n, &total, &err), JK_OK);
  CHECK_INT(total, N);
  jk_store_set_deadline(st, 0);
  CHECK_INT(jk_store_set(st, "2031-1000", "category", "\"loss\"", "t", NULL, &err), JK_OK);
  jk_buf_free(&b);
  jk_store_close(st);
}

/* ---- each incident (for exporters) --------------------------------------- */

static int collect(void *ctx, const jk_incident *inc) {
  int *n = ctx;
  n[0]++;
  n[1] += (int)inc->n;
  for (size_t i = 0; i < inc->n; i++)
    if (!inc->sources[i] || !inc->fetched[i] || !inc->reports[i]->text) n[2]++;
  /* The summary is the store's merge: 2031-101's people are its latest
     report's, its vendor flag the correction's. */
  if (!inc->summary) n[2]++;
  else if (!strcmp(inc->label, "2031-101") && (inc->summary->affected != 135 || !inc->summary->vendor)) n[2]++;
  return 0;
}

TEST(each_incident_rebuilds_reports_with_corrections) {
  jk_store *st = casebook("each.db");
  if (!st) return;
  jk_err err = {0, ""};
  CHECK(jk_store_set(st, "2031-101", "vendor", "true", "t", NULL, &err) == JK_OK);
  int n[3] = {0, 0, 0};
  CHECK(jk_store_each_incident(st, NULL, collect, n, &err) == JK_OK);
  CHECK_INT(n[0], 3);
  CHECK_INT(n[1], 5);
  CHECK_INT(n[2], 0);
  jk_query q;
  jk_query_init(&q);
  q.vendor = 1;
  memset(n, 0, sizeof n);
  CHECK(jk_store_each_incident(st, &q, collect, n, &err) == JK_OK);
  CHECK_INT(n[0], 1);
  jk_store_close(st);
}

/* ---- the incident record: victim, issuers, headline, timeline ------------ */

/* Fictional: a company's own notice (dated, calling itself a follow-up)
   and the regulator's guidance to it (undated, arriving first), linked by
   their casebook number. */
static const char R1[] =
    "【セキュリティ事件簿#2031-202】個人情報保護委員会 株式会社ナギサ通信に対する行政上の対応について\n"
    "個人情報保護委員会は、株式会社ナギサ通信に対し、指導を行いました。約120人分の個人データが流出した。\n";
static const char RJ1[] =
    "{\"casebook_id\":\"2031-202\",\"org\":\"個人情報保護委員会\",\"report_seq\":1,\"category\":\"misuse\","
    "\"affected\":120,\"title\":\"株式会社ナギサ通信に対する行政上の対応について\"}";
static const char R2[] =
    "【セキュリティ事件簿#2031-202】株式会社ナギサ通信 お客さま情報流出のお詫び\n2021年3月1日\n"
    "既にお知らせしておりましたとおり、元従業員がお客さま情報100件を持ち出しました。\n";
static const char RJ2[] =
    "{\"casebook_id\":\"2031-202\",\"org\":\"株式会社ナギサ通信\",\"published\":\"2021-03-01\",\"report_seq\":2,"
    "\"category\":\"misuse\",\"affected\":100,\"data_types\":[\"name\"],\"title\":\"お客さま情報流出のお詫び\"}";

static jk_record *rec_of(const char *json, const char *text) {
  jk_record *r = NULL;
  jk_err err = {0, ""};
  if (jk_record_from_json(json, strlen(json), &r, &err) != JK_OK) return NULL;
  r->text = jk_arena_strdup(r->arena, text);
  r->text_len = strlen(text);
  return r;
}

TEST(issuer_roles_from_name_and_text) {
  static const struct {
    const char *org, *text;
    jk_issuer_role want;
  } cases[] = {
      {"個人情報保護委員会", "株式会社ナギサ通信に対し、指導を行いました。", JK_ROLE_REGULATOR},
      {"架空県警察本部", "不正アクセスの疑いで男を逮捕しました。", JK_ROLE_POLICE},
      {"株式会社スズラン印刷", "委託元である白鷺台市の通知書を誤って封入しました。", JK_ROLE_CONTRACTOR},
      /* A ministry's or a police force's own breach is its own. */
      {"厚生労働省", "当省職員が書類を紛失しました。", JK_ROLE_OWN},
      {"架空県警察本部", "警察署で捜査書類を紛失しました。", JK_ROLE_OWN},
      {"株式会社ナギサ通信", "お客さま情報が流出しました。", JK_ROLE_OWN},
      {NULL, "", JK_ROLE_OWN},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char json[256];
    snprintf(json, sizeof json, "{\"org\":%s%s%s}", cases[i].org ? "\"" : "", cases[i].org ? cases[i].org : "null",
             cases[i].org ? "\"" : "");
    jk_record *r = rec_of(json, cases[i].text);
    CHECK(r != NULL);
    if (!r) continue;
    if (jk_issuer_role_of(r) != cases[i].want) fprintf(stderr, "  case %zu: %s\n", i, cases[i].text);
    CHECK_INT(jk_issuer_role_of(r), cases[i].want);
    jk_record_free(r);
  }
  CHECK_STR(jk_issuer_role_name(JK_ROLE_REGULATOR), "regulator");
}

TEST(headline_victim_first_then_others) {
  jk_record *v[3] = {rec_of(RJ2, R2), rec_of(RJ1, R1), NULL};
  CHECK(v[0] && v[1]);
  if (!v[0] || !v[1]) return;
  jk_headline h;
  CHECK(jk_incident_headline(v, 2, &h) == JK_OK);
  CHECK_STR(h.rec->org, "株式会社ナギサ通信");
  CHECK_INT(h.from[JK_H_VICTIM], 0);
  CHECK_INT(h.rec->affected, 100); /* the victim's own count, not the regulator's */
  CHECK_INT(h.from[JK_H_AFFECTED], 0);
  CHECK_STR(h.rec->title, "お客さま情報流出のお詫び");
  CHECK_INT(h.from[JK_H_PUBLISHED], 0);
  CHECK_INT(h.from[JK_H_EXPOSURE], -1);
  CHECK_INT(h.victim_named, -1);
  jk_headline_free(&h);
  /* The regulator's report alone: the victim is the organisation its
     title names, never the regulator. */
  CHECK(jk_incident_headline(v + 1, 1, &h) == JK_OK);
  CHECK_STR(h.rec->org, "株式会社ナギサ通信");
  CHECK_INT(h.victim_named, 0);
  CHECK_INT(h.rec->affected, 120);
  jk_headline_free(&h);
  /* No reports: nothing stated, nothing invented. */
  CHECK(jk_incident_headline(v, 0, &h) == JK_OK);
  CHECK(h.rec->org == NULL);
  CHECK_INT(h.rec->affected, -1);
  CHECK_INT(h.from[JK_H_VICTIM], -1);
  jk_headline_free(&h);
  jk_record_free(v[0]);
  jk_record_free(v[1]);
}

static jk_store *regulator_casebook(const char *name) {
  jk_store *st = fresh(name);
  if (!st) return NULL;
  jk_add_result r;
  long long d = doc(st, "fixtures/ppc.txt", "ppc");
  CHECK(add(st, d, R1, 1, RJ1, &r) == JK_OK); /* the regulator's first */
  long long d2 = doc(st, "fixtures/nagisa.txt", "nagisa");
  CHECK(add(st, d2, R2, 1, RJ2, &r) == JK_OK);
  return st;
}

TEST(incident_victim_timeline_and_headline_sources) {
  jk_store *st = regulator_casebook("victim.db");
  if (!st) return;
  char *org = column_text(st, "SELECT org FROM incidents WHERE label='2031-202'");
  CHECK_STR(org, "株式会社ナギサ通信");
  free(org);
  CHECK_INT(count(st, "SELECT affected FROM incidents WHERE label='2031-202'"), 100);
  cJSON *j = incident(st, "2031-202");
  CHECK(j != NULL);
  if (!j) return;
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "victim")), "株式会社ナギサ通信");
  cJSON *reps = cJSON_GetObjectItem(j, "reports");
  /* By date: the dated notice (2021) before the undated one (seen today),
     whatever order they came in. */
  cJSON *a = cJSON_GetArrayItem(reps, 0), *b = cJSON_GetArrayItem(reps, 1);
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(a, "issuer")), "株式会社ナギサ通信");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(a, "issuer_role")), "own");
  CHECK(cJSON_IsTrue(cJSON_GetObjectItem(a, "victim_report")));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(b, "issuer")), "個人情報保護委員会");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(b, "issuer_role")), "regulator");
  cJSON *from = cJSON_GetObjectItem(j, "headline_from");
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(from, "org")), 1);
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(from, "affected")), 1);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(from, "exposure")));
  /* Provenance of each report: the document's hash. */
  CHECK(cJSON_GetStringValue(cJSON_GetObjectItem(a, "sha256")) != NULL &&
        strlen(cJSON_GetStringValue(cJSON_GetObjectItem(a, "sha256"))) == 64);
  cJSON_Delete(j);
  jk_store_close(st);
}

typedef struct corr_seen {
  int n, headline, report;
  char last_field[24];
} corr_seen;

static int corr_count(void *ctx, const jk_correction *c) {
  corr_seen *s = ctx;
  s->n++;
  if (c->report) s->report++;
  else s->headline++;
  snprintf(s->last_field, sizeof s->last_field, "%s", c->field);
  return 0;
}

TEST(corrections_at_headline_and_report_level) {
  jk_store *st = regulator_casebook("levels.db");
  if (!st) return;
  jk_err err = {0, ""};
  jk_correction c;
  /* The headline only: the reports keep their issuers. */
  CHECK(jk_store_set_ex(st, "2031-202", "org", "株式会社ナギサ通信ホールディングス", "alice", "the parent", &c, &err) ==
        JK_OK);
  CHECK_INT(c.report, 0);
  CHECK_STR(c.field, "org");
  CHECK_STR(c.extracted, "\"株式会社ナギサ通信\""); /* what the reports give the headline */
  CHECK_STR(c.who, "alice");
  jk_correction_free(&c);
  cJSON *j = incident(st, "2031-202");
  cJSON *reps = cJSON_GetObjectItem(j, "reports");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(j, "victim")), "株式会社ナギサ通信ホールディングス");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "headline_from"), "org")), "correction");
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(reps, 1), "issuer")), "個人情報保護委員会");
  CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(cJSON_GetArrayItem(reps, 1), "corrected")), 0);
  cJSON_Delete(j);
  /* One report: the value extracted for that record is the audit's. */
  CHECK(jk_store_set_ex(st, "2031-202#2", "affected", "130", "bob", NULL, &c, &err) == JK_OK);
  CHECK_INT(c.report, 2);
  CHECK_STR(c.extracted, "120");
  CHECK(c.note == NULL);
  jk_correction_free(&c);
  CHECK_INT(count(st, "SELECT affected FROM incidents WHERE label='2031-202'"), 100); /* from report 1 */
  CHECK(jk_store_set_ex(st, "2031-202#1", "affected", "105", "bob", NULL, &c, &err) == JK_OK);
  CHECK_STR(c.extracted, "100");
  jk_correction_free(&c);
  CHECK_INT(count(st, "SELECT affected FROM incidents WHERE label='2031-202'"), 105); /* follows report 1 */
  CHECK(jk_store_set(st, "2031-202", "affected", "110", "carol", NULL, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT affected FROM incidents WHERE label='2031-202'"), 110);
  /* The list: all of them, in the order made; since filters. */
  corr_seen s;
  memset(&s, 0, sizeof s);
  CHECK(jk_store_each_correction(st, NULL, corr_count, &s, &err) == JK_OK);
  CHECK_INT(s.n, 4);
  CHECK_INT(s.headline, 2);
  CHECK_INT(s.report, 2);
  CHECK_STR(s.last_field, "affected");
  memset(&s, 0, sizeof s);
  CHECK(jk_store_each_correction(st, "2999-01-01", corr_count, &s, &err) == JK_OK);
  CHECK_INT(s.n, 0);
  memset(&s, 0, sizeof s);
  CHECK(jk_store_each_correction(st, "2000-01-01", corr_count, &s, &err) == JK_OK);
  CHECK_INT(s.n, 4);
  jk_buf b;
  jk_buf_init(&b);
  CHECK(jk_store_corrections_json(st, "", &b, &err) == JK_OK);
  cJSON *list = cJSON_Parse(b.p ? b.p : "");
  CHECK(cJSON_IsArray(list));
  CHECK_INT(cJSON_GetArraySize(list), 4);
  cJSON *first = cJSON_GetArrayItem(list, 0);
  CHECK(cJSON_IsNull(cJSON_GetObjectItem(first, "report")));
  CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(first, "incident")), "2031-202");
  CHECK_INT((int)cJSON_GetNumberValue(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 1), "report")), 2);
  cJSON_Delete(list);
  jk_buf_free(&b);
  /* Hostile targets and values are refused, nothing recorded. */
  CHECK(jk_store_set(st, "2031-202#0", "affected", "1", "t", NULL, &err) == JK_EINVAL);
  CHECK(jk_store_set(st, "2031-202#x", "affected", "1", "t", NULL, &err) == JK_EINVAL);
  CHECK(jk_store_set(st, "<script>alert(1)</script>", "org", "x", "t", NULL, &err) == JK_ENOTFOUND);
  CHECK(jk_store_set(st, "2031-202", "org", "\xff\xfe", "t", NULL, &err) == JK_OK || err.rc == JK_EINVAL);
  jk_store_close(st);
}

/* A letter that opens with its date: the splitter's title line. */
static const char LETTER[] =
    "2031年7月1日\n株式会社アオバ技研\n顧客情報の漏えいに関するお知らせ\n"
    "このたび、当社の顧客情報12件が漏えいしたことが判明しました。\n";

static char *title_of(jk_store *st) {
  return column_text(st, "SELECT json_extract(jk_unpack(record), '$.title') FROM notices ORDER BY id LIMIT 1");
}

TEST(reextract_keeps_the_title_line_and_dates_changes) {
  jk_store *st = fresh("title.db");
  if (!st) return;
  long long d = doc(st, "letter.txt", "letter");
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = seg.raw = LETTER;
  seg.len = seg.raw_len = strlen(LETTER);
  seg.first_line = seg.heading_line = 1;
  seg.last_line = 4;
  seg.title_line = 3;
  seg.is_notice = 1;
  jk_add_result res;
  jk_err err = {0, ""};
  CHECK(jk_store_add_segment(st, d, &seg, NULL, NULL, &res, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT title_line FROM notices"), 3);
  char *before = title_of(st);
  CHECK_STR(before, "顧客情報の漏えいに関するお知らせ");
  long long n = 0;
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  char *after = title_of(st);
  CHECK_STR(after, before);
  /* Nothing changed: no change dated, exports stay byte-identical. */
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE changed_at IS NOT NULL"), 0);
  /* A record that re-extraction changes is dated. */
  CHECK(sqlite3_exec(jk_store_sqlite(st),
                     "UPDATE notices SET record=jk_pack(json_set(jk_unpack(record), '$.title', '旧い表題'))", NULL, NULL,
                     NULL) == SQLITE_OK);
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE changed_at IS NOT NULL"), 1);
  free(after);
  /* Migration 7 finds the title line of a notice stored before it. */
  jk_store_close(st);
  st = NULL;
  CHECK(jk_store_open(tmp_path("title.db"), 0, &st, &err) == JK_OK);
  if (!st) {
    free(before);
    return;
  }
  CHECK(sqlite3_exec(jk_store_sqlite(st),
                     "DROP INDEX corrections_at; ALTER TABLE notices DROP COLUMN title_line;"
                     "ALTER TABLE notices DROP COLUMN changed_at; DELETE FROM schema_version WHERE version >= 7;",
                     NULL, NULL, NULL) == SQLITE_OK);
  jk_store_close(st);
  st = NULL;
  CHECK(jk_store_open(tmp_path("title.db"), 0, &st, &err) == JK_OK);
  if (!st) {
    free(before);
    return;
  }
  CHECK_INT(count(st, "SELECT title_line FROM notices"), 3);
  CHECK(jk_store_reextract(st, NULL, NULL, &n, &err) == JK_OK);
  after = title_of(st);
  CHECK_STR(after, before);
  free(after);
  free(before);
  jk_store_close(st);
}

/* ---- record JSON round trip ---------------------------------------------- */

typedef struct rt_ctx {
  const char *file;
  int n, same;
} rt_ctx;

static int round_trip(void *vp, const jk_segment *seg) {
  rt_ctx *c = vp;
  if (!seg->is_notice) return 0;
  jk_record *r, *back;
  if (jk_extract(seg, c->file, &r) != JK_OK) return 0;
  jk_buf a, b;
  jk_buf_init(&a);
  jk_buf_init(&b);
  jk_err err = {0, ""};
  jk_record_to_json(r, JK_JSON_EVIDENCE | JK_JSON_TEXT, &a);
  if (jk_record_from_json(a.p, a.len, &back, &err) == JK_OK) {
    jk_record_to_json(back, JK_JSON_EVIDENCE | JK_JSON_TEXT, &b);
    if (a.len == b.len && memcmp(a.p, b.p, a.len) == 0) c->same++;
    else fprintf(stderr, "  %s:%d differs after the round trip\n", c->file, seg->heading_line);
    jk_record_free(back);
  } else {
    fprintf(stderr, "  %s:%d: %s\n", c->file, seg->heading_line, err.msg);
  }
  c->n++;
  jk_buf_free(&a);
  jk_buf_free(&b);
  jk_record_free(r);
  return 0;
}

TEST(record_json_round_trip_on_the_seeds) {
  static const char *const seeds[] = {"seeds/000_a8c8f9365337a91e.txt", "seeds/001_f8e5bfe83f636fc9.txt",
                                      "seeds/002_a548425d9aa6d83a.txt", "seeds/003_5cab1e733483636a.txt",
                                      "seeds/004_93527db57ab065a5.txt"};
  rt_ctx c = {NULL, 0, 0};
  for (size_t i = 0; i < 5; i++) {
    size_t len;
    char *p = jk_t_slurp(jk_t_shared(seeds[i]), &len);
    CHECK(p != NULL);
    if (!p) continue;
    c.file = seeds[i];
    CHECK(jk_split_buffer(p, len, round_trip, &c, NULL) == JK_OK);
    free(p);
  }
  CHECK(c.n >= 50);
  CHECK_INT(c.same, c.n);
}

TEST(record_json_errors_name_the_path) {
  static const struct {
    const char *json, *path;
  } bad[] = {
      {"{\"affected\":\"many\"}", "$.affected"},
      {"{\"published\":\"2023-13-01\"}", "$.published"},
      {"{\"data_types\":[\"email\",\"passport\"]}", "$.data_types[1]"},
      {"{\"category\":\"bad luck\"}", "$.category"},
      {"{\"source\":{\"line\":-4}}", "$.source.line"},
      {"{\"text\":\"abc\",\"evidence\":{\"org\":{\"start\":1,\"end\":99}}}", "$.evidence.org"},
      {"{\"evidence\":{\"colour\":{\"start\":1,\"end\":2}}}", "$.evidence.colour"},
      {"[1,2]", "$"},
      {"{\"org\":", "near byte"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    jk_record *r = NULL;
    jk_err err = {0, ""};
    CHECK(jk_record_from_json(bad[i].json, strlen(bad[i].json), &r, &err) == JK_EINVAL);
    CHECK(r == NULL);
    if (!strstr(err.msg, bad[i].path)) fprintf(stderr, "  %s: %s\n", bad[i].json, err.msg);
    CHECK(strstr(err.msg, bad[i].path) != NULL);
  }
}

TEST(sha256_known_vector) {
  char hex[65];
  jk_sha256_hex("abc", 3, hex);
  CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* Every notice's text and record, unpacked, in id order. */
static char *all_values(jk_store *st) {
  return column_text(st, "SELECT group_concat(jk_unpack(text) || char(31) || coalesce(jk_unpack(record), ''), char(30))"
                         " FROM (SELECT text, record FROM notices ORDER BY id)");
}

TEST(dictionaries_trained_from_the_casebook_shrink_it_and_read_back) {
  jk_store *st = fresh("dict.db");
  if (!st) return;
  jk_err err = {0, ""};
  static const char *const orgs[] = {"アオバ", "ミドリ", "コハク", "シラサギ", "ヤマガラ", "ホシゾラ"};
  static const char *const what[] = {"メールの誤送信", "不正アクセス", "USBメモリの紛失", "設定の誤り"};
  CHECK(jk_store_begin(st, &err) == JK_OK);
  long long d = doc(st, "dict.txt", "dict");
  char text[1024];
  for (int i = 0; i < 300; i++) {
    snprintf(text, sizeof text,
             "【セキュリティ事件簿#2031-%03d】株式会社%s技研%d %sに関するお詫び\n2031年%d月%d日\n"
             "このたび、当社において%sが発生し、お客様%d名の氏名とメールアドレスが漏えいしたおそれがあります。\n"
             "原因を調査し、再発防止策として確認手順を見直します。\n",
             i + 1, orgs[i % 6], i, what[i % 4], 1 + i % 12, 1 + i % 28, what[i % 4], 10 + i * 7);
    jk_add_result r;
    if (add(st, d, text, 1 + i * 5, NULL, &r) != JK_OK) break;
  }
  CHECK(jk_store_commit(st, &err) == JK_OK);
  /* Under JK_PACK_TRAIN_AT notices: no dictionary yet. */
  CHECK_INT(count(st, "SELECT count(*) FROM pack_dicts"), 0);
  long long before = count(st, "SELECT sum(length(CAST(text AS BLOB)) + length(CAST(record AS BLOB))) FROM notices");
  char *want = all_values(st);
  CHECK(want != NULL);
  CHECK(jk_store_begin(st, &err) == JK_OK);
  CHECK(jk_pack_train(st, &err) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM pack_dicts WHERE kind IN (1, 2) AND length(dict) > 0"), 2);
  long long after = count(st, "SELECT sum(length(CAST(text AS BLOB)) + length(CAST(record AS BLOB))) FROM notices");
  CHECK(after > 0 && after * 2 < before); /* alike notices: well under half */
  char *got = all_values(st);
  CHECK(want && got);
  if (want && got) CHECK(strcmp(want, got) == 0);
  free(got);
  /* Read through the store: search, an incident with its reports. */
  CHECK_INT(fts_hits(st, "ヤマガラ"), 50);
  cJSON *j = incident(st, "2031-007");
  CHECK(j != NULL);
  cJSON_Delete(j);
  /* A notice stored after is written with the dictionaries. */
  CHECK(jk_store_begin(st, &err) == JK_OK);
  jk_add_result r;
  CHECK(add(st, d, "【セキュリティ事件簿#2031-999】株式会社アオバ技研999 メールの誤送信に関するお詫び\n2031年9月9日\n"
                   "このたび、当社においてメールの誤送信が発生しました。\n",
            9999, NULL, &r) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE jk_unpack(text) LIKE '%2031-999%'"), 1);
  jk_store_close(st);
  /* Opened again, read-only: the store knows its dictionaries; nothing is
     trained twice. */
  st = NULL;
  CHECK(jk_store_open(tmp_path("dict.db"), JK_STORE_READONLY, &st, &err) == JK_OK);
  if (st) {
    CHECK(st->pack_tried && st->pack_dict[JK_PACK_TEXT] && st->pack_dict[JK_PACK_RECORD]);
    got = all_values(st);
    CHECK(got && want && strncmp(got, want, strlen(want)) == 0);
    free(got);
    jk_store_close(st);
  }
  free(want);
  /* A casebook too small to train: tried once, recorded, values plain. */
  st = fresh("dict-small.db");
  if (!st) return;
  CHECK(jk_store_begin(st, &err) == JK_OK);
  d = doc(st, "one.txt", "one");
  CHECK(add(st, d, "【セキュリティ事件簿#2031-001】株式会社アオバ 紛失\n2031年1月1日\n書類を紛失しました。\n", 1, NULL, &r) ==
        JK_OK);
  CHECK(jk_pack_train(st, &err) == JK_OK);
  CHECK(jk_store_commit(st, &err) == JK_OK);
  CHECK_INT(count(st, "SELECT count(*) FROM pack_dicts WHERE kind = 0"), 1);
  CHECK_INT(count(st, "SELECT count(*) FROM notices WHERE jk_unpack(text) LIKE '%書類を紛失%'"), 1);
  jk_store_close(st);
}
