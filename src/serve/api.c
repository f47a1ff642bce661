/*
** api.c — the JSON API under /api/: a table of routes (method, path,
** handler, allowed parameters, whether it writes), and one handler per
** route, each a thin caller of one jk_store_* function.
**
** Every parameter is checked before the store sees it: unknown names,
** bad values, over-long strings and page sizes over the cap are 400s
** that name the parameter.  Errors are {"error":{"status":N,"message":…}};
** a 5xx says only what kind of failure it was, the detail goes to the
** server's log.  docs/openapi.yaml describes the same table, and
** tests/e2e/serve_http.sh checks one against the other.
*/
#include "serve.h"

#include "../../lib/alerts.h"
#include "../../lib/check.h"
#include "../../lib/ingest.h"
#include "../../lib/review.h"
#include "../../lib/store_int.h"
#include "../cli.h"

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* What a handler gets: the parsed query and a buffer for its answer. */
typedef struct actx {
  srv *s;
  srv_req *r;
  jk_http_param params[JK_HTTP_MAX_PARAMS];
  int nparams;
  const char *id;      /* {id} of /api/incidents/{id}… (points into idbuf) */
  char idbuf[64];
  jk_role role;        /* of the request's token (JK_ROLE_NONE: none) */
  char user[JK_USER_NAME_MAX + 1]; /* its user's name ("" none) */
  jk_query q;          /* filters (strings point into scratch / qtext) */
  char qtext[SRV_MAX_Q + 1];
  jk_buf out;
  int cacheable;       /* a 200 of this route may be cached ... */
  srv_sig sig;         /* ... under this signature, read before the query */
  char scratch[2 * SRV_MAX_TARGET + 2];
} actx;

typedef enum MHD_Result (*route_fn)(struct MHD_Connection *c, actx *x);

#define R_PREFIX 2u /* path is a prefix; then {id}, then the suffix */
#define R_CACHE 4u  /* GET answers may be cached */
#define R_TEXT 8u   /* the body is a text/plain notice */

/* Filter parameters shared by incidents, stats and export. */
#define FILTERS "q category type reported since until org product card vendor"

