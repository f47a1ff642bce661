/*
** store.h — the casebook database (SQLite): the public interface of
** store.c, search.c, stats.c and the bigram tokenizer (fts_bigram.c).
**
** One SQLite file in WAL mode holds everything: documents as ingested
** (their original bytes), the segments split from them (notices and the
** posts that are not notices, each with raw and normalised text), the
** extracted records (JSON with evidence), the incidents that link
** follow-up reports, analysts' corrections with their audit trail, and a
** full-text index that matches Japanese as a user types it (character
** bigrams, so 2-character words such as 漏洩 and 誤送 match).
**
** Nothing is ever lost: a notice whose extraction failed is stored with
** its raw text and the reason.  The same notice seen again (same
** normalised text) is stored once and gets a sighting.
*/
#ifndef JK_STORE_H
#define JK_STORE_H

#include "jikenbo.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jk_store jk_store;

#define JK_STORE_READONLY 1u /* open read-only (serve without a token) */
#define JK_STORE_CREATE 2u   /* create the file and schema if missing */

/* Open (and migrate) the database at path.  Errors name the path and what
   to do (e.g. "read-only file: use --db with a writable path"). */
jk_rc jk_store_open(const char *path, unsigned flags, jk_store **out, jk_err *err);
void jk_store_close(jk_store *st);
/* Schema version of the open database. */
int jk_store_schema_version(jk_store *st);
/* The SQLite connection, for subsystems that keep their own tables (feed
   state); they create them with CREATE TABLE IF NOT EXISTS. */
struct sqlite3 *jk_store_sqlite(jk_store *st);

/*
** A time limit for the statements run on st from now on: a statement
** still running seconds_from_now seconds after this call is interrupted,
** and the jk_store_* call running it returns JK_ETIMEOUT ("query took
** longer than N s while …").  The store stays usable: set a new deadline
** (or clear it) and query again.  0 (or less) clears the deadline.  For
** reads: SQLite rolls back the whole transaction of an interrupted write,
** so do not arm it around jk_store_begin .. commit.  Meant for servers,
** which arm it before each request (a store belongs to one thread).
*/
void jk_store_set_deadline(jk_store *st, double seconds_from_now);

/* ---- ingest ---------------------------------------------------------- */

/* Where a document came from. */
typedef struct jk_doc_info {
  const char *source;     /* path or URL as the user gave it */
  const char *kind;       /* "text", "html", "pdf", "feed-entry" */
  const char *url;        /* NULL for local files */
  const char *final_url;  /* after redirects */
  const char *fetched_at; /* ISO 8601 UTC */
  const char *headers;    /* JSON object of the HTTP headers kept, or NULL */
  const void *raw;        /* original bytes to keep (HTML, PDF), or NULL */
  size_t raw_len;
  const char *publisher;  /* the site's name (jk_html_info.site, a feed's
                             title) or NULL: stored, and given to its
                             segments' extraction (jk_segment.publisher),
                             again by reextract */
  const char *ocr;        /* the text was read by OCR: its provenance as JSON
                             (jk_ocr_info_json), or NULL */
} jk_doc_info;

/* Transactions: ingest of one file is one transaction, so a killed ingest
   leaves whole files or nothing. */
jk_rc jk_store_begin(jk_store *st, jk_err *err);
jk_rc jk_store_commit(jk_store *st, jk_err *err);
void jk_store_rollback(jk_store *st);

/* Several files in one transaction (a bulk ingest: one commit, one sync
   and one write of the counts and of the full-text index for many files).
   Between batch_begin and batch_commit, jk_store_begin .. commit of a file
   joins the batch's transaction, its summary counts queued in memory.
   Nothing is durable before batch_commit.  jk_store_rollback of a file
   that wrote nothing (already stored) leaves the batch alone; of a file
   that wrote rows, it rolls back the whole batch (SQLite's savepoints
   would make the full-text index write its pending terms at every file):
   then jk_store_in_batch is 0 and batch_commit fails with JK_EDB, and the
   caller stores the batch's files again, each alone.  batch_rollback
   drops the batch. */
jk_rc jk_store_batch_begin(jk_store *st, jk_err *err);
int jk_store_in_batch(const jk_store *st);
jk_rc jk_store_batch_commit(jk_store *st, jk_err *err);
void jk_store_batch_rollback(jk_store *st);

/* Record a document; *doc_id is its row.  *seen_before is set when a
   document with the same source and the same bytes hash was stored (then
   info->url, when given, is recorded if the stored one has none: the URL
   of a file can be given later). */
jk_rc jk_store_add_document(jk_store *st, const jk_doc_info *info, const char *sha256_hex,
                            long long *doc_id, int *seen_before, jk_err *err);

