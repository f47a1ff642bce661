/*
** alerts.c — saved searches, the alerts they raise and their webhook
** deliveries (alerts.h); tables saved_searches and alerts of schema 9.
**
** Matching runs each saved search restricted to one incident
** (jk_query.incident), so its meaning is exactly the search page's: the
** same words, filters and corrections in force.  It costs one search per
** saved search and touched incident, nothing when nobody saved one.
*/
#include "alerts.h"

#include "jk_int.h"
#include "store_int.h"
#include "web.h"

#include <curl/curl.h>
#include <math.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void jk_hmac_sha256_hex(const void *key, size_t key_len, const void *data, size_t len, char out[65]) {
  unsigned char md[32];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key, (int)key_len, data, len, md, &n);
  for (unsigned i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", i < n ? md[i] : 0);
}

/* UTF-8 without control characters, 1..max bytes. */
static int text_ok(const char *s, size_t max) {
  size_t n = s ? strlen(s) : 0;
  if (n == 0 || n > max || jk_utf8_valid_prefix(s, n) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) return 0;
  return 1;
}

static jk_rc step_done(jk_store *st, sqlite3_stmt *s, const char *what, jk_err *err) {
  int src = sqlite3_step(s);
  sqlite3_finalize(s);
  return src == SQLITE_DONE ? JK_OK : jk_store_dberr(st, src, what, err);
}

/* ---- saved searches ----------------------------------------------------------- */

jk_rc jk_search_save(jk_store *st, const jk_search_def *d, long long *id, char *secret_out, jk_err *err) {
  if (secret_out) secret_out[0] = 0;
  if (!text_ok(d->name, JK_SEARCH_NAME_MAX))
    return jk_err_set(err, JK_EINVAL, "name: write 1 to %d bytes of text without control characters",
                      JK_SEARCH_NAME_MAX);
  if (!text_ok(d->query, JK_SEARCH_QUERY_MAX))
    return jk_err_set(err, JK_EINVAL, "query: write 1 to %d bytes of search words and key:value filters",
                      JK_SEARCH_QUERY_MAX);
  char buf[JK_SEARCH_QUERY_MAX + 1];
  snprintf(buf, sizeof buf, "%s", d->query);
  jk_query q;
  jk_query_init(&q);
  jk_err qerr = {0, ""};
  if (jk_query_parse(buf, &q, &qerr) != JK_OK) return jk_err_set(err, JK_EINVAL, "query: %s", qerr.msg);
  char secret[201] = "";
  if (d->webhook && *d->webhook) {
    size_t n = strlen(d->webhook);
    if (n > JK_WEBHOOK_URL_MAX || !jk_url_is_http(d->webhook) || !text_ok(d->webhook, JK_WEBHOOK_URL_MAX) ||
        strchr(d->webhook, ' '))
      return jk_err_set(err, JK_EINVAL, "webhook: write an http:// or https:// URL of at most %d bytes",
                        JK_WEBHOOK_URL_MAX);
    if (d->secret && *d->secret) {
      if (!text_ok(d->secret, 200) || strlen(d->secret) < 16)
        return jk_err_set(err, JK_EINVAL, "secret: write 16 to 200 bytes (or leave it out: one is made)");
      snprintf(secret, sizeof secret, "%s", d->secret);
    } else {
      unsigned char raw[32];
      if (RAND_bytes(raw, sizeof raw) != 1) return jk_err_set(err, JK_EIO, "no random bytes for a webhook secret");
      for (int i = 0; i < 32; i++) snprintf(secret + 2 * i, 3, "%02x", raw[i]);
    }
  } else if (d->secret && *d->secret) {
    return jk_err_set(err, JK_EINVAL, "secret: only with a webhook");
  }
  char now[32];
  jk_utc_now(now, sizeof now);
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db,
                               "INSERT INTO saved_searches(owner, name, query, webhook, secret, created_at)"
                               " VALUES(?1,?2,?3,?4,?5,?6)",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "saving a search", err);
  sqlite3_bind_text(s, 1, d->owner ? d->owner : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, d->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, d->query, -1, SQLITE_TRANSIENT);
  if (*secret) {
    sqlite3_bind_text(s, 4, d->webhook, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 5, secret, -1, SQLITE_TRANSIENT);
  }
  sqlite3_bind_text(s, 6, now, -1, SQLITE_TRANSIENT);
  jk_rc rc = step_done(st, s, "saving a search", err);
  if (rc) return rc;
  if (id) *id = sqlite3_last_insert_rowid(st->db);
  if (secret_out) snprintf(secret_out, 201, "%s", secret);
  return JK_OK;
}

