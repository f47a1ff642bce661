/*
** netguard.c — which addresses a request made for someone else may reach.
**
** The server fetches URLs a remote user gives (POST /api/notices
** {"url":…}, and the pages a fetched feed links to) and POSTs webhooks to
** URLs a remote user saved.  Left alone, either would let that user make
** the server talk to its own loopback services, the cloud's metadata
** address (169.254.169.254) or the private network behind it (SSRF).
** The table below says which networks are internal; a jk_net_policy says
** which of them the operator allows; netguard.h applies it to a libcurl
** handle: the host is resolved once, every address checked, curl pinned
** to those addresses, and every address it connects to checked again.
*/
#include "netguard.h"

#include "jk_int.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The internal networks (IANA special-purpose registries, RFC 6890). */
static const struct {
  int family;
  unsigned char net[16];
  int bits;
  const char *kind;
} internal_nets[] = {
    {AF_INET, {0}, 8, "unspecified (0.0.0.0/8)"},
    {AF_INET, {10}, 8, "private (RFC 1918)"},
    {AF_INET, {100, 64}, 10, "shared (carrier-grade NAT, 100.64.0.0/10)"},
    {AF_INET, {127}, 8, "loopback"},
    {AF_INET, {169, 254}, 16, "link-local (cloud metadata lives here)"},
    {AF_INET, {172, 16}, 12, "private (RFC 1918)"},
    {AF_INET, {192, 0, 0}, 24, "IETF protocol assignment (192.0.0.0/24)"},
    {AF_INET, {192, 168}, 16, "private (RFC 1918)"},
    {AF_INET, {198, 18}, 15, "benchmarking (198.18.0.0/15)"},
    {AF_INET, {224}, 4, "multicast"},
    {AF_INET, {240}, 4, "reserved (240.0.0.0/4, broadcast)"},
    {AF_INET6, {0}, 128, "unspecified (::)"},
    {AF_INET6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback"},
    {AF_INET6, {0}, 96, "IPv4-compatible (::/96, deprecated)"},
    {AF_INET6, {0x01, 0x00, 0, 0, 0, 0, 0, 0}, 64, "discard-only (100::/64)"},
    {AF_INET6, {0xfc}, 7, "private (unique local, fc00::/7)"},
    {AF_INET6, {0xfe, 0x80}, 10, "link-local"},
    {AF_INET6, {0xfe, 0xc0}, 10, "site-local (deprecated)"},
    {AF_INET6, {0xff}, 8, "multicast"},
};

/* IPv6 prefixes whose last 4 bytes are an IPv4 address judged as such. */
static const unsigned char v4_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
static const unsigned char nat64[12] = {0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

static int in_prefix(const unsigned char *a, const unsigned char *net, int bits) {
  int full = bits / 8, rest = bits % 8;
  if (memcmp(a, net, (size_t)full) != 0) return 0;
  if (!rest) return 1;
  unsigned char mask = (unsigned char)(0xff << (8 - rest));
  return (a[full] & mask) == (net[full] & mask);
}

/* The family and bytes to judge sa by (an embedded IPv4 address comes
   out as AF_INET); 0 for a family that is not IP. */
static int addr_bytes(const struct sockaddr *sa, unsigned char out[16]) {
  if (sa->sa_family == AF_INET) {
    memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
    return AF_INET;
  }
  if (sa->sa_family == AF_INET6) {
    const unsigned char *b = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
    if (memcmp(b, v4_mapped, 12) == 0 || memcmp(b, nat64, 12) == 0) {
      memcpy(out, b + 12, 4);
      return AF_INET;
    }
    memcpy(out, b, 16);
    return AF_INET6;
  }
  return 0;
}

static void addr_text(const struct sockaddr *sa, char *text, size_t n) {
  if (!text || !n) return;
  text[0] = 0;
  char t[INET6_ADDRSTRLEN] = "";
  if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, t, sizeof t);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, t, sizeof t);
  else snprintf(t, sizeof t, "(address family %d)", (int)sa->sa_family);
  snprintf(text, n, "%s", t);
}

const char *jk_addr_internal(const struct sockaddr *sa, char *text, size_t n) {
  addr_text(sa, text, n);
  unsigned char b[16];
  int fam = addr_bytes(sa, b);
  if (!fam) return "not an IP address";
  for (size_t i = 0; i < sizeof internal_nets / sizeof internal_nets[0]; i++)
    if (internal_nets[i].family == fam && in_prefix(b, internal_nets[i].net, internal_nets[i].bits))
      return internal_nets[i].kind;
  return NULL;
}

