/*
** store_cli.h — what the casebook commands (ingest, search, show, stats,
** export, set, reextract) and the feed ingest share: storing a document,
** opening the store, the filter options, the export format table.
** Included by cli.h.
*/
#ifndef JK_STORE_CLI_H
#define JK_STORE_CLI_H

/* ---- storing documents (ingest_doc.c), shared by ingest and the feeds ---- */

#include "../lib/ingest.h"
#include "../lib/store.h"

#include <stdbool.h>
#include <stdio.h>

/* What an ingest did, summed over documents (lib/ingest.h). */
typedef jk_ingest_stats cli_ingest_stats;
/* The notice's URL for the local file being ingested (ingest --source-url,
   a urls.tsv beside it), or NULL: set by the caller per file. */
extern const char *cli_source_url;
/* When set, the pipeline's lines (a notice stored, a file already
   stored, its warnings) are appended here instead of printed: `ingest`
   holds them until the transaction holding their file has committed. */
extern jk_buf *cli_ingest_held;

/* A pipeline run (lib/ingest.h) that prints its lines on stderr and
   moves prog (may be NULL) from base; cli_ingest_done adds its counts to
   stats and frees it. */
void cli_ingest_init(jk_ingest *in, jk_store *st, cli_progress *prog, long long base, bool verbose);
void cli_ingest_done(jk_ingest *in, cli_ingest_stats *stats);
/* After an ingest run: say how many alerts it raised, and POST the
   saved searches' webhooks that are due (lib/alerts.h). */
void cli_deliver_alerts(jk_store *st, long long raised);

/* The same for a text file (or "-" for stdin), streamed: memory stays
   bounded whatever its size.  prog (may be NULL) advances by bytes from
   base. */
jk_rc cli_ingest_file(jk_store *st, const char *path, cli_ingest_stats *stats, cli_progress *prog,
                      long long base, bool verbose, jk_err *err);

/* Text on stdin, streamed, stored as "(stdin)": head is what was already
   read from stdin (to tell its kind), the rest is read from stdin. */
jk_rc cli_ingest_stdin(jk_store *st, const char *head, size_t head_len, cli_ingest_stats *stats,
                       cli_progress *prog, long long base, bool verbose, jk_err *err);

/* ---- the store from the command line (store_cli.c) ---- */

/* Open the database (--db, $JIKENBO_DB, ./jikenbo.db); prints the error
   and returns NULL on failure. */
jk_store *cli_open_store(const char *db_opt, unsigned flags);

/* getopt_long entries of the filters shared by search, stats, export. */
#define CLI_QUERY_OPTIONS                                                                    \
  {"category", required_argument, 0, 1001}, {"since", required_argument, 0, 1002},        \
  {"until", required_argument, 0, 1003}, {"type", required_argument, 0, 1004},            \
  {"org", required_argument, 0, 1005}, {"card", required_argument, 0, 1006},              \
  {"vendor", required_argument, 0, 1007}, {"reported", required_argument, 0, 1008},       \
  {"product", required_argument, 0, 1009}, {"incident", required_argument, 0, 1010},      \
  {"sort", required_argument, 0, 1011}, {"limit", required_argument, 0, 1012},            \
  {"offset", required_argument, 0, 1013}
#define CLI_QUERY_USAGE                                                                              \
  "filters (also as words key:value, e.g. category:misdelivery since:2023-07):\n"                    \
  "  --category C      misdelivery, misconfiguration, publishing_error, programming_error,\n"         \
  "                    loss, hacking, ransomware, malware, misuse, theft, other\n"                    \
  "  --since DATE      published on or after YYYY[-MM[-DD]]\n"                                        \
  "  --until DATE      published on or before YYYY[-MM[-DD]]\n"                                       \
  "  --type KIND       exposed this kind of data (name, email, card, ...); repeat for all of several\n" \
  "  --org TEXT        organisation name starts with TEXT, a legal form before the name\n"            \
  "                    aside (ミナト matches 株式会社ミナトデータ; case and spaces aside)\n"          \
  "  --card yes|no     payment-card data exposed or not\n"                                            \
  "  --vendor yes|no   happened at a contractor or not\n"                                             \
  "  --reported AUTH   told this authority (ppc, police, pmark, ministry)\n"                          \
  "  --product TEXT    a product or service involved: its name or one of its words starts\n"          \
  "                    with TEXT (Teams matches Microsoft Teams; case aside)\n"                      \
  "  --incident ID     one incident (2023-446, J-12)\n"

/* How the words are written, for the usage of search, stats and export. */
#define CLI_WORDS_USAGE                                                                                  \
  "words (the search language; quote what the shell must not split or eat):\n"                           \
  "  誤送信 -FAX             誤送信 but not FAX: -word excludes (also -ファクシミリ)\n" \
  "  誤送信 OR 誤送付        either word (OR in capitals, between two words)\n" \
  "  '\"Microsoft Teams\"'     a phrase: the words side by side (single quotes keep the \"\")\n" \
  "  \"Microsoft Teams\"       the same: one argument holding a blank is one phrase\n" \
  "  -'\"USB メモリ\"'         exclude a phrase\n" \
  "  An argument starting with - is a word unless it is one of the options\n"                          \
  "  listed here; after --, every argument is a word.\n"

