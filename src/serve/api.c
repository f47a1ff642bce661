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

#include "../../lib/check.h"
#include "../cli.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* What a handler gets: the parsed query and a buffer for its answer. */
typedef struct actx {
  srv *s;
  srv_req *r;
  jk_http_param params[JK_HTTP_MAX_PARAMS];
  int nparams;
  const char *id;      /* {id} of /api/incidents/{id} */
  jk_query q;          /* filters (strings point into scratch / qtext) */
  char qtext[SRV_MAX_Q + 1];
  jk_buf out;
  int cacheable;       /* a 200 of this route may be cached */
  char scratch[2 * SRV_MAX_TARGET + 2];
} actx;

typedef enum MHD_Result (*route_fn)(struct MHD_Connection *c, actx *x);

#define R_WRITE 1u  /* needs the bearer token */
#define R_PREFIX 2u /* path is a prefix; the rest is {id} */
#define R_CACHE 4u  /* GET answers may be cached */

/* Filter parameters shared by incidents, stats and export. */
#define FILTERS "q category type reported since until org product card vendor"

static enum MHD_Result h_health(struct MHD_Connection *c, actx *x);
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

static const struct route {
  const char *method; /* "GET" (HEAD too) or "POST" */
  const char *path;
  route_fn fn;
  unsigned flags;
  const char *params; /* allowed query parameters, space-separated */
} routes[] = {
    {"GET", "/api/health", h_health, 0, ""},
    {"GET", "/api/incidents", h_incidents, R_CACHE, FILTERS " sort limit offset"},
    {"GET", "/api/incidents/", h_incident, R_PREFIX | R_CACHE, ""},
    {"GET", "/api/stats", h_stats, R_CACHE, FILTERS " by"},
    {"GET", "/api/lessons", h_lessons, R_CACHE, "category product"},
    {"GET", "/api/lessons/incidents", h_lesson_incidents, R_CACHE, "table key category product offset limit"},
    {"GET", "/api/export", h_export, 0, FILTERS " format"},
    {"POST", "/api/notices", h_post_notice, R_WRITE, "source"},
    {"POST", "/api/reextract", h_reextract, R_WRITE, ""},
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
  if (status == MHD_HTTP_OK && x->cacheable) srv_cache_put(x->s, x->r->target, x->out.p, x->out.len, status);
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
                JK_VERSION, x->s->token ? "false" : "true", jk_store_schema_version(st), n.documents,
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

/* ---- GET /api/stats ----------------------------------------------------- */

static const char *const stats_by[] = {"category", "month", "data_type", "authority",
                                       "product", "org", "affected_month"};

static enum MHD_Result h_stats(struct MHD_Connection *c, actx *x) {
  enum MHD_Result ret;
  if (!build_query(c, x, 0, &ret)) return ret;
  const char *by = param(x, "by");
  if (by && *by) {
    int known = 0;
    for (size_t i = 0; i < sizeof stats_by / sizeof stats_by[0]; i++) known |= !strcmp(by, stats_by[i]);
    if (!known)
      return srv_send_error(c, x->r, MHD_HTTP_BAD_REQUEST,
                            "by: expected category, month, data_type, authority, product, org or affected_month");
  }
  jk_err err = {0};
  jk_store *st = srv_db_reader(x->s, &err);
  if (!st) return store_error(c, x, err.rc ? err.rc : JK_EIO, &err);
  jk_rc rc = by && *by ? jk_store_stats_json(st, by, &x->q, &x->out, &err) : stats_all(st, &x->q, &x->out, &err);
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
#define LESSONS_FIRST 10

/* `jikenbo lessons --json` (lib/lessons.c), one line. */
static jk_rc lessons_json(jk_store *st, int category, const char *product, jk_buf *out, jk_err *err) {
  jk_lessons *l = NULL;
  jk_rc rc = jk_lessons_build(st, category, product, LESSONS_FIRST, &l, err);
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
  if (stats_all(st, &q, &b, &err) == JK_OK) srv_cache_put(s, "/api/stats", b.p, b.len, MHD_HTTP_OK);
  /* The lessons of the whole casebook read every record: on a large one
     they take longer than a request's time budget, so compute them here,
     where there is none. */
  jk_buf_reset(&b);
  if (lessons_json(st, -1, NULL, &b, &err) == JK_OK) srv_cache_put(s, "/api/lessons", b.p, b.len, MHD_HTTP_OK);
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
} export_job;

/* Exports in flight: each holds a thread and a database connection. */
#define MAX_EXPORTS 4
static atomic_int exports_running;

static void *export_thread(void *vp) {
  export_job *j = vp;
  jk_store *st = NULL;
  jk_err err = {0};
  if (jk_store_open(j->x->s->db_path, JK_STORE_READONLY, &st, &err) == JK_OK) {
    jk_rc rc = cli_export_run(st, &j->x->q, j->fmt, j->f, NULL, NULL, NULL, &err);
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

static enum MHD_Result build_export(struct MHD_Connection *c, actx *x, const cli_export_format *fmt);

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
  if (atomic_fetch_add(&exports_running, 1) >= MAX_EXPORTS) {
    atomic_fetch_sub(&exports_running, 1);
    return srv_send_error(c, x->r, MHD_HTTP_SERVICE_UNAVAILABLE, "%d exports are running: try again later",
                          MAX_EXPORTS);
  }
  enum MHD_Result ret2 = build_export(c, x, fmt);
  if (x->r->status != MHD_HTTP_OK) atomic_fetch_sub(&exports_running, 1);
  return ret2;
}

/* Start the producer thread and answer with the read end of its pipe. */
static enum MHD_Result build_export(struct MHD_Connection *c, actx *x, const cli_export_format *fmt) {
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

typedef struct ingest_ctx {
  jk_store *st;
  long long doc_id;
  const char *source;
  jk_buf *out;
  int n;
  jk_rc rc;
  jk_err *err;
} ingest_ctx;

static int on_segment(void *vp, const jk_segment *seg) {
  ingest_ctx *ic = vp;
  jk_record *rec = NULL;
  const char *fail = NULL;
  if (seg->is_notice && jk_extract(seg, ic->source, &rec) != JK_OK) {
    rec = NULL;
    fail = "extraction failed (out of memory)";
  }
  jk_add_result res;
  memset(&res, 0, sizeof res);
  ic->rc = jk_store_add_segment(ic->st, ic->doc_id, seg, rec, fail, &res, ic->err);
  if (ic->rc == JK_OK) {
    jk_buf *b = ic->out;
    jk_buf_printf(b, "%s{\"notice_id\":%lld,\"is_notice\":%s,\"duplicate\":%s,\"line\":%d", ic->n++ ? "," : "",
                  res.notice_id, res.is_notice ? "true" : "false", res.duplicate ? "true" : "false",
                  seg->heading_line);
    if (res.is_notice) {
      jk_buf_puts(b, ",\"incident\":");
      jk_json_str(b, res.incident, strnlen(res.incident, sizeof res.incident));
      jk_buf_puts(b, ",\"title\":");
      str_or_null(b, rec ? rec->title : NULL);
      jk_buf_puts(b, ",\"org\":");
      str_or_null(b, rec ? rec->org : NULL);
    }
    jk_buf_putc(b, '}');
  }
  jk_record_free(rec);
  return ic->rc != JK_OK;
}

static void utc_now(char *buf, size_t n) {
  time_t t = time(NULL);
  struct tm tm;
  gmtime_r(&t, &tm);
  strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static enum MHD_Result h_post_notice(struct MHD_Connection *c, actx *x) {
  srv_req *r = x->r;
  const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
  if (ct && strncasecmp(ct, "text/plain", 10) != 0)
    return srv_send_error(c, r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, "send the notice as text/plain (UTF-8)");
  if (r->body.len == 0) return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "empty body: send the notice text");
  const char *src = param(x, "source");
  if (src && strlen(src) > SRV_MAX_FILTER) return srv_send_error(c, r, MHD_HTTP_BAD_REQUEST, "source: too long");
  char source[256], when[32], sha[65];
  snprintf(source, sizeof source, "api:%s", src && *src ? src : "notice");
  utc_now(when, sizeof when);
  jk_sha256_hex(r->body.p, r->body.len, sha);
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = source;
  info.kind = "text";
  info.fetched_at = when;
  info.raw = r->body.p;
  info.raw_len = r->body.len;

  jk_err err = {0};
  jk_buf segs;
  jk_buf_init(&segs);
  pthread_mutex_lock(&x->s->write_mu);
  jk_store *st = srv_db_writer(x->s, &err);
  jk_rc rc = st ? jk_store_begin(st, &err) : (err.rc ? err.rc : JK_EIO);
  long long doc_id = 0;
  int seen = 0;
  if (rc == JK_OK) rc = jk_store_add_document(st, &info, sha, &doc_id, &seen, &err);
  if (rc == JK_OK) {
    ingest_ctx ic = {st, doc_id, source, &segs, 0, JK_OK, &err};
    jk_diags diags;
    jk_diags_init(&diags);
    rc = jk_split_buffer(r->body.p, r->body.len, on_segment, &ic, &diags);
    if (ic.rc) rc = ic.rc;
    else if (rc) jk_err_set(&err, rc, "splitting the notice failed: %s", jk_rc_name(rc));
    jk_diags_free(&diags);
  }
  if (rc == JK_OK) rc = jk_store_commit(st, &err);
  else if (st) jk_store_rollback(st);
  pthread_mutex_unlock(&x->s->write_mu);
  atomic_fetch_add(&x->s->writes, 1);
  if (rc) {
    jk_buf_free(&segs);
    return store_error(c, x, rc, &err);
  }
  jk_buf_printf(&x->out, "{\"document\":%lld,\"seen_before\":%s,\"source\":", doc_id, seen ? "true" : "false");
  jk_json_str(&x->out, source, strlen(source));
  jk_buf_puts(&x->out, ",\"segments\":[");
  if (segs.len) jk_buf_append(&x->out, segs.p, segs.len);
  jk_buf_puts(&x->out, "]}\n");
  jk_buf_free(&segs);
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

/* Does the request carry the server's token?  Constant time; the header
   is never copied, logged or echoed. */
static int authorized(struct MHD_Connection *c, srv *s) {
  if (!s->token) return 0;
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  const char *tok;
  size_t n;
  if (jk_http_bearer(h, &tok, &n) != 0) return 0;
  return jk_http_secret_eq(tok, n, s->token, s->token_len);
}

enum MHD_Result srv_api(struct MHD_Connection *c, srv_req *r, const char *path, const char *query,
                        size_t query_len) {
  const struct route *rt = NULL;
  int path_known = 0;
  const char *id = NULL;
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    const struct route *e = &routes[i];
    size_t n = strlen(e->path);
    const char *rest = NULL;
    if (e->flags & R_PREFIX) {
      if (strncmp(path, e->path, n) == 0 && path[n] && !strchr(path + n, '/')) rest = path + n;
      else continue;
    } else if (strcmp(path, e->path) != 0) {
      continue;
    }
    path_known = 1;
    int m = !strcmp(r->method, e->method) || (!strcmp(r->method, "HEAD") && !strcmp(e->method, "GET"));
    if (m) {
      rt = e;
      id = rest;
      break;
    }
  }
  if (!rt && path_known)
    return srv_send_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, "%s is not allowed on %s", r->method, path);
  if (!rt) return srv_send_error(c, r, MHD_HTTP_NOT_FOUND, "no such endpoint: see docs/openapi.yaml");
  /* Writes: the same 401 whether the server has no token or the request
     has none or the wrong one. */
  if ((rt->flags & R_WRITE) && !authorized(c, r->s))
    return srv_send_error(c, r, MHD_HTTP_UNAUTHORIZED, "unauthorized");

  if ((rt->flags & R_CACHE) && !strcmp(r->method, "GET")) {
    jk_buf hit;
    jk_buf_init(&hit);
    unsigned status;
    if (srv_cache_get(r->s, r->target, &hit, &status)) {
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
  x->id = id;
  x->cacheable = (rt->flags & R_CACHE) && !strcmp(r->method, "GET");
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
