/*
** sarif.c — a check run as a SARIF 2.1.0 log, for CI systems and
** code-scanning dashboards.
**
** One run: tool.driver.rules is the whole rule table (so rule indexes are
** stable from run to run), one result per finding with ruleId/ruleIndex,
** level, a message in the chosen language, the input file with line and
** column (code points, declared by run.columnKind), and a logical location
** naming the JSON pointer of the offending object.  Files that could not
** be checked become error notifications of the invocation.  The casebook
** evidence rides in each rule's properties ("casebook") and in the
** result message.  Written streaming into a jk_buf, no tree.
*/
#include "check_int.h"

#include <string.h>

#define SARIF_SCHEMA \
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define MAX_EXAMPLES 10

const char *jk_sarif_level(int sev) {
  switch (sev) {
  case JK_SEV_HIGH: return "error";
  case JK_SEV_MEDIUM: return "warning";
  default: return "note";
  }
}

/* GitHub's scale: 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low. */
static const char *security_severity(int sev) {
  switch (sev) {
  case JK_SEV_HIGH: return "8.0";
  case JK_SEV_MEDIUM: return "5.0";
  default: return "3.0";
  }
}

static void str(jk_buf *b, const char *s) {
  if (s) jk_json_str(b, s, strlen(s));
  else jk_buf_puts(b, "null");
}

static void kv(jk_buf *b, const char *k, const char *v) {
  jk_buf_printf(b, "\"%s\":", k);
  str(b, v);
}

/* A path as a URI reference: unreserved bytes and '/' kept, the rest
   percent-encoded (spaces, Japanese names). */
static void uri(jk_buf *b, const char *path) {
  static const char hex[] = "0123456789ABCDEF";
  jk_buf u;
  jk_buf_init(&u);
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~/", *p)) {
      jk_buf_putc(&u, (char)*p);
    } else {
      jk_buf_putc(&u, '%');
      jk_buf_putc(&u, hex[*p >> 4]);
      jk_buf_putc(&u, hex[*p & 15]);
    }
  }
  str(b, u.p ? u.p : "");
  jk_buf_free(&u);
}

/* Rule names in SARIF are PascalCase words: graph.team-public -> GraphTeamPublic. */
static void rule_name(jk_buf *b, const char *id) {
  char tmp[128];
  size_t k = 0;
  int up = 1;
  for (const char *p = id; *p && k + 1 < sizeof tmp; p++) {
    if (*p == '.' || *p == '-') {
      up = 1;
      continue;
    }
    tmp[k++] = up && *p >= 'a' && *p <= 'z' ? (char)(*p - 32) : *p;
    up = 0;
  }
  tmp[k] = 0;
  str(b, tmp);
}

static void casebook_props(jk_buf *b, const jk_case_set *s, const char *lang,
                           const jk_case_set *similar, int is_similar) {
  jk_buf line;
  jk_buf_init(&line);
  if (is_similar) jk_case_similar_summary(s, lang, &line);
  else jk_case_set_summary(s, lang, &line);
  jk_buf_printf(b, "{\"incidents\":%zu,\"people\":%lld,\"notStated\":%zu,", s->n, s->people,
                s->not_stated);
  kv(b, "summary", line.p ? line.p : "");
  jk_buf_puts(b, ",\"examples\":[");
  for (size_t i = 0; i < s->n && i < MAX_EXAMPLES; i++) {
    const jk_case_ref *r = &s->v[i];
    char d[16];
    if (i) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    kv(b, "incident", r->incident);
    jk_buf_putc(b, ',');
    kv(b, "org", r->org);
    jk_buf_putc(b, ',');
    kv(b, "published", r->published.y ? jk_date_format(r->published, d, sizeof d) : NULL);
    if (r->affected >= 0) jk_buf_printf(b, ",\"affected\":%lld,", r->affected);
    else jk_buf_puts(b, ",\"affected\":null,");
    kv(b, "link", r->link);
    jk_buf_putc(b, '}');
  }
  jk_buf_putc(b, ']');
  if (similar) {
    jk_buf_puts(b, ",\"similar\":");
    casebook_props(b, similar, lang, NULL, 1);
  }
  jk_buf_putc(b, '}');
  jk_buf_free(&line);
}

