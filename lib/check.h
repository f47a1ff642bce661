/*
** check.h — posture checks of exported SaaS and cloud settings, and what
** the casebook teaches: the public interface of check.c (formats, rule
** engine, findings), check_rules.c (the rule table), check_json.c (the
** JSON scanner), check_firebase.c (security-rules readers), sarif.c
** (SARIF 2.1.0), check_casebook.c (incidents behind each rule) and
** lessons.c (causes, products, discovery, exposure, measures).
**
** The flow:
**
**   bytes --detect--> format --reader--> subjects (one JSON object each:
**   a group, a file, a storage account, an "allow" statement …)
**   --rules (data)--> findings --casebook--> incidents of the same kind
**   --> table / JSON / SARIF (the CLI decides which)
**
** Nothing here prints or exits; errors come back as jk_rc with a jk_err
** naming the file, the line and column, and what to do.
*/
#ifndef JK_CHECK_H
#define JK_CHECK_H

#include "jikenbo.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Formats (detected from the content, never from the file name)       */
/* ------------------------------------------------------------------ */
typedef enum jk_check_format {
  JK_FMT_UNKNOWN = 0,
  JK_FMT_GRAPH_GROUPS,    /* Microsoft Graph GET /groups */
  JK_FMT_AZ_ACCOUNTS,     /* az storage account list (or show) */
  JK_FMT_AZ_CONTAINERS,   /* az storage container list (or show) */
  JK_FMT_DRIVE_FILES,     /* Google Drive API files.list with permissions */
  JK_FMT_FIREBASE_RTDB,   /* Firebase Realtime Database rules (JSON) */
  JK_FMT_FIREBASE_RULES,  /* Cloud Firestore / Cloud Storage rules (text) */
  JK_FMT_S3_PAB,          /* aws s3api get-public-access-block */
  JK_FMT_S3_ACL,          /* aws s3api get-bucket-acl */
  JK_FMT_S3_POLICY,       /* aws s3api get-bucket-policy (or the policy) */
  JK_FMT_EMPTY,           /* an empty list: nothing to check */
  JK_FMT_COUNT
} jk_check_format;

#define JK_FMT_BIT(f) (1u << (f))

/* "graph-groups", "drive-files" … ("unknown" for JK_FMT_UNKNOWN). */
const char *jk_check_format_name(int fmt);
/* The vendor command that produces it: "Microsoft Graph GET /groups". */
const char *jk_check_format_source(int fmt);

/* Largest export read (bigger: JK_ETOOBIG); JSON nesting deeper than
   JK_CHECK_MAX_DEPTH is refused (no vendor export comes near it). */
#define JK_CHECK_MAX_INPUT (512u << 20)
#define JK_CHECK_MAX_DEPTH 128

/* ------------------------------------------------------------------ */
/* Rules (check_rules.c): data a reviewer reads in one screen          */
/* ------------------------------------------------------------------ */
typedef enum jk_severity {
  JK_SEV_NONE = 0,
  JK_SEV_LOW = 1,
  JK_SEV_MEDIUM = 2,
  JK_SEV_HIGH = 3
} jk_severity;

const char *jk_severity_name(int sev); /* "high", "medium", "low" */
int jk_severity_parse(const char *s);  /* -1 if unknown */

/*
** One test on a subject.  path is a dot path from the subject
** ("properties.publicAccess"); alternatives in arg are separated by '|'
** and compared ignoring ASCII case.  A condition list ends with
** {NULL, JK_C_END}.
*/
typedef enum jk_cond_op {
  JK_C_END = 0,
  JK_C_EQ,        /* a string (or literal) equal to one of arg */
  JK_C_NE,        /* present, not null, and equal to none of arg */
  JK_C_TRUE,      /* true (or the string "true") */
  JK_C_FALSE,     /* false (or "false") */
  JK_C_NOT_FALSE, /* anything but an explicit false: missing/null mean the
                     vendor's default, which allows */
  JK_C_NOT_TRUE,  /* anything but an explicit true */
  JK_C_NULL,      /* missing or null */
  JK_C_HAS,       /* an array holding a string equal to one of arg */
  JK_C_HASNT,     /* missing, or an array holding none of arg */
  JK_C_ANY,       /* an array with an element meeting all of sub */
  JK_C_OR         /* at least one of sub holds (path unused) */
} jk_cond_op;