static enum MHD_Result h_health(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_me(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_incidents(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_incident(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_stats(struct MHD_Connection *c, actx *x);
static jk_rc stats_all(jk_store *st, const jk_query *base, jk_buf *out, jk_err *err);
static enum MHD_Result h_lessons(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_lesson_incidents(struct MHD_Connection *c, actx *x);
static jk_rc lessons_json(jk_store *st, int category, const char *product, jk_buf *out, jk_err *err);
static enum MHD_Result h_export(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_post_notice(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_reextract(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_searches(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_post_search(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_alerts(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_alerts_read(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_review_queue(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_post_review(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_post_correction(struct MHD_Connection *c, actx *x);
static enum MHD_Result h_corrections(struct MHD_Connection *c, actx *x);

/* Who may: JK_ROLE_NONE anyone (reading the casebook needs no login, as
   before users existed); reader: any user (their own searches, alerts);
   analyst: ingest, correct, review; admin: reextract. */
static const struct route {
  const char *method; /* "GET" (HEAD too) or "POST" */
  const char *path;
  const char *suffix; /* R_PREFIX: what follows {id} ("": nothing) */
  route_fn fn;
  unsigned flags;
  jk_role role;
  const char *params; /* allowed query parameters, space-separated */
} routes[] = {
    {"GET", "/api/health", "", h_health, 0, JK_ROLE_NONE, ""},
    {"GET", "/api/me", "", h_me, 0, JK_ROLE_READER, ""},
    {"GET", "/api/incidents", "", h_incidents, R_CACHE, JK_ROLE_NONE, FILTERS " sort limit offset"},
    {"GET", "/api/incidents/", "", h_incident, R_PREFIX | R_CACHE, JK_ROLE_NONE, ""},
    {"POST", "/api/incidents/", "/review", h_post_review, R_PREFIX, JK_ROLE_ANALYST, ""},
    {"POST", "/api/incidents/", "/corrections", h_post_correction, R_PREFIX, JK_ROLE_ANALYST, ""},
    {"GET", "/api/review", "", h_review_queue, 0, JK_ROLE_NONE, "limit"},
    {"GET", "/api/stats", "", h_stats, R_CACHE, JK_ROLE_NONE, FILTERS " by sum"},
    {"GET", "/api/lessons", "", h_lessons, R_CACHE, JK_ROLE_NONE, "category product"},
    {"GET", "/api/lessons/incidents", "", h_lesson_incidents, R_CACHE, JK_ROLE_NONE,
     "table key category product offset limit"},
    {"GET", "/api/export", "", h_export, 0, JK_ROLE_NONE, FILTERS " format per bom"},
    {"POST", "/api/notices", "", h_post_notice, 0, JK_ROLE_ANALYST, "source"},
    {"POST", "/api/reextract", "", h_reextract, 0, JK_ROLE_ADMIN, ""},
    {"GET", "/api/searches", "", h_searches, 0, JK_ROLE_READER, ""},
    {"POST", "/api/searches", "", h_post_search, 0, JK_ROLE_READER, ""},
    {"GET", "/api/alerts", "", h_alerts, 0, JK_ROLE_READER, "unread limit"},
    {"POST", "/api/alerts/read", "", h_alerts_read, 0, JK_ROLE_READER, ""},
    {"GET", "/api/corrections", "", h_corrections, 0, JK_ROLE_NONE, "since"},
};

/* ---- helpers ------------------------------------------------------------- */

static const char *param(actx *x, const char *key) { return jk_http_param_get(x->params, x->nparams, key); }

/* Is word among the space-separated names in list? */
static int listed(const char *list, const char *word) {
  size_t n = strlen(word);
  for (const char *p = list; *p;) {
    while (*p == ' ') p++;
    size_t k = strcspn(p, " ");
    if (k == n && memcmp(p, word, n) == 0) return 1;
    p += k;
  }
  return 0;
}

static enum MHD_Result send_buf(struct MHD_Connection *c, actx *x, unsigned status) {
  if (x->out.oom) return srv_send_error(c, x->r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
  if (status == MHD_HTTP_OK && x->cacheable)
    srv_cache_put(x->s, x->r->target, &x->sig, x->out.p, x->out.len, status);
  return srv_send_json(c, x->r, status, x->out.p ? x->out.p : "", x->out.len);
}

/* A store failure as an HTTP answer: client mistakes keep their message,
   server-side failures are logged and answered without detail. */
static enum MHD_Result store_error(struct MHD_Connection *c, actx *x, jk_rc rc, const jk_err *err) {
  switch (rc) {
  case JK_ETIMEOUT: /* the reader's deadline (srv_db_reader) */
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE,
                          "the query ran over its time budget (%d ms): narrow it down", SRV_QUERY_BUDGET_MS);
  case JK_EINVAL: return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "%s", err->msg);
  case JK_ENOTFOUND: return srv_send_error(c, x->r, MHD_HTTP_NOT_FOUND, "%s", err->msg);
  case JK_ETOOBIG: return srv_send_error(c, x->r, MHD_HTTP_CONTENT_TOO_LARGE, "%s", err->msg);
  case JK_EBUSY:
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE, "the database is busy: try again");
  default:
    fprintf(stderr, "jikenbo: serve: %s: %s\n", jk_rc_name(rc), err->msg);
    return srv_send_error(c, x->r, MHD_HTTP_INTERNAL_SERVER_ERROR, "database error (%s)", jk_rc_name(rc));
  }
}

static int yes_no(const char *v, int *out) {
  if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1")) *out = 1;
  else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0")) *out = 0;
  else if (!strcmp(v, "any") || !*v) *out = -1;
  else return -1;
  return 0;
}

/* "email,name" -> bits with parse(); the bad word in *bad. */
static int name_set(const char *v, int (*parse)(const char *), uint32_t *bits, char *bad, size_t badn) {
  char word[64];
  *bits = 0;
  while (*v) {
    size_t k = strcspn(v, ",");
    if (k == 0 || k >= sizeof word) {
      snprintf(bad, badn, "%.*s", (int)(k < 40 ? k : 40), v);
      return -1;
    }
    memcpy(word, v, k);
    word[k] = '\0';
    int b = parse(word);
    if (b < 0 || b >= 32) {
      snprintf(bad, badn, "%s", word);
      return -1;
    }
    *bits |= 1u << b;
    v += k;
    if (*v == ',') v++;
  }
  return 0;
}

/* Fill x->q from the filter parameters; on a bad one, send 400 and
   return 0. */
static int build_query(struct MHD_Connection *c, actx *x, int paging, enum MHD_Result *ret) {
  jk_query *q = &x->q;
  jk_query_init(q);
  const char *v;
  char bad[64];
#define BAD(...) (*ret = srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, __VA_ARGS__), 0)
  if ((v = param(x, "q")) && *v) {
    if (strlen(v) > SRV_MAX_Q) return BAD("q: over %d bytes", SRV_MAX_Q);
    snprintf(x->qtext, sizeof x->qtext, "%s", v);
    jk_err err = {0};
    if (jk_query_parse(x->qtext, q, &err) != JK_OK) return BAD("q: %s", err.msg);
    /* The terms obey the caps of the parameters they stand for. */
    if (q->offset > SRV_MAX_OFFSET) return BAD("q: offset: expected 0 to %d", SRV_MAX_OFFSET);
    if (q->limit > SRV_MAX_LIMIT) return BAD("q: limit: expected 1 to %d", SRV_MAX_LIMIT);
  }
  if ((v = param(x, "category")) && *v) {
    int k = jk_category_parse(v);
    if (k < 0) return BAD("category: unknown category '%.40s'", v);
    q->category = k;
  }
  if ((v = param(x, "type")) && *v) {
    if (name_set(v, jk_data_type_parse, &q->data_types, bad, sizeof bad))
      return BAD("type: unknown data type '%s'", bad);
  }
  if ((v = param(x, "reported")) && *v) {
    if (name_set(v, jk_authority_parse, &q->reported_to, bad, sizeof bad))
      return BAD("reported: unknown authority '%s'", bad);
  }
  if ((v = param(x, "since")) && *v && jk_date_parse_iso(v, &q->since) != 0)
    return BAD("since: expected YYYY, YYYY-MM or YYYY-MM-DD, got '%.40s'", v);
  if ((v = param(x, "until")) && *v && jk_date_parse_iso(v, &q->until) != 0)
    return BAD("until: expected YYYY, YYYY-MM or YYYY-MM-DD, got '%.40s'", v);
  if ((v = param(x, "org")) && *v) {
    if (strlen(v) > SRV_MAX_FILTER) return BAD("org: over %d bytes", SRV_MAX_FILTER);
    q->org = v;
  }
  if ((v = param(x, "product")) && *v) {
    if (strlen(v) > SRV_MAX_FILTER) return BAD("product: over %d bytes", SRV_MAX_FILTER);
    q->product = v;
  }
  if ((v = param(x, "card")) && yes_no(v, &q->card)) return BAD("card: expected yes, no or any");
  if ((v = param(x, "vendor")) && yes_no(v, &q->vendor)) return BAD("vendor: expected yes, no or any");
  if (!paging) return 1;
  if ((v = param(x, "sort")) && *v) {
    if (strcmp(v, "relevance") && strcmp(v, "date") && strcmp(v, "-date") && strcmp(v, "affected"))
      return BAD("sort: expected relevance, date, -date or affected");
    q->sort = v;
  }
  long n;
  q->limit = 20;
  if ((v = param(x, "limit"))) {
    if (jk_http_parse_long(v, 1, SRV_MAX_LIMIT, &n)) return BAD("limit: expected 1 to %d", SRV_MAX_LIMIT);
    q->limit = (int)n;
  }
  if ((v = param(x, "offset"))) {
    if (jk_http_parse_long(v, 0, SRV_MAX_OFFSET, &n)) return BAD("offset: expected 0 to %d", SRV_MAX_OFFSET);
    q->offset = (int)n;
  }
#undef BAD
  return 1;
}

static void str_or_null(jk_buf *b, const char *s) {
  if (s) jk_json_str(b, s, strlen(s));
  else jk_buf_puts(b, "null");
}

static void date_or_null(jk_buf *b, jk_date d) {
  char tmp[16];
  if (!d.y) jk_buf_puts(b, "null");
  else jk_buf_printf(b, "\"%s\"", jk_date_format(d, tmp, sizeof tmp));
}

/* ---- GET /api/health ----------------------------------------------------- */

static enum MHD_Result h_health(struct MHD_Connection *c, actx *x) {
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_store_counts n;
  jk_rc rc = jk_store_counts_get(st, &n, &err);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_printf(&x->out,
                "{\"status\":\"ok\",\"version\":\"%s\",\"read_only\":%s,\"schema\":%d,"
                "\"counts\":{\"documents\":%lld,\"notices\":%lld,\"non_notices\":%lld,\"incidents\":%lld,"
                "\"sightings\":%lld,\"failed\":%lld,\"corrections\":%lld}}\n",
                JK_VERSION, srv_writable(x->s) ? "false" : "true", jk_store_schema_version(st), n.documents,
                n.notices, n.non_notices, n.incidents, n.sightings, n.failed, n.corrections);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- GET /api/incidents -------------------------------------------------- */

/* The snippet "…\x01hit\x02…" as [{"text":…,"hit":bool},…], so that a
   client never needs markup to show the hit. */
static void snippet_json(jk_buf *b, const char *s) {
  jk_buf_putc(b, '[');
  int first = 1, hit = 0;
  while (s && *s) {
    size_t k = strcspn(s, "\x01\x02");
    if (k) {
      if (!first) jk_buf_putc(b, ',');
      first = 0;
      jk_buf_puts(b, "{\"text\":");
      jk_json_str(b, s, k);
      jk_buf_printf(b, ",\"hit\":%s}", hit ? "true" : "false");
    }
    s += k;
    if (*s == '\x01') hit = 1;
    else if (*s == '\x02') hit = 0;
    if (*s) s++;
  }
  jk_buf_putc(b, ']');
}

typedef struct hits_ctx {
  jk_buf *b;
  int n;
} hits_ctx;

static int on_hit(void *vp, const jk_hit *h) {
  hits_ctx *hc = vp;
  jk_buf *b = hc->b;
  if (hc->n++) jk_buf_putc(b, ',');
  jk_buf_printf(b, "{\"id\":%lld,\"incident\":", h->incident_id);
  str_or_null(b, h->incident);
  jk_buf_puts(b, ",\"org\":");
  str_or_null(b, h->org);
  jk_buf_puts(b, ",\"title\":");
  str_or_null(b, h->title);
  jk_buf_puts(b, ",\"published\":");
  date_or_null(b, h->published);
  jk_buf_puts(b, ",\"category\":");
  if (h->category >= 0 && h->category < JK_CAT_COUNT)
    str_or_null(b, jk_category_name((jk_category)h->category));
  else
    jk_buf_puts(b, "null");
  if (h->affected >= 0) jk_buf_printf(b, ",\"affected\":%lld", h->affected);
  else jk_buf_puts(b, ",\"affected\":null");
  jk_buf_printf(b, ",\"reports\":%d,\"snippet\":", h->reports);
  snippet_json(b, h->snippet);
  jk_buf_putc(b, '}');
  return b->oom ? 1 : 0;
}

static enum MHD_Result h_incidents(struct MHD_Connection *c, actx *x) {
  enum MHD_Result ret;
  if (!build_query(c, x, 1, &ret)) return ret;
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_buf items;
  jk_buf_init(&items);
  hits_ctx hc = {&items, 0};
  long long total = 0;
  jk_rc rc = jk_store_search(st, &x->q, on_hit, &hc, &total, &err);
  if (rc) {
    jk_buf_free(&items);
    return store_error(c, x, rc, &err);
  }
  jk_buf_printf(&x->out, "{\"total\":%lld,\"limit\":%d,\"offset\":%d,\"items\":[", total, x->q.limit,
                x->q.offset);
  if (items.len) jk_buf_append(&x->out, items.p, items.len);
  if (items.oom) x->out.oom = 1;
  jk_buf_puts(&x->out, "]}\n");
  jk_buf_free(&items);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- GET /api/incidents/{id} ---------------------------------------------- */

static enum MHD_Result h_incident(struct MHD_Connection *c, actx *x) {
  const char *id = x->id;
  size_t n = strlen(id);
  int ok = n > 0 && n <= 32;
  for (size_t i = 0; ok && i < n; i++)
    ok = (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= 'a' && id[i] <= 'z') ||
         id[i] == '-';
  if (!ok) return srv_send_error(c, x->r, MHD_HTTP_NOT_FOUND, "no such incident");
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = jk_store_incident_json(st, id, &x->out, &err);
  if (rc == JK_ENOTFOUND) return srv_send_error(c, x->r, MHD_HTTP_NOT_FOUND, "no such incident: %s", id);
  if (rc) return store_error(c, x, rc, &err);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- GET /api/corrections ------------------------------------------------ */

/* since: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z], digits and -:TZ only. */
static int since_ok(const char *s) {
  size_t n = strlen(s);
  if (n != 10 && (n < 16 || n > 20)) return 0;
  for (size_t i = 0; i < n; i++) {
    char ch = s[i];
    int digit = ch >= '0' && ch <= '9';
    if (i < 10 && (i == 4 || i == 7 ? ch != '-' : !digit)) return 0;
    if (i >= 10 && !digit && !strchr("T:Z", ch)) return 0;
  }
  return n == 10 || s[10] == 'T';
}

static enum MHD_Result h_corrections(struct MHD_Connection *c, actx *x) {
  const char *since = param(x, "since");
  if (since && *since && !since_ok(since))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST,
                          "since: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC)");
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_buf_puts(&x->out, "{\"corrections\":");
  jk_rc rc = jk_store_corrections_json(st, since, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_putc(&x->out, '}');
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- GET /api/stats ----------------------------------------------------- */

static const char *const stats_by[] = {"category", "month", "data_type", "authority",
                                       "product", "org", "affected_month"};

static enum MHD_Result h_stats(struct MHD_Connection *c, actx *x) {
  enum MHD_Result ret;
  if (!build_query(c, x, 0, &ret)) return ret;
  const char *by = param(x, "by"), *sum = param(x, "sum");
  if (sum && *sum) {
    if (by && *by) return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "by, sum: give one of them, not both");
    if (strcmp(sum, "affected") != 0)
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "sum: expected affected");
  } else if (by && *by) {
    int known = 0;
    for (size_t i = 0; i < sizeof stats_by / sizeof stats_by[0]; i++) known |= !strcmp(by, stats_by[i]);
    if (!known)
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST,
                            "by: expected category, month, data_type, authority, product, org or affected_month");
  }
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = sum && *sum  ? jk_store_sum_json(st, sum, &x->q, &x->out, &err)
             : by && *by ? jk_store_stats_json(st, by, &x->q, &x->out, &err)
                         : stats_all(st, &x->q, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  return send_buf(c, x, MHD_HTTP_OK);
}

/*
** What the dashboard draws, in one answer (jk_store_dashboard_json): each
** breakdown but "org" (long, and asked for on its own), the products
** behind misconfigurations (or behind the filtered cause), and months per
** cause for the stacked chart; one read of the summary counts.
*/
static jk_rc stats_all(jk_store *st, const jk_query *base, jk_buf *out, jk_err *err) {
  return jk_store_dashboard_json(st, base, out, err);
}

/* ---- GET /api/lessons ---------------------------------------------------- */

/* Incidents listed per row; the rest behind each row's "more" link. */

/* `jikenbo lessons --json` (lib/lessons.c), one line. */
static jk_rc lessons_json(jk_store *st, int category, const char *product, jk_buf *out, jk_err *err) {
  jk_lessons *l = NULL;
  jk_rc rc = jk_lessons_build(st, category, product, JK_LESSONS_FIRST, &l, err);
  if (rc) return rc;
  rc = jk_lessons_to_json(l, out);
  jk_lessons_free(l);
  jk_buf_putc(out, '\n');
  return rc ? jk_err_set(err, rc, "out of memory") : out->oom ? jk_err_set(err, JK_ENOMEM, "out of memory") : JK_OK;
}

static enum MHD_Result h_lessons(struct MHD_Connection *c, actx *x) {
  int category = -1;
  const char *v, *product = NULL;
  if ((v = param(x, "category")) && *v && (category = jk_category_parse(v)) < 0)
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "category: unknown category '%.40s'", v);
  if ((v = param(x, "product")) && *v) {
    if (strlen(v) > SRV_MAX_FILTER)
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "product: over %d bytes", SRV_MAX_FILTER);
    product = v;
  }
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = lessons_json(st, category, product, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- GET /api/lessons/incidents ------------------------------------------- */

/* A non-negative decimal of at most 9 digits, or -1. */
static long long small_number(const char *v) {
  long long n = 0;
  if (!v || !*v || strlen(v) > 9) return -1;
  for (const char *p = v; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    n = n * 10 + (*p - '0');
  }
  return n;
}

static enum MHD_Result h_lesson_incidents(struct MHD_Connection *c, actx *x) {
  int category = -1;
  const char *v, *product = NULL, *table = param(x, "table"), *key = param(x, "key");
  long long offset = 0, limit = 100;
  if (!table || !*table) return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "table: required (causes, products, …)");
  if (!key || !*key) return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "key: required (a row's key)");
  if (strlen(key) > SRV_MAX_FILTER || strlen(table) > 32)
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "table or key: over %d bytes", SRV_MAX_FILTER);
  if ((v = param(x, "category")) && *v && (category = jk_category_parse(v)) < 0)
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "category: unknown category '%.40s'", v);
  if ((v = param(x, "product")) && *v) {
    if (strlen(v) > SRV_MAX_FILTER)
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "product: over %d bytes", SRV_MAX_FILTER);
    product = v;
  }
  if ((v = param(x, "offset")) && (offset = small_number(v)) < 0)
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "offset: a number from 0");
  if ((v = param(x, "limit")) && ((limit = small_number(v)) < 1 || limit > 1000))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "limit: a number from 1 to 1000");
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = jk_lessons_incidents_json(st, table, key, category, product, offset, (int)limit, &x->out, &err);
  if (!rc) jk_buf_putc(&x->out, '\n');
  if (rc) return store_error(c, x, rc, &err);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* Compute the dashboard's /api/stats and /api/lessons once at start-up,
   so that the first visitor of a large casebook does not wait for them. */
static void *warm_thread(void *vp) {
  srv *s = vp;
  jk_store *st = NULL;
  jk_err err = {0};
  if (jk_store_open(s->db_path, JK_STORE_READONLY, &st, &err) != JK_OK) return NULL;
  jk_query q;
  jk_query_init(&q);
  jk_buf b;
  jk_buf_init(&b);
  srv_sig sig; /* read before each query, as for a request */
  srv_cache_sig(s, &sig);
  if (stats_all(st, &q, &b, &err) == JK_OK) srv_cache_put(s, "/api/stats", &sig, b.p, b.len, MHD_HTTP_OK);
  /* The lessons of the whole casebook read every record: on a large one
     they take longer than a request's time budget, so compute them here,
     where there is none. */
  jk_buf_reset(&b);
  srv_cache_sig(s, &sig);
  if (lessons_json(st, -1, NULL, &b, &err) == JK_OK) srv_cache_put(s, "/api/lessons", &sig, b.p, b.len, MHD_HTTP_OK);
  jk_buf_free(&b);
  jk_store_close(st);
  return NULL;
}

int srv_api_warm(srv *s, pthread_t *t) {
  if (!s->cache) return -1;
  return pthread_create(t, NULL, warm_thread, s) == 0 ? 0 : -1;
}

/* ---- GET /api/export ----------------------------------------------------- */

/*
** Exports are streamed: a producer thread walks the incidents with its
** own connection and writes into a pipe; MHD sends what comes out of the
** pipe as it comes (chunked), so memory stays flat whatever the size.
** A client that goes away closes the pipe and the producer stops.  The
** formats are `jikenbo export`'s table (src/builtin/export.c), run by
** the same cli_export_run, so a download is byte for byte what the
** command writes.
*/
typedef struct export_job {
  actx *x; /* owned: the query's strings live in it */
  FILE *f;
  const cli_export_format *fmt;
  cli_export_opts opts; /* per, bom (csv) */
} export_job;

/* Exports in flight: each holds a thread and a database connection. */
#define MAX_EXPORTS 4
static atomic_int exports_running;

static void *export_thread(void *vp) {
  export_job *j = vp;
  jk_store *st = NULL;
  jk_err err = {0};
  if (jk_store_open(j->x->s->db_path, JK_STORE_READONLY, &st, &err) == JK_OK) {
    jk_rc rc = cli_export_run_opts(st, &j->x->q, j->fmt, &j->opts, j->f, NULL, NULL, NULL, &err);
    /* A reader that went away is not worth a log line; a store error is. */
    if (rc && err.msg[0]) fprintf(stderr, "jikenbo: serve: export stopped: %s\n", err.msg);
    jk_store_close(st);
  } else {
    fprintf(stderr, "jikenbo: serve: export: %s\n", err.msg);
  }
  fclose(j->f);
  jk_buf_free(&j->x->out);
  free(j->x);
  free(j);
  atomic_fetch_sub(&exports_running, 1);
  return NULL;
}

static enum MHD_Result build_export(struct MHD_Connection *c, actx *x, const cli_export_format *fmt,
                                    const cli_export_opts *opts);

static enum MHD_Result h_export(struct MHD_Connection *c, actx *x) {
  enum MHD_Result ret;
  if (!build_query(c, x, 0, &ret)) return ret;
  const char *name = param(x, "format");
  if (!name || !*name) name = "jsonl";
  const cli_export_format *fmt = cli_export_find(name);
  if (!fmt) {
    char list[200];
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "format: expected one of %s",
                          cli_export_names(", ", list, sizeof list));
  }
  /* csv: per=incident|report, bom=1|0 (as `jikenbo export --per, --bom`). */
  /* CSV downloads carry a BOM unless bom=0: Excel then shows Japanese. */
  cli_export_opts opts = {0, 0};
  opts.bom = (fmt->takes & CLI_EXPORT_BOM) != 0;
  const char *per = param(x, "per"), *bom = param(x, "bom");
  if ((per && *per) || (bom && *bom)) {
    if (!(fmt->takes & CLI_EXPORT_PER))
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "%s: only for format=csv", per && *per ? "per" : "bom");
    if (per && *per && strcmp(per, "incident") && strcmp(per, "report"))
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "per: expected incident or report");
    opts.per_report = per && !strcmp(per, "report");
    if (bom && *bom && (yes_no(bom, &opts.bom) != 0 || opts.bom < 0))
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "bom: expected 1 or 0 (yes, no)");
  }
  if (atomic_fetch_add(&exports_running, 1) >= MAX_EXPORTS) {
    atomic_fetch_sub(&exports_running, 1);
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE, "%d exports are running: try again later",
                          MAX_EXPORTS);
  }
  enum MHD_Result ret2 = build_export(c, x, fmt, &opts);
  if (x->r->status != MHD_HTTP_OK) atomic_fetch_sub(&exports_running, 1);
  return ret2;
}

/* Start the producer thread and answer with the read end of its pipe. */
static enum MHD_Result build_export(struct MHD_Connection *c, actx *x, const cli_export_format *fmt,
                                    const cli_export_opts *opts) {
  /* Fail early, with a status, if the database cannot be read. */
  jk_err err = {0};
  if (!srv_db_reader(x->s, &err)) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0)
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE, "cannot start the export: try again");
  export_job *j = calloc(1, sizeof *j);
  actx *copy = malloc(sizeof *copy);
  FILE *f = fdopen(p[1], "w");
  if (!j || !copy || !f) {
    free(j);
    free(copy);
    if (f) fclose(f);
    else close(p[1]);
    close(p[0]);
    return srv_send_error(c, x->r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
  }
  /* The job keeps its own copy of the request: the query's strings point
     into scratch and qtext, so re-aim them at the copy. */
  memcpy(copy, x, sizeof *copy);
  jk_buf_init(&copy->out);
#define REAIM(field)                                                                        \
  if (x->q.field && x->q.field >= (const char *)x && x->q.field < (const char *)(x + 1)) \
  copy->q.field = (const char *)copy + (x->q.field - (const char *)x)
  REAIM(text);
  REAIM(org);
  REAIM(product);
  REAIM(incident);
  REAIM(sort);
#undef REAIM
  j->x = copy;
  j->f = f;
  j->fmt = fmt;
  j->opts = *opts;
  struct MHD_Response *resp = MHD_create_response_from_pipe(p[0]);
  pthread_t t;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (!resp || pthread_create(&t, &attr, export_thread, j) != 0) {
    pthread_attr_destroy(&attr);
    if (resp) MHD_destroy_response(resp);
    else close(p[0]);
    fclose(f);
    free(copy);
    free(j);
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE, "cannot start the export: try again");
  }
  pthread_attr_destroy(&attr);
  char disp[80];
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", fmt->file_name);
  MHD_add_response_header(resp, "Content-Disposition", disp);
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  return srv_send(c, x->r, MHD_HTTP_OK, resp, fmt->media_type);
}

/* ---- POST /api/notices --------------------------------------------------- */

/*
** The body is the document: a notice as text/plain, a page as text/html,
** a PDF (application/pdf), or any of them as application/octet-stream
** (told by its bytes); or {"url":"https://…"} as application/json, which
** the server fetches.  Everything goes through the library's pipeline
** (lib/ingest.c), as `jikenbo ingest` does.
*/
typedef struct post_ctx {
  jk_store *st;
  jk_buf segs;
  int nsegs;
  jk_buf warnings;
  int nwarn;
} post_ctx;

static void str_or_null(jk_buf *b, const char *s);

static int on_post_segment(void *vp, const jk_segment *seg, const jk_add_result *res) {
  post_ctx *pc = vp;
  jk_buf *b = &pc->segs;
  jk_buf_printf(b, "%s{\"notice_id\":%lld,\"is_notice\":%s,\"duplicate\":%s,\"line\":%d", pc->nsegs++ ? "," : "",
                res->notice_id, res->is_notice ? "true" : "false", res->duplicate ? "true" : "false",
                seg->heading_line);
  if (res->is_notice) {
    jk_buf_puts(b, ",\"incident\":");
    if (res->incident[0]) jk_json_str(b, res->incident, strnlen(res->incident, sizeof res->incident));
    else jk_buf_puts(b, "null");
    /* The incident's title and organisation as they stand now, read in
       the same transaction. */
    const char *title = NULL, *org = NULL;
    sqlite3_stmt *q = NULL;
    if (res->incident_id &&
        sqlite3_prepare_v2(jk_store_sqlite(pc->st), "SELECT title, org FROM incidents WHERE id = ?1", -1, &q, NULL) ==
            SQLITE_OK) {
      sqlite3_bind_int64(q, 1, res->incident_id);
      if (sqlite3_step(q) == SQLITE_ROW) {
        title = (const char *)sqlite3_column_text(q, 0);
        org = (const char *)sqlite3_column_text(q, 1);
      }
    }
    jk_buf_puts(b, ",\"title\":");
    str_or_null(b, title);
    jk_buf_puts(b, ",\"org\":");
    str_or_null(b, org);
    sqlite3_finalize(q);
  }
  jk_buf_putc(b, '}');
  return b->oom;
}

static void on_post_line(void *vp, const char *line) {
  post_ctx *pc = vp;
  if (pc->nwarn >= 50) return;
  if (pc->nwarn++) jk_buf_putc(&pc->warnings, ',');
  jk_json_str(&pc->warnings, line, strlen(line));
}

static void utc_now(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The body's JSON object, or NULL after answering 400/415. */
static cJSON *json_body(struct MHD_Connection *c, actx *x, enum MHD_Result *ret) {
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
    *ret = srv_send_error(c, x->r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "send a JSON object as application/json");
    return NULL;
  }
  srv_req *r = x->r;
  cJSON *j = r->body.len ? cJSON_ParseWithLength(r->body.p, r->body.len) : NULL;
  if (!j || !cJSON_IsObject(j)) {
    cJSON_Delete(j);
    *ret = srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "the body must be a JSON object");
    return NULL;
  }
  return j;
}

