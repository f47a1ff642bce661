/*
** store.c — the casebook database: open and migrate, documents, notices
** and their sightings, incidents, corrections, reextract, counts.
**
** Tables (schema version 1; see the migrations below):
**
**   documents   one row per document ingested (source, hash, raw bytes
**               for HTML/PDF); (source, sha256) is unique: idempotence
**   notices     every segment split from a document — notices and the
**               posts that are not — with raw bytes, normalised text,
**               the extracted record as JSON (evidence included, text
**               not), or why extraction failed; unique by text hash
**   sightings   each time a segment was seen: document, line, time
**   incidents   follow-up reports linked together; the filter columns
**               (category, published, affected, sets as bit masks…) hold
**               the incident's effective values — its reports merged,
**               corrections applied — so queries never parse JSON
**   corrections analysts' corrections, all kept (the audit trail)
**   incident_products  products per incident (stats --by product)
**   incident_fts contentless FTS5 index, one document per incident (the
**               texts of its reports, lines broken at a page margin
**               joined: jk_index_text), tokenized by jk_bigram
**
** Writes go through one connection in WAL mode with synchronous=FULL:
** each file's ingest is one transaction, so a killed ingest leaves whole
** files or nothing, and a commit that returned is on disk (README says
** why FULL rather than NORMAL).
*/
#include "store_int.h"

#include "jk_int.h"
#include "summary.h"
#include "web.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- schema ------------------------------------------------------------ */

/*
** The migrations, in order.  A database records every step applied in
** schema_version; opening runs the missing ones in one transaction.  To
** change the schema, append a step (never edit one that has shipped).
*/
static jk_rc reindex_all(jk_store *st, jk_err *err);
static jk_rc backfill_publishers(jk_store *st, jk_err *err);
static jk_rc pack_and_summarise(jk_store *st, jk_err *err);
static jk_rc incident_record_v7(jk_store *st, jk_err *err);
static jk_rc add_ocr_column(jk_store *st, jk_err *err);

typedef struct migration {
  int version;
  const char *what;
  const char *sql;
  jk_rc (*after)(jk_store *st, jk_err *err); /* a step SQL cannot say (or NULL) */
} migration;

static const migration migrations[] = {
    {1, "casebook: documents, notices, sightings, incidents, corrections, bigram index",
     "CREATE TABLE documents("
     "  id INTEGER PRIMARY KEY,"
     "  source TEXT NOT NULL,"            /* path or URL as given */
     "  kind TEXT NOT NULL,"              /* text, html, pdf, feed-entry */
     "  url TEXT, final_url TEXT, fetched_at TEXT, headers TEXT,"
     "  sha256 TEXT NOT NULL,"            /* of the original bytes */
     "  raw BLOB,"                        /* original bytes (HTML, PDF) */
     "  ingested_at TEXT NOT NULL,"
     "  UNIQUE(source, sha256));"
     "CREATE TABLE incidents("
     "  id INTEGER PRIMARY KEY,"
     "  label TEXT UNIQUE,"               /* casebook number or J-<id> */
     "  casebook_id TEXT UNIQUE,"         /* linking key */
     "  created_at TEXT NOT NULL,"
     "  org TEXT, org_key TEXT, title TEXT,"
     "  published TEXT,"                  /* as printed: YYYY-MM-DD, YYYY-MM */
     "  pub_sort INTEGER,"                /* YYYYMMDD, 00 for missing parts */
     "  category INTEGER NOT NULL DEFAULT 0,"
     "  affected INTEGER,"                /* NULL: not stated */
     "  card INTEGER NOT NULL DEFAULT 0, vendor INTEGER NOT NULL DEFAULT 0,"
     "  data_types INTEGER NOT NULL DEFAULT 0, reported_to INTEGER NOT NULL DEFAULT 0,"
     "  products TEXT,"                   /* LF-joined, for product: filters */
     "  reports INTEGER NOT NULL DEFAULT 0,"
     "  corrected INTEGER NOT NULL DEFAULT 0);"
     "CREATE INDEX incidents_pub ON incidents(pub_sort);"
     "CREATE INDEX incidents_cat ON incidents(category, pub_sort);"
     "CREATE INDEX incidents_affected ON incidents(affected);"
     "CREATE INDEX incidents_org ON incidents(org_key);"
     "CREATE TABLE notices("
     "  id INTEGER PRIMARY KEY,"
     "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
     "  first_line INTEGER, heading_line INTEGER, last_line INTEGER, raw_offset INTEGER,"
     "  is_notice INTEGER NOT NULL, why TEXT, truncated INTEGER NOT NULL DEFAULT 0,"
     "  text_sha TEXT NOT NULL UNIQUE,"
     "  raw BLOB NOT NULL, text TEXT NOT NULL,"
     "  record TEXT,"                     /* JSON; NULL: not a notice, or failed */
     "  fail_reason TEXT,"
     "  extracted_at TEXT, extractor TEXT,"
     "  incident_id INTEGER REFERENCES incidents(id),"
     "  casebook_id TEXT, org_key TEXT, pub_sort INTEGER, report_seq INTEGER);"
     "CREATE INDEX notices_incident ON notices(incident_id);"
     "CREATE INDEX notices_org ON notices(org_key, pub_sort);"
     "CREATE TABLE sightings("
     "  id INTEGER PRIMARY KEY,"
     "  notice_id INTEGER NOT NULL REFERENCES notices(id),"
     "  doc_id INTEGER NOT NULL REFERENCES documents(id),"
     "  heading_line INTEGER, first_line INTEGER, seen_at TEXT NOT NULL);"
     "CREATE INDEX sightings_notice ON sightings(notice_id);"
     "CREATE TABLE corrections("
     "  id INTEGER PRIMARY KEY,"
     "  incident_id INTEGER NOT NULL REFERENCES incidents(id),"
     "  notice_id INTEGER REFERENCES notices(id),"  /* NULL: the whole incident */
     "  field TEXT NOT NULL, value TEXT NOT NULL,"  /* value as JSON */
     "  extracted TEXT,"                            /* the value it replaced, JSON */
     "  who TEXT NOT NULL, note TEXT, at TEXT NOT NULL);"
     "CREATE INDEX corrections_incident ON corrections(incident_id);"
     "CREATE TABLE incident_products("
     "  incident_id INTEGER NOT NULL, product TEXT NOT NULL,"
     "  PRIMARY KEY(incident_id, product)) WITHOUT ROWID;"
     "CREATE INDEX incident_products_p ON incident_products(product);"
     "CREATE VIRTUAL TABLE incident_fts USING fts5(body, content='', tokenize='jk_bigram');", NULL},
    /* The filter columns in a narrow index: a search joins every full-text
       match to its incident, and this keeps those lookups in a few MB of
       pages instead of the wide incident rows. */
    {2, "covering index for filtered full-text search",
     "CREATE INDEX incidents_filter ON incidents(id, category, pub_sort, card, vendor, data_types,"
     " reported_to, affected);", NULL},
    /* Counting notices scanned the whole table, raw bytes and all (seconds
       at 100,000 notices, at the end of every ingest).  And FTS5 merges
       its index segments 8 at a time instead of 4: ingest commits once per
       file, each commit adds a segment, and merging at 4 was a third of
       ingest time at 100,000 notices. */
    {3, "indexes for counting notices; FTS automerge 8",
     "CREATE INDEX notices_kind ON notices(is_notice);"
     "CREATE INDEX notices_failed ON notices(is_notice) WHERE record IS NULL;"
     "INSERT INTO incident_fts(incident_fts, rank) VALUES('automerge', 8);", NULL},
    /* A search reads every segment of the full-text index that holds one
       of its words: at 100,000 notices a fresh ingest left 22 segments,
       and a phrase took 4.2 ms of CPU over them against 2.2 ms over one
       (a page buffer per segment and word).  The index is merged into
       one segment here, once; 'usermerge' 2 lets the merge that closes
       each ingest (jk_store_tidy_index) join any two segments of a
       level, so few remain. */
    {4, "full-text index merged into one segment; usermerge 2",
     "INSERT INTO incident_fts(incident_fts) VALUES('optimize');"
     "INSERT INTO incident_fts(incident_fts, rank) VALUES('usermerge', 2);", NULL},
    /* PDF text breaks lines at the page margin, inside words: 個人情報保護委
       員会 was not found.  The index now reads each notice with those
       breaks joined (jk_index_text), so every incident is indexed again. */
    {5, "full-text index of text with page-margin line breaks joined",
     "INSERT INTO incident_fts(incident_fts) VALUES('delete-all');", reindex_all},
    /* A web page names its publisher (og:site_name, the title's suffix,
       the footer's ©), a candidate issuer for extraction: kept per
       document so reextract gives its notices the same.  Pages stored
       before are read again from their bytes; feed entries stored before
       keep NULL (the feed's title was not kept). */
    {6, "documents.publisher: the site's name, for extraction",
     "ALTER TABLE documents ADD COLUMN publisher TEXT;", backfill_publishers},
    /* The incident record (issue 12).  A segment's title line (a letter
       that opens with its date) was not kept, so reextract took the date
       or a paragraph as the title: kept now, and for stored notices read
       back from their record's title evidence.  changed_at dates a
       re-extraction that changed a record (exports' modified follow it).
       Every incident's columns again: the organisation is now the victim
       (a regulator's notice linked as report 1 no longer names it). */
    {7, "notices.title_line and changed_at; incidents' headline from the victim's reports",
     "ALTER TABLE notices ADD COLUMN title_line INTEGER;"
     "ALTER TABLE notices ADD COLUMN changed_at TEXT;"
     "CREATE INDEX corrections_at ON corrections(at);", incident_record_v7},
    /* Analysts at work (issue 13): named users with a role and the hash of
       their token (users.c), saved searches and the alerts they raised
       with the state of each webhook delivery (alerts.c), and incidents
       marked reviewed (review.c). */
    {9, "users, saved searches, alerts, reviews",
     "CREATE TABLE IF NOT EXISTS users("
     "  id INTEGER PRIMARY KEY,"
     "  name TEXT NOT NULL UNIQUE,"
     "  role TEXT NOT NULL CHECK(role IN ('reader','analyst','admin')),"
     "  token_sha256 TEXT NOT NULL UNIQUE,"  /* the token itself is never stored */
     "  created_at TEXT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS saved_searches("
     "  id INTEGER PRIMARY KEY,"
     "  owner TEXT NOT NULL, name TEXT NOT NULL,"
     "  query TEXT NOT NULL,"                /* the search language: words and key:value filters */
     "  webhook TEXT, secret TEXT,"          /* POST target and its HMAC-SHA256 key, or NULL */
     "  created_at TEXT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS alerts("
     "  id INTEGER PRIMARY KEY,"
     "  search_id INTEGER NOT NULL REFERENCES saved_searches(id),"
     "  incident_id INTEGER NOT NULL REFERENCES incidents(id),"
     "  created_at TEXT NOT NULL, read_at TEXT,"
     "  hook_state TEXT,"                    /* NULL no webhook; pending, delivered, failed */
     "  hook_attempts INTEGER NOT NULL DEFAULT 0,"
     "  hook_next INTEGER,"                  /* unix time of the next attempt */
     "  hook_status INTEGER, hook_error TEXT, hook_at TEXT,"
     "  UNIQUE(search_id, incident_id));"
     "CREATE INDEX IF NOT EXISTS alerts_pending ON alerts(hook_next) WHERE hook_state = 'pending';"
     "CREATE TABLE IF NOT EXISTS reviews("
     "  incident_id INTEGER PRIMARY KEY REFERENCES incidents(id),"
     "  who TEXT NOT NULL, at TEXT NOT NULL, note TEXT);", NULL},
    /* The TAXII collection (lib/taxii.c): each incident's STIX objects as
       published, with the time they were added (microseconds since the
       epoch, distinct per object) and the hash of what was published, so
       that a change to an incident's STIX re-adds its objects.  Filled by
       jk_taxii_refresh; derived data, rebuilt whenever it is missing. */
    {11, "taxii_incident, taxii_object: the TAXII collection with dates added",
     "CREATE TABLE IF NOT EXISTS taxii_incident("
     "  incident_id INTEGER PRIMARY KEY,"
     "  sha256 TEXT NOT NULL,"            /* of its objects as published */
     "  added INTEGER NOT NULL);"         /* when they last changed, us */
     "CREATE TABLE IF NOT EXISTS taxii_object("
     "  stix_id TEXT PRIMARY KEY,"
     "  type TEXT NOT NULL,"
     "  version TEXT NOT NULL,"           /* its modified */
     "  version_us INTEGER NOT NULL,"
     "  spec_version TEXT NOT NULL,"
     "  added INTEGER NOT NULL UNIQUE,"   /* date_added, us since the epoch */
     "  incident_id INTEGER,"             /* NULL: an identity, shared */
     "  sha256 TEXT NOT NULL,"
     "  json TEXT NOT NULL);"
     "CREATE INDEX IF NOT EXISTS taxii_object_incident ON taxii_object(incident_id);",
     NULL},
    /* Analytics at scale.  Counts the trends and lessons pages read kept
       up to date (lib/summary.c: summary_keys, summary, summary_incidents,
       incidents.summary); the stored bytes compressed, each value one
       zstd frame (lib/pack.c), a notice's raw bytes kept only where they
       differ from its text; incidents.products (a copy of
       incident_products) emptied; organisation and product filters
       matched by prefix on the keys of incident_names.  The old file's rows are
       converted here and the file is vacuumed once after. */
    {12, "summary counts; zstd-compressed stored bytes; org and product prefix indexes",
     /* Written so that it can run again over its own tables (a file whose
        later steps are replayed); incidents.summary is added by
        pack_and_summarise when missing. */
     "CREATE TABLE IF NOT EXISTS summary_keys(id INTEGER PRIMARY KEY, dim INTEGER NOT NULL, key TEXT NOT NULL,"
     "  UNIQUE(dim, key));"
     "CREATE TABLE IF NOT EXISTS summary(f INTEGER NOT NULL, c INTEGER NOT NULL, k INTEGER NOT NULL,"
     "  n INTEGER NOT NULL, people INTEGER NOT NULL, people_ns INTEGER NOT NULL,"
     "  PRIMARY KEY(f, c, k)) WITHOUT ROWID;"
     "CREATE TABLE IF NOT EXISTS summary_incidents(k INTEGER NOT NULL, c INTEGER NOT NULL,"
     "  incident_id INTEGER NOT NULL, PRIMARY KEY(k, c, incident_id)) WITHOUT ROWID;"
     "CREATE TABLE IF NOT EXISTS summary_log(id INTEGER PRIMARY KEY, cells BLOB NOT NULL);"
     /* zstd dictionaries (lib/pack.c): id is the one in their frames. */
     "CREATE TABLE IF NOT EXISTS pack_dicts(id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, dict BLOB NOT NULL);"
     /* The organisation and product filters' keys (name_keys): kind 0 an
        organisation, 1 a product; matched by prefix on the primary key. */
     "CREATE TABLE IF NOT EXISTS incident_names(kind INTEGER NOT NULL, key TEXT NOT NULL COLLATE NOCASE,"
     "  incident_id INTEGER NOT NULL, PRIMARY KEY(kind, key, incident_id)) WITHOUT ROWID;"
     "CREATE INDEX IF NOT EXISTS incident_names_inc ON incident_names(incident_id);"
     /* The largest head-count of a category (stats --sum with a category)
        read from the top of its range, not sorted from all its rows. */
     "CREATE INDEX IF NOT EXISTS incidents_cat_affected ON incidents(category, affected);"
     /* … and of the other filters the summary counts, by walking the
        head-counts from the top with the filter columns beside them. */
     "CREATE INDEX IF NOT EXISTS incidents_affected_filter ON incidents(affected, pub_sort, category, card, vendor,"
     "  data_types, reported_to);"
     "DROP INDEX IF EXISTS incidents_org;"
     "DROP INDEX IF EXISTS incidents_org_nc;"
     "DROP INDEX IF EXISTS incident_products_p;"
     "DROP INDEX IF EXISTS incident_products_nc;"
     "UPDATE incidents SET products = NULL;",
     pack_and_summarise},
    /* OCR (issue 15): a scanned PDF's textless pages and image files are
       read by Tesseract; what read them, which pages, at what confidence
       is the document's provenance (jk_ocr_info_json).  NULL: the text
       came from the document itself.  Added only where it is missing (a
       casebook rebuilt from older steps may have it already). */
    {13, "documents.ocr: the provenance of text read by OCR", "", add_ocr_column},
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ---- errors and helpers ------------------------------------------------ */

jk_rc jk_store_dberr(jk_store *st, int src, const char *what, jk_err *err) {
  const char *path = st && st->path ? st->path : "database";
  const char *detail = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src);
  switch (src & 0xff) {
  case SQLITE_FULL:
    return jk_err_set(err, JK_EFULL,
                      "%s: disk full while %s: free some space or use --db PATH on another disk "
                      "(this change was rolled back, nothing stored before is lost)",
                      path, what);
  case SQLITE_READONLY:
    return jk_err_set(err, JK_EREADONLY, "%s is read-only: use --db PATH with a writable file", path);
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    return jk_err_set(err, JK_EBUSY,
                      "%s is locked by another writer (waited 5 s while %s): try again when it is done",
                      path, what);
  case SQLITE_CORRUPT:
  case SQLITE_NOTADB:
    return jk_err_set(err, JK_EDB,
                      "%s is corrupt or not a jikenbo database (%s while %s): restore it from a backup, "
                      "or use --db PATH with another file",
                      path, detail, what);
  case SQLITE_INTERRUPT:
    /* Our progress handler stopped it (jk_store_set_deadline); anything
       else interrupting a connection is a plain database error. */
    if (st && st->deadline_hit)
      return jk_err_set(err, JK_ETIMEOUT, "query took longer than %g s while %s: narrow it down", st->deadline_len,
                        what);
    return jk_err_set(err, JK_EDB, "%s: interrupted while %s", path, what);
  case SQLITE_NOMEM:
    return jk_err_set(err, JK_ENOMEM, "%s: out of memory while %s", path, what);
  case SQLITE_IOERR:
    return jk_err_set(err, JK_EIO, "%s: I/O error while %s (%s): check the disk and try again", path, what,
                      detail);
  case SQLITE_CANTOPEN:
    return jk_err_set(err, JK_EIO, "cannot open %s (%s): check the path and its directory's permissions", path,
                      detail);
  default:
    return jk_err_set(err, JK_EDB, "%s: database error while %s: %s", path, what, detail);
  }
}

