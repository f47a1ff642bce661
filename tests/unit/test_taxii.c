/*
** test_taxii.c — lib/taxii.c and lib/misp_feed.c on a small casebook of
** fictional notices: timestamps, the filters of a request (hostile
** values included), the collection's refresh (dates added: new, changed,
** unchanged, gone), pages (limit, more, next, added_after, match[…]),
** and the MISP feed's manifest and hashes.  The resources are checked
** against the TAXII tables end to end in tests/e2e/taxii.sh.
*/
#include "../../lib/share.h"
#include "../../lib/taxii.h"
#include "harness.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <unistd.h>

static char tmpdir[256];

static const char *tmp_path(const char *name) {
  static char p[512];
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jk-test-taxii-XXXXXX");
    if (!mkdtemp(tmpdir)) abort();
  }
  snprintf(p, sizeof p, "%s/%s", tmpdir, name);
  return p;
}

__attribute__((destructor)) static void cleanup(void) {
  if (tmpdir[0]) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {
    }
  }
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

static void add(jk_store *st, long long d, const char *text, int line, const char *json) {
  jk_segment seg;
  memset(&seg, 0, sizeof seg);
  seg.text = seg.raw = text;
  seg.len = seg.raw_len = strlen(text);
  seg.first_line = seg.heading_line = line;
  seg.last_line = line + 3;
  seg.is_notice = 1;
  jk_record *r = NULL;
  jk_err err = {0, ""};
  CHECK(jk_record_from_json(json, strlen(json), &r, &err) == JK_OK);
  if (r) {
    r->text = text;
    r->text_len = strlen(text);
  }
  jk_add_result res;
  memset(&res, 0, sizeof res);
  jk_rc rc = jk_store_add_segment(st, d, &seg, r, NULL, &res, &err);
  if (rc) fprintf(stderr, "  add_segment: %s\n", err.msg);
  CHECK(rc == JK_OK);
  if (r) r->text = NULL;
  jk_record_free(r);
}

/* Fictional notices: two reports of one incident, two organisations. */
static const char T1[] = "【セキュリティ事件簿#2031-201】株式会社ミナトデータ メール誤送信のお詫び\n2031年4月10日\n";
static const char J1[] = "{\"casebook_id\":\"2031-201\",\"org\":\"株式会社ミナトデータ\",\"published\":\"2031-04-10\","
                         "\"report_seq\":1,\"category\":\"misdelivery\",\"affected\":120}";
static const char T2[] = "【セキュリティ事件簿#2031-201】株式会社ミナトデータ メール誤送信のお詫び(第2報)\n2031年4月20日\n";
static const char J2[] = "{\"casebook_id\":\"2031-201\",\"org\":\"株式会社ミナトデータ\",\"published\":\"2031-04-20\","
                         "\"report_seq\":2,\"category\":\"misdelivery\",\"affected\":135}";
static const char T3[] = "白鷺台市 住民票の写しの紛失について\n2031年5月1日\n";
static const char J3[] = "{\"org\":\"白鷺台市\",\"published\":\"2031-05-01\",\"report_seq\":1,\"category\":\"loss\"}";

static jk_store *casebook(const char *name) {
  const char *p = tmp_path(name);
  unlink(p);
  jk_store *st = NULL;
  jk_err err = {0, ""};
  if (jk_store_open(p, JK_STORE_CREATE, &st, &err) != JK_OK) {
    fprintf(stderr, "  open: %s\n", err.msg);
    return NULL;
  }
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "fixtures/taxii.txt";
  info.kind = "text";
  char sha[65];
  jk_sha256_hex("page", 4, sha);
  long long d = 0;
  int seen = 0;
  CHECK(jk_store_add_document(st, &info, sha, &d, &seen, &err) == JK_OK);
  add(st, d, T1, 1, J1);
  add(st, d, T2, 10, J2);
  add(st, d, T3, 20, J3);
  return st;
}

/* ---- timestamps ------------------------------------------------------------ */