jk_rc jk_search_delete(jk_store *st, long long id, const char *owner, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT 1 FROM saved_searches WHERE id = ?1 AND (?2 IS NULL OR owner = ?2)",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "deleting a search", err);
  sqlite3_bind_int64(s, 1, id);
  if (owner) sqlite3_bind_text(s, 2, owner, -1, SQLITE_TRANSIENT);
  int found = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  if (!found) return jk_err_set(err, JK_ENOTFOUND, "no saved search %lld", id);
  src = sqlite3_exec(st->db,
                     "SAVEPOINT del_search", NULL, NULL, NULL);
  if (src) return jk_store_dberr(st, src, "deleting a search", err);
  char sql[160];
  snprintf(sql, sizeof sql, "DELETE FROM alerts WHERE search_id = %lld; DELETE FROM saved_searches WHERE id = %lld;",
           id, id);
  src = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  if (src) {
    jk_rc rc = jk_store_dberr(st, src, "deleting a search", err);
    sqlite3_exec(st->db, "ROLLBACK TO del_search; RELEASE del_search", NULL, NULL, NULL);
    return rc;
  }
  src = sqlite3_exec(st->db, "RELEASE del_search", NULL, NULL, NULL);
  return src ? jk_store_dberr(st, src, "deleting a search", err) : JK_OK;
}

static void col_str(jk_buf *b, sqlite3_stmt *s, int i) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  if (v) jk_json_str(b, v, strlen(v));
  else jk_buf_puts(b, "null");
}

jk_rc jk_searches_json(jk_store *st, const char *owner, jk_buf *out, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db,
                               "SELECT id, owner, name, query, webhook, created_at,"
                               " (SELECT count(*) FROM alerts a WHERE a.search_id = ss.id)"
                               " FROM saved_searches ss WHERE ?1 IS NULL OR owner = ?1 ORDER BY id",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "listing saved searches", err);
  if (owner) sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
  jk_buf_putc(out, '[');
  int k = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    jk_buf_printf(out, "%s{\"id\":%lld,\"owner\":", k++ ? "," : "", (long long)sqlite3_column_int64(s, 0));
    col_str(out, s, 1);
    jk_buf_puts(out, ",\"name\":");
    col_str(out, s, 2);
    jk_buf_puts(out, ",\"query\":");
    col_str(out, s, 3);
    jk_buf_puts(out, ",\"webhook\":");
    col_str(out, s, 4);
    jk_buf_puts(out, ",\"created_at\":");
    col_str(out, s, 5);
    jk_buf_printf(out, ",\"alerts\":%lld}", (long long)sqlite3_column_int64(s, 6));
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "listing saved searches", err);
  jk_buf_putc(out, ']');
  return out->oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}

/* ---- matching ------------------------------------------------------------------ */

static int count_hit(void *ctx, const jk_hit *h) { return 0; }