/* A member that must be a string (or absent: NULL); 0 after a 400. */
static int json_str_member(struct MHD_Connection *c, actx *x, cJSON *j, const char *key, const char **out,
                           enum MHD_Result *ret) {
  cJSON *v = cJSON_GetObjectItemCaseSensitive(j, key);
  *out = NULL;
  if (!v || cJSON_IsNull(v)) return 1;
  if (!cJSON_IsString(v)) {
    *ret = srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "%s: expected a string", key);
    return 0;
  }
  *out = v->valuestring;
  return 1;
}

/* Store errors of an ingest: the document's own faults are the client's. */
static enum MHD_Result ingest_error(struct MHD_Connection *c, actx *x, jk_rc rc, const jk_err *err, int fetched) {
  if (rc == JK_EUNSUP) return srv_send_error(c, x->r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "%s", err->msg);
  if (rc == JK_EDENIED) return srv_send_error(c, x->r, MHD_HTTP_FORBIDDEN, "%s", err->msg);
  if (fetched && (rc == JK_EIO || rc == JK_ENOTFOUND || rc == JK_ETOOBIG || rc == JK_ETIMEOUT))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_GATEWAY, "%s", err->msg);
  return store_error(c, x, rc, err);
}

static enum MHD_Result h_post_notice(struct MHD_Connection *c, actx *x) {
  srv_req *r = x->r;
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
  int kind = -1; /* detected from the bytes */
  const char *url = NULL;
  cJSON *j = NULL;
  enum MHD_Result ret;
  if (ct && srv_ctype_is(ct, "application/json")) {
    if (!(j = json_body(c, x, &ret))) return ret;
    if (!json_str_member(c, x, j, "url", &url, &ret)) {
      cJSON_Delete(j);
      return ret;
    }
    if (!url || !jk_url_is_http(url) || strlen(url) > 2000) {
      cJSON_Delete(j);
      return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "url: give an http:// or https:// URL (at most 2000 bytes)");
    }
  } else if (!ct || srv_ctype_is(ct, "text/plain")) {
    kind = JK_KIND_TEXT;
  } else if (srv_ctype_is(ct, "text/html") || srv_ctype_is(ct, "application/xhtml+xml")) {
    kind = JK_KIND_HTML;
  } else if (srv_ctype_is(ct, "application/pdf")) {
    kind = JK_KIND_PDF;
  } else if (srv_ctype_is(ct, "image/png") || srv_ctype_is(ct, "image/jpeg") || srv_ctype_is(ct, "image/tiff")) {
    kind = JK_KIND_IMAGE; /* read by OCR */
  } else if (!srv_ctype_is(ct, "application/octet-stream")) {
    return srv_send_error(c, r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
                          "send the notice as text/plain (UTF-8), text/html, application/pdf, image/png, "
                          "image/jpeg, image/tiff or application/octet-stream, or {\"url\":…} as application/json");
  }
  if (!url && r->body.len == 0) return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "empty body: send the notice");
  /* A declared kind the bytes contradict (a PDF sent as text) is read as
     what the bytes say; a binary is refused by the pipeline. */
  if (!url && kind >= 0) {
    int seen = (int)jk_doc_kind_detect(r->body.p, r->body.len, NULL, NULL);
    if (seen != JK_KIND_TEXT) kind = seen;
  }
  const char *src = param(x, "source");
  if (src && strlen(src) > SRV_MAX_FILTER) {
    cJSON_Delete(j);
    return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "source: too long");
  }
  char source[256], when[32];
  snprintf(source, sizeof source, "api:%s", src && *src ? src : "notice");
  utc_now(when, sizeof when);

  post_ctx pc;
  memset(&pc, 0, sizeof pc);
  jk_buf_init(&pc.segs);
  jk_buf_init(&pc.warnings);
  jk_ingest in;
  memset(&in, 0, sizeof in);
  in.msg = on_post_line;
  in.msg_ctx = &pc;
  in.on_seg = on_post_segment;
  in.seg_ctx = &pc;
  in.ocr = cli_ocr_enabled() ? jk_ocr_new(NULL) : NULL; /* per request: connections run in threads */
  jk_fetch_opts fo;
  jk_fetch_opts_init(&fo);
  fo.net = x->s->net; /* a remote user's URL: no internal address unless the operator allows it */
  if (url && !(in.fetcher = jk_fetcher_new(&fo))) {
    cJSON_Delete(j);
    jk_ocr_free(in.ocr);
    return srv_send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "cannot start libcurl");
  }
  jk_err err = {0};
  jk_feed_round round;
  memset(&round, 0, sizeof round);
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? JK_OK : (err.rc ? err.rc : JK_EIO);
  if (st) {
    in.st = pc.st = st;
    if (url) {
      rc = jk_ingest_url(&in, url, &round, &err);
    } else {
      jk_ingest_origin o = {source, NULL, NULL, NULL, NULL, when};
      rc = jk_ingest_bytes(&in, &o, r->body.p, r->body.len, kind, &round, &err);
    }
  }
  pthread_mutex_unlock(&x->s->write_mu);
  atomic_fetch_add(&x->s->writes, 1);
  jk_fetcher_free(in.fetcher);
  jk_ocr_free(in.ocr);
  in.ocr = NULL;
  if (rc) {
    jk_ingest_free(&in);
    jk_buf_free(&pc.segs);
    jk_buf_free(&pc.warnings);
    cJSON_Delete(j);
    return ingest_error(c, x, rc, &err, url != NULL);
  }
  jk_buf_printf(&x->out, "{\"document\":%lld,\"seen_before\":%s,\"source\":", in.doc.doc_id,
                in.stats.seen && !in.stats.notices && !in.stats.others && !in.stats.duplicates ? "true" : "false");
  jk_json_str(&x->out, url ? url : source, strlen(url ? url : source));
  jk_buf_printf(&x->out, ",\"notices\":%lld,\"duplicates\":%lld,\"others\":%lld,\"alerts\":%lld,\"segments\":[",
                in.stats.notices, in.stats.duplicates, in.stats.others, in.stats.alerts);
  if (pc.segs.len) jk_buf_append(&x->out, pc.segs.p, pc.segs.len);
  jk_buf_puts(&x->out, "],\"warnings\":[");
  if (pc.warnings.len) jk_buf_append(&x->out, pc.warnings.p, pc.warnings.len);
  jk_buf_puts(&x->out, "]}\n");
  if (pc.segs.oom || pc.warnings.oom) x->out.oom = 1;
  jk_ingest_free(&in);
  jk_buf_free(&pc.segs);
  jk_buf_free(&pc.warnings);
  cJSON_Delete(j);
  return send_buf(c, x, MHD_HTTP_CREATED);
}

