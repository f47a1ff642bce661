/*
** stats.c — counts of incidents by one dimension, and the total of
** people over a search, as JSON.
**
** Every count is over incidents (not notices), filtered by the same
** jk_query as search, from the incidents' own columns.  "Not stated" is
** counted on its own: an incident whose notices give no head-count is
** not an incident with zero people, and a table of causes should say how
** many incidents it could not place.  Per-month views give the
** incidents without a month their own line ("undated"), never dropped.
*/
#include "store_int.h"

#include "summary.h"

#include <stdlib.h>
#include <string.h>

/* An incident without a month: its own line in every per-month view. */
#define UNDATED "(i.published IS NULL OR length(i.published) < 7)"

/* The dimensions: name, and the SQL that yields (key, count[, people,
   not_stated]) for the rows; "%s" is the filtered FROM … WHERE … clause.  NULL sql:
   counted from bit masks in C (data_type, authority). */
static const struct dim {
  const char *name;
  const char *rows_sql;
  const char *not_stated_cond; /* condition for "not stated", or NULL: never */
  int per_month;               /* rows are months: the undated get their own line */
} dims[] = {
    {"category", "SELECT i.category, count(*) %s GROUP BY 1 ORDER BY 2 DESC, 1", NULL, 0},
    {"month", "SELECT substr(i.published, 1, 7), count(*) %s AND length(i.published) >= 7 GROUP BY 1 ORDER BY 1",
     UNDATED, 1},
    {"data_type", NULL, "i.data_types = 0", 0},
    {"authority", NULL, "i.reported_to = 0", 0},
    {"product",
     "SELECT p.product, count(*) FROM incident_products p WHERE p.incident_id IN (SELECT i.id %s)"
     " GROUP BY 1 ORDER BY 2 DESC, 1",
     "NOT EXISTS (SELECT 1 FROM incident_products p WHERE p.incident_id = i.id)", 0},
    {"org", "SELECT i.org, count(*) %s AND i.org IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1", "i.org IS NULL", 0},
    {"affected_month",
     "SELECT substr(i.published, 1, 7), count(*), total(i.affected), count(*) - count(i.affected) %s"
     " AND length(i.published) >= 7 GROUP BY 1 ORDER BY 1",
     "i.affected IS NULL", 1},
};

/* Run "SELECT count(*) FROM … [AND cond]". */
static jk_rc count_where(jk_store *st, const jk_buf *from, const jk_filter *f, const char *cond, long long *n,
                         jk_err *err) {
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT count(*) ");
  jk_buf_append(&sql, from->p, from->len);
  if (cond) jk_buf_printf(&sql, " AND %s", cond);
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(f, s, 1);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
      *n = sqlite3_column_int64(s, 0);
      src = SQLITE_OK;
    }
  }
  sqlite3_finalize(s);
  jk_buf_free(&sql);
  return src ? jk_store_dberr(st, src, "counting", err) : JK_OK;
}

/* data_type / authority: count each bit over the filtered incidents. */
static jk_rc bit_rows(jk_store *st, const jk_buf *from, const jk_filter *f, int dt, jk_buf *out, jk_err *err) {
  long long counts[32] = {0};
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, dt ? "SELECT i.data_types " : "SELECT i.reported_to ");
  jk_buf_append(&sql, from->p, from->len);
  sqlite3_stmt *s = NULL;
  int src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(f, s, 1);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
      uint32_t bits = (uint32_t)sqlite3_column_int64(s, 0);
      for (int i = 0; i < 32; i++)
        if (bits & (1u << i)) counts[i]++;
    }
    if (src == SQLITE_DONE) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  jk_buf_free(&sql);
  if (src) return jk_store_dberr(st, src, "counting", err);
  /* Largest first, then by name. */
  int n = dt ? JK_DT_COUNT : JK_AUTH_COUNT, order[32], k = 0;
  for (int i = 0; i < n; i++) order[i] = i;
  for (int i = 1; i < n; i++)
    for (int j = i; j > 0 && counts[order[j]] > counts[order[j - 1]]; j--) {
      int t = order[j];
      order[j] = order[j - 1];
      order[j - 1] = t;
    }
  for (int i = 0; i < n; i++) {
    int b = order[i];
    if (!counts[b]) continue;
    const char *name = dt ? jk_data_type_name((jk_data_type)b) : jk_authority_name((jk_authority)b);
    jk_buf_printf(out, "%s{\"key\":\"%s\",\"count\":%lld}", k++ ? "," : "", name, counts[b]);
  }
  return JK_OK;
}

