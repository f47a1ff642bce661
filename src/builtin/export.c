/*
** export.c — `jikenbo export --format F`: every incident report, with
** corrections applied, in a format for other tools.
**
** Formats are one table (see cli_export_format in store_cli.h): the
** command and the server's GET /api/export both look a format up with
** cli_export_find and run it with cli_export_run, so a download is the
** command's output byte for byte.  To add one (as STIX, MISP, VERIS in
** export_share.c), write its functions in their own file, declare the
** cli_export_format in store_cli.h, and add a line to `formats` below.
*/
#include "../cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- jsonl: one JSON object per incident report ------------------------- */

static int jsonl_incident(FILE *out, void *state, const jk_incident *inc) {
  jk_buf b;
  jk_buf_init(&b);
  int rc = 0;
  for (size_t i = 0; i < inc->n && !rc; i++) {
    jk_buf_reset(&b);
    jk_buf_puts(&b, "{\"incident\":");
    jk_json_str(&b, inc->label, strlen(inc->label));
    jk_buf_printf(&b, ",\"incident_id\":%lld,\"report\":%zu,\"reports\":%zu,\"fetched\":", inc->id, i + 1, inc->n);
    if (inc->fetched[i]) jk_json_str(&b, inc->fetched[i], strlen(inc->fetched[i]));
    else jk_buf_puts(&b, "null");
    /* The incident's victim (this report's org is its issuer) and the
       notice's URL when known. */
    const char *victim = inc->headline ? inc->headline->org : NULL;
    const char *url = inc->urls ? inc->urls[i] : NULL;
    jk_buf_puts(&b, ",\"victim\":");
    if (victim) jk_json_str(&b, victim, strlen(victim));
    else jk_buf_puts(&b, "null");
    jk_buf_puts(&b, ",\"url\":");
    if (url) jk_json_str(&b, url, strlen(url));
    else jk_buf_puts(&b, "null");
    /* The incident's headline (headline corrections applied), the same
       on every report's line: what show, search and stats give. */
    if (inc->headline) {
      jk_buf_puts(&b, ",\"headline\":");
      if (jk_record_to_json(inc->headline, 0, &b) != JK_OK) b.oom = 1;
    }
    jk_buf_putc(&b, ',');
    size_t at = b.len;
    if (jk_record_to_json(inc->reports[i], JK_JSON_EVIDENCE, &b) != JK_OK || b.oom) {
      cli_err("export: out of memory");
      rc = 1;
      break;
    }
    /* Splice: drop the record's own opening brace. */
    memmove(b.p + at, b.p + at + 1, b.len - at - 1);
    b.len--;
    jk_buf_putc(&b, '\n');
    if (fwrite(b.p, 1, b.len, out) != b.len) rc = 1;
  }
  jk_buf_free(&b);
  return rc;
}

/* ---- csv: RFC 4180, a header row, sets joined with ';' ------------------- */

/*
** A row per incident (default: the incident's own values, as show's
** summary and stats have them, so summing a column sums incidents) or,
** with --per report, a row per report as extracted (corrections applied).
** Both end with the anomalies: printed errors noticed in the notices.
*/
static const char csv_header_incident[] =
    "incident,reports,casebook_id,org,published,category,affected,card,data_types,reported_to,vendor,title,"
    "exposure_from,exposure_to,discovered,products,measures,anomalies,sources\r\n";
static const char csv_header_report[] =
    "incident,report,casebook_id,org,published,report_seq,category,affected,card,data_types,"
    "reported_to,vendor,title,exposure_from,exposure_to,discovered,products,measures,anomalies,source_file,"
    "source_line\r\n";

typedef struct csv_state {
  int per_report;
} csv_state;