/* ---- GET /api/me ---------------------------------------------------------- */

static enum MHD_Result h_me(struct MHD_Connection *c, actx *x) {
  jk_buf_puts(&x->out, "{\"name\":");
  jk_json_str(&x->out, x->user, strlen(x->user));
  jk_buf_printf(&x->out, ",\"role\":\"%s\",\"may\":{\"ingest\":%s,\"correct\":%s,\"review\":%s,\"reextract\":%s}}\n",
                jk_role_name(x->role), x->role >= JK_ROLE_ANALYST ? "true" : "false",
                x->role >= JK_ROLE_ANALYST ? "true" : "false", x->role >= JK_ROLE_ANALYST ? "true" : "false",
                x->role >= JK_ROLE_ADMIN ? "true" : "false");
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- saved searches and alerts ------------------------------------------------ */

static enum MHD_Result h_searches(struct MHD_Connection *c, actx *x) {
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_buf_puts(&x->out, "{\"items\":");
  jk_rc rc = jk_searches_json(st, x->user, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_puts(&x->out, "}\n");
  return send_buf(c, x, MHD_HTTP_OK);
}

static enum MHD_Result h_post_search(struct MHD_Connection *c, actx *x) {
  enum MHD_Result ret;
  cJSON *j = json_body(c, x, &ret);
  if (!j) return ret;
  jk_search_def d;
  memset(&d, 0, sizeof d);
  d.owner = x->user;
  if (!json_str_member(c, x, j, "name", &d.name, &ret) || !json_str_member(c, x, j, "query", &d.query, &ret) ||
      !json_str_member(c, x, j, "webhook", &d.webhook, &ret) || !json_str_member(c, x, j, "secret", &d.secret, &ret)) {
    cJSON_Delete(j);
    return ret;
  }
  if (!d.name || !*d.name) d.name = d.query;
  char secret[201];
  long long id = 0;
  jk_err err = {0};
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? jk_search_save(st, &d, &id, secret, &err) : (err.rc ? err.rc : JK_EIO);
  pthread_mutex_unlock(&x->s->write_mu);
  if (rc) {
    cJSON_Delete(j);
    return store_error(c, x, rc, &err);
  }
  jk_buf_printf(&x->out, "{\"id\":%lld,\"owner\":", id);
  jk_json_str(&x->out, x->user, strlen(x->user));
  jk_buf_puts(&x->out, ",\"name\":");
  jk_json_str(&x->out, d.name, strlen(d.name));
  jk_buf_puts(&x->out, ",\"query\":");
  jk_json_str(&x->out, d.query, strlen(d.query));
  jk_buf_puts(&x->out, ",\"webhook\":");
  str_or_null(&x->out, d.webhook && *d.webhook ? d.webhook : NULL);
  /* The secret is shown here, once, to set up the receiver. */
  jk_buf_puts(&x->out, ",\"secret\":");
  str_or_null(&x->out, *secret ? secret : NULL);
  jk_buf_puts(&x->out, "}\n");
  cJSON_Delete(j);
  return send_buf(c, x, MHD_HTTP_CREATED);
}

static enum MHD_Result h_alerts(struct MHD_Connection *c, actx *x) {
  const char *v;
  int unread = 0;
  long limit = 50;
  if ((v = param(x, "unread")) && yes_no(v, &unread))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "unread: expected yes or no");
  if (unread < 0) unread = 0;
  if ((v = param(x, "limit")) && jk_http_parse_long(v, 1, 500, &limit))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "limit: expected 1 to 500");
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = jk_alerts_json(st, x->user, unread, (int)limit, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_putc(&x->out, '\n');
  return send_buf(c, x, MHD_HTTP_OK);
}

static enum MHD_Result h_alerts_read(struct MHD_Connection *c, actx *x) {
  jk_err err = {0};
  long long n = 0;
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? jk_alerts_mark_read(st, x->user, &n, &err) : (err.rc ? err.rc : JK_EIO);
  pthread_mutex_unlock(&x->s->write_mu);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_printf(&x->out, "{\"marked\":%lld}\n", n);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- the review queue ------------------------------------------------------- */

static enum MHD_Result h_review_queue(struct MHD_Connection *c, actx *x) {
  const char *v;
  long limit = 50;
  if ((v = param(x, "limit")) && jk_http_parse_long(v, 1, 500, &limit))
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "limit: expected 1 to 500");
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = jk_review_queue_json(st, (int)limit, &x->out, &err);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_putc(&x->out, '\n');
  return send_buf(c, x, MHD_HTTP_OK);
}

/* An {id} of the routes under /api/incidents/: letters, digits, '-'. */
static int incident_id_ok(const char *id) {
  size_t n = strlen(id);
  int ok = n > 0 && n <= 32;
  for (size_t i = 0; ok && i < n; i++)
    ok = (id[i] >= '0' && id[i] <= '9') || (id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= 'a' && id[i] <= 'z') ||
         id[i] == '-' || id[i] == '#';
  return ok;
}

static enum MHD_Result h_post_review(struct MHD_Connection *c, actx *x) {
  if (!incident_id_ok(x->id)) return srv_send_error(c, x->r, MHD_HTTP_NOT_FOUND, "no such incident");
  const char *note = NULL;
  cJSON *j = NULL;
  enum MHD_Result ret;
  if (x->r->body.len) {
    if (!(j = json_body(c, x, &ret))) return ret;
    if (!json_str_member(c, x, j, "note", &note, &ret)) {
      cJSON_Delete(j);
      return ret;
    }
  }
  char label[32], at[32];
  jk_err err = {0};
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? jk_review_mark(st, x->id, x->user, note, label, at, &err) : (err.rc ? err.rc : JK_EIO);
  pthread_mutex_unlock(&x->s->write_mu);
  atomic_fetch_add(&x->s->writes, 1);
  if (rc) {
    cJSON_Delete(j);
    return store_error(c, x, rc, &err);
  }
  jk_buf_puts(&x->out, "{\"incident\":");
  jk_json_str(&x->out, label, strlen(label));
  jk_buf_puts(&x->out, ",\"reviewed\":true,\"who\":");
  jk_json_str(&x->out, x->user, strlen(x->user));
  jk_buf_printf(&x->out, ",\"at\":\"%s\",\"note\":", at);
  str_or_null(&x->out, note && *note ? note : NULL);
  jk_buf_puts(&x->out, "}\n");
  cJSON_Delete(j);
  return send_buf(c, x, MHD_HTTP_CREATED);
}

/* ---- corrections ------------------------------------------------------------- */

/*
** {"field":…, "value":…, "note":…, "report":N}: the value as JSON (a
** string as `jikenbo set` reads it, a number, true/false, null, or an
** array of names), validated by the store exactly as `jikenbo set`.
** who is the user's name.  A revert is a new correction whose value is
** the extracted one.
*/
static int value_text(const cJSON *v, jk_buf *b) {
  if (cJSON_IsString(v)) return jk_buf_puts(b, v->valuestring) ? -1 : 0;
  if (cJSON_IsNull(v)) return jk_buf_puts(b, "null") ? -1 : 0;
  if (cJSON_IsBool(v)) return jk_buf_puts(b, cJSON_IsTrue(v) ? "yes" : "no") ? -1 : 0;
  if (cJSON_IsNumber(v)) {
    if (v->valuedouble != (double)(long long)v->valuedouble) return -1;
    return jk_buf_printf(b, "%lld", (long long)v->valuedouble) ? -1 : 0;
  }
  if (cJSON_IsArray(v)) {
    const cJSON *e;
    int n = 0;
    cJSON_ArrayForEach(e, v) {
      if (!cJSON_IsString(e) || strchr(e->valuestring, ',')) return -1;
      if (n++) jk_buf_putc(b, ',');
      jk_buf_puts(b, e->valuestring);
    }
    if (!n) jk_buf_puts(b, "none");
    return b->oom ? -1 : 0;
  }
  return -1;
}

/* The correction just stored, as the API shows it. */
static void last_correction_json(jk_store *st, const char *who, jk_buf *out) {
  sqlite3_stmt *q = NULL;
  if (sqlite3_prepare_v2(jk_store_sqlite(st),
                         "SELECT c.id, i.label, (SELECT count(*) FROM notices n WHERE n.incident_id = c.incident_id"
                         " AND n.id <= c.notice_id AND c.notice_id IS NOT NULL), c.field, c.extracted, c.value, c.who,"
                         " c.at, c.note FROM corrections c JOIN incidents i ON i.id = c.incident_id"
                         " WHERE c.id = (SELECT max(id) FROM corrections)",
                         -1, &q, NULL) != SQLITE_OK ||
      sqlite3_step(q) != SQLITE_ROW) {
    sqlite3_finalize(q);
    jk_buf_puts(out, "{}");
    return;
  }
  const char *old = (const char *)sqlite3_column_text(q, 4), *nw = (const char *)sqlite3_column_text(q, 5);
  jk_buf_printf(out, "{\"id\":%lld,\"incident\":", (long long)sqlite3_column_int64(q, 0));
  str_or_null(out, (const char *)sqlite3_column_text(q, 1));
  int rep = sqlite3_column_int(q, 2);
  if (rep > 0) jk_buf_printf(out, ",\"report\":%d", rep);
  else jk_buf_puts(out, ",\"report\":null");
  jk_buf_puts(out, ",\"field\":");
  str_or_null(out, (const char *)sqlite3_column_text(q, 3));
  /* old and new are stored as canonical JSON. */
  jk_buf_printf(out, ",\"old\":%s,\"new\":%s,\"who\":", old && *old ? old : "null", nw && *nw ? nw : "null");
  str_or_null(out, (const char *)sqlite3_column_text(q, 6));
  jk_buf_puts(out, ",\"at\":");
  str_or_null(out, (const char *)sqlite3_column_text(q, 7));
  jk_buf_puts(out, ",\"note\":");
  str_or_null(out, (const char *)sqlite3_column_text(q, 8));
  jk_buf_putc(out, '}');
  sqlite3_finalize(q);
}

static enum MHD_Result h_post_correction(struct MHD_Connection *c, actx *x) {
  if (!incident_id_ok(x->id)) return srv_send_error(c, x->r, MHD_HTTP_NOT_FOUND, "no such incident");
  enum MHD_Result ret;
  cJSON *j = json_body(c, x, &ret);
  if (!j) return ret;
  const char *field = NULL, *note = NULL;
  if (!json_str_member(c, x, j, "field", &field, &ret) || !json_str_member(c, x, j, "note", &note, &ret)) {
    cJSON_Delete(j);
    return ret;
  }
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
  const cJSON *rep = cJSON_GetObjectItemCaseSensitive(j, "report");
  char target[80];
  snprintf(target, sizeof target, "%s", x->id);
  jk_buf val;
  jk_buf_init(&val);
  const char *bad = NULL;
  if (!field || !*field) bad = "field: required (a field of `jikenbo set --help`)";
  else if (!v) bad = "value: required (null to say it is not stated)";
  else if (value_text(v, &val)) bad = "value: a string, a whole number, true/false, null or an array of names";
  else if (note && (strlen(note) > 2000 || jk_utf8_valid_prefix(note, strlen(note)) != strlen(note)))
    bad = "note: at most 2000 bytes of UTF-8";
  else if (rep && !cJSON_IsNull(rep)) {
    if (!cJSON_IsNumber(rep) || rep->valuedouble < 1 || rep->valuedouble > 1000 || strchr(x->id, '#'))
      bad = "report: the report's number in the timeline (1, 2, …)";
    else
      snprintf(target, sizeof target, "%s#%d", x->id, (int)rep->valuedouble);
  }
  if (bad) {
    jk_buf_free(&val);
    cJSON_Delete(j);
    return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST, "%s", bad);
  }
  jk_err err = {0};
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? JK_OK : (err.rc ? err.rc : JK_EIO);
  if (st && jk_store_find_incident(st, x->id) <= 0)
    rc = jk_err_set(&err, JK_ENOTFOUND, "no such incident: %s", x->id);
  if (!rc) rc = jk_store_set(st, target, field, val.p ? val.p : "", x->user, note && *note ? note : NULL, &err);
  if (!rc) last_correction_json(st, x->user, &x->out);
  pthread_mutex_unlock(&x->s->write_mu);
  atomic_fetch_add(&x->s->writes, 1);
  jk_buf_free(&val);
  cJSON_Delete(j);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_putc(&x->out, '\n');
  return send_buf(c, x, MHD_HTTP_CREATED);
}