int jk_net_allowed(const jk_net_policy *p, const struct sockaddr *sa, const char **kind, char *text, size_t n) {
  const char *k = jk_addr_internal(sa, text, n);
  if (kind) *kind = k;
  if (!k || (p && p->allow_all)) return 1;
  unsigned char b[16];
  int fam = addr_bytes(sa, b);
  if (!fam || !p) return 0;
  for (int i = 0; i < p->n; i++)
    if (p->allow[i].family == fam && in_prefix(b, p->allow[i].addr, p->allow[i].bits)) return 1;
  return 0;
}

/* ---- the policy's text ------------------------------------------------- */

static int word_is(const char *s, size_t n, const char *const *words) {
  for (; *words; words++)
    if (strlen(*words) == n && strncasecmp(s, *words, n) == 0) return 1;
  return 0;
}

/* One item "ADDR" or "ADDR/BITS" into *out; 0 on success. */
static int parse_prefix(const char *s, size_t n, jk_net_prefix *out) {
  char buf[INET6_ADDRSTRLEN + 8];
  if (n == 0 || n >= sizeof buf) return -1;
  memcpy(buf, s, n);
  buf[n] = 0;
  char *slash = strchr(buf, '/');
  long bits = -1;
  if (slash) {
    *slash = 0;
    char *end;
    if (!slash[1]) return -1;
    bits = strtol(slash + 1, &end, 10);
    if (*end || bits < 0) return -1;
  }
  memset(out, 0, sizeof *out);
  if (inet_pton(AF_INET, buf, out->addr) == 1) out->family = AF_INET, out->bits = 32;
  else if (inet_pton(AF_INET6, buf, out->addr) == 1) out->family = AF_INET6, out->bits = 128;
  else return -1;
  if (bits >= 0) {
    if (bits > out->bits) return -1;
    out->bits = (int)bits;
  }
  /* ::ffff:10.0.0.1 allows what 10.0.0.1 does: addresses are judged as IPv4. */
  if (out->family == AF_INET6 && out->bits >= 96 && memcmp(out->addr, v4_mapped, 12) == 0) {
    memmove(out->addr, out->addr + 12, 4);
    memset(out->addr + 4, 0, 12);
    out->family = AF_INET;
    out->bits -= 96;
  }
  return 0;
}

jk_rc jk_net_policy_parse(const char *spec, jk_net_policy *p, jk_err *err) {
  static const char *const no[] = {"0", "no", "false", "off", NULL};
  static const char *const yes[] = {"1", "yes", "true", "on", "all", NULL};
  memset(p, 0, sizeof *p);
  if (!spec) return JK_OK;
  size_t len = strlen(spec);
  while (len && (spec[len - 1] == ' ' || spec[len - 1] == '\t')) len--;
  while (len && (*spec == ' ' || *spec == '\t')) spec++, len--;
  if (len == 0 || word_is(spec, len, no)) return JK_OK;
  if (word_is(spec, len, yes)) {
    p->allow_all = 1;
    return JK_OK;
  }
  const char *s = spec, *end = spec + len;
  while (s < end) {
    const char *comma = memchr(s, ',', (size_t)(end - s));
    const char *e = comma ? comma : end;
    const char *a = s, *b = e;
    while (a < b && (*a == ' ' || *a == '\t')) a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
    if (p->n >= JK_NET_ALLOW_MAX) {
      memset(p, 0, sizeof *p);
      return jk_err_set(err, JK_EINVAL, "JIKENBO_ALLOW_INTERNAL_URLS: more than %d addresses or prefixes: "
                        "give wider prefixes (10.0.0.0/8)", JK_NET_ALLOW_MAX);
    }
    if (parse_prefix(a, (size_t)(b - a), &p->allow[p->n]) != 0) {
      int bad = (int)(b - a);
      memset(p, 0, sizeof *p);
      return jk_err_set(err, JK_EINVAL,
                        "JIKENBO_ALLOW_INTERNAL_URLS: \"%.*s\" is not an address or prefix: write 1 (allow "
                        "every internal address), 0, or a list such as 127.0.0.1,10.0.0.0/8,fd00::/8",
                        bad > 80 ? 80 : bad, a);
    }
    p->n++;
    s = comma ? comma + 1 : end;
  }
  return JK_OK;
}

/* ---- libcurl ------------------------------------------------------------ */

static const char remedy[] = "internal addresses are not reached for a remote user's request; the operator may allow "
                             "them with JIKENBO_ALLOW_INTERNAL_URLS=1 (all) or =ADDRESS[/BITS],… (some)";

