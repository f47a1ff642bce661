/*
** review.h — the review queue (review.c): incidents an analyst has not
** yet marked reviewed, the least certain first.  A record carries a
** confidence per field (0..1, extract.c); an incident's place in the
** queue is the lowest confidence among the fields of its reports that
** no correction has replaced, so a fact an analyst already fixed no
** longer pulls it up.
*/
#ifndef JK_REVIEW_H
#define JK_REVIEW_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
** Up to limit (1..500) unreviewed incidents as JSON {"total":N,
** "items":[{"id","title","org","published","reports","confidence":
** lowest,"weakest":[{"field","confidence"}…]}…]}, lowest confidence
** first (ties: newest first).  "weakest" lists the fields under 0.5, or
** the lowest one.
*/
jk_rc jk_review_queue_json(jk_store *st, int limit, jk_buf *out, jk_err *err);

/* Mark an incident reviewed by who (again: who and when updated).
   JK_ENOTFOUND for an unknown incident.  *label (32 bytes, may be NULL)
   gets its display id, *at (32 bytes, may be NULL) the time. */
jk_rc jk_review_mark(jk_store *st, const char *incident, const char *who, const char *note, char *label, char *at,
                     jk_err *err);

#ifdef __cplusplus
}
#endif
#endif /* JK_REVIEW_H */