static int csv_begin(FILE *out, const cli_export_opts *o, void **state) {
  csv_state *cs = calloc(1, sizeof *cs);
  if (!cs) {
    cli_err("export: out of memory");
    return 1;
  }
  cs->per_report = o->per_report;
  if ((o->bom && fputs("\xEF\xBB\xBF", out) < 0) ||
      fputs(cs->per_report ? csv_header_report : csv_header_incident, out) < 0) {
    free(cs); /* a failed begin leaves nothing to discard */
    return 1;
  }
  *state = cs;
  return 0;
}

static int csv_end(FILE *out, void *state) {
  free(state);
  return 0;
}

static void csv_discard(void *state) { free(state); }

/*
** Does a spreadsheet read a cell starting here as a formula (or DDE)?
** = + - @ and TAB, CR (OWASP's list), their full-width forms ＝ ＋ － ＠
** (which Excel on a Japanese system also reads as formulas), also after
** leading blanks, which spreadsheets skip.
*/
static int csv_risky(const char *s) {
  while (*s == ' ') s++;
  if (*s && strchr("=+-@\t\r", *s)) return 1;
  const unsigned char *u = (const unsigned char *)s;
  /* U+FF1D ＝ EF BC 9D, U+FF0B ＋ EF BC 8B, U+FF0D － EF BC 8D, U+FF20 ＠ EF BC A0 */
  return u[0] == 0xEF && u[1] == 0xBC && (u[2] == 0x9D || u[2] == 0x8B || u[2] == 0x8D || u[2] == 0xA0);
}

/*
** One field: quoted when it holds a comma, quote, CR or LF (quotes
** doubled).  A field a spreadsheet would run as a formula (csv_risky)
** gets a leading ' so that it shows as text: the titles and names come
** from pages on the web.
*/
static void csv_field(jk_buf *b, const char *s, int last) {
  if (!s) s = "";
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote) jk_buf_putc(b, '"');
  if (csv_risky(s)) jk_buf_putc(b, '\'');
  for (; *s; s++) {
    if (*s == '"') jk_buf_putc(b, '"');
    jk_buf_putc(b, *s);
  }
  if (quote) jk_buf_putc(b, '"');
  jk_buf_puts(b, last ? "\r\n" : ",");
}

static void csv_date(jk_buf *b, jk_date d) {
  char tmp[16];
  csv_field(b, d.y ? jk_date_format(d, tmp, sizeof tmp) : "", 0);
}

static void csv_count(jk_buf *b, long long n) {
  char num[32];
  if (n >= 0) snprintf(num, sizeof num, "%lld", n);
  else num[0] = 0; /* empty: not stated */
  csv_field(b, num, 0);
}

static void csv_bits(jk_buf *b, jk_buf *tmp, uint32_t bits, int count, int dt) {
  jk_buf_reset(tmp);
  jk_buf_putc(tmp, 0);
  tmp->len = 0;
  for (int i = 0; i < count; i++)
    if (bits & (1u << i))
      jk_buf_printf(tmp, "%s%s", tmp->len ? ";" : "",
                    dt ? jk_data_type_name((jk_data_type)i) : jk_authority_name((jk_authority)i));
  csv_field(b, tmp->p ? tmp->p : "", 0);
}

static void csv_items(jk_buf *b, jk_buf *tmp, const jk_items *it) {
  jk_buf_reset(tmp);
  jk_buf_putc(tmp, 0);
  tmp->len = 0;
  for (size_t i = 0; i < it->n; i++) jk_buf_printf(tmp, "%s%s", i ? ";" : "", it->v[i].text);
  csv_field(b, tmp->p ? tmp->p : "", 0);
}

/* The fields both kinds of row share, from one record: the cause to the
   measures. */
static void csv_facts(jk_buf *b, jk_buf *tmp, const jk_record *r) {
  csv_field(b, jk_category_name(r->category), 0);
  csv_count(b, r->affected);
  csv_field(b, r->card ? "true" : "false", 0);
  csv_bits(b, tmp, r->data_types, JK_DT_COUNT, 1);
  csv_bits(b, tmp, r->reported_to, JK_AUTH_COUNT, 0);
  csv_field(b, r->vendor ? "true" : "false", 0);
  csv_field(b, r->title ? r->title : "", 0);
  csv_date(b, r->exposure_from);
  csv_date(b, r->exposure_to);
  csv_date(b, r->discovered);
  csv_items(b, tmp, &r->products);
  csv_items(b, tmp, &r->measures);
}

