/*
** store_cli.c — the casebook from the command line: opening the store
** with a message a user can act on, and the filter options that search,
** stats and export share (--category … and key:value words).
*/
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

jk_store *cli_open_store(const char *db_opt, unsigned flags) {
  jk_store *st = NULL;
  jk_err err = {0, ""};
  if (jk_store_open(cli_db_path(db_opt), flags, &st, &err) != JK_OK) {
    cli_err("%s", err.msg);
    return NULL;
  }
  return st;
}

void cli_query_init(cli_query *cq) {
  memset(cq, 0, sizeof *cq);
  jk_query_init(&cq->q);
}

int cli_query_opt(cli_query *cq, int code, const char *arg) {
  if (code < 1001 || code > 1013) return 0;
  if (cq->nopts < (int)(sizeof cq->opts / sizeof cq->opts[0])) {
    cq->opts[cq->nopts] = code;
    cq->args[cq->nopts++] = arg;
  }
  return 1;
}

static const char *cat_name(int i) { return jk_category_name((jk_category)i); }
static const char *dt_name(int i) { return jk_data_type_name((jk_data_type)i); }
static const char *auth_name(int i) { return jk_authority_name((jk_authority)i); }

static void names(char *buf, size_t n, int count, const char *(*name)(int)) {
  size_t k = 0;
  buf[0] = 0;
  for (int i = 0; i < count && k < n; i++) k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", name(i));
}

static int yes_no(const char *opt, const char *v, int *out) {
  if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) *out = 1;
  else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) *out = 0;
  else {
    cli_err("--%s '%s': write yes or no", opt, v);
    return -1;
  }
  return 0;
}

static int date_opt(const char *opt, const char *v, jk_date *d) {
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  size_t n = strlen(v);
  if (jk_date_parse_iso(v, d) != 0 || (n > 4 && !d->m) || (n > 7 && !d->d) || (d->d && d->d > mdays[d->m - 1])) {
    cli_err("--%s '%s': not a date (write YYYY, YYYY-MM or YYYY-MM-DD)", opt, v);
    return -1;
  }
  return 0;
}

/* Comma-separated names into bits. */
static int names_opt(const char *opt, const char *v, int (*parse)(const char *), int count,
                     const char *(*name)(int), uint32_t *bits) {
  char *copy = strdup(v), *save = NULL;
  int rc = copy ? 0 : -1;
  for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc; t = strtok_r(NULL, ",", &save)) {
    int id = parse(t);
    if (id < 0) {
      char list[400];
      names(list, sizeof list, count, name);
      cli_err("--%s '%s': unknown value (one of: %s)", opt, t, list);
      rc = -1;
    } else {
      *bits |= 1u << id;
    }
  }
  free(copy);
  return rc;
}

/* Apply one remembered option to q (the option's value is data: it is
   never parsed as the search language). */
static int apply(jk_query *q, int code, const char *v) {
  char list[400];
  switch (code) {
  case 1001:
    q->category = jk_category_parse(v);
    if (q->category < 0) {
      names(list, sizeof list, JK_CAT_COUNT, cat_name);
      cli_err("--category '%s': unknown category (one of: %s)", v, list);
      return -1;
    }
    return 0;
  case 1002: return date_opt("since", v, &q->since);
  case 1003: return date_opt("until", v, &q->until);
  case 1004: return names_opt("type", v, jk_data_type_parse, JK_DT_COUNT, dt_name, &q->data_types);
  case 1005: q->org = v; return 0;
  case 1006: return yes_no("card", v, &q->card);
  case 1007: return yes_no("vendor", v, &q->vendor);
  case 1008: return names_opt("reported", v, jk_authority_parse, JK_AUTH_COUNT, auth_name, &q->reported_to);
  case 1009: q->product = v; return 0;
  case 1010: q->incident = v; return 0;
  case 1011:
    if (strcmp(v, "relevance") && strcmp(v, "date") && strcmp(v, "-date") && strcmp(v, "affected")) {
      cli_err("--sort '%s': sort by relevance, date, -date or affected", v);
      return -1;
    }
    q->sort = v;
    return 0;
  case 1012:
  case 1013: {
    char *end;
    long x = strtol(v, &end, 10);
    int lim = code == 1012;
    if (!*v || *end || x < (lim ? 1 : 0) || x > (lim ? 1000 : 100000000)) {
      cli_err(lim ? "--limit '%s': a number from 1 to 1000" : "--offset '%s': a number from 0", v);
      return -1;
    }
    if (lim) q->limit = (int)x;
    else q->offset = (int)x;
    return 0;
  }
  }
  return -1;
}

