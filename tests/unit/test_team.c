/*
** test_team.c — analysts at work in the library (issue 13): the ingest
** pipeline (ingest.c), users and tokens (users.c), saved searches,
** alerts and webhook state (alerts.c), the review queue (review.c).
** Notices are fictional.
*/
#include "harness.h"
#include "alerts.h"
#include "ingest.h"
#include "review.h"
#include "store_int.h"
#include "users.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static jk_store *fresh(const char *name) {
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jk-test-team-XXXXXX");
    if (!mkdtemp(tmpdir)) abort();
  }
  char p[512];
  snprintf(p, sizeof p, "%s/%s", tmpdir, name);
  unlink(p);
  jk_store *st = NULL;
  jk_err err = {0, ""};
  if (jk_store_open(p, JK_STORE_CREATE, &st, &err)) fprintf(stderr, "  open %s: %s\n", p, err.msg);
  return st;
}

__attribute__((destructor)) static void cleanup(void) {
  if (tmpdir[0]) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {
    }
  }
}

static const char notice[] =
    "【セキュリティ事件簿#2099-801】株式会社架空単体試験 メール誤送信に関するお詫び 2099年05月01日\n\n"
    "当社の担当者がお客様へのご案内を送る際、お客様23名のメールアドレスが他のお客様に表示されました。\n";

static int lines;
static void count_line(void *ctx, const char *line) { lines++; }

static jk_rc ingest(jk_store *st, const char *source, const char *bytes, size_t len, jk_ingest_stats *out) {
  jk_ingest in;
  memset(&in, 0, sizeof in);
  in.st = st;
  in.msg = count_line;
  jk_ingest_origin o = {source, NULL, NULL, NULL, NULL, NULL};
  jk_err err = {0, ""};
  jk_rc rc = jk_ingest_bytes(&in, &o, bytes, len, -1, NULL, &err);
  if (out) *out = in.stats;
  jk_ingest_free(&in);
  return rc;
}

TEST(pipeline_stores_once_and_refuses_binary) {
  jk_store *st = fresh("p.db");
  CHECK(st != NULL);
  jk_ingest_stats s;
  CHECK_INT(ingest(st, "a.txt", notice, strlen(notice), &s), JK_OK);
  CHECK_INT(s.notices, 1);
  CHECK_INT(ingest(st, "a.txt", notice, strlen(notice), &s), JK_OK);
  CHECK_INT(s.seen, 1);
  CHECK_INT(ingest(st, "b.txt", notice, strlen(notice), &s), JK_OK);
  CHECK_INT(s.duplicates, 1);
  const char bin[] = "abc\0\0\0\x01\x02";
  CHECK_INT(ingest(st, "c.bin", bin, sizeof bin, &s), JK_EUNSUP);
  CHECK_INT(s.failed_files, 1);
  const char bad[] = "\xff\xfe\xfd 紛失のお知らせ\n";
  CHECK_INT(ingest(st, "d.txt", bad, sizeof bad - 1, &s), JK_OK);
  const char html[] = "<html><body><main><p>お知らせ</p></main></body></html>";
  CHECK_INT(ingest(st, "e.html", html, sizeof html - 1, &s), JK_OK);
  jk_store_counts c;
  jk_err err = {0, ""};
  CHECK_INT(jk_store_counts_get(st, &c, &err), JK_OK);
  CHECK_INT(c.incidents, 1);
  jk_store_close(st);
}

