/*
** taxii.h — the TAXII 2.1 resources of jikenbo's casebook (OASIS TAXII
** Version 2.1, OASIS Standard, 10 June 2021), built from the store with
** no I/O: the server (src/serve/taxii.c) parses a request, calls one of
** these and sends the bytes with the TAXII media type.
**
** The collection.  One API root holds one read-only collection,
** "casebook", whose objects are the STIX 2.1 export (lib/export_stix.c):
** jikenbo's identity, an identity per organisation, an incident per
** incident and a report per notice.  The objects are kept, with the time
** each was added, in the tables taxii_incident and taxii_object (schema
** step 11); jk_taxii_refresh brings them up to date with the casebook.
**
** Date added.  Each incident has a stored time, set when its STIX (its
** incident and report objects) first differs from what the table holds;
** its objects are added at that time plus 0, 1, 2… microseconds, and the
** shared identities at a time of their own when they change.  Every
** object's date_added is distinct and later than any before, so paging
** with added_after (or next) by the last date seen has no gap and no
** duplicate, and a changed incident comes back after everything a
** client has already read.
*/
#ifndef JK_TAXII_H
#define JK_TAXII_H

#include "jikenbo.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Media types (TAXII 2.1 section 1.6.8). */
#define JK_TAXII_MEDIA "application/taxii+json;version=2.1"
#define JK_STIX_MEDIA "application/stix+json;version=2.1"

/* Where things are: the discovery path, the API root below it, and the
   collection's alias (its id is a UUIDv5, jk_taxii_collection_id). */
#define JK_TAXII_DISCOVERY "/taxii2/"
#define JK_TAXII_ROOT "/taxii2/jikenbo/"
#define JK_TAXII_ALIAS "casebook"

/* Page sizes: limit= defaults to 100 and is capped at 1000. */
#define JK_TAXII_DEFAULT_LIMIT 100
#define JK_TAXII_MAX_LIMIT 1000
/* At most this many values in one match[...] list, each at most 200 bytes. */
#define JK_TAXII_MAX_MATCH 64
/* max_content_length of the API root: the largest POST accepted (none is:
   the collection is read-only; this is the server's request body cap). */
#define JK_TAXII_MAX_CONTENT 1048576

/* The collection's id: UUIDv5 of "taxii-collection:casebook". */
const char *jk_taxii_collection_id(void);
/* Is s the collection's id or its alias? */
int jk_taxii_collection_is(const char *s);

/* ---- timestamps ----------------------------------------------------------- */

/*
** Parse a TAXII/STIX timestamp, RFC 3339 in UTC: YYYY-MM-DDTHH:MM:SS
** with an optional fraction (up to 9 digits, truncated to microseconds)
** and a final Z (t or z too).  *us gets microseconds since the epoch.
** Returns 0, or -1 for anything else (no offsets, no leap seconds).
*/
int jk_taxii_ts_parse(const char *s, long long *us);
/* us as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (microsecond precision). */
void jk_taxii_ts_format(long long us, char out[32]);

/* ---- keeping the collection current --------------------------------------- */

typedef struct jk_taxii_sync {
  long long incidents;  /* incidents in the casebook */
  long long objects;    /* objects in the collection after the refresh */
  long long added;      /* objects (re-)added with a new date_added */
  long long removed;    /* objects of incidents no longer in the casebook */
} jk_taxii_sync;

/*
** Bring the collection up to date: build every incident's STIX objects,
** and where they differ from the stored ones (or are new) store them with
** a new date_added, no earlier than now_us and later than every date
** already stored; drop the objects of incidents that are gone.  One
** transaction on st (opened for writing), so readers see the old
** collection or the new one.  stats may be NULL.
*/
jk_rc jk_taxii_refresh(jk_store *st, long long now_us, jk_taxii_sync *stats, jk_err *err);

/* ---- requests ------------------------------------------------------------- */

/*
** The filters of GET …/objects/, …/manifest/, …/objects/{id}/ and
** …/versions/ (TAXII 2.1 section 3.4).  Lists point into buf.
*/
typedef struct jk_taxii_query {
  long long after_us;  /* added_after, or next: objects added later; -1 none */
  int limit;           /* 1..JK_TAXII_MAX_LIMIT */
  const char *types[JK_TAXII_MAX_MATCH];
  int ntypes;
  const char *ids[JK_TAXII_MAX_MATCH];
  int nids;
  long long versions[JK_TAXII_MAX_MATCH]; /* match[version] timestamps */
  int nversions;       /* 0: last (= first = all: one version is kept) */
  const char *specs[JK_TAXII_MAX_MATCH];  /* match[spec_version] */
  int nspecs;
  char buf[4 * 1024];
} jk_taxii_query;

/* Which parameters an endpoint takes. */
#define JK_TAXII_P_PAGING 1u /* added_after, limit, next */
#define JK_TAXII_P_TYPE_ID 2u /* match[type], match[id] */
#define JK_TAXII_P_VERSION 4u /* match[version], match[spec_version] */

/*
** Fill q from the request's parameters (keys[i] = vals[i], n of them),
** allowing those of the mask.  Another match[<field>] is ignored (TAXII
** 2.1 section 3.4: a server ignores filters it does not support); any
** other parameter, a bad value or an over-long list is JK_EINVAL with
** err naming the parameter and what it takes.
*/
jk_rc jk_taxii_query_parse(const char *const *keys, const char *const *vals, int n, unsigned mask,
                           jk_taxii_query *q, jk_err *err);

/* What a page held: for the X-TAXII-Date-Added-First/Last headers. */
typedef struct jk_taxii_page {
  long long count;
  int more;
  long long first_us, last_us; /* date_added of the first and last object; -1 none */
} jk_taxii_page;

typedef enum jk_taxii_what {
  JK_TAXII_ENVELOPE = 0, /* the objects (section 3.7) */
  JK_TAXII_MANIFEST,     /* manifest records (section 5.3.1) */
  JK_TAXII_VERSIONS      /* versions of one object (section 5.8.1) */
} jk_taxii_what;

/*
** One page of the collection, oldest date_added first, as the resource
** what: an envelope {"more":…,"next":…,"objects":[…]}, a manifest
** {"more":…,"objects":[{"id","date_added","version","media_type"}…]},
** or versions {"more":…,"versions":[…]}.  id (may be NULL) restricts it
** to one object; JK_ENOTFOUND when that object is not in the
** collection (or none of it matches the filters).
*/
jk_rc jk_taxii_page_json(jk_store *st, jk_taxii_what what, const char *id, const jk_taxii_query *q, jk_buf *out,
                         jk_taxii_page *page, jk_err *err);

/* The discovery resource (section 4.1.1); base is "http://host:port". */
void jk_taxii_discovery_json(const char *base, jk_buf *out);
/* The API root resource (section 4.2.1). */
void jk_taxii_api_root_json(jk_buf *out);
/* The collections resource (5.1.1) and the collection resource (5.2.1). */
void jk_taxii_collections_json(jk_buf *out);
void jk_taxii_collection_json(jk_buf *out);
/* The error resource (section 3.6.1) with http_status. */
void jk_taxii_error_json(unsigned status, const char *title, const char *description, jk_buf *out);

#ifdef __cplusplus
}
#endif
#endif /* JK_TAXII_H */
