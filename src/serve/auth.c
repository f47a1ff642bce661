/*
** auth.c — who is asking: the bearer token of a request turned into a
** role and a user name, for api.c's routes (and for http.c, which may
** decide before reading a body).
**
**   the --token-file token    admin, named "admin"
**   a user's token            that user's role (lib/users.c)
**   none, or an unknown one   JK_ROLE_NONE
**
** Tokens are compared in constant time; the header is never copied,
** logged or echoed.
*/
#include "serve.h"

#include <string.h>

jk_role srv_auth(srv *s, struct MHD_Connection *c, char name[JK_USER_NAME_MAX + 1], int *presented) {
  name[0] = 0;
  if (presented) *presented = 0;
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  const char *tok;
  size_t n;
  if (!h || jk_http_bearer(h, &tok, &n) != 0) return JK_ROLE_NONE;
  if (presented) *presented = 1;
  /* Both checks run whatever the first says. */
  int is_admin = s->token && jk_http_secret_eq(tok, n, s->token, s->token_len);
  jk_role role = JK_ROLE_NONE;
  jk_err err = {0};
  jk_store *st = srv_db_reader(s, &err);
  if (st && jk_user_auth(st, tok, n, &role, name, &err) != JK_OK) role = JK_ROLE_NONE;
  if (is_admin) {
    snprintf(name, JK_USER_NAME_MAX + 1, "admin");
    return JK_ROLE_ADMIN;
  }
  return role;
}

unsigned srv_auth_check(jk_role need, jk_role have) {
  if (need == JK_ROLE_NONE) return 0;
  if (have == JK_ROLE_NONE) return MHD_HTTP_UNAUTHORIZED;
  return have >= need ? 0 : MHD_HTTP_FORBIDDEN;
}

int srv_writable(srv *s) {
  if (s->token) return 1;
  jk_err err = {0};
  jk_store *st = srv_db_reader(s, &err);
  long long n = 0;
  return st && jk_user_each(st, NULL, NULL, &n, &err) == JK_OK && n > 0;
}