/* ---- POST /api/reextract ------------------------------------------------- */

static enum MHD_Result h_reextract(struct MHD_Connection *c, actx *x) {
  jk_err err = {0};
  long long n = 0;
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? jk_store_reextract(st, NULL, NULL, &n, &err) : (err.rc ? err.rc : JK_EIO);
  pthread_mutex_unlock(&x->s->write_mu);
  atomic_fetch_add(&x->s->writes, 1);
  if (rc) return store_error(c, x, rc, &err);
  jk_buf_printf(&x->out, "{\"reextracted\":%lld}\n", n);
  return send_buf(c, x, MHD_HTTP_OK);
}

/* ---- routing --------------------------------------------------------------- */

/* Does e match path?  *id (64 bytes) gets {id} of a prefix route. */
static int route_match(const struct route *e, const char *path, char id[64]) {
  size_t n = strlen(e->path);
  if (!(e->flags & R_PREFIX)) return strcmp(path, e->path) == 0;
  if (strncmp(path, e->path, n) != 0) return 0;
  const char *rest = path + n;
  size_t k = strcspn(rest, "/");
  if (k == 0 || k >= 64 || strcmp(rest + k, e->suffix) != 0) return 0;
  memcpy(id, rest, k);
  id[k] = 0;
  return 1;
}