/* The undated incidents of a per-month view: {"count":N[, "people":P,
   "not_stated":K]} (people with people). */
static jk_rc undated_json(jk_store *st, const jk_buf *from, const jk_filter *f, int people, jk_buf *out,
                          jk_err *err) {
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT count(*), total(i.affected), count(*) - count(i.affected) ");
  jk_buf_append(&sql, from->p, from->len);
  jk_buf_puts(&sql, " AND " UNDATED);
  sqlite3_stmt *s = NULL;
  int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(f, s, 1);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
      jk_buf_printf(out, "{\"count\":%lld", sqlite3_column_int64(s, 0));
      if (people)
        jk_buf_printf(out, ",\"people\":%.0f,\"not_stated\":%lld", sqlite3_column_double(s, 1),
                      sqlite3_column_int64(s, 2));
      jk_buf_putc(out, '}');
      src = SQLITE_OK;
    }
  }
  sqlite3_finalize(s);
  jk_buf_free(&sql);
  return src ? jk_store_dberr(st, src, "counting undated incidents", err) : JK_OK;
}

/*
** Counts of incidents matching q by one dimension (see store.h).  JSON:
** {"by":…, "total":N, "not_stated":N, "rows":[{"key":…, "count":N}, …]}.
** The per-month views (month, affected_month) add "undated": the
** incidents without a month, counted apart (month: as "not_stated" too).
** affected_month rows count every incident of the month and carry
** "people" (the sum of the stated counts) and "not_stated" (those that
** state none); its "not_stated" is every incident stating no count.
*/
jk_rc jk_store_stats_recount_json(jk_store *st, const char *by, const jk_query *q, jk_buf *out, jk_err *err) {
  const struct dim *d = NULL;
  for (size_t i = 0; i < sizeof dims / sizeof dims[0]; i++)
    if (by && !strcmp(by, dims[i].name)) d = &dims[i];
  if (!d) {
    char names[200];
    size_t k = 0;
    for (size_t i = 0; i < sizeof dims / sizeof dims[0] && k < sizeof names; i++)
      k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "", dims[i].name);
    return jk_err_set(err, JK_EINVAL, "cannot count by '%s' (by one of: %s)", by ? by : "", names);
  }
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  jk_filter f;
  jk_buf from, sql;
  jk_buf_init(&from);
  jk_buf_init(&sql);
  /* category, data_type and authority read only indexed columns. */
  int covered = !strcmp(d->name, "category") || !d->rows_sql;
  jk_rc rc = jk_filter_from(q, covered, &f, &from, err);
  if (rc) return rc;
  long long total = 0, not_stated = 0;
  rc = count_where(st, &from, &f, NULL, &total, err);
  if (!rc && d->not_stated_cond) rc = count_where(st, &from, &f, d->not_stated_cond, &not_stated, err);
  size_t start = out->len;
  out->oom = 0;
  if (!rc) {
    jk_buf_printf(out, "{\"by\":\"%s\",\"total\":%lld,\"not_stated\":%lld,\"rows\":[", d->name, total, not_stated);
    if (!d->rows_sql) {
      rc = bit_rows(st, &from, &f, !strcmp(d->name, "data_type"), out, err);
    } else {
      /* Splice the FROM clause where the template says %s. */
      const char *at = strstr(d->rows_sql, "%s");
      jk_buf_append(&sql, d->rows_sql, (size_t)(at - d->rows_sql));
      jk_buf_append(&sql, from.p, from.len);
      jk_buf_puts(&sql, at + 2);
      sqlite3_stmt *s = NULL;
      int src = sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
      int k = 0;
      if (src == SQLITE_OK) {
        jk_filter_bind(&f, s, 1);
        while ((src = sqlite3_step(s)) == SQLITE_ROW) {
          jk_buf_puts(out, k++ ? ",{\"key\":" : "{\"key\":");
          if (!strcmp(d->name, "category")) {
            jk_buf_printf(out, "\"%s\"", jk_category_name((jk_category)sqlite3_column_int(s, 0)));
          } else {
            const char *key = (const char *)sqlite3_column_text(s, 0);
            jk_json_str(out, key ? key : "", key ? (size_t)sqlite3_column_bytes(s, 0) : 0);
          }
          jk_buf_printf(out, ",\"count\":%lld", sqlite3_column_int64(s, 1));
          if (sqlite3_column_count(s) > 3)
            jk_buf_printf(out, ",\"people\":%.0f,\"not_stated\":%lld", sqlite3_column_double(s, 2),
                          sqlite3_column_int64(s, 3));
          jk_buf_putc(out, '}');
        }
        if (src == SQLITE_DONE) src = SQLITE_OK;
      }
      sqlite3_finalize(s);
      if (src) rc = jk_store_dberr(st, src, "counting", err);
    }
    jk_buf_putc(out, ']');
    if (!rc && d->per_month) {
      jk_buf_puts(out, ",\"undated\":");
      rc = undated_json(st, &from, &f, !strcmp(d->name, "affected_month"), out, err);
    }
    jk_buf_putc(out, '}');
  }
  if (!rc && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  if (rc) {
    out->len = start;
    if (out->p) out->p[start] = 0;
  }
  jk_filter_free(&f);
  jk_buf_free(&from);
  jk_buf_free(&sql);
  return rc;
}