TEST(users_tokens_hashed_and_compared) {
  jk_store *st = fresh("u.db");
  char tok[65], tok2[65], name[JK_USER_NAME_MAX + 1];
  jk_err err = {0, ""};
  CHECK_INT(jk_user_add(st, "alice", JK_ROLE_ANALYST, tok, &err), JK_OK);
  CHECK_INT((int)strlen(tok), 64);
  CHECK_INT(jk_user_add(st, "alice", JK_ROLE_ADMIN, tok2, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "already exists") != NULL);
  CHECK_INT(jk_user_add(st, "a b", JK_ROLE_READER, tok2, &err), JK_EINVAL);
  CHECK_INT(jk_user_add(st, "", JK_ROLE_READER, tok2, &err), JK_EINVAL);
  CHECK_INT(jk_user_add(st, "x\xff", JK_ROLE_READER, tok2, &err), JK_EINVAL);
  CHECK_INT(jk_user_add(st, "x", JK_ROLE_NONE, tok2, &err), JK_EINVAL);
  CHECK_INT(jk_user_add(st, "管理者", JK_ROLE_ADMIN, tok2, &err), JK_OK);
  jk_role r;
  CHECK_INT(jk_user_auth(st, tok, 64, &r, name, &err), JK_OK);
  CHECK_INT(r, JK_ROLE_ANALYST);
  CHECK_STR(name, "alice");
  CHECK_INT(jk_user_auth(st, tok, 63, &r, name, &err), JK_OK);
  CHECK_INT(r, JK_ROLE_NONE);
  CHECK_INT(jk_user_auth(st, "", 0, &r, name, &err), JK_OK);
  CHECK_INT(r, JK_ROLE_NONE);
  /* Only the hash is stored. */
  sqlite3_stmt *s;
  sqlite3_prepare_v2(st->db, "SELECT count(*) FROM users WHERE token_sha256 = ?1", -1, &s, NULL);
  sqlite3_bind_text(s, 1, tok, -1, SQLITE_STATIC);
  CHECK(sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0);
  sqlite3_finalize(s);
  CHECK_INT(jk_user_remove(st, "alice", &err), JK_OK);
  CHECK_INT(jk_user_remove(st, "alice", &err), JK_ENOTFOUND);
  CHECK_INT(jk_user_auth(st, tok, 64, &r, name, &err), JK_OK);
  CHECK_INT(r, JK_ROLE_NONE);
  CHECK_INT(jk_role_parse("admin"), JK_ROLE_ADMIN);
  CHECK_INT(jk_role_parse("root"), -1);
  jk_store_close(st);
}

TEST(saved_search_validation) {
  jk_store *st = fresh("s.db");
  jk_err err = {0, ""};
  long long id;
  char secret[201];
  jk_search_def d = {"rob", "n", "", NULL, NULL};
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_EINVAL);
  d.query = "category:nope";
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_EINVAL);
  CHECK(strstr(err.msg, "nope") != NULL);
  d.query = "架空";
  d.name = "a\x01";
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_EINVAL);
  d.name = "n";
  d.webhook = "ftp://x/";
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_EINVAL);
  d.webhook = "http://127.0.0.1:9/";
  d.secret = "short";
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_EINVAL);
  d.secret = NULL;
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_OK);
  CHECK_INT((int)strlen(secret), 64);
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_searches_json(st, "rob", &b, &err), JK_OK);
  CHECK(b.p && !strstr(b.p, secret));
  jk_buf_free(&b);
  CHECK_INT(jk_search_delete(st, id, "someone", &err), JK_ENOTFOUND);
  CHECK_INT(jk_search_delete(st, id, "rob", &err), JK_OK);
  jk_store_close(st);
}

