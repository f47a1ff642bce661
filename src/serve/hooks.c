/*
** hooks.c — the server's webhook deliverer: a thread that, once a
** second, POSTs the alerts whose webhook is due (lib/alerts.c decides
** what is due, signs, retries with backoff and records the outcome), on
** a connection of its own, opened for writing only once the server can
** write (a --token-file token, or a user).  $JIKENBO_WEBHOOK_BACKOFF (seconds, default
** 30) sets the first retry's delay, for tests on loopback.
*/
#include "serve.h"

#include "../../lib/alerts.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static void *hooks_thread(void *vp) {
  srv *s = vp;
  jk_store *st = NULL, *ro = NULL;
  jk_deliver_opts o;
  jk_deliver_opts_init(&o);
  const char *b = getenv("JIKENBO_WEBHOOK_BACKOFF");
  if (b && *b && atof(b) > 0) o.backoff_s = atof(b);
  int complained = 0;
  while (!atomic_load(&s->hooks_stop)) {
    jk_err err = {0};
    /* A read-only server (no token, no user) never opens for writing. */
    if (!st && !s->token) {
      if (!ro && jk_store_open(s->db_path, JK_STORE_READONLY, &ro, &err) != JK_OK) ro = NULL;
      long long n = 0;
      if (!ro || jk_user_each(ro, NULL, NULL, &n, &err) != JK_OK || n == 0) {
        for (int i = 0; i < 10 && !atomic_load(&s->hooks_stop); i++) usleep(100 * 1000);
        continue;
      }
    }
    if (!st && jk_store_open(s->db_path, 0, &st, &err) != JK_OK) {
      if (!complained++) fprintf(stderr, "jikenbo: serve: webhooks: %s\n", err.msg);
      st = NULL;
    }
    if (st) {
      jk_deliver_stats ds = {0, 0, 0};
      if (jk_alerts_deliver(st, (double)time(NULL), &o, &ds, &err) != JK_OK && !complained++)
        fprintf(stderr, "jikenbo: serve: webhooks: %s\n", err.msg);
      if (!s->quiet && (ds.sent || ds.retried || ds.failed))
        fprintf(stderr, "jikenbo: serve: webhooks: %lld sent, %lld to retry, %lld given up\n", ds.sent, ds.retried,
                ds.failed);
      if (ds.sent || ds.retried || ds.failed) atomic_fetch_add(&s->writes, 1);
    }
    for (int i = 0; i < 10 && !atomic_load(&s->hooks_stop); i++) usleep(100 * 1000);
  }
  jk_store_close(st);
  jk_store_close(ro);
  return NULL;
}

void srv_hooks_start(srv *s) {
  atomic_store(&s->hooks_stop, 0);
  s->hooks_on = pthread_create(&s->hooks, NULL, hooks_thread, s) == 0;
}

void srv_hooks_stop(srv *s) {
  if (!s->hooks_on) return;
  atomic_store(&s->hooks_stop, 1);
  pthread_join(s->hooks, NULL);
  s->hooks_on = 0;
}