/* The anomalies of reports [from, to) joined with ';', each "report N: …"
   when tag (an incident of several reports). */
static void csv_anomalies(jk_buf *b, jk_buf *tmp, const jk_incident *inc, size_t from, size_t to, int tag) {
  jk_buf_reset(tmp);
  jk_buf_putc(tmp, 0);
  tmp->len = 0;
  for (size_t i = from; i < to; i++) {
    const jk_items *it = &inc->reports[i]->anomalies;
    for (size_t k = 0; k < it->n; k++) {
      if (tmp->len) jk_buf_putc(tmp, ';');
      if (tag) jk_buf_printf(tmp, "report %zu: ", i + 1);
      jk_buf_puts(tmp, it->v[k].text);
    }
  }
  csv_field(b, tmp->p ? tmp->p : "", 0);
}

static void csv_report_rows(jk_buf *b, jk_buf *tmp, const jk_incident *inc) {
  char num[32];
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
    csv_field(b, inc->label, 0);
    snprintf(num, sizeof num, "%zu", i + 1);
    csv_field(b, num, 0);
    csv_field(b, r->casebook_id ? r->casebook_id : "", 0);
    csv_field(b, r->org ? r->org : "", 0);
    csv_date(b, r->published);
    snprintf(num, sizeof num, "%d", r->report_seq);
    csv_field(b, num, 0);
    csv_facts(b, tmp, r);
    csv_anomalies(b, tmp, inc, i, i + 1, 0);
    csv_field(b, inc->sources[i] ? inc->sources[i] : "", 0);
    snprintf(num, sizeof num, "%d", r->heading_line);
    csv_field(b, num, 1);
  }
}

/* One row: the incident's own values (inc->summary, the store's merge),
   never merged again here. */
static void csv_incident_row(jk_buf *b, jk_buf *tmp, const jk_incident *inc) {
  const jk_record *m = inc->summary;
  char num[32];
  csv_field(b, inc->label, 0);
  snprintf(num, sizeof num, "%zu", inc->n);
  csv_field(b, num, 0);
  csv_field(b, m->casebook_id ? m->casebook_id : "", 0);
  csv_field(b, m->org ? m->org : "", 0);
  csv_date(b, m->published);
  csv_facts(b, tmp, m);
  csv_anomalies(b, tmp, inc, 0, inc->n, inc->n > 1);
  jk_buf_reset(tmp);
  jk_buf_putc(tmp, 0);
  tmp->len = 0;
  for (size_t i = 0; i < inc->n; i++) jk_buf_printf(tmp, "%s%s", i ? ";" : "", inc->sources[i] ? inc->sources[i] : "");
  csv_field(b, tmp->p ? tmp->p : "", 1);
}

static int csv_incident(FILE *out, void *state, const jk_incident *inc) {
  const csv_state *cs = state;
  if (!cs->per_report && !inc->summary) {
    cli_err("export: incident %s has no summary: export it with --per report", inc->label);
    return 1;
  }
  jk_buf b, tmp;
  jk_buf_init(&b);
  jk_buf_init(&tmp);
  if (cs->per_report) csv_report_rows(&b, &tmp, inc);
  else csv_incident_row(&b, &tmp, inc);
  int rc = b.oom || tmp.oom;
  if (rc) cli_err("export: out of memory");
  else if (b.len && fwrite(b.p, 1, b.len, out) != b.len) rc = 1;
  jk_buf_free(&b);
  jk_buf_free(&tmp);
  return rc;
}

/* ---- the table ------------------------------------------------------------ */