int srv_api_route_role(const char *method, const char *path) {
  char id[64];
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    const struct route *e = &routes[i];
    int m = !strcmp(method, e->method) || (!strcmp(method, "HEAD") && !strcmp(e->method, "GET"));
    if (m && route_match(e, path, id)) return (int)e->role;
  }
  return -1;
}

/* The route for method and path (id: the {id} of a prefix route), or
   NULL; *path_known says whether the path exists for another method. */
static const struct route *find_route(const char *method, const char *path, char id[64], int *path_known) {
  *path_known = 0;
  id[0] = 0;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    const struct route *e = &routes[i];
    if (!route_match(e, path, id)) continue;
    *path_known = 1;
    if (!strcmp(method, e->method) || (!strcmp(method, "HEAD") && !strcmp(e->method, "GET"))) return e;
  }
  return NULL;
}

int srv_ctype_is(const char *ct, const char *want) {
  size_t n = strlen(want);
  if (strncasecmp(ct, want, n) != 0) return 0;
  const char *p = ct + n;
  while (*p == ' ' || *p == '\t') p++;
  return *p == '\0' || *p == ';'; /* "text/plain; charset=utf-8", never "text/plainjunk" */
}

unsigned srv_api_head(struct MHD_Connection *c, srv_req *r, const char *path) {
  char id[64];
  int path_known;
  const struct route *rt = find_route(r->method, path, id, &path_known);
  char user[JK_USER_NAME_MAX + 1] = "";
  jk_role role = JK_ROLE_NONE;
  unsigned deny = 0;
  if (rt && rt->role != JK_ROLE_NONE) {
    role = srv_auth(r->s, c, user, NULL);
    deny = srv_auth_check(rt->role, role);
  }
  if (!rt && path_known)
    srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed on %s", r->method, path);
  else if (!rt)
    srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no such endpoint: see docs/openapi.yaml");
  else if (deny == MHD_HTTP_UNAUTHORIZED)
    srv_send_error(c, r, deny, "unauthorized");
  else if (deny)
    srv_send_error(c, r, deny, "forbidden: %s needs the role %s or above (%s is %s)", path, jk_role_name(rt->role),
                   user, jk_role_name(role));
  else if (MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING))
    srv_send_error(c, r, MHD_HTTP_LENGTH_REQUIRED, "send the body with a Content-Length (no chunked bodies)");
  else if (rt->flags & R_TEXT) {
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (ct && !srv_ctype_is(ct, "text/plain"))
      srv_send_error(c, r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "send the notice as text/plain (UTF-8)");
  }
  return r->status;
}

