/*
** export_feed.c — `jikenbo export --format misp-feed -o DIR`: the MISP
** feed (lib/misp_feed.c) written as files a MISP instance pulls —
** DIR/manifest.json, DIR/<uuid>.json per incident, DIR/hashes.csv.
**
** Re-running touches only what changed: an event file whose bytes are
** the same is left alone (same mtime, same inode), a changed one is
** written beside and renamed into place, and the manifest and hashes are
** rewritten only when they differ.  Event files listed in the previous
** manifest whose incident is no longer exported are removed; no other
** file in DIR is touched.  A changed event whose timestamp is not later
** than the one the previous manifest gave is reported: MISP updates an
** event it pulled only when the timestamp grew.
*/
#include "cli.h"
#include "store_cli.h"

#include "../lib/share.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read path whole (at most cap bytes); NULL if missing or unreadable. */
static char *slurp(const char *path, size_t cap, size_t *n) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > cap) {
    close(fd);
    return NULL;
  }
  char *p = malloc((size_t)sb.st_size + 1);
  size_t got = 0;
  while (p && got < (size_t)sb.st_size) {
    ssize_t k = read(fd, p + got, (size_t)sb.st_size - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(fd);
  if (!p || got != (size_t)sb.st_size) {
    free(p);
    return NULL;
  }
  p[got] = 0;
  *n = got;
  return p;
}

/* 1 when path holds exactly p[0..n). */
static int same_bytes(const char *path, const char *p, size_t n) {
  size_t m = 0;
  char *old = slurp(path, n, &m);
  int same = old && m == n && memcmp(old, p, n) == 0;
  free(old);
  return same;
}

/* Write p[0..n) to path through a temporary file and a rename. */
static int put_file(const char *path, const char *p, size_t n) {
  size_t len = strlen(path) + 16;
  char *tmp = malloc(len);
  if (!tmp) {
    cli_err("export: out of memory");
    return 1;
  }
  snprintf(tmp, len, "%s.tmpXXXXXX", path);
  int fd = mkstemp(tmp);
  if (fd < 0) {
    cli_err("export: cannot write %s: %s", path, strerror(errno));
    free(tmp);
    return 1;
  }
  fchmod(fd, 0644);
  size_t done = 0;
  while (done < n) {
    ssize_t k = write(fd, p + done, n - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    done += (size_t)k;
  }
  int rc = 0;
  if (close(fd) != 0 || done != n) {
    cli_err("export: write failed: %s: %s", path, strerror(errno));
    rc = 1;
  } else if (rename(tmp, path) != 0) {
    cli_err("export: cannot replace %s: %s", path, strerror(errno));
    rc = 1;
  }
  if (rc) unlink(tmp);
  free(tmp);
  return rc;
}

/* An event of a manifest: its uuid and timestamp (sorted by uuid). */
typedef struct ev_ts {
  char uuid[37];
  long long ts;
} ev_ts;

static int by_uuid(const void *a, const void *b) { return strcmp(((const ev_ts *)a)->uuid, ((const ev_ts *)b)->uuid); }

typedef struct feed_run {
  const char *dir;
  jk_misp_feed *f;
  ev_ts *old;        /* the previous manifest's events, sorted */
  size_t nold;
  ev_ts *kept;       /* events written this run */
  size_t nkept, capkept;
  jk_buf ev, path;
  long long fresh, updated, unchanged, stale_ts;
  int failed;
} feed_run;

static long long ts_of(const cJSON *entry) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(entry, "timestamp");
  return cJSON_IsString(t) ? atoll(t->valuestring) : cJSON_IsNumber(t) ? (long long)t->valuedouble : 0;
}

static int on_incident(void *vp, const jk_incident *inc) {
  feed_run *r = vp;
  char uuid[37];
  if (jk_misp_feed_add(r->f, inc, &r->ev, uuid)) {
    cli_err("export: out of memory");
    r->failed = 1;
    return 1;
  }
  if (r->nkept == r->capkept) {
    size_t cap = r->capkept ? r->capkept * 2 : 256;
    ev_ts *v = realloc(r->kept, cap * sizeof *v);
    if (!v) {
      cli_err("export: out of memory");
      r->failed = 1;
      return 1;
    }
    r->kept = v;
    r->capkept = cap;
  }
  memcpy(r->kept[r->nkept++].uuid, uuid, sizeof uuid);
  jk_buf_reset(&r->path);
  jk_buf_printf(&r->path, "%s/%s.json", r->dir, uuid);
  if (r->path.oom) {
    cli_err("export: out of memory");
    r->failed = 1;
    return 1;
  }
  if (same_bytes(r->path.p, r->ev.p, r->ev.len)) {
    r->unchanged++;
    return 0;
  }
  struct stat sb;
  int existed = stat(r->path.p, &sb) == 0;
  if (put_file(r->path.p, r->ev.p, r->ev.len)) {
    r->failed = 1;
    return 1;
  }
  if (existed) r->updated++;
  else r->fresh++;
  /* MISP takes an update only with a later timestamp. */
  ev_ts key;
  memcpy(key.uuid, uuid, sizeof uuid);
  const ev_ts *was = r->nold ? bsearch(&key, r->old, r->nold, sizeof *r->old, by_uuid) : NULL;
  if (was) {
    cJSON *now = cJSON_ParseWithLength(r->ev.p, r->ev.len);
    const cJSON *e = now ? cJSON_GetObjectItemCaseSensitive(now, "Event") : NULL;
    if (e && ts_of(e) <= was->ts) {
      r->stale_ts++;
      fprintf(stderr, "export: warning: event %s (%s) changed but its timestamp did not grow: a MISP that pulled it "
                      "before keeps its copy until the timestamp does\n", uuid, inc->label);
    }
    cJSON_Delete(now);
  }
  return 0;
}

int cli_export_misp_feed(jk_store *st, const jk_query *q, const char *dir) {
  struct stat sb;
  if (stat(dir, &sb) != 0) {
    if (mkdir(dir, 0755) != 0) {
      cli_err("export: cannot create %s: %s", dir, strerror(errno));
      return EXIT_FAIL;
    }
  } else if (!S_ISDIR(sb.st_mode)) {
    cli_err("export: %s is not a directory: misp-feed writes a directory (-o DIR)", dir);
    return EXIT_USAGE;
  }
  feed_run r;
  memset(&r, 0, sizeof r);
  r.dir = dir;
  jk_buf_init(&r.ev);
  jk_buf_init(&r.path);
  jk_buf_printf(&r.path, "%s/manifest.json", dir);
  size_t n = 0;
  char *old = r.path.p ? slurp(r.path.p, 1u << 30, &n) : NULL;
  if (old) {
    cJSON *m = cJSON_ParseWithLength(old, n);
    free(old);
    if (!cJSON_IsObject(m)) fprintf(stderr, "export: warning: %s/manifest.json is not a feed manifest: it is replaced\n", dir);
    size_t k = 0;
    for (const cJSON *e = cJSON_IsObject(m) ? m->child : NULL; e; e = e->next) k++;
    r.old = k ? calloc(k, sizeof *r.old) : NULL;
    for (const cJSON *e = r.old ? m->child : NULL; e; e = e->next) {
      const char *u = e->string;
      /* Only names of event files: nothing else in DIR is ever removed. */
      if (!u || strlen(u) != 36 || strspn(u, "0123456789abcdef-") != 36) continue;
      memcpy(r.old[r.nold].uuid, u, 37);
      r.old[r.nold++].ts = ts_of(e);
    }
    if (r.nold) qsort(r.old, r.nold, sizeof *r.old, by_uuid);
    cJSON_Delete(m);
  }
  if (jk_misp_feed_new(&r.f)) {
    cli_err("export: out of memory");
    free(r.old);
    jk_buf_free(&r.ev);
    jk_buf_free(&r.path);
    return EXIT_FAIL;
  }
  jk_err err = {0, ""};
  jk_rc rc = jk_store_each_incident(st, q, on_incident, &r, &err);
  if (rc) {
    if (err.msg[0]) cli_err("%s", err.msg);
    r.failed = 1;
  }
  long long removed = 0;
  if (!r.failed) {
    jk_buf m, h;
    jk_buf_init(&m);
    jk_buf_init(&h);
    if (jk_misp_feed_manifest(r.f, &m) || jk_misp_feed_hashes(r.f, &h)) {
      cli_err("export: out of memory");
      r.failed = 1;
    }
    const char *names[2] = {"manifest.json", "hashes.csv"};
    jk_buf *bodies[2] = {&m, &h};
    for (int i = 0; i < 2 && !r.failed; i++) {
      jk_buf_reset(&r.path);
      jk_buf_printf(&r.path, "%s/%s", dir, names[i]);
      if (!same_bytes(r.path.p, bodies[i]->p ? bodies[i]->p : "", bodies[i]->len) &&
          put_file(r.path.p, bodies[i]->p ? bodies[i]->p : "", bodies[i]->len))
        r.failed = 1;
    }
    jk_buf_free(&m);
    jk_buf_free(&h);
    /* Events of the previous manifest that are not in this one. */
    if (r.nkept) qsort(r.kept, r.nkept, sizeof *r.kept, by_uuid);
    for (size_t i = 0; i < r.nold && !r.failed; i++) {
      if (r.nkept && bsearch(&r.old[i], r.kept, r.nkept, sizeof *r.kept, by_uuid)) continue;
      jk_buf_reset(&r.path);
      jk_buf_printf(&r.path, "%s/%s.json", dir, r.old[i].uuid);
      if (unlink(r.path.p) == 0) removed++;
      else if (errno != ENOENT) fprintf(stderr, "export: warning: cannot remove %s: %s\n", r.path.p, strerror(errno));
    }
  }
  if (!r.failed)
    fprintf(stderr, "export: misp-feed: %zu events in %s (%lld new, %lld updated, %lld unchanged, %lld removed)\n",
            jk_misp_feed_count(r.f), dir, r.fresh, r.updated, r.unchanged, removed);
  jk_misp_feed_free(r.f);
  free(r.old);
  free(r.kept);
  jk_buf_free(&r.ev);
  jk_buf_free(&r.path);
  return r.failed ? EXIT_FAIL : EXIT_OK;
}
