/*
** import.c — `jikenbo import --format stix|misp FILE…`: incidents shared
** as STIX 2.1 or MISP (by jikenbo or a tool keeping its fields) back into
** the casebook.
**
** Every file is read and checked whole before anything is stored; then
** all of them are stored in one transaction, so a bad file stores nothing.
** Notices are keyed by their text: importing the same file twice adds
** nothing the second time.
*/
#include "../cli.h"
#include "../../lib/share.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo import --format stix|misp [--db PATH] FILE...\n"
    "\n"
    "Read incidents exported as STIX 2.1 (a bundle) or MISP (one {\"Event\": ...},\n"
    "JSON Lines of them, {\"response\": [...]} or an array) and store them.\n"
    "Records are rebuilt from the notice text each report carries, with the\n"
    "facts the file states (organisation, cause, head-count, kinds of data,\n"
    "contractor, dates, source) taking precedence.\n"
    "\n"
    "options:\n"
    "  --format F, -f F  stix or misp (required)\n"
    "  --db PATH         the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help        this help\n"
    "\n"
    "limits: 256 MiB per file, JSON nesting 64 levels, 8 MiB per notice text,\n"
    "1024 bytes per name or id; over a limit, the error names the place.\n"
    "\n"
    "exit status: 0 every file imported; 1 a file could not be read or stored\n"
    "(then nothing is stored; the error names the JSON path); 2 bad usage.\n";

int cmd_import(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {
      {"format", required_argument, 0, 'f'}, {"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
  const char *db = NULL, *fname = NULL;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "f:", opts, NULL)) != -1) {
    switch (o) {
    case 'f': fname = optarg; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  int f = jk_share_format_parse(fname);
  if (f != JK_SHARE_STIX && f != JK_SHARE_MISP) {
    cli_err(fname ? "import: format '%s' cannot be imported (stix or misp)" : "import: give --format stix or misp%s",
            fname ? fname : "");
    return EXIT_USAGE;
  }
  if (optind >= argc) {
    cli_err("import: no input files (use - for stdin)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  /* Read and check every file before the database is touched. */
  int nfiles = argc - optind;
  jk_import **ims = calloc((size_t)nfiles, sizeof *ims);
  if (!ims) {
    cli_err("import: out of memory");
    return EXIT_FAIL;
  }
  int status = EXIT_OK;
  for (int i = 0; i < nfiles; i++) {
    const char *path = argv[optind + i];
    char *data = NULL;
    size_t len = 0;
    jk_err err = {0, ""};
    if (cli_read_file(path, JK_IMPORT_MAX_BYTES, &data, &len, &err) != JK_OK) {
      cli_err("import: %s", err.msg);
      status = EXIT_FAIL;
      continue;
    }
    if (jk_import_parse((jk_share_format)f, data, len, &ims[i], &err) != JK_OK) {
      cli_err("import: %s: %s", path, err.msg);
      status = EXIT_FAIL;
    }
    free(data);
  }
  /* All files together, in one transaction: all of them or nothing. */
  jk_import *all = NULL;
  for (int i = 0; status == EXIT_OK && i < nfiles; i++) {
    if (!all) {
      all = ims[i];
    } else if (jk_import_append(all, ims[i]) != JK_OK) {
      cli_err("import: out of memory");
      status = EXIT_FAIL;
      break;
    }
    ims[i] = NULL;
  }
  if (status == EXIT_OK) {
    jk_store *st = cli_open_store(db, JK_STORE_CREATE);
    jk_err err = {0, ""};
    jk_import_stats s;
    const char *path = argv[optind];
    const char *base = strrchr(path, '/');
    if (!st) {
      status = EXIT_FAIL;
    } else if (jk_import_store(st, all, base ? base + 1 : path, &s, &err) != JK_OK) {
      cli_err("import: %s (nothing was stored)", err.msg);
      status = EXIT_FAIL;
    } else {
      fprintf(stderr, "import: %d file%s: %lld incidents, %lld notices: %lld added, %lld already stored\n", nfiles,
              nfiles == 1 ? "" : "s", s.incidents, s.notices, s.added, s.duplicate);
    }
    if (st) jk_store_close(st);
  } else {
    cli_err("import: nothing stored (fix the files above and run again)");
  }
  jk_import_free(all);
  for (int i = 0; i < nfiles; i++) jk_import_free(ims[i]);
  free(ims);
  return status;
}
