/*
** ingest_doc.c — text files and stdin into the casebook, streamed: the
** file is hashed, then split as it is read, each segment stored by the
** library's pipeline (lib/ingest.c: one transaction per document, alerts
** matched, a failure rolls back that document only).  Also the glue
** that gives the pipeline's lines to stderr and its counts to the
** command's summary.
*/
#include "cli.h"

#include "../lib/alerts.h"
#include "../lib/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

jk_buf *cli_ingest_held;

/* Lines from the pipeline go to stderr as they come, or are held until
   the batch holding their file commits (cli_ingest_held). */
static void print_line(void *ctx, const char *line) {
  if (cli_ingest_held) {
    jk_buf_puts(cli_ingest_held, line);
    jk_buf_append(cli_ingest_held, "\n", 1);
  } else {
    fprintf(stderr, "%s\n", line);
  }
}

static void on_progress(void *ctx, long long done, const char *name) { cli_progress_update(ctx, done, name); }

void cli_ingest_init(jk_ingest *in, jk_store *st, cli_progress *prog, long long base, bool verbose) {
  memset(in, 0, sizeof *in);
  in->st = st;
  in->verbose = verbose;
  in->pdf_seconds = cli_pdf_seconds; /* --pdf-budget */
  in->ocr = cli_ocr();                /* NULL with JIKENBO_OCR=off */
  in->msg = print_line;
  if (prog) {
    in->progress = on_progress;
    in->progress_ctx = prog;
    in->progress_base = base;
  }
}

void cli_ingest_done(jk_ingest *in, cli_ingest_stats *stats) {
  const long long *a = (const long long *)&in->stats;
  long long *b = (long long *)stats;
  for (size_t i = 0; i < sizeof *stats / sizeof(long long); i++) b[i] += a[i];
  jk_ingest_free(in);
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
   behind path when it is stdin's copy, closed here.  Streamed through
   the splitter, one document of the pipeline (lib/ingest.c). */
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
  jk_ingest in;
  cli_ingest_init(&in, st, prog, base, verbose);
  in.stats.files++;
  jk_doc_info info;
  memset(&info, 0, sizeof info);
  info.source = name;
  info.kind = "text";
  info.url = spool < 0 ? cli_source_url : NULL;
  int skip;
  rc = jk_ingest_doc_begin(&in, &info, sha, &skip, err);
  if (rc || skip) {
    if (rc) in.stats.failed_files++;
    if (spool >= 0) close(spool);
    cli_ingest_done(&in, stats);
    return rc;
  }
  if (size == 0) fprintf(stderr, "%s:1: warning: empty file: nothing to store\n", name);
  jk_diags d;
  jk_diags_init(&d);
  long long got = 0;
  rc = size ? cli_split_file(path, jk_ingest_segment, &in, &d, err, &got) : JK_OK;
  cli_print_diags(name, &d);
  jk_diags_free(&d);
  if (spool >= 0) close(spool);
  rc = jk_ingest_doc_end(&in, rc, got, err);
  cli_ingest_done(&in, stats);
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

void cli_deliver_alerts(jk_store *st, long long raised) {
  if (raised) fprintf(stderr, "alerts: %lld new for saved searches ('jikenbo alerts' lists them)\n", raised);
  jk_deliver_opts o;
  jk_deliver_opts_init(&o);
  if (cli_net_policy(&o.net) != 0) return; /* message printed; the alerts stay pending */
  jk_deliver_stats ds = {0, 0, 0};
  jk_err err = {0, ""};
  if (jk_alerts_deliver(st, (double)time(NULL), &o, &ds, &err) != JK_OK)
    cli_err("webhooks: %s", err.msg);
  if (ds.sent || ds.retried || ds.failed)
    fprintf(stderr, "webhooks: %lld sent, %lld to retry later, %lld given up\n", ds.sent, ds.retried, ds.failed);
}