sqlite3_stmt *jk_stmt(jk_store *st, const char *sql, jk_err *err) {
  for (int i = 0; i < st->ncache; i++)
    if (st->cache[i].sql == sql) {
      sqlite3_reset(st->cache[i].st);
      sqlite3_clear_bindings(st->cache[i].st);
      return st->cache[i].st;
    }
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL);
  if (rc != SQLITE_OK) {
    jk_store_dberr(st, rc, "preparing a query", err);
    return NULL;
  }
  if (st->ncache < JK_STMT_CACHE) {
    st->cache[st->ncache].sql = sql;
    st->cache[st->ncache].st = s;
    st->ncache++;
  } else {
    /* Full (never expected): replace the oldest entry. */
    sqlite3_finalize(st->cache[0].st);
    memmove(&st->cache[0], &st->cache[1], sizeof st->cache[0] * (JK_STMT_CACHE - 1));
    st->cache[JK_STMT_CACHE - 1].sql = sql;
    st->cache[JK_STMT_CACHE - 1].st = s;
  }
  return s;
}

/* Run a statement to completion; SQLITE_DONE/ROW become SQLITE_OK. */
static int step_done(sqlite3_stmt *s) {
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
  }
  sqlite3_reset(s);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static jk_rc exec(jk_store *st, const char *sql, const char *what, jk_err *err) {
  int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
  return rc == SQLITE_OK ? JK_OK : jk_store_dberr(st, rc, what, err);
}

static void now_iso(char buf[32]) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
** jk_index_text(text): a notice's text as search reads it — lines broken
** at a page margin joined (unwrap.c), so a word cut by the margin is
** found.  Deterministic: the contentless index's 'delete' gives the same
** text again.
*/
static void sql_index_text(sqlite3_context *c, int argc, sqlite3_value **v) {
  (void)argc;
  const char *t = (const char *)sqlite3_value_text(v[0]);
  int n = sqlite3_value_bytes(v[0]);
  if (!t) {
    sqlite3_result_null(c);
    return;
  }
  jk_arena *a = jk_arena_new();
  char *out;
  size_t len;
  uint32_t *map;
  if (a && jk_unwrap(t, (size_t)n, a, &out, &len, &map)) sqlite3_result_text(c, out, (int)len, SQLITE_TRANSIENT);
  else if (a) sqlite3_result_value(c, v[0]);
  else sqlite3_result_error_nomem(c);
  jk_arena_free(a);
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v) {
  if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(s, i);
}

static char *dup_col(sqlite3_stmt *s, int i) {
  const unsigned char *t = sqlite3_column_text(s, i);
  return t ? strdup((const char *)t) : NULL;
}

/* YYYYMMDD with 00 for parts not printed; 0 when there is no date. */
static long long date_sort(jk_date d) { return d.y ? (long long)d.y * 10000 + d.m * 100 + d.d : 0; }

/* Organisation key for linking: NFKC (already) with all spaces removed. */
static void org_key(const char *org, jk_buf *out) {
  jk_buf_reset(out);
  if (!org) return;
  jk_buf tmp;
  jk_buf_init(&tmp);
  if (jk_normalize(org, strlen(org), &tmp, NULL) == JK_OK) org = tmp.p;
  for (const char *p = org; *p;) {
    if (*p == ' ' || *p == '\t' || *p == '\n') {
      p++;
    } else if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
      p += 3; /* U+3000, in case normalisation was skipped */
    } else {
      jk_buf_putc(out, *p++);
    }
  }
  jk_buf_free(&tmp);
}

/* Is s a casebook number YYYY-N…?  (A bare year does not link.) */
static int casebook_ok(const char *s) {
  if (!s) return 0;
  int i = 0;
  for (; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return 0;
  if (s[i++] != '-') return 0;
  int digits = 0;
  for (; s[i]; i++, digits++)
    if (s[i] < '0' || s[i] > '9') return 0;
  return digits >= 1 && digits <= 6;
}

/* ---- open, migrate, close ---------------------------------------------- */

static int table_exists(sqlite3 *db, const char *name) {
  sqlite3_stmt *s;
  int found = 0;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1", -1, &s, NULL))
    return -1;
  sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
  int rc = sqlite3_step(s);
  if (rc == SQLITE_ROW) found = 1;
  else if (rc != SQLITE_DONE) found = -rc;
  sqlite3_finalize(s);
  return found;
}

/* Migration 13: documents.ocr, unless the table has it. */
static jk_rc add_ocr_column(jk_store *st, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info('documents') WHERE name='ocr'", -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "migrating the schema", err);
  src = sqlite3_step(s);
  sqlite3_finalize(s);
  if (src == SQLITE_ROW) return JK_OK;
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "migrating the schema", err);
  return exec(st, "ALTER TABLE documents ADD COLUMN ocr TEXT", "migrating the schema", err);
}

/* The schema version of the file: 0 for an empty file, -1 when it holds
   tables but no schema_version (some other SQLite database). */
static jk_rc read_version(jk_store *st, int *version, jk_err *err) {
  int t = table_exists(st->db, "schema_version");
  if (t < 0) return jk_store_dberr(st, t == -1 ? sqlite3_errcode(st->db) : -t, "reading the schema", err);
  if (t == 0) {
    sqlite3_stmt *s;
    int rc = sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_master", -1, &s, NULL);
    if (rc) return jk_store_dberr(st, rc, "reading the schema", err);
    rc = sqlite3_step(s);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) return jk_store_dberr(st, rc, "reading the schema", err);
    *version = n ? -1 : 0;
    return JK_OK;
  }
  sqlite3_stmt *s;
  int rc = sqlite3_prepare_v2(st->db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &s, NULL);
  if (rc) return jk_store_dberr(st, rc, "reading the schema version", err);
  rc = sqlite3_step(s);
  *version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? JK_OK : jk_store_dberr(st, rc, "reading the schema version", err);
}