jk_rc jk_alerts_match(jk_store *st, const long long *ids, size_t n, long long *raised, jk_err *err) {
  if (raised) *raised = 0;
  if (!n) return JK_OK;
  sqlite3_stmt *ss;
  int src = sqlite3_prepare_v2(st->db, "SELECT id, query, webhook IS NOT NULL FROM saved_searches ORDER BY id", -1,
                               &ss, NULL);
  if (src) {
    /* A database of before schema 9 cannot have saved searches. */
    if (strstr(sqlite3_errmsg(st->db), "no such table")) return JK_OK;
    return jk_store_dberr(st, src, "reading saved searches", err);
  }
  sqlite3_stmt *lab = NULL, *ins = NULL;
  src = sqlite3_prepare_v2(st->db, "SELECT label FROM incidents WHERE id = ?1", -1, &lab, NULL);
  if (!src)
    src = sqlite3_prepare_v2(st->db,
                             "INSERT OR IGNORE INTO alerts(search_id, incident_id, created_at, hook_state, hook_next)"
                             " VALUES(?1, ?2, ?3, CASE WHEN ?4 THEN 'pending' END, CASE WHEN ?4 THEN ?5 END)",
                             -1, &ins, NULL);
  jk_rc rc = src ? jk_store_dberr(st, src, "matching saved searches", err) : JK_OK;
  char now[32];
  jk_utc_now(now, sizeof now);
  while (!rc && (src = sqlite3_step(ss)) == SQLITE_ROW) {
    long long sid = sqlite3_column_int64(ss, 0);
    const char *query = (const char *)sqlite3_column_text(ss, 1);
    int hook = sqlite3_column_int(ss, 2);
    for (size_t i = 0; i < n && !rc; i++) {
      char buf[JK_SEARCH_QUERY_MAX + 1], label[40];
      sqlite3_reset(lab);
      sqlite3_bind_int64(lab, 1, ids[i]);
      if (sqlite3_step(lab) != SQLITE_ROW) continue;
      snprintf(label, sizeof label, "%s", (const char *)sqlite3_column_text(lab, 0));
      snprintf(buf, sizeof buf, "%s", query ? query : "");
      jk_query q;
      jk_query_init(&q);
      jk_err qerr = {0, ""};
      if (jk_query_parse(buf, &q, &qerr) != JK_OK) break; /* validated when saved; never fails the ingest */
      q.incident = label;
      q.limit = 1;
      q.sort = "-date";
      long long total = 0;
      rc = jk_store_search(st, &q, count_hit, NULL, &total, err);
      if (rc || total == 0) continue;
      sqlite3_reset(ins);
      sqlite3_bind_int64(ins, 1, sid);
      sqlite3_bind_int64(ins, 2, ids[i]);
      sqlite3_bind_text(ins, 3, now, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int(ins, 4, hook);
      sqlite3_bind_int64(ins, 5, (long long)time(NULL));
      src = sqlite3_step(ins);
      if (src != SQLITE_DONE) rc = jk_store_dberr(st, src, "recording an alert", err);
      else if (raised && sqlite3_changes(st->db) > 0) (*raised)++;
    }
  }
  if (!rc && src != SQLITE_DONE && src != SQLITE_ROW) rc = jk_store_dberr(st, src, "reading saved searches", err);
  sqlite3_finalize(ss);
  sqlite3_finalize(lab);
  sqlite3_finalize(ins);
  return rc;
}

/* ---- listing -------------------------------------------------------------------- */

static const char alert_cols[] =
    "SELECT a.id, ss.id, ss.name, i.label, i.title, i.org, i.published, a.created_at, a.read_at, a.hook_state,"
    " a.hook_attempts, ss.query, i.category, i.affected"
    " FROM alerts a JOIN saved_searches ss ON ss.id = a.search_id JOIN incidents i ON i.id = a.incident_id";

/* One alert row as JSON (the webhook's body too). */
static void alert_json(jk_buf *b, sqlite3_stmt *s, int for_hook) {
  jk_buf_printf(b, "{\"%s\":%lld,\"search\":{\"id\":%lld,\"name\":", for_hook ? "alert" : "id",
                (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1));
  col_str(b, s, 2);
  jk_buf_puts(b, ",\"query\":");
  col_str(b, s, 11);
  jk_buf_puts(b, "},\"incident\":{\"id\":");
  col_str(b, s, 3);
  jk_buf_puts(b, ",\"title\":");
  col_str(b, s, 4);
  jk_buf_puts(b, ",\"org\":");
  col_str(b, s, 5);
  jk_buf_puts(b, ",\"published\":");
  col_str(b, s, 6);
  int cat = sqlite3_column_int(s, 12);
  const char *cn = jk_category_name((jk_category)cat);
  jk_buf_puts(b, ",\"category\":");
  if (cn) jk_json_str(b, cn, strlen(cn));
  else jk_buf_puts(b, "null");
  if (sqlite3_column_type(s, 13) == SQLITE_NULL) jk_buf_puts(b, ",\"affected\":null");
  else jk_buf_printf(b, ",\"affected\":%lld", (long long)sqlite3_column_int64(s, 13));
  jk_buf_puts(b, "},\"at\":");
  col_str(b, s, 7);
  if (!for_hook) {
    jk_buf_printf(b, ",\"read\":%s,\"webhook\":", sqlite3_column_type(s, 8) == SQLITE_NULL ? "false" : "true");
    col_str(b, s, 9);
  }
  jk_buf_putc(b, '}');
}

jk_rc jk_alerts_json(jk_store *st, const char *owner, int unread_only, int limit, jk_buf *out, jk_err *err) {
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, alert_cols);
  jk_buf_puts(&sql, " WHERE (?1 IS NULL OR ss.owner = ?1)");
  if (unread_only) jk_buf_puts(&sql, " AND a.read_at IS NULL");
  jk_buf_puts(&sql, " ORDER BY a.id DESC LIMIT ?2");
  sqlite3_stmt *s = NULL;
  int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, -1, &s, NULL);
  jk_buf_free(&sql);
  if (src) return jk_store_dberr(st, src, "listing alerts", err);
  if (owner) sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(s, 2, limit > 0 ? limit : 100);
  jk_buf items;
  jk_buf_init(&items);
  int k = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if (k++) jk_buf_putc(&items, ',');
    alert_json(&items, s, 0);
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) {
    jk_buf_free(&items);
    return jk_store_dberr(st, src, "listing alerts", err);
  }
  long long unread = 0;
  src = sqlite3_prepare_v2(st->db,
                           "SELECT count(*) FROM alerts a JOIN saved_searches ss ON ss.id = a.search_id"
                           " WHERE a.read_at IS NULL AND (?1 IS NULL OR ss.owner = ?1)",
                           -1, &s, NULL);
  if (src == SQLITE_OK) {
    if (owner) sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(s) == SQLITE_ROW) unread = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
  }
  jk_buf_printf(out, "{\"unread\":%lld,\"items\":[", unread);
  if (items.len) jk_buf_append(out, items.p, items.len);
  jk_buf_puts(out, "]}");
  int oom = items.oom || out->oom;
  jk_buf_free(&items);
  return oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}