typedef struct jk_cond {
  const char *path;
  int op;
  const char *arg;
  const struct jk_cond *sub;
} jk_cond;

typedef struct jk_check_rule {
  const char *id;          /* stable: "graph.team-public" */
  int severity;            /* jk_severity */
  unsigned formats;        /* JK_FMT_BIT()s of the formats it reads */
  const char *looks_at;    /* what it reads, in words (English) */
  const jk_cond *when;     /* all must hold */
  const char *title_ja, *title_en;
  const char *fix_ja, *fix_en; /* remediation */
  const char *help_uri;    /* the vendor's documentation of the setting */
  /* The incidents it was behind, for the casebook evidence: a cause in
     categories, a notice naming one of products, and one of cues. */
  unsigned categories;     /* bits (1u << jk_category) of the causes */
  const char *products;    /* '|' the vendor's names of the product or service */
  const char *cues;        /* '|' words naming the setting (NULL: any) */
  /* "Similar cause" (listed apart): the same cause, and the product
     without the cues, or one of kinds (generic words: データベース) with
     them. */
  const char *kinds;       /* '|' words of the kind of thing, or NULL */
} jk_check_rule;

extern const jk_check_rule jk_check_rules[];
extern const size_t jk_check_rules_n;

/* Settings no export shows, taught by `lessons` instead of checked. */
typedef struct jk_lesson_setting {
  const char *id;
  const char *title_ja, *title_en;
  const char *fix_ja, *fix_en;
  unsigned categories;
  const char *products, *cues;
} jk_lesson_setting;

extern const jk_lesson_setting jk_lesson_settings[];
extern const size_t jk_lesson_settings_n;

/* The rule with this id, or NULL; its index in *idx when found. */
const jk_check_rule *jk_check_rule_find(const char *id, size_t *idx);

/* ------------------------------------------------------------------ */
/* Running checks (check.c)                                            */
/* ------------------------------------------------------------------ */

/* One problem found in one file. */
typedef struct jk_finding {
  size_t rule;         /* index in jk_check_rules */
  size_t file;         /* index in the run's files */
  const char *pointer; /* JSON pointer of the offending object ("/value/3");
                          for rules text, the match path */
  const char *name;    /* the object's display name (may be "") */
  const char *seen;    /* what was seen: "visibility=Public, …" */
  int line, col;       /* 1-based position in the file (0: unknown) */
} jk_finding;

/* One file given to the run. */
typedef struct jk_check_file {
  const char *path;    /* as given */
  int format;          /* jk_check_format; JK_FMT_UNKNOWN when rc != OK */
  long long subjects;  /* objects examined */
  size_t findings;
  jk_rc rc;            /* JK_OK, or why it could not be checked */
  const char *error;   /* the message when rc != JK_OK */
} jk_check_file;

typedef struct jk_check jk_check;

jk_check *jk_check_new(void);
void jk_check_free(jk_check *c);

/*
** Check one file's bytes (name is its path as the user gave it).  The
** format is detected from the content.  The file is recorded in the run
** even when it fails; the return says why: JK_EUNSUP (unknown format: the
** message lists the formats known), JK_EINVAL (malformed or truncated:
** the message names line and column), JK_ETOOBIG, JK_ENOMEM.
*/
jk_rc jk_check_buffer(jk_check *c, const char *name, const char *data, size_t len,
                      jk_err *err);

/* Record a file that could not even be read (so reports list it). */
void jk_check_file_failed(jk_check *c, const char *name, jk_rc rc, const char *msg);

/* Findings sorted: severity (high first), then file, then position. */
size_t jk_check_nfindings(const jk_check *c);
const jk_finding *jk_check_finding(const jk_check *c, size_t i);
size_t jk_check_nfiles(const jk_check *c);
const jk_check_file *jk_check_get_file(const jk_check *c, size_t i);
/* Highest severity found (JK_SEV_NONE when clean). */
int jk_check_worst(const jk_check *c);
/* "a JSON object with keys …" style description used in errors. */
const char *jk_check_known_formats(void);

/* ------------------------------------------------------------------ */
/* Casebook evidence (check_casebook.c)                                */
/* ------------------------------------------------------------------ */