static void rules(jk_buf *b, const jk_casebook *cb, const char *lang) {
  bool ja = lang && strcmp(lang, "ja") == 0;
  jk_buf_puts(b, "\"rules\":[");
  for (size_t r = 0; r < jk_check_rules_n; r++) {
    const jk_check_rule *ru = &jk_check_rules[r];
    if (r) jk_buf_putc(b, ',');
    jk_buf_putc(b, '{');
    kv(b, "id", ru->id);
    jk_buf_puts(b, ",\"name\":");
    rule_name(b, ru->id);
    jk_buf_puts(b, ",\"shortDescription\":{");
    kv(b, "text", ja ? ru->title_ja : ru->title_en);
    jk_buf_puts(b, "},\"fullDescription\":{");
    kv(b, "text", ru->looks_at);
    jk_buf_puts(b, "},\"help\":{");
    kv(b, "text", ja ? ru->fix_ja : ru->fix_en);
    jk_buf_puts(b, "},");
    kv(b, "helpUri", ru->help_uri);
    jk_buf_printf(b, ",\"defaultConfiguration\":{\"level\":\"%s\"},", jk_sarif_level(ru->severity));
    jk_buf_printf(b, "\"properties\":{\"security-severity\":\"%s\",\"severity\":\"%s\","
                  "\"tags\":[\"security\",\"configuration\"],",
                  security_severity(ru->severity), jk_severity_name(ru->severity));
    kv(b, "title_ja", ru->title_ja);
    jk_buf_putc(b, ',');
    kv(b, "title_en", ru->title_en);
    if (cb) {
      jk_buf_puts(b, ",\"casebook\":");
      casebook_props(b, jk_casebook_rule(cb, r), lang, jk_casebook_similar(cb, r), 0);
    }
    jk_buf_puts(b, "}}");
  }
  jk_buf_putc(b, ']');
}