TEST(timestamps_parse_and_format) {
  long long us;
  CHECK(jk_taxii_ts_parse("2024-01-31T09:00:00Z", &us) == 0);
  CHECK_INT(us, 1706691600LL * 1000000);
  CHECK(jk_taxii_ts_parse("2024-01-31T09:00:00.5Z", &us) == 0);
  CHECK_INT(us, 1706691600LL * 1000000 + 500000);
  CHECK(jk_taxii_ts_parse("2024-01-31T09:00:00.123456789Z", &us) == 0); /* truncated */
  CHECK_INT(us % 1000000, 123456);
  char out[32];
  jk_taxii_ts_format(1706691600LL * 1000000 + 42, out);
  CHECK_STR(out, "2024-01-31T09:00:00.000042Z");
  CHECK(jk_taxii_ts_parse(out, &us) == 0);
  CHECK_INT(us, 1706691600LL * 1000000 + 42);
  /* Refused: offsets, no zone, bad dates, junk, empty, leap days off-year. */
  static const char *const bad[] = {"",
                                    "2024-01-31",
                                    "2024-01-31T09:00:00",
                                    "2024-01-31T09:00:00+09:00",
                                    "2024-13-01T00:00:00Z",
                                    "2023-02-29T00:00:00Z",
                                    "2024-01-31T24:00:00Z",
                                    "2024-01-31T09:00:00.Z",
                                    "2024-01-31T09:00:00.1234567890Z",
                                    "2024-01-31T09:00:00ZZ",
                                    "<script>alert(1)</script>",
                                    "\xff\xfe" "2024-01-31T09:00:00Z",
                                    "1969-12-31T23:59:59Z"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) CHECK(jk_taxii_ts_parse(bad[i], &us) == -1);
  CHECK(jk_taxii_ts_parse("2024-02-29T00:00:00Z", &us) == 0);
}

/* ---- filters ------------------------------------------------------------------ */

static jk_rc parse1(const char *k, const char *v, unsigned mask, jk_taxii_query *q, jk_err *err) {
  const char *keys[1] = {k}, *vals[1] = {v};
  return jk_taxii_query_parse(keys, vals, 1, mask, q, err);
}

