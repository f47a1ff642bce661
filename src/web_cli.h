/*
** web_cli.h — documents from where they live, for `ingest` and `watch`:
** a path or a URL becomes bytes, a kind, provenance and text (source.c),
** then one stored document per page, PDF or feed entry.
*/
#ifndef JK_WEB_CLI_H
#define JK_WEB_CLI_H

#include "../lib/web.h"
#include "cli.h"

/*
** Fetch options: the defaults of jk_fetch_opts_init, then the environment
** ($JIKENBO_TIMEOUT seconds, $JIKENBO_CONNECT_TIMEOUT seconds,
** $JIKENBO_MAX_SIZE bytes with an optional K/M/G, $JIKENBO_HOST_SPACING
** seconds, $JIKENBO_MAX_REDIRECTS).  Returns -1 after printing which
** variable is malformed.
*/
int cli_fetch_opts_env(jk_fetch_opts *o);

/* Use these options for every later fetch (before the first fetch). */
void cli_web_set_opts(const jk_fetch_opts *o);

/* Parse "90", "30s", "15m", "1h", "2d" (or "0.5" seconds) into seconds;
   -1 when malformed. */
double cli_parse_duration(const char *s);
/* Parse "1048576", "512K", "64M", "1G" into bytes; 0 when malformed. */
size_t cli_parse_size(const char *s);

/*
** Ingest one argument of `jikenbo ingest`: a URL (fetched, conditionally
** when fetched before), an HTML page, a PDF, a feed (each new entry one
** document) or a text file (cli_ingest_file, streamed).  Counts go to
** stats like cli_ingest_file's; warnings are printed.  Returns JK_OK, or
** an error in err (then nothing from that argument was stored, except
** for feeds, whose entries are stored one by one: an entry that failed is
** counted in stats->failed_files and tried again on the next run).
*/
jk_rc cli_ingest_source(jk_store *st, const char *arg, cli_ingest_stats *stats, cli_progress *prog,
                        long long base, bool verbose, jk_err *err);

/* What one feed read brought (for `watch` to report). */
typedef jk_feed_round cli_feed_round;

/* Like cli_ingest_source for one URL, also telling what the feed held. */
jk_rc cli_ingest_url(jk_store *st, const char *url, cli_ingest_stats *stats, cli_feed_round *round,
                     bool verbose, jk_err *err);

/* Free the fetcher (also done at exit). */
void cli_web_cleanup(void);

int cmd_watch(int argc, char **argv);

/* A file's kind from its first bytes (text when it cannot be read: the
   reader that opens it next reports why). */
jk_doc_kind cli_file_kind(const char *path);

#endif
