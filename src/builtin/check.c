/*
** check.c — `jikenbo check FILE…`: posture checks of exported SaaS and
** cloud settings, each finding backed by the casebook's incidents.
**
** Reads each file (format detected from its content), runs the rule table
** (lib/check_rules.c), looks up the incidents of the same kind in the
** database, and prints a table (colour only on a terminal), JSON or
** SARIF 2.1.0.  --fail-on turns findings into an exit status for CI.
*/
#include "../cli.h"
#include "../../lib/check.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Exit status when findings reach --fail-on (errors keep EXIT_FAIL). */
#define EXIT_FINDINGS 3

static const char usage[] =
    "usage: jikenbo check [OPTIONS] FILE...\n"
    "\n"
    "Check settings exported with the vendors' own tools against the lessons of\n"
    "real incidents. The format of each file is found from its content:\n"
    "  graph-groups            Microsoft Graph GET /groups (visibility, Teams)\n"
    "  az-storage-accounts     az storage account list\n"
    "  az-storage-containers   az storage container list\n"
    "  drive-files             Google Drive files.list with permissions (Forms too)\n"
    "  firebase-rtdb-rules     Firebase Realtime Database rules (JSON)\n"
    "  firebase-rules          Cloud Firestore / Storage security rules (text)\n"
    "  s3-public-access-block  aws s3api get-public-access-block\n"
    "  s3-bucket-acl           aws s3api get-bucket-acl\n"
    "  s3-bucket-policy        aws s3api get-bucket-policy\n"
    "Each finding lists the casebook incidents the same setting caused.\n"
    "\n"
    "options:\n"
    "  --db PATH          the casebook (default ./jikenbo.db or $JIKENBO_DB);\n"
    "                     without one the checks still run\n"
    "  --no-casebook      do not read the casebook\n"
    "  --json             one JSON document on stdout\n"
    "  --sarif            SARIF 2.1.0 on stdout (code scanning, CI)\n"
    "  --fail-on LEVEL    exit 3 when a finding of LEVEL or worse is found\n"
    "                     (high, medium or low)\n"
    "  --lang ja|en       language of titles and fixes (default: ja when $LANG is ja_*)\n"
    "  --color WHEN       auto (default: only on a terminal, not with $NO_COLOR),\n"
    "                     always or never\n"
    "  --rules            list the rules and exit\n"
    "  -h, --help         this help\n"
    "\n"
    "exit status: 0 checked (no finding at --fail-on); 1 a file could not be read\n"
    "or is not a known format (the others are still checked); 2 bad usage;\n"
    "3 a finding at or above --fail-on.\n";

typedef struct opts {
  const char *db, *lang;
  int json, sarif, no_casebook, fail_on, color;
} opts;

/* An input's bytes: a regular file is mapped (a 50 MB export is neither
   copied nor grown through a doubling buffer); stdin and pipes are read.
   *mapped says which, for release_input. */
static jk_rc read_input(const char *path, char **data, size_t *len, int *mapped, jk_err *err) {
  *mapped = 0;
  if (strcmp(path, "-") == 0) return cli_read_file(path, JK_CHECK_MAX_INPUT, data, len, err);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return jk_err_set(err, JK_EIO, "%s: cannot open: %s", path, strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
    int dir = fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode);
    close(fd);
    if (dir) return jk_err_set(err, JK_EINVAL, "%s: is a directory; give the export files in it", path);
    return cli_read_file(path, JK_CHECK_MAX_INPUT, data, len, err);
  }
  if ((unsigned long long)sb.st_size > JK_CHECK_MAX_INPUT) {
    close(fd);
    return jk_err_set(err, JK_ETOOBIG, "%s: %lld bytes, over the %u MiB limit; split the export",
                      path, (long long)sb.st_size, JK_CHECK_MAX_INPUT >> 20);
  }
  if (sb.st_size == 0) {
    close(fd);
    *data = calloc(1, 1);
    *len = 0;
    return *data ? JK_OK : jk_err_set(err, JK_ENOMEM, "%s: out of memory", path);
  }
  void *m = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) return cli_read_file(path, JK_CHECK_MAX_INPUT, data, len, err);
  *data = m;
  *len = (size_t)sb.st_size;
  *mapped = 1;
  return JK_OK;
}

static void release_input(char *data, size_t len, int mapped) {
  if (mapped) munmap(data, len);
  else free(data);
}

static const char *default_lang(void) {
  static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (size_t i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "ja", 2) == 0 ? "ja" : "en";
  }
  return "en";
}