TEST(query_parse_values_and_errors) {
  jk_taxii_query *q = malloc(sizeof *q);
  jk_err err = {0, ""};
  unsigned all = JK_TAXII_P_PAGING | JK_TAXII_P_TYPE_ID | JK_TAXII_P_VERSION;
  CHECK(jk_taxii_query_parse(NULL, NULL, 0, all, q, &err) == JK_OK);
  CHECK_INT(q->limit, JK_TAXII_DEFAULT_LIMIT);
  CHECK_INT(q->after_us, -1);
  CHECK(parse1("limit", "5000", all, q, &err) == JK_OK);
  CHECK_INT(q->limit, JK_TAXII_MAX_LIMIT); /* capped, not refused */
  CHECK(parse1("match[type]", "incident,report", all, q, &err) == JK_OK);
  CHECK_INT(q->ntypes, 2);
  CHECK_STR(q->types[1], "report");
  CHECK(parse1("match[id]", "incident--15705032-23f1-5c06-98a5-eefa8f5750fd", all, q, &err) == JK_OK);
  CHECK_INT(q->nids, 1);
  CHECK(parse1("match[version]", "all", all, q, &err) == JK_OK);
  CHECK_INT(q->nversions, 0);
  CHECK(parse1("match[version]", "2031-04-10T00:00:00.000Z", all, q, &err) == JK_OK);
  CHECK_INT(q->nversions, 1);
  CHECK(parse1("match[spec_version]", "2.1", all, q, &err) == JK_OK);
  CHECK(parse1("added_after", "2031-04-10T00:00:00Z", all, q, &err) == JK_OK);
  CHECK(q->after_us > 0);
  CHECK(parse1("next", "1796599725742958", all, q, &err) == JK_OK);
  CHECK_INT(q->after_us, 1796599725742958LL);
  CHECK(parse1("match[confidence]", "50", all, q, &err) == JK_OK); /* unsupported match: ignored */

  /* Errors name the parameter. */
  struct {
    const char *k, *v, *want;
  } bad[] = {
      {"limit", "0", "limit:"},
      {"limit", "-3", "limit:"},
      {"limit", "ten", "limit:"},
      {"limit", "", "limit:"},
      {"limit", "99999999999999999999", "limit:"},
      {"added_after", "yesterday", "added_after:"},
      {"added_after", "", "added_after:"},
      {"next", "abc", "next:"},
      {"next", "-1", "next:"},
      {"next", "", "next:"},
      {"match[type]", "", "match[type]:"},
      {"match[type]", "Incident", "match[type]:"},
      {"match[type]", "incident,,report", "match[type]:"},
      {"match[type]", "<script>", "match[type]:"},
      {"match[type]", "\xe3\x81\x82\xe3\x81\x84", "match[type]:"},
      {"match[id]", "incident--nope", "match[id]:"},
      {"match[id]", "incident", "match[id]:"},
      {"match[version]", "latest", "match[version]:"},
      {"match[spec_version]", "two", "match[spec_version]:"},
      {"q", "漏洩", "unknown parameter 'q'"},
      {"offset", "10", "unknown parameter 'offset'"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err.msg[0] = 0;
    CHECK(parse1(bad[i].k, bad[i].v, all, q, &err) == JK_EINVAL);
    if (!strstr(err.msg, bad[i].want)) fprintf(stderr, "  %s=%s: %s\n", bad[i].k, bad[i].v, err.msg);
    CHECK(strstr(err.msg, bad[i].want) != NULL);
  }
  /* An endpoint without paging takes none of it. */
  CHECK(parse1("limit", "5", 0, q, &err) == JK_EINVAL);
  CHECK(strstr(err.msg, "takes: none") != NULL);
  /* A match field the endpoint does not filter on is ignored (3.4). */
  CHECK(parse1("match[type]", "incident", JK_TAXII_P_PAGING | JK_TAXII_P_VERSION, q, &err) == JK_OK);
  CHECK_INT(q->ntypes, 0);
  /* Too many values, too long a value, too long lists in all. */
  jk_buf b;
  jk_buf_init(&b);
  for (int i = 0; i < JK_TAXII_MAX_MATCH + 1; i++) jk_buf_printf(&b, "%stype%03d", i ? "," : "", i);
  CHECK(parse1("match[type]", b.p, all, q, &err) == JK_EINVAL);
  CHECK(strstr(err.msg, "at most") != NULL);
  jk_buf_reset(&b);
  for (int i = 0; i < 300; i++) jk_buf_putc(&b, 'a');
  CHECK(parse1("match[type]", b.p, all, q, &err) == JK_EINVAL);
  jk_buf_free(&b);
  free(q);
}

/* ---- the collection ------------------------------------------------------------- */

static cJSON *page(jk_store *st, jk_taxii_what w, const char *id, const char *const *kv, int n, jk_taxii_page *pg,
                   jk_rc *rc) {
  const char *keys[8], *vals[8];
  for (int i = 0; i < n; i++) keys[i] = kv[2 * i], vals[i] = kv[2 * i + 1];
  jk_taxii_query *q = malloc(sizeof *q);
  jk_err err = {0, ""};
  CHECK(jk_taxii_query_parse(keys, vals, n, JK_TAXII_P_PAGING | JK_TAXII_P_TYPE_ID | JK_TAXII_P_VERSION, q, &err) ==
        JK_OK);
  jk_buf b;
  jk_buf_init(&b);
  *rc = jk_taxii_page_json(st, w, id, q, &b, pg, &err);
  cJSON *j = *rc ? NULL : cJSON_Parse(b.p);
  if (!*rc) CHECK(j != NULL);
  jk_buf_free(&b);
  free(q);
  return j;
}

static int arr_size(const cJSON *j, const char *key) {
  return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, key));
}

/* The STIX export of the same store, for comparison. */
typedef struct sctx {
  jk_stix_writer *w;
  jk_buf *b;
} sctx;

static int on_stix(void *vp, const jk_incident *inc) {
  sctx *sc = vp;
  return jk_stix_add(sc->w, inc, sc->b) != JK_OK;
}

