/*
** ingest_doc.c — storing one document in the casebook: the per-document
** logic shared by `jikenbo ingest` (files, stdin) and the feed/URL
** ingest (HTML and PDF turned into text first).
**
** One document is one transaction: hash it, skip it if the same source
** with the same bytes is already stored, split it (streaming), store
** every segment — notices and the posts that are not — and commit.  A
** failure rolls back that document only; what was stored before stays.
*/
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct seg_ctx {
  jk_store *st;
  long long doc_id;
  const char *name;
  const char *publisher; /* the site's name for every segment (NULL: none) */
  cli_ingest_stats *stats;
  cli_progress *prog;
  long long base;
  bool verbose;
  jk_rc rc;
  jk_err err;
  long long notices, others;
  int other_first, other_last;
} seg_ctx;

static int on_segment(void *vp, const jk_segment *seg) {
  seg_ctx *c = vp;
  jk_add_result res;
  jk_segment with = *seg;
  if (c->publisher) with.publisher = c->publisher;
  jk_rc rc = jk_store_add_segment(c->st, c->doc_id, &with, NULL, NULL, &res, &c->err);
  if (rc) {
    c->rc = rc;
    return 1; /* stop: the document's transaction will be rolled back */
  }
  if (seg->is_notice) {
    c->notices++;
  } else {
    if (!c->others++) c->other_first = seg->first_line;
    c->other_last = seg->last_line;
  }
  if (res.duplicate) {
    c->stats->duplicates++;
    if (c->verbose)
      fprintf(stderr, "%s:%d: %s seen before%s%s\n", c->name, seg->heading_line,
              seg->is_notice ? "notice" : "post", res.incident[0] ? ": " : "", res.incident);
  } else if (seg->is_notice) {
    c->stats->notices++;
    if (!res.incident_id) {
      c->stats->failed_notices++;
      fprintf(stderr, "%s:%d: warning: notice stored without a record (extraction failed); run 'jikenbo reextract' later\n",
              c->name, seg->heading_line);
    }
    if (res.no_date) c->stats->no_date++;
    if (res.no_count) c->stats->no_count++;
    if (c->verbose) {
      fprintf(stderr, "%s:%d: notice stored: %s\n", c->name, seg->heading_line, res.incident);
      if (res.no_date || res.no_count)
        fprintf(stderr, "%s:%d: note: the notice states no %s (stored as not stated)\n", c->name, seg->heading_line,
                res.no_date && res.no_count ? "date and no head-count" : res.no_date ? "date" : "head-count");
    }
  } else {
    c->stats->others++;
    if (c->verbose)
      fprintf(stderr, "%s:%d: kept lines %d-%d (not a notice: %s)\n", c->name, seg->first_line, seg->first_line,
              seg->last_line, seg->why ? seg->why : "no heading");
  }
  if (c->prog) cli_progress_update(c->prog, c->base + seg->raw_offset + (long long)seg->raw_len, c->name);
  return 0;
}

/* After a document's segments: say so when it held no notice at all. */
static void after_document(const seg_ctx *c) {
  if (c->notices || !c->others) return;
  fprintf(stderr, "%s:%d: warning: no notice found (%lld other post%s kept, lines %d-%d)\n", c->name, c->other_first,
          c->others, c->others == 1 ? "" : "s", c->other_first, c->other_last);
}

/* Begin, record the document; *skip when it is already stored. */
static jk_rc begin_document(jk_store *st, const jk_doc_info *info, const char *sha, seg_ctx *c, int *skip,
                            jk_err *err) {
  *skip = 0;
  jk_rc rc = jk_store_begin(st, err);
  if (rc) return rc;
  int seen = 0;
  rc = jk_store_add_document(st, info, sha, &c->doc_id, &seen, err);
  /* Stored before: only a URL given now may have been recorded. */
  if (!rc && seen && info->url) rc = jk_store_commit(st, err);
  if (rc || seen) {
    jk_store_rollback(st);
    if (seen) {
      c->stats->seen++;
      *skip = 1;
      if (c->verbose) fprintf(stderr, "%s: already stored (same bytes): skipped\n", info->source);
    }
  }
  return rc;
}