static const cli_export_format fmt_jsonl = {
    .name = "jsonl",
    .summary = "one JSON object per incident report (record fields, evidence, incident id, victim, URL, headline)",
    .media_type = "application/x-ndjson; charset=utf-8",
    .file_name = "jikenbo.jsonl",
    .incident = jsonl_incident,
};
static const cli_export_format fmt_csv = {
    .name = "csv",
    .summary = "one row per incident (--per report: per report), RFC 4180, sets joined with ';'",
    .media_type = "text/csv; charset=utf-8",
    .file_name = "jikenbo.csv",
    .begin_opts = csv_begin,
    .takes = CLI_EXPORT_PER | CLI_EXPORT_BOM,
    .incident = csv_incident,
    .end = csv_end,
    .discard = csv_discard,
};

static const cli_export_format *const formats[] = {
    &fmt_jsonl, &fmt_csv, &cli_fmt_stix, &cli_fmt_misp, &cli_fmt_veris,
};
#define NFORMATS (sizeof formats / sizeof formats[0])

const cli_export_format *cli_export_at(size_t i) { return i < NFORMATS ? formats[i] : NULL; }

const cli_export_format *cli_export_find(const char *name) {
  for (size_t i = 0; name && i < NFORMATS; i++)
    if (!strcmp(formats[i]->name, name)) return formats[i];
  return NULL;
}

const char *cli_export_names(const char *sep, char *buf, size_t n) {
  size_t k = 0;
  if (n) buf[0] = '\0';
  for (size_t i = 0; i < NFORMATS && k < n; i++)
    k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? sep : "", formats[i]->name);
  return buf;
}

/* One run: the format, where it writes, what it wrote. */
typedef struct ex_ctx {
  const cli_export_format *fmt;
  FILE *out;
  const char *dir; /* -o DIR: one file per incident */
  void *state;
  int failed;
  long long incidents, reports;
} ex_ctx;

static int on_incident(void *vp, const jk_incident *inc) {
  ex_ctx *c = vp;
  if (c->dir ? c->fmt->incident_to_dir(c->dir, c->state, inc) : c->fmt->incident(c->out, c->state, inc)) {
    c->failed = 1;
    return 1;
  }
  c->incidents++;
  c->reports += (long long)inc->n;
  return 0;
}

jk_rc cli_export_run(jk_store *st, const jk_query *q, const cli_export_format *fmt, FILE *out, const char *dir,
                     long long *incidents, long long *reports, jk_err *err) {
  return cli_export_run_opts(st, q, fmt, NULL, out, dir, incidents, reports, err);
}

jk_rc cli_export_run_opts(jk_store *st, const jk_query *q, const cli_export_format *fmt, const cli_export_opts *opts,
                          FILE *out, const char *dir, long long *incidents, long long *reports, jk_err *err) {
  static const cli_export_opts defaults;
  if (!opts) opts = &defaults;
  ex_ctx c;
  memset(&c, 0, sizeof c);
  c.fmt = fmt;
  c.out = out;
  c.dir = dir;
  jk_rc rc = JK_OK;
  int failed_begin = fmt->begin_opts ? fmt->begin_opts(out, opts, &c.state) : fmt->begin && fmt->begin(out, &c.state);
  if (failed_begin) {
    c.failed = 1;
  } else {
    rc = jk_store_each_incident(st, q, on_incident, &c, err);
    if (!rc && !c.failed && fmt->end) {
      if (fmt->end(out, c.state)) c.failed = 1;
    } else if (fmt->discard) {
      fmt->discard(c.state);
    }
  }
  if (incidents) *incidents = c.incidents;
  if (reports) *reports = c.reports;
  if (rc) return rc;
  if (!c.failed && !(out && ferror(out))) return JK_OK;
  if (err) { /* the format printed why, or out's error flag tells */
    err->rc = JK_EIO;
    err->msg[0] = '\0';
  }
  return JK_EIO;
}