/* Is step version recorded in schema_version?  (-1 on error.) */
static int step_recorded(jk_store *st, int version) {
  sqlite3_stmt *s;
  if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM schema_version WHERE version=?1", -1, &s, NULL)) return -1;
  sqlite3_bind_int(s, 1, version);
  int rc = sqlite3_step(s);
  sqlite3_finalize(s);
  return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Does a file at schema version `version` (its highest step) lack a known
   step below it?  A file made by a build that had step 13 but not 12 (the
   numbers are handed out to branches that land in any order). */
static int steps_missing_below(jk_store *st, int version) {
  for (int i = 0; i < NMIGRATIONS && migrations[i].version < version; i++)
    if (step_recorded(st, migrations[i].version) == 0) return 1;
  return 0;
}

static jk_rc migrate(jk_store *st, int from, jk_err *err) {
  jk_rc rc = exec(st, "BEGIN IMMEDIATE", "starting the schema migration", err);
  if (rc) return rc;
  /* Re-read under the write lock: another process may have migrated. */
  rc = read_version(st, &from, err);
  if (rc == JK_OK && from == 0)
    rc = exec(st,
              "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, what TEXT NOT NULL,"
              " applied_at TEXT NOT NULL)",
              "creating the schema", err);
  st->summary_later = rc == JK_OK && (from < 12 || step_recorded(st, 12) == 0);
  for (int i = 0; rc == JK_OK && i < NMIGRATIONS; i++) {
    /* Steps above the file's version, and any below it that it lacks. */
    if (migrations[i].version <= from && step_recorded(st, migrations[i].version) != 0) continue;
    rc = exec(st, migrations[i].sql, "migrating the schema", err);
    if (rc == JK_OK && migrations[i].after) rc = migrations[i].after(st, err);
    if (rc) break;
    sqlite3_stmt *s;
    int src = sqlite3_prepare_v2(st->db, "INSERT INTO schema_version VALUES(?1, ?2, ?3)", -1, &s, NULL);
    if (src == SQLITE_OK) {
      char now[32];
      now_iso(now);
      sqlite3_bind_int(s, 1, migrations[i].version);
      sqlite3_bind_text(s, 2, migrations[i].what, -1, SQLITE_STATIC);
      sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
      src = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
      sqlite3_finalize(s);
    }
    if (src) rc = jk_store_dberr(st, src, "recording the schema version", err);
  }
  st->summary_later = 0;
  if (rc == JK_OK) rc = exec(st, "COMMIT", "committing the schema migration", err);
  if (rc) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

/* Can we write path (and create -wal/-shm files beside it)? */
static jk_rc check_writable(const char *path, int exists, jk_err *err) {
  char *dir = strdup(path);
  if (!dir) return jk_err_set(err, JK_ENOMEM, "out of memory");
  char *slash = strrchr(dir, '/');
  const char *d = ".";
  if (slash == dir) d = "/";
  else if (slash) {
    *slash = 0;
    d = dir;
  }
  jk_rc rc = JK_OK;
  if (exists && access(path, W_OK) != 0)
    rc = jk_err_set(err, JK_EREADONLY, "%s is read-only: use --db PATH with a writable file", path);
  else if (access(d, W_OK) != 0)
    rc = jk_err_set(err, exists ? JK_EREADONLY : JK_EIO,
                    exists ? "%s is in a read-only directory (%s; its journal cannot be written): use --db "
                             "PATH with a writable file"
                           : "cannot create %s: directory %s is not writable (use --db PATH elsewhere)",
                    path, d);
  free(dir);
  return rc;
}

jk_rc jk_store_open(const char *path, unsigned flags, jk_store **out, jk_err *err) {
  *out = NULL;
  if (!path || !*path) return jk_err_set(err, JK_EINVAL, "no database path given (use --db PATH)");
  int readonly = (flags & JK_STORE_READONLY) != 0;
  struct stat sb;
  int exists = stat(path, &sb) == 0;
  if (exists && S_ISDIR(sb.st_mode))
    return jk_err_set(err, JK_EINVAL, "%s is a directory: use --db PATH with a file", path);
  if (!exists && (readonly || !(flags & JK_STORE_CREATE)))
    return jk_err_set(err, JK_ENOTFOUND, "no database at %s: run 'jikenbo ingest FILE...' first, or give --db PATH",
                      path);
  if (!readonly) {
    jk_rc rc = check_writable(path, exists, err);
    if (rc) return rc;
  }
  jk_store *st = calloc(1, sizeof *st);
  if (!st || !(st->path = strdup(path))) {
    free(st);
    return jk_err_set(err, JK_ENOMEM, "out of memory opening %s", path);
  }
  st->flags = flags;
  int oflags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  int src = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
  jk_rc rc = JK_OK;
  if (src != SQLITE_OK) {
    rc = jk_store_dberr(st, src, "opening it", err);
    goto fail;
  }
  sqlite3_extended_result_codes(st->db, 1);
  sqlite3_busy_timeout(st->db, 5000);
  if (!readonly && sqlite3_db_readonly(st->db, "main") == 1) {
    rc = jk_err_set(err, JK_EREADONLY, "%s is read-only: use --db PATH with a writable file", path);
    goto fail;
  }
  if (jk_fts_bigram_register(st->db) != SQLITE_OK || jk_pack_register(st) != SQLITE_OK ||
      sqlite3_create_function(st->db, "jk_index_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, sql_index_text, NULL, NULL) != SQLITE_OK) {
    rc = jk_err_set(err, JK_EDB, "%s: this SQLite has no FTS5 (install libsqlite3 with FTS5)", path);
    goto fail;
  }
  /* Page cache: 32 MB for readers, so the search index's hot pages stay
     in memory (the default 2 MB thrashes at 100,000 notices); 8 MB for a
     writer, whose peak memory ingesting a huge file matters more. */
  sqlite3_exec(st->db, readonly ? "PRAGMA cache_size=-32768" : "PRAGMA cache_size=-8192", NULL, NULL, NULL);
  int version = 0;
  rc = read_version(st, &version, err);
  if (rc) goto fail;
  if (version < 0) {
    rc = jk_err_set(err, JK_EDB, "%s is an SQLite database but not a jikenbo casebook: use --db PATH with another file",
                    path);
    goto fail;
  }
  if (version > migrations[NMIGRATIONS - 1].version) {
    rc = jk_err_set(err, JK_EUNSUP, "%s has schema version %d, made by a newer jikenbo (this one knows %d): upgrade jikenbo",
                    path, version, migrations[NMIGRATIONS - 1].version);
    goto fail;
  }
  int stale = version < migrations[NMIGRATIONS - 1].version || (version > 0 && steps_missing_below(st, version));
  if (!readonly) {
    /* WAL: readers never block the writer; FULL: a commit that returned
       survives power loss, not only a killed process. */
    sqlite3_stmt *s;
    /* A new file: free pages can be given back (jk_store_tidy_index); an
       older one gets it with the VACUUM of its migration to 12.  Before
       WAL: after it, an empty file cannot change it any more. */
    if (version == 0) rc = exec(st, "PRAGMA auto_vacuum=INCREMENTAL", "setting auto_vacuum", err);
    if (rc) goto fail;
    src = sqlite3_prepare_v2(st->db, "PRAGMA journal_mode=WAL", -1, &s, NULL);
    if (src == SQLITE_OK) {
      src = sqlite3_step(s);
      src = src == SQLITE_ROW ? SQLITE_OK : sqlite3_errcode(st->db);
      sqlite3_finalize(s);
    }
    if (src) {
      rc = jk_store_dberr(st, src, "switching to WAL", err);
      goto fail;
    }
    rc = exec(st, "PRAGMA synchronous=FULL", "setting synchronous", err);
    if (rc) goto fail;
    /* Checkpoint every 8,000 WAL pages (32 MB at 4 KB), not SQLite's
       1,000: a bulk ingest rewrites the same index and summary pages in
       transaction after transaction, and each checkpoint copies them to
       the file and syncs it once more (ingest ~1.2x faster wall on 10,000
       notices).  Durability is the WAL's, synced at every commit as
       before; the WAL is checkpointed and removed when the last
       connection closes. */
    sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint=8000", NULL, NULL, NULL);

    if (stale) {
      rc = migrate(st, version, err);
      if (rc) goto fail;
      /* A file converted (not a new one): give the freed pages back. */
      if (st->vacuum && version > 0)
        rc = exec(st, "PRAGMA auto_vacuum=INCREMENTAL; VACUUM", "compacting the converted file", err);
      st->vacuum = 0;
      if (rc) goto fail;
      version = migrations[NMIGRATIONS - 1].version;
    }
  } else if (stale) {
    if (version == 0)
      rc = jk_err_set(err, JK_ENOTFOUND, "%s holds no casebook yet: run 'jikenbo ingest FILE...' first", path);
    else if (version >= migrations[NMIGRATIONS - 1].version)
      rc = jk_err_set(err, JK_EUNSUP,
                      "%s has schema version %d but lacks an earlier step this jikenbo needs: open it once "
                      "for writing (e.g. jikenbo ingest) to migrate it",
                      path, version);
    else
      rc = jk_err_set(err, JK_EUNSUP,
                      "%s has schema version %d; this jikenbo needs %d: open it once for writing "
                      "(e.g. jikenbo ingest) to migrate it",
                      path, version, migrations[NMIGRATIONS - 1].version);
    goto fail;
  }
  st->version = version;
  rc = jk_pack_open(st, err);
  if (rc) goto fail;
  *out = st;
  return JK_OK;
fail:
  jk_store_close(st);
  return rc;
}

void jk_store_close(jk_store *st) {
  if (!st) return;
  for (int i = 0; i < st->ncache; i++) sqlite3_finalize(st->cache[i].st);
  if (st->db) {
    if (st->in_tx || st->batch) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(st->db);
  }
  jk_summary_free(st);
  free(st->path);
  free(st);
}

int jk_store_schema_version(jk_store *st) { return st->version; }

struct sqlite3 *jk_store_sqlite(jk_store *st) { return st->db; }

/* ---- deadlines ------------------------------------------------------------ */

static double mono_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SQLite calls this every DEADLINE_STEPS virtual-machine steps of any
   statement on the connection; non-zero interrupts the statement. */
static int past_deadline(void *ctx) {
  jk_store *st = ctx;
  if (mono_now() <= st->deadline_at) return 0;
  st->deadline_hit = 1;
  return 1;
}

/* A clock read every few thousand steps costs nothing measurable, and a
   step is well under a microsecond: the deadline is kept to a millisecond. */
#define DEADLINE_STEPS 4000

void jk_store_set_deadline(jk_store *st, double seconds_from_now) {
  if (!st) return;
  st->deadline_hit = 0;
  if (seconds_from_now > 0) {
    st->deadline_len = seconds_from_now;
    st->deadline_at = mono_now() + seconds_from_now;
    sqlite3_progress_handler(st->db, DEADLINE_STEPS, past_deadline, st);
  } else {
    /* No handler at all without a deadline: the CLI pays nothing. */
    st->deadline_at = st->deadline_len = 0;
    sqlite3_progress_handler(st->db, 0, NULL, NULL);
  }
}

jk_rc jk_store_check_deadline(jk_store *st, const char *what, jk_err *err) {
  if (!st || st->deadline_at <= 0 || mono_now() <= st->deadline_at) return JK_OK;
  st->deadline_hit = 1;
  return jk_store_dberr(st, SQLITE_INTERRUPT, what, err);
}

/* ---- transactions ------------------------------------------------------ */

jk_rc jk_store_begin(jk_store *st, jk_err *err) {
  if (st->in_tx) return jk_err_set(err, JK_EINVAL, "%s: a transaction is already open", st->path);
  if (st->batch) {
    /* Inside a batch: the file joins the batch's transaction. */
    st->in_tx = 1;
    st->tx_changes = sqlite3_total_changes64(st->db);
    return JK_OK;
  }
  jk_rc rc = exec(st, "BEGIN IMMEDIATE", "starting a transaction", err);
  if (rc == JK_OK) st->in_tx = 1;
  return rc;
}

/* Train the compression dictionaries once enough notices are stored
   (the notices so far compressed again with them, in this transaction). */
static jk_rc train_due(jk_store *st, jk_err *err) {
  if (!st->pack_tried && st->pack_count >= JK_PACK_TRAIN_AT) return jk_pack_train(st, err);
  return JK_OK;
}

jk_rc jk_store_commit(jk_store *st, jk_err *err) {
  if (!st->in_tx) return JK_OK;
  if (st->batch) {
    /* A batch's file: it stays in the batch's transaction; the counts
       it changed stay queued in memory and are written once, when the
       batch commits. */
    jk_rc frc = train_due(st, err);
    if (frc) jk_store_rollback(st);
    else st->in_tx = 0;
    return frc;
  }
  /* The counts changed by this transaction, in it. */
  jk_rc frc = train_due(st, err);
  if (!frc) frc = jk_summary_flush(st, err);
  if (frc) {
    jk_store_rollback(st);
    return frc;
  }
  int src = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  if (src == SQLITE_OK) {
    st->in_tx = 0;
    return JK_OK;
  }
  jk_rc rc = jk_store_dberr(st, src, "committing", err);
  jk_store_rollback(st);
  return rc;
}

/* The transaction is gone (rolled back, by us or by SQLite after an I/O
   error): what memory holds about it is forgotten too. */
static void forget_tx(jk_store *st) {
  st->in_tx = 0;
  jk_summary_discard(st);
  if (st->batch) {
    st->batch = 0;
    st->batch_lost = 1;
    sqlite3_exec(st->db, "PRAGMA temp_store=DEFAULT", NULL, NULL, NULL);
  }
  jk_err e = {0, ""};
  jk_pack_open(st, &e); /* a dictionary trained in it is gone with it */
}

void jk_store_rollback(jk_store *st) {
  if (!st->in_tx) return;
  /* A batch's file that wrote nothing (already stored, refused before
     its first row): nothing to undo, the batch goes on. */
  if (st->batch && sqlite3_total_changes64(st->db) == st->tx_changes && !sqlite3_get_autocommit(st->db)) {
    st->in_tx = 0;
    return;
  }
  /* Reset cached statements first: a pending read would keep the
     rollback from releasing its locks. */
  for (int i = 0; i < st->ncache; i++) sqlite3_reset(st->cache[i].st);
  if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  /* In a batch, the whole batch is gone: jk_store_in_batch says so. */
  forget_tx(st);
}

jk_rc jk_store_batch_begin(jk_store *st, jk_err *err) {
  if (st->in_tx || st->batch) return jk_err_set(err, JK_EINVAL, "%s: a transaction is already open", st->path);
  /* Statement journals in memory, not in a temporary file written page
     by page (a batch is a long transaction of many statements).
     Durability is the WAL's, unchanged.  Set before BEGIN (a transaction
     takes it when it starts); back to the default when the batch ends. */
  sqlite3_exec(st->db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
  jk_rc rc = exec(st, "BEGIN IMMEDIATE", "starting a transaction", err);
  if (rc) {
    sqlite3_exec(st->db, "PRAGMA temp_store=DEFAULT", NULL, NULL, NULL);
    return rc;
  }
  st->batch = 1;
  st->batch_lost = 0;
  return JK_OK;
}

int jk_store_in_batch(const jk_store *st) { return st->batch; }

jk_rc jk_store_batch_commit(jk_store *st, jk_err *err) {
  if (st->in_tx) return jk_err_set(err, JK_EINVAL, "%s: a file's transaction is still open", st->path);
  if (!st->batch) {
    if (st->batch_lost) {
      st->batch_lost = 0;
      return jk_err_set(err, JK_EDB, "%s: the transaction holding these files was rolled back after an error",
                        st->path);
    }
    return JK_OK;
  }
  jk_rc rc = train_due(st, err);
  if (!rc) rc = jk_summary_flush(st, err);
  int src = rc ? SQLITE_OK : sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
  if (!rc && src == SQLITE_OK) {
    st->batch = 0;
    sqlite3_exec(st->db, "PRAGMA temp_store=DEFAULT", NULL, NULL, NULL);
    return JK_OK;
  }
  if (!rc) rc = jk_store_dberr(st, src, "committing", err);
  jk_store_batch_rollback(st);
  return rc;
}

void jk_store_batch_rollback(jk_store *st) {
  if (!st->batch) return;
  for (int i = 0; i < st->ncache; i++) sqlite3_reset(st->cache[i].st);
  if (!sqlite3_get_autocommit(st->db)) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
  forget_tx(st);
  st->batch_lost = 0;
}

/* ---- documents --------------------------------------------------------- */

jk_rc jk_store_add_document(jk_store *st, const jk_doc_info *info, const char *sha256_hex, long long *doc_id,
                            int *seen_before, jk_err *err) {
  static const char q_find[] = "SELECT id FROM documents WHERE source=?1 AND sha256=?2";
  static const char q_add[] =
      "INSERT INTO documents(source, kind, url, final_url, fetched_at, headers, sha256, raw, ingested_at, publisher,"
      " ocr) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  *doc_id = 0;
  *seen_before = 0;
  if (!info || !info->source || !sha256_hex)
    return jk_err_set(err, JK_EINVAL, "add_document: source and hash are required");
  sqlite3_stmt *s = jk_stmt(st, q_find, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_text(s, 1, info->source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, sha256_hex, -1, SQLITE_TRANSIENT);
  int src = sqlite3_step(s);
  if (src == SQLITE_ROW) {
    *doc_id = sqlite3_column_int64(s, 0);
    *seen_before = 1;
    jk_stmt_done(s);
    /* A URL given now for a file stored without one is kept. */
    if (info->url && *info->url) {
      static const char q_url[] = "UPDATE documents SET url=?2 WHERE id=?1 AND url IS NULL";
      if (!(s = jk_stmt(st, q_url, err))) return err ? err->rc : JK_EDB;
      sqlite3_bind_int64(s, 1, *doc_id);
      sqlite3_bind_text(s, 2, info->url, -1, SQLITE_TRANSIENT);
      if ((src = step_done(s))) return jk_store_dberr(st, src, "recording a document's URL", err);
    }
    return JK_OK;
  }
  jk_stmt_done(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "looking up a document", err);
  s = jk_stmt(st, q_add, err);
  if (!s) return err ? err->rc : JK_EDB;
  char now[32];
  now_iso(now);
  sqlite3_bind_text(s, 1, info->source, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, info->kind ? info->kind : "text", -1, SQLITE_TRANSIENT);
  bind_text_or_null(s, 3, info->url);
  bind_text_or_null(s, 4, info->final_url);
  bind_text_or_null(s, 5, info->fetched_at);
  bind_text_or_null(s, 6, info->headers);
  sqlite3_bind_text(s, 7, sha256_hex, -1, SQLITE_TRANSIENT);
  jk_buf packed;
  jk_buf_init(&packed);
  if (info->raw) jk_bind_packed(st, JK_PACK_PLAIN, s, 8, info->raw, info->raw_len, &packed);
  else sqlite3_bind_null(s, 8);
  sqlite3_bind_text(s, 9, now, -1, SQLITE_TRANSIENT);
  bind_text_or_null(s, 10, info->publisher && *info->publisher ? info->publisher : NULL);
  bind_text_or_null(s, 11, info->ocr);
  src = step_done(s);
  jk_buf_free(&packed);
  if (src) return jk_store_dberr(st, src, "storing a document", err);
  *doc_id = sqlite3_last_insert_rowid(st->db);
  return JK_OK;
}

/*
** Migration 6: the publisher of every stored HTML page, read again from
** its bytes (the charset hint from its stored Content-Type).  Ids first:
** the loop writes to the table it reads.
*/
static jk_rc backfill_publishers(jk_store *st, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT id FROM documents WHERE kind='html' AND raw IS NOT NULL ORDER BY id",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "listing web pages", err);
  long long *ids = NULL;
  size_t n = 0, cap = 0;
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if (jk_ids_push(&ids, &n, &cap, sqlite3_column_int64(s, 0))) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
  }
  if (rc == JK_OK && src != SQLITE_DONE && src != SQLITE_ROW) rc = jk_store_dberr(st, src, "listing web pages", err);
  sqlite3_finalize(s);
  sqlite3_stmt *get = NULL, *put = NULL;
  if (rc == JK_OK &&
      ((src = sqlite3_prepare_v2(st->db, "SELECT raw, headers FROM documents WHERE id=?1", -1, &get, NULL)) !=
           SQLITE_OK ||
       (src = sqlite3_prepare_v2(st->db, "UPDATE documents SET publisher=?2 WHERE id=?1", -1, &put, NULL)) != SQLITE_OK))
    rc = jk_store_dberr(st, src, "reading web pages", err);
  jk_buf text, plain;
  jk_buf_init(&text);
  jk_buf_init(&plain);
  for (size_t i = 0; rc == JK_OK && i < n; i++) {
    sqlite3_bind_int64(get, 1, ids[i]);
    if ((src = sqlite3_step(get)) == SQLITE_ROW) {
      size_t len = 0;
      const char *raw = jk_column_unpacked(get, 0, &plain, &len);
      const char *headers = (const char *)sqlite3_column_text(get, 1);
      cJSON *h = headers ? cJSON_Parse(headers) : NULL;
      const cJSON *ct = cJSON_GetObjectItemCaseSensitive(h, "content-type");
      jk_html_info hi;
      jk_buf_reset(&text);
      jk_rc hrc = jk_html_to_text_ex(raw ? raw : "", len, cJSON_IsString(ct) ? ct->valuestring : NULL, &text, &hi,
                                     NULL);
      cJSON_Delete(h);
      if (hrc == JK_ENOMEM) rc = jk_err_set(err, JK_ENOMEM, "out of memory reading a stored page");
      else if (hrc == JK_OK && hi.site[0]) {
        sqlite3_bind_int64(put, 1, ids[i]);
        sqlite3_bind_text(put, 2, hi.site, -1, SQLITE_TRANSIENT);
        if ((src = sqlite3_step(put)) != SQLITE_DONE) rc = jk_store_dberr(st, src, "storing a publisher", err);
        sqlite3_reset(put);
      }
    } else if (src != SQLITE_DONE) {
      rc = jk_store_dberr(st, src, "reading a web page", err);
    }
    sqlite3_reset(get);
  }
  jk_buf_free(&text);
  jk_buf_free(&plain);
  sqlite3_finalize(get);
  sqlite3_finalize(put);
  free(ids);
  return rc;
}

/* ---- incidents: linking and the full-text index ------------------------ */

/* The linking keys of a record. */
typedef struct keys {
  const char *casebook; /* valid casebook number or NULL */
  jk_buf org_key;
  long long pub_sort;
  int report_seq;
} keys;

static void keys_of(const jk_record *r, keys *k) {
  jk_buf_init(&k->org_key);
  k->casebook = casebook_ok(r->casebook_id) ? r->casebook_id : NULL;
  org_key(r->org, &k->org_key);
  k->pub_sort = date_sort(r->published);
  k->report_seq = r->report_seq;
}

/*
** The incident a new notice belongs to: the one with its casebook
** number; else, for a follow-up report (report_seq > 1), the one holding
** the same organisation's most recent notice; else a new incident.
*/
static jk_rc link_incident(jk_store *st, const keys *k, long long *inc, int *created, jk_err *err) {
  static const char q_by_cb[] = "SELECT id FROM incidents WHERE casebook_id=?1";
  static const char q_by_org[] =
      "SELECT incident_id FROM notices WHERE org_key=?1 AND incident_id IS NOT NULL"
      " ORDER BY pub_sort DESC, id DESC LIMIT 1";
  static const char q_new[] = "INSERT INTO incidents(label, casebook_id, created_at) VALUES(?1, ?1, ?2)";
  static const char q_label[] = "UPDATE incidents SET label='J-'||id WHERE id=?1";
  sqlite3_stmt *s;
  int src;
  *inc = 0;
  if (k->casebook) {
    if (!(s = jk_stmt(st, q_by_cb, err))) return err ? err->rc : JK_EDB;
    sqlite3_bind_text(s, 1, k->casebook, -1, SQLITE_TRANSIENT);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) *inc = sqlite3_column_int64(s, 0);
    jk_stmt_done(s);
    if (src != SQLITE_ROW && src != SQLITE_DONE) return jk_store_dberr(st, src, "linking a notice", err);
  } else if (k->report_seq > 1 && k->org_key.len) {
    if (!(s = jk_stmt(st, q_by_org, err))) return err ? err->rc : JK_EDB;
    sqlite3_bind_text(s, 1, k->org_key.p, (int)k->org_key.len, SQLITE_TRANSIENT);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) *inc = sqlite3_column_int64(s, 0);
    jk_stmt_done(s);
    if (src != SQLITE_ROW && src != SQLITE_DONE) return jk_store_dberr(st, src, "linking a notice", err);
  }
  *created = 0;
  if (*inc) return JK_OK;
  *created = 1;
  char now[32];
  now_iso(now);
  if (!(s = jk_stmt(st, q_new, err))) return err ? err->rc : JK_EDB;
  bind_text_or_null(s, 1, k->casebook);
  sqlite3_bind_text(s, 2, now, -1, SQLITE_TRANSIENT);
  src = step_done(s);
  if (src) return jk_store_dberr(st, src, "creating an incident", err);
  *inc = sqlite3_last_insert_rowid(st->db);
  if (!k->casebook) {
    if (!(s = jk_stmt(st, q_label, err))) return err ? err->rc : JK_EDB;
    sqlite3_bind_int64(s, 1, *inc);
    src = step_done(s);
    if (src) return jk_store_dberr(st, src, "labelling an incident", err);
  }
  return JK_OK;
}

/* The text indexed for an incident: its notices' texts in id order (ids
   only grow, so this is reproducible for the contentless 'delete'), as
   jk_index_text gives them. */
static jk_rc fts_body(jk_store *st, long long inc, jk_buf *b, int *rows, jk_err *err) {
  static const char q[] = "SELECT jk_index_text(jk_unpack(text)) FROM notices WHERE incident_id=?1 ORDER BY id";
  jk_buf_reset(b);
  *rows = 0;
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, inc);
  int src;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if ((*rows)++) jk_buf_puts(b, "\n\n");
    jk_buf_append(b, sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0));
  }
  jk_stmt_done(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "reading an incident's text", err);
  return b->oom ? jk_err_set(err, JK_ENOMEM, "out of memory indexing an incident") : JK_OK;
}

