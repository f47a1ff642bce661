/*
** serve.c — `jikenbo serve`: the casebook as a JSON API and a dashboard
** in the browser, from one process (src/serve/ does the work).
**
** This file is the command: options, where the dashboard's files are,
** the API token (from a file or the environment, never from the command
** line where `ps` shows it), signals, and the one line that says where
** the server listens.
*/
#include "../cli.h"
#include "../serve/serve.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: jikenbo serve [OPTIONS]\n"
    "\n"
    "Serve the casebook: the dashboard at http://HOST:PORT/ and the JSON API\n"
    "under /api/ (see docs/openapi.yaml). Reading needs no login. Writes need\n"
    "'Authorization: Bearer TOKEN': a user's token ('jikenbo user add NAME\n"
    "--role reader|analyst|admin'), or the --token-file token, an admin.\n"
    "Without either the server is read-only. Saved searches' webhooks are\n"
    "delivered in the background. Stops on Ctrl-C/SIGTERM.\n"
    "\n"
    "options:\n"
    "  --db PATH           the database (default ./jikenbo.db or $JIKENBO_DB)\n"
    "  --listen HOST:PORT  where to listen (default 127.0.0.1:8080; port 0 picks a\n"
    "                      free one). Other hosts than loopback only when given here,\n"
    "                      and with a warning.\n"
    "  --token-file PATH   an admin token in PATH (first line), named \"admin\".\n"
    "                      $JIKENBO_TOKEN works too. Never on the command line.\n"
    "  --web DIR           the dashboard's files (default: web/ beside the binary's\n"
    "                      build directory, or $JIKENBO_WEB)\n"
    "  --threads N         worker threads (default: 2 per core, 2..16)\n"
    "  --no-cache          do not cache API answers\n"
    "\n"
    "connection limits (see README, Reliability):\n"
    "  --max-connections N connections in all (default 1024; within the descriptor limit)\n"
    "  --max-per-address N connections from one client address (default 32); more get 503\n"
    "  --head-timeout S    seconds from connecting to a whole request head (default 10),\n"
    "                      however slowly it trickles; then 408 and the connection ends\n"
    "  --send-timeout S    seconds from the head to the last byte of the answer\n"
    "                      (default 120): a slower reader or upload is cut off\n"
    "  --trust-proxy ADDR  ADDR is a reverse proxy in front: its connections count\n"
    "                      against the total only, and each request counts under the\n"
    "                      last address of its X-Forwarded-For (429 past the limit)\n"
    "  -q, --quiet         no log line per request\n"
    "  -h, --help          this help\n"
    "\n"
    "exit status: 0 stopped by a signal; 1 could not start; 2 bad usage.\n";

/* The token: the first line of a file, or the environment.  At least 16
   bytes, so that a guessable word is not mistaken for a secret. */
static int load_token(const char *file, srv *s) {
  char *tok = NULL;
  if (file) {
    char *data;
    size_t len;
    jk_err err = {0};
    if (cli_read_file(file, 4096, &data, &len, &err) != JK_OK) {
      cli_err("--token-file: %s", err.msg);
      return -1;
    }
    size_t n = strcspn(data, "\r\n");
    data[n] = '\0';
    tok = data;
  } else if (getenv("JIKENBO_TOKEN") && *getenv("JIKENBO_TOKEN")) {
    tok = strdup(getenv("JIKENBO_TOKEN"));
    if (!tok) return -1;
  } else {
    return 0;
  }
  size_t n = strlen(tok);
  while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t')) tok[--n] = '\0';
  if (n < 16) {
    cli_err("the API token must be at least 16 characters (e.g. head -c 24 /dev/urandom | base64)");
    free(tok);
    return -1;
  }
  s->token = tok;
  s->token_len = n;
  return 0;
}

/* Where the dashboard is when --web is not given: $JIKENBO_WEB, else the
   web/ directory of the source tree the binary was built in. */
static char *find_web(void) {
  const char *env = getenv("JIKENBO_WEB");
  if (env && *env) return strdup(env);
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    const char *tries[] = {"/../web", "/web", "/../share/jikenbo/web"};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
      char cand[PATH_MAX + 32];
      snprintf(cand, sizeof cand, "%s%s/index.html", exe, tries[i]);
      if (access(cand, R_OK) == 0) {
        cand[strlen(cand) - strlen("/index.html")] = '\0';
        return strdup(cand);
      }
    }
  }
  return strdup("web");
}