/* ---- colour ---------------------------------------------------------------- */

static int use_color;
static const char *col(const char *code) { return use_color ? code : ""; }
#define C_RESET col("\033[0m")
#define C_BOLD col("\033[1m")
#define C_DIM col("\033[2m")

static const char *sev_color(int sev) {
  return sev == JK_SEV_HIGH ? col("\033[1;31m") : sev == JK_SEV_MEDIUM ? col("\033[1;33m")
                                                                        : col("\033[1;36m");
}

static const char *sev_label(int sev, int ja) {
  if (ja) return sev == JK_SEV_HIGH ? "高" : sev == JK_SEV_MEDIUM ? "中" : "低";
  return sev == JK_SEV_HIGH ? "HIGH" : sev == JK_SEV_MEDIUM ? "MEDIUM" : "LOW";
}

/* ---- the table --------------------------------------------------------------- */

#define SHOW_FINDINGS 10 /* per rule; --json lists all */
#define SHOW_CASES 5

static void print_cases(const jk_case_set *s, int ja) {
  for (size_t i = 0; i < s->n && i < SHOW_CASES; i++) {
    const jk_case_ref *r = &s->v[i];
    char d[16], n[32];
    if (r->affected >= 0) jk_fmt_count(r->affected, n, sizeof n);
    printf("         %-10s %-10s %s  %s%s  %s%s%s\n", r->incident,
           r->published.y ? jk_date_format(r->published, d, sizeof d) : "-",
           r->org ? r->org : (ja ? "(組織名不明)" : "(organisation not named)"),
           r->affected >= 0 ? n : (ja ? "人数不明" : "count not stated"),
           r->affected >= 0 ? (ja ? " 人" : " people") : "", C_DIM, r->link, C_RESET);
  }
  if (s->n > SHOW_CASES)
    printf(ja ? "         …ほか %zu 件(--json ですべて表示)\n"
              : "         … and %zu more (--json lists all)\n",
           s->n - SHOW_CASES);
}

