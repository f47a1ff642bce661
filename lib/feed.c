/*
** feed.c — the entries of an Atom, RSS 2.0 or RSS 1.0 feed.
**
** Casebook blogs (Blogger's /feeds/posts/default among them) publish
** Atom; press pages often RSS.  libxml2 reads the feed without network,
** DTDs or entity expansion (an entity reference in a feed is left out, so
** a "billion laughs" costs nothing).  Each entry's HTML content becomes
** text through html.c; an entry that carries only a summary is flagged so
** the caller fetches the linked page instead.
*/
#include "web.h"
#include "jk_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <limits.h>
#include <strings.h>

#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* A summary shorter than this (bytes of text), with no full content
   beside it, is taken as a teaser: read the linked page instead. */
#define TEASER_MAX 600

static int named(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

static int in_ns(const xmlNode *n, const char *href) {
  return n->ns && n->ns->href && strcmp((const char *)n->ns->href, href) == 0;
}

/* First child element called name (any namespace unless ns given). */
static xmlNode *child(xmlNode *p, const char *name, const char *ns) {
  for (xmlNode *c = p ? p->children : NULL; c; c = c->next)
    if (named(c, name) && (!ns || in_ns(c, ns))) return c;
  return NULL;
}

/* Text content of n (text and CDATA, entity references left out),
   appended to b. */
static void text_of(xmlNode *n, jk_buf *b) {
  if (!n) return;
  for (xmlNode *x = n->children; x; ) {
    if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content)
      jk_buf_puts(b, (const char *)x->content);
    if (x->type == XML_ELEMENT_NODE && x->children) {
      x = x->children;
      continue;
    }
    while (x && x != n && !x->next) x = x->parent;
    if (!x || x == n) break;
    x = x->next;
  }
}

static const char *attr(xmlNode *n, const char *name) {
  for (xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
    if (a->name && strcmp((const char *)a->name, name) == 0 && a->children &&
        a->children->content)
      return (const char *)a->children->content;
  return NULL;
}

/* Trim ASCII white space at both ends of b, in place. */
static void trim(jk_buf *b) {
  size_t s = 0;
  while (s < b->len && (b->p[s] == ' ' || b->p[s] == '\n' || b->p[s] == '\r' || b->p[s] == '\t')) s++;
  size_t e = b->len;
  while (e > s && (b->p[e - 1] == ' ' || b->p[e - 1] == '\n' || b->p[e - 1] == '\r' || b->p[e - 1] == '\t'))
    e--;
  if (s) memmove(b->p, b->p + s, e - s);
  b->len = e - s;
  if (b->cap) b->p[b->len] = 0;
}

/* libxml2's recovery can pass bytes through that are not UTF-8 (a feed
   whose declared encoding lies): replace them, so every string we hand
   out is valid UTF-8. */
static void repair(jk_buf *b) {
  if (!b->p || jk_utf8_valid_len(b->p, b->len) == b->len) return;
  jk_buf fixed;
  jk_buf_init(&fixed);
  if (jk_charset_to_utf8(b->p, b->len, "UTF-8", &fixed, NULL) == JK_OK && !fixed.oom) {
    jk_buf_free(b);
    *b = fixed;
  } else {
    jk_buf_free(&fixed);
    b->len = jk_utf8_valid_len(b->p, b->len); /* out of memory: keep the valid part */
    b->p[b->len] = 0;
  }
}

/* Buffers reused across entries. */
typedef struct fields {
  jk_buf id, link, title, published, updated, content, text;
} fields;

static void fields_reset(fields *f) {
  jk_buf *all[] = {&f->id, &f->link, &f->title, &f->published, &f->updated, &f->content, &f->text};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    jk_buf_reset(all[i]);
    jk_buf_puts(all[i], ""); /* so .p is never NULL */
  }
}

static void fields_free(fields *f) {
  jk_buf *all[] = {&f->id, &f->link, &f->title, &f->published, &f->updated, &f->content, &f->text};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) jk_buf_free(all[i]);
}

