/*
** review.c — the review queue and the reviewed marks (review.h): table
** reviews of schema 9, confidences read from the stored records' JSON.
*/
#include "review.h"

#include "jk_int.h"
#include "store_int.h"
#include "web.h"

#include <sqlite3.h>
#include <string.h>

/* Each unreviewed incident's fields with their confidence, skipping
   fields a correction replaced. */
static const char q_fields[] =
    "WITH f AS ("
    " SELECT n.incident_id AS inc, c.key AS field, min(c.value) AS conf"
    " FROM notices n JOIN json_each(jk_unpack(n.record), '$.confidence') c"
    " WHERE n.incident_id IS NOT NULL AND n.record IS NOT NULL"
    "  AND n.incident_id NOT IN (SELECT incident_id FROM reviews)"
    "  AND NOT EXISTS (SELECT 1 FROM corrections k WHERE k.incident_id = n.incident_id AND k.field = c.key)"
    " GROUP BY n.incident_id, c.key)"
    " SELECT i.id, i.label, i.title, i.org, i.published, i.reports, m.low,"
    "  (SELECT json_group_array(json_object('field', field, 'confidence', conf)) FROM"
    "    (SELECT field, conf FROM f f2 WHERE f2.inc = i.id AND (f2.conf < 0.5 OR f2.conf = m.low)"
    "     ORDER BY conf, field)),"
    "  count(*) OVER ()"
    " FROM (SELECT inc, min(conf) AS low FROM f GROUP BY inc) m JOIN incidents i ON i.id = m.inc"
    " ORDER BY m.low, i.pub_sort DESC, i.id DESC LIMIT ?1";

static void col(jk_buf *b, sqlite3_stmt *s, int i) {
  const char *v = (const char *)sqlite3_column_text(s, i);
  if (v) jk_json_str(b, v, strlen(v));
  else jk_buf_puts(b, "null");
}

jk_rc jk_review_queue_json(jk_store *st, int limit, jk_buf *out, jk_err *err) {
  if (limit < 1 || limit > 500) return jk_err_set(err, JK_EINVAL, "limit: expected 1 to 500");
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, q_fields, -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "reading the review queue", err);
  sqlite3_bind_int(s, 1, limit);
  jk_buf items;
  jk_buf_init(&items);
  long long total = 0;
  int k = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    total = sqlite3_column_int64(s, 8);
    jk_buf_printf(&items, "%s{\"id\":", k++ ? "," : "");
    col(&items, s, 1);
    jk_buf_puts(&items, ",\"title\":");
    col(&items, s, 2);
    jk_buf_puts(&items, ",\"org\":");
    col(&items, s, 3);
    jk_buf_puts(&items, ",\"published\":");
    col(&items, s, 4);
    jk_buf_printf(&items, ",\"reports\":%d,\"confidence\":%.2f,\"weakest\":%s}", sqlite3_column_int(s, 5),
                  sqlite3_column_double(s, 6), sqlite3_column_text(s, 7) ? (const char *)sqlite3_column_text(s, 7) : "[]");
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) {
    jk_buf_free(&items);
    return jk_store_dberr(st, src, "reading the review queue", err);
  }
  jk_buf_printf(out, "{\"total\":%lld,\"items\":[", total);
  if (items.len) jk_buf_append(out, items.p, items.len);
  jk_buf_puts(out, "]}");
  int oom = items.oom || out->oom;
  jk_buf_free(&items);
  return oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}

jk_rc jk_review_mark(jk_store *st, const char *incident, const char *who, const char *note, char *label, char *at,
                     jk_err *err) {
  long long inc = jk_store_find_incident(st, incident);
  if (inc <= 0) return jk_err_set(err, JK_ENOTFOUND, "no such incident: %.40s", incident ? incident : "");
  if (note && (strlen(note) > 2000 || jk_utf8_valid_prefix(note, strlen(note)) != strlen(note)))
    return jk_err_set(err, JK_EINVAL, "note: at most 2000 bytes of UTF-8");
  char now[32];
  jk_utc_now(now, sizeof now);
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db,
                               "INSERT INTO reviews(incident_id, who, at, note) VALUES(?1,?2,?3,?4)"
                               " ON CONFLICT(incident_id) DO UPDATE SET who = excluded.who, at = excluded.at,"
                               " note = excluded.note",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "marking an incident reviewed", err);
  sqlite3_bind_int64(s, 1, inc);
  sqlite3_bind_text(s, 2, who && *who ? who : "unknown", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
  if (note && *note) sqlite3_bind_text(s, 4, note, -1, SQLITE_TRANSIENT);
  src = sqlite3_step(s);
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "marking an incident reviewed", err);
  if (at) snprintf(at, 32, "%s", now);
  if (label) {
    label[0] = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT label FROM incidents WHERE id = ?1", -1, &s, NULL) == SQLITE_OK) {
      sqlite3_bind_int64(s, 1, inc);
      if (sqlite3_step(s) == SQLITE_ROW) snprintf(label, 32, "%s", (const char *)sqlite3_column_text(s, 0));
      sqlite3_finalize(s);
    }
  }
  return JK_OK;
}
