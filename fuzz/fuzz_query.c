/*
** fuzz_query.c — libFuzzer target for the search language
** (jk_query_parse in lib/search.c) and the SQL it becomes
** (jk_store_search, jk_store_stats_json in lib/search.c, lib/stats.c).
**
** The input is what a user types into search (CLI or ?q= of the API):
** SQL and FTS5 metacharacters in words and in every filter value
** (' " ; -- * ( ) NEAR OR AND : ^ { } %), unclosed quotes, huge numbers.
** Promises checked: parsing succeeds or says JK_EINVAL with a message;
** a parsed query has values in range and strings inside the buffer; and
** running it on a small in-memory casebook never gives a database error
** (nothing typed reaches SQL or FTS5 syntax), never more hits than the
** limit, and stats come back as JSON.
**
** fuzz-needs: lib/search.c lib/store.c lib/stats.c
** fuzz-seeds: own
** fuzz-dict: query ja
** fuzz-max-len: 1024
*/
#include "fuzz.h"
#include "../lib/store.h"

#include <cjson/cJSON.h>

/* Three invented notices, so that searches have something to find. */
static const char query_notices[] =
    "【セキュリティ事件簿#2031-001】株式会社ほしぞら商事 メール誤送信で顧客12名のメールアドレスが流出\n"
    "2031年4月1日\n"
    "当社従業員がBCCとすべきところをTOで送信し、顧客12名のメールアドレスが他の受信者に表示されました。\n"
    "個人情報保護委員会に報告しております。\n"
    "\n"
    "【セキュリティ事件簿#2031-002】みなと市 委託先へのランサムウェア攻撃で住民約3万人分の情報が漏えいのおそれ\n"
    "2031年5月2日\n"
    "業務委託先のサーバーがランサムウェアに感染し、住民の氏名、住所、電話番号が暗号化されました。警察に相談しています。\n"
    "\n"
    "【セキュリティ事件簿#2031-003】株式会社こもれび堂 ECサイトへの不正アクセスでクレジットカード情報1,024件が漏えい\n"
    "2031年6月3日\n"
    "決済画面が改ざんされ、カード番号、有効期限、セキュリティコードが窃取されました。\n";

static jk_store *query_store;

static int query_on_seg(void *vp, const jk_segment *seg) {
  long long *doc = vp;
  jk_add_result res;
  jk_err err;
  FZ_CHECK(jk_store_add_segment(query_store, *doc, seg, NULL, NULL, &res, &err) == JK_OK);
  return 0;
}

static jk_store *query_open(void) {
  if (query_store) return query_store;
  jk_err err;
  if (jk_store_open(":memory:", JK_STORE_CREATE, &query_store, &err) != JK_OK) {
    fprintf(stderr, "fuzz_query: cannot open an in-memory store: %s\n", err.msg);
    abort();
  }
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = "fuzz-notices.txt";
  info.kind = "text";
  char sha[65];
  jk_sha256_hex(query_notices, sizeof query_notices - 1, sha);
  long long doc = 0;
  int seen = 0;
  FZ_CHECK(jk_store_begin(query_store, &err) == JK_OK);
  FZ_CHECK(jk_store_add_document(query_store, &info, sha, &doc, &seen, &err) == JK_OK);
  FZ_CHECK(jk_split_buffer(query_notices, sizeof query_notices - 1, query_on_seg, &doc, NULL) == JK_OK);
  FZ_CHECK(jk_store_commit(query_store, &err) == JK_OK);
  return query_store;
}

typedef struct query_hits {
  long long n;
} query_hits;

static int query_on_hit(void *vp, const jk_hit *h) {
  query_hits *c = vp;
  c->n++;
  FZ_CHECK(h->incident != NULL);
  FZ_CHECK(h->category >= 0 && h->category < JK_CAT_COUNT);
  FZ_CHECK(h->affected >= -1);
  if (h->snippet) FZ_CHECK(fz_valid_utf8(h->snippet, strlen(h->snippet)));
  return 0;
}

static int query_inside(const char *s, const char *buf, size_t cap) {
  return s == NULL || (s >= buf && s < buf + cap);
}

int fuzz_query(const uint8_t *data, size_t size) {
  jk_store *st = query_open();
  char *buf = malloc(size + 1);
  if (!buf) return 0;
  memcpy(buf, data, size);
  buf[size] = 0;
  size_t cap = strlen(buf) + 1;
  jk_query q;
  jk_query_init(&q);
  jk_err err = {JK_OK, ""};
  jk_rc rc = jk_query_parse(buf, &q, &err);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL || rc == JK_ENOMEM);
  if (rc != JK_OK) {
    FZ_CHECK(err.msg[0] != 0);
    free(buf);
    return 0;
  }
  FZ_CHECK(q.category >= -1 && q.category < JK_CAT_COUNT);
  FZ_CHECK((q.data_types >> JK_DT_COUNT) == 0 && (q.reported_to >> JK_AUTH_COUNT) == 0);
  FZ_CHECK(q.card >= -1 && q.card <= 1 && q.vendor >= -1 && q.vendor <= 1);
  FZ_CHECK(q.limit >= 1 && q.limit <= 1000 && q.offset >= 0);
  FZ_CHECK(query_inside(q.text, buf, cap) && query_inside(q.org, buf, cap) &&
           query_inside(q.product, buf, cap) && query_inside(q.incident, buf, cap));

  query_hits hits = {0};
  long long total = -1;
  err.msg[0] = 0;
  rc = jk_store_search(st, &q, query_on_hit, &hits, &total, &err);
  if (rc != JK_OK && rc != JK_EINVAL) fprintf(stderr, "search: %s: %s\n", jk_rc_name(rc), err.msg);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL);
  if (rc == JK_OK) {
    FZ_CHECK(hits.n <= q.limit);
    FZ_CHECK(total >= hits.n || q.offset > 0);
  }
  jk_buf out;
  jk_buf_init(&out);
  rc = jk_store_stats_json(st, "category", &q, &out, &err);
  if (rc != JK_OK && rc != JK_EINVAL) fprintf(stderr, "stats: %s: %s\n", jk_rc_name(rc), err.msg);
  FZ_CHECK(rc == JK_OK || rc == JK_EINVAL);
  if (rc == JK_OK) {
    cJSON *j = cJSON_ParseWithLength(out.p, out.len);
    FZ_CHECK(j != NULL);
    cJSON_Delete(j);
  }
  jk_buf_free(&out);
  free(buf);
  return 0;
}

#ifndef JK_FUZZ_NO_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_query(data, size); }
#endif