TEST(alerts_once_and_webhook_retried) {
  jk_store *st = fresh("a.db");
  jk_err err = {0, ""};
  long long id;
  char secret[201];
  /* Port 9 on loopback: nothing listens, the POST fails at once. */
  jk_search_def d = {"rob", "架空", "架空単体試験 category:misdelivery", "http://127.0.0.1:9/hook", NULL};
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_OK);
  jk_search_def other = {"rob", "other", "category:ransomware", NULL, NULL};
  CHECK_INT(jk_search_save(st, &other, &id, secret, &err), JK_OK);
  jk_ingest_stats s;
  CHECK_INT(ingest(st, "a.txt", notice, strlen(notice), &s), JK_OK);
  CHECK_INT(s.alerts, 1);
  CHECK_INT(ingest(st, "b.txt", notice, strlen(notice), &s), JK_OK);
  CHECK_INT(s.alerts, 0); /* a duplicate touches no incident */
  long long again = 0;
  long long inc = jk_store_find_incident(st, "2099-801");
  CHECK_INT(jk_alerts_match(st, &inc, 1, &again, &err), JK_OK);
  CHECK_INT(again, 0); /* (search, incident) once */
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_alerts_json(st, "rob", 1, 10, &b, &err), JK_OK);
  CHECK(b.p && strstr(b.p, "\"unread\":1") && strstr(b.p, "2099-801") && strstr(b.p, "\"webhook\":\"pending\""));
  jk_buf_free(&b);
  jk_deliver_opts o;
  jk_deliver_opts_init(&o);
  o.backoff_s = 100;
  o.max_attempts = 2;
  o.timeout_ms = 2000;
  jk_deliver_stats ds = {0, 0, 0};
  double now = 2e9;
  CHECK_INT(jk_alerts_deliver(st, now, &o, &ds, &err), JK_OK);
  CHECK_INT(ds.retried, 1);
  CHECK_INT(ds.sent, 0);
  ds.retried = 0;
  CHECK_INT(jk_alerts_deliver(st, now + 50, &o, &ds, &err), JK_OK);
  CHECK_INT(ds.retried + ds.failed + ds.sent, 0); /* not due yet */
  CHECK_INT(jk_alerts_deliver(st, now + 101, &o, &ds, &err), JK_OK);
  CHECK_INT(ds.failed, 1); /* given up after 2 attempts */
  ds.failed = 0;
  CHECK_INT(jk_alerts_deliver(st, now + 1e6, &o, &ds, &err), JK_OK);
  CHECK_INT(ds.retried + ds.failed + ds.sent, 0);
  long long n = 0;
  CHECK_INT(jk_alerts_mark_read(st, "rob", &n, &err), JK_OK);
  CHECK_INT(n, 1);
  jk_store_close(st);
}

TEST(hmac_known_vector) {
  /* RFC 4231 test case 2. */
  char hex[65];
  jk_hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
  CHECK_STR(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(review_queue_order_and_mark) {
  jk_store *st = fresh("r.db");
  jk_err err = {0, ""};
  CHECK_INT(ingest(st, "a.txt", notice, strlen(notice), NULL), JK_OK);
  const char n2[] =
      "【セキュリティ事件簿#2099-802】株式会社架空第二試験 不正アクセスに関するお詫び 2099年05月02日\n\n"
      "当社サーバーが不正アクセスを受け、お客様40名の氏名が漏えいしました。\n";
  CHECK_INT(ingest(st, "b.txt", n2, sizeof n2 - 1, NULL), JK_OK);
  sqlite3_exec(st->db,
               "UPDATE notices SET record = jk_pack(json_set(jk_unpack(record), '$.confidence.org', 0.05)) WHERE incident_id ="
               " (SELECT id FROM incidents WHERE label = '2099-802')",
               NULL, NULL, NULL);
  jk_buf b;
  jk_buf_init(&b);
  CHECK_INT(jk_review_queue_json(st, 10, &b, &err), JK_OK);
  const char *a = b.p ? strstr(b.p, "2099-801") : NULL, *z = b.p ? strstr(b.p, "2099-802") : NULL;
  CHECK(a && z && z < a); /* the weaker one first */
  CHECK(b.p && strstr(b.p, "\"total\":2") && strstr(b.p, "{\"field\":\"org\",\"confidence\":0.05}"));
  jk_buf_free(&b);
  CHECK_INT(jk_review_queue_json(st, 0, &b, &err), JK_EINVAL);
  char label[32], at[32];
  CHECK_INT(jk_review_mark(st, "2099-802", "alice", "ok", label, at, &err), JK_OK);
  CHECK_STR(label, "2099-802");
  CHECK_INT(jk_review_mark(st, "2099-000", "alice", NULL, label, at, &err), JK_ENOTFOUND);
  jk_buf_init(&b);
  CHECK_INT(jk_review_queue_json(st, 10, &b, &err), JK_OK);
  CHECK(b.p && !strstr(b.p, "2099-802") && strstr(b.p, "\"total\":1"));
  jk_buf_free(&b);
  /* A corrected field no longer pulls an incident up. */
  CHECK_INT(jk_store_set(st, "2099-801", "org", "株式会社架空単体試験", "alice", NULL, &err), JK_OK);
  jk_store_close(st);
}
