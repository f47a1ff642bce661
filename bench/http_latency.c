/*
** http_latency.c — per-request latency of an HTTP server on loopback.
**
**   http_latency --port P [--host 127.0.0.1] [--token T] [--runs N]
**                [--warmup N] [--budget S] [--timeout S] PATH...
**   http_latency --port P ... --load C --duration S PATH...
**
** Latency mode (the default): for each PATH in turn, GET it --warmup
** times (default 1) and then --runs times (default 50), one request after
** the other, each on a new connection (HTTP/1.1, Connection: close), the
** answer read to its end; a path stops early once its runs took --budget
** seconds (default 10), so a slow route cannot stall the benchmark.  One
** line per path:
**
**   GET PATH  status=200  bytes=N  p50=X ms  p99=Y ms  max=Z ms  (N runs)
**
** status is the last answer's, bytes what followed its head (a chunked
** answer's framing included); a path whose first answer is 404 is
** printed as "status=404  absent" and not timed (a build without that
** route), so one list of routes serves several builds.  Other non-2xx
** answers are timed and counted ("non2xx=K").
**
** Load mode (--load C): C threads, each with its own connection at a
** time, GET the PATHs round robin (each thread starting at another one)
** for --duration seconds.  Prints one line:
**
**   load C connections  S s  requests=N  non2xx=K (4xx=A 5xx=B)  errors=E  req/s=R  p50=X ms  p99=Y ms  max=Z ms
**
** Times are wall clock (CLOCK_MONOTONIC) from connect to the last byte:
** what a browser on the same machine would wait.  --token adds
** "Authorization: Bearer T" (the routes of signed-in users).  Exit status
** 0 unless a connection could not be made at all (1) or the usage is
** wrong (2).  No library of the project: sockets only.
*/
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in addr;
static const char *host = "127.0.0.1", *token = NULL;
static double timeout_s = 60;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n) (as search_latency). */
static double pct(const double *v, size_t n, double p) {
  if (n == 0) return 0;
  long k = (long)(p / 100.0 * (double)n + 0.999999) - 1;
  if (k < 0) k = 0;
  if ((size_t)k >= n) k = (long)n - 1;
  return v[k];
}

/* One GET: status (0 on a connection or protocol error), body bytes in
   *bytes (headers excluded; the whole answer read until the server closes). */
static int get(const char *path, long *bytes) {
  *bytes = 0;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  struct timeval tv = {(time_t)timeout_s, (suseconds_t)((timeout_s - (double)(time_t)timeout_s) * 1e6)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
    close(fd);
    return 0;
  }
  char req[8192];
  int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n%s%s%s\r\n", path, host,
                   token ? "Authorization: Bearer " : "", token ? token : "", token ? "\r\n" : "");
  if (n <= 0 || (size_t)n >= sizeof req || send(fd, req, (size_t)n, MSG_NOSIGNAL) != n) {
    close(fd);
    return 0;
  }
  /* Read to EOF; keep the head (up to the blank line) to find the status. */
  char buf[65536], head[4096];
  size_t hlen = 0;
  long total = 0, body_at = -1;
  for (;;) {
    ssize_t r = recv(fd, buf, sizeof buf, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      close(fd);
      return 0;
    }
    if (r == 0) break;
    if (body_at < 0) {
      size_t take = (size_t)r < sizeof head - 1 - hlen ? (size_t)r : sizeof head - 1 - hlen;
      memcpy(head + hlen, buf, take);
      hlen += take;
      head[hlen] = 0;
      char *e = strstr(head, "\r\n\r\n");
      if (e) body_at = (long)(e - head) + 4;
    }
    total += r;
  }
  close(fd);
  int status = 0;
  if (hlen < 12 || sscanf(head, "HTTP/1.%*c %d", &status) != 1) return 0;
  *bytes = body_at >= 0 ? total - body_at : 0;
  return status;
}

/* ---- latency mode ---------------------------------------------------------- */

static void latency(const char *path, int runs, int warmup, double budget_ms) {
  double *ms = malloc((size_t)runs * sizeof *ms);
  if (!ms) {
    fprintf(stderr, "http_latency: out of memory\n");
    exit(1);
  }
  long bytes = 0;
  int status = 0, done = 0, non2xx = 0, errors = 0;
  for (int i = 0; i < warmup; i++) {
    status = get(path, &bytes);
    if (status == 404) break;
  }
  if (status == 404) {
    printf("GET %s  status=404  absent\n", path);
    free(ms);
    fflush(stdout);
    return;
  }
  double start = now_ms();
  for (int i = 0; i < runs; i++) {
    if (i > 0 && now_ms() - start > budget_ms) break;
    double t0 = now_ms();
    status = get(path, &bytes);
    ms[done++] = now_ms() - t0;
    if (status == 0) errors++;
    else if (status < 200 || status > 299) non2xx++;
  }
  qsort(ms, (size_t)done, sizeof *ms, cmp_double);
  printf("GET %s  status=%d  bytes=%ld  p50=%.2f ms  p99=%.2f ms  max=%.2f ms  (%d runs)", path, status, bytes,
         pct(ms, (size_t)done, 50), pct(ms, (size_t)done, 99), ms[done - 1], done);
  if (non2xx) printf("  non2xx=%d", non2xx);
  if (errors) printf("  errors=%d", errors);
  putchar('\n');
  fflush(stdout);
  free(ms);
}

/* ---- load mode ------------------------------------------------------------- */