static void print_table(const jk_check *c, const jk_casebook *cb, const char *lang,
                        const char *cb_note) {
  int ja = strcmp(lang, "ja") == 0;
  size_t nfind = jk_check_nfindings(c), nfiles = jk_check_nfiles(c);
  size_t by[4] = {0};
  long long objects = 0;
  int drive = 0;
  for (size_t i = 0; i < nfind; i++) by[jk_check_rules[jk_check_finding(c, i)->rule].severity & 3]++;
  for (size_t i = 0; i < nfiles; i++) {
    const jk_check_file *f = jk_check_get_file(c, i);
    objects += f->subjects;
    drive |= f->rc == JK_OK && f->format == JK_FMT_DRIVE_FILES;
  }
  if (ja)
    printf("%sjikenbo check%s — %zu ファイル、%lld オブジェクト、指摘 %zu 件(高 %zu・中 %zu・低 %zu)\n",
           C_BOLD, C_RESET, nfiles, objects, nfind, by[3], by[2], by[1]);
  else
    printf("%sjikenbo check%s — %zu file%s, %lld object%s, %zu finding%s (%zu high, %zu medium, "
           "%zu low)\n",
           C_BOLD, C_RESET, nfiles, nfiles == 1 ? "" : "s", objects, objects == 1 ? "" : "s",
           nfind, nfind == 1 ? "" : "s", by[3], by[2], by[1]);
  for (size_t i = 0; i < nfiles; i++) {
    const jk_check_file *f = jk_check_get_file(c, i);
    if (f->rc)
      printf("  %s: %sERROR%s %s\n", f->path, col("\033[1;31m"), C_RESET, f->error);
    else
      printf("  %s: %s (%s), %lld %s\n", f->path, jk_check_format_name(f->format),
             jk_check_format_source(f->format), f->subjects,
             ja ? "オブジェクト" : (f->subjects == 1 ? "object" : "objects"));
  }
  if (cb_note) printf("  %s\n", cb_note);
  /* Findings grouped by rule, worst first (the order they come in). */
  for (size_t i = 0; i < nfind;) {
    const jk_finding *f0 = jk_check_finding(c, i);
    const jk_check_rule *ru = &jk_check_rules[f0->rule];
    size_t j = i;
    while (j < nfind && jk_check_finding(c, j)->rule == f0->rule) j++;
    printf("\n%s%-6s%s %s%s%s — %s\n", sev_color(ru->severity), sev_label(ru->severity, ja),
           C_RESET, C_BOLD, ru->id, C_RESET, ja ? ru->title_ja : ru->title_en);
    for (size_t k = i; k < j && k < i + SHOW_FINDINGS; k++) {
      const jk_finding *f = jk_check_finding(c, k);
      const jk_check_file *file = jk_check_get_file(c, f->file);
      if (f->line) printf("       %s:%d:%d", file->path, f->line, f->col);
      else printf("       %s", file->path);
      if (*f->pointer) printf("  %s", f->pointer);
      if (*f->name) printf("  \"%s\"", f->name);
      printf("\n         %s%s%s\n", C_DIM, f->seen, C_RESET);
    }
    if (j - i > SHOW_FINDINGS)
      printf(ja ? "       …ほか %zu 件(--json ですべて表示)\n" : "       … and %zu more (--json lists all)\n",
             j - i - SHOW_FINDINGS);
    printf("       %s%s%s %s\n", C_BOLD, ja ? "対処:" : "fix:", C_RESET, ja ? ru->fix_ja : ru->fix_en);
    if (cb && jk_casebook_total(cb) > 0) {
      const jk_case_set *s = jk_casebook_rule(cb, f0->rule);
      jk_buf line;
      jk_buf_init(&line);
      jk_case_set_summary(s, lang, &line);
      printf("       %s%s%s %s\n", C_BOLD, ja ? "事件簿:" : "casebook:", C_RESET, line.p ? line.p : "");
      jk_buf_free(&line);
      print_cases(s, ja);
      const jk_case_set *rel = jk_casebook_similar(cb, f0->rule);
      if (rel->n) {
        printf(ja ? "       %s似た原因:%s 製品名と設定の両方は挙げていない事案 %zu 件(背景とはしていません): "
                  : "       %ssimilar cause:%s %zu incident%s whose notice%s not name both this product and "
                    "the setting (not counted as behind it): ",
               C_BOLD, C_RESET, rel->n, ja ? "" : (rel->n == 1 ? "" : "s"),
               ja ? "" : (rel->n == 1 ? " does" : "s do"));
        for (size_t k = 0; k < rel->n && k < 8; k++)
          printf("%s%s %s", k ? ", " : "", rel->v[k].incident, rel->v[k].org ? rel->v[k].org : "");
        printf(rel->n > 8 ? " …\n" : "\n");
      }
    }
    i = j;
  }
  if (drive) {
    size_t k = 0;
    for (; k < jk_lesson_settings_n; k++)
      if (strcmp(jk_lesson_settings[k].id, "forms.summary-visible") == 0) break;
    const jk_case_set *s = cb && k < jk_lesson_settings_n ? jk_casebook_setting(cb, k) : NULL;
    printf(ja ? "\n注: Google フォームの「結果の概要を表示する」はどのエクスポートにも現れないため検査できません"
              : "\nnote: the Google Forms option \"show summary of results\" appears in no export, "
                "so it cannot be checked");
    if (s && s->n)
      printf(ja ? "(事件簿では %zu 件の事案の原因)。jikenbo lessons を参照。\n"
                : " (it caused %zu incidents in your casebook); see jikenbo lessons.\n", s->n);
    else
      printf(ja ? "。jikenbo lessons を参照。\n" : "; see jikenbo lessons.\n");
  }
  if (!nfind) printf(ja ? "\n指摘はありません。\n" : "\nNo findings.\n");
}

static void print_rules(const char *lang) {
  int ja = strcmp(lang, "ja") == 0;
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    const jk_check_rule *ru = &jk_check_rules[r];
    printf("%-28s %-6s %s\n", ru->id, jk_severity_name(ru->severity), ja ? ru->title_ja : ru->title_en);
    printf("%-28s        reads: %s\n", "", ru->looks_at);
  }
}

/* Open the casebook read-only; a missing file is an empty casebook.  Sets
   *note to what to tell the user when there is nothing to compare. */
static jk_casebook *load_casebook(const char *db, int ja, const char **note) {
  static char msg[700];
  const char *path = cli_db_path(db);
  struct stat sb;
  jk_store *st = NULL;
  jk_err err = {0, ""};
  if (stat(path, &sb) == 0) {
    if (jk_store_open(path, JK_STORE_READONLY, &st, &err)) {
      cli_err("check: %s (the checks still run, without casebook evidence)", err.msg);
      st = NULL;
    }
  }
  jk_casebook *cb = NULL;
  if (jk_casebook_load(st, &cb, &err)) {
    cli_err("check: %s (the checks still run, without casebook evidence)", err.msg);
    cb = NULL;
  }
  if (st) jk_store_close(st);
  if (!cb || jk_casebook_total(cb) == 0) {
    snprintf(msg, sizeof msg,
             ja ? "事件簿に比較できる事案がありません(データベースが空です: jikenbo ingest を実行してください)"
                : "no casebook incidents to compare (database empty: run jikenbo ingest)");
    *note = msg;
  }
  return cb;
}