/* ---- from the summary counts (summary.c) ------------------------------------ */

typedef struct srow {
  const char *key;
  long long n, people, ns, order;
} srow;

static int by_count(const void *a, const void *b) {
  const srow *x = a, *y = b;
  if (x->n != y->n) return x->n < y->n ? 1 : -1;
  if (x->order != y->order) return x->order < y->order ? -1 : 1;
  return strcmp(x->key, y->key);
}

static int by_key(const void *a, const void *b) { return strcmp(((const srow *)a)->key, ((const srow *)b)->key); }

static long long bit_of(int dim, const char *key) {
  int n = dim == JK_SD_TYPE ? JK_DT_COUNT : JK_AUTH_COUNT;
  for (int b = 0; b < n; b++)
    if (!strcmp(key, dim == JK_SD_TYPE ? jk_data_type_name((jk_data_type)b) : jk_authority_name((jk_authority)b)))
      return b;
  return n;
}

/* One breakdown of the set, over category c (-1: all), as stats JSON:
   the same answer as jk_store_stats_recount_json (rows, their order,
   "not_stated" and the per-month views' "undated"). */
static jk_rc emit(const jk_sum_set *s, const char *by, int c, jk_buf *out) {
  int dim = !strcmp(by, "month") || !strcmp(by, "affected_month") ? JK_SD_MONTH
            : !strcmp(by, "data_type")                            ? JK_SD_TYPE
            : !strcmp(by, "authority")                            ? JK_SD_AUTH
            : !strcmp(by, "product")                              ? JK_SD_PROD
                                                                  : JK_SD_ALL;
  int people = !strcmp(by, "affected_month");
  jk_sum_cell tmp;
  long long all = jk_sum_kid(s, JK_SD_ALL, "");
  long long total = 0, total_people = 0, total_ns = 0, not_stated = 0;
  long long l_n = 0, l_people = 0, l_ns = 0; /* the months listed */
  for (int k = 0; k < s->ncat; k++)
    if (c < 0 || k == c) {
      const jk_sum_cell *x = jk_sum_get(s, k, all, &tmp);
      total += x->n;
      total_people += x->people;
      total_ns += x->people_ns;
    }
  size_t cap = (size_t)(dim == JK_SD_ALL ? s->ncat : s->nkeys) + 1, n = 0;
  srow *rows = calloc(cap, sizeof *rows);
  if (!rows) return JK_ENOMEM;
  if (dim == JK_SD_ALL) {
    for (int k = 0; k < s->ncat; k++) {
      long long v = (c < 0 || k == c) ? jk_sum_get(s, k, all, &tmp)->n : 0;
      if (v > 0) rows[n++] = (srow){jk_category_name((jk_category)k), v, 0, 0, k};
    }
  } else {
    for (long long k = 1; k < s->nkeys; k++) {
      if (s->dim[k] != dim) continue;
      const jk_sum_cell *x = jk_sum_get(s, c, k, &tmp);
      if (x->n <= 0) continue;
      const char *key = s->key[k];
      if (dim == JK_SD_MONTH) {
        if (strlen(key) != 7) continue; /* a year alone or none: undated */
        l_n += x->n;
        l_people += x->people;
        l_ns += x->people_ns;
      } else if (!*key) {
        not_stated = x->n;
        continue;
      }
      rows[n++] = (srow){key, x->n, x->people, x->people_ns, dim == JK_SD_PROD ? 0 : bit_of(dim, key)};
    }
  }
  if (dim == JK_SD_MONTH) {
    not_stated = people ? total_ns : total - l_n;
    qsort(rows, n, sizeof *rows, by_key);
  } else {
    qsort(rows, n, sizeof *rows, by_count);
  }
  jk_buf_printf(out, "{\"by\":\"%s\",\"total\":%lld,\"not_stated\":%lld,\"rows\":[", by, total, not_stated);
  for (size_t i = 0; i < n; i++) {
    jk_buf_puts(out, i ? ",{\"key\":" : "{\"key\":");
    jk_json_str(out, rows[i].key, strlen(rows[i].key));
    jk_buf_printf(out, ",\"count\":%lld", rows[i].n);
    if (people) jk_buf_printf(out, ",\"people\":%lld,\"not_stated\":%lld", rows[i].people, rows[i].ns);
    jk_buf_putc(out, '}');
  }
  jk_buf_putc(out, ']');
  if (dim == JK_SD_MONTH) {
    jk_buf_printf(out, ",\"undated\":{\"count\":%lld", total - l_n);
    if (people) jk_buf_printf(out, ",\"people\":%lld,\"not_stated\":%lld", total_people - l_people, total_ns - l_ns);
    jk_buf_putc(out, '}');
  }
  jk_buf_putc(out, '}');
  free(rows);
  return out->oom ? JK_ENOMEM : JK_OK;
}

