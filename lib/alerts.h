/*
** alerts.h — saved searches and the alerts they raise (alerts.c).
**
** A user saves a search (the search language of jk_query_parse: words
** and key:value filters).  Every ingest matches the incidents it touched
** against every saved search inside the document's transaction
** (jk_alerts_match, called by ingest.c and import.c), so a match is
** recorded with the report that raised it, once: (search, incident) is
** unique.  An alert is shown to its owner (dashboard badge, `jikenbo
** alerts`) and, when the search has a webhook, POSTed there as JSON
** signed with HMAC-SHA256 under the search's own secret, retried with
** exponential backoff until a 2xx, then never again (the state lives in
** the database, so a restart neither loses nor repeats a delivery).
*/
#ifndef JK_ALERTS_H
#define JK_ALERTS_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of a saved search. */
#define JK_SEARCH_NAME_MAX 200
#define JK_SEARCH_QUERY_MAX 256
#define JK_WEBHOOK_URL_MAX 2000

/* A search to save. */
typedef struct jk_search_def {
  const char *owner;   /* user name */
  const char *name;    /* 1..200 bytes of UTF-8 without control characters */
  const char *query;   /* 1..256 bytes, must parse (jk_query_parse) */
  const char *webhook; /* http:// or https:// URL, or NULL */
  const char *secret;  /* HMAC key (16..200 bytes); NULL: made (64 hex) when webhook is set */
} jk_search_def;

/*
** Validate and save; *id gets its row, secret_out (201 bytes, may be
** NULL) the secret in force ("" without a webhook).  JK_EINVAL with a
** message naming the field.  Incidents stored before are not matched:
** alerts are for what comes next.
*/
jk_rc jk_search_save(jk_store *st, const jk_search_def *def, long long *id, char *secret_out, jk_err *err);

/* Delete a saved search of owner (NULL: any owner) and its alerts. */
jk_rc jk_search_delete(jk_store *st, long long id, const char *owner, jk_err *err);

/* The saved searches of owner (NULL: all) as a JSON array (no secrets). */
jk_rc jk_searches_json(jk_store *st, const char *owner, jk_buf *out, jk_err *err);

/* Match incidents (ids) against every saved search; *raised gets the
   number of new alerts.  Call inside the transaction that stored them. */
jk_rc jk_alerts_match(jk_store *st, const long long *ids, size_t n, long long *raised, jk_err *err);

/*
** The alerts of owner (NULL: all), newest first, at most limit, as
** {"unread":N,"items":[{"id","search":{id,name},"incident":{id,title,
** org,published},"at","read","webhook":state|null}…]}.
*/
jk_rc jk_alerts_json(jk_store *st, const char *owner, int unread_only, int limit, jk_buf *out, jk_err *err);

/* Mark every alert of owner (NULL: all) read; *n gets how many. */
jk_rc jk_alerts_mark_read(jk_store *st, const char *owner, long long *n, jk_err *err);

/* Webhook delivery. */
typedef struct jk_deliver_opts {
  double backoff_s;  /* first retry after this (default 30 s), doubling, capped at 1 h */
  int max_attempts;  /* then given up as failed (default 8) */
  long timeout_ms;   /* per POST (default 10 s) */
} jk_deliver_opts;
void jk_deliver_opts_init(jk_deliver_opts *o);

typedef struct jk_deliver_stats {
  long long sent, retried, failed;
} jk_deliver_stats;

/*
** POST every pending webhook alert that is due (now, unix seconds):
** body {"alert":…,"search":…,"incident":…}, headers Content-Type:
** application/json, X-Jikenbo-Alert: ID, X-Jikenbo-Signature:
** sha256=HEX (HMAC-SHA256 of the body with the search's secret).  Each
** alert is claimed first (an UPDATE that only one process wins), so two
** deliverers never send the same one.  Network I/O happens outside any
** transaction; do not call inside jk_store_begin.
*/
jk_rc jk_alerts_deliver(jk_store *st, double now, const jk_deliver_opts *o, jk_deliver_stats *stats, jk_err *err);

/* HMAC-SHA256 of data under key as 64 hex characters + NUL. */
void jk_hmac_sha256_hex(const void *key, size_t key_len, const void *data, size_t len, char out[65]);

#ifdef __cplusplus
}
#endif
#endif /* JK_ALERTS_H */