static jk_rc fts_write(jk_store *st, long long inc, const jk_buf *body, int del, jk_err *err) {
  static const char q_del[] = "INSERT INTO incident_fts(incident_fts, rowid, body) VALUES('delete', ?1, ?2)";
  static const char q_add[] = "INSERT INTO incident_fts(rowid, body) VALUES(?1, ?2)";
  sqlite3_stmt *s = jk_stmt(st, del ? q_del : q_add, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, inc);
  sqlite3_bind_text(s, 2, body->p ? body->p : "", (int)body->len, SQLITE_STATIC);
  int src = step_done(s);
  return src ? jk_store_dberr(st, src, "updating the search index", err) : JK_OK;
}

/* Migration 5: index every incident again (the index was emptied). */
static jk_rc reindex_all(jk_store *st, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT DISTINCT incident_id FROM notices WHERE incident_id IS NOT NULL", -1,
                               &s, NULL);
  if (src) return jk_store_dberr(st, src, "listing incidents to index", err);
  jk_buf body;
  jk_buf_init(&body);
  jk_rc rc = JK_OK;
  int rows;
  while (rc == JK_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
    long long inc = sqlite3_column_int64(s, 0);
    rc = fts_body(st, inc, &body, &rows, err);
    if (rc == JK_OK && rows) rc = fts_write(st, inc, &body, 0, err);
  }
  if (rc == JK_OK && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing incidents to index", err);
  sqlite3_finalize(s);
  jk_buf_free(&body);
  if (rc == JK_OK) rc = exec(st, "INSERT INTO incident_fts(incident_fts) VALUES('optimize')", "merging the index", err);
  return rc;
}

/* Link notice nid to incident inc and re-index the incident's text. */
static jk_rc refresh_incident(jk_store *st, long long inc, const jk_record *only, jk_err *err);

/* Migration 12: every stored value compressed, every incident's summary
   computed (and the counts written: the migration commits by itself). */
static jk_rc pack_and_summarise(jk_store *st, jk_err *err) {
  st->summary_later = 0;
  jk_summary_discard(st);
  sqlite3_stmt *s = NULL;
  int has = 0;
  if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info('incidents') WHERE name = 'summary'", -1, &s,
                         NULL) == SQLITE_OK)
    has = sqlite3_step(s) == SQLITE_ROW;
  sqlite3_finalize(s);
  s = NULL;
  jk_rc rc = has ? JK_OK : exec(st, "ALTER TABLE incidents ADD COLUMN summary BLOB", "adding incidents.summary", err);
  if (!rc)
    rc = exec(st,
              "DELETE FROM summary; DELETE FROM summary_incidents; DELETE FROM summary_log; DELETE FROM summary_keys;"
              "UPDATE incidents SET summary = NULL;",
              "clearing the summary counts", err);
  if (!rc) rc = exec(st,
                  "UPDATE notices SET text=jk_pack(text), record=jk_pack(record),"
                  " raw=CASE WHEN length(CAST(raw AS BLOB)) = 0 OR CAST(raw AS BLOB) = CAST(text AS BLOB) THEN x''"
                  " ELSE jk_pack(raw) END;"
                  "UPDATE documents SET raw=jk_pack(raw) WHERE raw IS NOT NULL;",
                  "compressing the stored bytes", err);
  long long *ids = NULL;
  size_t n = 0, cap = 0;
  int src = rc ? SQLITE_OK : sqlite3_prepare_v2(st->db, "SELECT id FROM incidents ORDER BY id", -1, &s, NULL);
  while (!rc && src == SQLITE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
    if (jk_ids_push(&ids, &n, &cap, sqlite3_column_int64(s, 0))) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (!rc && src != SQLITE_DONE && src != SQLITE_OK) rc = jk_store_dberr(st, src, "listing incidents", err);
  for (size_t i = 0; !rc && i < n; i++) rc = refresh_incident(st, ids[i], NULL, err);
  free(ids);
  /* A casebook large enough: its dictionaries, every notice again. */
  if (!rc) rc = jk_pack_open(st, err);
  if (!rc && st->pack_count >= JK_PACK_TRAIN_AT) rc = jk_pack_train(st, err);
  if (!rc) rc = jk_summary_flush(st, err);
  /* What a count over full-text hits or names reads per match (summary.c:
     scan): every filter column and the key ids, a few bytes per incident. */
  if (!rc)
    rc = exec(st,
              "CREATE INDEX IF NOT EXISTS incidents_summary ON incidents(id, category, pub_sort, card, vendor,"
              " data_types, reported_to, affected, summary)",
              "indexing the incidents' summaries", err);
  if (!rc) st->vacuum = 1;
  return rc;
}

/* Link notice nid to incident inc and index the incident again.  text
   (the notice's plain text, tlen bytes), when given, is that of the one
   and only notice of an incident made for it just now: its index text
   is made here (what jk_index_text gives) rather than read back. */
static jk_rc attach(jk_store *st, long long nid, long long inc, const char *text, size_t tlen, jk_err *err) {
  static const char q[] = "UPDATE notices SET incident_id=?1 WHERE id=?2";
  jk_buf body;
  jk_buf_init(&body);
  int rows = 0;
  jk_rc rc = text ? JK_OK : fts_body(st, inc, &body, &rows, err);
  if (rc == JK_OK && rows) rc = fts_write(st, inc, &body, 1, err);
  if (rc == JK_OK) {
    sqlite3_stmt *s = jk_stmt(st, q, err);
    if (!s) rc = err ? err->rc : JK_EDB;
    else {
      sqlite3_bind_int64(s, 1, inc);
      sqlite3_bind_int64(s, 2, nid);
      int src = step_done(s);
      if (src) rc = jk_store_dberr(st, src, "linking a notice", err);
    }
  }
  if (rc == JK_OK && text) {
    jk_buf_reset(&body);
    jk_arena *a = jk_arena_new();
    char *out;
    size_t len;
    uint32_t *map;
    if (!a) rc = jk_err_set(err, JK_ENOMEM, "out of memory indexing an incident");
    else if (jk_unwrap(text, tlen, a, &out, &len, &map)) jk_buf_append(&body, out, len);
    else jk_buf_append(&body, text, tlen);
    jk_arena_free(a);
    if (rc == JK_OK && body.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory indexing an incident");
  } else if (rc == JK_OK) {
    rc = fts_body(st, inc, &body, &rows, err);
  }
  if (rc == JK_OK) rc = fts_write(st, inc, &body, 0, err);
  jk_buf_free(&body);
  return rc;
}

/* ---- corrections: the fields an analyst can set ------------------------- */

/* Value kinds, each with its own validation and JSON form. */
enum { V_CASEBOOK, V_TEXT, V_DATE, V_SEQ, V_CATEGORY, V_COUNT, V_BOOL, V_DTSET, V_AUTHSET };

/* The settable fields (SCHEMA.md's, plus title and discovered).  per_report:
   the field is by nature one notice's (its date, its number); set on an
   incident it is the headline's, as every field is. */
static const struct field {
  const char *name;
  int kind;
  int per_report;
} fields[] = {
    {"casebook_id", V_CASEBOOK, 0}, {"org", V_TEXT, 0},       {"published", V_DATE, 1},
    {"report_seq", V_SEQ, 1},       {"category", V_CATEGORY, 0}, {"affected", V_COUNT, 0},
    {"card", V_BOOL, 0},            {"data_types", V_DTSET, 0}, {"reported_to", V_AUTHSET, 0},
    {"vendor", V_BOOL, 0},          {"title", V_TEXT, 0},      {"discovered", V_DATE, 1},
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

static int field_index(const char *name) {
  for (int i = 0; i < NFIELDS; i++)
    if (strcmp(fields[i].name, name) == 0) return i;
  return -1;
}

static void field_list(char *buf, size_t n) {
  size_t k = 0;
  buf[0] = 0;
  for (int i = 0; i < NFIELDS && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", fields[i].name);
}

/* Days in month m of year y (for validating dates an analyst types). */
static int days_in(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

/* Strip blanks around s in place; returns s. */
static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n')) s[--n] = 0;
  return s;
}

/* Parse a set value: "a,b", "[\"a\",\"b\"]", "" / "[]" / "none". */
static jk_rc parse_set(const char *field, char *v, int (*parse)(const char *), const char *(*name)(int), int count,
                       jk_buf *out, jk_err *err) {
  uint32_t bits = 0;
  char *p = v;
  if (*p == '[') p++;
  size_t n = strlen(p);
  if (n && p[n - 1] == ']') p[--n] = 0;
  if (strcmp(trim(p), "none") != 0) {
    for (char *tok = strtok(p, ","); tok; tok = strtok(NULL, ",")) {
      tok = trim(tok);
      size_t tn = strlen(tok);
      if (tn >= 2 && tok[0] == '"' && tok[tn - 1] == '"') {
        tok[tn - 1] = 0;
        tok++;
      }
      if (!*tok) continue;
      int id = parse(tok);
      if (id < 0) {
        char names[400];
        size_t k = 0;
        for (int i = 0; i < count && k < sizeof names; i++)
          k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", name(i));
        return jk_err_set(err, JK_EINVAL, "'%s' is not a %s value (one of: %s; comma-separated, or none)", tok,
                          field, names);
      }
      bits |= 1u << id;
    }
  }
  jk_buf_putc(out, '[');
  int k = 0;
  for (int i = 0; i < count; i++)
    if (bits & (1u << i)) jk_buf_printf(out, "%s\"%s\"", k++ ? "," : "", name(i));
  jk_buf_putc(out, ']');
  return JK_OK;
}

static const char *dt_name(int i) { return jk_data_type_name((jk_data_type)i); }
static const char *auth_name(int i) { return jk_authority_name((jk_authority)i); }

/*
** Validate value for field fi and write its canonical JSON form to out.
** Accepts what an analyst types (misuse, 2023-07-12, 1,234, yes, a,b)
** and the JSON forms ("misuse", ["a","b"], true, null).
*/
static jk_rc canon_value(int fi, const char *value, jk_buf *out, jk_err *err) {
  const struct field *f = &fields[fi];
  jk_buf norm;
  jk_buf_init(&norm);
  if (jk_normalize(value, strlen(value), &norm, NULL) || !norm.p) {
    jk_buf_free(&norm);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  char *v = trim(norm.p);
  size_t n = strlen(v);
  /* A JSON string literal: take its contents. */
  if (n >= 2 && v[0] == '"' && v[n - 1] == '"' && f->kind != V_DTSET && f->kind != V_AUTHSET) {
    v[n - 1] = 0;
    v++;
    n -= 2;
  }
  int is_null = strcmp(v, "null") == 0 || strcmp(v, "not_stated") == 0;
  jk_rc rc = JK_OK;
  switch (f->kind) {
  case V_CASEBOOK:
    if (is_null) jk_buf_puts(out, "null");
    else if (!casebook_ok(v))
      rc = jk_err_set(err, JK_EINVAL, "'%s' is not a casebook number: write YYYY-NNN (e.g. 2023-446) or null", v);
    else jk_json_str(out, v, n);
    break;
  case V_TEXT:
    if (is_null) jk_buf_puts(out, "null");
    else if (!*v) rc = jk_err_set(err, JK_EINVAL, "%s: give a value, or null for not stated", f->name);
    else if (n > 1000) rc = jk_err_set(err, JK_EINVAL, "%s: longer than 1000 bytes", f->name);
    else jk_json_str(out, v, n);
    break;
  case V_DATE: {
    jk_date d;
    if (is_null) {
      jk_buf_puts(out, "null");
    } else if (jk_date_parse_iso(v, &d) != 0 || (n > 4 && !d.m) || (n > 7 && !d.d) ||
               (d.d && d.d > days_in(d.y, d.m))) {
      rc = jk_err_set(err, JK_EINVAL, "'%s' is not a date: write YYYY-MM-DD (or YYYY-MM), or null", v);
    } else {
      char tmp[16];
      jk_date_format(d, tmp, sizeof tmp);
      jk_json_str(out, tmp, strlen(tmp));
    }
    break;
  }
  case V_SEQ:
  case V_COUNT: {
    if (is_null && f->kind == V_COUNT) {
      jk_buf_puts(out, "null");
      break;
    }
    long long x = 0;
    int digits = 0, bad = !*v;
    for (const char *p = v; *p && !bad; p++) {
      if (*p >= '0' && *p <= '9') {
        if (x > (9007199254740992LL - 9) / 10) bad = 1;
        x = x * 10 + (*p - '0');
        digits++;
      } else if (*p != ',' || !digits) {
        bad = 1;
      }
    }
    if (bad || !digits || (f->kind == V_SEQ && (x < 1 || x > 1000)))
      rc = jk_err_set(err, JK_EINVAL,
                      f->kind == V_SEQ ? "'%s' is not a report number: write a whole number from 1"
                                       : "'%s' is not a count: write a whole number (1,234 is fine) or null",
                      v);
    else jk_buf_printf(out, "%lld", x);
    break;
  }
  case V_CATEGORY: {
    int c = jk_category_parse(v);
    if (c < 0) {
      char names[300];
      size_t k = 0;
      for (int i = 0; i < JK_CAT_COUNT; i++)
        k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", jk_category_name((jk_category)i));
      rc = jk_err_set(err, JK_EINVAL, "'%s' is not a category (one of: %s)", v, names);
    } else {
      jk_buf_printf(out, "\"%s\"", jk_category_name((jk_category)c));
    }
    break;
  }
  case V_BOOL:
    if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "1")) jk_buf_puts(out, "true");
    else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "0")) jk_buf_puts(out, "false");
    else rc = jk_err_set(err, JK_EINVAL, "'%s' is not a yes/no value: write true or false (yes/no)", v);
    break;
  case V_DTSET:
    rc = parse_set(f->name, v, jk_data_type_parse, dt_name, JK_DT_COUNT, out, err);
    break;
  case V_AUTHSET:
    rc = parse_set(f->name, v, jk_authority_parse, auth_name, JK_AUTH_COUNT, out, err);
    break;
  }
  jk_buf_free(&norm);
  if (rc == JK_OK && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  return rc;
}

static void str_json(jk_buf *out, const char *s) {
  if (s) jk_json_str(out, s, strlen(s));
  else jk_buf_puts(out, "null");
}

static void date_json(jk_buf *out, jk_date d) {
  char tmp[16];
  if (d.y) jk_buf_printf(out, "\"%s\"", jk_date_format(d, tmp, sizeof tmp));
  else jk_buf_puts(out, "null");
}

static void set_json(jk_buf *out, uint32_t bits, int count, const char *(*name)(int)) {
  int k = 0;
  jk_buf_putc(out, '[');
  for (int i = 0; i < count; i++)
    if (bits & (1u << i)) jk_buf_printf(out, "%s\"%s\"", k++ ? "," : "", name(i));
  jk_buf_putc(out, ']');
}

/* The current value of field fi in r, as JSON (for the audit trail). */
static void field_json(const jk_record *r, int fi, jk_buf *out) {
  switch (fi) {
  case 0: str_json(out, r->casebook_id); break;
  case 1: str_json(out, r->org); break;
  case 2: date_json(out, r->published); break;
  case 3: jk_buf_printf(out, "%d", r->report_seq); break;
  case 4: jk_buf_printf(out, "\"%s\"", jk_category_name(r->category)); break;
  case 5:
    if (r->affected >= 0) jk_buf_printf(out, "%lld", r->affected);
    else jk_buf_puts(out, "null");
    break;
  case 6: jk_buf_puts(out, r->card ? "true" : "false"); break;
  case 7: set_json(out, r->data_types, JK_DT_COUNT, dt_name); break;
  case 8: set_json(out, r->reported_to, JK_AUTH_COUNT, auth_name); break;
  case 9: jk_buf_puts(out, r->vendor ? "true" : "false"); break;
  case 10: str_json(out, r->title); break;
  case 11: date_json(out, r->discovered); break;
  }
}

/* Apply a canonical JSON value (from canon_value) to field fi of r; the
   field's evidence is cleared, as the value no longer comes from the text. */
static jk_rc apply_value(jk_record *r, int fi, const char *json) {
  cJSON *v = cJSON_Parse(json);
  if (!v) return JK_EINVAL;
  jk_rc rc = JK_OK;
  int null = cJSON_IsNull(v);
  const char *s = cJSON_IsString(v) ? v->valuestring : NULL;
  jk_span none = {0, 0};
  switch (fi) {
  case 0: r->casebook_id = s ? jk_arena_strdup(r->arena, s) : NULL; r->casebook_id_ev = none; break;
  case 1: r->org = s ? jk_arena_strdup(r->arena, s) : NULL; r->org_ev = none; break;
  case 2:
    memset(&r->published, 0, sizeof r->published);
    if (s) jk_date_parse_iso(s, &r->published);
    r->published_ev = none;
    break;
  case 3: r->report_seq = cJSON_IsNumber(v) ? (int)v->valuedouble : r->report_seq; r->report_seq_ev = none; break;
  case 4: r->category = s && jk_category_parse(s) >= 0 ? (jk_category)jk_category_parse(s) : r->category; r->category_ev = none; break;
  case 5: r->affected = null ? -1 : (long long)v->valuedouble; r->affected_ev = none; break;
  case 6: r->card = cJSON_IsTrue(v); r->card_ev = none; break;
  case 7:
  case 8: {
    uint32_t bits = 0;
    for (cJSON *e = v->child; e; e = e->next) {
      int id = cJSON_IsString(e) ? (fi == 7 ? jk_data_type_parse(e->valuestring) : jk_authority_parse(e->valuestring)) : -1;
      if (id >= 0) bits |= 1u << id;
    }
    if (fi == 7) {
      r->data_types = bits;
      memset(r->data_type_ev, 0, sizeof r->data_type_ev);
    } else {
      r->reported_to = bits;
      memset(r->reported_to_ev, 0, sizeof r->reported_to_ev);
    }
    break;
  }
  case 9: r->vendor = cJSON_IsTrue(v); r->vendor_ev = none; break;
  case 10: r->title = s ? jk_arena_strdup(r->arena, s) : NULL; r->title_ev = none; break;
  case 11:
    memset(&r->discovered, 0, sizeof r->discovered);
    if (s) jk_date_parse_iso(s, &r->discovered);
    r->discovered_ev = none;
    break;
  default: rc = JK_EINVAL;
  }
  cJSON_Delete(v);
  return rc;
}

/* ---- reports: records rebuilt, corrections applied ---------------------- */

typedef struct correction {
  long long id, notice_id; /* notice_id 0: the incident's headline */
  int field;
  char *value, *extracted, *who, *note, *at;
} correction;

typedef struct report {
  long long notice_id;
  jk_record *rec;       /* report-level corrections applied */
  jk_record *orig;      /* as extracted (only when asked for) */
  char *source, *fetched; /* path or URL as given; first seen (fetch or ingest time) */
  char *url, *hash, *retrieved; /* provenance: URL, document SHA-256, fetch time */
  char *changed;        /* last change: re-extraction or a correction of it */
  char *ocr;            /* the document's OCR provenance (JSON) or NULL */
  long long corr[NFIELDS]; /* id of the correction in effect per field, 0: none */
} report;

typedef struct reports {
  report *v;
  size_t n;
  correction *c;
  size_t nc;
} reports;

/* An incident's headline with incident-level corrections applied. */
typedef struct headline {
  jk_headline h;           /* h.from[f] is -2 where a correction set the value */
  long long corr[NFIELDS]; /* id of the headline correction in effect per field */
  char *changed;           /* the incident's last change (see jk_incident.changed_at) */
} headline;

static void reports_free(reports *rs) {
  for (size_t i = 0; i < rs->n; i++) {
    jk_record_free(rs->v[i].rec);
    jk_record_free(rs->v[i].orig);
    free(rs->v[i].source);
    free(rs->v[i].fetched);
    free(rs->v[i].url);
    free(rs->v[i].hash);
    free(rs->v[i].retrieved);
    free(rs->v[i].changed);
    free(rs->v[i].ocr);
  }
  for (size_t i = 0; i < rs->nc; i++) {
    free(rs->c[i].value);
    free(rs->c[i].extracted);
    free(rs->c[i].who);
    free(rs->c[i].note);
    free(rs->c[i].at);
  }
  free(rs->v);
  free(rs->c);
  memset(rs, 0, sizeof *rs);
}

/* YYYYMMDD of an ISO 8601 time ("2026-12-06T23:22:43Z"), 0 if unreadable. */
static long long seen_sort(const char *t) {
  int y, m, d;
  if (!t || sscanf(t, "%4d-%2d-%2d", &y, &m, &d) != 3) return 0;
  return (long long)y * 10000 + m * 100 + d;
}

/* The timeline: by the notice's date, an undated notice by the day it
   was first seen; then the report number; then arrival. */
static long long timeline_key(const report *r) {
  long long d = date_sort(r->rec->published);
  return d ? d : seen_sort(r->fetched);
}

static int timeline_cmp(const void *a, const void *b) {
  const report *x = a, *y = b;
  long long dx = timeline_key(x), dy = timeline_key(y);
  if (dx != dy) return !dx ? 1 : !dy ? -1 : dx < dy ? -1 : 1;
  if (x->rec->report_seq != y->rec->report_seq) return x->rec->report_seq < y->rec->report_seq ? -1 : 1;
  return x->notice_id < y->notice_id ? -1 : x->notice_id > y->notice_id;
}

static jk_rc load_corrections(jk_store *st, long long inc, reports *rs, jk_err *err) {
  static const char q[] =
      "SELECT id, coalesce(notice_id, 0), field, value, extracted, who, note, at FROM corrections"
      " WHERE incident_id=?1 ORDER BY id";
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, inc);
  int src;
  size_t cap = 0;
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    int fi = field_index((const char *)sqlite3_column_text(s, 2));
    if (fi < 0) continue; /* a field of a later version: keep, ignore */
    if (rs->nc == cap) {
      cap = cap ? cap * 2 : 8;
      correction *c = realloc(rs->c, cap * sizeof *c);
      if (!c) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory reading corrections");
        break;
      }
      rs->c = c;
    }
    correction *c = &rs->c[rs->nc++];
    c->id = sqlite3_column_int64(s, 0);
    c->notice_id = sqlite3_column_int64(s, 1);
    c->field = fi;
    c->value = dup_col(s, 3);
    c->extracted = dup_col(s, 4);
    c->who = dup_col(s, 5);
    c->note = dup_col(s, 6);
    c->at = dup_col(s, 7);
  }
  jk_stmt_done(s);
  if (rc == JK_OK && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading corrections", err);
  return rc;
}