unsigned srv_api_body(struct MHD_Connection *c, srv_req *r) {
  char id[64];
  int path_known;
  const struct route *rt = find_route(r->method, r->path, id, &path_known);
  const char *nul = rt && (rt->flags & R_TEXT) && r->body.len ? memchr(r->body.p, 0, r->body.len) : NULL;
  if (nul)
    srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "a binary body (NUL byte at offset %zu), not text: not stored",
                   (size_t)(nul - r->body.p));
  return nul ? r->status : 0;
}

enum MHD_Result srv_api(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                        size_t query_len) {
  char id[64];
  int path_known = 0;
  const struct route *rt = find_route(r->method, path, id, &path_known);
  if (!rt && path_known)
    return srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed on %s", r->method, path);
  if (!rt) return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no such endpoint: see docs/openapi.yaml");
  /* 401: no token, or one nobody holds (the same answer whether the
     server has no token, no user, or another one); 403: a user whose
     role may not. */
  char user[JK_USER_NAME_MAX + 1] = "";
  jk_role role = JK_ROLE_NONE;
  if (rt->role != JK_ROLE_NONE) {
    role = srv_auth(r->s, c, user, NULL);
    unsigned deny = srv_auth_check(rt->role, role);
    if (deny == MHD_HTTP_UNAUTHORIZED) return srv_send_error(c, r, deny, "unauthorized");
    if (deny)
      return srv_send_error(c, r, deny, "forbidden: %s needs the role %s or above (%s is %s)", path,
                            jk_role_name(rt->role), user, jk_role_name(role));
  }

