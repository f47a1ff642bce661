/*
** cli.h — what the jikenbo command-line tool shares between its commands.
**
** The tool is a thin caller of libjikenbo: each command lives in
** builtin/NAME.c as cmd_NAME(argc, argv), parses its options, reads files
** and prints.  Terminal policy (colour, progress bars, exit codes) lives
** here, never in the library.
*/
#ifndef JK_CLI_H
#define JK_CLI_H

#include "../lib/jikenbo.h"
#include "../lib/ocr.h"

#include <stdbool.h>
#include <stdio.h>

/* Exit codes shared by all commands. */
enum {
  EXIT_OK = 0,      /* everything went well */
  EXIT_FAIL = 1,    /* the job ran but something failed (see stderr) */
  EXIT_USAGE = 2,   /* bad command line */
};

/* A command: name, entry point, one-line summary (for `jikenbo help`). */
typedef struct cli_cmd {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *summary;
} cli_cmd;

/* Print "jikenbo: " + message to stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Warnings printed per file; the rest are counted. */
#define CLI_WARNINGS_SHOWN 20
/* Print "FILE:LINE: warning: msg" lines for collected diagnostics (the
   first CLI_WARNINGS_SHOWN, then how many more there were). */
void cli_print_diags(const char *file, const jk_diags *d);

/* Is --help / -h among argv[1..]? Then print usage and return true. */
bool cli_wants_help(int argc, char **argv, const char *usage);

/*
** Stream a file (or "-" for stdin) through the splitter: fn is called per
** segment.  Fills diags with warnings.  Returns JK_OK or an error with a
** message in err naming the file.
*/
jk_rc cli_split_file(const char *path, jk_segment_fn fn, void *ctx, jk_diags *diags,
                     jk_err *err, long long *bytes_read);

/*
** The same for a file of any notice format: a PDF, an HTML page or an
** image (told by its bytes) is read whole, turned into text (OCR for a
** scan's pages and images, cli_ocr) and split; anything else goes
** to cli_split_file.  A feed is refused (ingest reads feeds).
*/
jk_rc cli_split_document(const char *path, jk_segment_fn fn, void *ctx, jk_diags *diags, jk_err *err);

/* Seconds of budget per PDF (--pdf-budget of ingest and watch): CPU time,
   and 32 MiB of inflated streams a second (jk_pdf_budget_of). */
extern double cli_pdf_seconds;

/* Is OCR on?  Yes unless JIKENBO_OCR is off (or 0, no, false). */
bool cli_ocr_enabled(void);
/* The run's OCR engine (created at the first call, its models loaded at
   the first page it reads), or NULL when OCR is off.  JIKENBO_OCR_THREADS
   sets Tesseract's OpenMP threads (default 1; 0: OpenMP's default). */
jk_ocr *cli_ocr(void);
/* Take --pdf-budget's value; -1 (message printed) when it is not 0.1-3600. */
int cli_pdf_budget_opt(const char *arg);

/* Read a whole file into memory (for small inputs such as gold files). */
jk_rc cli_read_file(const char *path, size_t max, char **data, size_t *len, jk_err *err);

/* Progress bar on stderr when it is a terminal (no-op otherwise). */
typedef struct cli_progress {
  bool on;
  long long total, done;
  double started;
  int last_pct;
  const char *label;
} cli_progress;

void cli_progress_start(cli_progress *p, const char *label, long long total);
void cli_progress_update(cli_progress *p, long long done, const char *item);
void cli_progress_end(cli_progress *p);

/* Monotonic seconds. */
double cli_now(void);

/* The database path: --db, else $JIKENBO_DB, else ./jikenbo.db. */
const char *cli_db_path(const char *opt);

/* The casebook commands' shared parts: ingest, filters, export formats. */
#include "store_cli.h"

/* Commands. */
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_corrections(int argc, char **argv);
int cmd_reextract(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_lessons(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_alerts(int argc, char **argv);

#endif
