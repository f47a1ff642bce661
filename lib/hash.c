/*
** hash.c — SHA-256 content hashes (OpenSSL EVP).
**
** The store keys documents and notices by the SHA-256 of their bytes, so
** that ingesting the same file or the same notice twice stores it once.
*/
#include "store.h"

#include <openssl/evp.h>
#include <string.h>

/*
** SHA-256 of data as 64 lower-case hex characters and a NUL.  On the
** (memory) failure of OpenSSL, out is the empty string, which never
** matches a stored hash.
*/
void jk_sha256_hex(const void *data, size_t len, char out[65]) {
  static const char hex[] = "0123456789abcdef";
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  out[0] = 0;
  if (!EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) || n != 32) return;
  for (unsigned i = 0; i < 32; i++) {
    out[2 * i] = hex[md[i] >> 4];
    out[2 * i + 1] = hex[md[i] & 15];
  }
  out[64] = 0;
}