jk_rc jk_alerts_mark_read(jk_store *st, const char *owner, long long *n, jk_err *err) {
  char now[32];
  jk_utc_now(now, sizeof now);
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db,
                               "UPDATE alerts SET read_at = ?2 WHERE read_at IS NULL AND search_id IN"
                               " (SELECT id FROM saved_searches WHERE ?1 IS NULL OR owner = ?1)",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "marking alerts read", err);
  if (owner) sqlite3_bind_text(s, 1, owner, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
  jk_rc rc = step_done(st, s, "marking alerts read", err);
  if (!rc && n) *n = sqlite3_changes(st->db);
  return rc;
}

/* ---- webhooks ------------------------------------------------------------------- */

void jk_deliver_opts_init(jk_deliver_opts *o) {
  o->backoff_s = 30;
  o->max_attempts = 8;
  o->timeout_ms = 10000;
}

static size_t discard(char *p, size_t size, size_t n, void *ctx) { return size * n; }

/* POST body to url; *status gets the HTTP status (0: no answer). */
static jk_rc post(const char *url, const char *body, size_t len, const char *alert_id, const char *sig, long timeout_ms,
                  long *status, char *why, size_t whyn) {
  *status = 0;
  CURL *c = curl_easy_init();
  if (!c) return snprintf(why, whyn, "cannot start libcurl"), JK_ENOMEM;
  struct curl_slist *h = NULL;
  char line[200];
  h = curl_slist_append(h, "Content-Type: application/json; charset=utf-8");
  snprintf(line, sizeof line, "X-Jikenbo-Alert: %s", alert_id);
  h = curl_slist_append(h, line);
  snprintf(line, sizeof line, "X-Jikenbo-Signature: sha256=%s", sig);
  h = curl_slist_append(h, line);
  h = curl_slist_append(h, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect would resend the signed body elsewhere */
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)len);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "jikenbo/" JK_VERSION " (webhook)");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  CURLcode cc = curl_easy_perform(c);
  jk_rc rc = JK_OK;
  if (cc != CURLE_OK) {
    snprintf(why, whyn, "%s", curl_easy_strerror(cc));
    rc = JK_EIO;
  } else {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    if (*status < 200 || *status > 299) {
      snprintf(why, whyn, "HTTP %ld", *status);
      rc = JK_EIO;
    }
  }
  curl_slist_free_all(h);
  curl_easy_cleanup(c);
  return rc;
}

