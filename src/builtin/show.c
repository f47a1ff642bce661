/*
** show.c — `jikenbo show INCIDENT`: one incident, its reports as a
** timeline, each fact with the text it came from, corrections marked.
**
** The library gives the incident as JSON (jk_store_incident_json); this
** file only lays it out: as text (default), as the JSON itself (--json),
** or as the notices' texts with the evidence spans highlighted (--text).
**
** Each extracted SCHEMA.md fact carries the extractor's confidence; one
** under JK_CONF_LOW is marked "?" so that a reviewer checks it first.  A
** record whose confidences are all 0 was stored before confidence existed
** (the extractor gives even a "not stated" a confidence above 0): its
** confidence is unknown and nothing is shown, rather than every fact
** marked low.  A corrected fact shows none either: an analyst set it.
*/
#include "../cli.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: jikenbo show [OPTIONS] INCIDENT\n"
    "\n"
    "Show one incident (a casebook number such as 2023-446, or an id such as\n"
    "J-12 from jikenbo search): its headline (the victim: whose data was\n"
    "exposed; each value with the report it came from), then its reports in\n"
    "the order of their dates (undated ones by when they were first seen),\n"
    "each with its issuer (who published it: a regulator, police force or\n"
    "contractor is an issuer, not the victim), URL and content hash, every\n"
    "fact with the text it was taken from, corrections marked with who, when\n"
    "and why.\n"
    "\n"
    "Each extracted fact shows the extractor's confidence (0 to 1); under 0.50\n"
    "the value is marked ? and \"(low confidence 0.32: review)\".  Records\n"
    "stored before confidence existed show none (jikenbo reextract fills it\n"
    "in), nor do corrected facts.  The issuer that scored second is shown as\n"
    "the runner-up.\n"
    "\n"
    "options:\n"
    "  --json        the full record as JSON (reports, evidence, text, corrections, sightings)\n"
    "  --text        the notices' text with the evidence highlighted\n"
    "  --db PATH     the database (default $JIKENBO_DB, else ./jikenbo.db)\n"
    "  -h, --help    this help\n"
    "\n"
    "exit status: 0 shown; 1 no such incident or the database could not be read;\n"
    "2 bad usage.\n";

/* The fields shown per report, in order, with their display names. */
static const struct {
  const char *key, *label;
} shown[] = {
    {"title", "title"},         {"casebook_id", "casebook"},  {"org", "issuer"},
    {"published", "published"}, {"report_seq", "report"},     {"category", "category"},
    {"affected", "affected"},   {"card", "card data"},        {"data_types", "data types"},
    {"reported_to", "reported to"}, {"vendor", "contractor"}, {"exposure_period", "exposed"},
    {"discovered", "discovered"}, {"products", "products"},   {"measures", "measures"},
};

static int tty;

static const char *or_(const char *s, const char *dflt) { return s ? s : dflt; }

static const char *on(void) { return tty ? "\033[1m" : ""; }
static const char *off(void) { return tty ? "\033[0m" : ""; }

/* A JSON value as a short human string into b. */
static void human(const cJSON *v, jk_buf *b) {
  if (!v || cJSON_IsNull(v)) {
    jk_buf_puts(b, "not stated");
  } else if (cJSON_IsBool(v)) {
    jk_buf_puts(b, cJSON_IsTrue(v) ? "yes" : "no");
  } else if (cJSON_IsNumber(v)) {
    /* 6501 -> 6,501 */
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%.0f", v->valuedouble);
    for (int i = 0; i < len; i++) {
      if (i && tmp[0] != '-' && (len - i) % 3 == 0) jk_buf_putc(b, ',');
      jk_buf_putc(b, tmp[i]);
    }
  } else if (cJSON_IsString(v)) {
    jk_buf_puts(b, v->valuestring);
  } else if (cJSON_IsArray(v)) {
    int k = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
      if (k++) jk_buf_puts(b, cJSON_IsString(e) && strlen(e->valuestring) > 24 ? "\n                 " : ", ");
      human(e, b);
    }
    if (!k) jk_buf_puts(b, "none");
  } else if (cJSON_IsObject(v)) {
    const cJSON *f = cJSON_GetObjectItem(v, "from"), *t = cJSON_GetObjectItem(v, "to");
    human(f, b);
    jk_buf_puts(b, " to ");
    human(t, b);
  }
}

