/*
** search.c — `jikenbo search WORDS [filters]`: incidents matching, with
** the hit in context.
*/
#include "../cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: jikenbo search [OPTIONS] [WORDS...]\n"
    "\n"
    "Find incidents whose notices contain all the WORDS, as typed: 漏洩, 紛失,\n"
    "誤送信 (a word of Japanese matches as a run of characters, so 個人情報の漏えい\n"
    "is a phrase by itself). The incidents must also pass the filters.\n"
    "Without words, every incident passing the filters.\n"
    "\n"
    "examples:\n"
    "  jikenbo search 誤送信 -FAX\n"
    "  jikenbo search 誤送信 OR 誤送付 --since 2023\n"
    "  jikenbo search '\"Microsoft Teams\"' 設定 -- -2023-07\n"
    "\n" CLI_WORDS_USAGE
    "\n" CLI_QUERY_USAGE
    "\n"
    "options:\n"
    "  --sort S          relevance (default with words), date, -date (default), affected\n"
    "  --limit N         incidents per page (default 20, at most 1000)\n"
    "  --offset N        skip the first N\n"
    "  --json            one JSON object: total and hits\n"
    "  --db PATH         the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help        this help\n"
    "\n"
    "exit status: 0 the search ran (also when nothing matched); 1 the database\n"
    "could not be read; 2 bad usage or a bad filter value.\n";

typedef struct out_ctx {
  int json, tty, n;
  jk_buf b;
} out_ctx;

/* The snippet with \x01/\x02 as colour on a terminal, else dropped. */
static void put_snippet(const char *s, int tty) {
  for (; *s; s++) {
    if (*s == '\x01') {
      if (tty) fputs("\033[1;31m", stdout);
    } else if (*s == '\x02') {
      if (tty) fputs("\033[0m", stdout);
    } else {
      fputc(*s, stdout);
    }
  }
}

static void put_count(long long n) {
  /* 1234567 -> 1,234,567 */
  char tmp[32], out[48];
  int len = snprintf(tmp, sizeof tmp, "%lld", n), k = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0) out[k++] = ',';
    out[k++] = tmp[i];
  }
  out[k] = 0;
  fputs(out, stdout);
}

static int on_hit(void *vp, const jk_hit *h) {
  out_ctx *c = vp;
  char date[16];
  jk_date_format(h->published, date, sizeof date);
  if (c->json) {
    jk_buf *b = &c->b;
    jk_buf_reset(b);
    jk_buf_printf(b, "%s{\"incident\":", c->n ? "," : "");
    jk_json_str(b, h->incident ? h->incident : "", h->incident ? strlen(h->incident) : 0);
    jk_buf_printf(b, ",\"id\":%lld,\"published\":", h->incident_id);
    if (h->published.y) jk_json_str(b, date, strlen(date));
    else jk_buf_puts(b, "null");
    jk_buf_puts(b, ",\"org\":");
    if (h->org) jk_json_str(b, h->org, strlen(h->org));
    else jk_buf_puts(b, "null");
    jk_buf_printf(b, ",\"category\":\"%s\",\"affected\":", jk_category_name((jk_category)h->category));
    if (h->affected >= 0) jk_buf_printf(b, "%lld", h->affected);
    else jk_buf_puts(b, "null");
    jk_buf_puts(b, ",\"title\":");
    if (h->title) jk_json_str(b, h->title, strlen(h->title));
    else jk_buf_puts(b, "null");
    jk_buf_printf(b, ",\"reports\":%d,\"rank\":%.4f,\"snippet\":", h->reports, h->rank);
    jk_json_str(b, h->snippet, strlen(h->snippet));
    jk_buf_putc(b, '}');
    fwrite(b->p, 1, b->len, stdout);
  } else {
    if (c->tty) fputs("\033[1m", stdout);
    printf("%-10s", h->incident ? h->incident : "?");
    if (c->tty) fputs("\033[0m", stdout);
    printf("  %-10s  %s  %s  ", h->published.y ? date : "(no date)", h->org ? h->org : "(organisation not named)",
           jk_category_name((jk_category)h->category));
    if (h->affected >= 0) {
      put_count(h->affected);
      fputs(" affected", stdout);
    } else {
      fputs("affected: not stated", stdout);
    }
    if (h->reports > 1) printf("  (%d reports)", h->reports);
    fputc('\n', stdout);
    if (h->title) printf("    %s\n", h->title);
    if (*h->snippet) {
      fputs("    ", stdout);
      put_snippet(h->snippet, c->tty);
      fputc('\n', stdout);
    }
  }
  c->n++;
  return 0;
}

static const struct option opts[] = {CLI_QUERY_OPTIONS,
                                     {"json", no_argument, 0, 'j'},
                                     {"db", required_argument, 0, 'd'},
                                     {0, 0, 0, 0}};

static int run_search(int argc, char **argv);

/* The words go after a "--" first (cli_words_apart): -FAX is a word. */
int cmd_search(int argc, char **argv) {
  int nargc;
  char **nargv = cli_words_apart(argc, argv, opts, "h", &nargc);
  if (!nargv) {
    cli_err("out of memory");
    return EXIT_FAIL;
  }
  int rc = run_search(nargc, nargv);
  free(nargv);
  return rc;
}

static int run_search(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  cli_query cq;
  cli_query_init(&cq);
  const char *db = NULL;
  out_ctx c;
  memset(&c, 0, sizeof c);
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    if (cli_query_opt(&cq, o, optarg)) continue;
    switch (o) {
    case 'j': c.json = 1; break;
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
  c.tty = isatty(1) && !c.json;
  jk_buf_init(&c.b);
  if (c.json) printf("{\"hits\":[");
  long long total = 0;
  jk_err err = {0, ""};
  jk_rc rc = jk_store_search(st, &cq.q, on_hit, &c, &total, &err);
  int status = EXIT_OK;
  if (rc) {
    if (c.json) printf("]}\n");
    cli_err("%s", err.msg);
    status = rc == JK_EINVAL ? EXIT_USAGE : EXIT_FAIL;
  } else if (c.json) {
    printf("],\"total\":%lld,\"offset\":%d,\"limit\":%d}\n", total, cq.q.offset, cq.q.limit);
  } else if (total == 0) {
    printf("no incident matches\n");
  } else {
    int first = cq.q.offset + 1, last = cq.q.offset + c.n;
    printf("%lld incident%s match", total, total == 1 ? "" : "s");
    if (c.n < total) {
      if (c.n) printf(" (showing %d-%d", first, last);
      else printf(" (none at offset %d", cq.q.offset);
      if (last < total) printf("; --offset %d for more", last);
      printf(")");
    }
    printf("\n");
  }
  jk_buf_free(&c.b);
  jk_store_close(st);
  cli_query_free(&cq);
  return status;
}
