/*
** export_share.c — the STIX, MISP and VERIS entries of `jikenbo export`'s
** format table (builtin/export.c): thin adapters from the library's
** writers (lib/export_*.c) to a FILE, and, for the formats of one
** document per incident, to one file per incident in a directory.
*/
#include "cli.h"
#include "../lib/share.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct share_state {
  jk_buf b;
  jk_stix_writer *w;
} share_state;

/* A failed write is not reported here: the caller sees out's error flag
   (and the server's reader may simply have gone away). */
static int put(FILE *out, jk_buf *b) {
  int rc = b->len && fwrite(b->p, 1, b->len, out) != b->len;
  jk_buf_reset(b);
  return rc;
}

static int oom(void) {
  cli_err("export: out of memory");
  return 1;
}

/* ---- STIX: one bundle, streamed ----------------------------------------- */

static void stix_free(share_state *s) {
  jk_stix_free(s->w);
  jk_buf_free(&s->b);
  free(s);
}

static void stix_discard(void *state) { stix_free(state); }

static int stix_begin(FILE *out, void **state) {
  *state = NULL;
  share_state *s = calloc(1, sizeof *s);
  if (!s) return oom();
  jk_buf_init(&s->b);
  int failed = jk_stix_begin(&s->b, &s->w) ? oom() : put(out, &s->b);
  if (failed) stix_free(s); /* a failed begin leaves nothing to discard */
  else *state = s;
  return failed;
}

static int stix_incident(FILE *out, void *state, const jk_incident *inc) {
  share_state *s = state;
  if (jk_stix_add(s->w, inc, &s->b)) return oom();
  return put(out, &s->b);
}

static int stix_end(FILE *out, void *state) {
  share_state *s = state;
  jk_rc rc = jk_stix_end(s->w, &s->b);
  s->w = NULL;
  int failed = rc ? oom() : put(out, &s->b);
  stix_free(s);
  return failed;
}

/* ---- MISP and VERIS: a document per incident ------------------------------ */

static int doc(jk_share_format f, const jk_incident *inc, jk_buf *b) {
  jk_rc rc = f == JK_SHARE_MISP ? jk_misp_event(inc, b) : jk_veris_incident(inc, b);
  return rc ? oom() : 0;
}

/* To stdout or -o FILE: JSON Lines, one document per line. */
static int lines_incident(jk_share_format f, FILE *out, const jk_incident *inc) {
  jk_buf b;
  jk_buf_init(&b);
  int rc = doc(f, inc, &b);
  if (!rc) {
    jk_buf_putc(&b, '\n');
    rc = b.oom ? oom() : put(out, &b);
  }
  jk_buf_free(&b);
  return rc;
}

/* To -o DIR: DIR/<uuid>.json, written beside and renamed into place. */
static int dir_incident(jk_share_format f, const char *dir, const jk_incident *inc) {
  jk_buf b, path;
  jk_buf_init(&b);
  jk_buf_init(&path);
  char name[48];
  jk_share_file_name(f, inc, name);
  int rc = doc(f, inc, &b);
  jk_buf_printf(&path, "%s/%s.tmpXXXXXX", dir, name);
  if (!rc && path.oom) rc = oom();
  int fd = rc ? -1 : mkstemp(path.p);
  if (!rc && fd < 0) {
    cli_err("export: cannot write in %s: %s", dir, strerror(errno));
    rc = 1;
  }
  if (!rc) {
    jk_buf_putc(&b, '\n');
    size_t done = 0;
    while (done < b.len) {
      ssize_t k = write(fd, b.p + done, b.len - done);
      if (k < 0 && errno == EINTR) continue;
      if (k <= 0) break;
      done += (size_t)k;
    }
    if (close(fd) != 0 || done != b.len) {
      cli_err("export: write failed in %s: %s", dir, strerror(errno));
      unlink(path.p);
      rc = 1;
    }
  }
  if (!rc) {
    char *final = strdup(path.p);
    if (!final) rc = oom();
    else {
      final[strlen(final) - strlen(".tmpXXXXXX")] = 0;
      if (rename(path.p, final) != 0) {
        cli_err("export: cannot write %s: %s", final, strerror(errno));
        unlink(path.p);
        rc = 1;
      }
      free(final);
    }
  }
  jk_buf_free(&b);
  jk_buf_free(&path);
  return rc;
}

static int misp_incident(FILE *out, void *state, const jk_incident *inc) {
  return lines_incident(JK_SHARE_MISP, out, inc);
}
static int misp_dir(const char *dir, void *state, const jk_incident *inc) {
  return dir_incident(JK_SHARE_MISP, dir, inc);
}
static int veris_incident(FILE *out, void *state, const jk_incident *inc) {
  return lines_incident(JK_SHARE_VERIS, out, inc);
}
static int veris_dir(const char *dir, void *state, const jk_incident *inc) {
  return dir_incident(JK_SHARE_VERIS, dir, inc);
}

const cli_export_format cli_fmt_stix = {
    .name = "stix",
    .summary = "STIX 2.1 bundle: identity, incident (Incident Core Extension), report per notice",
    .media_type = "application/stix+json; charset=utf-8",
    .file_name = "jikenbo-stix.json",
    .begin = stix_begin,
    .incident = stix_incident,
    .end = stix_end,
    .discard = stix_discard,
};
const cli_export_format cli_fmt_misp = {
    .name = "misp",
    .summary = "MISP events {\"Event\":…}: JSON Lines, or with -o DIR one <uuid>.json per incident",
    .media_type = "application/x-ndjson; charset=utf-8",
    .file_name = "jikenbo-misp.jsonl",
    .incident = misp_incident,
    .incident_to_dir = misp_dir,
};
const cli_export_format cli_fmt_veris = {
    .name = "veris",
    .summary = "VERIS 1.4 incidents: JSON Lines, or with -o DIR one <uuid>.json per incident",
    .media_type = "application/x-ndjson; charset=utf-8",
    .file_name = "jikenbo-veris.jsonl",
    .incident = veris_incident,
    .incident_to_dir = veris_dir,
};