TEST(refresh_dates_added) {
  jk_store *st = casebook("a.db");
  CHECK(st != NULL);
  if (!st) return;
  jk_err err = {0, ""};
  jk_taxii_sync s;
  long long t0 = 1900000000LL * 1000000;
  CHECK(jk_taxii_refresh(st, t0, &s, &err) == JK_OK);
  /* jikenbo + 2 organisations + 2 incidents + 3 reports */
  CHECK_INT(s.incidents, 2);
  CHECK_INT(s.objects, 8);
  CHECK_INT(s.added, 8);
  CHECK_INT(count(st, "SELECT min(added) FROM taxii_object"), t0);
  CHECK_INT(count(st, "SELECT max(added) - min(added) FROM taxii_object"), 7); /* one microsecond apart */
  CHECK_INT(count(st, "SELECT count(DISTINCT added) FROM taxii_object"), 8);
  CHECK_INT(count(st, "SELECT count(*) FROM taxii_object WHERE incident_id IS NULL"), 3);

  /* Nothing changed: nothing re-added, even with the clock gone back. */
  CHECK(jk_taxii_refresh(st, t0 - 5000000, &s, &err) == JK_OK);
  CHECK_INT(s.added, 0);
  CHECK_INT(s.objects, 8);

  /* A correction changes one incident's STIX: its objects (incident and
     its two reports) come back later; the rest keep their dates. */
  long long before = count(st, "SELECT added FROM taxii_object WHERE type='report' ORDER BY added DESC LIMIT 1");
  CHECK(jk_store_set(st, "2031-201", "affected", "140", "t", "test", &err) == JK_OK);
  long long t1 = t0 + 60LL * 1000000;
  CHECK(jk_taxii_refresh(st, t1, &s, &err) == JK_OK);
  CHECK_INT(s.added, 3);
  CHECK_INT(count(st, "SELECT count(*) FROM taxii_object WHERE added >= 1900000060000000"), 3);
  CHECK_INT(count(st, "SELECT count(*) FROM taxii_object WHERE added >= 1900000060000000 AND type='identity'"), 0);
  CHECK(count(st, "SELECT added FROM taxii_incident i JOIN incidents n ON n.id=i.incident_id WHERE n.label='2031-201'") ==
        t1);
  CHECK(before < t1);
  /* A clock behind the last date still gives later dates. */
  CHECK(jk_store_set(st, "2031-201", "affected", "150", "t", "test", &err) == JK_OK);
  CHECK(jk_taxii_refresh(st, t0, &s, &err) == JK_OK);
  CHECK_INT(s.added, 3);
  CHECK_INT(count(st, "SELECT min(added) FROM taxii_object WHERE incident_id IS NOT NULL AND added > 1900000060000002"),
            t1 + 3);
  CHECK_INT(count(st, "SELECT count(DISTINCT added) FROM taxii_object"), 8);

  /* The collection holds what the STIX export holds, object for object. */
  jk_buf bundle;
  jk_buf_init(&bundle);
  jk_stix_writer *w;
  CHECK(jk_stix_begin(&bundle, &w) == JK_OK);
  sctx sc = {w, &bundle};
  CHECK(jk_store_each_incident(st, NULL, on_stix, &sc, &err) == JK_OK);
  CHECK(jk_stix_end(w, &bundle) == JK_OK);
  cJSON *bj = cJSON_Parse(bundle.p);
  const cJSON *o;
  int n = 0;
  cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(bj, "objects")) {
    const char *id = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
    char *want = cJSON_PrintUnformatted(o);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(jk_store_sqlite(st), "SELECT json FROM taxii_object WHERE stix_id = ?1", -1, &q, NULL);
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int row = sqlite3_step(q) == SQLITE_ROW;
    CHECK(row);
    if (row) {
      cJSON *got = cJSON_Parse((const char *)sqlite3_column_text(q, 0));
      char *gs = cJSON_PrintUnformatted(got);
      CHECK_STR(gs, want);
      cJSON_free(gs);
      cJSON_Delete(got);
    }
    sqlite3_finalize(q);
    cJSON_free(want);
    n++;
  }
  CHECK_INT(n, 8);
  cJSON_Delete(bj);
  jk_buf_free(&bundle);
  jk_store_close(st);
}