static int summarised(const char *by) {
  static const char *const names[] = {"category", "month", "data_type", "authority", "product", "affected_month"};
  for (size_t i = 0; by && i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(by, names[i])) return 1;
  return 0;
}

jk_rc jk_store_stats_json(jk_store *st, const char *by, const jk_query *q, jk_buf *out, jk_err *err) {
  /* org (long, a name per row) and unknown names: the SQL count. */
  if (!summarised(by)) return jk_store_stats_recount_json(st, by, q, out, err);
  jk_sum_set s;
  jk_rc rc = jk_summary_read(st, q, 0, &s, err);
  if (rc) return rc;
  size_t start = out->len;
  rc = emit(&s, by, -1, out);
  jk_sum_set_free(&s);
  if (rc) {
    out->len = start;
    if (out->p) out->p[start] = 0;
    return jk_err_set(err, rc, "out of memory");
  }
  return JK_OK;
}

jk_rc jk_store_dashboard_json(jk_store *st, const jk_query *q, jk_buf *out, jk_err *err) {
  static const char *const dash[] = {"category", "month", "data_type", "authority", "product", "affected_month"};
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  jk_sum_set s;
  jk_rc rc = jk_summary_read(st, q, 0, &s, err);
  if (rc) return rc;
  size_t start = out->len;
  jk_buf_putc(out, '{');
  for (size_t i = 0; !rc && i < sizeof dash / sizeof dash[0]; i++) {
    jk_buf_printf(out, "%s\"%s\":", i ? "," : "", dash[i]);
    rc = emit(&s, dash[i], -1, out);
  }
  jk_buf_puts(out, ",\"product_misconfiguration\":");
  if (!rc) rc = emit(&s, "product", q->category >= 0 ? q->category : JK_CAT_MISCONFIGURATION, out);
  jk_buf_puts(out, ",\"month_by_category\":{");
  int first = 1;
  for (int k = 0; !rc && k < JK_CAT_COUNT; k++) {
    if (q->category >= 0 && k != q->category) continue;
    jk_buf_printf(out, "%s\"%s\":", first ? "" : ",", jk_category_name((jk_category)k));
    first = 0;
    rc = emit(&s, "month", k, out);
  }
  jk_buf_puts(out, "}}\n");
  jk_sum_set_free(&s);
  if (!rc && out->oom) rc = JK_ENOMEM;
  if (rc) {
    out->len = start;
    if (out->p) out->p[start] = 0;
    return jk_err_set(err, rc, "out of memory");
  }
  return JK_OK;
}