/* What happened to one segment. */
typedef struct jk_add_result {
  long long notice_id;   /* row of the stored segment */
  int duplicate;         /* 1: the same text was already stored (a sighting added) */
  int is_notice;
  long long incident_id; /* 0 for non-notices */
  char incident[32];     /* its display id: casebook number or J-<n> */
  int no_date, no_count; /* a new notice whose record states no date / no head-count */
} jk_add_result;

/*
** Store one segment of a document: rec is its record (NULL for posts that
** are not notices, or when extraction failed: then fail_reason says why;
** NULL for a notice with fail_reason NULL: the store extracts it, and only
** when its text is new, so duplicates cost no extraction).  Inside a
** transaction (jk_store_begin), an error leaves the transaction to be
** rolled back; outside one, the segment is its own transaction.
** Links the notice to an incident (same casebook number; or the same
** organisation's follow-up report; else a new incident).
*/
jk_rc jk_store_add_segment(jk_store *st, long long doc_id, const jk_segment *seg, const jk_record *rec,
                           const char *fail_reason, jk_add_result *res, jk_err *err);

/* Re-run extraction over every stored notice (after the rules improve).
   Corrections survive.  *n gets the number of notices re-extracted. */
typedef void (*jk_progress_fn)(void *ctx, long long done, long long total);
jk_rc jk_store_reextract(jk_store *st, jk_progress_fn progress, void *ctx, long long *n, jk_err *err);

/* After a batch of writes: merge the full-text index's segments (FTS5
   'merge', any two of a level), since a search reads every segment that
   holds one of its words.  Commits every few MB of merged index (outside
   jk_store_begin), so writers in other processes are not held up long.
   Then gives free pages back to the file system when they are over a
   twentieth of the file (incremental vacuum).  `jikenbo ingest` calls it
   at the end of a run. */
jk_rc jk_store_tidy_index(jk_store *st, jk_err *err);

/* ---- corrections ------------------------------------------------------- */

/*
** An analyst's correction of one field, at one of two levels:
**
**   "2023-446"    the incident's headline only (the value show, search,
**                 stats and every export give for the incident); its
**                 reports keep what they say.
**   "2023-446#2"  report 2 of the timeline (jikenbo show's numbering):
**                 that record only; the headline follows it if it is
**                 where the headline value comes from.
**
** It wins over extraction, survives reextract, and is kept in an audit
** trail (who, when, why) beside the value it replaced: for a report the
** value extracted from that notice, for the headline the value its
** reports give.  value is what an analyst types or the field's JSON form
** ("misuse", "42", "null", "[\"email\",\"name\"]", "true"); it is
** validated and stored canonical.  Field names are SCHEMA.md's plus
** title and discovered.  out (may be NULL) gets the correction recorded.
*/
typedef struct jk_correction {
  long long id;           /* row: corrections are numbered in the order made */
  long long incident_id;
  char incident[32];      /* display id */
  long long notice_id;    /* 0: the headline */
  int report;             /* place in the timeline (1..), 0: the headline */
  char field[24];
  const char *value;      /* canonical JSON */
  const char *extracted;  /* JSON of the value it replaced (may be "null") */
  const char *who, *note, *at; /* note may be NULL; at is ISO 8601 UTC */
  int in_effect;          /* 0: a later correction of the same target and
                             field replaced it */
} jk_correction;

jk_rc jk_store_set(jk_store *st, const char *incident, const char *field, const char *value,
                   const char *who, const char *note, jk_err *err);
/* The same, telling what was recorded in out (may be NULL): its strings
   are the caller's, freed with jk_correction_free. */
jk_rc jk_store_set_ex(jk_store *st, const char *incident, const char *field, const char *value,
                      const char *who, const char *note, jk_correction *out, jk_err *err);
void jk_correction_free(jk_correction *c);

/*
** Every correction in the order made, or only those made at or after
** since (an ISO 8601 date or time, compared as text: "2026-12-01" or
** "2026-12-01T09:00:00Z"; NULL or "" for all).  fn gets each (its
** strings live until fn returns); non-zero from fn stops.
*/
typedef int (*jk_correction_fn)(void *ctx, const jk_correction *c);
jk_rc jk_store_each_correction(jk_store *st, const char *since, jk_correction_fn fn, void *ctx, jk_err *err);

/* The same as a JSON array of objects {"id", "incident", "report" (null:
   the headline), "notice_id", "field", "value", "extracted", "who", "at",
   "note", "in_effect"}. */
jk_rc jk_store_corrections_json(jk_store *st, const char *since, jk_buf *out, jk_err *err);

/* The fields jk_store_set accepts, comma-separated (for help and errors). */
const char *jk_correction_fields(void);

/* ---- the incident record (incident.c) ---------------------------------- */