/* The evidence text of a field (first member for sets). */
static const char *evidence_of(const cJSON *ev, const char *key) {
  const cJSON *e = cJSON_GetObjectItem(ev, key);
  if (!e) {
    size_t kl = strlen(key);
    for (const cJSON *x = ev ? ev->child : NULL; x; x = x->next)
      if (!strncmp(x->string, key, kl) && x->string[kl] == '.') {
        e = x;
        break;
      }
  }
  const cJSON *t = e ? cJSON_GetObjectItem(e, "text") : NULL;
  return cJSON_IsString(t) ? t->valuestring : NULL;
}

/* Print s flattened to one line, cut at about max bytes on a character.
   A line break between two Japanese characters (a page margin's: 約1万2千
   / 件) is dropped, elsewhere it is a space. */
static void put_short(const char *s, size_t max) {
  size_t n = 0;
  const char *start = s;
  for (; *s; s++, n++) {
    if (n >= max && ((unsigned char)*s & 0xC0) != 0x80) {
      fputs("…", stdout);
      return;
    }
    if (*s == '\n' && s > start && (unsigned char)s[-1] >= 0x80 && (unsigned char)s[1] >= 0x80) continue;
    fputc(*s == '\n' || *s == '\t' ? ' ' : *s, stdout);
  }
}

static void print_correction(const cJSON *c, const char *indent) {
  jk_buf b;
  jk_buf_init(&b);
  human(cJSON_GetObjectItem(c, "value"), &b);
  const cJSON *note = cJSON_GetObjectItem(c, "note");
  printf("%scorrected by %s at %s%s%s", indent, or_(cJSON_GetStringValue(cJSON_GetObjectItem(c, "who")), "?"),
         or_(cJSON_GetStringValue(cJSON_GetObjectItem(c, "at")), "?"), cJSON_IsString(note) ? ": " : "",
         cJSON_IsString(note) ? note->valuestring : "");
  jk_buf_reset(&b);
  human(cJSON_GetObjectItem(c, "extracted"), &b);
  printf(" (extracted: %s)\n", b.p ? b.p : "");
  jk_buf_free(&b);
}

/* The record's confidence map when it says anything: NULL when missing or
   all 0 (stored before confidence existed), as jk_eval_errors reads it. */
static const cJSON *known_confidence(const cJSON *rec) {
  const cJSON *conf = cJSON_GetObjectItem(rec, "confidence");
  for (const cJSON *e = conf ? conf->child : NULL; e; e = e->next)
    if (cJSON_IsNumber(e) && e->valuedouble > 0) return conf;
  return NULL;
}