static void result(jk_buf *b, const jk_check *c, const jk_finding *f, const jk_casebook *cb,
                   const char *lang) {
  bool ja = lang && strcmp(lang, "ja") == 0;
  const jk_check_rule *ru = &jk_check_rules[f->rule];
  const jk_check_file *file = jk_check_get_file(c, f->file);
  jk_buf msg;
  jk_buf_init(&msg);
  jk_buf_puts(&msg, ja ? ru->title_ja : ru->title_en);
  if (f->name && *f->name) jk_buf_printf(&msg, ": %s", f->name);
  if (f->pointer && *f->pointer) jk_buf_printf(&msg, " (%s)", f->pointer);
  if (f->seen && *f->seen) jk_buf_printf(&msg, " — %s", f->seen);
  jk_buf_puts(&msg, ja ? "。" : ". ");
  if (cb) {
    jk_case_set_summary(jk_casebook_rule(cb, f->rule), lang, &msg);
    jk_buf_puts(&msg, ja ? "。" : ".");
  }
  jk_buf_putc(b, '{');
  kv(b, "ruleId", ru->id);
  jk_buf_printf(b, ",\"ruleIndex\":%zu,\"level\":\"%s\",\"message\":{", f->rule,
                jk_sarif_level(ru->severity));
  kv(b, "text", msg.p ? msg.p : "");
  jk_buf_puts(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
  uri(b, file->path);
  jk_buf_printf(b, ",\"index\":%zu}", f->file);
  if (f->line > 0)
    jk_buf_printf(b, ",\"region\":{\"startLine\":%d,\"startColumn\":%d}", f->line,
                  f->col > 0 ? f->col : 1);
  jk_buf_putc(b, '}');
  if (f->pointer && *f->pointer) {
    jk_buf_puts(b, ",\"logicalLocations\":[{");
    kv(b, "fullyQualifiedName", f->pointer);
    if (f->name && *f->name) {
      jk_buf_putc(b, ',');
      kv(b, "name", f->name);
    }
    jk_buf_puts(b, ",\"kind\":\"object\"}]");
  }
  jk_buf_puts(b, "}],");
  /* A fingerprint that survives reordering: rule, file, object. */
  jk_buf fp;
  jk_buf_init(&fp);
  jk_buf_printf(&fp, "%s\n%s\n%s\n%s", ru->id, file->path, f->pointer ? f->pointer : "",
                f->name ? f->name : "");
  char hex[65];
  jk_sha256_hex(fp.p ? fp.p : "", fp.len, hex);
  jk_buf_free(&fp);
  jk_buf_printf(b, "\"partialFingerprints\":{\"jikenbo/v1\":\"%s\"},\"properties\":{", hex);
  kv(b, "severity", jk_severity_name(ru->severity));
  jk_buf_putc(b, ',');
  kv(b, "format", jk_check_format_name(file->format));
  jk_buf_putc(b, ',');
  kv(b, "seen", f->seen);
  jk_buf_putc(b, ',');
  kv(b, "fix", ja ? ru->fix_ja : ru->fix_en);
  jk_buf_puts(b, "}}");
  jk_buf_free(&msg);
}

jk_rc jk_sarif_write(const jk_check *c, const jk_casebook *cb, const char *lang, jk_buf *b) {
  size_t nf = jk_check_nfiles(c), errors = 0;
  for (size_t i = 0; i < nf; i++) errors += jk_check_get_file(c, i)->rc != JK_OK;
  jk_buf_puts(b, "{\"$schema\":\"" SARIF_SCHEMA "\",\"version\":\"2.1.0\",\"runs\":[{");
  jk_buf_puts(b, "\"tool\":{\"driver\":{\"name\":\"jikenbo\",\"fullName\":\"jikenbo check\","
                 "\"version\":\"" JK_VERSION "\",\"semanticVersion\":\"" JK_VERSION "\",");
  rules(b, cb, lang);
  jk_buf_puts(b, "}},");
  /* The invocation: files that could not be checked are its errors. */
  jk_buf_printf(b, "\"invocations\":[{\"executionSuccessful\":%s,\"toolExecutionNotifications\":[",
                errors ? "false" : "true");
  size_t k = 0;
  for (size_t i = 0; i < nf; i++) {
    const jk_check_file *f = jk_check_get_file(c, i);
    if (f->rc == JK_OK) continue;
    if (k++) jk_buf_putc(b, ',');
    jk_buf_puts(b, "{\"level\":\"error\",\"message\":{");
    kv(b, "text", f->error ? f->error : jk_rc_name(f->rc));
    jk_buf_puts(b, "},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    uri(b, f->path);
    jk_buf_puts(b, "}}}]}");
  }
  jk_buf_puts(b, "]}],\"artifacts\":[");
  for (size_t i = 0; i < nf; i++) {
    const jk_check_file *f = jk_check_get_file(c, i);
    if (i) jk_buf_putc(b, ',');
    jk_buf_puts(b, "{\"location\":{\"uri\":");
    uri(b, f->path);
    jk_buf_puts(b, "},\"properties\":{");
    kv(b, "format", f->rc ? NULL : jk_check_format_name(f->format));
    jk_buf_printf(b, ",\"objects\":%lld}}", f->subjects);
  }
  jk_buf_puts(b, "],\"columnKind\":\"unicodeCodePoints\",");
  jk_buf_printf(b, "\"properties\":{\"casebookIncidents\":%lld,\"lang\":\"%s\"},",
                cb ? jk_casebook_total(cb) : 0, lang && strcmp(lang, "ja") == 0 ? "ja" : "en");
  jk_buf_puts(b, "\"results\":[");
  size_t n = jk_check_nfindings(c);
  for (size_t i = 0; i < n; i++) {
    if (i) jk_buf_putc(b, ',');
    result(b, c, jk_check_finding(c, i), cb, lang);
  }
  jk_buf_puts(b, "]}]}");
  return b->oom ? JK_ENOMEM : JK_OK;
}