static const char usage_head[] =
    "usage: jikenbo export --format FORMAT [OPTIONS] [WORDS...]\n"
    "\n"
    "Write every incident report (or those matching the words and filters),\n"
    "corrections applied, oldest incident first, to stdout or -o FILE.\n"
    "\n"
    "formats:\n";
static const char usage_tail[] =
    "\n"
    "options:\n"
    "  --format F, -f F  one of the formats above (required)\n"
    "  -o FILE           write to FILE (replaced only when the export succeeds)\n"
    "  -o DIR            misp, veris: one file per incident in DIR (DIR/<uuid>.json);\n"
    "                    misp-feed: the feed in DIR\n"
    "  --per incident    csv: a row per incident (default): the incident's own values\n"
    "                    (as show's summary and stats have them), its reports'\n"
    "                    anomalies (\"report N: …\") and sources; sums of a column\n"
    "                    count each incident once\n"
    "  --per report      csv: a row per report instead, with its source file and line\n"
    "  --bom             csv: begin with a UTF-8 byte order mark (Excel on Windows\n"
    "                    then reads the Japanese right). Cells a spreadsheet would run\n"
    "                    as formulas (= + - @ and their full-width forms) get a leading '\n"
    "  --db PATH         the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help        this help\n"
    "\n" CLI_WORDS_USAGE
    "\n" CLI_QUERY_USAGE
    "\n"
    "exit status: 0 written; 1 the database could not be read or the output\n"
    "written; 2 bad usage.\n";

static void print_usage(FILE *f) {
  fputs(usage_head, f);
  for (size_t i = 0; i < NFORMATS; i++) fprintf(f, "  %-9s %s\n", formats[i]->name, formats[i]->summary);
  fprintf(f, "  %-9s %s\n", "misp-feed",
          "a MISP feed in -o DIR (created if missing): manifest.json, <uuid>.json per\n"
          "            incident, hashes.csv; re-running rewrites only what changed and removes\n"
          "            the events no longer exported (MISP: Add Feed, format \"MISP Feed\")");
  fputs(usage_tail, f);
}

static const struct option opts[] = {CLI_QUERY_OPTIONS,
                                     {"format", required_argument, 0, 'f'},
                                     {"per", required_argument, 0, 'p'},
                                     {"bom", no_argument, 0, 'B'},
                                     {"db", required_argument, 0, 'd'},
                                     {0, 0, 0, 0}};

static int run_export(int argc, char **argv);

/* The words go after a "--" first (cli_words_apart): -FAX is a word. */
int cmd_export(int argc, char **argv) {
  int nargc;
  char **nargv = cli_words_apart(argc, argv, opts, "f:o:h", &nargc);
  if (!nargv) {
    cli_err("out of memory");
    return EXIT_FAIL;
  }
  int rc = run_export(nargc, nargv);
  free(nargv);
  return rc;
}