TEST(pages_limit_next_added_after_match) {
  jk_store *st = casebook("b.db");
  if (!st) return;
  jk_err err = {0, ""};
  CHECK(jk_taxii_refresh(st, 1900000000LL * 1000000, NULL, &err) == JK_OK);
  jk_taxii_page pg;
  jk_rc rc;
  /* Page by next, 3 at a time: 3 + 3 + 2, no repeats. */
  char next[32] = "";
  cJSON *seen = cJSON_CreateObject();
  int pages = 0, total = 0;
  do {
    const char *kv[] = {"limit", "3", "next", next};
    cJSON *j = page(st, JK_TAXII_ENVELOPE, NULL, kv, *next ? 2 : 1, &pg, &rc);
    CHECK(rc == JK_OK);
    if (!j) break;
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(j, "objects")) {
      const char *id = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
      CHECK(!cJSON_GetObjectItemCaseSensitive(seen, id));
      cJSON_AddTrueToObject(seen, id);
      total++;
    }
    const cJSON *more = cJSON_GetObjectItemCaseSensitive(j, "more");
    const cJSON *nx = cJSON_GetObjectItemCaseSensitive(j, "next");
    CHECK(cJSON_IsBool(more));
    CHECK(cJSON_IsTrue(more) == (nx != NULL));
    CHECK_INT(pg.more, cJSON_IsTrue(more));
    snprintf(next, sizeof next, "%s", nx ? nx->valuestring : "");
    cJSON_Delete(j);
    pages++;
  } while (*next && pages < 10);
  CHECK_INT(pages, 3);
  CHECK_INT(total, 8);
  cJSON_Delete(seen);

  /* added_after the last date of a page = next page. */
  const char *kv1[] = {"limit", "5"};
  cJSON *j = page(st, JK_TAXII_MANIFEST, NULL, kv1, 1, &pg, &rc);
  CHECK_INT(pg.count, 5);
  CHECK(pg.first_us < pg.last_us);
  char last[32];
  jk_taxii_ts_format(pg.last_us, last);
  const cJSON *recs = cJSON_GetObjectItemCaseSensitive(j, "objects");
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(recs, 4), "date_added")->valuestring, last);
  CHECK(cJSON_GetObjectItemCaseSensitive(j, "next") == NULL); /* the manifest has no next (5.3.1) */
  cJSON_Delete(j);
  const char *kv2[] = {"added_after", last};
  j = page(st, JK_TAXII_MANIFEST, NULL, kv2, 1, &pg, &rc);
  CHECK_INT(pg.count, 3);
  CHECK(!pg.more);
  cJSON_Delete(j);

  /* match[type], match[id], match[version], match[spec_version] */
  const char *kv3[] = {"match[type]", "report"};
  j = page(st, JK_TAXII_ENVELOPE, NULL, kv3, 1, &pg, &rc);
  CHECK_INT(arr_size(j, "objects"), 3);
  const char *rid = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "objects"), 1), "id")->valuestring;
  char id[128];
  snprintf(id, sizeof id, "%s", rid);
  cJSON_Delete(j);
  const char *kv4[] = {"match[id]", id, "match[type]", "report,incident"};
  j = page(st, JK_TAXII_ENVELOPE, NULL, kv4, 2, &pg, &rc);
  CHECK_INT(arr_size(j, "objects"), 1);
  cJSON_Delete(j);
  const char *kv5[] = {"match[type]", "malware"};
  j = page(st, JK_TAXII_ENVELOPE, NULL, kv5, 1, &pg, &rc);
  CHECK(rc == JK_OK);
  CHECK_INT(arr_size(j, "objects"), 0);
  CHECK_INT(pg.count, 0);
  CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(j, "more")));
  cJSON_Delete(j);
  const char *kv6[] = {"match[version]", "2031-04-20T00:00:00.000Z", "match[type]", "report"};
  j = page(st, JK_TAXII_ENVELOPE, NULL, kv6, 2, &pg, &rc);
  CHECK_INT(arr_size(j, "objects"), 1);
  cJSON_Delete(j);
  const char *kv7[] = {"match[spec_version]", "2.0"};
  j = page(st, JK_TAXII_ENVELOPE, NULL, kv7, 1, &pg, &rc);
  CHECK_INT(pg.count, 0);
  cJSON_Delete(j);

  /* One object; versions; one that is not there. */
  j = page(st, JK_TAXII_ENVELOPE, id, NULL, 0, &pg, &rc);
  CHECK(rc == JK_OK);
  CHECK_INT(arr_size(j, "objects"), 1);
  cJSON_Delete(j);
  j = page(st, JK_TAXII_VERSIONS, id, NULL, 0, &pg, &rc);
  CHECK_INT(arr_size(j, "versions"), 1);
  cJSON_Delete(j);
  j = page(st, JK_TAXII_ENVELOPE, "report--00000000-0000-4000-8000-000000000000", NULL, 0, &pg, &rc);
  CHECK(rc == JK_ENOTFOUND);
  CHECK(j == NULL);
  jk_store_close(st);
}

