/*
** eval.c — `jikenbo eval GOLD FILE…`: accuracy of extraction per field.
**
** Extracts every notice of the files (as `extract` would), matches them to
** the gold labels by file name and heading line, and prints notice
** detection P/R/F1 and, for each SCHEMA.md field, the share of gold
** notices it got right (F1 for sets).  --min makes it a gate for tests;
** --errors lists each miss with the evidence and confidence behind it.
*/
#include "../cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo eval [OPTIONS] GOLD.jsonl FILE...\n"
    "\n"
    "Score extraction of FILEs (text, HTML or PDF) against the gold labels in\n"
    "GOLD.jsonl (keys FILE:LINE, see ../shared/gold/SCHEMA.md).\n"
    "\n"
    "options:\n"
    "  --json            print the report as JSON\n"
    "  --errors          list every miss for review: FILE:LINE, field, gold and got\n"
    "                    values, the evidence text and the confidence of the value;\n"
    "                    gold notices not detected and records with no gold notice\n"
    "  --mismatches      the same misses, short (tab-separated, no evidence): for\n"
    "                    diffing two runs while tuning\n"
    "  --min-field X     exit 1 if any field scores below X (0..1)\n"
    "  --min-mean X      exit 1 if the mean over fields is below X\n"
    "  --min-detect X    exit 1 if notice-detection F1 is below X\n"
    "  -h, --help        this help\n";

typedef struct ctx {
  jk_eval *ev;
  const char *file;
  int failed;
} ctx;

static int on_segment(void *vp, const jk_segment *seg) {
  ctx *c = vp;
  if (!seg->is_notice) return 0;
  jk_record *r;
  if (jk_extract(seg, c->file, &r)) {
    c->failed = 1;
    return 0;
  }
  jk_eval_add(c->ev, r);
  jk_record_free(r);
  return 0;
}

int cmd_eval(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"json", no_argument, 0, 'j'},
                                       {"mismatches", no_argument, 0, 'm'},
                                       {"errors", no_argument, 0, 'e'},
                                       {"min-field", required_argument, 0, 'f'},
                                       {"min-mean", required_argument, 0, 'M'},
                                       {"min-detect", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  bool json = false, mism = false, errs = false;
  double min_field = -1, min_mean = -1, min_detect = -1;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'j': json = true; break;
    case 'm': mism = true; break;
    case 'e': errs = true; break;
    case 'f': min_field = atof(optarg); break;
    case 'M': min_mean = atof(optarg); break;
    case 'd': min_detect = atof(optarg); break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (argc - optind < 2) {
    cli_err("eval: need a gold file and at least one notice file");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  jk_err err = {0, ""};
  char *gold;
  size_t glen;
  if (cli_read_file(argv[optind], 256u << 20, &gold, &glen, &err)) {
    cli_err("%s", err.msg);
    return EXIT_FAIL;
  }
  ctx c = {jk_eval_new(), NULL, 0};
  if (!c.ev || jk_eval_load_gold(c.ev, gold, glen, &err)) {
    cli_err("%s: %s", argv[optind], err.msg);
    free(gold);
    jk_eval_free(c.ev);
    return EXIT_FAIL;
  }
  free(gold);
  int status = EXIT_OK;
  for (int i = optind + 1; i < argc; i++) {
    c.file = argv[i];
    jk_eval_note_file(c.ev, argv[i]);
    jk_diags d;
    jk_diags_init(&d);
    if (cli_split_document(argv[i], on_segment, &c, &d, &err)) {
      cli_err("%s", err.msg);
      status = EXIT_FAIL;
    }
    jk_diags_free(&d);
  }
  jk_eval_report rep;
  jk_eval_report_get(c.ev, &rep);
  if (mism || errs) {
    jk_buf b;
    jk_buf_init(&b);
    if (errs) jk_eval_errors(c.ev, &b);
    if (mism) jk_eval_mismatches(c.ev, &b);
    if (b.oom) {
      cli_err("eval: out of memory listing the misses");
      status = EXIT_FAIL;
    }
    if (b.p) fputs(b.p, stdout);
    jk_buf_free(&b);
  }
  if (json) {
    printf("{\"gold\":%d,\"records\":%d,\"matched\":%d,\"detection\":{\"precision\":%.4f,\"recall\":%.4f,"
           "\"f1\":%.4f},\"fields\":{",
           rep.gold_n, rep.pred_n, rep.matched_n, rep.detect_p, rep.detect_r, rep.detect_f1);
    for (int f = 0; f < rep.nfields; f++)
      printf("%s\"%s\":%.4f", f ? "," : "", rep.fields[f].name, rep.fields[f].score);
    printf("},\"mean\":%.4f}\n", rep.mean);
  } else {
    printf("gold notices %d, records %d, matched %d\n", rep.gold_n, rep.pred_n, rep.matched_n);
    printf("%-14s %6.3f  (precision %.3f, recall %.3f)\n", "detection F1", rep.detect_f1, rep.detect_p,
           rep.detect_r);
    for (int f = 0; f < rep.nfields; f++) printf("%-14s %6.3f\n", rep.fields[f].name, rep.fields[f].score);
    printf("%-14s %6.3f\n", "mean", rep.mean);
  }
  for (int f = 0; f < rep.nfields; f++)
    if (min_field >= 0 && rep.fields[f].score < min_field) status = EXIT_FAIL;
  if (min_mean >= 0 && rep.mean < min_mean) status = EXIT_FAIL;
  if (min_detect >= 0 && rep.detect_f1 < min_detect) status = EXIT_FAIL;
  if (c.failed) status = EXIT_FAIL;
  jk_eval_free(c.ev);
  return status;
}
