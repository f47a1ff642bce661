/*
** err.c — result-code names, error messages and the warning list.
**
** The library never prints and never exits: it returns a jk_rc and, when
** asked, fills a jk_err or appends to a jk_diags list that the caller
** shows however it likes.
*/
#include "jikenbo.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *jk_rc_name(jk_rc rc) {
  static const char *names[] = {"OK",     "ENOMEM", "EINVAL",   "EIO",
                                "ENOTFOUND", "EDB", "ETOOBIG",  "EUNSUP",
                                "EREADONLY", "EFULL", "EBUSY", "ETIMEOUT"};
  if ((unsigned)rc < sizeof names / sizeof names[0]) return names[rc];
  return "E?";
}

jk_rc jk_err_set(jk_err *e, jk_rc rc, const char *fmt, ...) {
  if (e) {
    va_list ap;
    va_start(ap, fmt);
    e->rc = rc;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
  }
  return rc;
}

/* Warnings beyond this many per document are counted, not stored. */
#define DIAGS_MAX 1000

void jk_diags_init(jk_diags *d) {
  d->v = NULL;
  d->n = d->cap = d->dropped = 0;
}

void jk_diags_free(jk_diags *d) {
  free(d->v);
  jk_diags_init(d);
}

void jk_diags_add(jk_diags *d, int line, long long offset, const char *fmt, ...) {
  if (!d) return;
  if (d->n >= DIAGS_MAX) {
    d->dropped++;
    return;
  }
  if (d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 8;
    jk_diag *v = realloc(d->v, cap * sizeof *v);
    if (!v) {
      d->dropped++;
      return;
    }
    d->v = v;
    d->cap = cap;
  }
  jk_diag *g = &d->v[d->n++];
  g->line = line;
  g->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(g->msg, sizeof g->msg, fmt, ap);
  va_end(ap);
}