static curl_socket_t open_checked(void *ud, curlsocktype purpose, struct curl_sockaddr *a) {
  jk_net_guard *g = ud;
  const char *kind = NULL;
  char text[64];
  if (!jk_net_allowed(g->policy, &a->addr, &kind, text, sizeof text)) {
    if (!g->refused_kind) {
      g->refused_kind = kind;
      snprintf(g->refused_addr, sizeof g->refused_addr, "%s", text);
    }
    return CURL_SOCKET_BAD;
  }
  (void)purpose;
  return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

jk_rc jk_net_guard_begin(jk_net_guard *g, CURL *c, const jk_net_policy *p, const char *url, jk_err *err) {
  memset(g, 0, sizeof *g);
  g->policy = p;
  if (p && p->allow_all) return JK_OK;
  CURLU *u = curl_url();
  if (!u) return jk_err_set(err, JK_ENOMEM, "out of memory");
  char *host = NULL, *port = NULL;
  jk_rc rc = JK_OK;
  unsigned int hflags = 0;
#ifdef CURLU_PUNYCODE
  hflags |= CURLU_PUNYCODE;
#endif
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK || curl_url_get(u, CURLUPART_HOST, &host, hflags) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK || !host || !*host) {
    rc = jk_err_set(err, JK_EINVAL, "%.300s: malformed URL (no host)", url);
    goto done;
  }
  /* [::1] → ::1, and no zone (%eth0): a zone only names a link-local one. */
  char name[300];
  size_t hl = strlen(host);
  if (hl >= sizeof name) {
    rc = jk_err_set(err, JK_EINVAL, "%.300s: the host name is too long", url);
    goto done;
  }
  if (host[0] == '[' && hl >= 2 && host[hl - 1] == ']') {
    memcpy(name, host + 1, hl - 2);
    name[hl - 2] = 0;
  } else {
    memcpy(name, host, hl + 1);
  }
  char *pct = host[0] == '[' ? strchr(name, '%') : NULL;
  if (pct) *pct = 0;

  struct addrinfo hints, *res = NULL;
  memset(&hints, 0, sizeof hints);
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  int gai = getaddrinfo(name, port, &hints, &res);
  if (gai != 0 || !res) {
    rc = jk_err_set(err, JK_EIO, "%.300s: cannot resolve %.200s (%s); check the address and the network, then try again",
                    url, name, gai_strerror(gai));
    goto done;
  }
  /* Every address is checked, and the pin lists them all. */
  struct sockaddr_in probe;
  memset(&probe, 0, sizeof probe);
  probe.sin_family = AF_INET;
  int numeric = inet_pton(AF_INET, name, &probe.sin_addr) == 1;
  struct in6_addr probe6;
  if (!numeric) numeric = inet_pton(AF_INET6, name, &probe6) == 1;
  char pin[1200];
  int k = snprintf(pin, sizeof pin, "%s:%s:", name, port);
  int first = 1;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    const char *kind = NULL;
    char text[64];
    if (!jk_net_allowed(p, ai->ai_addr, &kind, text, sizeof text)) {
      if (strcmp(text, name) == 0)
        rc = jk_err_set(err, JK_EDENIED, "%.300s: %s is an internal address (%s): not reached; %s", url, text, kind, remedy);
      else
        rc = jk_err_set(err, JK_EDENIED, "%.300s: %.200s resolves to %s, an internal address (%s): not reached; %s", url,
                        name, text, kind, remedy);
      break;
    }
    if (!numeric && k > 0 && (size_t)k + strlen(text) + 4 < sizeof pin) {
      k += snprintf(pin + k, sizeof pin - (size_t)k, ai->ai_family == AF_INET6 ? "%s[%s]" : "%s%s", first ? "" : ",", text);
      first = 0;
    }
  }
  freeaddrinfo(res);
  if (rc) goto done;
  if (!numeric && !first) {
    if (!(g->pin = curl_slist_append(NULL, pin))) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory");
      goto done;
    }
    curl_easy_setopt(c, CURLOPT_RESOLVE, g->pin);
  }
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_checked);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, g);
  curl_easy_setopt(c, CURLOPT_PROXY, "");
done:
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return rc;
}

jk_rc jk_net_guard_refused(const jk_net_guard *g, const char *url, const char *where, jk_err *err) {
  if (!g->refused_kind) return JK_OK;
  if (where && strcmp(where, url) != 0)
    return jk_err_set(err, JK_EDENIED, "%.300s: redirected to %.300s, at %s, an internal address (%s): not reached; %s", url, where,
                      g->refused_addr, g->refused_kind, remedy);
  return jk_err_set(err, JK_EDENIED, "%.300s: the connection went to %s, an internal address (%s): not reached; %s", url,
                    g->refused_addr, g->refused_kind, remedy);
}

void jk_net_guard_end(jk_net_guard *g) {
  curl_slist_free_all(g->pin);
  g->pin = NULL;
}
