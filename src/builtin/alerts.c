/*
** alerts.c — `jikenbo alerts`: what saved searches caught (lib/alerts.c).
** Lists alerts (newest first), marks them read, and delivers the
** webhooks that are due (as the server does in the background, and
** `ingest` and `watch` do after storing).
*/
#include "../cli.h"

#include "../../lib/alerts.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: jikenbo alerts [OPTIONS]\n"
    "\n"
    "The alerts of saved searches (saved from the dashboard or POST\n"
    "/api/searches): every new incident that matches a saved search, once.\n"
    "\n"
    "options:\n"
    "  --user NAME   only the searches of this user (default: everyone's)\n"
    "  --unread      only alerts not yet marked read\n"
    "  --read        then mark them read\n"
    "  --deliver     first POST the webhooks that are due (signed, retried later\n"
    "                with backoff if the receiver fails)\n"
    "  --limit N     at most N alerts (default 50, up to 500)\n"
    "  --json        the list as JSON\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 done; 1 the database could not be read or written, or a\n"
    "webhook was given up; 2 bad usage.\n";

static const char *jstr(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : "";
}

int cmd_alerts(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"user", required_argument, 0, 'u'}, {"unread", no_argument, 0, 'n'},
                                       {"read", no_argument, 0, 'r'},       {"deliver", no_argument, 0, 'D'},
                                       {"limit", required_argument, 0, 'l'}, {"json", no_argument, 0, 'j'},
                                       {"db", required_argument, 0, 'd'},   {0, 0, 0, 0}};
  const char *db = NULL, *user = NULL;
  int unread = 0, mark = 0, deliver = 0, json = 0;
  long limit = 50;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    char *end;
    switch (o) {
    case 'u': user = optarg; break;
    case 'n': unread = 1; break;
    case 'r': mark = 1; break;
    case 'D': deliver = 1; break;
    case 'j': json = 1; break;
    case 'd': db = optarg; break;
    case 'l':
      limit = strtol(optarg, &end, 10);
      if (*end || limit < 1 || limit > 500) {
        cli_err("alerts: --limit '%s': a number from 1 to 500", optarg);
        return EXIT_USAGE;
      }
      break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind < argc) {
    cli_err("alerts takes no arguments ('%s'); see 'jikenbo alerts --help'", argv[optind]);
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, 0);
  if (!st) return EXIT_FAIL;
  jk_err err = {0, ""};
  int rc = EXIT_OK;
  if (deliver) {
    jk_deliver_opts dopt;
    jk_deliver_opts_init(&dopt);
    jk_deliver_stats ds = {0, 0, 0};
    if (jk_alerts_deliver(st, (double)time(NULL), &dopt, &ds, &err) != JK_OK) {
      cli_err("%s", err.msg);
      rc = EXIT_FAIL;
    }
    fprintf(stderr, "webhooks: %lld sent, %lld to retry later, %lld given up\n", ds.sent, ds.retried, ds.failed);
    if (ds.failed) rc = EXIT_FAIL;
  }
  jk_buf b;
  jk_buf_init(&b);
  if (jk_alerts_json(st, user, unread, (int)limit, &b, &err) != JK_OK) {
    cli_err("%s", err.msg);
    jk_buf_free(&b);
    jk_store_close(st);
    return EXIT_FAIL;
  }
  if (json) {
    fwrite(b.p, 1, b.len, stdout);
    putchar('\n');
  } else {
    cJSON *j = cJSON_ParseWithLength(b.p, b.len);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(j, "items"), *a;
    int n = 0;
    cJSON_ArrayForEach(a, items) {
      const cJSON *s = cJSON_GetObjectItemCaseSensitive(a, "search"), *i = cJSON_GetObjectItemCaseSensitive(a, "incident");
      const cJSON *id = cJSON_GetObjectItemCaseSensitive(a, "id"), *rd = cJSON_GetObjectItemCaseSensitive(a, "read");
      printf("%s%-5d %s  [%s]  %s  %s%s%s%s\n", cJSON_IsTrue(rd) ? " " : "*", id ? id->valueint : 0, jstr(a, "at"),
             jstr(s, "name"), jstr(i, "id"), jstr(i, "title"), *jstr(a, "webhook") ? "  (webhook: " : "",
             jstr(a, "webhook"), *jstr(a, "webhook") ? ")" : "");
      n++;
    }
    const cJSON *un = cJSON_GetObjectItemCaseSensitive(j, "unread");
    fprintf(stderr, "%d alert%s shown, %d unread (* marks them)\n", n, n == 1 ? "" : "s", un ? un->valueint : 0);
    cJSON_Delete(j);
  }
  jk_buf_free(&b);
  if (mark) {
    long long n = 0;
    if (jk_alerts_mark_read(st, user, &n, &err) != JK_OK) {
      cli_err("%s", err.msg);
      rc = EXIT_FAIL;
    } else {
      fprintf(stderr, "%lld alert%s marked read\n", n, n == 1 ? "" : "s");
    }
  }
  jk_store_close(st);
  return rc;
}
