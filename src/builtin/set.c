/*
** set.c — `jikenbo set INCIDENT FIELD VALUE`: an analyst's correction.
**
** The correction wins over extraction, survives reextract, and is kept
** with every earlier one (who, when, why): `jikenbo show` marks it and
** `show --json` lists the audit trail.
*/
#include "../cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: jikenbo set [OPTIONS] INCIDENT FIELD VALUE\n"
    "\n"
    "Correct one field of an incident's headline (2023-446: the values show,\n"
    "search, stats and every export give for the incident; its reports keep what\n"
    "they say), or of one of its reports (2023-446#2: the second report of\n"
    "`jikenbo show`'s timeline; the headline follows it where its value comes\n"
    "from that report). The value it replaces is kept beside it (for a report,\n"
    "the value extracted from that notice; for the headline, the value its\n"
    "reports give); every correction stays in the audit trail: see\n"
    "`jikenbo corrections`. Exports' modified times follow it.\n"
    "\n"
    "fields and values:\n"
    "  category      misdelivery, misconfiguration, publishing_error, programming_error,\n"
    "                loss, hacking, ransomware, malware, misuse, theft, other\n"
    "  affected      a whole number (1,234 is fine) or null (not stated)\n"
    "  card, vendor  yes or no\n"
    "  data_types    comma-separated: name,address,phone,email,birthdate,gender,card,\n"
    "                password,login_id,mynumber,bank,health,employment,school,message,\n"
    "                location,other (or none)\n"
    "  reported_to   comma-separated: ppc,police,pmark,ministry (or none)\n"
    "  org, title    text, or null (org: the victim on an incident, the issuer on a report)\n"
    "  casebook_id   YYYY-NNN, or null\n"
    "  published, discovered   YYYY-MM-DD (or YYYY-MM), or null\n"
    "  report_seq    1 for a first report, 2 for 第2報 ... (a report's: INCIDENT#N)\n"
    "\n"
    "options:\n"
    "  --note TEXT   why (kept with the correction)\n"
    "  --who NAME    who corrects (default $USER)\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 recorded; 1 the database could not be written; 2 bad usage,\n"
    "an unknown incident or field, or a value that does not fit the field.\n";

int cmd_set(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"note", required_argument, 0, 'n'},
                                       {"who", required_argument, 0, 'w'},
                                       {"db", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  const char *db = NULL, *note = NULL, *who = NULL;
  int o;
  optind = 1;
  /* "+": stop at the first operand, so a VALUE such as -1 is not an option. */
  while ((o = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
    switch (o) {
    case 'n': note = optarg; break;
    case 'w': who = optarg; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  /* Options may also follow the operands. */
  char *ops[3];
  int nops = 0;
  for (int i = optind; i < argc; i++) {
    if (!strcmp(argv[i], "--note") || !strcmp(argv[i], "--who") || !strcmp(argv[i], "--db")) {
      if (i + 1 >= argc) {
        cli_err("set: %s needs a value", argv[i]);
        return EXIT_USAGE;
      }
      if (!strcmp(argv[i], "--note")) note = argv[++i];
      else if (!strcmp(argv[i], "--who")) who = argv[++i];
      else db = argv[++i];
    } else if (nops < 3) {
      ops[nops++] = argv[i];
    } else {
      nops = 4;
      break;
    }
  }
  if (nops != 3) {
    cli_err("set: give INCIDENT FIELD VALUE (e.g. jikenbo set 2023-446 category misuse --note \"...\")");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  if (!who || !*who) who = getenv("USER");
  if (!who || !*who) who = "unknown";
  jk_store *st = cli_open_store(db, 0);
  if (!st) return EXIT_FAIL;
  jk_err err = {0, ""};
  jk_correction c;
  jk_rc rc = jk_store_set_ex(st, ops[0], ops[1], ops[2], who, note, &c, &err);
  if (rc) {
    cli_err("set: %s", err.msg);
    jk_store_close(st);
    return rc == JK_EINVAL || rc == JK_ENOTFOUND ? EXIT_USAGE : EXIT_FAIL;
  }
  jk_store_close(st);
  if (c.report) printf("%s report %d: %s corrected to %s (extracted: %s)", c.incident, c.report, c.field, c.value,
                       c.extracted);
  else printf("%s headline: %s corrected to %s (its reports give: %s)", c.incident, c.field, c.value, c.extracted);
  printf(" by %s%s%s\n", who, note ? " — " : "", note ? note : "");
  jk_correction_free(&c);
  return EXIT_OK;
}