static void print_report(const cJSON *rep, int n, int total) {
  const cJSON *rec = cJSON_GetObjectItem(rep, "record");
  const cJSON *ev = cJSON_GetObjectItem(rec, "evidence");
  const cJSON *corr = cJSON_GetObjectItem(rep, "corrected");
  const cJSON *src = cJSON_GetObjectItem(rec, "source");
  const cJSON *sight = cJSON_GetObjectItem(rep, "sightings");
  const cJSON *conf = known_confidence(rec);
  const char *alt = cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(rec, "runner_up"), "org"));
  jk_buf low; /* "affected (0.32), org (0.41)": the facts to review first */
  jk_buf_init(&low);
  printf("\n%s── report %d of %d", on(), n, total);
  printf(" · %s:%d", or_(cJSON_GetStringValue(cJSON_GetObjectItem(rep, "source")), "?"),
         (int)cJSON_GetNumberValue(cJSON_GetObjectItem(src, "line")));
  int seen = cJSON_GetArraySize(sight);
  if (seen > 1) printf(" · seen %d times", seen);
  printf("%s\n", off());
  const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(rep, "url"));
  const char *sha = cJSON_GetStringValue(cJSON_GetObjectItem(rep, "sha256"));
  const char *got = cJSON_GetStringValue(cJSON_GetObjectItem(rep, "retrieved"));
  if (url) printf("  %-13s  %s\n", "url", url);
  if (url || sha)
    printf("  %-13s  %s%s%s%s%s\n", "provenance", got ? "retrieved " : "", got ? got : "",
           got && sha ? " · " : "", sha ? "SHA-256 " : "", sha ? sha : "");
  const cJSON *ocr = cJSON_GetObjectItem(rep, "ocr");
  if (cJSON_IsObject(ocr)) {
    const cJSON *pages = cJSON_GetObjectItem(ocr, "pages");
    printf("  %-13s  read by OCR (%s, %s), %d page%s, confidence %.2f:", "text",
           or_(cJSON_GetStringValue(cJSON_GetObjectItem(ocr, "engine")), "?"),
           or_(cJSON_GetStringValue(cJSON_GetObjectItem(ocr, "lang")), "?"), cJSON_GetArraySize(pages),
           cJSON_GetArraySize(pages) == 1 ? "" : "s", cJSON_GetNumberValue(cJSON_GetObjectItem(ocr, "confidence")));
    const cJSON *pg;
    int k = 0;
    cJSON_ArrayForEach(pg, pages) {
      if (k++ == 10) {
        printf(" …");
        break;
      }
      printf(" p.%d %.2f%s", (int)cJSON_GetNumberValue(cJSON_GetObjectItem(pg, "page")),
             cJSON_GetNumberValue(cJSON_GetObjectItem(pg, "confidence")),
             cJSON_IsTrue(cJSON_GetObjectItem(pg, "vertical")) ? " vertical" : "");
    }
    printf("; check the evidence against the image\n");
  }
  const char *role = cJSON_GetStringValue(cJSON_GetObjectItem(rep, "issuer_role"));
  if (role && strcmp(role, "own") != 0)
    printf("  %-13s  %s: published about another organisation, not the victim\n", "issuer role", role);
  jk_buf b;
  jk_buf_init(&b);
  for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
    const cJSON *c = cJSON_GetObjectItem(corr, shown[i].key);
    const cJSON *v = c ? cJSON_GetObjectItem(c, "value") : cJSON_GetObjectItem(rec, shown[i].key);
    if (!v && !c) continue;
    jk_buf_reset(&b);
    human(v, &b);
    if ((!strcmp(shown[i].key, "products") || !strcmp(shown[i].key, "measures")) && cJSON_GetArraySize(v) == 0)
      continue;
    /* Confidence only for the SCHEMA.md fields the extractor scored. */
    const cJSON *cf = c ? NULL : cJSON_GetObjectItem(conf, shown[i].key);
    double cv = cJSON_IsNumber(cf) ? cf->valuedouble : -1;
    int is_low = cv >= 0 && cv < JK_CONF_LOW;
    printf("  %-13s%s%c%s %s%s%s", shown[i].label, is_low && tty ? "\033[1;33m" : "", is_low ? '?' : ' ',
           is_low && tty ? "\033[0m" : "", c ? on() : "", b.p ? b.p : "", c ? off() : "");
    if (is_low) {
      printf("  (low confidence %.2f: review)", cv);
      jk_buf_printf(&low, "%s%s (%.2f)", low.len ? ", " : "", shown[i].label, cv);
    } else if (cv >= 0) {
      printf("  (confidence %.2f)", cv);
    }
    const char *e = c ? NULL : evidence_of(ev, shown[i].key);
    if (e && strcmp(shown[i].key, "title") != 0 && strcmp(shown[i].key, "measures") != 0) {
      fputs("   ← 「", stdout);
      put_short(e, 90);
      fputs("」", stdout);
    }
    fputc('\n', stdout);
    if (c) print_correction(c, "                 ");
    if (!strcmp(shown[i].key, "org") && alt && !(cJSON_IsString(v) && !strcmp(v->valuestring, alt)))
      printf("  %-13s  %s  (the issuer that scored second)\n", "runner-up", alt);
  }
  if (low.len) printf("  %-13s  %s\n", "review first", low.p);
  jk_buf_free(&low);
  const cJSON *an = cJSON_GetObjectItem(rec, "anomalies");
  for (const cJSON *a = an ? an->child : NULL; a; a = a->next)
    printf("  %-13s  %s\n", "anomaly", or_(cJSON_GetStringValue(a), ""));
  if (seen > 1)
    for (const cJSON *s = sight->child; s; s = s->next)
      printf("  %-13s  %s:%d at %s\n", "seen in", or_(cJSON_GetStringValue(cJSON_GetObjectItem(s, "file")), "?"),
             (int)cJSON_GetNumberValue(cJSON_GetObjectItem(s, "line")),
             or_(cJSON_GetStringValue(cJSON_GetObjectItem(s, "at")), ""));
  jk_buf_free(&b);
}

