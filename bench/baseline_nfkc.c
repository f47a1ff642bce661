/*
** baseline_nfkc.c — the speed floor the extract benchmark is compared to:
** read the bytes and NFKC-normalise them with utf8proc, nothing else.
**
**   baseline_nfkc FILE...
**
** Files are read in 64 KiB chunks; each chunk is cut after its last LF (so
** no character is split, as lib/normalize.c works line by line) and passed
** to utf8proc_map with the options lib/normalize.c uses
** (STABLE | COMPOSE | COMPAT).  Prints one line:
**
**   baseline_nfkc: BYTES bytes, cpu C s, wall W s: MBPS MB/s (out OUT bytes)
**
** MB is 10^6 bytes; the rate is on CPU time (this process's, precise to
** the nanosecond), since on a shared machine wall time counts the others.  The output size is summed so the work cannot be
** optimised away, and it shows how much NFKC shrank the text.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#define CHUNK (64u << 10)

static double clock_s(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* NFKC one piece; returns the output length, or -1 on error. */
static long long nfkc(const char *p, size_t n) {
  if (n == 0) return 0;
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, &dst,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
  free(dst);
  return m < 0 ? -1 : (long long)m;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fputs("usage: baseline_nfkc FILE...\n", stderr);
    return 2;
  }
  /* Room for a chunk plus the unfinished line carried over from the last. */
  size_t cap = 2 * CHUNK;
  char *buf = malloc(cap);
  if (!buf) return 1;
  long long in = 0, out = 0;
  int status = 0;
  double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "rb");
    if (!f) {
      fprintf(stderr, "baseline_nfkc: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    size_t have = 0;
    for (;;) {
      if (cap - have < CHUNK) { /* a line longer than a chunk: grow */
        char *nb = realloc(buf, cap * 2);
        if (!nb) return 1;
        buf = nb;
        cap *= 2;
      }
      size_t got = fread(buf + have, 1, CHUNK, f);
      in += (long long)got;
      have += got;
      if (got == 0) break;
      char *nl = memrchr(buf, '\n', have);
      if (!nl) continue;
      size_t cut = (size_t)(nl - buf) + 1;
      long long m = nfkc(buf, cut);
      if (m < 0) status = 1;
      else out += m;
      memmove(buf, buf + cut, have - cut);
      have -= cut;
    }
    long long m = nfkc(buf, have); /* the last line, without its LF */
    if (m < 0) status = 1;
    else out += m;
    if (ferror(f)) {
      fprintf(stderr, "baseline_nfkc: %s: read error\n", argv[i]);
      status = 1;
    }
    fclose(f);
  }
  double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0, wall = clock_s(CLOCK_MONOTONIC) - w0;
  printf("baseline_nfkc: %lld bytes, cpu %.3f s, wall %.3f s: %.1f MB/s (out %lld bytes)\n", in, cpu, wall,
         cpu > 0 ? (double)in / 1e6 / cpu : 0.0, out);
  free(buf);
  return status;
}
