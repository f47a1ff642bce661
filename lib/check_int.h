/*
** check_int.h — objects shared by the check*.c files but not published:
** the JSON scanner (check_json.c), the subject a rule looks at, and the
** readers of security-rules text (check_firebase.c).
*/
#ifndef JK_CHECK_INT_H
#define JK_CHECK_INT_H

#include "check.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* ---- check_json.c: a validating scanner over JSON bytes ---------------- */

/*
** Validate p[0..n) as exactly one JSON value, iteratively (no recursion),
** refusing nesting deeper than max_depth.  Comments (// and / * * /) count
** as white space because Firebase's rules files carry them.  On error,
** err says "NAME:LINE:COL: malformed JSON: what, and what to do"; an
** input that ends inside a value is called truncated.
*/
jk_rc jk_json_check(const char *p, size_t n, int max_depth, const char *name, jk_err *err);

/* Skip white space and comments from i; returns the next byte's index. */
size_t jk_json_ws(const char *p, size_t n, size_t i);
/* End (exclusive) of the value that starts at i, in validated input. */
size_t jk_json_end(const char *p, size_t n, size_t i);

/* Iteration over an object's members or an array's elements (validated). */
typedef struct jk_jiter {
  const char *p;
  size_t n, i;
  int started;
} jk_jiter;

/* open is the index of the '{' or '['. */
void jk_jiter_init(jk_jiter *it, const char *p, size_t n, size_t open);
/* Next member: key bytes [*ks, *ks+*kn) without quotes (escapes kept),
   value [*vs, *ve).  Returns 0 at the end. */
int jk_jobj_next(jk_jiter *it, size_t *ks, size_t *kn, size_t *vs, size_t *ve);
/* Next element [*vs, *ve).  Returns 0 at the end. */
int jk_jarr_next(jk_jiter *it, size_t *vs, size_t *ve);
/* Find member key in the object opening at open; value range or 0. */
int jk_jobj_find(const char *p, size_t n, size_t open, const char *key, size_t *vs, size_t *ve);

/* Line and column (1-based, columns in code points) of byte offsets, for
   offsets visited in increasing order (an earlier one restarts). */
typedef struct jk_linecur {
  const char *p;
  size_t n;
  size_t off;    /* the last offset asked for */
  int line, col; /* its position */
} jk_linecur;

void jk_linecur_init(jk_linecur *c, const char *p, size_t n);
void jk_linecur_at(jk_linecur *c, size_t off, int *line, int *col);

/* Parse [s, e) with cJSON (retrying without comments); NULL on failure. */
cJSON *jk_json_parse_range(const char *p, size_t s, size_t e);

/* Append a JSON pointer token (with ~0 ~1 escaping) as "/tok". */
jk_rc jk_json_pointer_add(jk_buf *b, const char *tok, size_t n);

/* ---- check.c: what the readers hand to the rule engine ------------------ */

/* One object a rule looks at: an element of the export, or facts a reader
   made up from it (an "allow" statement, a policy statement). */
typedef struct jk_subject {
  const cJSON *obj;
  const char *pointer; /* JSON pointer or match path */
  const char *name;    /* display name ("" if none) */
  const char *detail;  /* what a finding shows as seen (NULL: the values
                          the rule's conditions tested) */
  int line, col;       /* 0: unknown */
  long long at;        /* byte offset in the file, or -1; when line is 0
                          the engine computes line and column from it, and
                          only for subjects with findings */
} jk_subject;

/* The engine, handed to readers: evaluate every rule of the run's format
   on one subject and record the findings.  Returns JK_OK or JK_ENOMEM. */
typedef struct jk_check_ctx jk_check_ctx;
jk_rc jk_check_subject(jk_check_ctx *x, const jk_subject *s);
/* The file's positions, for subjects that give only an offset. */
jk_linecur *jk_check_lines(jk_check_ctx *x);

/* ---- check_firebase.c ----------------------------------------------------- */

/* Realtime Database rules: one subject per ".read" / ".write" found under
   "rules" (open is the index of the root '{'). */
jk_rc jk_firebase_rtdb_read(jk_check_ctx *x, const char *p, size_t n, size_t open,
                            jk_err *err, const char *name);

/* Is this text Firestore / Storage security rules?  (rules_version or
   service first, after comments.) */
bool jk_firebase_rules_detect(const char *p, size_t n);
/* Firestore / Storage rules: one subject per allow statement. */
jk_rc jk_firebase_rules_read(jk_check_ctx *x, const char *p, size_t n, const char *name,
                             jk_err *err);

/* ---- check_rules.c --------------------------------------------------------- */

/* ASCII-case-insensitive: does s equal one of the '|' alternatives? */
bool jk_alt_eq(const char *alts, const char *s, size_t n);
/* ASCII-case-insensitive: does text contain one of the '|' words? */
bool jk_alt_in(const char *alts, const char *text, size_t n);

/* Many '|' lists (groups) searched in one pass over a text, with
   jk_alt_in's answers: jk_wordset_scan sets a bit per word found (ASCII
   case aside), jk_wordset_hit says whether a word of group g was.  At
   most JK_WORDSET_MAX words; jk_wordset_new returns NULL past that or
   out of memory (use jk_alt_in then).  groups[g] may be NULL (no word). */
#define JK_WORDSET_MAX 1024
#define JK_WORDSET_LIMBS (JK_WORDSET_MAX / 64)
typedef struct jk_wordset jk_wordset;
jk_wordset *jk_wordset_new(const char *const *groups, size_t n);
void jk_wordset_free(jk_wordset *ws);
void jk_wordset_scan(const jk_wordset *ws, const char *text, size_t n, uint64_t *bits);
bool jk_wordset_hit(const jk_wordset *ws, const uint64_t *bits, size_t g);

#endif /* JK_CHECK_INT_H */