/* Serialise the children of an Atom type="xhtml" <content> as HTML. */
static void xhtml_of(xmlNode *n, jk_buf *b) {
  xmlBufferPtr xb = xmlBufferCreate();
  if (!xb) return;
  for (xmlNode *c = n->children; c; c = c->next) xmlNodeDump(xb, n->doc, c, 0, 0);
  jk_buf_append(b, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
  xmlBufferFree(xb);
}

/* Atom: the alternate link (rel absent or "alternate"), text/html first. */
static void atom_link(xmlNode *e, jk_buf *b) {
  const char *best = NULL;
  for (xmlNode *c = e->children; c; c = c->next) {
    if (!named(c, "link")) continue;
    const char *rel = attr(c, "rel"), *href = attr(c, "href");
    if (!href || (rel && strcmp(rel, "alternate") != 0)) continue;
    const char *type = attr(c, "type");
    if (!best || (type && strcmp(type, "text/html") == 0)) best = href;
  }
  if (best) jk_buf_puts(b, best);
}

/*
** Fill f from one entry (Atom <entry>, RSS <item>).  Returns 1 when the
** content is HTML; sets *summary_only.
*/
static int read_entry(xmlNode *e, int atom, fields *f, int *summary_only) {
  int html = 0;
  *summary_only = 0;
  if (atom) {
    text_of(child(e, "id", NULL), &f->id);
    atom_link(e, &f->link);
    text_of(child(e, "published", NULL), &f->published);
    text_of(child(e, "updated", NULL), &f->updated);
    xmlNode *t = child(e, "title", NULL);
    xmlNode *content = child(e, "content", NULL);
    if (content && attr(content, "src")) content = NULL; /* content elsewhere */
    xmlNode *body = content ? content : child(e, "summary", NULL);
    if (!content) *summary_only = 1;
    if (body) {
      const char *type = attr(body, "type");
      if (type && strcmp(type, "xhtml") == 0) {
        xhtml_of(body, &f->content);
        html = 1;
      } else {
        text_of(body, &f->content);
        html = type && (strcmp(type, "html") == 0 || strstr(type, "html") != NULL);
      }
    }
    if (t) {
      const char *type = attr(t, "type");
      if (type && (strcmp(type, "html") == 0 || strcmp(type, "xhtml") == 0)) {
        jk_buf raw;
        jk_buf_init(&raw);
        text_of(t, &raw);
        jk_html_to_text(raw.p ? raw.p : "", raw.len, "UTF-8", &f->title, NULL);
        jk_buf_free(&raw);
      } else {
        text_of(t, &f->title);
      }
    }
  } else {
    xmlNode *guid = child(e, "guid", NULL);
    text_of(guid, &f->id);
    const char *about = attr(e, "about"); /* RSS 1.0: rdf:about */
    if (f->id.len == 0 && about) jk_buf_puts(&f->id, about);
    text_of(child(e, "link", NULL), &f->link);
    text_of(child(e, "title", NULL), &f->title);
    xmlNode *pub = child(e, "pubDate", NULL);
    if (!pub) pub = child(e, "date", NULL); /* dc:date */
    text_of(pub, &f->published);
    xmlNode *full = child(e, "encoded", NS_CONTENT);
    xmlNode *desc = child(e, "description", NULL);
    text_of(full ? full : desc, &f->content);
    html = 1; /* RSS descriptions are entity-encoded HTML by custom */
    if (!full) {
      /* A description is often the whole post; a short one, or one that
         ends in an ellipsis, is a teaser. */
      trim(&f->content);
      size_t n = f->content.len;
      int ellipsis = jk_ends(f->content.p, n, "…") || jk_ends(f->content.p, n, "...") ||
                     jk_ends(f->content.p, n, "[…]") || jk_ends(f->content.p, n, "続きを読む");
      *summary_only = n < TEASER_MAX || ellipsis;
    }
  }
  jk_buf *all[] = {&f->id, &f->link, &f->title, &f->published, &f->updated, &f->content};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) repair(all[i]);
  trim(&f->id);
  trim(&f->link);
  trim(&f->title);
  trim(&f->published);
  trim(&f->updated);
  if (f->id.len == 0 && f->link.len) jk_buf_puts(&f->id, f->link.p);
  return html;
}