/*
** Put the words of a command line after a "--", so that getopt_long sees
** only options and `search 誤送信 -FAX` excludes FAX instead of failing as
** the options -F -A -X.  An argument is an option when it starts with
** "--" (getopt_long judges it, abbreviations and errors included) or is
** "-X" for an X in shortopts (with the rest as its value when X takes
** one); the value of an option that takes one follows it.  Every other
** argument, "-" and "-word" included, is a word, as is every argument
** after a "--".  Returns a new argv (argv[0], the options, "--", the
** words, NULL; the strings are argv's) to free(), its length in *nargc;
** NULL when out of memory.
*/
struct option;
char **cli_words_apart(int argc, char **argv, const struct option *opts, const char *shortopts, int *nargc);

/* Filters from the command line: remember each option (cli_query_opt),
   then cli_query_finish parses the words (key:value terms included) and
   applies the options over them.  Errors are printed; returns 0 or -1. */
typedef struct cli_query {
  jk_query q;
  char *words;      /* the words joined, parsed in place (q points into it) */
  int opts[64];     /* the filter options seen, in order */
  const char *args[64];
  int nopts;
} cli_query;
void cli_query_init(cli_query *cq);
/* 1: handled (a filter option code), 0: not a filter option. */
int cli_query_opt(cli_query *cq, int code, const char *arg);
int cli_query_finish(cli_query *cq, int argc, char **argv);
void cli_query_free(cli_query *cq);

/* ---- export formats (builtin/export.c holds the table) ---- */

/*
** A format of `jikenbo export` and of the server's GET /api/export (the
** same table, so both write the same bytes).  A run is begin (may be
** NULL; sets *state, NULL when the format keeps none), one incident call
** per incident, then exactly one of end (the run completed) or discard
** (it stopped early: a call failed, the store failed, the reader went
** away) — either may be NULL.  A begin that fails leaves nothing to
** discard.  The calls return 0, or non-zero after printing why with
** cli_err (a failed write to out may stay silent: the caller sees it).
*/
/* Options of one run, for the formats that take them (csv); all zero:
   the defaults. */
typedef struct cli_export_opts {
  int per_report; /* csv: a row per report (default: a row per incident) */
  int bom;        /* csv: begin with a UTF-8 byte order mark (Excel on Windows) */
} cli_export_opts;

#define CLI_EXPORT_PER 1u /* the format reads cli_export_opts.per_report */
#define CLI_EXPORT_BOM 2u /* the format reads cli_export_opts.bom */

typedef struct cli_export_format {
  const char *name;
  const char *summary;
  const char *media_type; /* Content-Type of the download (with charset) */
  const char *file_name;  /* the download's file name */
  /* begin; or, when set, begin_opts, which gets the run's options (never
     NULL: the defaults when none were given) */
  int (*begin)(FILE *out, void **state);
  int (*begin_opts)(FILE *out, const cli_export_opts *opts, void **state);
  unsigned takes;         /* CLI_EXPORT_* options it reads; others are refused */
  int (*incident)(FILE *out, void *state, const jk_incident *inc);
  int (*end)(FILE *out, void *state);
  void (*discard)(void *state);
  /* Optional, for formats of one document per incident (misp, veris): with
     -o DIR, write the incident as its own file in DIR instead. */
  int (*incident_to_dir)(const char *dir, void *state, const jk_incident *inc);
} cli_export_format;

/* The format called name, or NULL. */
const cli_export_format *cli_export_find(const char *name);
/* The i-th format of the table (0, 1, …), NULL past the last. */
const cli_export_format *cli_export_at(size_t i);
/* The names joined with sep ("jsonl, csv, …"), in buf of size n. */
const char *cli_export_names(const char *sep, char *buf, size_t n);

/*
** Write every incident matching q (NULL: all) with fmt: to out, or with
** dir (fmt->incident_to_dir required) one file per incident.  Counts go
** to *incidents and *reports (either may be NULL).  Returns JK_OK; the
** store's error (err says why); or JK_EIO with an empty err->msg when
** the format failed (it printed why, or out has its error flag set).
** out is not flushed.
*/
jk_rc cli_export_run(jk_store *st, const jk_query *q, const cli_export_format *fmt, FILE *out, const char *dir,
                     long long *incidents, long long *reports, jk_err *err);
/* The same with options (NULL: the defaults); the caller has checked
   them against fmt->takes. */
jk_rc cli_export_run_opts(jk_store *st, const jk_query *q, const cli_export_format *fmt, const cli_export_opts *opts,
                          FILE *out, const char *dir, long long *incidents, long long *reports, jk_err *err);

/*
** `export --format misp-feed -o DIR` (export_feed.c): the MISP feed of
** the incidents matching q in DIR (created if missing), only changed
** files rewritten.  Returns an exit status; prints what it did.
*/
int cli_export_misp_feed(jk_store *st, const jk_query *q, const char *dir);

/* The UTF-8 byte order mark that CSV downloads begin with (Excel reads
   UTF-8 without one as the locale's code page). */
#define CLI_UTF8_BOM "\xEF\xBB\xBF"

/* The sharing formats (export_share.c). */
extern const cli_export_format cli_fmt_stix, cli_fmt_misp, cli_fmt_veris;

#endif