TEST(fixed_resources) {
  jk_buf b;
  jk_buf_init(&b);
  jk_taxii_discovery_json("http://127.0.0.1:8080", &b);
  cJSON *j = cJSON_Parse(b.p);
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(j, "default")->valuestring, "http://127.0.0.1:8080" JK_TAXII_ROOT);
  cJSON_Delete(j);
  jk_buf_reset(&b);
  jk_taxii_error_json(404, "not \"found\"", "<script>", &b);
  j = cJSON_Parse(b.p);
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(j, "title")->valuestring, "not \"found\"");
  CHECK_STR(cJSON_GetObjectItemCaseSensitive(j, "http_status")->valuestring, "404");
  cJSON_Delete(j);
  CHECK(jk_taxii_collection_is("casebook"));
  CHECK(jk_taxii_collection_is(jk_taxii_collection_id()));
  CHECK(!jk_taxii_collection_is("Casebook"));
  CHECK(!jk_taxii_collection_is(""));
  CHECK_INT(strlen(jk_taxii_collection_id()), 36);
  jk_buf_free(&b);
}

/* ---- the MISP feed -------------------------------------------------------------- */

typedef struct feed_ctx {
  jk_misp_feed *f;
  jk_buf ev;
  int n;
  char uuids[4][37];
} feed_ctx;

static int on_feed(void *vp, const jk_incident *inc) {
  feed_ctx *c = vp;
  char u[37];
  CHECK(jk_misp_feed_add(c->f, inc, &c->ev, u) == JK_OK);
  /* The event file is the MISP export's event and a newline. */
  jk_buf want;
  jk_buf_init(&want);
  CHECK(jk_misp_event(inc, &want) == JK_OK);
  jk_buf_putc(&want, '\n');
  CHECK(want.len == c->ev.len && memcmp(want.p, c->ev.p, want.len) == 0);
  jk_buf_free(&want);
  if (c->n < 4) memcpy(c->uuids[c->n], u, 37);
  c->n++;
  return 0;
}

TEST(misp_feed_manifest_and_hashes) {
  jk_store *st = casebook("c.db");
  if (!st) return;
  feed_ctx c;
  memset(&c, 0, sizeof c);
  jk_buf_init(&c.ev);
  CHECK(jk_misp_feed_new(&c.f) == JK_OK);
  jk_err err = {0, ""};
  CHECK(jk_store_each_incident(st, NULL, on_feed, &c, &err) == JK_OK);
  CHECK_INT(c.n, 2);
  CHECK_INT(jk_misp_feed_count(c.f), 2);
  jk_buf m, h;
  jk_buf_init(&m);
  jk_buf_init(&h);
  CHECK(jk_misp_feed_manifest(c.f, &m) == JK_OK);
  CHECK(jk_misp_feed_hashes(c.f, &h) == JK_OK);
  cJSON *mj = cJSON_Parse(m.p);
  CHECK_INT(cJSON_GetArraySize(mj), 2);
  for (int i = 0; i < 2; i++) {
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(mj, c.uuids[i]);
    CHECK(e != NULL);
    static const char *const keys[] = {"info", "date", "analysis", "threat_level_id", "timestamp", "Orgc", "Tag"};
    for (size_t k = 0; e && k < sizeof keys / sizeof keys[0]; k++)
      CHECK(cJSON_GetObjectItemCaseSensitive(e, keys[k]) != NULL);
  }
  cJSON_Delete(mj);
  /* hashes.csv: "md5,uuid" lines; the incident id's attribute among them. */
  char line[128];
  unsigned char md[16];
  unsigned int k = 0;
  EVP_Digest("2031-201", 8, md, &k, EVP_md5(), NULL);
  char hex[33];
  for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
  snprintf(line, sizeof line, "%s,%s\n", hex, c.uuids[0]);
  CHECK(h.p && strstr(h.p, line) != NULL);
  for (const char *p = h.p; p && *p;) {
    const char *nl = strchr(p, '\n');
    CHECK(nl && nl - p == 32 + 1 + 36);
    if (!nl) break;
    p = nl + 1;
  }
  jk_buf_free(&m);
  jk_buf_free(&h);
  jk_buf_free(&c.ev);
  jk_misp_feed_free(c.f);
  jk_store_close(st);
}