jk_rc jk_alerts_deliver(jk_store *st, double now, const jk_deliver_opts *o, jk_deliver_stats *stats, jk_err *err) {
  jk_deliver_opts def;
  if (!o) jk_deliver_opts_init(&def), o = &def;
  jk_deliver_stats dummy = {0, 0, 0};
  if (!stats) stats = &dummy;
  /* The due ones, read first: the network is not touched while a
     statement is open. */
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT id FROM alerts WHERE hook_state = 'pending' AND hook_next <= ?1 ORDER BY id LIMIT 100",
                               -1, &s, NULL);
  if (src) {
    if (strstr(sqlite3_errmsg(st->db), "no such table")) return JK_OK;
    return jk_store_dberr(st, src, "reading pending alerts", err);
  }
  sqlite3_bind_int64(s, 1, (long long)now);
  long long due[100];
  int ndue = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW && ndue < 100) due[ndue++] = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  jk_rc rc = JK_OK;
  for (int i = 0; i < ndue && !rc; i++) {
    /* Claim: push hook_next past this attempt's time limit; only the
       process whose UPDATE changed the row goes on. */
    long long lease = (long long)now + o->timeout_ms / 1000 + 60;
    src = sqlite3_prepare_v2(st->db,
                             "UPDATE alerts SET hook_next = ?2 WHERE id = ?1 AND hook_state = 'pending' AND hook_next <= ?3",
                             -1, &s, NULL);
    if (src) return jk_store_dberr(st, src, "claiming an alert", err);
    sqlite3_bind_int64(s, 1, due[i]);
    sqlite3_bind_int64(s, 2, lease);
    sqlite3_bind_int64(s, 3, (long long)now);
    if ((rc = step_done(st, s, "claiming an alert", err))) break;
    if (sqlite3_changes(st->db) == 0) continue;
    src = sqlite3_prepare_v2(st->db,
                             "SELECT a.id, ss.id, ss.name, i.label, i.title, i.org, i.published, a.created_at,"
                             " a.read_at, a.hook_state, a.hook_attempts, ss.query, i.category, i.affected,"
                             " ss.webhook, ss.secret"
                             " FROM alerts a JOIN saved_searches ss ON ss.id = a.search_id"
                             " JOIN incidents i ON i.id = a.incident_id WHERE a.id = ?1",
                             -1, &s, NULL);
    if (src) return jk_store_dberr(st, src, "reading an alert", err);
    sqlite3_bind_int64(s, 1, due[i]);
    if (sqlite3_step(s) != SQLITE_ROW) {
      sqlite3_finalize(s);
      continue;
    }
    jk_buf body;
    jk_buf_init(&body);
    alert_json(&body, s, 1);
    char *url = strdup((const char *)sqlite3_column_text(s, 14) ? (const char *)sqlite3_column_text(s, 14) : "");
    const char *sec = (const char *)sqlite3_column_text(s, 15);
    char sig[65], aid[24], why[300] = "";
    jk_hmac_sha256_hex(sec ? sec : "", sec ? strlen(sec) : 0, body.p ? body.p : "", body.len, sig);
    int attempts = sqlite3_column_int(s, 10) + 1;
    sqlite3_finalize(s);
    snprintf(aid, sizeof aid, "%lld", due[i]);
    long status = 0;
    jk_rc prc = body.oom || !url ? JK_ENOMEM : post(url, body.p, body.len, aid, sig, o->timeout_ms, &status, why, sizeof why);
    jk_buf_free(&body);
    free(url);
    char at[32];
    jk_utc_now(at, sizeof at);
    const char *state = "delivered";
    long long next = 0;
    if (prc) {
      if (attempts >= o->max_attempts) state = "failed", stats->failed++;
      else {
        state = "pending";
        stats->retried++;
        double wait = o->backoff_s * pow(2, attempts - 1);
        if (wait > 3600) wait = 3600;
        next = (long long)ceil(now + wait);
      }
    } else {
      stats->sent++;
    }
    src = sqlite3_prepare_v2(st->db,
                             "UPDATE alerts SET hook_state = ?2, hook_attempts = ?3, hook_next = ?4, hook_status = ?5,"
                             " hook_error = ?6, hook_at = ?7 WHERE id = ?1",
                             -1, &s, NULL);
    if (src) return jk_store_dberr(st, src, "recording a delivery", err);
    sqlite3_bind_int64(s, 1, due[i]);
    sqlite3_bind_text(s, 2, state, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 3, attempts);
    if (next) sqlite3_bind_int64(s, 4, next);
    if (status) sqlite3_bind_int64(s, 5, status);
    if (*why) sqlite3_bind_text(s, 6, why, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 7, at, -1, SQLITE_TRANSIENT);
    rc = step_done(st, s, "recording a delivery", err);
  }
  return rc;
}
