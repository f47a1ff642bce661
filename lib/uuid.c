/*
** uuid.c — name-based UUIDs (version 5, RFC 9562 §5.5) with OpenSSL SHA-1.
**
** Exported objects get ids derived from their content rather than random
** ones, so exporting the same incident twice gives the same STIX id, MISP
** uuid and VERIS incident_id, and a tool importing a re-export updates
** what it has instead of adding a copy.
*/
#include "share.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parse the 36-character textual form into 16 bytes. */
static int uuid_parse(const char *s, unsigned char out[16]) {
  if (strlen(s) != 36) return -1;
  int k = 0;
  for (int i = 0; i < 36;) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return -1;
      i++;
      continue;
    }
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return -1;
    out[k++] = (unsigned char)(hi << 4 | lo);
    i += 2;
  }
  return 0;
}

jk_rc jk_uuid5(const char *ns, const char *name, size_t n, char out[37]) {
  unsigned char nsb[16], md[EVP_MAX_MD_SIZE];
  unsigned int mdn = 0;
  out[0] = 0;
  if (uuid_parse(ns ? ns : JK_UUID_NAMESPACE, nsb)) return JK_EINVAL;
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx) return JK_ENOMEM;
  int ok = EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, nsb, 16) &&
           EVP_DigestUpdate(ctx, name, n) && EVP_DigestFinal_ex(ctx, md, &mdn);
  EVP_MD_CTX_free(ctx);
  if (!ok || mdn < 16) return JK_ENOMEM;
  md[6] = (unsigned char)((md[6] & 0x0f) | 0x50); /* version 5 */
  md[8] = (unsigned char)((md[8] & 0x3f) | 0x80); /* RFC variant */
  snprintf(out, 37,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", md[0], md[1], md[2],
           md[3], md[4], md[5], md[6], md[7], md[8], md[9], md[10], md[11], md[12], md[13], md[14], md[15]);
  return JK_OK;
}

jk_rc jk_uuid5_kind(const char *kind, const char *name, char out[37]) {
  jk_buf b;
  jk_buf_init(&b);
  jk_buf_puts(&b, kind);
  jk_buf_putc(&b, ':');
  jk_buf_puts(&b, name ? name : "");
  if (b.oom) {
    jk_buf_free(&b);
    out[0] = 0;
    return JK_ENOMEM;
  }
  jk_rc rc = jk_uuid5(NULL, b.p, b.len, out);
  jk_buf_free(&b);
  return rc;
}
