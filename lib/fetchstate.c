/*
** fetchstate.c — what the fetcher and the feed watcher remember, in the
** casebook database beside the store's tables.
**
**   web_resource  per URL: the validators (ETag, Last-Modified) for the
**                 next conditional request, the final URL, the hash and
**                 the document stored from it;
**   feed_entry    per feed: the entries already stored, so a feed read
**                 again (or after a restart) adds only what is new;
**   feed_state    per feed: the last round, the last success, the last
**                 error — where `watch` resumes.
**
** Own tables (CREATE TABLE IF NOT EXISTS) rather than columns in the
** store's, so the store's schema and migrations stay its own.
*/
#include "web.h"

#include <sqlite3.h>
#include <string.h>

static const char schema[] =
    "CREATE TABLE IF NOT EXISTS web_resource("
    "  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, final_url TEXT,"
    "  status INTEGER, fetched_at TEXT, sha256 TEXT, doc_id INTEGER);"
    "CREATE TABLE IF NOT EXISTS feed_entry("
    "  feed_url TEXT NOT NULL, entry_id TEXT NOT NULL, doc_id INTEGER, seen_at TEXT,"
    "  PRIMARY KEY(feed_url, entry_id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS feed_state("
    "  feed_url TEXT PRIMARY KEY, last_round TEXT, last_ok TEXT, last_error TEXT,"
    "  rounds INTEGER NOT NULL DEFAULT 0, entries INTEGER NOT NULL DEFAULT 0);";

static jk_rc db_err(sqlite3 *db, jk_err *err, const char *what) {
  int code = sqlite3_errcode(db);
  jk_rc rc = code == SQLITE_BUSY || code == SQLITE_LOCKED ? JK_EBUSY
             : code == SQLITE_READONLY                   ? JK_EREADONLY
             : code == SQLITE_FULL                       ? JK_EFULL
                                                         : JK_EDB;
  return jk_err_set(err, rc, "fetch state: %s: %s", what, sqlite3_errmsg(db));
}

jk_rc jk_fetchstate_init(sqlite3 *db, jk_err *err) {
  if (sqlite3_exec(db, schema, NULL, NULL, NULL) != SQLITE_OK) return db_err(db, err, "creating tables");
  return JK_OK;
}

/* Prepare sql or fill err. */
static jk_rc prep(sqlite3 *db, const char *sql, sqlite3_stmt **st, jk_err *err) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) return db_err(db, err, "preparing a query");
  return JK_OK;
}

static void col_copy(sqlite3_stmt *st, int i, char *dst, size_t n) {
  const unsigned char *v = sqlite3_column_text(st, i);
  snprintf(dst, n, "%s", v ? (const char *)v : "");
}

jk_rc jk_fetchstate_get(sqlite3 *db, const char *url, jk_web_resource *r, jk_err *err) {
  memset(r, 0, sizeof *r);
  sqlite3_stmt *st;
  jk_rc rc = prep(db,
                  "SELECT etag, last_modified, final_url, fetched_at, sha256, doc_id"
                  " FROM web_resource WHERE url=?1",
                  &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  int s = sqlite3_step(st);
  if (s == SQLITE_ROW) {
    col_copy(st, 0, r->etag, sizeof r->etag);
    col_copy(st, 1, r->last_modified, sizeof r->last_modified);
    col_copy(st, 2, r->final_url, sizeof r->final_url);
    col_copy(st, 3, r->fetched_at, sizeof r->fetched_at);
    col_copy(st, 4, r->sha256, sizeof r->sha256);
    r->doc_id = sqlite3_column_int64(st, 5);
  } else if (s == SQLITE_DONE) {
    rc = JK_ENOTFOUND;
  } else {
    rc = db_err(db, err, "reading validators");
  }
  sqlite3_finalize(st);
  return rc;
}

jk_rc jk_fetchstate_put(sqlite3 *db, const char *url, const jk_fetch_result *res, const char *sha256,
                        long long doc_id, jk_err *err) {
  sqlite3_stmt *st;
  /* A 304 carries no new body: keep the stored hash and document. */
  jk_rc rc = prep(db,
                  "INSERT INTO web_resource(url, etag, last_modified, final_url, status, fetched_at, sha256, doc_id)"
                  " VALUES(?1,?2,?3,?4,?5,?6,?7,?8)"
                  " ON CONFLICT(url) DO UPDATE SET"
                  "  etag=coalesce(excluded.etag, etag),"
                  "  last_modified=coalesce(excluded.last_modified, last_modified),"
                  "  final_url=excluded.final_url, status=excluded.status, fetched_at=excluded.fetched_at,"
                  "  sha256=coalesce(excluded.sha256, sha256),"
                  "  doc_id=CASE WHEN excluded.doc_id>0 THEN excluded.doc_id ELSE doc_id END",
                  &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, res->etag, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 3, res->last_modified, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 4, res->final_url ? res->final_url : url, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 5, res->status);
  sqlite3_bind_text(st, 6, res->fetched_at, -1, SQLITE_STATIC);
  if (sha256 && *sha256) sqlite3_bind_text(st, 7, sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 8, doc_id);
  if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, err, "saving validators");
  sqlite3_finalize(st);
  return rc;
}

