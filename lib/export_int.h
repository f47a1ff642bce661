/*
** export_int.h — what the STIX, MISP and VERIS exporters (and import.c)
** share: an incident's facts merged from its reports, deterministic
** timestamps, and small JSON-writing helpers.  Internal to libjikenbo.
*/
#ifndef JK_EXPORT_INT_H
#define JK_EXPORT_INT_H

#include "mapping.h"
#include "share.h"

#include <stdbool.h>

/*
** An incident as one set of facts, merged as the store merges them for
** show and search (store.c): reports are oldest first; names and dates
** come from the first report that states them, the cause and the
** head-count from the latest (follow-ups correct both); sets and flags
** are unions.
*/
typedef struct jk_facts {
  const char *label;       /* display id (2023-446, J-12) */
  const char *casebook_id; /* first stated casebook number, or NULL */
  const char *org;         /* first stated, or NULL */
  const char *title;       /* first report's title, or NULL */
  jk_category category;    /* latest report's cause other than "other" */
  long long affected;      /* latest stated; -1 none */
  uint32_t data_types, reported_to;
  int card, vendor;
  jk_date discovered;      /* first stated */
  jk_date exposure_from, exposure_to; /* first stated */
  bool possible;           /* a report says exposure is only possible */
  const jk_discovery_map *discovery; /* first stated in any report */
  const jk_org_map *industry;        /* from the organisation's name */
  char uuid[37];           /* UUIDv5 of "incident:" + label */
  char created[32], modified[32]; /* earliest / latest report time */
} jk_facts;

void jk_facts_of(const jk_incident *inc, jk_facts *f);

/* A fixed time for objects that describe no notice (identities). */
#define JK_EPOCH_TS "1970-01-01T00:00:00.000Z"

/*
** The time of report i as "YYYY-MM-DDTHH:MM:SS.000Z": its notice date at
** midnight UTC, else the time it was fetched/ingested, else JK_EPOCH_TS.
*/
void jk_report_time(const jk_incident *inc, size_t i, char out[32]);

/* Seconds since the epoch of such a timestamp (0 if unreadable). */
long long jk_ts_epoch(const char *ts);

/* The canonical form of an organisation name for ids: no white space. */
void jk_org_canonical(const char *org, jk_buf *out);

/* Does the string look like a URL we may put where a URI is expected? */
bool jk_is_url(const char *s);

/* JSON writing: "key": then a value.  *first tracks the comma. */
void jk_jkey(jk_buf *b, const char *k, int *first);
void jk_jstr(jk_buf *b, const char *s); /* quoted; NULL writes null */

#endif /* JK_EXPORT_INT_H */
