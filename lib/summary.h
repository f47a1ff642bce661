/*
** summary.h — counts kept up to date (lib/summary.c), read by stats.c
** and lessons.c; not published.
**
** Every incident has a set of keys: one per dimension the trends and
** lessons pages count (its month, each kind of data, each authority, each
** product, how it was discovered, …), or the dimension's "not stated" key
** (the empty string).  The store keeps, in the same transaction as every
** write that changes an incident, the number of incidents (and the people
** they state) per (filter key, category, key): a count with no filter,
** with one category, or with one of the filter keys below reads those
** rows only, never every incident.
*/
#ifndef JK_SUMMARY_H
#define JK_SUMMARY_H
#include "store_int.h"

/* The dimensions of the keys (stored: never renumber). */
enum {
  JK_SD_ALL = 0,     /* "": every incident (its category is the cell's) */
  JK_SD_MONTH = 1,   /* "YYYY-MM", "YYYY" (year only), "" (no date) */
  JK_SD_TYPE = 2,    /* data type name, "" none */
  JK_SD_AUTH = 3,    /* authority name, "" none */
  JK_SD_PROD = 4,    /* product as stored, "" none */
  JK_SD_CARD = 5,    /* "yes" / "no" (a filter only) */
  JK_SD_VENDOR = 6,  /* "yes" / "no" (a filter only) */
  JK_SD_LPROD = 7,   /* lessons: product with its aliases folded, "" none */
  JK_SD_DISC = 8,    /* lessons: discovery kind, "" not told */
  JK_SD_EXPO = 9,    /* lessons: exposure bucket, "" not stated */
  JK_SD_DAYS = 10,   /* lessons: exposure in days (decimal), for the median */
  JK_SD_MEAS = 11,   /* lessons: measure kind, "" none */
  JK_SD_SET = 12,    /* lessons: setting or check rule id */
  JK_SD_COUNT
};

/* Recompute incident inc's keys from its headline values (merged: the
   record the store merges from its reports, the one function every
   headline value comes from) and its reports (rec[0..n), timeline order,
   with text), and queue the changes of the counts; they are written by
   jk_summary_flush before the transaction commits.  fresh: the incident
   was made in this transaction and has no summary stored yet.  out gets
   the incident's new summary blob (empty while a migration to step 12
   runs): the caller stores it in incidents.summary, in the same UPDATE
   as the incident's other columns. */
jk_rc jk_summary_update(jk_store *st, long long inc, const jk_record *merged, jk_record *const *reports, size_t n,
                        int fresh, jk_buf *out, jk_err *err);
/* Write the queued counts (called by jk_store_commit). */
jk_rc jk_summary_flush(jk_store *st, jk_err *err);
/* Fold the log of changes into the count tables (the end of an ingest:
   jk_store_tidy_index); its own transaction unless one is open. */
jk_rc jk_summary_fold(jk_store *st, jk_err *err);
/* Forget queued counts and cached key ids (called on rollback). */
void jk_summary_discard(jk_store *st);
/* Free what the store's summary state holds (jk_store_close). */
void jk_summary_free(jk_store *st);

/* ---- reading ------------------------------------------------------------ */

/* Counts per (category, key) over the incidents matching a query. */
typedef struct jk_sum_cell {
  long long n, people, people_ns;
  long long *first; /* lists: the first incident ids (ascending), nfirst of them */
  int nfirst;
} jk_sum_cell;

typedef struct jk_sum_set {
  int ncat;            /* JK_CAT_COUNT */
  long long nkeys;     /* key ids 1..nkeys-1 */
  int *dim;            /* per key id */
  char **key;          /* per key id */
  jk_sum_cell *cells;  /* [kid * ncat + c] */
  int scanned;         /* answered by reading the matching incidents */
  int list;            /* first N incident ids kept per (key) when scanned */
} jk_sum_set;

/* Read the counts for q (NULL: all).  list > 0: when the answer comes
   from a scan, keep the first list incident ids per key (cell c=0 holds
   the list over all categories).  JK_ETIMEOUT as every store read. */
jk_rc jk_summary_read(jk_store *st, const jk_query *q, int list, jk_sum_set *out, jk_err *err);
void jk_sum_set_free(jk_sum_set *s);
/* The cell of (c, kid); c = -1: summed over categories into *tmp. */
const jk_sum_cell *jk_sum_get(const jk_sum_set *s, int c, long long kid, jk_sum_cell *tmp);
/* The key id of (dim, key) in s, 0 if no incident has it. */
long long jk_sum_kid(const jk_sum_set *s, int dim, const char *key);

/* Incident ids behind one key, ascending from offset: category c (-1
   any) and no other filter; fn gets each id (non-zero stops). */
jk_rc jk_summary_list(jk_store *st, const jk_query *q, int dim, const char *key, long long offset, int limit,
                      int (*fn)(void *ctx, long long id), void *ctx, jk_err *err);
/* Can q be answered from the counts alone (else: a scan of its ids)? */
int jk_summary_answerable(const jk_query *q);
/* Does jk_summary_read answer q from the counts and a bounded number of
   incident rows (the counts alone, or a date range cut at a day: the
   incidents of the months it cuts)?  Else it reads every match. */
int jk_summary_bounded(const jk_query *q);

/* ---- lessons.c: the lessons keys of an incident -------------------------- */

/* Calls fn(ctx, dim, key) for each lessons key (JK_SD_LPROD .. JK_SD_SET)
   of an incident: merged its headline values, inc its reports. */
void jk_lessons_keys(const jk_record *merged, const jk_incident *inc,
                     void (*fn)(void *ctx, int dim, const char *key), void *ctx);

#endif /* JK_SUMMARY_H */