/* *slot = the later of *slot and t (ISO 8601 UTC sorts as text). */
static void later(char **slot, const char *t) {
  if (!t || !*t || (*slot && strcmp(*slot, t) >= 0)) return;
  char *c = strdup(t);
  if (!c) return;
  free(*slot);
  *slot = c;
}

/*
** Load an incident's reports in timeline order (timeline_cmp), each
** record rebuilt from its JSON with the corrections made to that report
** applied in the order they were made (headline corrections are
** merge_reports'). with_text attaches the notice text; keep_orig keeps
** the uncorrected record too.
*/
static jk_rc load_reports(jk_store *st, long long inc, int with_text, int keep_orig, reports *rs, jk_err *err) {
  static const char q[] =
      "SELECT n.id, n.record, n.text, d.source,"
      " coalesce(d.fetched_at, nullif(json_extract(d.headers, '$.first_seen'), ''), d.ingested_at),"
      " coalesce(d.final_url, d.url), coalesce(nullif(json_extract(d.headers, '$.source_sha256'), ''), d.sha256),"
      " d.fetched_at, n.changed_at, d.ocr FROM notices n"
      " JOIN documents d ON d.id = n.doc_id WHERE n.incident_id=?1 AND n.record IS NOT NULL ORDER BY n.id";
  memset(rs, 0, sizeof *rs);
  jk_rc rc = load_corrections(st, inc, rs, err);
  if (rc) return rc;
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, inc);
  int src;
  size_t cap = 0;
  jk_buf jbuf, tbuf;
  jk_buf_init(&jbuf);
  jk_buf_init(&tbuf);
  while (rc == JK_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
    if (rs->n == cap) {
      cap = cap ? cap * 2 : 4;
      report *v = realloc(rs->v, cap * sizeof *v);
      if (!v) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory reading reports");
        break;
      }
      rs->v = v;
    }
    report *r = &rs->v[rs->n];
    memset(r, 0, sizeof *r);
    r->notice_id = sqlite3_column_int64(s, 0);
    size_t jlen = 0;
    const char *json = jk_column_unpacked(s, 1, &jbuf, &jlen);
    jk_err e2;
    rc = json ? jk_record_from_json(json, jlen, &r->rec, &e2)
              : jk_err_set(&e2, JK_EDB, "not a readable zstd frame");
    if (rc) {
      jk_err_set(err, rc, "%s: stored record of notice %lld is unreadable (%s): run 'jikenbo reextract'", st->path,
                 r->notice_id, e2.msg);
      break;
    }
    rs->n++;
    r->source = dup_col(s, 3);
    r->fetched = dup_col(s, 4);
    r->url = dup_col(s, 5);
    r->hash = dup_col(s, 6);
    r->retrieved = dup_col(s, 7);
    r->changed = dup_col(s, 8);
    r->ocr = dup_col(s, 9);
    if (with_text) {
      size_t tlen = 0;
      const char *t = jk_column_unpacked(s, 2, &tbuf, &tlen);
      r->rec->text = t ? jk_arena_strndup(r->rec->arena, t, tlen) : NULL;
      r->rec->text_len = r->rec->text ? tlen : 0;
    }
    if (keep_orig) {
      jk_rc rc2 = jk_record_from_json(json, jlen, &r->orig, &e2);
      if (rc2 == JK_OK && with_text) {
        r->orig->text = r->rec->text;
        r->orig->text_len = r->rec->text_len;
      }
    }
    for (size_t i = 0; i < rs->nc; i++) {
      const correction *c = &rs->c[i];
      if (c->notice_id != r->notice_id) continue;
      if (apply_value(r->rec, c->field, c->value) == JK_OK) {
        r->corr[c->field] = c->id;
        later(&r->changed, c->at);
      }
    }
  }
  jk_stmt_done(s);
  jk_buf_free(&jbuf);
  jk_buf_free(&tbuf);
  if (rc == JK_OK && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "reading reports", err);
  if (rc) {
    reports_free(rs);
    return rc;
  }
  if (rs->n > 1) qsort(rs->v, rs->n, sizeof *rs->v, timeline_cmp);
  return JK_OK;
}

/* The headline field a correctable field sets (-1: none tracked). */
static int headline_field(int fi) {
  switch (fi) {
  case 0: return JK_H_CASEBOOK;
  case 1: return JK_H_VICTIM;
  case 2: return JK_H_PUBLISHED;
  case 4: return JK_H_CATEGORY;
  case 5: return JK_H_AFFECTED;
  case 10: return JK_H_TITLE;
  case 11: return JK_H_DISCOVERED;
  }
  return -1;
}

/*
** The incident's headline (jk_incident_headline over the reports in
** timeline order), then, when with_corr, the headline corrections in the
** order made.  NULL rec on out of memory.
*/
static jk_rc merge_reports(const reports *rs, int with_corr, headline *out) {
  memset(out, 0, sizeof *out);
  jk_record **recs = calloc(rs->n + 1, sizeof *recs);
  if (!recs) return JK_ENOMEM;
  for (size_t i = 0; i < rs->n; i++) {
    recs[i] = rs->v[i].rec;
    later(&out->changed, rs->v[i].changed);
  }
  jk_rc rc = jk_incident_headline(recs, rs->n, &out->h);
  free(recs);
  if (rc) return rc;
  for (size_t i = 0; with_corr && i < rs->nc; i++) {
    const correction *c = &rs->c[i];
    if (c->notice_id) continue;
    if (apply_value(out->h.rec, c->field, c->value) == JK_OK) {
      out->corr[c->field] = c->id;
      int hf = headline_field(c->field);
      if (hf >= 0) out->h.from[hf] = -2;
      later(&out->changed, c->at);
    }
  }
  return JK_OK;
}

static void headline_free(headline *h) {
  jk_headline_free(&h->h);
  free(h->changed);
  memset(h, 0, sizeof *h);
}

/* ---- the organisation and product filters' keys --------------------------- */

/* A name's keys, each a prefix the filter matches: an organisation's key
   (NFKC, no spaces) and the same without the legal form printed before
   it (株式会社ミナトデータ: also ミナトデータ); a product's name (NFKC)
   and each of its words to the end (Microsoft Teams: also Teams). */
static jk_rc name_key_add(jk_store *st, long long inc, int kind, const char *k, size_t n, jk_err *err) {
  static const char q[] = "INSERT OR IGNORE INTO incident_names(kind, key, incident_id) VALUES(?1, ?2, ?3)";
  if (!n) return JK_OK;
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int(s, 1, kind);
  sqlite3_bind_text(s, 2, k, (int)n, SQLITE_TRANSIENT);
  sqlite3_bind_int64(s, 3, inc);
  int src = step_done(s);
  return src ? jk_store_dberr(st, src, "storing a name's filter key", err) : JK_OK;
}

static jk_rc names_update(jk_store *st, long long inc, const jk_buf *okey, const jk_record *m, int fresh,
                          jk_err *err) {
  static const char q_del[] = "DELETE FROM incident_names WHERE incident_id=?1";
  if (!fresh) { /* fresh: made in this transaction, no keys yet */
    sqlite3_stmt *s = jk_stmt(st, q_del, err);
    if (!s) return err ? err->rc : JK_EDB;
    sqlite3_bind_int64(s, 1, inc);
    int src = step_done(s);
    if (src) return jk_store_dberr(st, src, "updating a name's filter keys", err);
  }
  jk_rc rc = JK_OK;
  if (okey->len) {
    rc = name_key_add(st, inc, 0, okey->p, okey->len, err);
    size_t pk = 0;
    if (!rc && jk_starts_any(okey->p, okey->len, jk_org_prefixes, jk_org_prefixes_n, &pk) && pk < okey->len)
      rc = name_key_add(st, inc, 0, okey->p + pk, okey->len - pk, err);
  }
  jk_buf t;
  jk_buf_init(&t);
  for (size_t i = 0; !rc && i < m->products.n; i++) {
    const char *p = m->products.v[i].text;
    if (!p || !*p) continue;
    jk_buf_reset(&t);
    if (jk_normalize(p, strlen(p), &t, NULL) != JK_OK || !t.p) continue;
    size_t n = t.len;
    for (size_t j = 0; !rc && j < n; j++)
      if (j == 0 || (t.p[j - 1] == ' ' && t.p[j] != ' ')) rc = name_key_add(st, inc, 1, t.p + j, n - j, err);
  }
  jk_buf_free(&t);
  return rc;
}

/* Recompute an incident's filter columns and products from its reports.
   only: the incident's one and only report, when the caller has it in
   hand (a new incident: no corrections yet), to skip reading it back. */
