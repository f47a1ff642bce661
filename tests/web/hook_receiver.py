#!/usr/bin/env python3
"""hook_receiver.py — a loopback webhook receiver for the alert tests.

usage: hook_receiver.py PORTFILE LOGFILE [FAIL_FIRST]

Listens on 127.0.0.1 (a free port, written to PORTFILE), appends one JSON
line per POST to LOGFILE: {"path", "alert", "signature", "body"} (body as
text), and answers 204 — or 503 to the first FAIL_FIRST requests, so that
retries can be tested.
"""
import http.server
import json
import sys

portfile, logfile = sys.argv[1], sys.argv[2]
fail_first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
seen = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        seen += 1
        with open(logfile, "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": self.path, "alert": self.headers.get("X-Jikenbo-Alert"),
                                "signature": self.headers.get("X-Jikenbo-Signature"),
                                "status": 503 if seen <= fail_first else 204,
                                "body": body.decode("utf-8", "replace")}, ensure_ascii=False) + "\n")
        self.send_response(503 if seen <= fail_first else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(portfile, "w") as f:
    f.write(str(srv.server_address[1]))
srv.serve_forever()
