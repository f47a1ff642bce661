/*
** netguard.h — keeping a libcurl request off internal addresses
** (netguard.c; the policy and the address test are public in web.h).
**
** Internal to the library: fetch.c (URLs fetched for a remote user) and
** alerts.c (webhooks) call it around curl_easy_perform:
**
**   jk_net_guard g;
**   if ((rc = jk_net_guard_begin(&g, curl, &policy, url, err))) return rc;
**   cc = curl_easy_perform(curl);
**   rc = jk_net_guard_refused(&g, url, where, err);  // JK_EDENIED or JK_OK
**   jk_net_guard_end(&g);
**
** begin resolves the URL's host once, refuses it (JK_EDENIED, the message
** names the URL, the address, its kind and what the operator may set)
** when any of its addresses is internal and not allowed, pins curl to the
** addresses it checked (CURLOPT_RESOLVE), and installs a socket callback
** (CURLOPT_OPENSOCKETFUNCTION) that checks every address curl is about to
** connect to — after a redirect, or a name curl resolves itself — so a
** DNS answer that changes between the check and the connection (DNS
** rebinding) is refused too.  Proxies from the environment are switched
** off: through a proxy the address connected to would be the proxy's.
** With a policy that allows all, begin does nothing.
*/
#ifndef JK_NETGUARD_H
#define JK_NETGUARD_H

#include "web.h"

#include <curl/curl.h>

typedef struct jk_net_guard {
  const jk_net_policy *policy;
  struct curl_slist *pin;   /* the CURLOPT_RESOLVE entry, freed by end */
  const char *refused_kind; /* set by the socket callback when it refused */
  char refused_addr[64];
} jk_net_guard;

/* Check url's host under policy p and set up c (see above).  JK_OK,
   JK_EDENIED, JK_EINVAL (no host), JK_EIO (the host does not resolve). */
jk_rc jk_net_guard_begin(jk_net_guard *g, CURL *c, const jk_net_policy *p, const char *url, jk_err *err);

/* After the transfer: JK_EDENIED with a message naming url (and where,
   the URL curl was redirected to, when it differs) if the socket
   callback refused an address; else JK_OK. */
jk_rc jk_net_guard_refused(const jk_net_guard *g, const char *url, const char *where, jk_err *err);

/* Free what begin kept (call after the transfer). */
void jk_net_guard_end(jk_net_guard *g);

#endif /* JK_NETGUARD_H */