static jk_rc refresh_incident(jk_store *st, long long inc, const jk_record *only, jk_err *err) {
  static const char q_upd[] =
      "UPDATE incidents SET org=?2, org_key=?3, title=?4, published=?5, pub_sort=?6, category=?7,"
      " affected=?8, card=?9, vendor=?10, data_types=?11, reported_to=?12, products=?13, reports=?14,"
      " corrected=?15 WHERE id=?1";
  static const char q_upd_sum[] =
      "UPDATE incidents SET org=?2, org_key=?3, title=?4, published=?5, pub_sort=?6, category=?7,"
      " affected=?8, card=?9, vendor=?10, data_types=?11, reported_to=?12, products=?13, reports=?14,"
      " corrected=?15, summary=?16 WHERE id=?1";
  static const char q_pdel[] = "DELETE FROM incident_products WHERE incident_id=?1";
  static const char q_padd[] = "INSERT OR IGNORE INTO incident_products VALUES(?1, ?2)";
  reports rs;
  report one;
  jk_rc rc = JK_OK;
  if (only) {
    memset(&rs, 0, sizeof rs);
    memset(&one, 0, sizeof one);
    one.rec = (jk_record *)only; /* read only; not freed (rs is not freed) */
    rs.v = &one;
    rs.n = 1;
  } else {
    /* With the text: an issuer's role is read from it. */
    rc = load_reports(st, inc, 1, 0, &rs, err);
  }
  if (rc) return rc;
  headline hl;
  if (merge_reports(&rs, 1, &hl) != JK_OK || !hl.h.rec) {
    headline_free(&hl);
    if (!only) reports_free(&rs);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  const jk_record *m = hl.h.rec;
  jk_buf key, prods;
  jk_buf_init(&key);
  jk_buf_init(&prods);
  org_key(m->org, &key);
  for (size_t i = 0; i < m->products.n; i++) {
    if (i) jk_buf_putc(&prods, '\n');
    jk_buf_puts(&prods, m->products.v[i].text);
  }
  /* The counts first: they read the summary stored before, and the new
     one is written with the other columns (one UPDATE of the row and of
     its indexes, not two). */
  jk_buf sum;
  jk_buf_init(&sum);
  {
    jk_record *one_rec[1], **recs = rs.n <= 1 ? one_rec : malloc(rs.n * sizeof *recs);
    if (!recs) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    for (size_t i = 0; recs && i < rs.n; i++) recs[i] = rs.v[i].rec;
    if (recs) rc = jk_summary_update(st, inc, m, recs, rs.n, only != NULL, &sum, err);
    if (recs != one_rec) free(recs);
  }
  char date[16];
  int with_sum = !st->summary_later;
  sqlite3_stmt *s = rc ? NULL : jk_stmt(st, with_sum ? q_upd_sum : q_upd, err);
  int src = SQLITE_OK;
  if (rc) {
  } else if (!s) rc = err ? err->rc : JK_EDB;
  else {
    sqlite3_bind_int64(s, 1, inc);
    bind_text_or_null(s, 2, m->org);
    if (key.len) sqlite3_bind_text(s, 3, key.p, (int)key.len, SQLITE_TRANSIENT);
    bind_text_or_null(s, 4, m->title);
    bind_text_or_null(s, 5, m->published.y ? jk_date_format(m->published, date, sizeof date) : NULL);
    if (m->published.y) sqlite3_bind_int64(s, 6, date_sort(m->published));
    sqlite3_bind_int(s, 7, (int)m->category);
    if (m->affected >= 0) sqlite3_bind_int64(s, 8, m->affected);
    sqlite3_bind_int(s, 9, m->card);
    sqlite3_bind_int(s, 10, m->vendor);
    sqlite3_bind_int64(s, 11, m->data_types);
    sqlite3_bind_int64(s, 12, m->reported_to);
    sqlite3_bind_null(s, 13); /* incident_products holds them (schema 12) */
    sqlite3_bind_int64(s, 14, (long long)rs.n);
    sqlite3_bind_int64(s, 15, (long long)rs.nc);
    if (with_sum) sqlite3_bind_blob(s, 16, sum.p ? sum.p : "", (int)sum.len, SQLITE_STATIC);
    src = step_done(s);
  }
  /* A new incident (only) has no product or name rows to take back. */
  if (rc == JK_OK && src == SQLITE_OK && (only || (s = jk_stmt(st, q_pdel, err)))) {
    if (!only) {
      sqlite3_bind_int64(s, 1, inc);
      src = step_done(s);
    }
    for (size_t i = 0; src == SQLITE_OK && i < m->products.n; i++) {
      if (!(s = jk_stmt(st, q_padd, err))) break;
      sqlite3_bind_int64(s, 1, inc);
      sqlite3_bind_text(s, 2, m->products.v[i].text, -1, SQLITE_TRANSIENT);
      src = step_done(s);
    }
    if (!s) rc = err ? err->rc : JK_EDB;
  }
  if (rc == JK_OK && src) rc = jk_store_dberr(st, src, "updating an incident", err);
  if (rc == JK_OK) rc = names_update(st, inc, &key, m, only != NULL, err);
  jk_buf_free(&sum);
  jk_buf_free(&key);
  jk_buf_free(&prods);
  headline_free(&hl);
  if (!only) reports_free(&rs);
  return rc;
}

/* ---- segments ----------------------------------------------------------- */

static jk_rc add_sighting(jk_store *st, long long nid, long long doc_id, const jk_segment *seg, jk_err *err) {
  static const char q[] =
      "INSERT INTO sightings(notice_id, doc_id, heading_line, first_line, seen_at) VALUES(?1, ?2, ?3, ?4, ?5)";
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  char now[32];
  now_iso(now);
  sqlite3_bind_int64(s, 1, nid);
  sqlite3_bind_int64(s, 2, doc_id);
  sqlite3_bind_int(s, 3, seg->heading_line);
  sqlite3_bind_int(s, 4, seg->first_line);
  sqlite3_bind_text(s, 5, now, -1, SQLITE_TRANSIENT);
  int src = step_done(s);
  return src ? jk_store_dberr(st, src, "recording a sighting", err) : JK_OK;
}

static void label_of(jk_store *st, long long inc, char out[32]) {
  static const char q[] = "SELECT label FROM incidents WHERE id=?1";
  out[0] = 0;
  sqlite3_stmt *s = jk_stmt(st, q, NULL);
  if (!s) return;
  sqlite3_bind_int64(s, 1, inc);
  if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
    snprintf(out, 32, "%s", (const char *)sqlite3_column_text(s, 0));
  jk_stmt_done(s);
}

/* A document's source, and its publisher (*publisher, malloc'd, NULL if none). */
static char *doc_source(jk_store *st, long long doc_id, char **publisher) {
  static const char q[] = "SELECT source, publisher FROM documents WHERE id=?1";
  sqlite3_stmt *s = jk_stmt(st, q, NULL);
  char *r = NULL;
  *publisher = NULL;
  if (!s) return NULL;
  sqlite3_bind_int64(s, 1, doc_id);
  if (sqlite3_step(s) == SQLITE_ROW) {
    r = dup_col(s, 0);
    *publisher = dup_col(s, 1);
  }
  jk_stmt_done(s);
  return r;
}

/* Store the new notice row nid's record columns and link it.  old: the
   record stored before (reextract), NULL for a new notice; when the new
   record differs from it, changed_at dates the change. */
static jk_rc store_record(jk_store *st, long long nid, const jk_record *rec, const char *old, const char *text,
                          size_t tlen, long long *inc, int *created, jk_err *err) {
  static const char q[] =
      "UPDATE notices SET record=?2, fail_reason=NULL, extracted_at=?3, extractor=?4, casebook_id=?5,"
      " org_key=?6, pub_sort=?7, report_seq=?8, changed_at=coalesce(?9, changed_at) WHERE id=?1";
  jk_buf json, packed;
  jk_buf_init(&json);
  jk_buf_init(&packed);
  keys k;
  keys_of(rec, &k);
  jk_rc rc = jk_record_to_json(rec, JK_JSON_EVIDENCE, &json);
  if (rc) rc = jk_err_set(err, rc, "out of memory writing a record");
  sqlite3_stmt *s = rc ? NULL : jk_stmt(st, q, err);
  if (!rc && !s) rc = err ? err->rc : JK_EDB;
  if (!rc) {
    char now[32];
    now_iso(now);
    sqlite3_bind_int64(s, 1, nid);
    jk_bind_packed(st, JK_PACK_RECORD, s, 2, json.p, json.len, &packed);
    sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 4, JK_VERSION, -1, SQLITE_STATIC);
    bind_text_or_null(s, 5, k.casebook);
    if (k.org_key.len) sqlite3_bind_text(s, 6, k.org_key.p, (int)k.org_key.len, SQLITE_TRANSIENT);
    if (k.pub_sort) sqlite3_bind_int64(s, 7, k.pub_sort);
    sqlite3_bind_int(s, 8, k.report_seq);
    if (old && strcmp(old, json.p ? json.p : "") != 0) sqlite3_bind_text(s, 9, now, -1, SQLITE_TRANSIENT);
    int src = step_done(s);
    if (src) rc = jk_store_dberr(st, src, "storing a record", err);
  }
  *created = 0;
  if (!rc && inc && !*inc) {
    rc = link_incident(st, &k, inc, created, err);
    if (!rc) rc = attach(st, nid, *inc, *created ? text : NULL, tlen, err);
  }
  jk_buf_free(&k.org_key);
  jk_buf_free(&json);
  jk_buf_free(&packed);
  return rc;
}

static jk_rc add_segment(jk_store *st, long long doc_id, const jk_segment *seg, const jk_record *rec,
                         const char *fail_reason, jk_add_result *res, jk_err *err) {
  static const char q_find[] = "SELECT id, coalesce(incident_id, 0), is_notice FROM notices WHERE text_sha=?1";
  static const char q_add[] =
      "INSERT INTO notices(doc_id, first_line, heading_line, last_line, raw_offset, is_notice, why,"
      " truncated, text_sha, raw, text, fail_reason, title_line)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
  char sha[65];
  jk_sha256_hex(seg->text ? seg->text : "", seg->text ? seg->len : 0, sha);
  sqlite3_stmt *s = jk_stmt(st, q_find, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_text(s, 1, sha, 64, SQLITE_TRANSIENT);
  int src = sqlite3_step(s);
  if (src == SQLITE_ROW) {
    res->notice_id = sqlite3_column_int64(s, 0);
    res->incident_id = sqlite3_column_int64(s, 1);
    res->is_notice = sqlite3_column_int(s, 2);
    res->duplicate = 1;
    jk_stmt_done(s);
    if (res->incident_id) label_of(st, res->incident_id, res->incident);
    return add_sighting(st, res->notice_id, doc_id, seg, err);
  }
  jk_stmt_done(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "looking up a notice", err);

  /* New text.  Extract it here when the caller left that to us, so that
     duplicates (the common case on re-runs) cost no extraction. */
  jk_record *own = NULL;
  if (!seg->is_notice) {
    rec = NULL;
    fail_reason = NULL;
  } else if (!rec && !fail_reason) {
    /* The publisher the caller gave, else the document's: what reextract
       will give it too. */
    char *publisher = NULL;
    char *src_name = doc_source(st, doc_id, &publisher);
    jk_segment with = *seg;
    if (!with.publisher) with.publisher = publisher;
    jk_rc xrc = jk_extract(&with, src_name, &own);
    free(src_name);
    free(publisher);
    if (xrc) fail_reason = xrc == JK_ENOMEM ? "extraction ran out of memory" : "extraction failed";
    rec = own;
  }
  if (!(s = jk_stmt(st, q_add, err))) {
    jk_record_free(own);
    return err ? err->rc : JK_EDB;
  }
  sqlite3_bind_int64(s, 1, doc_id);
  sqlite3_bind_int(s, 2, seg->first_line);
  sqlite3_bind_int(s, 3, seg->heading_line);
  sqlite3_bind_int(s, 4, seg->last_line);
  sqlite3_bind_int64(s, 5, seg->raw_offset);
  sqlite3_bind_int(s, 6, seg->is_notice ? 1 : 0);
  bind_text_or_null(s, 7, seg->why);
  sqlite3_bind_int(s, 8, seg->truncated);
  sqlite3_bind_text(s, 9, sha, 64, SQLITE_TRANSIENT);
  /* The raw bytes are stored only where they differ from the text (an
     empty raw: the same bytes as the text; a segment is never empty). */
  jk_buf praw, ptext;
  jk_buf_init(&praw);
  jk_buf_init(&ptext);
  size_t rlen = seg->raw ? seg->raw_len : 0, tlen = seg->text ? seg->len : 0;
  if (rlen == tlen && (!rlen || memcmp(seg->raw, seg->text, rlen) == 0)) sqlite3_bind_zeroblob(s, 10, 0);
  else jk_bind_packed(st, JK_PACK_TEXT, s, 10, seg->raw ? seg->raw : "", rlen, &praw);
  jk_bind_packed(st, JK_PACK_TEXT, s, 11, seg->text ? seg->text : "", tlen, &ptext);
  st->pack_count++;
  bind_text_or_null(s, 12, seg->is_notice && !rec ? (fail_reason ? fail_reason : "no record") : NULL);
  if (seg->title_line > 0) sqlite3_bind_int(s, 13, seg->title_line);
  src = step_done(s);
  jk_buf_free(&praw);
  jk_buf_free(&ptext);
  if (src) {
    jk_record_free(own);
    return jk_store_dberr(st, src, "storing a notice", err);
  }
  res->notice_id = sqlite3_last_insert_rowid(st->db);
  jk_rc rc = JK_OK;
  if (rec) {
    res->no_date = !rec->published.y;
    res->no_count = rec->affected < 0;
    long long inc = 0;
    int created = 0;
    rc = store_record(st, res->notice_id, rec, NULL, seg->text ? seg->text : "", tlen, &inc, &created, err);
    if (!rc) rc = refresh_incident(st, inc, created ? rec : NULL, err);
    if (!rc) {
      res->incident_id = inc;
      label_of(st, inc, res->incident);
    }
  }
  jk_record_free(own);
  if (!rc) rc = add_sighting(st, res->notice_id, doc_id, seg, err);
  return rc;
}

/*
** Inside the caller's transaction a failure leaves this segment half
** stored, and the caller must roll back (ingest does: one file, one
** transaction).  No savepoint per segment: FTS5 flushes its pending
** index at every savepoint, which made each notice a tiny index segment
** and tripled the cost of ingest.  Outside a transaction the segment is
** its own.
*/
jk_rc jk_store_add_segment(jk_store *st, long long doc_id, const jk_segment *seg, const jk_record *rec,
                           const char *fail_reason, jk_add_result *res, jk_err *err) {
  memset(res, 0, sizeof *res);
  res->is_notice = seg->is_notice;
  if (st->in_tx) return add_segment(st, doc_id, seg, rec, fail_reason, res, err);
  jk_rc rc = jk_store_begin(st, err);
  if (rc) return rc;
  rc = add_segment(st, doc_id, seg, rec, fail_reason, res, err);
  if (rc) jk_store_rollback(st);
  else rc = jk_store_commit(st, err);
  return rc;
}

/* ---- reextract ---------------------------------------------------------- */

jk_rc jk_store_reextract(jk_store *st, jk_progress_fn progress, void *ctx, long long *n, jk_err *err) {
  static const char q_ids[] = "SELECT id FROM notices WHERE is_notice=1 ORDER BY id";
  static const char q_one[] =
      "SELECT n.text, n.raw, n.first_line, n.heading_line, n.last_line, n.raw_offset, n.truncated,"
      " coalesce(n.incident_id, 0), d.source, d.publisher, n.title_line, n.record"
      " FROM notices n JOIN documents d ON d.id=n.doc_id WHERE n.id=?1";
  static const char q_incs[] = "SELECT id FROM incidents ORDER BY id";
  *n = 0;
  long long *ids = NULL, *incs = NULL;
  size_t nids = 0, cap = 0, nincs = 0, icap = 0;
  jk_buf tbuf, rbuf;
  jk_buf_init(&tbuf);
  jk_buf_init(&rbuf);
  int own_tx = !st->in_tx;
  jk_rc rc = own_tx ? jk_store_begin(st, err) : JK_OK;
  if (rc) return rc;
  /* Collect the ids first: the loop below writes to the table it reads. */
  sqlite3_stmt *s = jk_stmt(st, q_ids, err);
  int src = SQLITE_DONE;
  if (!s) rc = err ? err->rc : JK_EDB;
  while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW) {
    if (nids == cap) {
      cap = cap ? cap * 2 : 256;
      long long *v = realloc(ids, cap * sizeof *v);
      if (!v) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        break;
      }
      ids = v;
    }
    ids[nids++] = sqlite3_column_int64(s, 0);
  }
  jk_stmt_done(s);
  if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing notices", err);
  for (size_t i = 0; !rc && i < nids; i++) {
    if (!(s = jk_stmt(st, q_one, err))) {
      rc = err ? err->rc : JK_EDB;
      break;
    }
    sqlite3_bind_int64(s, 1, ids[i]);
    if ((src = sqlite3_step(s)) != SQLITE_ROW) {
      jk_stmt_done(s);
      rc = jk_store_dberr(st, src == SQLITE_DONE ? SQLITE_CORRUPT : src, "reading a notice", err);
      break;
    }
    jk_segment seg;
    memset(&seg, 0, sizeof seg);
    seg.text = jk_column_unpacked(s, 0, &tbuf, &seg.len);
    seg.raw = jk_column_unpacked(s, 1, &rbuf, &seg.raw_len);
    if (!seg.text || !seg.raw) {
      jk_stmt_done(s);
      rc = jk_err_set(err, JK_EDB, "%s: notice %lld: stored bytes are not a readable zstd frame (a damaged file)",
                      st->path, ids[i]);
      break;
    }
    if (!seg.raw_len) { /* stored once: the raw bytes are the text's */
      seg.raw = seg.text;
      seg.raw_len = seg.len;
    }
    seg.first_line = sqlite3_column_int(s, 2);
    seg.heading_line = sqlite3_column_int(s, 3);
    seg.last_line = sqlite3_column_int(s, 4);
    seg.raw_offset = sqlite3_column_int64(s, 5);
    seg.truncated = sqlite3_column_int(s, 6);
    seg.is_notice = 1;
    seg.publisher = (const char *)sqlite3_column_text(s, 9); /* as at ingest (NULL: not from the web) */
    seg.title_line = sqlite3_column_int(s, 10);              /* as the splitter found it (0: the heading) */
    long long inc = sqlite3_column_int64(s, 7);
    char *source = dup_col(s, 8);
    /* The record stored before, unpacked (NULL: none). */
    char *old = NULL;
    if (sqlite3_column_type(s, 11) != SQLITE_NULL) {
      jk_buf obuf;
      jk_buf_init(&obuf);
      size_t olen = 0;
      const char *op = jk_column_unpacked(s, 11, &obuf, &olen);
      if (op && (old = malloc(olen + 1))) {
        memcpy(old, op, olen);
        old[olen] = 0;
      }
      jk_buf_free(&obuf);
    }
    jk_record *rec = NULL;
    jk_rc xrc = jk_extract(&seg, source, &rec);
    jk_stmt_done(s);
    free(source);
    if (xrc) {
      free(old);
      rc = jk_err_set(err, xrc, "%s: re-extracting notice %lld: %s", st->path, ids[i], jk_rc_name(xrc));
      break;
    }
    /* Links stay as they are (corrections refer to incidents); a notice
       that had no record before is linked now. */
    int created = 0;
    rc = store_record(st, ids[i], rec, old ? old : "", NULL, 0, &inc, &created, err);
    free(old);
    jk_record_free(rec);
    (*n)++;
    if (progress) progress(ctx, (long long)i + 1, (long long)nids);
  }
  /* Then every incident's summary, from the new records. */
  if (!rc && (s = jk_stmt(st, q_incs, err))) {
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
      if (jk_ids_push(&incs, &nincs, &icap, sqlite3_column_int64(s, 0))) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        break;
      }
    }
    jk_stmt_done(s);
    if (!rc && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing incidents", err);
  } else if (!rc) {
    rc = err ? err->rc : JK_EDB;
  }
  for (size_t i = 0; !rc && i < nincs; i++) rc = refresh_incident(st, incs[i], NULL, err);
  free(ids);
  free(incs);
  jk_buf_free(&tbuf);
  jk_buf_free(&rbuf);
  if (own_tx) {
    if (rc) jk_store_rollback(st);
    else rc = jk_store_commit(st, err);
  }
  return rc;
}