/* Who published a report, in relation to the breach it reports. */
typedef enum jk_issuer_role {
  JK_ROLE_OWN = 0,    /* the organisation reports its own breach */
  JK_ROLE_REGULATOR,  /* a regulator acting on another (個人情報保護委員会の指導) */
  JK_ROLE_POLICE,     /* a police force reporting a case (逮捕, 送検) */
  JK_ROLE_CONTRACTOR  /* a contractor writing about its client's data (委託元) */
} jk_issuer_role;

/* The role of a report's issuer (r->org), from its name and its text. */
jk_issuer_role jk_issuer_role_of(const jk_record *r);
const char *jk_issuer_role_name(jk_issuer_role role); /* "own", "regulator" … */

/* The headline values whose source report is tracked. */
typedef enum jk_headline_field {
  JK_H_VICTIM = 0, /* rec->org: the organisation whose data was exposed */
  JK_H_TITLE,
  JK_H_CASEBOOK,
  JK_H_PUBLISHED,
  JK_H_DISCOVERED,
  JK_H_EXPOSURE,
  JK_H_CATEGORY,
  JK_H_AFFECTED,
  JK_H_COUNT
} jk_headline_field;

/* "org", "title", "casebook_id", "published", "discovered", "exposure",
   "category", "affected". */
const char *jk_headline_field_name(jk_headline_field f);

typedef struct jk_headline {
  jk_record *rec;        /* the incident's values (owned: jk_headline_free) */
  int from[JK_H_COUNT];  /* index into reports of each value's report, -1: none */
  int victim_named;      /* >= 0: the victim was named by that third-party
                            report's title, not an issuer */
} jk_headline;

/*
** Choose an incident's headline values from its reports, given in
** timeline order (notice date; undated by when first seen).  The one
** function that decides them (rules at the top of incident.c): the
** victim is the first issuer that reports its own breach, never a
** regulator, police force or contractor writing about another; the
** victim's own reports give values before the others.  Corrections at
** report level are the caller's, applied to the records before; headline
** corrections after.  JK_ENOMEM or JK_OK.
*/
jk_rc jk_incident_headline(jk_record *const *reports, size_t n, jk_headline *out);
void jk_headline_free(jk_headline *h);

/* ---- queries ----------------------------------------------------------- */

/* Filters shared by search, stats and export.  Zero/NULL means "any". */
typedef struct jk_query {
  const char *text;      /* search words, as a user types them (may be NULL) */
  int category;          /* jk_category, or -1 for any */
  uint32_t data_types;   /* incidents exposing all of these kinds */
  uint32_t reported_to;  /* told all of these authorities */
  jk_date since, until;  /* published within (inclusive); y==0: open */
  const char *org;       /* organisation contains this */
  const char *product;   /* products/services involved contain this */
  int card;              /* -1 any, 0 no, 1 yes */
  int vendor;            /* -1 any, 0 no, 1 yes */
  const char *incident;  /* one incident by display id */
  const char *sort;      /* "relevance" (default with text), "date", "-date", "affected" */
  int limit;             /* page size (default 20, max 1000) */
  int offset;
} jk_query;

/* A query with everything "any". */
void jk_query_init(jk_query *q);

/*
** Parse the search language used by the CLI and the API into q:
** words plus filters written as key:value (category:misdelivery
** since:2023-07 until:2023-12 org:市 type:email card:yes vendor:no
** reported:ppc product:Teams).  Strings in q point into buf, which the
** caller keeps alive.  Errors name the offending term.
*/
jk_rc jk_query_parse(char *buf, jk_query *q, jk_err *err);

/* One search result: an incident and the hit in context. */
typedef struct jk_hit {
  long long incident_id;
  const char *incident;   /* display id */
  const char *org;
  const char *title;
  jk_date published;
  int category;
  long long affected;     /* -1 not stated */
  int reports;            /* notices linked to the incident */
  const char *snippet;    /* the hit in context, the match between \x01 and \x02 */
  double rank;
} jk_hit;

typedef int (*jk_hit_fn)(void *ctx, const jk_hit *h);

/* Run a query; *total gets the number of matching incidents. */
jk_rc jk_store_search(jk_store *st, const jk_query *q, jk_hit_fn fn, void *ctx, long long *total,
                      jk_err *err);

/*
** One incident as JSON: its reports in time order, each with the record
** (fields, evidence spans, text), the corrections (who, when, why) and
** the sightings.  incident is a display id (2023-446, J-12) or a number.
*/
jk_rc jk_store_incident_json(jk_store *st, const char *incident, jk_buf *out, jk_err *err);

