/*
** test_netguard.c — internal addresses kept out of requests made for a
** remote user (netguard.c): the address table, the policy's text, and
** jk_fetch and webhook delivery against tiny HTTP servers on loopback
** (127.0.0.1 and 127.0.0.2), counting the connections they accept, so a
** refusal is shown to happen before any byte is sent.
*/
#include "harness.h"
#include "alerts.h"
#include "ingest.h"
#include "web.h"

#include <arpa/inet.h>
#include <sqlite3.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the address table ----------------------------------------------- */

static const char *kind_of(const char *text) {
  static char out[64];
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) a4->sin_family = AF_INET;
  else if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) a6->sin6_family = AF_INET6;
  else return "BAD TEST ADDRESS";
  const char *k = jk_addr_internal((struct sockaddr *)&ss, out, sizeof out);
  return k ? k : "public";
}

TEST(internal_addresses_by_kind) {
  static const struct {
    const char *addr, *kind; /* a prefix of the kind, or "public" */
  } cases[] = {
      {"127.0.0.1", "loopback"},       {"127.255.255.254", "loopback"}, {"::1", "loopback"},
      {"10.0.0.1", "private"},         {"172.16.0.1", "private"},       {"172.31.255.255", "private"},
      {"192.168.1.1", "private"},      {"fc00::1", "private"},          {"fd12:3456::1", "private"},
      {"169.254.169.254", "link-local"}, {"fe80::1", "link-local"},     {"0.0.0.0", "unspecified"},
      {"::", "unspecified"},           {"224.0.0.1", "multicast"},      {"239.255.255.250", "multicast"},
      {"ff02::1", "multicast"},        {"255.255.255.255", "reserved"}, {"100.64.0.1", "shared"},
      {"::ffff:127.0.0.1", "loopback"}, {"::ffff:10.1.2.3", "private"}, {"64:ff9b::a9fe:a9fe", "link-local"},
      {"::7f00:1", "IPv4-compatible"}, {"fec0::1", "site-local"},
      /* the neighbours of each range are public */
      {"8.8.8.8", "public"},           {"172.15.255.255", "public"},    {"172.32.0.0", "public"},
      {"192.169.0.1", "public"},       {"100.63.255.255", "public"},    {"100.128.0.0", "public"},
      {"11.0.0.0", "public"},          {"223.255.255.255", "public"},   {"2001:4860:4860::8888", "public"},
      {"fe00::1", "public"},           {"::ffff:8.8.8.8", "public"},    {"2606:4700::1111", "public"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *k = kind_of(cases[i].addr);
    int ok = strncmp(k, cases[i].kind, strlen(cases[i].kind)) == 0;
    if (!ok) fprintf(stderr, "  %s: %s, expected %s\n", cases[i].addr, k, cases[i].kind);
    CHECK(ok);
  }
  struct sockaddr sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_family = AF_UNIX;
  CHECK_STR(jk_addr_internal(&sa, NULL, 0), "not an IP address");
}

static int allowed(const jk_net_policy *p, const char *text) {
  struct sockaddr_storage ss;
  memset(&ss, 0, sizeof ss);
  struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
  struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
  if (inet_pton(AF_INET, text, &a4->sin_addr) == 1) a4->sin_family = AF_INET;
  else if (inet_pton(AF_INET6, text, &a6->sin6_addr) == 1) a6->sin6_family = AF_INET6;
  return jk_net_allowed(p, (struct sockaddr *)&ss, NULL, NULL, 0);
}

TEST(policy_text) {
  jk_net_policy p;
  jk_err err = {0, ""};
  const char *none[] = {NULL, "", "0", "no", "FALSE", " off "};
  for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
    CHECK_INT(jk_net_policy_parse(none[i], &p, &err), JK_OK);
    CHECK_INT(p.allow_all, 0);
    CHECK_INT(p.n, 0);
    CHECK(!allowed(&p, "127.0.0.1"));
    CHECK(allowed(&p, "8.8.8.8"));
  }
  const char *all[] = {"1", "yes", "True", "on", "all"};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    CHECK_INT(jk_net_policy_parse(all[i], &p, &err), JK_OK);
    CHECK_INT(p.allow_all, 1);
    CHECK(allowed(&p, "169.254.169.254"));
  }
  CHECK_INT(jk_net_policy_parse("127.0.0.1, 10.0.0.0/8,fd00::/8,::ffff:192.168.5.0/120", &p, &err), JK_OK);
  CHECK_INT(p.n, 4);
  CHECK(allowed(&p, "127.0.0.1"));
  CHECK(!allowed(&p, "127.0.0.2"));
  CHECK(allowed(&p, "10.200.3.4"));
  CHECK(allowed(&p, "::ffff:10.9.9.9")); /* a mapped address is judged as IPv4 */
  CHECK(allowed(&p, "fd00::5"));
  CHECK(!allowed(&p, "fc00::5"));
  CHECK(allowed(&p, "192.168.5.77"));
  CHECK(!allowed(&p, "192.168.6.1"));
  CHECK(!allowed(&p, "169.254.169.254"));
  CHECK(allowed(&p, "1.1.1.1"));
  const char *bad[] = {"10.0.0.0/33", "x", "10.0.0.1/", "::1/129", "127.0.0.1,,10.0.0.1", "10.0.0.0/-1",
                       "1.2.3.4.5", "<script>"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err.msg[0] = 0;
    CHECK_INT(jk_net_policy_parse(bad[i], &p, &err), JK_EINVAL);
    CHECK(strstr(err.msg, "JIKENBO_ALLOW_INTERNAL_URLS") != NULL);
    CHECK_INT(p.n + p.allow_all, 0); /* a bad value refuses, never allows */
  }
  char many[600] = "";
  for (int i = 0; i <= JK_NET_ALLOW_MAX; i++) snprintf(many + strlen(many), sizeof many - strlen(many), "10.0.0.%d,", i);
  many[strlen(many) - 1] = 0;
  CHECK_INT(jk_net_policy_parse(many, &p, &err), JK_EINVAL);
}

