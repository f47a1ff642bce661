/*
** users.h — the casebook's analysts: named users, each with a role and
** a token of which only the SHA-256 is stored (users.c).
**
**   reader   reads (and keeps its own saved searches and alerts)
**   analyst  also ingests, corrects and marks incidents reviewed
**   admin    also re-extracts and manages users
**
** A token is shown once, when the user is added; a lost token means
** removing the user and adding them again.
*/
#ifndef JK_USERS_H
#define JK_USERS_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum jk_role { JK_ROLE_NONE = 0, JK_ROLE_READER, JK_ROLE_ANALYST, JK_ROLE_ADMIN } jk_role;

/* "reader", "analyst", "admin" (NULL for JK_ROLE_NONE); and back (-1). */
const char *jk_role_name(jk_role r);
int jk_role_parse(const char *s);

/* Longest user name, bytes. */
#define JK_USER_NAME_MAX 64

/*
** Add a user: name is 1..64 bytes of letters, digits, '.', '_', '-' or
** any non-ASCII UTF-8 (no spaces, no control characters).  token_out (65
** bytes) gets the new token, 64 hex characters of 32 random bytes: show
** it once, it is not kept.  JK_EINVAL for a bad name or one that is
** taken (the message says which).
*/
jk_rc jk_user_add(jk_store *st, const char *name, jk_role role, char token_out[65], jk_err *err);
/* Remove a user by name (JK_ENOTFOUND when there is none). */
jk_rc jk_user_remove(jk_store *st, const char *name, jk_err *err);

/* One user as listed (never the token or its hash). */
typedef struct jk_user {
  const char *name;
  jk_role role;
  const char *created_at;
} jk_user;
typedef int (*jk_user_fn)(void *ctx, const jk_user *u);
/* Every user, by name; *n (may be NULL) gets how many. */
jk_rc jk_user_each(jk_store *st, jk_user_fn fn, void *ctx, long long *n, jk_err *err);

/*
** Who holds this token?  Compares its SHA-256 with every stored hash in
** constant time (no early exit, CRYPTO_memcmp).  *role = JK_ROLE_NONE
** when nobody does; name (JK_USER_NAME_MAX + 1 bytes) gets the name.
*/
jk_rc jk_user_auth(jk_store *st, const char *token, size_t len, jk_role *role, char *name, jk_err *err);

#ifdef __cplusplus
}
#endif
#endif /* JK_USERS_H */
