/*
** misp_feed.c — a MISP feed of the casebook, in memory: what MISP's "Add
** feed" (source format "MISP Feed") pulls from a directory or a URL —
**
**   manifest.json   {"<event uuid>": {"info", "date", "analysis",
**                   "threat_level_id", "timestamp", "Orgc", "Tag"}, …}:
**                   MISP compares each timestamp with its copy and fetches
**                   the events that are new or newer
**   <uuid>.json     {"Event": …}, the event as `export --format misp`
**   hashes.csv      "md5,event-uuid" per attribute value (MISP's feed
**                   correlation and caching read it)
**
** The same fields as PyMISP's feed generator writes (MISPEvent.manifest,
** MISPAttribute.hash_values("md5")).  No I/O: the CLI writes the files
** (src/export_feed.c), the server sends them (src/serve/mispfeed.c).
*/
#include "share.h"

#include <cjson/cJSON.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jk_misp_feed {
  jk_buf manifest; /* "uuid":{…} entries joined by "," */
  jk_buf hashes;
  size_t n;
};

jk_rc jk_misp_feed_new(jk_misp_feed **out) {
  *out = calloc(1, sizeof **out);
  if (!*out) return JK_ENOMEM;
  jk_buf_init(&(*out)->manifest);
  jk_buf_init(&(*out)->hashes);
  return JK_OK;
}

void jk_misp_feed_free(jk_misp_feed *f) {
  if (!f) return;
  jk_buf_free(&f->manifest);
  jk_buf_free(&f->hashes);
  free(f);
}

size_t jk_misp_feed_count(const jk_misp_feed *f) { return f->n; }

static void md5_hex(const char *s, size_t n, char out[33]) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int k = 0;
  EVP_Digest(s, n, md, &k, EVP_md5(), NULL);
  for (unsigned i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* Copy a member of ev into the manifest entry as it is. */
static void member(jk_buf *b, const cJSON *ev, const char *key, int *first) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(ev, key);
  if (!v) return;
  char *s = cJSON_PrintUnformatted(v);
  if (!s) {
    b->oom = 1;
    return;
  }
  jk_buf_printf(b, "%s\"%s\":%s", *first ? "" : ",", key, s);
  *first = 0;
  cJSON_free(s);
}

jk_rc jk_misp_feed_add(jk_misp_feed *f, const jk_incident *inc, jk_buf *event, char uuid[37]) {
  jk_buf_reset(event);
  jk_rc rc = jk_misp_event(inc, event);
  if (rc) return rc;
  cJSON *doc = cJSON_ParseWithLength(event->p, event->len);
  const cJSON *ev = doc ? cJSON_GetObjectItemCaseSensitive(doc, "Event") : NULL;
  const cJSON *u = ev ? cJSON_GetObjectItemCaseSensitive(ev, "uuid") : NULL;
  if (!cJSON_IsString(u) || strlen(u->valuestring) != 36) {
    cJSON_Delete(doc);
    return JK_EINVAL; /* cannot happen: the exporter writes both */
  }
  snprintf(uuid, 37, "%s", u->valuestring);
  jk_buf *m = &f->manifest;
  jk_buf_printf(m, "%s\"%s\":{", f->n ? "," : "", uuid);
  int first = 1;
  static const char *const keys[] = {"info", "date", "analysis", "threat_level_id", "timestamp", "Orgc", "Tag"};
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) member(m, ev, keys[i], &first);
  jk_buf_putc(m, '}');
  /* hashes.csv: the MD5 of every attribute value (of each part of a
     composite "a|b" type's value). */
  const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(ev, "Attribute"), *a;
  cJSON_ArrayForEach(a, attrs) {
    const cJSON *ty = cJSON_GetObjectItemCaseSensitive(a, "type");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "value");
    if (!cJSON_IsString(v)) continue;
    int composite = cJSON_IsString(ty) && strchr(ty->valuestring, '|');
    const char *p = v->valuestring;
    char h[33];
    do {
      size_t k = composite ? strcspn(p, "|") : strlen(p);
      md5_hex(p, k, h);
      jk_buf_printf(&f->hashes, "%s,%s\n", h, uuid);
      p += k;
      if (*p == '|') p++;
      else break;
    } while (1);
  }
  cJSON_Delete(doc);
  jk_buf_putc(event, '\n');
  f->n++;
  return event->oom || m->oom || f->hashes.oom ? JK_ENOMEM : JK_OK;
}

jk_rc jk_misp_feed_manifest(const jk_misp_feed *f, jk_buf *out) {
  jk_buf_putc(out, '{');
  if (f->manifest.len) jk_buf_append(out, f->manifest.p, f->manifest.len);
  jk_buf_puts(out, "}\n");
  return out->oom ? JK_ENOMEM : JK_OK;
}

jk_rc jk_misp_feed_hashes(const jk_misp_feed *f, jk_buf *out) {
  if (f->hashes.len) jk_buf_append(out, f->hashes.p, f->hashes.len);
  return out->oom ? JK_ENOMEM : JK_OK;
}