/*
** Migration 7: the title line of stored notices, from their record's
** title evidence (a title on another line than the heading is what the
** splitter's title_line gave), and every incident's columns again (the
** headline now comes from the victim's reports).
*/
static jk_rc incident_record_v7(jk_store *st, jk_err *err) {
  sqlite3_stmt *s = NULL, *put = NULL;
  int src = sqlite3_prepare_v2(st->db,
                               "SELECT id, jk_unpack(record), jk_unpack(text), first_line, heading_line FROM notices"
                               " WHERE record IS NOT NULL ORDER BY id",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "listing notices", err);
  if ((src = sqlite3_prepare_v2(st->db, "UPDATE notices SET title_line=?2 WHERE id=?1", -1, &put, NULL))) {
    sqlite3_finalize(s);
    return jk_store_dberr(st, src, "storing title lines", err);
  }
  jk_rc rc = JK_OK;
  long long *ids = NULL;
  int *lines = NULL;
  size_t n = 0, cap = 0;
  while (rc == JK_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
    jk_record *r = NULL;
    jk_err e2;
    if (jk_record_from_json((const char *)sqlite3_column_text(s, 1), (size_t)sqlite3_column_bytes(s, 1), &r, &e2))
      continue; /* unreadable: reextract reports it */
    const char *text = (const char *)sqlite3_column_text(s, 2);
    size_t len = (size_t)sqlite3_column_bytes(s, 2);
    int first = sqlite3_column_int(s, 3), heading = sqlite3_column_int(s, 4);
    if (r->title_ev.len && text && r->title_ev.off < len) {
      int line = first;
      for (size_t i = 0; i < r->title_ev.off; i++)
        if (text[i] == '\n') line++;
      if (line != heading) {
        if (n == cap) {
          cap = cap ? cap * 2 : 64;
          long long *v = realloc(ids, cap * sizeof *v);
          int *l = v ? realloc(lines, cap * sizeof *l) : NULL;
          if (v) ids = v;
          if (l) lines = l;
          if (!v || !l) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        }
        if (rc == JK_OK) {
          ids[n] = sqlite3_column_int64(s, 0);
          lines[n++] = line;
        }
      }
    }
    jk_record_free(r);
  }
  if (rc == JK_OK && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing notices", err);
  sqlite3_finalize(s);
  for (size_t i = 0; rc == JK_OK && i < n; i++) {
    sqlite3_bind_int64(put, 1, ids[i]);
    sqlite3_bind_int(put, 2, lines[i]);
    if ((src = sqlite3_step(put)) != SQLITE_DONE) rc = jk_store_dberr(st, src, "storing title lines", err);
    sqlite3_reset(put);
  }
  sqlite3_finalize(put);
  free(ids);
  free(lines);
  /* Every incident's columns, from its reports. */
  n = cap = 0;
  ids = NULL;
  if (rc == JK_OK && (src = sqlite3_prepare_v2(st->db, "SELECT id FROM incidents ORDER BY id", -1, &s, NULL)))
    rc = jk_store_dberr(st, src, "listing incidents", err);
  else if (rc == JK_OK) {
    while (rc == JK_OK && (src = sqlite3_step(s)) == SQLITE_ROW)
      if (jk_ids_push(&ids, &n, &cap, sqlite3_column_int64(s, 0))) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    if (rc == JK_OK && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing incidents", err);
    sqlite3_finalize(s);
  }
  for (size_t i = 0; rc == JK_OK && i < n; i++) rc = refresh_incident(st, ids[i], NULL, err);
  free(ids);
  return rc;
}

/* ---- corrections -------------------------------------------------------- */

long long jk_store_find_incident(jk_store *st, const char *incident) {
  static const char q_label[] = "SELECT id FROM incidents WHERE label=?1 COLLATE NOCASE";
  static const char q_id[] = "SELECT id FROM incidents WHERE id=?1";
  if (!incident || !*incident) return 0;
  const char *q = q_label;
  int numeric = 1;
  for (const char *p = incident; *p; p++)
    if (*p < '0' || *p > '9') numeric = 0;
  if (numeric && strlen(incident) < 16) q = q_id;
  sqlite3_stmt *s = jk_stmt(st, q, NULL);
  long long id = 0;
  if (!s) return 0;
  if (q == q_id) sqlite3_bind_int64(s, 1, atoll(incident));
  else sqlite3_bind_text(s, 1, incident, -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s) == SQLITE_ROW) id = sqlite3_column_int64(s, 0);
  jk_stmt_done(s);
  return id;
}

/* "2023-446" or "2023-446#2" (the second report in the timeline). */
static jk_rc resolve_target(jk_store *st, const char *target, long long *inc, int *report_no, jk_err *err) {
  char buf[96];
  if (strlen(target) >= sizeof buf) return jk_err_set(err, JK_ENOTFOUND, "no incident '%.40s…'", target);
  snprintf(buf, sizeof buf, "%s", target);
  *report_no = 0;
  char *hash = strchr(buf, '#');
  if (hash) {
    *hash = 0;
    char *end;
    long v = strtol(hash + 1, &end, 10);
    if (*end || v < 1 || v > 100000)
      return jk_err_set(err, JK_EINVAL, "'%s': after # give a report number from 1 (see jikenbo show)", target);
    *report_no = (int)v;
  }
  *inc = jk_store_find_incident(st, buf);
  if (!*inc)
    return jk_err_set(err, JK_ENOTFOUND,
                      "no incident '%s' in %s: give a casebook number (2023-446) or an id such as J-12 "
                      "(see jikenbo search)",
                      buf, st->path);
  return JK_OK;
}

void jk_correction_free(jk_correction *c) {
  if (!c) return;
  free((char *)c->value);
  free((char *)c->extracted);
  free((char *)c->who);
  free((char *)c->note);
  free((char *)c->at);
  c->value = c->extracted = c->who = c->note = c->at = NULL;
}

jk_rc jk_store_set(jk_store *st, const char *incident, const char *field, const char *value, const char *who,
                   const char *note, jk_err *err) {
  return jk_store_set_ex(st, incident, field, value, who, note, NULL, err);
}

const char *jk_correction_fields(void) {
  static char list[300];
  if (!list[0]) field_list(list, sizeof list);
  return list;
}

jk_rc jk_store_set_ex(jk_store *st, const char *incident, const char *field, const char *value, const char *who,
                      const char *note, jk_correction *out, jk_err *err) {
  static const char q_add[] =
      "INSERT INTO corrections(incident_id, notice_id, field, value, extracted, who, note, at)"
      " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  if (out) memset(out, 0, sizeof *out);
  if (!incident || !field || !value) return jk_err_set(err, JK_EINVAL, "set: incident, field and value are required");
  int fi = field_index(field);
  if (fi < 0) return jk_err_set(err, JK_EINVAL, "'%s' is not a field you can set (fields: %s)", field, jk_correction_fields());
  if (!who || !*who) who = "unknown";
  long long inc = 0;
  int report_no = 0;
  jk_rc rc = resolve_target(st, incident, &inc, &report_no, err);
  if (rc) return rc;
  jk_buf canon, before;
  jk_buf_init(&canon);
  jk_buf_init(&before);
  rc = canon_value(fi, value, &canon, err);
  if (rc) {
    jk_buf_free(&canon);
    return rc;
  }
  reports rs;
  rc = load_reports(st, inc, 1, 1, &rs, err);
  long long nid = 0;
  if (!rc) {
    if (report_no > 0 && (size_t)report_no > rs.n) {
      rc = jk_err_set(err, JK_EINVAL, "%s has %zu report%s: #%d does not exist (see jikenbo show)", incident, rs.n,
                      rs.n == 1 ? "" : "s", report_no);
    } else if (report_no > 0) {
      /* That report: the value extracted from its notice. */
      const report *r = &rs.v[report_no - 1];
      nid = r->notice_id;
      field_json(r->orig ? r->orig : r->rec, fi, &before);
    } else {
      /* The headline: the value its reports give it. */
      headline hl;
      if (merge_reports(&rs, 0, &hl) == JK_OK && hl.h.rec) field_json(hl.h.rec, fi, &before);
      else rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      headline_free(&hl);
    }
  }
  reports_free(&rs);
  int own_tx = !st->in_tx;
  if (!rc && own_tx) rc = jk_store_begin(st, err);
  sqlite3_stmt *s = rc ? NULL : jk_stmt(st, q_add, err);
  if (!rc && !s) rc = err ? err->rc : JK_EDB;
  if (!rc) {
    char now[32];
    now_iso(now);
    sqlite3_bind_int64(s, 1, inc);
    if (nid) sqlite3_bind_int64(s, 2, nid);
    sqlite3_bind_text(s, 3, fields[fi].name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, canon.p, (int)canon.len, SQLITE_TRANSIENT);
    if (before.len) sqlite3_bind_text(s, 5, before.p, (int)before.len, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 6, who, -1, SQLITE_TRANSIENT);
    bind_text_or_null(s, 7, note && *note ? note : NULL);
    sqlite3_bind_text(s, 8, now, -1, SQLITE_TRANSIENT);
    int src = step_done(s);
    long long cid = sqlite3_last_insert_rowid(st->db);
    if (src) rc = jk_store_dberr(st, src, "recording a correction", err);
    if (!rc) rc = refresh_incident(st, inc, NULL, err);
    if (own_tx) {
      if (rc) jk_store_rollback(st);
      else rc = jk_store_commit(st, err);
    }
    if (!rc && out) {
      out->id = cid;
      out->incident_id = inc;
      label_of(st, inc, out->incident);
      out->notice_id = nid;
      out->report = report_no;
      snprintf(out->field, sizeof out->field, "%s", fields[fi].name);
      out->value = strdup(canon.p);
      out->extracted = strdup(before.len ? before.p : "null");
      out->who = strdup(who);
      out->note = note && *note ? strdup(note) : NULL;
      out->at = strdup(now);
      out->in_effect = 1;
      if (!out->value || !out->extracted || !out->who || !out->at || (note && *note && !out->note)) {
        jk_correction_free(out);
        rc = jk_err_set(err, JK_ENOMEM, "out of memory (the correction was recorded)");
      }
    }
  }
  jk_buf_free(&canon);
  jk_buf_free(&before);
  return rc;
}

/* ---- the list of corrections -------------------------------------------- */

jk_rc jk_store_each_correction(jk_store *st, const char *since, jk_correction_fn fn, void *ctx, jk_err *err) {
  static const char q[] =
      "SELECT c.id, c.incident_id, coalesce(c.notice_id, 0), c.field, c.value, c.extracted, c.who, c.note, c.at,"
      " i.label FROM corrections c JOIN incidents i ON i.id = c.incident_id WHERE c.at >= ?1 ORDER BY c.id";
  /* Collect the incidents first: each one's reports give the report
     numbers and what is in effect, and the read must not stay open. */
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_text(s, 1, since ? since : "", -1, SQLITE_TRANSIENT);
  long long *incs = NULL;
  size_t ninc = 0, icap = 0;
  int src;
  jk_rc rc = JK_OK;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    long long inc = sqlite3_column_int64(s, 1);
    if (ninc && incs[ninc - 1] == inc) continue;
    int seen = 0;
    for (size_t i = 0; i < ninc && !seen; i++) seen = incs[i] == inc;
    if (!seen && jk_ids_push(&incs, &ninc, &icap, inc)) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
  }
  jk_stmt_done(s);
  if (rc == JK_OK && src != SQLITE_DONE && src != SQLITE_ROW) rc = jk_store_dberr(st, src, "listing corrections", err);
  /* Per incident: its corrections with report numbers and effect. */
  typedef struct item {
    jk_correction c;
    char *label;
  } item;
  item *items = NULL;
  size_t nitems = 0, cap = 0;
  for (size_t k = 0; rc == JK_OK && k < ninc; k++) {
    reports rs;
    if ((rc = load_reports(st, incs[k], 0, 0, &rs, err))) break;
    headline hl;
    if (merge_reports(&rs, 1, &hl) != JK_OK) {
      reports_free(&rs);
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      break;
    }
    char label[32];
    label_of(st, incs[k], label);
    for (size_t i = 0; rc == JK_OK && i < rs.nc; i++) {
      correction *c = &rs.c[i];
      if (since && *since && (!c->at || strcmp(c->at, since) < 0)) continue;
      if (nitems == cap) {
        cap = cap ? cap * 2 : 16;
        item *v = realloc(items, cap * sizeof *v);
        if (!v) {
          rc = jk_err_set(err, JK_ENOMEM, "out of memory");
          break;
        }
        items = v;
      }
      item *it = &items[nitems++];
      memset(it, 0, sizeof *it);
      it->c.id = c->id;
      it->c.incident_id = incs[k];
      snprintf(it->c.incident, sizeof it->c.incident, "%s", label);
      it->c.notice_id = c->notice_id;
      snprintf(it->c.field, sizeof it->c.field, "%s", fields[c->field].name);
      if (c->notice_id) {
        for (size_t j = 0; j < rs.n; j++)
          if (rs.v[j].notice_id == c->notice_id) {
            it->c.report = (int)j + 1;
            it->c.in_effect = rs.v[j].corr[c->field] == c->id;
          }
      } else {
        it->c.in_effect = hl.corr[c->field] == c->id;
      }
      /* Own the strings: rs is freed below. */
      it->c.value = c->value, c->value = NULL;
      it->c.extracted = c->extracted, c->extracted = NULL;
      it->c.who = c->who, c->who = NULL;
      it->c.note = c->note, c->note = NULL;
      it->c.at = c->at, c->at = NULL;
    }
    headline_free(&hl);
    reports_free(&rs);
  }
  free(incs);
  /* In the order made. */
  for (size_t i = 1; i < nitems; i++) {
    item t = items[i];
    size_t j = i;
    for (; j > 0 && items[j - 1].c.id > t.c.id; j--) items[j] = items[j - 1];
    items[j] = t;
  }
  for (size_t i = 0; rc == JK_OK && i < nitems; i++) {
    jk_correction c = items[i].c;
    if (!c.extracted) c.extracted = "null";
    if (fn(ctx, &c)) break;
  }
  for (size_t i = 0; i < nitems; i++) {
    free((char *)items[i].c.value);
    free((char *)items[i].c.extracted);
    free((char *)items[i].c.who);
    free((char *)items[i].c.note);
    free((char *)items[i].c.at);
  }
  free(items);
  return rc;
}