jk_rc jk_feed_parse(const char *bytes, size_t len, jk_feed_entry_fn fn, void *ctx,
                    jk_feed_info *info, jk_diags *diags, jk_err *err) {
  jk_feed_info dummy;
  if (!info) info = &dummy;
  memset(info, 0, sizeof *info);
  if (len > JK_FEED_MAX)
    return jk_err_set(err, JK_ETOOBIG, "feed of %zu bytes is over the %u MiB limit", len,
                      JK_FEED_MAX >> 20);
  if (len == 0) return jk_err_set(err, JK_EINVAL, "empty feed: no bytes");
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return jk_err_set(err, JK_ENOMEM, "out of memory");
  /* No XML_PARSE_NOENT (entities stay references), no DTD loading, no
     network; recover so one stray & does not lose the whole feed. */
  xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, NULL, NULL,
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                        XML_PARSE_RECOVER | XML_PARSE_COMPACT);
  int wellformed = ctxt->wellFormed;
  xmlFreeParserCtxt(ctxt);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root) {
    if (doc) xmlFreeDoc(doc);
    return jk_err_set(err, JK_EINVAL, "not a feed: the bytes are not XML");
  }
  if (!wellformed && diags) jk_diags_add(diags, 0, -1, "the feed is not well-formed XML: read what could be recovered");
  xmlNode *container = NULL;
  int atom = 0;
  if (named(root, "feed")) {
    container = root, atom = 1;
    snprintf(info->format, sizeof info->format, "atom");
  } else if (named(root, "rss")) {
    container = child(root, "channel", NULL);
    snprintf(info->format, sizeof info->format, "rss2");
  } else if (named(root, "RDF") && in_ns(root, NS_RDF)) {
    container = root;
    snprintf(info->format, sizeof info->format, "rss1");
  }
  if (!container) {
    jk_err_set(err, JK_EINVAL, "not a feed: the root element is <%.60s>, not <feed> (Atom) or <rss>",
               root->name ? (const char *)root->name : "?");
    xmlFreeDoc(doc);
    return JK_EINVAL;
  }
  {
    jk_buf t;
    jk_buf_init(&t);
    xmlNode *tn = atom ? child(container, "title", NULL)
                       : child(named(root, "RDF") ? child(root, "channel", NULL) : container, "title", NULL);
    text_of(tn, &t);
    repair(&t);
    trim(&t);
    if (t.len) {
      /* Cut a long title at a character boundary, never inside one. */
      size_t n = jk_utf8_valid_prefix(t.p, t.len < sizeof info->title - 1 ? t.len : sizeof info->title - 1);
      memcpy(info->title, t.p, n);
      info->title[n] = 0;
    }
    jk_buf_free(&t);
  }

  fields f;
  memset(&f, 0, sizeof f);
  jk_rc rc = JK_OK;
  int index = 0;
  const char *entry_name = atom ? "entry" : "item";
  for (xmlNode *e = container->children; e; e = e->next) {
    if (!named(e, entry_name)) continue;
    int this_index = index++;
    if (info->entries >= JK_FEED_MAX_ENTRIES) {
      info->skipped++;
      continue;
    }
    fields_reset(&f);
    int summary_only = 0;
    int html = read_entry(e, atom, &f, &summary_only);
    if (f.id.len == 0) {
      info->skipped++;
      if (diags) jk_diags_add(diags, e->line, -1, "entry %d has neither an id nor a link: skipped", this_index + 1);
      continue;
    }
    /* The text to split: the title on its own line, then the content. */
    if (f.title.len) {
      jk_buf_append(&f.text, f.title.p, f.title.len);
      jk_buf_puts(&f.text, "\n");
    }
    if (html) {
      jk_rc hr = jk_html_to_text(f.content.p, f.content.len, "UTF-8", &f.text, NULL);
      if (hr == JK_ENOMEM) {
        rc = jk_err_set(err, JK_ENOMEM, "out of memory reading entry %d", this_index + 1);
        break;
      }
      if (hr && diags) jk_diags_add(diags, e->line, -1, "entry %d: content unreadable (%s)", this_index + 1, jk_rc_name(hr));
    } else {
      jk_buf_append(&f.text, f.content.p, f.content.len);
    }
    if (f.text.oom || f.id.oom || f.content.oom) {
      rc = jk_err_set(err, JK_ENOMEM, "out of memory reading entry %d", this_index + 1);
      break;
    }
    jk_feed_entry ent = {this_index, f.id.p, f.link.p, f.title.p, f.published.p, f.updated.p,
                         f.content.p, html, summary_only, f.text.p ? f.text.p : "", f.text.len,
                         info->title};
    info->entries++;
    if (fn && fn(ctx, &ent)) break;
  }
  fields_free(&f);
  xmlFreeDoc(doc);
  return rc;
}