/* Commit, or roll back on rc; the error in c wins over err's. */
static jk_rc end_document(jk_store *st, seg_ctx *c, jk_rc rc, jk_err *err) {
  if (!rc && c->rc) {
    rc = c->rc;
    *err = c->err;
  }
  if (rc) {
    jk_store_rollback(st);
    c->stats->failed_files++;
    return rc;
  }
  rc = jk_store_commit(st, err);
  if (rc) c->stats->failed_files++;
  return rc;
}

jk_rc cli_ingest_document(jk_store *st, const jk_doc_info *info, const char *text, size_t len,
                          cli_ingest_stats *stats, bool verbose, jk_err *err) {
  char sha[65];
  if (info->raw) jk_sha256_hex(info->raw, info->raw_len, sha);
  else jk_sha256_hex(text, len, sha);
  seg_ctx c;
  memset(&c, 0, sizeof c);
  c.st = st;
  c.name = info->source;
  c.publisher = info->publisher && *info->publisher ? info->publisher : NULL;
  c.stats = stats;
  c.verbose = verbose;
  stats->files++;
  int skip;
  jk_rc rc = begin_document(st, info, sha, &c, &skip, err);
  if (rc) {
    stats->failed_files++;
    return rc;
  }
  if (skip) return JK_OK;
  jk_diags d;
  jk_diags_init(&d);
  rc = jk_split_buffer(text, len, on_segment, &c, &d);
  if (rc) jk_err_set(err, rc, "%s: %s while splitting", info->source, jk_rc_name(rc));
  cli_print_diags(info->source, &d);
  jk_diags_free(&d);
  rc = end_document(st, &c, rc, err);
  if (!rc) {
    stats->bytes += (long long)len;
    after_document(&c);
  }
  return rc;
}

/*
** SHA-256 of a file, streamed; *nul_at gets the offset of the first NUL
** byte in its first 64 KiB (-1: none), the sign of a binary file.
*/
static jk_rc hash_file(const char *path, const char *name, char sha[65], long long *size, long long *nul_at,
                       jk_err *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return jk_err_set(err, JK_EIO, "%s: cannot open: %s", name, strerror(errno));
  struct stat sb;
  if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
    close(fd);
    return jk_err_set(err, JK_EINVAL, "%s: is a directory; give the files in it (e.g. %s/*.txt)", name, name);
  }
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  enum { CHUNK = 1 << 16 };
  char *buf = malloc(CHUNK);
  jk_rc rc = JK_OK;
  *size = 0;
  *nul_at = -1;
  if (!md || !buf || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) rc = jk_err_set(err, JK_ENOMEM, "%s: out of memory", name);
  while (rc == JK_OK) {
    ssize_t n = read(fd, buf, CHUNK);
    if (n < 0) {
      if (errno == EINTR) continue;
      rc = jk_err_set(err, JK_EIO, "%s: read failed at byte %lld: %s", name, *size, strerror(errno));
      break;
    }
    if (n == 0) break;
    if (*size < CHUNK && *nul_at < 0) {
      const char *z = memchr(buf, 0, (size_t)n);
      if (z && *size + (z - buf) < CHUNK) *nul_at = *size + (z - buf);
    }
    EVP_DigestUpdate(md, buf, (size_t)n);
    *size += n;
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int outn = 0;
  if (rc == JK_OK && (!EVP_DigestFinal_ex(md, out, &outn) || outn != 32))
    rc = jk_err_set(err, JK_ENOMEM, "%s: hashing failed", name);
  if (rc == JK_OK)
    for (unsigned i = 0; i < 32; i++) snprintf(sha + 2 * i, 3, "%02x", out[i]);
  EVP_MD_CTX_free(md);
  free(buf);
  close(fd);
  return rc;
}

/* Copy head (bytes already read from stdin) and the rest of stdin to an
   unlinked temporary file (it is read twice). */
