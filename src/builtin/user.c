/*
** user.c — `jikenbo user add|list|remove`: the named users of the
** server (lib/users.c).  A new user's token is printed once, on stdout;
** only its SHA-256 is stored.
*/
#include "../cli.h"

#include "../../lib/users.h"

#include <getopt.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo user add NAME --role reader|analyst|admin\n"
    "       jikenbo user list\n"
    "       jikenbo user remove NAME\n"
    "\n"
    "Users of `jikenbo serve`, each with a role:\n"
    "  reader   reads, saves searches and gets their alerts\n"
    "  analyst  also ingests, corrects facts and marks incidents reviewed\n"
    "  admin    also re-extracts and manages users\n"
    "`add` prints the user's token once (64 hex characters): give it to them;\n"
    "they send it as 'Authorization: Bearer TOKEN' or paste it into the\n"
    "dashboard's login. Only its SHA-256 is stored: a lost token means remove\n"
    "and add again. Without any user (and without --token-file) the server is\n"
    "read-only.\n"
    "\n"
    "options:\n"
    "  --role ROLE   reader, analyst or admin (add; required)\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 done; 1 the database could not be written; 2 bad usage,\n"
    "a bad or taken name, or no such user.\n";

static int print_user(void *ctx, const jk_user *u) {
  printf("%-20s %-8s %s\n", u->name, jk_role_name(u->role) ? jk_role_name(u->role) : "?", u->created_at);
  return 0;
}

int cmd_user(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"role", required_argument, 0, 'r'}, {"db", required_argument, 0, 'd'}, {0, 0, 0, 0}};
  const char *db = NULL, *role = NULL;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'r': role = optarg; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind >= argc) {
    cli_err("user: say add, list or remove (see 'jikenbo user --help')");
    return EXIT_USAGE;
  }
  const char *verb = argv[optind++];
  int add = !strcmp(verb, "add"), list = !strcmp(verb, "list"), rm = !strcmp(verb, "remove");
  if (!add && !list && !rm) {
    cli_err("user: unknown action '%s': add, list or remove", verb);
    return EXIT_USAGE;
  }
  if ((list && optind != argc) || (!list && optind != argc - 1)) {
    cli_err(list ? "user list takes no arguments" : "user %s takes one NAME", verb);
    return EXIT_USAGE;
  }
  int r = -1;
  if (add && (!role || (r = jk_role_parse(role)) < 0)) {
    cli_err("user add: --role reader, analyst or admin is required%s%s%s", role ? " ('" : "", role ? role : "",
            role ? "' is none of them)" : "");
    return EXIT_USAGE;
  }
  if (!add && role) {
    cli_err("user %s: --role is only for add", verb);
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, add ? JK_STORE_CREATE : 0);
  if (!st) return EXIT_FAIL;
  jk_err err = {0, ""};
  jk_rc rc;
  int exit_rc = EXIT_OK;
  if (add) {
    char token[65];
    rc = jk_user_add(st, argv[optind], (jk_role)r, token, &err);
    if (rc == JK_OK) {
      printf("%s\n", token);
      fprintf(stderr, "user %s added as %s: the line above is their token, shown only now\n", argv[optind], role);
      memset(token, 0, sizeof token);
    }
  } else if (list) {
    long long n = 0;
    rc = jk_user_each(st, print_user, NULL, &n, &err);
    if (rc == JK_OK && n == 0) fprintf(stderr, "no users: the server is read-only unless --token-file is given\n");
  } else {
    rc = jk_user_remove(st, argv[optind], &err);
    if (rc == JK_OK) fprintf(stderr, "user %s removed: their token no longer works\n", argv[optind]);
  }
  if (rc) {
    cli_err("%s", err.msg);
    exit_rc = rc == JK_EINVAL || rc == JK_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL;
  }
  jk_store_close(st);
  return exit_rc;
}
