/*
** share.h — sharing incidents with other tools: STIX 2.1, MISP and VERIS
** 1.4 exports, STIX/MISP imports, deterministic UUIDs (UUIDv5), and the
** mapping tables between jikenbo's vocabulary and those formats.
**
** Files: export.c (what the exporters share: an incident's facts merged
** from its reports, timestamps), export_stix.c, export_misp.c,
** export_veris.c, mapping.c (the tables, as data), uuid.c, import.c.
**
** Every exporter is a pure function of the incidents it is given (see
** jk_incident in store.h): no clock, no randomness, so exporting the same
** database twice writes the same bytes, and ids are UUIDv5 of stable
** content, so a tool that imports a re-export updates objects instead of
** duplicating them.
*/
#ifndef JK_SHARE_H
#define JK_SHARE_H

#include "jikenbo.h"
#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* UUIDv5 (uuid.c)                                                     */
/* ------------------------------------------------------------------ */

/*
** jikenbo's UUIDv5 namespace, generated once (uuid4) and never to be
** changed: every id jikenbo exports is UUIDv5(this, "kind:content").
*/
#define JK_UUID_NAMESPACE "564ac671-9e19-4c2b-b42c-aead0e7afc95"

/*
** UUIDv5 (RFC 9562: SHA-1 of namespace bytes + name) of name[0..n) in the
** namespace ns (a UUID string; NULL means JK_UUID_NAMESPACE).  out gets 36
** lower-case characters and a NUL.  Returns JK_EINVAL for a malformed ns.
*/
jk_rc jk_uuid5(const char *ns, const char *name, size_t n, char out[37]);

/* Convenience: UUIDv5 in jikenbo's namespace of "kind:" + name. */
jk_rc jk_uuid5_kind(const char *kind, const char *name, char out[37]);

/* ------------------------------------------------------------------ */
/* Exports (export_*.c)                                                */
/* ------------------------------------------------------------------ */

typedef enum jk_share_format {
  JK_SHARE_STIX = 0, /* STIX 2.1 bundle with the Incident Core Extension */
  JK_SHARE_MISP,     /* MISP core format, one {"Event": …} per incident */
  JK_SHARE_VERIS     /* VERIS 1.4 JSON, one per incident */
} jk_share_format;

/* "stix", "misp", "veris" -> format; -1 when unknown. */
int jk_share_format_parse(const char *name);
const char *jk_share_format_name(jk_share_format f);

/*
** STIX 2.1: one bundle, written as a stream.  begin writes the header and
** jikenbo's own identity; add writes an incident's objects (organisation
** identity once per bundle, incident with the Incident Core Extension, a
** report per notice); end writes the footer with the bundle id (UUIDv5 of
** every object id written) and frees w.  The caller may flush and reset
** out between calls.  Errors: JK_ENOMEM only.
*/
typedef struct jk_stix_writer jk_stix_writer;
jk_rc jk_stix_begin(jk_buf *out, jk_stix_writer **w);
jk_rc jk_stix_add(jk_stix_writer *w, const jk_incident *inc, jk_buf *out);
jk_rc jk_stix_end(jk_stix_writer *w, jk_buf *out);
void jk_stix_free(jk_stix_writer *w); /* after an error, instead of end */

/* MISP: one complete {"Event": …} document for the incident (no newline). */
jk_rc jk_misp_event(const jk_incident *inc, jk_buf *out);

/*
** A MISP feed (the "MISP Feed" format a MISP instance's Add feed pulls:
** manifest.json, one <uuid>.json event per incident, hashes.csv), built in
** memory (misp_feed.c).  Add each incident; jk_misp_feed_add gives the
** event file's bytes (jk_misp_event and a newline: the same event as
** `export --format misp`) and its uuid, and keeps its manifest entry
** (info, date, analysis, threat_level_id, timestamp, Orgc, Tag) and the
** MD5 of each attribute value for hashes.csv ("md5,event-uuid" lines).
*/
typedef struct jk_misp_feed jk_misp_feed;
jk_rc jk_misp_feed_new(jk_misp_feed **out);
jk_rc jk_misp_feed_add(jk_misp_feed *f, const jk_incident *inc, jk_buf *event, char uuid[37]);
/* manifest.json: {"<uuid>": {…}, …} in the order added, with a newline. */
jk_rc jk_misp_feed_manifest(const jk_misp_feed *f, jk_buf *out);
/* hashes.csv. */
jk_rc jk_misp_feed_hashes(const jk_misp_feed *f, jk_buf *out);
/* Events added so far. */
size_t jk_misp_feed_count(const jk_misp_feed *f);
void jk_misp_feed_free(jk_misp_feed *f);

/* VERIS 1.4: one complete incident document (no newline). */
jk_rc jk_veris_incident(const jk_incident *inc, jk_buf *out);

/*
** File name for the incident's document in a one-file-per-incident export
** (MISP, VERIS): "<uuid>.json", the document's own id.
*/
void jk_share_file_name(jk_share_format f, const jk_incident *inc, char out[48]);

/* ------------------------------------------------------------------ */
/* Imports (import.c)                                                  */
/* ------------------------------------------------------------------ */

/* Limits on what import reads; over a limit is JK_ETOOBIG naming it. */
#define JK_IMPORT_MAX_BYTES (256u << 20)  /* whole file */
#define JK_IMPORT_MAX_DEPTH 64            /* JSON nesting */
#define JK_IMPORT_MAX_STRING JK_MAX_SEGMENT /* any one string (a notice) */
#define JK_IMPORT_MAX_NAME 1024           /* names, titles, ids */

/*
** What an import file holds: incidents with their reports rebuilt as
** records (cause from the VERIS tag / label, counts, data kinds,
** organisation, dates, source, notice text).  Owns everything.
*/
typedef struct jk_import jk_import;

/*
** Parse a STIX 2.1 bundle (JK_SHARE_STIX) or MISP events (JK_SHARE_MISP:
** one {"Event": …}, JSON Lines of them, {"response": [...]} or an array)
** as written by the exporters.  Objects of other types are skipped.
** Errors name the JSON path and what was expected
** ("objects[3].extensions.extension-definition--….confidentiality_impacts[0].record_count:
** expected an integer, got a string"), or the byte/line of a syntax error;
** nothing is returned on error.
*/
jk_rc jk_import_parse(jk_share_format f, const char *json, size_t len, jk_import **out, jk_err *err);
/* Move every incident of from into into (files imported together); frees
   from.  JK_ENOMEM leaves both as they were. */
jk_rc jk_import_append(jk_import *into, jk_import *from);
size_t jk_import_count(const jk_import *im);
const jk_incident *jk_import_get(const jk_import *im, size_t i);
void jk_import_free(jk_import *im);

/* What jk_import_store did. */
typedef struct jk_import_stats {
  long long incidents; /* incidents in the file */
  long long notices;   /* reports in the file */
  long long added;     /* notices stored new */
  long long duplicate; /* notices already in the database (nothing added) */
} jk_import_stats;

/*
** Store every report of im in st, in one transaction: all or nothing.
** Each report becomes a document (source "import:<format>:<source>")
** with one notice, its record as imported.  The same file imported again
** adds nothing (notices are keyed by their text).
*/
jk_rc jk_import_store(jk_store *st, const jk_import *im, const char *file_name, jk_import_stats *stats,
                      jk_err *err);

#ifdef __cplusplus
}
#endif
#endif /* JK_SHARE_H */
