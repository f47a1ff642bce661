/*
** lessons.c — `jikenbo lessons`: what the casebook teaches.
**
** The most frequent causes and products, how exposure was discovered, how
** long data stayed exposed, the measures most often promised and the
** settings behind incidents (including those no export shows), each count
** with the incidents behind it.  A table for people or --json.
*/
#include "../cli.h"
#include "../../lib/check.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage[] =
    "usage: jikenbo lessons [OPTIONS]\n"
    "\n"
    "What the casebook teaches, counted from its records: the most frequent\n"
    "causes and products, how exposure was discovered (a customer's call, a card\n"
    "company, the media, internal monitoring), how long data stayed exposed, the\n"
    "recurrence-prevention measures most often promised, and the settings behind\n"
    "incidents. Every number lists the incidents behind it.\n"
    "\n"
    "options:\n"
    "  --db PATH         the casebook (default ./jikenbo.db or $JIKENBO_DB)\n"
    "  --category C      only incidents of this cause (misconfiguration, misdelivery, …)\n"
    "  --product P       only incidents with a product whose name, or one of its words,\n"
    "                    starts with P (Teams: Microsoft Teams; Google フォーム; case aside)\n"
    "  --json            one JSON document on stdout\n"
    "  --lang ja|en      labels' language (default: ja when $LANG is ja_*)\n"
    "  --all             list every incident behind each number (default: the first 8,\n"
    "                    --json the first 10 as GET /api/lessons;\n"
    "                    --json then links to the rest: GET /api/lessons/incidents)\n"
    "  --recount         count again from every incident's records instead of the\n"
    "                    summary the store keeps (slow; the numbers must agree)\n"
    "  -h, --help        this help\n"
    "\n"
    "exit status: 0 done (also for an empty casebook); 1 the database could not be\n"
    "read; 2 bad usage.\n";

#define SHOW_IDS 8

static const char *default_lang(void) {
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
  }
  return "en";
}

static const struct {
  const char *name, *ja, *en;
} headings[] = {
    {"causes", "原因(多い順)", "Causes, most frequent first"},
    {"products", "関わった製品・サービス", "Products and services involved"},
    {"discovery", "発覚のきっかけ", "How the exposure was discovered"},
    {"exposure", "漏えい状態が続いた期間", "How long data stayed exposed"},
    {"measures", "再発防止策(約束された多い順)", "Recurrence-prevention measures promised"},
    {"settings", "事案の背景にある設定", "Settings behind incidents"},
};

static void print_table(const jk_lessons *l, const char *lang, int all) {
  int ja = strcmp(lang, "ja") == 0;
  for (size_t i = 0; i < jk_lessons_ntables(l); i++) {
    const jk_lesson_table *t = jk_lessons_table(l, i);
    const char *h = t->name;
    for (size_t k = 0; k < sizeof headings / sizeof headings[0]; k++)
      if (strcmp(headings[k].name, t->name) == 0) h = ja ? headings[k].ja : headings[k].en;
    printf("\n%s", h);
    if (strcmp(t->name, "exposure") == 0) {
      double med = jk_lessons_median_exposure_days(l);
      if (med >= 0) printf(ja ? "(中央値 %.0f 日)" : " (median %.0f days)", med);
    }
    if (t->unknown) printf(ja ? " — %zu 件は記載なし" : " — not stated for %zu", t->unknown);
    printf("\n");
    if (!t->n) printf(ja ? "  (該当なし)\n" : "  (none)\n");
    for (size_t j = 0; j < t->n; j++) {
      const jk_lesson_row *r = &t->rows[j];
      const char *label = ja ? r->label_ja : r->label_en;
      char people[32];
      jk_fmt_count(r->people, people, sizeof people);
      printf("  %4zu  %s", r->count, r->key);
      if (label && strcmp(label, r->key)) printf("  %s", label);
      if (r->not_stated == r->count) printf(ja ? "  (人数不明)" : "  (people not stated)");
      else if (r->not_stated)
        printf(ja ? "  (%s 人以上、%zu 件は人数不明)" : "  (%s+ people, %zu not stated)", people, r->not_stated);
      else printf(ja ? "  (%s 人)" : "  (%s people)", people);
      printf("\n        ");
      size_t show = all ? r->shown : (r->shown < SHOW_IDS ? r->shown : SHOW_IDS);
      for (size_t k = 0; k < show; k++) printf("%s%s", k ? ", " : "", r->incidents[k]);
      if (show < r->count) printf(ja ? " ほか %zu 件" : " and %zu more", r->count - show);
      printf("\n");
    }
  }
}