/* The notice text with every evidence span marked: colour on a terminal,
   ⟦ ⟧ elsewhere.  Overlapping spans are merged. */
static void print_text(const cJSON *rec) {
  const char *t = cJSON_GetStringValue(cJSON_GetObjectItem(rec, "text"));
  if (!t) return;
  size_t n = strlen(t);
  unsigned char *mark = calloc(n + 1, 1);
  if (!mark) return;
  const cJSON *ev = cJSON_GetObjectItem(rec, "evidence");
  for (const cJSON *e = ev ? ev->child : NULL; e; e = e->next) {
    double s = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "start"));
    double en = cJSON_GetNumberValue(cJSON_GetObjectItem(e, "end"));
    if (!(s >= 0) || !(en <= (double)n) || s >= en) continue;
    memset(mark + (size_t)s, 1, (size_t)en - (size_t)s);
  }
  int in = 0;
  for (size_t i = 0; i <= n; i++) {
    if (mark[i] != in) {
      if (tty) fputs(mark[i] ? "\033[1;33m" : "\033[0m", stdout);
      else fputs(mark[i] ? "⟦" : "⟧", stdout);
      in = mark[i];
    }
    if (i < n) fputc(t[i], stdout);
  }
  if (t[n - (n ? 1 : 0)] != '\n') fputc('\n', stdout);
  free(mark);
}

