/*
** stats.c — `jikenbo stats --by DIM`: incidents counted by category,
** month, data type, authority, product, organisation or people per
** month, always with how many incidents did not state the field.
*/
#include "../cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo stats [OPTIONS] [WORDS...]\n"
    "\n"
    "Count incidents (those matching the words and filters; all by default)\n"
    "by one dimension. Incidents that do not state the field are counted on\n"
    "their own line (\"not stated\"), never as zero.\n"
    "\n"
    "options:\n"
    "  --by DIM      category (default), month, data_type, authority, product, org,\n"
    "                affected_month (people per month)\n"
    "  --json        {\"by\", \"total\", \"not_stated\", \"rows\": [{\"key\", \"count\"}]}\n"
    "  --recount     count every matching incident row again instead of reading the\n"
    "                summary the store keeps (slower; the numbers must agree)\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n" CLI_QUERY_USAGE
    "\n"
    "exit status: 0 counted; 1 the database could not be read; 2 bad usage.\n";

static void put_count(long long n) {
  char tmp[32], out[48];
  int len = snprintf(tmp, sizeof tmp, "%lld", n), k = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0) out[k++] = ',';
    out[k++] = tmp[i];
  }
  out[k] = 0;
  printf("%12s", out);
}

int cmd_stats(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {CLI_QUERY_OPTIONS,
                                       {"by", required_argument, 0, 'b'},
                                       {"json", no_argument, 0, 'j'},
                                       {"recount", no_argument, 0, 'R'},
                                       {"db", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  cli_query cq;
  cli_query_init(&cq);
  const char *db = NULL, *by = "category";
  int json = 0, recount = 0, o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (cli_query_opt(&cq, o, optarg)) continue;
    switch (o) {
    case 'b': by = optarg; break;
    case 'j': json = 1; break;
    case 'R': recount = 1; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (cli_query_finish(&cq, argc - optind, argv + optind)) {
    cli_query_free(&cq);
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, JK_STORE_READONLY);
  if (!st) {
    cli_query_free(&cq);
    return EXIT_FAIL;
  }
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  jk_rc rc = recount ? jk_store_stats_recount_json(st, by, &cq.q, &b, &err)
                     : jk_store_stats_json(st, by, &cq.q, &b, &err);
  jk_store_close(st);
  cli_query_free(&cq);
  if (rc) {
    cli_err("%s", err.msg);
    jk_buf_free(&b);
    return rc == JK_EINVAL ? EXIT_USAGE : EXIT_FAIL;
  }
  if (json) {
    fwrite(b.p, 1, b.len, stdout);
    fputc('\n', stdout);
    jk_buf_free(&b);
    return EXIT_OK;
  }
  cJSON *root = cJSON_ParseWithLength(b.p, b.len);
  jk_buf_free(&b);
  if (!root) {
    cli_err("stats: out of memory");
    return EXIT_FAIL;
  }
  long long total = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(root, "total"));
  long long ns = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(root, "not_stated"));
  int people = !strcmp(by, "affected_month");
  printf("%-32s %12s%s\n", people ? "month" : by, "incidents", people ? "       people" : "");
  const cJSON *rows = cJSON_GetObjectItem(root, "rows");
  for (const cJSON *r = rows ? rows->child : NULL; r; r = r->next) {
    const char *key = cJSON_GetStringValue(cJSON_GetObjectItem(r, "key"));
    /* Pad by display width: CJK characters take two columns. */
    int width = 0;
    for (const char *p = key ? key : ""; *p; p++)
      if (((unsigned char)*p & 0xC0) != 0x80) width += (unsigned char)*p >= 0xE3 ? 2 : 1;
    printf("%s%*s ", key ? key : "", width < 32 ? 32 - width : 0, "");
    put_count((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "count")));
    if (people) {
      fputc(' ', stdout);
      put_count((long long)cJSON_GetNumberValue(cJSON_GetObjectItem(r, "people")));
    }
    fputc('\n', stdout);
  }
  printf("%-32s ", people ? "not stated (count or month)" : "not stated");
  put_count(ns);
  printf("\n%-32s ", "incidents in all");
  put_count(total);
  fputc('\n', stdout);
  cJSON_Delete(root);
  return EXIT_OK;
}