typedef struct {
  char **paths;
  int npaths, first;
  double until_ms;
  double *ms; /* latencies of this thread's requests */
  size_t n, cap;
  long non2xx, errors;
  long by_class[6]; /* answers by status class: [4] 4xx, [5] 5xx */
} worker;

static void *work(void *vp) {
  worker *w = vp;
  for (int k = w->first; now_ms() < w->until_ms; k++) {
    long bytes;
    double t0 = now_ms();
    int status = get(w->paths[k % w->npaths], &bytes);
    double d = now_ms() - t0;
    if (status == 0) {
      w->errors++;
      usleep(1000); /* a refused connection returns at once: do not spin */
      continue;
    }
    if (status < 200 || status > 299) w->non2xx++;
    if (status >= 100 && status < 600) w->by_class[status / 100]++;
    if (w->n == w->cap) {
      size_t cap = w->cap ? 2 * w->cap : 256;
      double *m = realloc(w->ms, cap * sizeof *m);
      if (!m) break;
      w->ms = m;
      w->cap = cap;
    }
    w->ms[w->n++] = d;
  }
  return NULL;
}

static int load(int conns, double duration, char **paths, int npaths) {
  worker *w = calloc((size_t)conns, sizeof *w);
  pthread_t *t = calloc((size_t)conns, sizeof *t);
  if (!w || !t) return 1;
  double t0 = now_ms();
  for (int i = 0; i < conns; i++) {
    w[i] = (worker){paths, npaths, i % npaths, t0 + duration * 1e3, NULL, 0, 0, 0, 0, {0}};
    if (pthread_create(&t[i], NULL, work, &w[i]) != 0) {
      fprintf(stderr, "http_latency: cannot start thread %d\n", i);
      return 1;
    }
  }
  size_t n = 0;
  long non2xx = 0, errors = 0, c4 = 0, c5 = 0;
  for (int i = 0; i < conns; i++) {
    pthread_join(t[i], NULL);
    n += w[i].n;
    non2xx += w[i].non2xx;
    errors += w[i].errors;
    c4 += w[i].by_class[4];
    c5 += w[i].by_class[5];
  }
  double elapsed = (now_ms() - t0) / 1e3;
  double *all = malloc((n ? n : 1) * sizeof *all);
  if (!all) return 1;
  size_t k = 0;
  for (int i = 0; i < conns; i++) {
    if (w[i].n) memcpy(all + k, w[i].ms, w[i].n * sizeof *all);
    k += w[i].n;
    free(w[i].ms);
  }
  qsort(all, n, sizeof *all, cmp_double);
  printf("load %d connections  %.1f s  requests=%zu  non2xx=%ld (4xx=%ld 5xx=%ld)  errors=%ld  req/s=%.1f  p50=%.2f ms  "
         "p99=%.2f ms  max=%.2f ms\n",
         conns, elapsed, n, non2xx, c4, c5, errors, (double)n / elapsed, pct(all, n, 50), pct(all, n, 99),
         n ? all[n - 1] : 0.0);
  free(all);
  free(w);
  free(t);
  return n == 0 ? 1 : 0;
}

int main(int argc, char **argv) {
  static const struct option opts[] = {{"host", required_argument, 0, 'h'},    {"port", required_argument, 0, 'p'},
                                       {"token", required_argument, 0, 't'},   {"runs", required_argument, 0, 'r'},
                                       {"warmup", required_argument, 0, 'w'},  {"budget", required_argument, 0, 'b'},
                                       {"timeout", required_argument, 0, 'T'}, {"load", required_argument, 0, 'l'},
                                       {"duration", required_argument, 0, 'd'}, {0, 0, 0, 0}};
  int port = 0, runs = 50, warmup = 1, conns = 0, o;
  double budget = 10, duration = 10;
  while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (o) {
    case 'h': host = optarg; break;
    case 'p': port = atoi(optarg); break;
    case 't': token = optarg; break;
    case 'r': runs = atoi(optarg); break;
    case 'w': warmup = atoi(optarg); break;
    case 'b': budget = atof(optarg); break;
    case 'T': timeout_s = atof(optarg); break;
    case 'l': conns = atoi(optarg); break;
    case 'd': duration = atof(optarg); break;
    default: goto usage;
    }
  }
  if (port <= 0 || port > 65535 || runs < 1 || warmup < 0 || budget <= 0 || timeout_s <= 0 || conns < 0 ||
      conns > 1024 || duration <= 0 || optind >= argc)
    goto usage;
  for (int i = optind; i < argc; i++)
    if (argv[i][0] != '/' || strpbrk(argv[i], " \r\n")) {
      fprintf(stderr, "http_latency: '%s': a path starts with '/' and holds no space (percent-encode it)\n", argv[i]);
      return 2;
    }
  addr.sin_family = AF_INET;
  addr.sin_port = htons((unsigned short)port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
    fprintf(stderr, "http_latency: --host: expected an IPv4 address, got '%s'\n", host);
    return 2;
  }
  long b;
  if (get("/api/health", &b) == 0) {
    fprintf(stderr, "http_latency: no HTTP server answers on %s:%d\n", host, port);
    return 1;
  }
  if (conns) return load(conns, duration, argv + optind, argc - optind);
  for (int i = optind; i < argc; i++) latency(argv[i], runs, warmup, budget * 1e3);
  return 0;

usage:
  fputs("usage: http_latency --port P [--host 127.0.0.1] [--token T] [--runs N] [--warmup N] [--budget S]\n"
        "                    [--timeout S] [--load CONNECTIONS --duration S] PATH...\n",
        stderr);
  return 2;
}