/* ---- a tiny HTTP server ------------------------------------------------ */

typedef struct server {
  int fd, port;
  atomic_int accepted;
  char answer[512];
  pthread_t th;
} server;

static void *serve_loop(void *vp) {
  server *s = vp;
  for (;;) {
    int c = accept(s->fd, NULL, NULL);
    if (c < 0) break;
    atomic_fetch_add(&s->accepted, 1);
    char buf[4096];
    ssize_t got = 0, n;
    /* read the head (and a small body) */
    while (got < (ssize_t)sizeof buf - 1 && (n = read(c, buf + got, sizeof buf - 1 - (size_t)got)) > 0) {
      got += n;
      buf[got] = 0;
      char *end = strstr(buf, "\r\n\r\n");
      if (end) {
        char *cl = strcasestr(buf, "content-length:");
        long want = cl ? atol(cl + 15) : 0;
        if (got - (end + 4 - buf) >= want) break;
      }
    }
    if (write(c, s->answer, strlen(s->answer)) < 0) {
    }
    close(c);
  }
  return NULL;
}

static int server_start(server *s, const char *ip, const char *answer) {
  memset(s, 0, sizeof *s);
  snprintf(s->answer, sizeof s->answer, "%s", answer);
  s->fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  inet_pton(AF_INET, ip, &a.sin_addr);
  int one = 1;
  setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(s->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(s->fd, 16) != 0) return -1;
  socklen_t l = sizeof a;
  getsockname(s->fd, (struct sockaddr *)&a, &l);
  s->port = ntohs(a.sin_port);
  return pthread_create(&s->th, NULL, serve_loop, s);
}

static void server_stop(server *s) {
  shutdown(s->fd, SHUT_RDWR);
  close(s->fd);
  pthread_join(s->th, NULL);
}

