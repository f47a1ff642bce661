/*
** main.c — the jikenbo command: a table of subcommands dispatched by name.
**
** Each entry names a cmd_* function in builtin/.  `jikenbo help` and
** `jikenbo --help` list the table; `jikenbo CMD --help` is each command's.
*/
#include "cli.h"

#include <locale.h>
#include <string.h>

static const cli_cmd commands[] = {
    {"ingest", cmd_ingest, "split, extract and store notices in the casebook database"},
    {"search", cmd_search, "search the casebook in Japanese, with filters"},
    {"show", cmd_show, "one incident: its reports as a timeline, facts and evidence"},
    {"stats", cmd_stats, "count incidents by category, month, data type, ... (not stated counted)"},
    {"export", cmd_export, "export incident reports (jsonl, csv, stix, misp, veris)"},
    {"import", cmd_import, "import incidents shared as STIX 2.1 or MISP"},
    {"set", cmd_set, "correct a field of an incident or of one report (kept in an audit trail)"},
    {"corrections", cmd_corrections, "list every correction made with set: who, when, why, what it replaced"},
    {"reextract", cmd_reextract, "re-run extraction over every stored notice, keeping corrections"},
    {"extract", cmd_extract, "extract records from notices, no database (JSON Lines on stdout)"},
    {"eval", cmd_eval, "score extraction against gold labels, per field"},
    {"check", cmd_check, "check exported SaaS/cloud settings, with the incidents each caused"},
    {"lessons", cmd_lessons, "what the casebook teaches: causes, discovery, exposure, measures"},
    {"watch", cmd_watch, "follow Atom/RSS feeds and store new entries, until stopped"},
    {"user", cmd_user, "add, list or remove the server's users (reader, analyst, admin)"},
    {"alerts", cmd_alerts, "alerts of saved searches: list, mark read, deliver webhooks"},
    {"serve", cmd_serve, "serve the casebook: dashboard and JSON API on http://127.0.0.1:8080/"},
};

static void usage(FILE *f) {
  fprintf(f,
          "jikenbo %s — a casebook of Japanese data-breach notices\n\n"
          "usage: jikenbo COMMAND [OPTIONS] [ARGS]\n\ncommands:\n",
          JK_VERSION);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f,
          "\nRun 'jikenbo COMMAND --help' for a command's options.\n"
          "The database is ./jikenbo.db unless --db PATH or $JIKENBO_DB says otherwise.\n");
}

int main(int argc, char **argv) {
  setlocale(LC_CTYPE, "C.UTF-8");
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  const char *name = argv[1];
  if (strcmp(name, "help") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
    if (argc > 2 && strcmp(name, "help") == 0) {
      for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, argv[2]) == 0) {
          char *args[] = {argv[2], "--help", NULL};
          return commands[i].fn(2, args);
        }
    }
    usage(stdout);
    return EXIT_OK;
  }
  if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
    printf("jikenbo %s\n", JK_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0) return commands[i].fn(argc - 1, argv + 1);
  cli_err("'%s' is not a command. See 'jikenbo help'.", name);
  return EXIT_USAGE;
}
