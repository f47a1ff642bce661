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
** An incident as one set of facts: its headline (jk_incident_headline,
** incident.c: the victim, values from the victim's own reports first;
** the store's, headline corrections applied, when the incident comes
** from the store), plus what the exporters read from the notice texts.
** created is the earliest report time, modified the latest report time
** or the incident's last change (a correction, a re-extraction that
** changed a record), whichever is later.  Free with jk_facts_free.
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
  jk_date published;       /* the headline's notice date */
  char created[32], modified[32]; /* earliest report time / latest change */
  jk_headline own;         /* the headline computed here (no store headline) */
} jk_facts;

void jk_facts_of(const jk_incident *inc, jk_facts *f);
void jk_facts_free(jk_facts *f);

/* Report i's modified time: its report time (jk_report_time), or its
   last correction or changing re-extraction when later. */
void jk_report_modified(const jk_incident *inc, size_t i, char out[32]);

/*
** Where report i came from, for every export's references: the notice's
** URL (NULL when none is known), the path it was read from (NULL for a
** URL), the SHA-256 of the document's bytes, and when jikenbo fetched it
** (NULL for a file: when it was saved is not known).
*/
typedef struct jk_provenance_t {
  const char *url, *path, *source, *sha256, *retrieved;
  char retrieved_buf[32];
} jk_provenance_t;
void jk_provenance(const jk_incident *inc, size_t i, jk_provenance_t *p);

/* A fixed time for objects that describe no notice (identities). */
#define JK_EPOCH_TS "1970-01-01T00:00:00.000Z"

/*
** The time of report i as "YYYY-MM-DDTHH:MM:SS.000Z": its notice date at
** midnight UTC, else when it was first seen (fetched or ingested: an
** undated notice's date is not invented), else JK_EPOCH_TS.  Whether the
** notice was dated: inc->reports[i]->published.y.
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
