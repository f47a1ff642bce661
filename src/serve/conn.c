/*
** conn.c — the front door of `jikenbo serve`: our own listening socket
** and acceptor thread in front of libmicrohttpd, with the connection
** limits (see README "Reliability").
**
** A connection is accepted here and counted against two limits: the
** connections of all clients (--max-connections) and those of its
** client address (--max-per-address).  It then stays here, read only
** with MSG_PEEK so that its bytes stay in the socket, until its request
** head is whole and a strict reader (jk_http_head_check) accepts it,
** which must happen within the head deadline (--head-timeout) however
** slowly the bytes come.  A head refused is answered here, with the
** headers every response carries.  Only then does the socket go to MHD
** (MHD_add_connection): a slow client never holds one of MHD's
** connections, and MHD's own error pages, which carry none of our
** headers, are not reached.  Every response closes its connection
** (srv_send adds "Connection: close"), so every request passes here.
**
** Once in MHD, a connection has the send deadline (--send-timeout) for
** the rest of its request: body in, answer out.  The acceptor thread
** also runs the watchdog that cuts (shutdown) a connection past it: a
** reader that takes a byte a second, an upload that trickles, a slow
** export holding one of the export slots.
**
** Behind a reverse proxy (--trust-proxy ADDR), the proxy's connections
** count only against the total; each is counted under the address the
** proxy names last in X-Forwarded-For once its head is in.
*/
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A client address, IPv4 as IPv4-mapped IPv6. */
typedef struct addrkey {
  unsigned char b[16];
} addrkey;

/* Connections per address, in a small hash table. */
typedef struct acount {
  addrkey k;
  int n;
  struct acount *next;
} acount;

/* A connection whose head is not in yet: in accept order, so the oldest
   (the first to reach the head deadline) is first. */
typedef struct pend {
  int fd;
  struct sockaddr_storage sa;
  socklen_t salen;
  addrkey key;
  double t0;
  struct pend *prev, *next;
} pend;

/* A connection handed to MHD. */
typedef struct live {
  int fd;
  addrkey key;
  double t0; /* when its head was whole */
  int cut;   /* shut down by the watchdog */
  struct live *prev, *next;
} live;

#define ABUCKETS 1024
#define HEAD_MAX (16u << 10) /* request head: else 431 */