static int corr_list_json(void *ctx, const jk_correction *c) {
  jk_buf *b = ctx;
  if (b->len > 1) jk_buf_putc(b, ',');
  jk_buf_printf(b, "{\"id\":%lld,\"incident\":", c->id);
  jk_json_str(b, c->incident, strlen(c->incident));
  if (c->report) jk_buf_printf(b, ",\"report\":%d,\"notice_id\":%lld", c->report, c->notice_id);
  else jk_buf_puts(b, ",\"report\":null,\"notice_id\":null");
  jk_buf_printf(b, ",\"field\":\"%s\",\"value\":%s,\"extracted\":%s,\"who\":", c->field, c->value ? c->value : "null",
                c->extracted ? c->extracted : "null");
  jk_json_str(b, c->who ? c->who : "", c->who ? strlen(c->who) : 0);
  jk_buf_puts(b, ",\"at\":");
  jk_json_str(b, c->at ? c->at : "", c->at ? strlen(c->at) : 0);
  jk_buf_puts(b, ",\"note\":");
  if (c->note) jk_json_str(b, c->note, strlen(c->note));
  else jk_buf_puts(b, "null");
  jk_buf_printf(b, ",\"in_effect\":%s}", c->in_effect ? "true" : "false");
  return 0;
}

jk_rc jk_store_corrections_json(jk_store *st, const char *since, jk_buf *out, jk_err *err) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_putc(&b, '[');
  jk_rc rc = jk_store_each_correction(st, since, corr_list_json, &b, err);
  jk_buf_putc(&b, ']');
  if (!rc && b.oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory listing corrections");
  if (!rc) jk_buf_append(out, b.p, b.len);
  jk_buf_free(&b);
  return rc;
}

/* ---- counts ------------------------------------------------------------- */

jk_rc jk_store_counts_get(jk_store *st, jk_store_counts *c, jk_err *err) {
  static const char q[] =
      "SELECT (SELECT count(*) FROM documents),"
      " (SELECT count(*) FROM notices WHERE is_notice=1),"
      " (SELECT count(*) FROM notices WHERE is_notice=0),"
      " (SELECT count(*) FROM incidents),"
      " (SELECT count(*) FROM sightings),"
      " (SELECT count(*) FROM notices WHERE is_notice=1 AND record IS NULL),"
      " (SELECT count(*) FROM corrections)";
  memset(c, 0, sizeof *c);
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  int src = sqlite3_step(s);
  if (src == SQLITE_ROW) {
    c->documents = sqlite3_column_int64(s, 0);
    c->notices = sqlite3_column_int64(s, 1);
    c->non_notices = sqlite3_column_int64(s, 2);
    c->incidents = sqlite3_column_int64(s, 3);
    c->sightings = sqlite3_column_int64(s, 4);
    c->failed = sqlite3_column_int64(s, 5);
    c->corrections = sqlite3_column_int64(s, 6);
  }
  jk_stmt_done(s);
  return src == SQLITE_ROW ? JK_OK : jk_store_dberr(st, src, "counting", err);
}

/* ---- one incident as JSON ----------------------------------------------- */

static void json_kv_str(jk_buf *b, const char *k, const char *v) {
  jk_buf_printf(b, "\"%s\":", k);
  if (v) jk_json_str(b, v, strlen(v));
  else jk_buf_puts(b, "null");
}

static const correction *find_corr(const reports *rs, long long id) {
  for (size_t i = 0; i < rs->nc; i++)
    if (rs->c[i].id == id) return &rs->c[i];
  return NULL;
}

static void corr_json(jk_buf *b, const correction *c, int report_no, int in_effect) {
  jk_buf_printf(b, "{\"id\":%lld,", c->id);
  if (report_no) jk_buf_printf(b, "\"report\":%d,", report_no);
  else jk_buf_puts(b, "\"report\":null,");
  jk_buf_printf(b, "\"field\":\"%s\",\"value\":%s,\"extracted\":%s,", fields[c->field].name, c->value,
                c->extracted ? c->extracted : "null");
  json_kv_str(b, "who", c->who);
  jk_buf_putc(b, ',');
  json_kv_str(b, "at", c->at);
  jk_buf_putc(b, ',');
  json_kv_str(b, "note", c->note);
  jk_buf_printf(b, ",\"in_effect\":%s}", in_effect ? "true" : "false");
}

static jk_rc sightings_json(jk_store *st, long long nid, jk_buf *b, jk_err *err) {
  static const char q[] =
      "SELECT d.source, s.heading_line, s.seen_at FROM sightings s JOIN documents d ON d.id=s.doc_id"
      " WHERE s.notice_id=?1 ORDER BY s.id";
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, nid);
  int src, k = 0;
  jk_buf_putc(b, '[');
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    if (k++) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    json_kv_str(b, "file", (const char *)sqlite3_column_text(s, 0));
    jk_buf_printf(b, ",\"line\":%d,", sqlite3_column_int(s, 1));
    json_kv_str(b, "at", (const char *)sqlite3_column_text(s, 2));
    jk_buf_putc(b, '}');
  }
  jk_buf_putc(b, ']');
  jk_stmt_done(s);
  return src == SQLITE_DONE ? JK_OK : jk_store_dberr(st, src, "reading sightings", err);
}

/* "headline_from": where each headline value came from: the report's
   place in the timeline, "correction", or null (no report states it). */
static void from_json(jk_buf *b, const headline *hl) {
  jk_buf_putc(b, '{');
  for (int f = 0; f < JK_H_COUNT; f++) {
    jk_buf_printf(b, "%s\"%s\":", f ? "," : "", jk_headline_field_name((jk_headline_field)f));
    int v = hl->h.from[f];
    if (v == -2) jk_buf_puts(b, "\"correction\"");
    else if (v >= 0) jk_buf_printf(b, "%d", v + 1);
    else jk_buf_puts(b, "null");
  }
  jk_buf_putc(b, '}');
}

jk_rc jk_store_incident_json(jk_store *st, const char *incident, jk_buf *out, jk_err *err) {
  long long inc = jk_store_find_incident(st, incident);
  if (!inc)
    return jk_err_set(err, JK_ENOTFOUND,
                      "no incident '%s' in %s: give a casebook number (2023-446) or an id such as J-12 "
                      "(see jikenbo search)",
                      incident, st->path);
  reports rs;
  jk_rc rc = load_reports(st, inc, 1, 1, &rs, err);
  if (rc) return rc;
  char label[32];
  label_of(st, inc, label);
  headline hl;
  if (merge_reports(&rs, 1, &hl) != JK_OK || !hl.h.rec) {
    headline_free(&hl);
    reports_free(&rs);
    return jk_err_set(err, JK_ENOMEM, "out of memory");
  }
  const jk_record *m = hl.h.rec;
  size_t start = out->len;
  out->oom = 0;
  jk_buf_printf(out, "{\"id\":%lld,", inc);
  json_kv_str(out, "incident", label);
  jk_buf_printf(out, ",\"reports_n\":%zu,", rs.n);
  json_kv_str(out, "victim", m->org);
  jk_buf_puts(out, ",\"summary\":");
  jk_record_to_json(m, 0, out);
  jk_buf_puts(out, ",\"headline_from\":");
  from_json(out, &hl);
  jk_buf_puts(out, ",\"headline_corrected\":{");
  int k = 0;
  for (int f = 0; f < NFIELDS; f++) {
    const correction *c = hl.corr[f] ? find_corr(&rs, hl.corr[f]) : NULL;
    if (!c) continue;
    jk_buf_printf(out, "%s\"%s\":", k++ ? "," : "", fields[f].name);
    corr_json(out, c, 0, 1);
  }
  jk_buf_puts(out, "},");
  json_kv_str(out, "changed", hl.changed);
  jk_buf_puts(out, ",\"reports\":[");
  for (size_t i = 0; !rc && i < rs.n; i++) {
    const report *r = &rs.v[i];
    if (i) jk_buf_putc(out, ',');
    jk_buf_printf(out, "{\"n\":%zu,\"notice_id\":%lld,", i + 1, r->notice_id);
    json_kv_str(out, "source", r->source);
    jk_buf_putc(out, ',');
    json_kv_str(out, "url", r->url);
    jk_buf_putc(out, ',');
    json_kv_str(out, "sha256", r->hash);
    jk_buf_putc(out, ',');
    json_kv_str(out, "retrieved", r->retrieved);
    jk_buf_putc(out, ',');
    json_kv_str(out, "fetched", r->fetched);
    jk_buf_putc(out, ',');
    json_kv_str(out, "changed", r->changed);
    /* The OCR provenance as stored (written by jk_ocr_info_json). */
    jk_buf_printf(out, ",\"ocr\":%s,", r->ocr && *r->ocr == '{' ? r->ocr : "null");
    json_kv_str(out, "issuer", r->rec->org);
    jk_buf_printf(out, ",\"issuer_role\":\"%s\",\"victim_report\":%s", jk_issuer_role_name(jk_issuer_role_of(r->rec)),
                  m->org && r->rec->org && hl.h.from[JK_H_VICTIM] >= 0 && strcmp(r->rec->org, m->org) == 0 ? "true"
                                                                                                      : "false");
    jk_buf_puts(out, ",\"record\":");
    jk_record_to_json(r->orig ? r->orig : r->rec, JK_JSON_EVIDENCE | JK_JSON_TEXT, out);
    jk_buf_puts(out, ",\"corrected\":{");
    k = 0;
    for (int f = 0; f < NFIELDS; f++) {
      const correction *c = r->corr[f] ? find_corr(&rs, r->corr[f]) : NULL;
      if (!c) continue;
      jk_buf_printf(out, "%s\"%s\":", k++ ? "," : "", fields[f].name);
      corr_json(out, c, (int)i + 1, 1);
    }
    jk_buf_puts(out, "},\"sightings\":");
    rc = sightings_json(st, r->notice_id, out, err);
    jk_buf_putc(out, '}');
  }
  jk_buf_puts(out, "],\"corrections\":[");
  for (size_t i = 0; i < rs.nc; i++) {
    const correction *c = &rs.c[i];
    int report_no = 0, in_effect = 0;
    if (c->notice_id) {
      for (size_t j = 0; j < rs.n; j++)
        if (c->notice_id == rs.v[j].notice_id) {
          report_no = (int)j + 1;
          in_effect = rs.v[j].corr[c->field] == c->id;
        }
    } else {
      in_effect = hl.corr[c->field] == c->id;
    }
    if (i) jk_buf_putc(out, ',');
    corr_json(out, c, report_no, in_effect);
  }
  jk_buf_puts(out, "]}");
  headline_free(&hl);
  reports_free(&rs);
  if (!rc && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory writing incident JSON");
  if (rc) {
    out->len = start;
    if (out->p) out->p[start] = 0;
  }
  return rc;
}

/* ---- every incident, for exporters -------------------------------------- */

jk_rc jk_store_each_incident(jk_store *st, const jk_query *q, jk_incident_fn fn, void *ctx, jk_err *err) {
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  jk_filter f;
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT i.id, i.label ");
  jk_rc rc = jk_filter_from(q, 0, &f, &sql, err);
  if (rc) {
    jk_buf_free(&sql);
    return rc;
  }
  jk_buf_puts(&sql, " ORDER BY i.pub_sort IS NULL, i.pub_sort, i.id");
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src) rc = jk_store_dberr(st, src, "listing incidents", err);
  else jk_filter_bind(&f, s, 1);
  /* Collect first: the callback may take its time, and the read must not
     stay open across it. */
  long long *ids = NULL;
  char **labels = NULL;
  size_t n = 0, cap = 0;
  while (!rc && (src = sqlite3_step(s)) == SQLITE_ROW) {
    if (n == cap) {
      cap = cap ? cap * 2 : 256;
      long long *v = realloc(ids, cap * sizeof *v);
      char **l = v ? realloc(labels, cap * sizeof *l) : NULL;
      if (v) ids = v;
      if (l) labels = l;
      if (!v || !l) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory");
        break;
      }
    }
    ids[n] = sqlite3_column_int64(s, 0);
    labels[n++] = dup_col(s, 1);
  }
  if (!rc && s && src != SQLITE_DONE) rc = jk_store_dberr(st, src, "listing incidents", err);
  sqlite3_finalize(s);
  jk_filter_free(&f);
  jk_buf_free(&sql);
  for (size_t i = 0; !rc && i < n; i++) {
    reports rs;
    rc = load_reports(st, ids[i], 1, 0, &rs, err);
    if (rc) break;
    size_t m = rs.n + 1;
    jk_record **recs = calloc(m, sizeof *recs);
    const char **strs = calloc(6 * m, sizeof *strs); /* sources, fetched, urls, hashes, retrieved, changed */
    headline hl;
    memset(&hl, 0, sizeof hl);
    if (!recs || !strs || merge_reports(&rs, 1, &hl) != JK_OK || !hl.h.rec) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
    } else {
      for (size_t k = 0; k < rs.n; k++) {
        recs[k] = rs.v[k].rec;
        strs[k] = rs.v[k].source;
        strs[m + k] = rs.v[k].fetched;
        strs[2 * m + k] = rs.v[k].url;
        strs[3 * m + k] = rs.v[k].hash;
        strs[4 * m + k] = rs.v[k].retrieved;
        strs[5 * m + k] = rs.v[k].changed;
      }
      jk_incident inc;
      memset(&inc, 0, sizeof inc);
      inc.id = ids[i];
      inc.label = labels[i] ? labels[i] : "";
      inc.reports = recs;
      inc.n = rs.n;
      inc.sources = strs;
      inc.fetched = strs + m;
      inc.urls = strs + 2 * m;
      inc.hashes = strs + 3 * m;
      inc.retrieved = strs + 4 * m;
      inc.changed = strs + 5 * m;
      inc.changed_at = hl.changed;
      inc.headline = hl.h.rec;
      inc.headline_from = hl.h.from;
      inc.summary = hl.h.rec; /* the same values, for readers of summary */
      if (fn(ctx, &inc)) i = n; /* the callback asked to stop */
    }
    headline_free(&hl);
    free(recs);
    free(strs);
    reports_free(&rs);
  }
  for (size_t i = 0; i < n; i++) free(labels[i]);
  free(labels);
  free(ids);
  return rc;
}
