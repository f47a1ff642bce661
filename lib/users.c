/*
** users.c — named users and roles (users.h): the users table of schema
** 9, tokens made from 32 random bytes, only their SHA-256 kept, and the
** constant-time lookup the server does on every request that needs one.
*/
#include "users.h"

#include "jk_int.h"
#include "store_int.h"
#include "web.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sqlite3.h>
#include <string.h>

static const char *const role_names[] = {NULL, "reader", "analyst", "admin"};

const char *jk_role_name(jk_role r) { return r > JK_ROLE_NONE && r <= JK_ROLE_ADMIN ? role_names[r] : NULL; }

int jk_role_parse(const char *s) {
  for (int i = JK_ROLE_READER; s && i <= JK_ROLE_ADMIN; i++)
    if (!strcmp(s, role_names[i])) return i;
  return -1;
}

/* A name: printable, no blanks or quotes, valid UTF-8, 1..64 bytes. */
static int name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > JK_USER_NAME_MAX || jk_utf8_valid_prefix(s, n) != n) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) continue;
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
          c == '-'))
      return 0;
  }
  return 1;
}

static void stamp(char out[32]) { jk_utc_now(out, 32); }

jk_rc jk_user_add(jk_store *st, const char *name, jk_role role, char token_out[65], jk_err *err) {
  if (!name || !name_ok(name))
    return jk_err_set(err, JK_EINVAL,
                      "user name '%.64s': write 1 to %d letters, digits, '.', '_' or '-' (Japanese is fine)",
                      name ? name : "", JK_USER_NAME_MAX);
  if (!jk_role_name(role)) return jk_err_set(err, JK_EINVAL, "role: write reader, analyst or admin");
  unsigned char raw[32];
  if (RAND_bytes(raw, sizeof raw) != 1) return jk_err_set(err, JK_EIO, "no random bytes for a token (OpenSSL RAND_bytes)");
  for (int i = 0; i < 32; i++) snprintf(token_out + 2 * i, 3, "%02x", raw[i]);
  OPENSSL_cleanse(raw, sizeof raw);
  char sha[65], now[32];
  jk_sha256_hex(token_out, 64, sha);
  stamp(now);
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "INSERT INTO users(name, role, token_sha256, created_at) VALUES(?1,?2,?3,?4)",
                               -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "adding a user", err);
  sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, jk_role_name(role), -1, SQLITE_STATIC);
  sqlite3_bind_text(s, 3, sha, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 4, now, -1, SQLITE_TRANSIENT);
  src = sqlite3_step(s);
  int ext = sqlite3_extended_errcode(st->db);
  sqlite3_finalize(s);
  if (src == SQLITE_DONE) return JK_OK;
  memset(token_out, 0, 65);
  if (ext == SQLITE_CONSTRAINT_UNIQUE)
    return jk_err_set(err, JK_EINVAL, "user '%s' already exists: remove them first to issue a new token", name);
  return jk_store_dberr(st, src, "adding a user", err);
}

jk_rc jk_user_remove(jk_store *st, const char *name, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "DELETE FROM users WHERE name = ?1", -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "removing a user", err);
  sqlite3_bind_text(s, 1, name ? name : "", -1, SQLITE_TRANSIENT);
  src = sqlite3_step(s);
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "removing a user", err);
  if (sqlite3_changes(st->db) == 0) return jk_err_set(err, JK_ENOTFOUND, "no user named '%.64s'", name ? name : "");
  return JK_OK;
}

jk_rc jk_user_each(jk_store *st, jk_user_fn fn, void *ctx, long long *n, jk_err *err) {
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT name, role, created_at FROM users ORDER BY name", -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "listing users", err);
  long long k = 0;
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    jk_user u = {(const char *)sqlite3_column_text(s, 0), (jk_role)jk_role_parse((const char *)sqlite3_column_text(s, 1)),
                 (const char *)sqlite3_column_text(s, 2)};
    k++;
    if (fn && fn(ctx, &u)) break;
  }
  sqlite3_finalize(s);
  if (src != SQLITE_ROW && src != SQLITE_DONE) return jk_store_dberr(st, src, "listing users", err);
  if (n) *n = k;
  return JK_OK;
}

jk_rc jk_user_auth(jk_store *st, const char *token, size_t len, jk_role *role, char *name, jk_err *err) {
  *role = JK_ROLE_NONE;
  name[0] = 0;
  char sha[65];
  jk_sha256_hex(token, len, sha);
  sqlite3_stmt *s;
  int src = sqlite3_prepare_v2(st->db, "SELECT name, role, token_sha256 FROM users", -1, &s, NULL);
  if (src) return jk_store_dberr(st, src, "reading users", err);
  /* Every row is compared, whichever matches: the time says nothing of
     which user (or whether any) holds the token. */
  while ((src = sqlite3_step(s)) == SQLITE_ROW) {
    const char *h = (const char *)sqlite3_column_text(s, 2);
    int eq = h && strlen(h) == 64 && CRYPTO_memcmp(h, sha, 64) == 0;
    if (eq) {
      snprintf(name, JK_USER_NAME_MAX + 1, "%s", (const char *)sqlite3_column_text(s, 0));
      int r = jk_role_parse((const char *)sqlite3_column_text(s, 1));
      *role = r > 0 ? (jk_role)r : JK_ROLE_NONE;
    }
  }
  sqlite3_finalize(s);
  if (src != SQLITE_DONE) return jk_store_dberr(st, src, "reading users", err);
  return JK_OK;
}