static int spool_stdin(const char *head, size_t head_len, jk_err *err) {
  FILE *t = tmpfile();
  if (!t) {
    jk_err_set(err, JK_EIO, "(stdin): cannot create a temporary file: %s", strerror(errno));
    return -1;
  }
  if (head_len && fwrite(head, 1, head_len, t) != head_len) {
    jk_err_set(err, JK_EIO, "(stdin): cannot spool input: %s (is the temporary directory full?)", strerror(errno));
    fclose(t);
    return -1;
  }
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
    if (fwrite(buf, 1, n, t) != n) {
      jk_err_set(err, JK_EIO, "(stdin): cannot spool input: %s (is the temporary directory full?)", strerror(errno));
      fclose(t);
      return -1;
    }
  if (fflush(t) != 0 || ferror(stdin)) {
    jk_err_set(err, JK_EIO, "(stdin): read failed");
    fclose(t);
    return -1;
  }
  int fd = dup(fileno(t));
  fclose(t);
  if (fd < 0) jk_err_set(err, JK_EIO, "(stdin): %s", strerror(errno));
  return fd;
}

/* A text file (path) stored as name; spool (-1: none) is the descriptor
   behind path when it is stdin's copy, closed here. */
static jk_rc ingest_text_file(jk_store *st, const char *path, const char *name, int spool, cli_ingest_stats *stats,
                              cli_progress *prog, long long base, bool verbose, jk_err *err) {
  char sha[65];
  long long size = 0, nul_at = -1;
  jk_rc rc = hash_file(path, name, sha, &size, &nul_at, err);
  if (rc == JK_OK && nul_at >= 0)
    rc = jk_err_set(err, JK_EUNSUP,
                    "%s: binary file (NUL byte at offset %lld), not text: nothing stored from it "
                    "(jikenbo reads UTF-8 text; convert it first, e.g. with pdftotext or iconv)",
                    name, nul_at);
  if (rc) {
    stats->failed_files++;
    if (spool >= 0) close(spool);
    return rc;
  }
  stats->files++;
  seg_ctx c;
  memset(&c, 0, sizeof c);
  c.st = st;
  c.name = name;
  c.stats = stats;
  c.prog = prog;
  c.base = base;
  c.verbose = verbose;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = name;
  info.kind = "text";
  info.url = spool < 0 ? stats->source_url : NULL;
  int skip;
  rc = begin_document(st, &info, sha, &c, &skip, err);
  if (rc || skip) {
    if (rc) stats->failed_files++;
    if (spool >= 0) close(spool);
    return rc;
  }
  if (size == 0) fprintf(stderr, "%s:1: warning: empty file: nothing to store\n", name);
  jk_diags d;
  jk_diags_init(&d);
  long long got = 0;
  rc = size ? cli_split_file(path, on_segment, &c, &d, err, &got) : JK_OK;
  cli_print_diags(name, &d);
  jk_diags_free(&d);
  if (spool >= 0) close(spool);
  rc = end_document(st, &c, rc, err);
  if (!rc) {
    stats->bytes += got;
    after_document(&c);
  }
  return rc;
}

jk_rc cli_ingest_stdin(jk_store *st, const char *head, size_t head_len, cli_ingest_stats *stats, cli_progress *prog,
                       long long base, bool verbose, jk_err *err) {
  int spool = spool_stdin(head, head_len, err);
  if (spool < 0) {
    stats->failed_files++;
    return err ? err->rc : JK_EIO;
  }
  char fdpath[64];
  snprintf(fdpath, sizeof fdpath, "/dev/fd/%d", spool);
  return ingest_text_file(st, fdpath, "(stdin)", spool, stats, prog, base, verbose, err);
}

jk_rc cli_ingest_file(jk_store *st, const char *path, cli_ingest_stats *stats, cli_progress *prog, long long base,
                      bool verbose, jk_err *err) {
  if (strcmp(path, "-") == 0) return cli_ingest_stdin(st, NULL, 0, stats, prog, base, verbose, err);
  return ingest_text_file(st, path, path, -1, stats, prog, base, verbose, err);
}