/* Does the long option "--name[=value]" take a value from the next
   argument?  Unknown or ambiguous names take none (getopt_long reports
   them). */
static int long_takes_next(const char *arg, const struct option *opts) {
  const char *name = arg + 2, *eq = strchr(name, '=');
  size_t n = eq ? (size_t)(eq - name) : strlen(name);
  const struct option *hit = NULL;
  int hits = 0;
  for (const struct option *o = opts; o && o->name; o++) {
    if (strncmp(o->name, name, n) != 0) continue;
    if (strlen(o->name) == n) { /* exact: no ambiguity */
      hit = o;
      hits = 1;
      break;
    }
    hit = o;
    hits++;
  }
  return hits == 1 && !eq && hit->has_arg == required_argument;
}

char **cli_words_apart(int argc, char **argv, const struct option *opts, const char *shortopts, int *nargc) {
  char **out = malloc(((size_t)argc + 2) * sizeof *out);
  char **words = malloc(((size_t)argc + 1) * sizeof *words);
  if (!out || !words) {
    free(out);
    free(words);
    return NULL;
  }
  int n = 0, nw = 0, i = 1;
  static char dashdash[] = "--";
  out[n++] = argv[0];
  for (; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      i++;
      break;
    }
    if (a[0] == '-' && a[1] == '-') {
      out[n++] = argv[i];
      if (long_takes_next(a, opts) && i + 1 < argc) out[n++] = argv[++i];
      continue;
    }
    const char *sc = a[0] == '-' && a[1] && a[1] != ':' && shortopts ? strchr(shortopts, a[1]) : NULL;
    if (sc) {
      int takes = sc[1] == ':';
      if (a[2] == 0 || takes) { /* -o FILE, -oFILE, -v; not -vx */
        out[n++] = argv[i];
        if (takes && a[2] == 0 && i + 1 < argc) out[n++] = argv[++i];
        continue;
      }
    }
    words[nw++] = argv[i];
  }
  for (; i < argc; i++) words[nw++] = argv[i];
  out[n++] = dashdash;
  for (int k = 0; k < nw; k++) out[n++] = words[k];
  out[n] = NULL;
  free(words);
  *nargc = n;
  return out;
}

int cli_query_finish(cli_query *cq, int argc, char **argv) {
  /* Join the words; one argument with blanks in it was quoted in the
     shell, so it stays one phrase (or one filter value). */
  size_t n = 1;
  for (int i = 0; i < argc; i++) n += strlen(argv[i]) + 3;
  cq->words = malloc(n);
  if (!cq->words) {
    cli_err("out of memory");
    return -1;
  }
  char *w = cq->words;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (i) *w++ = ' ';
    const char *blank = strpbrk(a, " \t"), *wide = strstr(a, "\xe3\x80\x80"); /* U+3000 */
    if (!blank || (wide && wide < blank)) blank = wide;
    if (blank && !strchr(a, '"')) {
      /* key:"a b" and -"a b": the key or the minus stays outside. */
      const char *colon = strchr(a, ':');
      size_t k = colon && colon < blank ? (size_t)(colon - a) + 1 : a[0] == '-' ? 1 : 0;
      memcpy(w, a, k);
      w += k;
      *w++ = '"';
      strcpy(w, a + k);
      w += strlen(a + k);
      *w++ = '"';
    } else {
      strcpy(w, a);
      w += strlen(a);
    }
  }
  *w = 0;
  if (argc) {
    jk_err err = {0, ""};
    if (jk_query_parse(cq->words, &cq->q, &err) != JK_OK) {
      cli_err("%s", err.msg);
      return -1;
    }
  }
  for (int i = 0; i < cq->nopts; i++)
    if (apply(&cq->q, cq->opts[i], cq->args[i])) return -1;
  return 0;
}

void cli_query_free(cli_query *cq) {
  free(cq->words);
  cq->words = NULL;
}
