/*
** jikenbo.h — the public interface of libjikenbo.
**
** libjikenbo turns Japanese data-breach notices into structured,
** evidence-backed incident records.  It knows nothing of terminals, files
** or sockets: every function takes buffers and returns structs or result
** codes.  The CLI (src/), the HTTP server and the tests are thin callers.
**
** The pipeline, one file per stage:
**
**   raw bytes --normalize.c--> NFKC lines --split.c--> segments (notices)
**             --extract*.c--> jk_record --record_json.c / store.c--> out
**
** Conventions: public names start with jk_ / JK_; functions that can fail
** return a jk_rc and, where given a jk_err, fill it with a message that
** names the place (file, line, byte offset) and what to do.  Whoever
** allocates frees: each *_new / *_open has its *_free / *_close.
*/
#ifndef JIKENBO_H
#define JIKENBO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define JK_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Result codes                                                        */
/* ------------------------------------------------------------------ */
typedef enum jk_rc {
  JK_OK = 0,        /* success */
  JK_ENOMEM = 1,    /* allocation failed */
  JK_EINVAL = 2,    /* bad argument or malformed input */
  JK_EIO = 3,       /* storage or read/write failure */
  JK_ENOTFOUND = 4, /* no such incident / notice / file */
  JK_EDB = 5,       /* database error (message says which) */
  JK_ETOOBIG = 6,   /* input over a documented limit */
  JK_EUNSUP = 7,    /* unsupported format or feature */
  JK_EREADONLY = 8, /* database or file is read-only */
  JK_EFULL = 9,     /* disk full */
  JK_EBUSY = 10,    /* database locked by another writer for too long */
  JK_ETIMEOUT = 11  /* a query ran past the deadline set on the store */
} jk_rc;

/* A filled-in error: code plus a human message (names place + remedy). */
typedef struct jk_err {
  jk_rc rc;
  char msg[512];
} jk_err;

/* Return a short constant name for rc ("ENOMEM", ...). */
const char *jk_rc_name(jk_rc rc);