/* One incident of the casebook, as findings and lessons cite it. */
typedef struct jk_case_ref {
  const char *incident; /* display id: 2023-294, J-12 */
  const char *org;      /* NULL: not named */
  jk_date published;    /* y==0: not stated */
  long long affected;   /* -1: not stated */
  const char *title;
  const char *link;     /* the source URL, or "jikenbo show ID" */
} jk_case_ref;

/* The incidents of one kind and what they add up to. */
typedef struct jk_case_set {
  jk_case_ref *v; /* newest first */
  size_t n;
  long long people;  /* sum of the stated counts */
  size_t not_stated; /* incidents that state no count (never counted as 0) */
} jk_case_set;

typedef struct jk_casebook jk_casebook;

/*
** Read every incident of the store once and file each under the rules
** (and lesson settings) whose kind it is.  st may be NULL (no database):
** the casebook is then empty.  Errors name the database.
*/
jk_rc jk_casebook_load(jk_store *st, jk_casebook **out, jk_err *err);
void jk_casebook_free(jk_casebook *cb);
/* Incidents in the database (0: empty, say "run jikenbo ingest"). */
long long jk_casebook_total(const jk_casebook *cb);
const jk_case_set *jk_casebook_rule(const jk_casebook *cb, size_t rule);
const jk_case_set *jk_casebook_setting(const jk_casebook *cb, size_t setting);
/* Incidents of a similar cause, not claimed as behind the rule: its
   cause and product but not the setting (cues), or its cause, a word of
   the kind of thing (kinds) and the setting, but not the product.
   Shown apart as "similar cause" ("similar" in JSON and SARIF). */
const jk_case_set *jk_casebook_similar(const jk_casebook *cb, size_t rule);

/* How an incident stands to rule (an index of jk_check_rules): behind it
   (a cause of its categories, its product named, and a cue when it has
   cues), a similar cause (not behind; not an attack; its cause with the
   product but no cue, or with a word of its kinds and a cue), or
   neither.  The incident's cause is its summary's (the store's). */
enum { JK_CASE_NONE = 0, JK_CASE_BEHIND = 1, JK_CASE_SIMILAR = 2 };
int jk_casebook_classify(const jk_incident *inc, size_t rule);

/* Does one record belong to the kind (categories, products, cues)?  For
   tests and for lessons. */
int jk_casebook_match(const jk_record *r, unsigned categories, const char *products,
                      const char *cues);
/* The same for an incident: its merged cause, words in any report. */
int jk_casebook_match_incident(const jk_incident *inc, unsigned categories, const char *products,
                               const char *cues);
/* Every lesson setting and every rule at once, with the answers of
   jk_casebook_match_incident: settings_hit[k] for jk_lesson_settings[k],
   rules_hit[r] for jk_check_rules[r] (1 or 0).  Each report's text is
   read once for all their words (a table of them made on first use),
   not once per setting and word: what the summary computes on every
   write (lib/lessons.c: jk_lessons_keys). */
void jk_casebook_match_all(const jk_incident *inc, unsigned char *settings_hit, unsigned char *rules_hit);

/*
** The summary line for a set, in lang "ja" or "en":
**   "this setting was behind 7 incidents exposing 1,234 people in your casebook"
**   "… exposing 1,234+ people (2 not stated) …"
*/
void jk_case_set_summary(const jk_case_set *s, const char *lang, jk_buf *out);
/* The line of a similar-cause set: "3 incidents of a similar cause
   (their notices name neither this setting's product nor the setting
   together with it)…", never "behind". */
void jk_case_similar_summary(const jk_case_set *s, const char *lang, jk_buf *out);
/* 1234567 -> "1,234,567". */
void jk_fmt_count(long long v, char *buf, size_t n);

/* ------------------------------------------------------------------ */
/* Output (check.c: JSON; sarif.c: SARIF 2.1.0)                        */
/* ------------------------------------------------------------------ */

/* The run as one JSON document: files, findings (with rule, severity,
   titles in lang, fix, location, casebook evidence when cb is given). */
jk_rc jk_check_to_json(const jk_check *c, const jk_casebook *cb, const char *lang, jk_buf *out);

