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

static const char csv_header[] =
    "incident,report,casebook_id,org,published,report_seq,category,affected,card,data_types,"
    "reported_to,vendor,title,exposure_from,exposure_to,discovered,products,measures,source_file,"
    "source_line\r\n";

static int csv_begin(FILE *out, void **state) { return fputs(csv_header, out) < 0; }

/*
** One field: quoted when it holds a comma, quote, CR or LF (quotes
** doubled).  A field that starts with = + - @, TAB or CR gets a leading '
** so that a spreadsheet shows it instead of running it as a formula: the
** titles and names come from pages on the web.
*/
static void csv_field(jk_buf *b, const char *s, int last) {
  if (!s) s = "";
  int quote = strpbrk(s, ",\"\r\n") != NULL;
  if (quote) jk_buf_putc(b, '"');
  if (*s && strchr("=+-@\t\r", *s)) jk_buf_putc(b, '\'');
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

static int csv_incident(FILE *out, void *state, const jk_incident *inc) {
  jk_buf b, tmp;
  jk_buf_init(&b);
  jk_buf_init(&tmp);
  char num[32];
  for (size_t i = 0; i < inc->n; i++) {
    const jk_record *r = inc->reports[i];
    csv_field(&b, inc->label, 0);
    snprintf(num, sizeof num, "%zu", i + 1);
    csv_field(&b, num, 0);
    csv_field(&b, r->casebook_id ? r->casebook_id : "", 0);
    csv_field(&b, r->org ? r->org : "", 0);
    csv_date(&b, r->published);
    snprintf(num, sizeof num, "%d", r->report_seq);
    csv_field(&b, num, 0);
    csv_field(&b, jk_category_name(r->category), 0);
    if (r->affected >= 0) snprintf(num, sizeof num, "%lld", r->affected);
    else num[0] = 0; /* empty: not stated */
    csv_field(&b, num, 0);
    csv_field(&b, r->card ? "true" : "false", 0);
    csv_bits(&b, &tmp, r->data_types, JK_DT_COUNT, 1);
    csv_bits(&b, &tmp, r->reported_to, JK_AUTH_COUNT, 0);
    csv_field(&b, r->vendor ? "true" : "false", 0);
    csv_field(&b, r->title ? r->title : "", 0);
    csv_date(&b, r->exposure_from);
    csv_date(&b, r->exposure_to);
    csv_date(&b, r->discovered);
    csv_items(&b, &tmp, &r->products);
    csv_items(&b, &tmp, &r->measures);
    csv_field(&b, inc->sources[i] ? inc->sources[i] : "", 0);
    snprintf(num, sizeof num, "%d", r->heading_line);
    csv_field(&b, num, 1);
  }
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
    .summary = "one row per incident report, RFC 4180, sets joined with ';'",
    .media_type = "text/csv; charset=utf-8",
    .file_name = "jikenbo.csv",
    .begin = csv_begin,
    .incident = csv_incident,
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
  ex_ctx c;
  memset(&c, 0, sizeof c);
  c.fmt = fmt;
  c.out = out;
  c.dir = dir;
  jk_rc rc = JK_OK;
  if (fmt->begin && fmt->begin(out, &c.state)) {
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
    "  -o DIR            misp, veris: one file per incident in DIR (DIR/<uuid>.json)\n"
    "  --db PATH         the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help        this help\n"
    "\n" CLI_QUERY_USAGE
    "\n"
    "exit status: 0 written; 1 the database could not be read or the output\n"
    "written; 2 bad usage.\n";

static void print_usage(FILE *f) {
  fputs(usage_head, f);
  for (size_t i = 0; i < NFORMATS; i++) fprintf(f, "  %-8s %s\n", formats[i]->name, formats[i]->summary);
  fputs(usage_tail, f);
}

int cmd_export(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) break;
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      print_usage(stdout);
      return EXIT_OK;
    }
  }
  static const struct option opts[] = {CLI_QUERY_OPTIONS,
                                       {"format", required_argument, 0, 'f'},
                                       {"db", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  cli_query cq;
  cli_query_init(&cq);
  const char *db = NULL, *fname = NULL, *outpath = NULL;
  int o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "f:o:", opts, NULL)) != -1) {
    if (cli_query_opt(&cq, o, optarg)) continue;
    switch (o) {
    case 'f': fname = optarg; break;
    case 'o': outpath = optarg; break;
    case 'd': db = optarg; break;
    default: print_usage(stderr); return EXIT_USAGE;
    }
  }
  const cli_export_format *fmt = cli_export_find(fname);
  if (!fmt) {
    char list[200];
    cli_export_names(", ", list, sizeof list);
    cli_err(fname ? "export: unknown format '%s' (one of: %s)" : "export: give --format%.0s (one of: %s)", fname ? fname : "",
            list);
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
  jk_rc rc = cli_export_run(st, &cq.q, fmt, out, dir, &incidents, &reports, &err);
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