/* Set e (if non-NULL) to rc with a printf-style message; returns rc. */
jk_rc jk_err_set(jk_err *e, jk_rc rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ------------------------------------------------------------------ */
/* Growable byte buffer                                                */
/* ------------------------------------------------------------------ */
typedef struct jk_buf {
  char *p;    /* always NUL-terminated when cap>0 */
  size_t len; /* bytes used, not counting the NUL */
  size_t cap;
  int oom;    /* sticky: an append failed for memory (content incomplete) */
} jk_buf;

void jk_buf_init(jk_buf *b);
void jk_buf_free(jk_buf *b);
void jk_buf_reset(jk_buf *b);                  /* len=0, keep memory */
jk_rc jk_buf_reserve(jk_buf *b, size_t extra); /* room for extra bytes */
jk_rc jk_buf_append(jk_buf *b, const void *p, size_t n);
jk_rc jk_buf_puts(jk_buf *b, const char *s);
jk_rc jk_buf_putc(jk_buf *b, char c);
jk_rc jk_buf_printf(jk_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Take ownership of the bytes (caller frees); b is left empty. */
char *jk_buf_detach(jk_buf *b, size_t *len);

/* ------------------------------------------------------------------ */
/* Arena: one per notice/record; everything in it is freed at once.    */
/* ------------------------------------------------------------------ */
typedef struct jk_arena jk_arena;
jk_arena *jk_arena_new(void);
void jk_arena_free(jk_arena *a);
void *jk_arena_alloc(jk_arena *a, size_t n); /* zeroed; NULL on OOM */
char *jk_arena_strndup(jk_arena *a, const char *s, size_t n);
char *jk_arena_strdup(jk_arena *a, const char *s);

/* ------------------------------------------------------------------ */
/* Diagnostics: warnings collected while reading input.                */
/* ------------------------------------------------------------------ */
typedef struct jk_diag {
  int line;           /* 1-based line in the source document (0: n/a) */
  long long offset;   /* byte offset in the source document (-1: n/a) */
  char msg[240];
} jk_diag;

typedef struct jk_diags {
  jk_diag *v;
  size_t n, cap;
  size_t dropped; /* warnings beyond the cap (counted, not stored) */
} jk_diags;

void jk_diags_init(jk_diags *d);
void jk_diags_free(jk_diags *d);
void jk_diags_add(jk_diags *d, int line, long long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* ------------------------------------------------------------------ */
/* Normalisation (normalize.c)                                         */
/* ------------------------------------------------------------------ */
/*
** NFKC (utf8proc) plus: control characters other than TAB/LF dropped
** (so CRLF reads as LF), invalid UTF-8 replaced by U+FFFD (each reported
** in diags with its byte offset when diags is non-NULL), wave dash and
** minus folded to ~ and -.  Line structure is preserved: the output has
** exactly as many LFs as the input, so line numbers agree between raw and
** normalised text.
*/
jk_rc jk_normalize(const char *in, size_t len, jk_buf *out, jk_diags *diags);

/* Number of bytes of valid UTF-8 at the start of p (stops at first bad). */
size_t jk_utf8_valid_prefix(const char *p, size_t len);
/* Decode one code point at p; returns bytes used (0 if invalid/short). */
int jk_utf8_decode(const char *p, size_t len, uint32_t *cp);

/* ------------------------------------------------------------------ */
/* Records                                                             */
/* ------------------------------------------------------------------ */

/* A byte span in the normalised notice text; len==0 means no evidence. */
typedef struct jk_span {
  uint32_t off;
  uint32_t len;
} jk_span;

/* A calendar date; y==0 means not stated. */
typedef struct jk_date {
  int y, m, d;
} jk_date;

/* Cause taxonomy (VERIS-aligned), see ../shared/gold/SCHEMA.md. */
typedef enum jk_category {
  JK_CAT_OTHER = 0,
  JK_CAT_MISDELIVERY,
  JK_CAT_MISCONFIGURATION,
  JK_CAT_PUBLISHING_ERROR,
  JK_CAT_PROGRAMMING_ERROR,
  JK_CAT_LOSS,
  JK_CAT_HACKING,
  JK_CAT_RANSOMWARE,
  JK_CAT_MALWARE,
  JK_CAT_MISUSE,
  JK_CAT_THEFT,
  JK_CAT_COUNT
} jk_category;

const char *jk_category_name(jk_category c);      /* "misdelivery" ... */
int jk_category_parse(const char *s);            /* -1 if unknown */

/* Kinds of personal data, as bits of jk_record.data_types. */
typedef enum jk_data_type {
  JK_DT_NAME = 0,
  JK_DT_ADDRESS,
  JK_DT_PHONE,
  JK_DT_EMAIL,
  JK_DT_BIRTHDATE,
  JK_DT_GENDER,
  JK_DT_CARD,
  JK_DT_PASSWORD,
  JK_DT_LOGIN_ID,
  JK_DT_MYNUMBER,
  JK_DT_BANK,
  JK_DT_HEALTH,
  JK_DT_EMPLOYMENT,
  JK_DT_SCHOOL,
  JK_DT_MESSAGE,
  JK_DT_LOCATION,
  JK_DT_OTHER,
  JK_DT_COUNT
} jk_data_type;

const char *jk_data_type_name(jk_data_type t); /* "name", "address" ... */
int jk_data_type_parse(const char *s);         /* -1 if unknown */

/* Authorities a notice says were told, as bits of jk_record.reported_to. */
typedef enum jk_authority {
  JK_AUTH_MINISTRY = 0,
  JK_AUTH_PMARK,
  JK_AUTH_POLICE,
  JK_AUTH_PPC,
  JK_AUTH_COUNT
} jk_authority;

const char *jk_authority_name(jk_authority a); /* "ppc", "police" ... */
int jk_authority_parse(const char *s);

/* The SCHEMA.md fields, for per-field values such as confidence. */
typedef enum jk_field {
  JK_F_CASEBOOK_ID = 0,
  JK_F_ORG,
  JK_F_PUBLISHED,
  JK_F_REPORT_SEQ,
  JK_F_CATEGORY,
  JK_F_AFFECTED,
  JK_F_CARD,
  JK_F_DATA_TYPES,
  JK_F_REPORTED_TO,
  JK_F_VENDOR,
  JK_F_COUNT
} jk_field;

const char *jk_field_name(jk_field f); /* "casebook_id", "org" ... */
int jk_field_parse(const char *s);     /* -1 if unknown */

/* Values under this confidence are shown as "review first". */
#define JK_CONF_LOW 0.5f

/* A string value with its evidence. */
typedef struct jk_item {
  const char *text; /* in the record's arena */
  jk_span ev;
} jk_item;

typedef struct jk_items {
  jk_item *v;
  size_t n, cap;
} jk_items;

/*
** One extracted notice.  All strings live in the arena; free with
** jk_record_free().  "Not stated" is explicit: published.y==0,
** affected<0, org==NULL, etc.
*/
typedef struct jk_record {
  jk_arena *arena;

  /* Where the notice is. */
  const char *source_file; /* display name, may be NULL */
  int heading_line;        /* 1-based line of the heading in the file */
  int first_line;          /* 1-based first line of the segment */
  int last_line;           /* 1-based last line of the segment */
  int title_line;          /* 1-based line of the title when a letterhead
                              (date, addressee, issuer) stands above it
                              as its heading, else 0 */
  const char *text;        /* normalised notice text (spans refer to it) */
  size_t text_len;

  /* The SCHEMA.md fields. */
  const char *casebook_id; jk_span casebook_id_ev;  /* "2023-295" or NULL */
  const char *org;         jk_span org_ev;          /* NULL: not named */
  jk_date published;       jk_span published_ev;
  int report_seq;          jk_span report_seq_ev;   /* 1 = first report */
  jk_category category;    jk_span category_ev;
  long long affected;      jk_span affected_ev;     /* -1: not stated */
  int card;                jk_span card_ev;         /* 0/1 */
  uint32_t data_types;     jk_span data_type_ev[JK_DT_COUNT];
  uint32_t reported_to;    jk_span reported_to_ev[JK_AUTH_COUNT];
  int vendor;              jk_span vendor_ev;       /* 0/1 */

  /* What an analyst also wants. */
  const char *title;       jk_span title_ev;
  jk_date exposure_from;   jk_date exposure_to;  jk_span exposure_ev;
  jk_date discovered;      jk_span discovered_ev;
  jk_items products;       /* services/products involved */
  jk_items measures;       /* recurrence-prevention measures */
  jk_items anomalies;      /* printed errors noticed (free text) */

  /* How sure the extractor is of each SCHEMA.md field, 0..1 (a "not
     stated" is as sure as a value); fields under JK_CONF_LOW are what an
     analyst reviews first.  0 everywhere in a record read back from JSON
     written before confidence existed. */
  float confidence[JK_F_COUNT];
  /* The issuer that scored second, with its evidence (NULL: none). */
  const char *org_alt;     jk_span org_alt_ev;
} jk_record;

void jk_record_free(jk_record *r);

/* Format a date as YYYY-MM-DD (or YYYY-MM / YYYY); buf >= 11 bytes. */
const char *jk_date_format(jk_date d, char *buf, size_t n);
/* Parse YYYY-MM-DD / YYYY-MM / YYYY; returns 0 on success, -1 for anything
   else, a day that is not in the calendar included (2023-02-30, 2023-00). */
int jk_date_parse_iso(const char *s, jk_date *d);

/* ------------------------------------------------------------------ */
/* Splitting (split.c)                                                 */
/* ------------------------------------------------------------------ */

/* A piece of a document: one notice, or a post that is not a notice. */
typedef struct jk_segment {
  const char *text;  /* normalised UTF-8, LF line ends */
  size_t len;
  const char *raw;   /* the original bytes of these lines */
  size_t raw_len;
  int first_line;    /* 1-based line where the segment starts */
  int heading_line;  /* 1-based line of its heading */
  int last_line;
  long long raw_offset; /* byte offset of raw in the document */
  int title_line;    /* 1-based line of the title when not the heading line
                        (a letter that opens with its date), else 0 */
  int is_notice;     /* 1: a breach notice; 0: another kind of post */
  const char *why;   /* constant text: how it was found / why skipped */
  int truncated;     /* 1: cut at the size limit, the rest follows */
  const char *publisher; /* the site that published the page (og:site_name,
                            title suffix, footer ©) when it came from the
                            web; NULL for plain text.  Set by the caller; a
                            candidate issuer with a feature of its own. */
} jk_segment;

/* Called once per segment, in document order.  Return non-zero to stop. */
typedef int (*jk_segment_fn)(void *ctx, const jk_segment *seg);

/*
** Streaming reader: feed raw bytes in any chunks; segments are delivered
** to fn as soon as they are complete.  Memory is bounded by the largest
** segment (itself capped at JK_MAX_SEGMENT, after which it is cut and the
** rest delivered as a following segment with a warning).
*/
#define JK_MAX_SEGMENT (8u << 20)
#define JK_MAX_LINE (1u << 20)

typedef struct jk_splitter jk_splitter;
jk_splitter *jk_splitter_new(jk_segment_fn fn, void *ctx, jk_diags *diags);
jk_rc jk_splitter_feed(jk_splitter *s, const char *p, size_t n);
jk_rc jk_splitter_finish(jk_splitter *s);
void jk_splitter_free(jk_splitter *s);

/* Convenience: split a whole buffer. */
jk_rc jk_split_buffer(const char *p, size_t n, jk_segment_fn fn, void *ctx,
                      jk_diags *diags);

/* ------------------------------------------------------------------ */
/* Extraction (extract.c and extract_*.c)                              */
/* ------------------------------------------------------------------ */

/*
** Extract one record from a notice segment.  The record copies what it
** needs (text included) into its own arena.  Returns JK_OK or JK_ENOMEM.
*/
jk_rc jk_extract(const jk_segment *seg, const char *source_file,
                 jk_record **out);

/* Extract from the text of one notice (heading on its first line); the
   text is normalised first, and evidence spans refer to r->text. */
jk_rc jk_extract_text(const char *text, size_t len, jk_record **out);

/* ------------------------------------------------------------------ */
/* Number and date parsing (extract_number.c, extract_date.c)          */
/* ------------------------------------------------------------------ */

/*
** Parse a Japanese-written number at p: 約596万, 1万, 2,849, 304 万,
** 4,034, 三百二十, 1.5万.  Returns bytes consumed (0: no number); *value
** gets the value (saturating at INT64_MAX with *overflow=1).
*/
size_t jk_parse_number(const char *p, size_t len, long long *value,
                       int *overflow);

/*
** Parse a date at p: 2023年7月12日, 2023 年 7 月 5 日, 令和5年7月14日,
** 2023/7/18, 7/18(火), 7月18日.  ctx_year fills a missing year (0: leave
** it 0).  Returns bytes consumed (0: no date).  Impossible dates (month
** 13, day 45) are rejected.
*/
size_t jk_parse_date(const char *p, size_t len, int ctx_year, jk_date *d);

/* ------------------------------------------------------------------ */
/* JSON output (record_json.c)                                         */
/* ------------------------------------------------------------------ */

/* Append a JSON string literal (quoted, escaped) to b. */
jk_rc jk_json_str(jk_buf *b, const char *s, size_t n);

/*
** Append the record as one JSON object (no trailing newline).  Flags:
** JK_JSON_EVIDENCE adds the "evidence" map, JK_JSON_TEXT adds "text".
*/
#define JK_JSON_EVIDENCE 1u
#define JK_JSON_TEXT 2u
jk_rc jk_record_to_json(const jk_record *r, unsigned flags, jk_buf *b);

/* ------------------------------------------------------------------ */
/* Evaluation against gold labels (eval.c)                             */
/* ------------------------------------------------------------------ */
typedef struct jk_eval jk_eval;
jk_eval *jk_eval_new(void);
void jk_eval_free(jk_eval *ev);
/* Load gold JSONL (one object per line); errors name the line. */
jk_rc jk_eval_load_gold(jk_eval *ev, const char *jsonl, size_t len,
                        jk_err *err);
/* Add one extracted record (source file base name + heading line). */
jk_rc jk_eval_add(jk_eval *ev, const jk_record *r);
/* Restrict scoring to gold notices of these files (call per file). */
void jk_eval_note_file(jk_eval *ev, const char *base_name);

typedef struct jk_eval_field {
  const char *name;
  double score; /* share right (sets: mean F1) over matched gold notices */
  int n;        /* gold notices scored */
} jk_eval_field;

typedef struct jk_eval_report {
  double detect_p, detect_r, detect_f1;
  int gold_n, pred_n, matched_n;
  jk_eval_field fields[16];
  int nfields;
  double mean;
} jk_eval_report;

void jk_eval_report_get(jk_eval *ev, jk_eval_report *rep);
/* Write a per-notice list of mismatches (for tuning) to b: one line per
   wrong field, FILE:LINE<TAB>field<TAB>gold=…<TAB>got=…, short enough to
   diff before and after a rule change. */
void jk_eval_mismatches(jk_eval *ev, jk_buf *b);
/*
** Write the misses for a reviewer to b, in file and line order, one line
** each, fields separated by two spaces:
**   FILE:LINE  field  gold=V  got=V  evidence="TEXT"|(none)  confidence=C
** (C as the record JSON writes it, marked "(low: flagged for review)"
** under JK_CONF_LOW, or "unknown" when the record's confidences are all
** 0); then runner_up="…" for the issuer, record_line=N when the record's
** heading is not the gold line, gold_line=N (the label in the gold file).
** For a set the evidence is the text behind each member the gold lacks,
** and missing=[…] names the members the record lacks.
** A gold notice no record matched is "FILE:LINE  notice  gold=notice
** got=(none)" with the nearest record; a record no gold matched is
** "FILE:LINE  notice  gold=(none)  got=notice" with its title.  Ends with
** one line of counts, "errors: N wrong fields in N notices, …".
*/
void jk_eval_errors(jk_eval *ev, jk_buf *b);

#ifdef __cplusplus
}
#endif
#endif /* JIKENBO_H */
