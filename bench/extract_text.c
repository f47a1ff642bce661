/*
** extract_text.c — jikenbo's text extraction alone, for the benchmark in
** bench/extract_text.sh: the same work `jikenbo ingest` does to an HTML
** page (jk_html_to_text) or a PDF (jk_pdf_to_text), over files, with the
** text written to stdout (send it to /dev/null), like pdftotext does.
**
**   extract_text html|pdf FILE...
**
** Prints on stderr: files, pages, bytes in, bytes of text, and the CPU time
** of the extraction itself (reading the files excluded).
*/
#include "jikenbo.h"
#include "web.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  jk_buf b;
  jk_buf_init(&b);
  char tmp[1 << 16];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) jk_buf_append(&b, tmp, n);
  fclose(f);
  return jk_buf_detach(&b, len);
}

int main(int argc, char **argv) {
  if (argc < 3 || (strcmp(argv[1], "html") != 0 && strcmp(argv[1], "pdf") != 0)) {
    fputs("usage: extract_text html|pdf FILE...\n", stderr);
    return 2;
  }
  int pdf = strcmp(argv[1], "pdf") == 0;
  long long in = 0, text = 0, pages = 0;
  double cpu = 0;
  jk_buf out;
  jk_buf_init(&out);
  for (int i = 2; i < argc; i++) {
    size_t len = 0;
    char *p = slurp(argv[i], &len);
    if (!p) {
      fprintf(stderr, "extract_text: cannot read %s\n", argv[i]);
      return 1;
    }
    jk_buf_reset(&out);
    jk_diags d;
    jk_diags_init(&d);
    double t0 = cpu_now();
    jk_rc rc;
    if (pdf) {
      jk_pdf_info info;
      jk_err err = {0, ""};
      rc = jk_pdf_to_text(p, len, &out, &info, &d, &err);
      pages += info.pages;
    } else {
      rc = jk_html_to_text(p, len, NULL, &out, &d);
      pages++;
    }
    cpu += cpu_now() - t0;
    if (rc) {
      fprintf(stderr, "extract_text: %s: %s\n", argv[i], jk_rc_name(rc));
      return 1;
    }
    fwrite(out.p ? out.p : "", 1, out.len, stdout);
    in += (long long)len;
    text += (long long)out.len;
    jk_diags_free(&d);
    free(p);
  }
  jk_buf_free(&out);
  fprintf(stderr, "%s: %d files, %lld pages, %lld bytes in, %lld bytes of text, cpu %.3f s\n", argv[1], argc - 2,
          pages, in, text, cpu);
  return 0;
}