static int run_export(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      print_usage(stdout);
      return EXIT_OK;
    }
  }
  cli_query cq;
  cli_query_init(&cq);
  const char *db = NULL, *fname = NULL, *outpath = NULL;
  cli_export_opts xo = {0, 0};
  int o, per_given = 0;
  optind = 1;
  while ((o = getopt_long(argc, argv, "f:o:", opts, NULL)) != -1) {
    if (cli_query_opt(&cq, o, optarg)) continue;
    switch (o) {
    case 'f': fname = optarg; break;
    case 'p':
      if (!strcmp(optarg, "incident")) xo.per_report = 0;
      else if (!strcmp(optarg, "report")) xo.per_report = 1;
      else {
        cli_err("export: --per '%s': write incident or report", optarg);
        return EXIT_USAGE;
      }
      per_given = 1;
      break;
    case 'B': xo.bom = 1; break;
    case 'o': outpath = optarg; break;
    case 'd': db = optarg; break;
    default: print_usage(stderr); return EXIT_USAGE;
    }
  }
  /* The MISP feed is a directory of files, not a stream: not in the
     table (GET /api/export cannot send it; the server has /misp-feed/). */
  int feed = fname && !strcmp(fname, "misp-feed");
  const cli_export_format *fmt = feed ? NULL : cli_export_find(fname);
  if (feed && (!outpath || !strcmp(outpath, "-"))) {
    cli_err("export: misp-feed writes a directory: give -o DIR");
    cli_query_free(&cq);
    return EXIT_USAGE;
  }
  if (!fmt && !feed) {
    char list[200];
    cli_export_names(", ", list, sizeof list);
    cli_err(fname ? "export: unknown format '%s' (one of: %s, misp-feed)" : "export: give --format%.0s (one of: %s, misp-feed)", fname ? fname : "",
            list);
    return EXIT_USAGE;
  }
  if ((per_given && !(fmt->takes & CLI_EXPORT_PER)) || (xo.bom && !(fmt->takes & CLI_EXPORT_BOM))) {
    cli_err("export: %s is for --format csv, not %s", per_given && !(fmt->takes & CLI_EXPORT_PER) ? "--per" : "--bom",
            fmt->name);
    return EXIT_USAGE;
  }
  if (cli_query_finish(&cq, argc - optind, argv + optind)) {
    cli_query_free(&cq);
    return EXIT_USAGE;
  }
  cq.q.limit = 0;
  jk_store *st = cli_open_store(db, JK_STORE_READONLY);
  if (!st) {
    cli_query_free(&cq);
    return EXIT_FAIL;
  }
  if (feed) {
    int ret = cli_export_misp_feed(st, &cq.q, outpath);
    jk_store_close(st);
    cli_query_free(&cq);
    return ret;
  }
  FILE *out = stdout;
  const char *dir = NULL;
  char *tmp = NULL;
  struct stat sb;
  if (outpath && stat(outpath, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    if (!fmt->incident_to_dir) {
      cli_err("export: %s is a directory; %s writes one file: give a file name", outpath, fmt->name);
      jk_store_close(st);
      cli_query_free(&cq);
      return EXIT_USAGE;
    }
    dir = outpath;
  } else if (outpath && strcmp(outpath, "-") != 0) {
    /* Write beside the target and rename at the end: a failed export
       leaves the old file as it was. */
    size_t n = strlen(outpath) + 16;
    tmp = malloc(n);
    int fd = -1;
    if (tmp) {
      snprintf(tmp, n, "%s.tmpXXXXXX", outpath);
      fd = mkstemp(tmp);
    }
    if (fd < 0 || !(out = fdopen(fd, "w"))) {
      cli_err("export: cannot write %s: %s", outpath, strerror(errno));
      if (fd >= 0) close(fd);
      free(tmp);
      jk_store_close(st);
      cli_query_free(&cq);
      return EXIT_FAIL;
    }
  }
  jk_err err = {0, ""};
  long long incidents = 0, reports = 0;
  jk_rc rc = cli_export_run_opts(st, &cq.q, fmt, &xo, out, dir, &incidents, &reports, &err);
  if (rc && err.msg[0]) cli_err("%s", err.msg);
  int werr = fflush(out) != 0 || ferror(out);
  if (werr) cli_err("export: write failed: %s", strerror(errno));
  int ok = !rc && !werr;
  if (tmp) {
    if (fclose(out) != 0) ok = 0;
    if (ok && rename(tmp, outpath) != 0) {
      cli_err("export: cannot replace %s: %s", outpath, strerror(errno));
      ok = 0;
    }
    if (!ok) unlink(tmp);
    free(tmp);
  }
  if (ok && outpath)
    fprintf(stderr, "export: %lld incidents, %lld reports written to %s\n", incidents, reports, outpath);
  jk_store_close(st);
  cli_query_free(&cq);
  return ok ? EXIT_OK : EXIT_FAIL;
}
