#!/usr/bin/env python3
# tests/web/server.py — the web the ingest tests read: a small HTTP server
# on 127.0.0.1 (never another address), port chosen by the kernel.
#
#   server.py FIXTURES_DIR PDF_DIR      prints "PORT <n>" once listening
#
# Routes (every body is a fictional fixture from tests/fixtures/web or a
# PDF made by make_pdfs.py):
#   /page/NAME            a fixture file; ETag + Last-Modified, answers 304
#   /sjis.html            the Shift_JIS notice, charset in the header
#   /sjis-meta.html       … charset only in <meta>
#   /sjis-lying.html      … header says UTF-8, bytes are Shift_JIS
#   /euc.html             EUC-JP, no declaration anywhere
#   /pdf/NAME             PDFs (application/pdf); /pdf/octet: a PDF sent as
#                         application/octet-stream; /pdf/trunc.pdf: cut short
#   /feed/atom.xml /feed/rss.xml   stage 1 or 2 (see /_stage); 304 aware
#   /feed/flaky.xml       503 for the first request, then the Atom feed
#   /redirect/N           a chain of N 302s ending in a 301 to a notice
#   /loop/a, /loop/b      a redirect loop;  /to-file: a redirect to file://
#   /missing 404, /error 500, /slow (answers after 3 s)
#   /big                  3 MiB with Content-Length; /big-stream without
#   /bomb                 gzip: 64 KiB on the wire, 64 MiB decoded
#   /gzip-page            the UTF-8 notice, gzip-encoded
#   /garbage.html         random bytes labelled text/html;  /empty.html
#   /image.png            not a document
#   /_stage?name=N&n=K    set a feed's stage;  /_log: requests seen (JSON)
import gzip
import hashlib
import json
import os
import random
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

FIX = sys.argv[1]
PDF = sys.argv[2]
LAST_MODIFIED = "Wed, 01 May 2024 00:00:00 GMT"
lock = threading.Lock()
stage = {"atom": 1, "rss": 1}
hits = {}
log = []


def fixture(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


def sjis_page():
    return fixture("notice-sjis.utf8.html").decode("utf-8").encode("cp932")


def euc_page():
    text = fixture("notice-sjis.utf8.html").decode("utf-8")
    text = text.replace('<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">\n', "")
    return text.replace("①", "(1)").replace("②", "(2)").encode("euc_jp")


def make_bomb():
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip wrapper
    out = [z.compress(b"<html><body>")]
    chunk = b" " * (1 << 20)
    for _ in range(64):
        out.append(z.compress(chunk))
    out.append(z.flush())
    return b"".join(out)


BOMB = make_bomb()
rng = random.Random(7)
GARBAGE = bytes(rng.randrange(256) for _ in range(20000))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "jikenbo-test"

    def log_message(self, *args):
        pass

    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=None, validators=False):
        if validators:
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            if inm == etag or (inm is None and ims == LAST_MODIFIED):
                self.send_response(304)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = dict(headers or {}, ETag=etag)
            headers["Last-Modified"] = LAST_MODIFIED
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code, to):
        self.send(code, b"moved", headers={"Location": to})

    def do_GET(self):
        u = urlparse(self.path)
        p = u.path
        with lock:
            log.append({"path": p, "t": time.time(), "ua": self.headers.get("User-Agent", ""),
                        "inm": self.headers.get("If-None-Match"),
                        "ims": self.headers.get("If-Modified-Since"),
                        "ae": self.headers.get("Accept-Encoding", "")})
            hits[p] = hits.get(p, 0) + 1
            nhit = hits[p]
        if p == "/_log":
            return self.send(200, json.dumps(log).encode(), "application/json")
        if p == "/_stage":
            q = parse_qs(u.query)
            stage[q["name"][0]] = int(q["n"][0])
            return self.send(200, b"ok", "text/plain")
        if p.startswith("/page/"):
            name = os.path.basename(p)
            if not os.path.exists(os.path.join(FIX, name)):
                return self.send(404, b"<h1>Not Found</h1>")
            return self.send(200, fixture(name), validators=True)
        if p == "/sjis.html":
            return self.send(200, sjis_page(), "text/html; charset=Shift_JIS", validators=True)
        if p == "/sjis-meta.html":
            return self.send(200, sjis_page(), "text/html")
        if p == "/sjis-lying.html":
            return self.send(200, sjis_page(), "text/html; charset=UTF-8")
        if p == "/euc.html":
            return self.send(200, euc_page(), "text/html")
        if p == "/pdf/octet":
            with open(os.path.join(PDF, "notice.pdf"), "rb") as f:
                return self.send(200, f.read(), "application/octet-stream")
        if p == "/pdf/trunc.pdf":
            with open(os.path.join(PDF, "notice.pdf"), "rb") as f:
                data = f.read()
            return self.send(200, data[: len(data) // 2], "application/pdf")
        if p.startswith("/pdf/"):
            path = os.path.join(PDF, os.path.basename(p))
            if not os.path.exists(path):
                return self.send(404, b"<h1>Not Found</h1>")
            with open(path, "rb") as f:
                return self.send(200, f.read(), "application/pdf", validators=True)
        if p in ("/feed/atom.xml", "/feed/rss.xml", "/feed/flaky.xml"):
            name = "atom" if p != "/feed/rss.xml" else "rss"
            if p == "/feed/flaky.xml" and nhit == 1:
                return self.send(503, b"busy, try later", "text/plain")
            n = stage[name] if p != "/feed/flaky.xml" else 1
            body = fixture("%s-%d.xml" % (name, n)).replace(b"@BASE@", self.base().encode())
            ctype = "application/atom+xml; charset=UTF-8" if name == "atom" else "application/rss+xml"
            return self.send(200, body, ctype, validators=True)
        if p.startswith("/redirect/"):
            n = int(p.rsplit("/", 1)[1])
            if n <= 0:
                return self.redirect(301, self.base() + "/page/notice-utf8.html")
            return self.redirect(302, "/redirect/%d" % (n - 1))
        if p == "/loop/a":
            return self.redirect(302, "/loop/b")
        if p == "/loop/b":
            return self.redirect(302, "/loop/a")
        if p == "/to-file":
            return self.redirect(302, "file:///etc/passwd")
        if p == "/missing":
            return self.send(404, b"<h1>Not Found</h1>")
        if p == "/error":
            return self.send(500, b"<h1>Internal Server Error</h1>")
        if p == "/slow":
            time.sleep(3)
            return self.send(200, fixture("notice-utf8.html"))
        if p == "/big":
            return self.send(200, b"<html><body>" + b"a" * (3 << 20))
        if p == "/big-stream":
            # No Content-Length: the size is only known while receiving.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for _ in range(48):
                    self.wfile.write(b"b" * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if p == "/bomb":
            return self.send(200, BOMB, "text/html", headers={"Content-Encoding": "gzip"})
        if p == "/gzip-page":
            return self.send(200, gzip.compress(fixture("notice-utf8.html")), headers={"Content-Encoding": "gzip"})
        if p == "/garbage.html":
            return self.send(200, GARBAGE, "text/html")
        if p == "/image.png":
            return self.send(200, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64), "image/png")
        if p == "/empty.html":
            return self.send(200, b"", "text/html")
        return self.send(404, b"<h1>Not Found</h1>")


def main():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