int cmd_check(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option lopts[] = {{"db", required_argument, 0, 'd'},
                                        {"json", no_argument, 0, 'j'},
                                        {"sarif", no_argument, 0, 's'},
                                        {"fail-on", required_argument, 0, 'f'},
                                        {"lang", required_argument, 0, 'l'},
                                        {"color", required_argument, 0, 'c'},
                                        {"no-casebook", no_argument, 0, 'n'},
                                        {"rules", no_argument, 0, 'r'},
                                        {0, 0, 0, 0}};
  opts o = {NULL, default_lang(), 0, 0, 0, 0, -1};
  int list_rules = 0, ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
    switch (ch) {
    case 'd': o.db = optarg; break;
    case 'j': o.json = 1; break;
    case 's': o.sarif = 1; break;
    case 'n': o.no_casebook = 1; break;
    case 'r': list_rules = 1; break;
    case 'f':
      o.fail_on = jk_severity_parse(optarg);
      if (o.fail_on < 0) {
        cli_err("check: --fail-on takes high, medium or low, not '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    case 'l':
      if (strcmp(optarg, "ja") && strcmp(optarg, "en")) {
        cli_err("check: --lang takes ja or en, not '%s'", optarg);
        return EXIT_USAGE;
      }
      o.lang = optarg;
      break;
    case 'c':
      if (!strcmp(optarg, "always")) o.color = 1;
      else if (!strcmp(optarg, "never")) o.color = 0;
      else if (!strcmp(optarg, "auto")) o.color = -1;
      else {
        cli_err("check: --color takes auto, always or never, not '%s'", optarg);
        return EXIT_USAGE;
      }
      break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (list_rules) {
    print_rules(o.lang);
    return EXIT_OK;
  }
  if (o.json && o.sarif) {
    cli_err("check: choose one of --json and --sarif");
    return EXIT_USAGE;
  }
  if (optind >= argc) {
    cli_err("check: no settings files given (use - for stdin; see jikenbo check --help)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  use_color = o.color == 1 || (o.color < 0 && !o.json && !o.sarif && isatty(1) && !getenv("NO_COLOR"));
  int ja = strcmp(o.lang, "ja") == 0;
  jk_check *c = jk_check_new();
  if (!c) {
    cli_err("check: out of memory");
    return EXIT_FAIL;
  }
  int status = EXIT_OK;
  for (int i = optind; i < argc; i++) {
    char *data = NULL;
    size_t len = 0;
    int mapped = 0;
    jk_err err = {0, ""};
    jk_rc rc = read_input(argv[i], &data, &len, &mapped, &err);
    if (rc) {
      jk_check_file_failed(c, argv[i], rc, err.msg);
    } else {
      rc = jk_check_buffer(c, argv[i], data, len, &err);
      release_input(data, len, mapped);
    }
    if (rc) {
      cli_err("%s", err.msg);
      status = EXIT_FAIL;
    }
  }
  const char *note = NULL;
  jk_casebook *cb = NULL;
  if (!o.no_casebook) cb = load_casebook(o.db, ja, &note);
  if (note && (o.json || o.sarif)) fprintf(stderr, "jikenbo: %s\n", note);
  if (o.json || o.sarif) {
    jk_buf out;
    jk_buf_init(&out);
    jk_rc rc = o.sarif ? jk_sarif_write(c, cb, o.lang, &out) : jk_check_to_json(c, cb, o.lang, &out);
    if (rc) {
      cli_err("check: out of memory writing the report");
      status = EXIT_FAIL;
    } else {
      fwrite(out.p, 1, out.len, stdout);
      fputc('\n', stdout);
    }
    jk_buf_free(&out);
  } else {
    print_table(c, cb, o.lang, note);
  }
  fflush(stdout);
  if (status == EXIT_OK && o.fail_on > 0 && jk_check_worst(c) >= o.fail_on) status = EXIT_FINDINGS;
  jk_casebook_free(cb);
  jk_check_free(c);
  return status;
}
