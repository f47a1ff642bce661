#!/usr/bin/env python3
"""taxii_check.py — check jikenbo's TAXII 2.1 server against the resource
tables of the specification, written down here as data.

  taxii_check.py resources URL STIX_EXPORT   every endpoint, every error
  taxii_check.py paging URL STIX_EXPORT      page the whole collection by
                                             next and by added_after
                                             (several page sizes): no gap,
                                             no duplicate, the export's
                                             objects exactly
  taxii_check.py selftest -                  broken resources must fail the checks
  taxii_check.py last URL                    print the newest date_added
  taxii_check.py after URL SINCE_FILE IDS    objects added after the date in
                                             SINCE_FILE are exactly IDS
                                             (comma-separated)

URL is the server's root (http://127.0.0.1:PORT).  Prints one line per
problem and "N checked, N problems"; exits 1 when there is a problem.

The tables are from OASIS TAXII Version 2.1, OASIS Standard, 10 June 2021
(the text is not on this machine: the section numbers and properties are
written from the standard as published; a reviewer can hold this file
against it).  Each property: (type, required).  Types: "string",
"boolean", "integer", "timestamp" (RFC 3339, UTC, "Z"; section 2.1),
"identifier" (for TAXII resources a UUID, RFC 4122), "dictionary", "url",
"list of X" where X is a type or a resource of this table.
"""
import json
import re
import sys
import urllib.error
import urllib.request

TAXII_MEDIA = "application/taxii+json;version=2.1"  # section 1.6.8
STIX_MEDIA = "application/stix+json;version=2.1"  # section 1.6.8

RESOURCES = {
    # 3.6.1 Error Message Resource
    "error": ("3.6.1", {
        "title": ("string", True),
        "description": ("string", False),
        "error_id": ("string", False),
        "error_code": ("string", False),
        "http_status": ("string", False),
        "external_details": ("string", False),
        "details": ("dictionary", False),
    }),
    # 3.7 Envelope (its resource table)
    "envelope": ("3.7", {
        "more": ("boolean", False),
        "next": ("string", False),
        "objects": ("list of stix-object", False),
    }),
    # 4.1.1 Discovery Resource
    "discovery": ("4.1.1", {
        "title": ("string", True),
        "description": ("string", False),
        "contact": ("string", False),
        "default": ("url", False),
        "api_roots": ("list of url", False),
    }),
    # 4.2.1 API Root Resource
    "api-root": ("4.2.1", {
        "title": ("string", True),
        "description": ("string", False),
        "versions": ("list of string", True),
        "max_content_length": ("integer", True),
    }),
    # 4.3.1 Status Resource
    "status": ("4.3.1", {
        "id": ("identifier", True),
        "status": ("string", True),
        "request_timestamp": ("timestamp", False),
        "total_count": ("integer", True),
        "success_count": ("integer", True),
        "successes": ("list of status-details", False),
        "failure_count": ("integer", True),
        "failures": ("list of status-details", False),
        "pending_count": ("integer", True),
        "pendings": ("list of status-details", False),
    }),
    # 4.3.1 status-details
    "status-details": ("4.3.1", {
        "id": ("string", True),
        "version": ("string", True),
        "message": ("string", False),
    }),
    # 5.1.1 Collections Resource
    "collections": ("5.1.1", {
        "collections": ("list of collection", False),
    }),
    # 5.2.1 Collection Resource
    "collection": ("5.2.1", {
        "id": ("identifier", True),
        "title": ("string", True),
        "description": ("string", False),
        "alias": ("string", False),
        "can_read": ("boolean", True),
        "can_write": ("boolean", True),
        "media_types": ("list of string", False),
    }),
    # 5.3.1 Manifest Resource
    "manifest": ("5.3.1", {
        "more": ("boolean", False),
        "objects": ("list of manifest-record", False),
    }),
    # 5.3.1 manifest-record
    "manifest-record": ("5.3.1", {
        "id": ("string", True),
        "date_added": ("timestamp", True),
        "version": ("string", True),
        "media_type": ("string", False),
    }),
    # 5.8.1 Versions Resource
    "versions": ("5.8.1", {
        "more": ("boolean", False),
        "versions": ("list of string", False),
    }),
}

# Section 3.6: the HTTP status codes a TAXII server uses for errors.
ERROR_CODES = {400, 401, 403, 404, 405, 406, 413, 415, 422, 500}

# The endpoints (sections 4 and 5): path below the root, the resource of a
# 200, and whether the answer carries X-TAXII-Date-Added-First/Last
# (sections 5.3, 5.4, 5.6, 5.8).
ROOT = "/taxii2/jikenbo/"
COLL = ROOT + "collections/casebook/"

TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
STIX_ID_RE = re.compile(r"^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")

problems = []
checks = 0


def problem(msg):
    problems.append(msg)


def check(cond, msg):
    global checks
    checks += 1
    if not cond:
        problem(msg)
    return cond


def is_type(v, t):
    if t.startswith("list of "):
        return isinstance(v, list) and all(is_type(x, t[8:]) for x in v)
    if t == "string":
        return isinstance(v, str)
    if t == "url":
        return isinstance(v, str) and re.match(r"^https?://[^\s]+$", v) is not None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "timestamp":
        return isinstance(v, str) and TS_RE.match(v) is not None
    if t == "identifier":
        return isinstance(v, str) and UUID_RE.match(v) is not None
    if t == "dictionary":
        return isinstance(v, dict)
    if t == "stix-object":
        return isinstance(v, dict) and isinstance(v.get("id"), str) and isinstance(v.get("type"), str)
    if t in RESOURCES:
        return isinstance(v, dict)
    raise ValueError("unknown type " + t)


def check_resource(doc, name, where):
    """Field by field against the table: required properties present, every
    property of the type the table gives, nothing the table lacks; nested
    resources checked the same way."""
    section, table = RESOURCES[name]
    label = "%s: %s resource (section %s)" % (where, name, section)
    if not check(isinstance(doc, dict), "%s: not a JSON object" % label):
        return
    for prop, (typ, required) in table.items():
        if prop not in doc:
            check(not required, "%s: required property %s missing" % (label, prop))
            continue
        check(is_type(doc[prop], typ), "%s: %s is not %s: %r" % (label, prop, typ, doc[prop]))
        if typ.startswith("list of ") and typ[8:] in RESOURCES and isinstance(doc[prop], list):
            for i, item in enumerate(doc[prop]):
                check_resource(item, typ[8:], "%s.%s[%d]" % (where, prop, i))
    for prop in doc:
        check(prop in table, "%s: property %s is not in the table" % (label, prop))


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        try:
            self.json = json.loads(body.decode("utf-8"))
        except Exception:
            self.json = None

    def header(self, name):
        return self.headers.get(name)