/*
** The total of people over the incidents matching q (see store.h): one
** pass over the incidents' own "affected" column, the value the store
** keeps for each incident (its reports merged, corrections applied), so
** the sum is the sum of what `export` writes per incident.  total() is
** a double: exact up to 2^53 people, and never an overflow error.
*/
/* The largest's line: incident id's fields, or null. */
static jk_rc largest_of(jk_store *st, long long id, jk_buf *out, jk_err *err) {
  static const char q[] = "SELECT label, org, title, published, affected FROM incidents WHERE id = ?1";
  if (id <= 0) {
    jk_buf_puts(out, "null}");
    return JK_OK;
  }
  sqlite3_stmt *s = jk_stmt(st, q, err);
  if (!s) return err ? err->rc : JK_EDB;
  sqlite3_bind_int64(s, 1, id);
  int src = sqlite3_step(s);
  if (src == SQLITE_ROW) {
    static const char *const keys[] = {"incident", "org", "title", "published"};
    jk_buf_putc(out, '{');
    for (int k = 0; k < 4; k++) {
      const char *v = (const char *)sqlite3_column_text(s, k);
      jk_buf_printf(out, "\"%s\":", keys[k]);
      if (v) jk_json_str(out, v, (size_t)sqlite3_column_bytes(s, k));
      else jk_buf_puts(out, "null");
      jk_buf_putc(out, ',');
    }
    jk_buf_printf(out, "\"affected\":%lld}}", sqlite3_column_int64(s, 4));
  } else if (src == SQLITE_DONE) {
    jk_buf_puts(out, "null}");
  }
  jk_stmt_done(s);
  return src == SQLITE_ROW || src == SQLITE_DONE ? JK_OK : jk_store_dberr(st, src, "summing people", err);
}

static int has_index(jk_store *st, const char *name) {
  sqlite3_stmt *s = NULL;
  int has = 0;
  if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?1", -1, &s, NULL) ==
      SQLITE_OK) {
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    has = sqlite3_step(s) == SQLITE_ROW;
  }
  sqlite3_finalize(s);
  return has;
}

/* The order of "largest": the most people, the earliest of equals (dated
   before undated), then the first stored. */
#define LARGEST_ORDER " ORDER BY i.affected DESC, i.pub_sort IS NULL, i.pub_sort, i.id"

/* One SQL pass over every matching incident row: what the others must
   agree with (--recount), and filters on the display id. */