int cmd_serve(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"db", required_argument, 0, 'd'},
                                       {"listen", required_argument, 0, 'l'},
                                       {"token-file", required_argument, 0, 't'},
                                       {"web", required_argument, 0, 'w'},
                                       {"threads", required_argument, 0, 'T'},
                                       {"no-cache", no_argument, 0, 'C'},
                                       {"quiet", no_argument, 0, 'q'},
                                       {"max-connections", required_argument, 0, 'M'},
                                       {"max-per-address", required_argument, 0, 'P'},
                                       {"head-timeout", required_argument, 0, 'H'},
                                       {"send-timeout", required_argument, 0, 'S'},
                                       {"trust-proxy", required_argument, 0, 'X'},
                                       {0, 0, 0, 0}};
  const char *db = NULL, *listen_at = NULL, *token_file = NULL, *web = NULL;
  srv s;
  memset(&s, 0, sizeof s);
  s.cache = 1;
  s.max_conns = SRV_CONN_LIMIT;
  s.max_per_addr = SRV_CONN_PER_ADDR;
  s.head_timeout = SRV_HEAD_TIMEOUT;
  s.send_timeout = SRV_SEND_TIMEOUT;
  s.web_fd = -1;
  long nproc = sysconf(_SC_NPROCESSORS_ONLN);
  s.threads = (int)(nproc > 0 ? 2 * nproc : 4);
  if (s.threads < 2) s.threads = 2;
  if (s.threads > 16) s.threads = 16;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
    long n;
    switch (o) {
    case 'd': db = optarg; break;
    case 'l': listen_at = optarg; break;
    case 't': token_file = optarg; break;
    case 'w': web = optarg; break;
    case 'T':
      if (jk_http_parse_long(optarg, 1, 64, &n)) {
        cli_err("--threads: expected 1 to 64");
        return EXIT_USAGE;
      }
      s.threads = (int)n;
      break;
    case 'M':
    case 'P':
    case 'H':
    case 'S': {
      static const struct {
        int opt;
        const char *name;
        long lo, hi;
      } lim[] = {{'M', "--max-connections", 8, 1000000},
                 {'P', "--max-per-address", 1, 1000000},
                 {'H', "--head-timeout", 1, 3600},
                 {'S', "--send-timeout", 1, 86400}};
      size_t i = 0;
      while (lim[i].opt != o) i++;
      if (jk_http_parse_long(optarg, lim[i].lo, lim[i].hi, &n)) {
        cli_err("%s: expected %ld to %ld", lim[i].name, lim[i].lo, lim[i].hi);
        return EXIT_USAGE;
      }
      int *field = o == 'M' ? &s.max_conns : o == 'P' ? &s.max_per_addr : o == 'H' ? &s.head_timeout : &s.send_timeout;
      *field = (int)n;
      break;
    }
    case 'X':
      if (srv_addr_parse(optarg, strlen(optarg), s.proxy_addr) != 0) {
        cli_err("--trust-proxy: '%s' is not a numeric IPv4 or IPv6 address", optarg);
        return EXIT_USAGE;
      }
      s.trust_proxy = 1;
      break;
    case 'C': s.cache = 0; break;
    case 'q': s.quiet = 1; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind < argc) {
    cli_err("serve takes no arguments ('%s'); see 'jikenbo serve --help'", argv[optind]);
    return EXIT_USAGE;
  }
  jk_http_listen addr;
  jk_err err = {0};
  if (jk_http_listen_parse(listen_at ? listen_at : "127.0.0.1:8080", &addr, &err) != JK_OK) {
    cli_err("--listen: %s", err.msg);
    return EXIT_USAGE;
  }
  if (!addr.loopback)
    cli_err("warning: listening on %s: other machines can reach this server%s", addr.host,
            " (reading needs no login)");
  if (load_token(token_file, &s) != 0) return EXIT_USAGE;

  /* The database must exist and open: fail now, not on the first request. */
  const char *path = cli_db_path(db);
  s.db_path = realpath(path, NULL);
  jk_store *probe = NULL;
  if (!s.db_path || jk_store_open(s.db_path, JK_STORE_READONLY, &probe, &err) != JK_OK) {
    if (!s.db_path) cli_err("%s: no database there: run 'jikenbo ingest FILE…' first, or give --db PATH", path);
    else cli_err("%s", err.msg);
    free(s.db_path);
    free(s.token);
    return EXIT_FAIL;
  }
  jk_store_close(probe);

  char *webdir = web ? strdup(web) : find_web();
  if (!webdir || srv_static_open(&s, webdir, &err) != JK_OK) {
    cli_err("%s", webdir ? err.msg : "out of memory");
    free(webdir);
    free(s.db_path);
    free(s.token);
    return EXIT_FAIL;
  }
  free(webdir);
  if (faccessat(s.web_fd, "node_modules/chart.js/dist/chart.umd.min.js", R_OK, 0) != 0)
    cli_err("warning: %s/node_modules has no chart.js: the dashboard will show no charts "
            "(run ./scripts/install-deps)", s.web_root);

  /* Signals are taken by this thread alone (sigwait), so block them
     before MHD starts its threads, which inherit the mask. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN); /* a client gone mid-export is an error code, not a death */
  pthread_mutex_init(&s.write_mu, NULL);

  int port = 0;
  int rc = EXIT_OK;
  if (srv_start(&s, &addr, &port, &err) != JK_OK) {
    cli_err("%s", err.msg);
    rc = EXIT_FAIL;
  } else {
    const char *h = addr.host;
    int users = srv_writable(&s) && !s.token;
    printf("jikenbo: serving %s on http://%s%s%s:%d/ (%s)\n", s.db_path, addr.ipv6 ? "[" : "", h,
           addr.ipv6 ? "]" : "", port,
           s.token ? "writes allowed with the API token and users' tokens"
                   : users ? "writes allowed with users' tokens" : "read-only");
    fflush(stdout);
    srv_hooks_start(&s);
    pthread_t warm;
    int warming = srv_api_warm(&s, &warm) == 0;
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    fprintf(stderr, "jikenbo: %s: stopping (finishing requests in flight)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    srv_stop(&s, 5000);
    srv_hooks_stop(&s);
    if (warming) pthread_join(warm, NULL);
    fprintf(stderr, "jikenbo: stopped after %lld requests\n", (long long)atomic_load(&s.requests));
  }
  srv_db_close_all(&s);
  srv_cache_free();
  srv_taxii_free();
  srv_misp_feed_free();
  pthread_mutex_destroy(&s.write_mu);
  if (s.web_fd >= 0) close(s.web_fd);
  free(s.web_root);
  free(s.db_path);
  if (s.token) {
    explicit_bzero(s.token, s.token_len);
    free(s.token);
  }
  return rc;
}