  int cacheable = (rt->flags & R_CACHE) && !strcmp(r->method, "GET");
  srv_sig sig;
  if (cacheable && srv_cache_sig(r->s, &sig) != 0) cacheable = 0;
  if (cacheable) {
    jk_buf hit;
    jk_buf_init(&hit);
    unsigned status;
    if (srv_cache_get(r->s, r->target, &sig, &hit, &status)) {
      enum MHD_Result ret = srv_send_json(c, r, status, hit.p, hit.len);
      jk_buf_free(&hit);
      return ret;
    }
    jk_buf_free(&hit);
  }

  actx *x = malloc(sizeof *x);
  if (!x) return srv_send_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
  x->s = r->s;
  x->r = r;
  memcpy(x->idbuf, id, sizeof x->idbuf);
  x->id = x->idbuf;
  x->role = role;
  memcpy(x->user, user, sizeof x->user);
  x->cacheable = cacheable;
  if (cacheable) x->sig = sig;
  jk_buf_init(&x->out);
  enum MHD_Result ret;
  jk_rc rc = jk_http_query_parse(query, query_len, x->scratch, sizeof x->scratch, x->params, JK_HTTP_MAX_PARAMS,
                                 &x->nparams);
  if (rc == JK_ETOOBIG) {
    ret = srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "too many query parameters (at most %d)", JK_HTTP_MAX_PARAMS);
  } else if (rc) {
    ret = srv_send_error(c, r, MHD_HTTP_BAD_REQUEST,
                         "bad query string: %%-escapes must be valid UTF-8 without control characters");
  } else {
    const char *unknown = NULL;
    for (int i = 0; i < x->nparams && !unknown; i++)
      if (!listed(rt->params, x->params[i].key)) unknown = x->params[i].key;
    if (unknown)
      ret = srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "unknown parameter '%.40s'%s%s", unknown,
                           *rt->params ? "; this endpoint takes: " : "; this endpoint takes none",
                           rt->params);
    else
      ret = rt->fn(c, x);
  }
  jk_buf_free(&x->out);
  free(x);
  return ret;
}