struct srv_door {
  srv *s;
  int lfd, efd, wakefd;
  pthread_t thread;
  pthread_mutex_t mu;          /* counts, live list, byfd */
  acount *buckets[ABUCKETS];
  int total;                   /* pending + live */
  pend *phead, *ptail;
  live *lhead;
  live **byfd;                 /* handed over, not yet claimed by MHD */
  size_t nfd;
  char buf[HEAD_MAX + 1];      /* the peek buffer (acceptor thread only) */
};

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static addrkey key_of(const struct sockaddr *sa) {
  addrkey k;
  memset(&k, 0, sizeof k);
  if (sa->sa_family == AF_INET6) {
    memcpy(k.b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
  } else if (sa->sa_family == AF_INET) {
    k.b[10] = k.b[11] = 0xff;
    memcpy(k.b + 12, &((const struct sockaddr_in *)sa)->sin_addr, 4);
  }
  return k;
}

int srv_addr_parse(const char *s, size_t n, unsigned char out[16]) {
  char tmp[64];
  if (n == 0 || n >= sizeof tmp) return -1;
  memcpy(tmp, s, n);
  tmp[n] = '\0';
  struct in_addr a4;
  memset(out, 0, 16);
  if (inet_pton(AF_INET, tmp, &a4) == 1) {
    out[10] = out[11] = 0xff;
    memcpy(out + 12, &a4, 4);
    return 0;
  }
  return inet_pton(AF_INET6, tmp, out) == 1 ? 0 : -1;
}

static unsigned bucket_of(const addrkey *k) {
  unsigned h = 2166136261u;
  for (int i = 0; i < 16; i++) h = (h ^ k->b[i]) * 16777619u;
  return h % ABUCKETS;
}

/* The count of k (created at 0 when missing, NULL out of memory). */
static acount *count_of(struct srv_door *d, const addrkey *k) {
  acount **pp = &d->buckets[bucket_of(k)];
  for (acount *a = *pp; a; a = a->next)
    if (!memcmp(&a->k, k, sizeof *k)) return a;
  acount *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  a->k = *k;
  a->next = *pp;
  *pp = a;
  return a;
}

/* One connection less for k (caller holds mu); a count at 0 is freed. */
static void addr_dec(struct srv_door *d, const addrkey *k) {
  acount **pp = &d->buckets[bucket_of(k)];
  for (acount *a = *pp; a; pp = &a->next, a = a->next) {
    if (memcmp(&a->k, k, sizeof *k)) continue;
    if (--a->n <= 0) {
      *pp = a->next;
      free(a);
    }
    break;
  }
}

/* A connection of k is gone (caller holds mu). */
static void release(struct srv_door *d, const addrkey *k) {
  addr_dec(d, k);
  d->total--;
}

static int is_proxy(const srv *s, const addrkey *k) {
  return s->trust_proxy && !memcmp(s->proxy_addr, k->b, 16);
}

/* Answer a request here (no MHD) and close: the head's bytes are read
   out first, so the close does not turn into a reset that eats the
   answer. */
static void answer_close(struct srv_door *d, int fd, unsigned status, const char *msg) {
  char out[2048];
  /* what has come (up to 256 KiB) is read out and dropped */
  for (int i = 0; i < 16 && recv(fd, d->buf, HEAD_MAX, MSG_DONTWAIT) > 0; i++) {
  }
  size_t n = srv_raw_error(out, sizeof out, status, msg);
  if (n) {
    ssize_t w = send(fd, out, n, MSG_DONTWAIT | MSG_NOSIGNAL);
    (void)w;
  }
  shutdown(fd, SHUT_WR);
  /* A head over the limit is still arriving: read out what comes for a
     moment (50 ms at most, so a refusal never holds the door), else the
     close resets the connection and the client loses the answer. */
  if (status == 431 || status == 414) {
    for (int i = 0; i < 10; i++) {
      struct pollfd pf = {fd, POLLIN, 0};
      if (poll(&pf, 1, 5) <= 0) continue;
      if (recv(fd, d->buf, HEAD_MAX, MSG_DONTWAIT) <= 0) break;
    }
  }
  close(fd);
}

static void pend_unlink(struct srv_door *d, pend *p) {
  if (p->prev) p->prev->next = p->next;
  else d->phead = p->next;
  if (p->next) p->next->prev = p->prev;
  else d->ptail = p->prev;
}

/* Drop a pending connection, with an answer when status is not 0. */
static void pend_drop(struct srv_door *d, pend *p, unsigned status, const char *msg) {
  epoll_ctl(d->efd, EPOLL_CTL_DEL, p->fd, NULL);
  pend_unlink(d, p);
  if (status) answer_close(d, p->fd, status, msg);
  else close(p->fd);
  pthread_mutex_lock(&d->mu);
  release(d, &p->key);
  pthread_mutex_unlock(&d->mu);
  free(p);
}

/* The head is whole and sound: give the socket to MHD. */
static void hand_over(struct srv_door *d, pend *p, const jk_http_head *h) {
  srv *s = d->s;
  epoll_ctl(d->efd, EPOLL_CTL_DEL, p->fd, NULL);
  pend_unlink(d, p);
  addrkey key = p->key;
  addrkey fk;
  if (is_proxy(s, &key) && h->forwarded && srv_addr_parse(h->forwarded, h->forwarded_len, fk.b) == 0) {
    /* Count it under the address the proxy names, within that limit. */
    pthread_mutex_lock(&d->mu);
    acount *a = count_of(d, &fk);
    int over = !a || a->n >= s->max_per_addr;
    if (!over) {
      a->n++;
      addr_dec(d, &key); /* off the proxy's count; the total stays */
      key = fk;
    } else if (a && a->n == 0) {
      addr_dec(d, &fk);
    }
    pthread_mutex_unlock(&d->mu);
    if (over) {
      answer_close(d, p->fd, 429, "too many connections from your address: try again later");
      pthread_mutex_lock(&d->mu);
      release(d, &key);
      pthread_mutex_unlock(&d->mu);
      free(p);
      return;
    }
  }
  live *l = calloc(1, sizeof *l);
  if (!l) {
    answer_close(d, p->fd, 503, "out of memory");
    pthread_mutex_lock(&d->mu);
    release(d, &key);
    pthread_mutex_unlock(&d->mu);
    free(p);
    return;
  }
  l->fd = p->fd;
  l->key = key;
  l->t0 = now_s();
  pthread_mutex_lock(&d->mu);
  if ((size_t)p->fd < d->nfd) {
    live *stale = d->byfd[p->fd]; /* handed over once, never claimed */
    if (stale) {
      release(d, &stale->key);
      free(stale);
    }
    d->byfd[p->fd] = l;
  }
  pthread_mutex_unlock(&d->mu);
  /* MHD closes the socket itself if it cannot take it. */
  if (MHD_add_connection(s->daemon, p->fd, (const struct sockaddr *)&p->sa, p->salen) != MHD_YES) {
    pthread_mutex_lock(&d->mu);
    if ((size_t)p->fd < d->nfd && d->byfd[p->fd] == l) {
      d->byfd[p->fd] = NULL;
      release(d, &l->key);
      free(l);
    }
    pthread_mutex_unlock(&d->mu);
  }
  free(p);
}

/* Look at what a pending connection has sent so far. */
static void examine(struct srv_door *d, pend *p, uint32_t events) {
  ssize_t n = recv(p->fd, d->buf, HEAD_MAX, MSG_PEEK | MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
    if (events & (EPOLLERR | EPOLLHUP)) pend_drop(d, p, 0, NULL);
    return;
  }
  if (n <= 0) { /* gone before a whole head */
    pend_drop(d, p, 0, NULL);
    return;
  }
  jk_http_head h;
  int rc = jk_http_head_check(d->buf, (size_t)n, HEAD_MAX, SRV_MAX_TARGET, &h);
  if (rc == 1) {
    if (events & EPOLLRDHUP) pend_drop(d, p, 400, "the request head ended before its blank line");
    return;
  }
  switch (rc) {
  case 0: hand_over(d, p, &h); return;
  case 414: pend_drop(d, p, 414, "request target over 4096 bytes"); return;
  case 431: pend_drop(d, p, 431, "request head over 16384 bytes or 64 header lines"); return;
  case 505: pend_drop(d, p, 505, "HTTP/1.0 and HTTP/1.1 only"); return;
  default:
    pend_drop(d, p, 400, "malformed request head (lines end in CRLF; no control bytes; Name: value headers)");
    return;
  }
}

static void accept_all(struct srv_door *d) {
  srv *s = d->s;
  for (;;) {
    pend *p = calloc(1, sizeof *p);
    if (!p) return;
    p->salen = sizeof p->sa;
    int fd = accept4(d->lfd, (struct sockaddr *)&p->sa, &p->salen, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      free(p);
      return; /* EAGAIN, or out of descriptors: the next round tries again */
    }
    p->fd = fd;
    p->key = key_of((struct sockaddr *)&p->sa);
    p->t0 = now_s();
    pthread_mutex_lock(&d->mu);
    acount *a = d->total < s->max_conns ? count_of(d, &p->key) : NULL;
    int ok = a && (a->n < s->max_per_addr || is_proxy(s, &p->key));
    if (ok) {
      a->n++;
      d->total++;
    } else if (a && a->n == 0) {
      addr_dec(d, &p->key); /* drop the empty count again */
    }
    pthread_mutex_unlock(&d->mu);
    if (!ok) {
      answer_close(d, fd, 503,
                   a ? "too many connections from your address: try again later"
                     : "too many connections: try again later");
      free(p);
      continue;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = p};
    p->prev = d->ptail;
    if (d->ptail) d->ptail->next = p;
    else d->phead = p;
    d->ptail = p;
    if (epoll_ctl(d->efd, EPOLL_CTL_ADD, fd, &ev) != 0) pend_drop(d, p, 503, "cannot take the connection");
  }
}

/* The watchdog: cut MHD connections past the send deadline. */
static void watch_live(struct srv_door *d, double now) {
  pthread_mutex_lock(&d->mu);
  for (live *l = d->lhead; l; l = l->next)
    if (!l->cut && now - l->t0 > d->s->send_timeout) {
      shutdown(l->fd, SHUT_RDWR); /* MHD sees the end and closes it */
      l->cut = 1;
      atomic_fetch_add(&d->s->cut, 1);
    }
  pthread_mutex_unlock(&d->mu);
}

static void *acceptor(void *vp) {
  struct srv_door *d = vp;
  srv *s = d->s;
  struct epoll_event evs[64];
  for (;;) {
    double now = now_s();
    while (d->phead && now - d->phead->t0 >= s->head_timeout) {
      atomic_fetch_add(&s->cut, 1);
      pend_drop(d, d->phead, 408, "the request head took too long: send it whole");
    }
    int wait_ms = 250; /* the watchdog's round */
    if (d->phead) {
      double left = d->phead->t0 + s->head_timeout - now;
      if (left * 1000 < wait_ms) wait_ms = left > 0 ? (int)(left * 1000) + 1 : 0;
    }
    int n = epoll_wait(d->efd, evs, 64, wait_ms);
    for (int i = 0; i < n; i++) {
      void *ptr = evs[i].data.ptr;
      if (ptr == &d->lfd) accept_all(d);
      else if (ptr == &d->wakefd) return NULL;
      else examine(d, ptr, evs[i].events);
    }
    watch_live(d, now_s());
  }
}

/* MHD's connection notifications: claim the record handed over, and
   release its count when MHD is done with it (before MHD closes the
   socket, so the descriptor cannot be reused while it is listed). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code) {
  srv *s = cls;
  struct srv_door *d = s->door;
  if (!d) return;
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci) return;
    int fd = ci->connect_fd;
    pthread_mutex_lock(&d->mu);
    live *l = (size_t)fd < d->nfd ? d->byfd[fd] : NULL;
    if (l) {
      d->byfd[fd] = NULL;
      l->next = d->lhead;
      if (d->lhead) d->lhead->prev = l;
      d->lhead = l;
      *socket_context = l;
    }
    pthread_mutex_unlock(&d->mu);
  } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    live *l = *socket_context;
    if (!l) return;
    pthread_mutex_lock(&d->mu);
    if (l->prev) l->prev->next = l->next;
    else d->lhead = l->next;
    if (l->next) l->next->prev = l->prev;
    release(d, &l->key);
    pthread_mutex_unlock(&d->mu);
    free(l);
    *socket_context = NULL;
  }
}

MHD_NotifyConnectionCallback srv_door_notify(void) { return on_connection; }

jk_rc srv_door_open(srv *s, const jk_http_listen *addr, int *port, jk_err *err) {
  struct srv_door *d = calloc(1, sizeof *d);
  if (!d) return jk_err_set(err, JK_ENOMEM, "out of memory");
  d->s = s;
  d->lfd = d->efd = d->wakefd = -1;
  pthread_mutex_init(&d->mu, NULL);
  /* Descriptors: as many as the hard limit allows, and the total limit
     within them (a few are kept for the database, the web root, logs). */
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
    if (rl.rlim_cur < rl.rlim_max) {
      rl.rlim_cur = rl.rlim_max > (1u << 20) ? (1u << 20) : rl.rlim_max;
      setrlimit(RLIMIT_NOFILE, &rl);
      getrlimit(RLIMIT_NOFILE, &rl);
    }
    d->nfd = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (1u << 20) ? (1u << 20) : (size_t)rl.rlim_cur;
  } else {
    d->nfd = 1024;
  }
  if ((size_t)s->max_conns + 64 > d->nfd) {
    fprintf(stderr, "jikenbo: serve: warning: --max-connections %d lowered to %zu (the descriptor limit is %zu)\n",
            s->max_conns, d->nfd > 128 ? d->nfd - 64 : 64, d->nfd);
    s->max_conns = d->nfd > 128 ? (int)(d->nfd - 64) : 64;
  }
  d->byfd = calloc(d->nfd, sizeof *d->byfd);
  union {
    struct sockaddr_in a4;
    struct sockaddr_in6 a6;
  } sa;
  memset(&sa, 0, sizeof sa);
  socklen_t salen;
  if (addr->ipv6) {
    sa.a6.sin6_family = AF_INET6;
    sa.a6.sin6_port = htons((uint16_t)addr->port);
    inet_pton(AF_INET6, addr->host, &sa.a6.sin6_addr);
    salen = sizeof sa.a6;
  } else {
    sa.a4.sin_family = AF_INET;
    sa.a4.sin_port = htons((uint16_t)addr->port);
    inet_pton(AF_INET, addr->host, &sa.a4.sin_addr);
    salen = sizeof sa.a4;
  }
  int one = 1;
  d->lfd = d->byfd ? socket(addr->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0) : -1;
  if (d->lfd >= 0) setsockopt(d->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (d->lfd >= 0 && addr->ipv6) setsockopt(d->lfd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
  if (d->lfd < 0 || bind(d->lfd, (struct sockaddr *)&sa, salen) != 0 || listen(d->lfd, 1024) != 0) {
    int e = errno;
    srv_door_close(s, d);
    return jk_err_set(err, JK_EIO, "cannot listen on %s port %d (%s): in use? try another --listen, or port 0",
                      addr->host, addr->port, strerror(e));
  }
  salen = sizeof sa;
  getsockname(d->lfd, (struct sockaddr *)&sa, &salen);
  *port = ntohs(addr->ipv6 ? sa.a6.sin6_port : sa.a4.sin_port);
  d->efd = epoll_create1(EPOLL_CLOEXEC);
  d->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &d->lfd};
  struct epoll_event wv = {.events = EPOLLIN, .data.ptr = &d->wakefd};
  if (d->efd < 0 || d->wakefd < 0 || epoll_ctl(d->efd, EPOLL_CTL_ADD, d->lfd, &ev) != 0 ||
      epoll_ctl(d->efd, EPOLL_CTL_ADD, d->wakefd, &wv) != 0) {
    srv_door_close(s, d);
    return jk_err_set(err, JK_EIO, "cannot set up the listening socket: %s", strerror(errno));
  }
  s->door = d;
  return JK_OK;
}