static const char ok_answer[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

static jk_rc fetch(const jk_net_policy *p, const char *url, jk_fetch_result *res, jk_err *err) {
  jk_fetch_opts o;
  jk_fetch_opts_init(&o);
  o.host_spacing_ms = 0;
  o.connect_timeout_ms = 3000;
  o.timeout_ms = 5000;
  if (p) o.net = *p;
  jk_fetcher *f = jk_fetcher_new(&o);
  jk_rc rc = jk_fetch(f, url, NULL, res, err);
  jk_fetcher_free(f);
  return rc;
}

TEST(fetch_refuses_loopback_by_default) {
  server s;
  CHECK_INT(server_start(&s, "127.0.0.1", ok_answer), 0);
  char url[128];
  jk_fetch_result res;
  jk_err err = {0, ""};
  /* the default options: a remote user's request */
  snprintf(url, sizeof url, "http://127.0.0.1:%d/page", s.port);
  CHECK_INT(fetch(NULL, url, &res, &err), JK_EDENIED);
  CHECK(strstr(err.msg, url) != NULL);
  CHECK(strstr(err.msg, "loopback") != NULL);
  CHECK(strstr(err.msg, "JIKENBO_ALLOW_INTERNAL_URLS") != NULL);
  jk_fetch_result_free(&res);
  /* a name that resolves there: every address is checked */
  snprintf(url, sizeof url, "http://localhost:%d/page", s.port);
  CHECK_INT(fetch(NULL, url, &res, &err), JK_EDENIED);
  CHECK(strstr(err.msg, "localhost resolves to") != NULL);
  jk_fetch_result_free(&res);
  /* other spellings of loopback */
  const char *spell[] = {"http://[::1]",   "http://[::ffff:127.0.0.1]", "http://2130706433",
                         "http://0x7f.1", "http://0",                 "HTTP://127.1"};
  for (size_t i = 0; i < sizeof spell / sizeof spell[0]; i++) {
    snprintf(url, sizeof url, "%s:%d/x", spell[i], s.port);
    jk_rc rc = fetch(NULL, url, &res, &err);
    if (rc != JK_EDENIED) fprintf(stderr, "  %s: rc %d %s\n", url, rc, err.msg);
    CHECK_INT(rc, JK_EDENIED);
    jk_fetch_result_free(&res);
  }
  CHECK_INT(atomic_load(&s.accepted), 0); /* no connection was made */

  /* the operator allows all, or this address */
  jk_net_policy p;
  CHECK_INT(jk_net_policy_parse("1", &p, &err), JK_OK);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/page", s.port);
  CHECK_INT(fetch(&p, url, &res, &err), JK_OK);
  CHECK(res.body && strcmp(res.body, "ok") == 0);
  jk_fetch_result_free(&res);
  CHECK_INT(jk_net_policy_parse("127.0.0.1,::1", &p, &err), JK_OK);
  snprintf(url, sizeof url, "http://localhost:%d/page", s.port); /* pinned to 127.0.0.1 and [::1] */
  jk_rc rc = fetch(&p, url, &res, &err);
  if (rc) fprintf(stderr, "  %s\n", err.msg);
  CHECK_INT(rc, JK_OK);
  jk_fetch_result_free(&res);
  CHECK_INT(jk_net_policy_parse("127.0.0.2", &p, &err), JK_OK);
  snprintf(url, sizeof url, "http://127.0.0.1:%d/page", s.port);
  CHECK_INT(fetch(&p, url, &res, &err), JK_EDENIED);
  jk_fetch_result_free(&res);
  CHECK_INT(atomic_load(&s.accepted), 2);
  server_stop(&s);
}

/* The address curl connects to is checked at the connection: here a
   redirect from an allowed address to one that is not (DNS rebinding
   reaches the same check, a name resolving elsewhere than it did). */
TEST(fetch_refuses_a_redirect_inward) {
  server inner, outer;
  CHECK_INT(server_start(&inner, "127.0.0.1", ok_answer), 0);
  char answer[300];
  snprintf(answer, sizeof answer,
           "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:%d/secret\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
           inner.port);
  CHECK_INT(server_start(&outer, "127.0.0.2", answer), 0);
  jk_net_policy p;
  jk_err err = {0, ""};
  CHECK_INT(jk_net_policy_parse("127.0.0.2", &p, &err), JK_OK);
  char url[128];
  snprintf(url, sizeof url, "http://127.0.0.2:%d/start", outer.port);
  jk_fetch_result res;
  jk_rc rc = fetch(&p, url, &res, &err);
  CHECK_INT(rc, JK_EDENIED);
  CHECK(strstr(err.msg, "redirected to http://127.0.0.1:") != NULL);
  CHECK(strstr(err.msg, "loopback") != NULL);
  jk_fetch_result_free(&res);
  CHECK_INT(atomic_load(&outer.accepted), 1);
  CHECK_INT(atomic_load(&inner.accepted), 0);
  /* allowed both ways, the redirect is followed */
  CHECK_INT(jk_net_policy_parse("127.0.0.0/8", &p, &err), JK_OK);
  CHECK_INT(fetch(&p, url, &res, &err), JK_OK);
  CHECK(res.body && strcmp(res.body, "ok") == 0 && res.redirects == 1);
  jk_fetch_result_free(&res);
  CHECK_INT(atomic_load(&inner.accepted), 1);
  server_stop(&outer);
  server_stop(&inner);
}

/* ---- webhooks ----------------------------------------------------------- */

static char tmpdir[256];
__attribute__((destructor)) static void cleanup(void) {
  if (tmpdir[0]) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd)) {
    }
  }
}

static void tmp_path(char *path, size_t n, const char *name) {
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/jk-test-netguard-XXXXXX");
    if (!mkdtemp(tmpdir)) abort();
  }
  snprintf(path, n, "%s/%s", tmpdir, name);
}

static const char notice[] =
    "【セキュリティ事件簿#2099-802】株式会社架空網守 メール誤送信に関するお詫び 2099年05月02日\n\n"
    "当社の担当者がお客様へのご案内を送る際、お客様12名のメールアドレスが他のお客様に表示されました。\n";

static void quiet(void *ctx, const char *line) {}