def get(base, path, method="GET", accept=TAXII_MEDIA, data=None, ctype=None):
    req = urllib.request.Request(base + path, method=method, data=data)
    if accept is not None:
        req.add_header("Accept", accept)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return Answer(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Answer(e.code, e.headers, e.read())


def expect(base, path, status, resource, method="GET", accept=TAXII_MEDIA, date_headers=None, **kw):
    a = get(base, path, method=method, accept=accept, **kw)
    where = "%s %s" % (method, path)
    check(a.status == status, "%s: status %d, want %d: %s" % (where, a.status, status, a.body[:200]))
    check(a.header("Content-Type") == TAXII_MEDIA,
          "%s: Content-Type %r, want %r (section 1.6.8)" % (where, a.header("Content-Type"), TAXII_MEDIA))
    if status >= 400:
        check(status in ERROR_CODES, "%s: %d is not a TAXII error status (section 3.6)" % (where, status))
    if check(a.json is not None, "%s: the body is not JSON" % where):
        check_resource(a.json, resource, where)
        if resource == "error" and "http_status" in a.json:
            check(a.json["http_status"] == str(status), "%s: http_status %r, want %r" % (where, a.json["http_status"], str(status)))
    if date_headers is not None:
        first, last = a.header("X-TAXII-Date-Added-First"), a.header("X-TAXII-Date-Added-Last")
        if date_headers:
            check(first is not None and TS_RE.match(first), "%s: X-TAXII-Date-Added-First %r" % (where, first))
            check(last is not None and TS_RE.match(last), "%s: X-TAXII-Date-Added-Last %r" % (where, last))
        else:
            check(first is None and last is None, "%s: date headers on an empty page" % where)
    return a


def export_objects(path):
    with open(path, encoding="utf-8") as f:
        return {o["id"]: o for o in json.load(f)["objects"]}


def resources(base, stix_path):
    exported = export_objects(stix_path)
    # 4.1 discovery, 4.2 API root
    d = expect(base, "/taxii2/", 200, "discovery")
    if d.json:
        check(d.json.get("default", "").endswith(ROOT), "discovery: default %r is not the API root" % d.json.get("default"))
        check(d.json.get("default") in d.json.get("api_roots", []), "discovery: default not among api_roots")
    a = expect(base, ROOT, 200, "api-root")
    if a.json:
        check(TAXII_MEDIA in a.json.get("versions", []), "api-root: versions lacks %s (section 4.2.1)" % TAXII_MEDIA)
        check(a.json.get("max_content_length", 0) > 0, "api-root: max_content_length")
    # 5.1, 5.2 collections
    cs = expect(base, ROOT + "collections/", 200, "collections")
    cid = None
    if cs.json and cs.json.get("collections"):
        c = cs.json["collections"][0]
        cid = c.get("id")
        check(c.get("alias") == "casebook", "collections: alias %r" % c.get("alias"))
        check(c.get("can_read") is True and c.get("can_write") is False, "collections: can_read/can_write")
        check(c.get("media_types") == [STIX_MEDIA], "collections: media_types %r" % c.get("media_types"))
    one = expect(base, COLL, 200, "collection")
    if cid:
        by_id = expect(base, ROOT + "collections/%s/" % cid, 200, "collection")
        check(by_id.json == one.json, "collection by id and by alias differ")
    # 5.3 manifest, 5.4 objects
    m = expect(base, COLL + "manifest/?limit=5", 200, "manifest", date_headers=True)
    o = expect(base, COLL + "objects/?limit=5", 200, "envelope", date_headers=True)
    if m.json and o.json:
        recs = m.json.get("objects", [])
        objs = o.json.get("objects", [])
        check(len(recs) == 5 and len(objs) == 5, "limit=5 gave %d records, %d objects" % (len(recs), len(objs)))
        check([r["id"] for r in recs] == [x["id"] for x in objs], "manifest and objects disagree on order")
        check(m.header("X-TAXII-Date-Added-First") == recs[0]["date_added"], "X-TAXII-Date-Added-First is not the first date_added")
        check(m.header("X-TAXII-Date-Added-Last") == recs[-1]["date_added"], "X-TAXII-Date-Added-Last is not the last date_added")
        check(o.header("X-TAXII-Date-Added-Last") == recs[-1]["date_added"], "objects: X-TAXII-Date-Added-Last")
        check(o.json.get("more") is True and isinstance(o.json.get("next"), str), "objects: more and next on a partial page")
        for r in recs:
            check(r.get("media_type") == STIX_MEDIA, "manifest-record media_type %r" % r.get("media_type"))
            e = exported.get(r["id"])
            if check(e is not None, "manifest: %s is not in the STIX export" % r["id"]):
                check(r["version"] == e.get("modified", e.get("created")), "manifest: version of %s is not its modified" % r["id"])
        for x in objs:
            check(x == exported.get(x["id"]), "objects: %s differs from the STIX export" % x["id"])
            check(STIX_ID_RE.match(x["id"]) is not None, "objects: id %r" % x["id"])
        # 5.6 one object, 5.8 its versions
        first = objs[0]["id"]
        g = expect(base, COLL + "objects/%s/" % first, 200, "envelope", date_headers=True)
        if g.json:
            check(g.json.get("objects") == [exported[first]], "objects/{id}: not the one object")
        v = expect(base, COLL + "objects/%s/versions/" % first, 200, "versions", date_headers=True)
        if v.json:
            check(v.json.get("versions") == [exported[first]["modified"]], "versions: %r" % v.json.get("versions"))
    # filters
    t = expect(base, COLL + "objects/?match[type]=incident&limit=1000", 200, "envelope", date_headers=True)
    if t.json:
        check(all(x["type"] == "incident" for x in t.json.get("objects", [])), "match[type]=incident gave other types")
        n_inc = sum(1 for x in exported.values() if x["type"] == "incident")
        check(len(t.json.get("objects", [])) == min(n_inc, 1000), "match[type]=incident: %d, want %d" % (len(t.json.get("objects", [])), n_inc))
    some = sorted(exported)[:3]
    i = expect(base, COLL + "objects/?match[id]=" + ",".join(some), 200, "envelope", date_headers=True)
    if i.json:
        check(sorted(x["id"] for x in i.json.get("objects", [])) == some, "match[id] gave %r" % [x["id"] for x in i.json.get("objects", [])])
    expect(base, COLL + "objects/?match[type]=malware", 200, "envelope", date_headers=False)
    expect(base, COLL + "manifest/?match[spec_version]=2.1&limit=1", 200, "manifest", date_headers=True)
    expect(base, COLL + "objects/?match[version]=all&limit=1", 200, "envelope", date_headers=True)
    expect(base, COLL + "objects/?added_after=2999-01-01T00:00:00Z", 200, "envelope", date_headers=False)
    # Accept: what a client may send (1.6.8), none at all, and what is refused (406)
    for acc in ("application/taxii+json", "application/taxii+json; version=2.1", "*/*",
                "text/html, application/taxii+json;version=2.1;q=0.5", None):
        expect(base, ROOT, 200, "api-root", accept=acc)
    for acc in ("text/html", "application/taxii+json;version=2.0", "application/json", "application/taxii+json;q=0"):
        expect(base, ROOT, 406, "error", accept=acc)
        expect(base, COLL + "objects/", 406, "error", accept=acc)
    # 4.3 status: the collection takes no objects, so no status exists
    expect(base, ROOT + "status/2d086da7-4bdc-4f91-900e-d77486753710/", 404, "error")
    # errors (3.6): 400 bad filters, 403 write to a read-only collection,
    # 404 unknown things, 405 other methods
    for q in ("limit=0", "limit=abc", "added_after=yesterday", "next=abc", "match[type]=Incident",
              "match[id]=nope", "match[version]=latest", "bogus=1", "match[type]=%3Cscript%3E", "limit=%ff"):
        expect(base, COLL + "objects/?" + q, 400, "error")
        expect(base, COLL + "manifest/?" + q, 400, "error")
    expect(base, ROOT + "?limit=5", 400, "error")
    expect(base, COLL + "objects/" + first + "/?match[type]=incident", 200, "envelope")  # ignored there (3.4)
    expect(base, COLL + "objects/", 403, "error", method="POST", data=b'{"objects":[]}', ctype=TAXII_MEDIA)
    for p in ("/taxii2/nope/", ROOT + "collections/nope/", ROOT + "collections/nope/objects/", ROOT + "nope/",
              COLL + "objects/report--00000000-0000-4000-8000-000000000000/",
              COLL + "objects/report--00000000-0000-4000-8000-000000000000/versions/",
              COLL + "objects/%3Cscript%3E/", COLL + "objects/" + first + "/?added_after=2999-01-01T00:00:00Z",
              COLL + "unknown/", ROOT + "collections/casebook/objects/x/versions/y/z/w/v/u/"):
        expect(base, p, 404, "error")
    expect(base, COLL + "objects/" + first + "/", 405, "error", method="DELETE")
    expect(base, ROOT, 405, "error", method="POST", data=b"{}", ctype=TAXII_MEDIA)


def page_all(base, what, limit, by):
    """Every record of the collection, page by page: by "next" (the
    envelope's) or by "added_after" (the last page's
    X-TAXII-Date-Added-Last)."""
    out, cursor, pages = [], None, 0
    while True:
        q = "limit=%d" % limit
        if cursor:
            q += "&" + cursor
        a = get(base, COLL + "%s/?%s" % (what, q))
        pages += 1
        if not check(a.status == 200 and a.json is not None, "%s by %s: page %d: %d %s" % (what, by, pages, a.status, a.body[:200])):
            return out
        check_resource(a.json, "envelope" if what == "objects" else "manifest", "%s page %d" % (what, pages))
        items = a.json.get("objects", [])
        check(len(items) <= limit, "%s: page of %d over limit %d" % (what, len(items), limit))
        out += items
        more = a.json.get("more", False)
        if not more:
            check("next" not in a.json, "%s: next on the last page" % what)
            break
        check(len(items) == limit, "%s: a page short of the limit (%d of %d) says more" % (what, len(items), limit))
        if by == "next":
            nx = a.json.get("next")
            if not check(isinstance(nx, str) and nx, "%s: more without next" % what):
                break
            cursor = "next=" + urllib.request.quote(nx)
        else:
            last = a.header("X-TAXII-Date-Added-Last")
            cursor = "added_after=" + urllib.request.quote(last)
        if pages > 100000:
            problem("%s: no end" % what)
            break
    return out


def paging(base, stix_path):
    exported = export_objects(stix_path)
    n = len(exported)
    check(n >= 10000, "the export has %d objects: the paging test wants at least 10,000" % n)
    for what, limit, by in (("objects", 1000, "next"), ("objects", 997, "added_after"),
                            ("manifest", 1000, "added_after"), ("manifest", 333, "added_after"), ("objects", 100, "next")):
        items = page_all(base, what, limit, by)
        ids = [x["id"] for x in items]
        dups = len(ids) - len(set(ids))
        check(dups == 0, "%s by %s (limit %d): %d duplicates" % (what, by, limit, dups))
        missing = set(exported) - set(ids)
        extra = set(ids) - set(exported)
        check(not missing, "%s by %s (limit %d): %d objects of the export missing (gap), e.g. %s"
              % (what, by, limit, len(missing), sorted(missing)[:3]))
        check(not extra, "%s by %s (limit %d): %d objects not in the export" % (what, by, limit, len(extra)))
        if what == "objects":
            diff = [x["id"] for x in items if x != exported.get(x["id"])]
            check(not diff, "objects: %d differ from the export, e.g. %s" % (len(diff), diff[:3]))
        else:
            dates = [x["date_added"] for x in items]
            check(dates == sorted(dates), "manifest: not in date_added order")
            check(len(set(dates)) == len(dates), "manifest: date_added repeats")
        print("%s by %s, limit %d: %d objects, %d distinct, %d missing" % (what, by, limit, len(ids), len(set(ids)), len(missing)))


def after(base, since_file, ids):
    since = open(since_file).read().strip()
    want = sorted(x for x in ids.split(",") if x)
    a = get(base, COLL + "manifest/?limit=1000&added_after=" + urllib.request.quote(since))
    check(a.status == 200 and a.json is not None, "manifest after %s: %d" % (since, a.status))
    got = sorted(r["id"] for r in (a.json or {}).get("objects", []))
    check(got == want, "added after %s: %r, want %r" % (since, got, want))
    for r in (a.json or {}).get("objects", []):
        check(r["date_added"] > since, "date_added %s not after %s" % (r["date_added"], since))


def selftest():
    """The checker must fail broken resources: one breakage per rule."""
    good = {
        "discovery": {"title": "t", "default": "http://h/taxii2/r/", "api_roots": ["http://h/taxii2/r/"]},
        "api-root": {"title": "t", "versions": [TAXII_MEDIA], "max_content_length": 10},
        "collection": {"id": "9a2ff9d1-a7f1-5f57-a265-375c1299c805", "title": "t", "can_read": True, "can_write": False},
        "manifest": {"more": False, "objects": [{"id": "x--1", "date_added": "2024-01-01T00:00:00.000000Z", "version": "v"}]},
        "status": {"id": "9a2ff9d1-a7f1-5f57-a265-375c1299c805", "status": "complete", "total_count": 1,
                   "success_count": 1, "failure_count": 0, "pending_count": 0,
                   "successes": [{"id": "x--1", "version": "v"}]},
        "error": {"title": "t", "http_status": "404"},
    }
    broken = [
        ("discovery", lambda d: d.pop("title")),
        ("discovery", lambda d: d.update(api_roots="http://h/")),
        ("discovery", lambda d: d.update(default="not a url")),
        ("api-root", lambda d: d.update(versions=TAXII_MEDIA)),
        ("api-root", lambda d: d.update(max_content_length="10")),
        ("api-root", lambda d: d.update(max_content_length=True)),
        ("collection", lambda d: d.update(can_read="true")),
        ("collection", lambda d: d.update(id="casebook")),
        ("collection", lambda d: d.update(colour="red")),
        ("manifest", lambda d: d["objects"][0].update(date_added="2024-01-01 00:00:00")),
        ("manifest", lambda d: d["objects"][0].pop("version")),
        ("manifest", lambda d: d.update(objects={})),
        ("status", lambda d: d.pop("pending_count")),
        ("status", lambda d: d["successes"][0].pop("version")),
        ("error", lambda d: d.update(http_status=404)),
        ("error", lambda d: d.pop("title")),
    ]
    global problems
    for name, doc in good.items():
        before = len(problems)
        check_resource(json.loads(json.dumps(doc)), name, "selftest good")
        check(len(problems) == before, "selftest: the good %s resource fails" % name)
    for name, breakit in broken:
        doc = json.loads(json.dumps(good[name]))
        breakit(doc)
        saved = problems
        problems = []
        check_resource(doc, name, "selftest")
        found = len(problems)
        problems = saved
        check(found > 0, "selftest: a broken %s resource passes: %r" % (name, doc))


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    mode, base = argv[1], argv[2].rstrip("/")
    if mode == "selftest":
        selftest()
    elif mode == "resources":
        resources(base, argv[3])
    elif mode == "paging":
        paging(base, argv[3])
    elif mode == "after":
        after(base, argv[3], argv[4])
    elif mode == "last":
        # the newest date_added in the collection
        recs = []
        q = "limit=1000"
        while True:
            a = get(base, COLL + "manifest/?" + q)
            recs += (a.json or {}).get("objects", [])
            if not (a.json or {}).get("more"):
                break
            q = "limit=1000&added_after=" + urllib.request.quote(a.header("X-TAXII-Date-Added-Last"))
        print(max(r["date_added"] for r in recs))
        return 0
    else:
        print("unknown mode " + mode, file=sys.stderr)
        return 2
    for p in problems[:60]:
        print(p)
    if len(problems) > 60:
        print("... %d more" % (len(problems) - 60))
    print("%s: %d checked, %d problems" % (mode, checks, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