jk_rc srv_door_run(srv *s, jk_err *err) {
  if (pthread_create(&s->door->thread, NULL, acceptor, s->door) != 0)
    return jk_err_set(err, JK_EIO, "cannot start the acceptor thread");
  s->door_running = 1;
  return JK_OK;
}

void srv_door_stop(srv *s) {
  struct srv_door *d = s->door;
  if (!d) return;
  if (s->door_running) {
    uint64_t one = 1;
    ssize_t w = write(d->wakefd, &one, sizeof one);
    (void)w;
    pthread_join(d->thread, NULL);
    s->door_running = 0;
  }
  while (d->phead) pend_drop(d, d->phead, 503, "the server is stopping");
  if (d->lfd >= 0) close(d->lfd);
  d->lfd = -1;
}

void srv_door_close(srv *s, struct srv_door *d) {
  if (!d) return;
  if (d->lfd >= 0) close(d->lfd);
  if (d->efd >= 0) close(d->efd);
  if (d->wakefd >= 0) close(d->wakefd);
  for (size_t i = 0; d->byfd && i < d->nfd; i++) free(d->byfd[i]);
  free(d->byfd);
  for (int i = 0; i < ABUCKETS; i++)
    for (acount *a = d->buckets[i], *next; a; a = next) {
      next = a->next;
      free(a);
    }
  pthread_mutex_destroy(&d->mu);
  free(d);
  if (s->door == d) s->door = NULL;
}
