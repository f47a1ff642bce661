/*
** extract.c — `jikenbo extract FILE…`: notices to JSON Lines, no database.
**
** One JSON object per notice on stdout, SCHEMA.md fields at the top level
** and an "evidence" map beside them.  Posts that are not notices are
** skipped (listed on stderr with --verbose, or printed with --all).
*/
#include "../cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo extract [OPTIONS] FILE...\n"
    "\n"
    "Find the notices in each file (text, HTML, PDF or a PNG/JPEG/TIFF image;\n"
    "- reads text from stdin) and print one JSON record per notice on stdout.\n"
    "No database is touched. A scan's pages and images are read by OCR\n"
    "(JIKENBO_OCR=off: not; see 'jikenbo ingest --help').\n"
    "Beside each value's evidence the record carries \"confidence\" (0..1 per\n"
    "field; under 0.5: review first) and \"runner_up\" (the issuer that scored\n"
    "second), see README \"The record\".\n"
    "\n"
    "options:\n"
    "  --all            also print posts that are not notices ({\"notice\":false,...})\n"
    "  --no-evidence    leave out the evidence map (and confidence, runner_up)\n"
    "  --text           include the normalised notice text\n"
    "  -v, --verbose    say on stderr what was skipped and why\n"
    "  -h, --help       this help\n"
    "\n"
    "exit status: 0 all files read; 1 a file could not be read (others still are);\n"
    "2 bad usage.\n";

typedef struct ctx {
  const char *file;
  jk_diags *diags;   /* warnings of the current file */
  size_t shown;      /* how many of them are printed already */
  unsigned flags;
  bool all, verbose;
  jk_buf out;
  long notices, skipped;
  int failed;
} ctx;

/* Print the warnings collected since the last call, as they happen (a
   200 MB file should not keep its warnings to the end). */
static void show_new_warnings(ctx *c) {
  if (!c->diags || c->shown >= c->diags->n || c->shown >= CLI_WARNINGS_SHOWN) return;
  jk_diags part = *c->diags;
  part.v += c->shown;
  part.n = c->diags->n - c->shown;
  if (part.n > CLI_WARNINGS_SHOWN - c->shown) part.n = CLI_WARNINGS_SHOWN - c->shown;
  part.dropped = 0;
  cli_print_diags(c->file, &part);
  c->shown += part.n;
}

static int on_segment(void *vp, const jk_segment *seg) {
  ctx *c = vp;
  show_new_warnings(c);
  if (!seg->is_notice) {
    c->skipped++;
    if (c->verbose)
      fprintf(stderr, "%s:%d: skipped lines %d-%d: %s\n", c->file, seg->heading_line, seg->first_line,
              seg->last_line, seg->why);
    if (!c->all) return 0;
  }
  jk_record *r;
  jk_rc rc = jk_extract(seg, c->file, &r);
  if (rc) {
    cli_err("%s:%d: extraction failed: %s", c->file, seg->heading_line, jk_rc_name(rc));
    c->failed = 1;
    return 0;
  }
  jk_buf_reset(&c->out);
  if (jk_record_to_json(r, c->flags, &c->out) == JK_OK) {
    if (c->all) {
      /* Splice "notice": into the object. */
      fputs(seg->is_notice ? "{\"notice\":true," : "{\"notice\":false,", stdout);
      fwrite(c->out.p + 1, 1, c->out.len - 1, stdout);
    } else {
      fwrite(c->out.p, 1, c->out.len, stdout);
    }
    fputc('\n', stdout);
    if (seg->is_notice) c->notices++;
  } else {
    cli_err("%s:%d: out of memory writing JSON", c->file, seg->heading_line);
    c->failed = 1;
  }
  jk_record_free(r);
  return 0;
}

int cmd_extract(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"all", no_argument, 0, 'a'},
                                       {"no-evidence", no_argument, 0, 'E'},
                                       {"text", no_argument, 0, 'T'},
                                       {"verbose", no_argument, 0, 'v'},
                                       {0, 0, 0, 0}};
  ctx c;
  memset(&c, 0, sizeof c);
  c.flags = JK_JSON_EVIDENCE;
  jk_buf_init(&c.out);
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
    switch (o) {
    case 'a': c.all = true; break;
    case 'E': c.flags &= ~JK_JSON_EVIDENCE; break;
    case 'T': c.flags |= JK_JSON_TEXT; break;
    case 'v': c.verbose = true; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_err("extract: no input files (use - for stdin)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  int status = EXIT_OK;
  for (int i = optind; i < argc; i++) {
    c.file = argv[i];
    jk_diags d;
    jk_diags_init(&d);
    jk_err err = {0, ""};
    long before = c.notices;
    c.diags = &d;
    c.shown = 0;
    jk_rc rc = cli_split_document(argv[i], on_segment, &c, &d, &err);
    show_new_warnings(&c);
    if (d.n + d.dropped > c.shown)
      fprintf(stderr, "%s: %zu more warnings not shown\n", argv[i], d.n + d.dropped - c.shown);
    c.diags = NULL;
    jk_diags_free(&d);
    if (rc) {
      cli_err("%s", err.msg);
      status = EXIT_FAIL;
    } else if (c.notices == before && c.verbose) {
      fprintf(stderr, "%s: no notice found\n", argv[i]);
    }
    fflush(stdout);
  }
  jk_buf_free(&c.out);
  if (c.failed) status = EXIT_FAIL;
  return status;
}