int cmd_show(int argc, char **argv) {
  if (cli_wants_help(argc, argv, usage)) return EXIT_OK;
  static const struct option opts[] = {{"json", no_argument, 0, 'j'},
                                       {"text", no_argument, 0, 't'},
                                       {"db", required_argument, 0, 'd'},
                                       {0, 0, 0, 0}};
  const char *db = NULL;
  int json = 0, text = 0, o;
  optind = 1;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'j': json = 1; break;
    case 't': text = 1; break;
    case 'd': db = optarg; break;
    default: fputs(usage, stderr); return EXIT_USAGE;
    }
  }
  if (optind != argc - 1) {
    cli_err("show: give one incident (e.g. jikenbo show 2023-446)");
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  jk_store *st = cli_open_store(db, JK_STORE_READONLY);
  if (!st) return EXIT_FAIL;
  jk_buf b;
  jk_buf_init(&b);
  jk_err err = {0, ""};
  jk_rc rc = jk_store_incident_json(st, argv[optind], &b, &err);
  jk_store_close(st);
  if (rc) {
    cli_err("%s", err.msg);
    jk_buf_free(&b);
    return EXIT_FAIL;
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
    cli_err("show: out of memory");
    return EXIT_FAIL;
  }
  tty = isatty(1);
  const cJSON *reps = cJSON_GetObjectItem(root, "reports");
  const cJSON *sum = cJSON_GetObjectItem(root, "summary");
  int total = cJSON_GetArraySize(reps);
  const char *label = cJSON_GetStringValue(cJSON_GetObjectItem(root, "incident"));
  const char *org = cJSON_GetStringValue(cJSON_GetObjectItem(sum, "org"));
  printf("%s%s%s  %s — %d report%s\n", on(), label ? label : "?", off(), org ? org : "(organisation not named)", total,
         total == 1 ? "" : "s");
  if (!text) {
    /* The headline: each value with the report it came from. */
    jk_buf h;
    jk_buf_init(&h);
    static const struct {
      const char *key, *from, *label;
    } heads[] = {{"org", "org", "victim"},           {"title", "title", "title"},
                 {"published", "published", "published"}, {"category", "category", "category"},
                 {"affected", "affected", "affected"}, {"discovered", "discovered", "discovered"},
                 {"data_types", NULL, "data types"}};
    const cJSON *from = cJSON_GetObjectItem(root, "headline_from");
    const cJSON *hc = cJSON_GetObjectItem(root, "headline_corrected");
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
      const cJSON *c = cJSON_GetObjectItem(hc, heads[i].key);
      const cJSON *v = cJSON_GetObjectItem(sum, heads[i].key);
      if (!c && (!v || cJSON_IsNull(v)) && strcmp(heads[i].key, "affected") != 0 && strcmp(heads[i].key, "org") != 0)
        continue;
      jk_buf_reset(&h);
      human(v, &h);
      printf("  %-13s  %s%s%s", heads[i].label, c ? on() : "", h.p ? h.p : "", c ? off() : "");
      const cJSON *f = heads[i].from ? cJSON_GetObjectItem(from, heads[i].from) : NULL;
      if (c) printf("   (corrected)\n");
      else if (cJSON_IsNumber(f)) printf("   (report %.0f)\n", f->valuedouble);
      else if (heads[i].from) printf("   (no report states it)\n");
      else printf("   (all reports)\n");
      if (c) print_correction(c, "                 ");
    }
    jk_buf_free(&h);
  }
  int n = 0;
  for (const cJSON *r = reps ? reps->child : NULL; r; r = r->next) {
    n++;
    if (text) {
      printf("\n%s── report %d of %d · %s%s\n", on(), n, total,
             or_(cJSON_GetStringValue(cJSON_GetObjectItem(r, "source")), "?"), off());
      print_text(cJSON_GetObjectItem(r, "record"));
    } else {
      print_report(r, n, total);
    }
  }
  const cJSON *corrs = cJSON_GetObjectItem(root, "corrections");
  if (!text && cJSON_GetArraySize(corrs) > 0) {
    printf("\n%s── corrections (audit trail, oldest first)%s\n", on(), off());
    for (const cJSON *c = corrs->child; c; c = c->next) {
      jk_buf v;
      jk_buf_init(&v);
      human(cJSON_GetObjectItem(c, "value"), &v);
      const cJSON *rn = cJSON_GetObjectItem(c, "report");
      printf("  #%.0f %s", cJSON_GetNumberValue(cJSON_GetObjectItem(c, "id")),
             or_(cJSON_GetStringValue(cJSON_GetObjectItem(c, "field")), "?"));
      if (cJSON_IsNumber(rn)) printf(" (report %.0f)", rn->valuedouble);
      else printf(" (headline)");
      printf(" = %s%s\n", v.p ? v.p : "", cJSON_IsTrue(cJSON_GetObjectItem(c, "in_effect")) ? "" : "  [superseded]");
      print_correction(c, "      ");
      jk_buf_free(&v);
    }
  }
  cJSON_Delete(root);
  return EXIT_OK;
}