jk_rc jk_feedstate_seen(sqlite3 *db, const char *feed_url, const char *entry_id, int *seen, jk_err *err) {
  sqlite3_stmt *st;
  *seen = 0;
  jk_rc rc = prep(db, "SELECT 1 FROM feed_entry WHERE feed_url=?1 AND entry_id=?2", &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, feed_url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, entry_id, -1, SQLITE_STATIC);
  int s = sqlite3_step(st);
  if (s == SQLITE_ROW) *seen = 1;
  else if (s != SQLITE_DONE) rc = db_err(db, err, "reading feed entries");
  sqlite3_finalize(st);
  return rc;
}

jk_rc jk_feedstate_mark(sqlite3 *db, const char *feed_url, const char *entry_id, long long doc_id,
                        jk_err *err) {
  sqlite3_stmt *st;
  char now[32];
  jk_utc_now(now, sizeof now);
  jk_rc rc = prep(db,
                  "INSERT OR IGNORE INTO feed_entry(feed_url, entry_id, doc_id, seen_at) VALUES(?1,?2,?3,?4)",
                  &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, feed_url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, entry_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64(st, 3, doc_id);
  sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, err, "saving a feed entry");
  sqlite3_finalize(st);
  return rc;
}

jk_rc jk_feedstate_round(sqlite3 *db, const char *feed_url, const char *error, int new_entries,
                         jk_err *err) {
  sqlite3_stmt *st;
  char now[32];
  jk_utc_now(now, sizeof now);
  jk_rc rc = prep(db,
                  "INSERT INTO feed_state(feed_url, last_round, last_ok, last_error, rounds, entries)"
                  " VALUES(?1, ?2, CASE WHEN ?3 IS NULL THEN ?2 END, ?3, 1, ?4)"
                  " ON CONFLICT(feed_url) DO UPDATE SET last_round=?2,"
                  "  last_ok=CASE WHEN ?3 IS NULL THEN ?2 ELSE last_ok END,"
                  "  last_error=?3, rounds=rounds+1, entries=entries+?4",
                  &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, feed_url, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
  if (error) sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, 3);
  sqlite3_bind_int(st, 4, new_entries);
  if (sqlite3_step(st) != SQLITE_DONE) rc = db_err(db, err, "saving the watch state");
  sqlite3_finalize(st);
  return rc;
}

jk_rc jk_feedstate_get(sqlite3 *db, const char *feed_url, jk_feed_state *s, jk_err *err) {
  memset(s, 0, sizeof *s);
  sqlite3_stmt *st;
  jk_rc rc = prep(db,
                  "SELECT last_round, last_ok, last_error, rounds, entries FROM feed_state WHERE feed_url=?1",
                  &st, err);
  if (rc) return rc;
  sqlite3_bind_text(st, 1, feed_url, -1, SQLITE_STATIC);
  int r = sqlite3_step(st);
  if (r == SQLITE_ROW) {
    col_copy(st, 0, s->last_round, sizeof s->last_round);
    col_copy(st, 1, s->last_ok, sizeof s->last_ok);
    col_copy(st, 2, s->last_error, sizeof s->last_error);
    s->rounds = sqlite3_column_int64(st, 3);
    s->entries = sqlite3_column_int64(st, 4);
  } else if (r == SQLITE_DONE) {
    rc = JK_ENOTFOUND;
  } else {
    rc = db_err(db, err, "reading the watch state");
  }
  sqlite3_finalize(st);
  return rc;
}