static jk_rc sum_recount(jk_store *st, const jk_query *q, jk_buf *out, jk_err *err) {
  jk_filter f;
  jk_buf from, sql;
  jk_buf_init(&from);
  jk_buf_init(&sql);
  jk_rc rc = jk_filter_from(q, 0, &f, &from, err);
  if (rc) return rc;
  sqlite3_stmt *s = NULL;
  long long best = 0;
  jk_buf_puts(&sql, "SELECT count(*), count(i.affected), total(i.affected) ");
  jk_buf_append(&sql, from.p, from.len);
  int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
      long long n = sqlite3_column_int64(s, 0), stated = sqlite3_column_int64(s, 1);
      jk_buf_printf(out, "{\"sum\":\"affected\",\"incidents\":%lld,\"stated\":%lld,\"not_stated\":%lld,"
                         "\"people\":%.0f,\"largest\":",
                    n, stated, n - stated, sqlite3_column_double(s, 2));
      src = SQLITE_OK;
    }
  }
  sqlite3_finalize(s);
  s = NULL;
  if (src == SQLITE_OK) {
    jk_buf_reset(&sql);
    jk_buf_puts(&sql, "SELECT i.id ");
    jk_buf_append(&sql, from.p, from.len);
    jk_buf_puts(&sql, " AND i.affected IS NOT NULL" LARGEST_ORDER " LIMIT 1");
    src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  }
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) best = sqlite3_column_int64(s, 0);
    if (src == SQLITE_ROW || src == SQLITE_DONE) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (src) rc = jk_store_dberr(st, src, "summing people", err);
  if (!rc) rc = largest_of(st, best, out, err);
  jk_filter_free(&f);
  jk_buf_free(&from);
  jk_buf_free(&sql);
  return rc;
}

/* Filters the summary answers: the totals from its counts; the largest by
   walking a head-count index from the top (it holds the filter columns:
   no row read per step) when the matches are dense enough for the walk
   to stop early, else from the matching rows; a category has its own
   (category, affected) index the planner takes. */
