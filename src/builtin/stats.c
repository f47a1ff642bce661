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
    "Per-month views (month, affected_month) count the incidents without a month\n"
    "on their own line (\"undated\").\n"
    "\n"
    "options:\n"
    "  --by DIM      category (default), month, data_type, authority, product, org,\n"
    "                affected_month (people per month)\n"
    "  --sum affected  instead: the people affected over the matching incidents,\n"
    "                each incident once; how many state no number; the largest\n"
    "  --json        {\"by\", \"total\", \"not_stated\", \"rows\": [{\"key\", \"count\"}],\n"
    "                \"undated\"}; with --sum: {\"sum\", \"incidents\", \"stated\",\n"
    "                \"not_stated\", \"people\", \"largest\"}\n"
    "  --recount     count every matching incident row again instead of reading the\n"
    "                summary the store keeps (slower; the numbers must agree)\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n" CLI_WORDS_USAGE
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

static const struct option opts[] = {CLI_QUERY_OPTIONS,
                                     {"by", required_argument, 0, 'b'},
                                     {"sum", required_argument, 0, 's'},
                                     {"json", no_argument, 0, 'j'},
                                     {"recount", no_argument, 0, 'R'},
                                     {"db", required_argument, 0, 'd'},
                                     {0, 0, 0, 0}};

static int run_stats(int argc, char **argv);

/* The words go after a "--" first (cli_words_apart): -FAX is a word. */
static long long num(const cJSON *o, const char *key) {
  return (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

/* Pad by display width (CJK characters take two columns) to width. */
static void put_padded(const char *s, int width) {
  int w = 0;
  for (const char *p = s ? s : ""; *p; p++)
    if (((unsigned char)*p & 0xC0) != 0x80) w += (unsigned char)*p >= 0xE3 ? 2 : 1;
  printf("%s%*s ", s ? s : "", w < width ? width - w : 0, "");
}

/* --sum affected as text: the total, the not stated apart, the largest. */
static void print_sum(const cJSON *root) {
  printf("%-32s ", "incidents");
  put_count(num(root, "incidents"));
  printf("\n%-32s ", "  stating how many people");
  put_count(num(root, "stated"));
  printf("\n%-32s ", "  not stating it (not counted)");
  put_count(num(root, "not_stated"));
  printf("\n%-32s ", "people affected (stated)");
  put_count(num(root, "people"));
  fputc('\n', stdout);
  const cJSON *big = cJSON_GetObjectItem(root, "largest");
  if (big && cJSON_IsObject(big)) {
    printf("%-32s ", "largest");
    put_count(num(big, "affected"));
    const char *id = cJSON_GetStringValue(cJSON_GetObjectItem(big, "incident"));
    const char *org = cJSON_GetStringValue(cJSON_GetObjectItem(big, "org"));
    const char *date = cJSON_GetStringValue(cJSON_GetObjectItem(big, "published"));
    printf("  %s  %s  %s\n", id ? id : "?", date ? date : "(no date)", org ? org : "(organisation not named)");
  }
}

int cmd_stats(int argc, char **argv) {
  int nargc;
  char **nargv = cli_words_apart(argc, argv, opts, "h", &nargc);
  if (!nargv) {
    cli_err("out of memory");
    return EXIT_FAIL;
  }
  int rc = run_stats(nargc, nargv);
  free(nargv);
  return rc;
}

static int run_stats(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  cli_query cq;
  cli_query_init(&cq);
  const char *db = NULL, *by = NULL, *sum = NULL;
  int json = 0, recount = 0, o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (cli_query_opt(&cq, o, optarg)) continue;
    switch (o) {
    case 'b': by = optarg; break;
    case 's': sum = optarg; break;
    case 'j': json = 1; break;
    case 'R': recount = 1; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (by && sum) {
    cli_err("stats: give --by or --sum, not both (--by affected_month sums people per month)");
    return EXIT_USAGE;
  }
  if (!by) by = "category";
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
  jk_rc rc = sum       ? (recount ? jk_store_sum_recount_json : jk_store_sum_json)(st, sum, &cq.q, &b, &err)
             : recount ? jk_store_stats_recount_json(st, by, &cq.q, &b, &err)
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
  if (sum) {
    print_sum(root);
    cJSON_Delete(root);
    return EXIT_OK;
  }
  long long total = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(root, "total"));
  long long ns = (long long)cJSON_GetNumberValue(cJSON_GetObjectItem(root, "not_stated"));
  int people = !strcmp(by, "affected_month");
  /* affected_month: incidents, people, and those stating no count, per
     month; the undated on their own line; the sums at the end. */
  printf("%-32s %12s%s\n", people ? "month" : by, "incidents", people ? "       people   not stated" : "");
  const cJSON *rows = cJSON_GetObjectItem(root, "rows");
  double sum_people = 0;
  for (const cJSON *r = rows ? rows->child : NULL; r; r = r->next) {
    put_padded(cJSON_GetStringValue(cJSON_GetObjectItem(r, "key")), 32);
    put_count(num(r, "count"));
    if (people) {
      fputc(' ', stdout);
      put_count(num(r, "people"));
      fputc(' ', stdout);
      put_count(num(r, "not_stated"));
      sum_people += cJSON_GetNumberValue(cJSON_GetObjectItem(r, "people"));
    }
    fputc('\n', stdout);
  }
  const cJSON *und = cJSON_GetObjectItem(root, "undated");
  if (und) {
    printf("%-32s ", "undated (no month)");
    put_count(num(und, "count"));
    if (people) {
      fputc(' ', stdout);
      put_count(num(und, "people"));
      fputc(' ', stdout);
      put_count(num(und, "not_stated"));
      sum_people += cJSON_GetNumberValue(cJSON_GetObjectItem(und, "people"));
    }
    fputc('\n', stdout);
  } else {
    printf("%-32s ", "not stated");
    put_count(ns);
    fputc('\n', stdout);
  }
  printf("%-32s ", "incidents in all");
  put_count(total);
  if (people) {
    fputc(' ', stdout);
    put_count((long long)sum_people);
    fputc(' ', stdout);
    put_count(ns);
  }
  fputc('\n', stdout);
  cJSON_Delete(root);
  return EXIT_OK;
}