int cmd_lessons(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option lopts[] = {{"db", required_argument, 0, 'd'},
                                        {"category", required_argument, 0, 'c'},
                                        {"product", required_argument, 0, 'p'},
                                        {"json", no_argument, 0, 'j'},
                                        {"lang", required_argument, 0, 'l'},
                                        {"all", no_argument, 0, 'a'},
                                        {"recount", no_argument, 0, 'r'},
                                        {0, 0, 0, 0}};
  const char *db = NULL, *product = NULL, *lang = default_lang();
  int category = -1, json = 0, all = 0, recount = 0, ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
    switch (ch) {
    case 'd': db = optarg; break;
    case 'c':
      category = jk_category_parse(optarg);
      if (category < 0) {
        cli_err("lessons: unknown category '%s' (misdelivery, misconfiguration, publishing_error, "
                "programming_error, loss, hacking, ransomware, malware, misuse, theft, other)",
                optarg);
        return EXIT_USAGE;
      }
      break;
    case 'p': product = optarg; break;
    case 'j': json = 1; break;
    case 'a': all = 1; break;
    case 'r': recount = 1; break;
    case 'l':
      if (strcmp(optarg, "ja") && strcmp(optarg, "en")) {
        cli_err("lessons: --lang takes ja or en, not '%s'", optarg);
        return EXIT_USAGE;
      }
      lang = optarg;
      break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind < argc) {
    cli_err("lessons: unexpected argument '%s'", argv[optind]);
    return EXIT_USAGE;
  }
  int ja = strcmp(lang, "ja") == 0;
  const char *path = cli_db_path(db);
  struct stat sb;
  jk_store *st = NULL;
  jk_err err = {0, ""};
  if (stat(path, &sb) == 0 && jk_store_open(path, JK_STORE_READONLY, &st, &err)) {
    cli_err("lessons: %s", err.msg);
    return EXIT_FAIL;
  }
  jk_lessons *l = NULL;
  jk_rc rc = recount ? jk_lessons_recount(st, category, product, &l, &err)
                     : jk_lessons_build(st, category, product, all ? -1 : json ? JK_LESSONS_FIRST : SHOW_IDS, &l, &err);
  if (st) jk_store_close(st);
  if (rc) {
    cli_err("lessons: %s", err.msg);
    return EXIT_FAIL;
  }
  int status = EXIT_OK;
  if (json) {
    jk_buf out;
    jk_buf_init(&out);
    if (jk_lessons_to_json(l, &out)) {
      cli_err("lessons: out of memory");
      status = EXIT_FAIL;
    } else {
      fwrite(out.p, 1, out.len, stdout);
      fputc('\n', stdout);
    }
    jk_buf_free(&out);
  } else {
    long long n = jk_lessons_total(l);
    if (ja) printf("jikenbo lessons — 事件簿の %lld 件の事案から", n);
    else printf("jikenbo lessons — from %lld incident%s in the casebook", n, n == 1 ? "" : "s");
    if (category >= 0) printf(" (category=%s)", jk_category_name((jk_category)category));
    if (product) printf(" (product=%s)", product);
    printf("\n");
    if (n == 0)
      printf(ja ? "事件簿に事案がありません(データベースが空です: jikenbo ingest を実行してください)\n"
                : "no incidents to learn from (database empty: run jikenbo ingest)\n");
    else print_table(l, lang, all);
  }
  jk_lessons_free(l);
  return status;
}