static jk_rc sum_summed(jk_store *st, const jk_query *q, jk_buf *out, jk_err *err) {
  jk_sum_set set;
  jk_rc rc = jk_summary_read(st, q, 0, &set, err);
  if (rc) return rc;
  jk_sum_cell tmp;
  const jk_sum_cell *x = jk_sum_get(&set, -1, jk_sum_kid(&set, JK_SD_ALL, ""), &tmp);
  long long n = x->n, stated = x->n - x->people_ns, people = x->people, best = 0;
  jk_sum_set_free(&set);
  jk_buf_printf(out, "{\"sum\":\"affected\",\"incidents\":%lld,\"stated\":%lld,\"not_stated\":%lld,"
                     "\"people\":%lld,\"largest\":",
                n, stated, n - stated, people);
  if (!stated) return largest_of(st, 0, out, err);
  jk_filter f;
  rc = jk_filter_build(q, 1, &f, err);
  if (rc) return rc;
  sqlite3_stmt *s = NULL;
  int walk = 0;
  if (q->category < 0) {
    long long total = 0;
    if (sqlite3_prepare_v2(st->db, "SELECT coalesce(max(id), 0) FROM incidents", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
      total = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    walk = !(q->since.y || q->until.y) || (double)stated * (double)stated >= (double)total;
  }
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT i.id FROM incidents i");
  if (walk)
    jk_buf_puts(&sql, has_index(st, "incidents_affected_filter") ? " INDEXED BY incidents_affected_filter"
                                                                  : " INDEXED BY incidents_affected");
  jk_buf_puts(&sql, " WHERE 1");
  jk_buf_append(&sql, f.where.p ? f.where.p : "", f.where.len);
  jk_buf_puts(&sql, " AND i.affected IS NOT NULL" LARGEST_ORDER " LIMIT 1");
  int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    src = sqlite3_step(s);
    if (src == SQLITE_ROW) best = sqlite3_column_int64(s, 0);
    if (src == SQLITE_ROW || src == SQLITE_DONE) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (src) rc = jk_store_dberr(st, src, "summing people", err);
  if (!rc) rc = largest_of(st, best, out, err);
  jk_filter_free(&f);
  jk_buf_free(&sql);
  return rc;
}

/* Words, organisation, product: one pass over the matches joined to the
   narrow filter index (id, pub_sort, affected are in it), the totals and
   the largest counted together, then the largest's row. */
static jk_rc sum_pass(jk_store *st, const jk_query *q, jk_buf *out, jk_err *err) {
  jk_filter f;
  jk_rc rc = jk_filter_build(q, 1, &f, err);
  if (rc) return rc;
  jk_buf sql;
  jk_buf_init(&sql);
  jk_buf_puts(&sql, "SELECT i.id, i.affected, i.pub_sort ");
  jk_buf_puts(&sql, f.match ? "FROM incident_fts fts CROSS JOIN incidents i INDEXED BY incidents_filter"
                              " ON i.id = fts.rowid WHERE fts.incident_fts MATCH ?1"
                            : "FROM incidents i INDEXED BY incidents_filter WHERE 1");
  jk_buf_append(&sql, f.where.p ? f.where.p : "", f.where.len);
  sqlite3_stmt *s = NULL;
  long long n = 0, stated = 0, people = 0, best = 0, best_aff = -1, best_pub = 0;
  int best_dated = 0;
  int src = sql.oom ? SQLITE_NOMEM : sqlite3_prepare_v2(st->db, sql.p, (int)sql.len, &s, NULL);
  if (src == SQLITE_OK) {
    jk_filter_bind(&f, s, 1);
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
      n++;
      if (sqlite3_column_type(s, 1) == SQLITE_NULL) continue;
      long long id = sqlite3_column_int64(s, 0), aff = sqlite3_column_int64(s, 1);
      int dated = sqlite3_column_type(s, 2) != SQLITE_NULL;
      long long pub = dated ? sqlite3_column_int64(s, 2) : 0;
      stated++;
      people += aff;
      int better = !best || aff > best_aff ||
                   (aff == best_aff && (dated > best_dated ||
                                        (dated == best_dated && (pub < best_pub || (pub == best_pub && id < best)))));
      if (better) best = id, best_aff = aff, best_pub = pub, best_dated = dated;
    }
    if (src == SQLITE_DONE) src = SQLITE_OK;
  }
  sqlite3_finalize(s);
  if (src) rc = jk_store_dberr(st, src, "summing people", err);
  if (!rc) {
    jk_buf_printf(out, "{\"sum\":\"affected\",\"incidents\":%lld,\"stated\":%lld,\"not_stated\":%lld,"
                       "\"people\":%lld,\"largest\":",
                  n, stated, n - stated, people);
    rc = largest_of(st, best, out, err);
  }
  jk_filter_free(&f);
  jk_buf_free(&sql);
  return rc;
}

static jk_rc sum_json(jk_store *st, const jk_query *q, int recount, jk_buf *out, jk_err *err) {
  jk_query all;
  if (!q) {
    jk_query_init(&all);
    q = &all;
  }
  size_t start = out->len;
  out->oom = 0;
  jk_rc rc = recount || (q->incident && *q->incident) ? sum_recount(st, q, out, err)
             : jk_summary_bounded(q)                  ? sum_summed(st, q, out, err)
                                                      : sum_pass(st, q, out, err);
  if (!rc && out->oom) rc = jk_err_set(err, JK_ENOMEM, "out of memory");
  if (rc) {
    out->len = start;
    if (out->p) out->p[start] = 0;
  }
  return rc;
}

static jk_rc sum_field(const char *field, jk_err *err) {
  if (!field || strcmp(field, "affected") != 0)
    return jk_err_set(err, JK_EINVAL, "cannot sum '%s' (sum one of: affected)", field ? field : "");
  return JK_OK;
}

jk_rc jk_store_sum_json(jk_store *st, const char *field, const jk_query *q, jk_buf *out, jk_err *err) {
  jk_rc rc = sum_field(field, err);
  return rc ? rc : sum_json(st, q, 0, out, err);
}

jk_rc jk_store_sum_recount_json(jk_store *st, const char *field, const jk_query *q, jk_buf *out, jk_err *err) {
  jk_rc rc = sum_field(field, err);
  return rc ? rc : sum_json(st, q, 1, out, err);
}