/*
** The run as a SARIF 2.1.0 log: tool.driver.rules from the rule table,
** one result per finding (ruleId, level, message, the input file with
** line/column, and a logical location naming the JSON pointer), files
** that could not be checked as tool execution notifications, and the
** casebook evidence in result properties.
*/
jk_rc jk_sarif_write(const jk_check *c, const jk_casebook *cb, const char *lang, jk_buf *out);

/* SARIF level of a severity: "error", "warning", "note". */
const char *jk_sarif_level(int sev);

/* ------------------------------------------------------------------ */
/* Lessons (lessons.c)                                                 */
/* ------------------------------------------------------------------ */

/* A count and the incidents behind it. */
typedef struct jk_lesson_row {
  const char *key;      /* "misconfiguration", "Google フォーム", "customer" … */
  const char *label_ja, *label_en;
  size_t count;
  const char **incidents; /* display ids: the first `shown` of them (oldest first) */
  size_t shown;
  long long people;       /* sum of stated counts */
  size_t not_stated;
} jk_lesson_row;

typedef struct jk_lesson_table {
  const char *name;     /* "causes", "products", "discovery", "exposure", "measures", "settings" */
  jk_lesson_row *rows;  /* most frequent first */
  size_t n;
  size_t unknown;       /* incidents for which the notices do not say */
} jk_lesson_table;

typedef struct jk_lessons jk_lessons;

/*
** Filters: category (-1 any) and a product (NULL any: products that
** start with it, case aside).  Read from the summary counts the store
** keeps (lib/summary.c): a bounded number of rows with no filter or a
** category, the matching incidents' key ids with a product.  per_row:
** incidents listed per row, the oldest first (-1: all of them); the JSON
** links to the rest (GET /api/lessons/incidents).
*/
/* Incidents listed per row by GET /api/lessons and `jikenbo lessons --json`
   (the same bytes). */
#define JK_LESSONS_FIRST 10
jk_rc jk_lessons_build(jk_store *st, int category, const char *product, int per_row, jk_lessons **out,
                       jk_err *err);
/* The same tables recounted from every incident's records (corrections
   applied), every incident listed: what the summary must agree with
   (`jikenbo lessons --recount`, tests). */
jk_rc jk_lessons_recount(jk_store *st, int category, const char *product, jk_lessons **out, jk_err *err);
/* The table names ("causes" …) and the summary dimension of each, for
   GET /api/lessons/incidents: -1 if no such table. */
int jk_lessons_table_dim(const char *name);
/* One row's incidents from offset (limit 1..1000), oldest first, as JSON
   {"table","key","offset","incidents":[…],"more": link to the next page
   or null}: GET /api/lessons/incidents. */
jk_rc jk_lessons_incidents_json(jk_store *st, const char *table, const char *key, int category,
                                const char *product, long long offset, int limit, jk_buf *b, jk_err *err);
void jk_lessons_free(jk_lessons *l);
long long jk_lessons_total(const jk_lessons *l);
size_t jk_lessons_ntables(const jk_lessons *l);
const jk_lesson_table *jk_lessons_table(const jk_lessons *l, size_t i);
/* Exposure durations: median days over incidents that state both ends
   (-1 when none do). */
double jk_lessons_median_exposure_days(const jk_lessons *l);
jk_rc jk_lessons_to_json(const jk_lessons *l, jk_buf *out);

/* Kinds of discovery and of measures, as used by lessons (exposed for
   tests): the kind's key for a piece of text, or NULL. */
const char *jk_discovery_kind(const char *text, size_t n);
/* The '|' words that tell a sentence is about finding out (lessons look
   for the discovery kind in those sentences). */
extern const char jk_discovery_verbs[];
/* Kind i of discovery (of measures), in table order: its '|' words, its
   key in *key; NULL past the last (for tests: the plain test to compare
   jk_discovery_kind and jk_measure_kinds with). */
const char *jk_discovery_kind_words(size_t i, const char **key);
const char *jk_measure_kind_words(size_t i, const char **key);
/* Adds the keys of every measure kind found in text to keys (up to max);
   returns how many. */
size_t jk_measure_kinds(const char *text, size_t n, const char **keys, size_t max);

#ifdef __cplusplus
}
#endif
#endif /* JK_CHECK_H */