/*
** Counts by "category", "month", "data_type", "authority", "product",
** "org" or "affected_month" (sum of people per month), over incidents
** matching q (q may be NULL).  JSON: {"by":…, "total":N,
** "not_stated":N, "rows":[{"key":…, "count":N}, …]}; "not_stated" counts
** incidents for which the field was not stated, never folded into zero.
** The per-month views add "undated" (month: {"count"}; affected_month:
** {"count","people","not_stated"}): incidents without a month are never
** dropped.  affected_month rows: every incident of the month, with
** "people" (sum of stated counts) and "not_stated" (stating none).
*/
jk_rc jk_store_stats_json(jk_store *st, const char *by, const jk_query *q, jk_buf *out, jk_err *err);
/* The same counts by SQL over every matching incident row (no summary):
   what the summary must agree with (`jikenbo stats --recount`, tests). */
jk_rc jk_store_stats_recount_json(jk_store *st, const char *by, const jk_query *q, jk_buf *out, jk_err *err);
/*
** What the trends page draws, in one answer (GET /api/stats): the
** breakdowns category, month, data_type, authority, product and
** affected_month, "product_misconfiguration" (products behind q's
** category, else behind misconfigurations) and "month_by_category"; from
** one read of the summary counts.
*/
jk_rc jk_store_dashboard_json(jk_store *st, const jk_query *q, jk_buf *out, jk_err *err);

/*
** The total of a count over the incidents matching q (q may be NULL);
** field is "affected" (people).  Each incident counts once, with its own
** value (its reports merged, corrections applied: what `export --format
** csv` writes per incident).  JSON: {"sum":"affected", "incidents":N,
** "stated":N, "not_stated":N, "people":P, "largest":{"incident",
** "org", "title", "published", "affected"} or null}; "not_stated"
** counts incidents stating no number, never as zero people.  An unknown
** field is JK_EINVAL.
*/
jk_rc jk_store_sum_json(jk_store *st, const char *field, const jk_query *q, jk_buf *out, jk_err *err);
/* The same totals by SQL over every matching incident row (no summary):
   what the summary must agree with (`jikenbo stats --sum --recount`). */
jk_rc jk_store_sum_recount_json(jk_store *st, const char *field, const jk_query *q, jk_buf *out, jk_err *err);

/*
** Every incident matching q (NULL: all), with its reports rebuilt as
** records (corrections applied), oldest report first.  For exporters.
*/
typedef struct jk_incident {
  long long id;
  const char *label;      /* display id */
  jk_record **reports;    /* n records, owned by the store until fn returns */
  const char **sources;   /* per report: file path or URL */
  const char **fetched;   /* per report: fetch/ingest time (ISO 8601): when it
                             was first seen */
  size_t n;
  /* The incident's own values (organisation, date, cause, people…): its
     reports merged as the store merges them for show's "summary", search
     and stats (the incidents' columns), corrections applied; owned by the
     store until fn returns.  Read a headline value here rather than
     merging the reports again.  NULL when the incident did not come from
     the store (jk_import_get). */
  const jk_record *summary;
  /* Provenance and change times; each may be NULL (an importer's incident
     has none), and so may any entry. */
  const char **urls;      /* per report: the notice's URL (fetched, or given
                             with ingest --source-url / a urls.tsv) */
  const char **hashes;    /* per report: SHA-256 (hex) of the document's bytes
                             as stored (what the URL served) */
  const char **retrieved; /* per report: when jikenbo fetched it (NULL: a file) */
  const char **changed;   /* per report: its last correction or re-extraction
                             that changed it (ISO 8601), NULL: none since */
  const char *changed_at; /* the incident's last correction (either level) or
                             re-extraction change, NULL: none */
  const jk_record *headline; /* the headline values, incident-level
                             corrections applied (NULL: exporters compute
                             them with jk_incident_headline) */
  const int *headline_from;  /* JK_H_COUNT report indexes (-1: none), with
                             headline; a corrected value's index is -2 */
} jk_incident;

typedef int (*jk_incident_fn)(void *ctx, const jk_incident *inc);
jk_rc jk_store_each_incident(jk_store *st, const jk_query *q, jk_incident_fn fn, void *ctx, jk_err *err);

/* Totals for `jikenbo ingest` summaries and `stats`. */
typedef struct jk_store_counts {
  long long documents, notices, non_notices, incidents, sightings, failed, corrections;
} jk_store_counts;
jk_rc jk_store_counts_get(jk_store *st, jk_store_counts *c, jk_err *err);

/* ---- records from JSON (record_json.c) --------------------------------- */

/* Parse a record written by jk_record_to_json (with "text" and
   "evidence") back into a jk_record.  Errors name the JSON path. */
jk_rc jk_record_from_json(const char *json, size_t len, jk_record **out, jk_err *err);

/* SHA-256 of data as 64 hex characters + NUL. */
void jk_sha256_hex(const void *data, size_t len, char out[65]);

#ifdef __cplusplus
}
#endif
#endif /* JK_STORE_H */