TEST(webhook_refuses_internal_addresses) {
  server s;
  CHECK_INT(server_start(&s, "127.0.0.1", "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), 0);
  char path[512];
  tmp_path(path, sizeof path, "h.db");
  jk_store *st = NULL;
  jk_err err = {0, ""};
  CHECK_INT(jk_store_open(path, JK_STORE_CREATE, &st, &err), JK_OK);
  char hook[128], secret[201];
  snprintf(hook, sizeof hook, "http://127.0.0.1:%d/hook", s.port);
  jk_search_def d = {"rob", "架空網守", "架空網守 category:misdelivery", hook, NULL};
  long long id;
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_OK);
  jk_ingest in;
  memset(&in, 0, sizeof in);
  in.st = st;
  in.msg = quiet;
  jk_ingest_origin o = {"n.txt", NULL, NULL, NULL, NULL, NULL};
  CHECK_INT(jk_ingest_bytes(&in, &o, notice, strlen(notice), -1, NULL, &err), JK_OK);
  CHECK_INT(in.stats.alerts, 1);
  jk_ingest_free(&in);

  jk_deliver_opts opt;
  jk_deliver_opts_init(&opt); /* the default: no internal address */
  opt.backoff_s = 10;
  opt.timeout_ms = 3000;
  jk_deliver_stats ds = {0, 0, 0};
  double now = 2e9;
  CHECK_INT(jk_alerts_deliver(st, now, &opt, &ds, &err), JK_OK);
  CHECK_INT(ds.retried, 1);
  CHECK_INT(ds.sent, 0);
  CHECK_INT(atomic_load(&s.accepted), 0);
  jk_buf b;
  jk_buf_init(&b);
  sqlite3_stmt *q;
  CHECK_INT(sqlite3_prepare_v2(jk_store_sqlite(st), "SELECT hook_error FROM alerts", -1, &q, NULL), SQLITE_OK);
  CHECK_INT(sqlite3_step(q), SQLITE_ROW);
  const char *why = (const char *)sqlite3_column_text(q, 0);
  CHECK(why && strstr(why, hook) && strstr(why, "loopback") && strstr(why, "JIKENBO_ALLOW_INTERNAL_URLS"));
  sqlite3_finalize(q);
  jk_buf_free(&b);

  /* the operator allows it: the next attempt is delivered */
  CHECK_INT(jk_net_policy_parse("127.0.0.1", &opt.net, &err), JK_OK);
  ds.retried = 0;
  CHECK_INT(jk_alerts_deliver(st, now + 11, &opt, &ds, &err), JK_OK);
  CHECK_INT(ds.sent, 1);
  CHECK_INT(atomic_load(&s.accepted), 1);
  jk_store_close(st);
  server_stop(&s);
}

/* A webhook that answers with a redirect is a failed attempt: the signed
   body is never sent on, to an internal address or any other. */
TEST(webhook_does_not_follow_redirects) {
  server inner, outer;
  CHECK_INT(server_start(&inner, "127.0.0.1", "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), 0);
  char answer[300];
  snprintf(answer, sizeof answer,
           "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:%d/in\r\nContent-Length: 0\r\n"
           "Connection: close\r\n\r\n",
           inner.port);
  CHECK_INT(server_start(&outer, "127.0.0.2", answer), 0);
  char path[512];
  tmp_path(path, sizeof path, "r.db");
  jk_store *st = NULL;
  jk_err err = {0, ""};
  CHECK_INT(jk_store_open(path, JK_STORE_CREATE, &st, &err), JK_OK);
  char hook[128], secret[201];
  snprintf(hook, sizeof hook, "http://127.0.0.2:%d/hook", outer.port);
  jk_search_def d = {"rob", "架空網守", "架空網守 category:misdelivery", hook, NULL};
  long long id;
  CHECK_INT(jk_search_save(st, &d, &id, secret, &err), JK_OK);
  jk_ingest in;
  memset(&in, 0, sizeof in);
  in.st = st;
  in.msg = quiet;
  jk_ingest_origin o = {"n.txt", NULL, NULL, NULL, NULL, NULL};
  CHECK_INT(jk_ingest_bytes(&in, &o, notice, strlen(notice), -1, NULL, &err), JK_OK);
  jk_ingest_free(&in);
  jk_deliver_opts opt;
  jk_deliver_opts_init(&opt);
  CHECK_INT(jk_net_policy_parse("127.0.0.2", &opt.net, &err), JK_OK);
  opt.timeout_ms = 3000;
  jk_deliver_stats ds = {0, 0, 0};
  CHECK_INT(jk_alerts_deliver(st, 2e9, &opt, &ds, &err), JK_OK);
  CHECK_INT(ds.retried, 1);
  CHECK_INT(atomic_load(&outer.accepted), 1);
  CHECK_INT(atomic_load(&inner.accepted), 0);
  jk_store_close(st);
  server_stop(&outer);
  server_stop(&inner);
}
