# crash_serve.sh — `jikenbo serve` under concurrent writers and readers
# from a second process on loopback, and killed with SIGKILL while they
# run: no 5xx, no torn record, no lost write.
#
# A Python client (written below, run as its own process) keeps W writers
# POSTing distinct invented notices with the token and R readers
# searching, reading incidents and stats, for a bounded time.  A write
# counts as acknowledged when its 201 came back; the client logs each
# acknowledged body at once.  First a load run without kills: every
# answer is 2xx (or a 4xx the client asked for), every JSON body parses,
# every acknowledged notice is stored byte for byte.  Then rounds that
# kill the server at a random moment of the load: after each,
# integrity_check is ok, every acknowledged notice is stored intact,
# every record is valid JSON, and the server starts again on the file.
source "$(dirname "$0")/../lib.sh"

if [ "${JK_SANITIZED:-0}" = 1 ]; then KILLS=${JK_SERVE_KILLS:-8}; else KILLS=${JK_SERVE_KILLS:-20}; fi
LOAD_S=5
DB=$TMP/serve.db
SAMPLES=$(cd "$(dirname "$0")/../../samples" && pwd)
"$JIKENBO" ingest --db "$DB" "$SAMPLES"/*.txt >/dev/null 2>&1
head -c 24 /dev/urandom | base64 >"$TMP/token"
chmod 600 "$TMP/token"
: >"$TMP/acks"

cat >"$TMP/load.py" <<'PY'
# The second process: writers and readers against the server, bounded.
import hashlib, http.client, json, sys, threading, time, urllib.parse
port, token, tag, seconds, writers, readers, acks = sys.argv[1:8]
port, seconds, writers, readers = int(port), float(seconds), int(writers), int(readers)
stop = time.time() + seconds
lock = threading.Lock()
stats = {"status": {}, "bad_json": 0, "conn_errors": 0, "acked": 0, "five": []}
ackf = open(acks, "a")

def note(status):
    with lock:
        stats["status"][str(status)] = stats["status"].get(str(status), 0) + 1
        if status >= 500:
            stats["five"].append(status)

def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    note(r.status)
    if r.status < 300 or r.headers.get("Content-Type", "").startswith("application/json"):
        try:
            return r.status, json.loads(data.decode("utf-8")) if data else None
        except Exception:
            with lock:
                stats["bad_json"] += 1
            return r.status, None
    return r.status, None

def gone(errors):
    # The server was killed: a few refusals in a row end this thread.
    return errors >= 3

def writer(k):
    n = 0
    errors = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    while time.time() < stop and not gone(errors):
        n += 1
        marker = "%s-%d-%d" % (tag, k, n)
        body = ("【セキュリティ事件簿#2032-%s】株式会社ためし%s メール誤送信による個人情報の漏えい\n"
                "2032年1月%d日\n当社従業員が宛先を誤り、顧客%d名のメールアドレスが流出しました。照合番号 %s\n"
                % (marker, marker, 1 + n % 28, 1 + n % 500, marker)).encode("utf-8")
        try:
            st, js = request(conn, "POST", "/api/notices?source=" + urllib.parse.quote(marker), body,
                             {"Authorization": "Bearer " + token, "Content-Type": "text/plain; charset=utf-8"})
        except Exception:
            with lock:
                stats["conn_errors"] += 1
            errors += 1
            time.sleep(0.05)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            continue
        errors = 0
        if st == 201:
            with lock:
                stats["acked"] += 1
                ackf.write("%s\t%s\n" % (marker, body.hex()))
                ackf.flush()

def reader(k):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    paths = ["/api/incidents?q=" + urllib.parse.quote("漏えい"), "/api/stats?by=category",
             "/api/incidents?q=" + urllib.parse.quote("category:misdelivery ためし") + "&sort=-date",
             "/api/health"]
    i = 0
    errors = 0
    while time.time() < stop and not gone(errors):
        i += 1
        try:
            st, js = request(conn, "GET", paths[i % len(paths)])
            if st == 200 and js and isinstance(js, dict) and js.get("items"):
                request(conn, "GET", "/api/incidents/" + urllib.parse.quote(str(js["items"][0]["incident"])))
            errors = 0
        except Exception:
            with lock:
                stats["conn_errors"] += 1
            errors += 1
            time.sleep(0.05)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

ts = [threading.Thread(target=writer, args=(k,)) for k in range(writers)]
ts += [threading.Thread(target=reader, args=(k,)) for k in range(readers)]
for t in ts: t.start()
for t in ts: t.join()
print(json.dumps(stats))
PY

cat >"$TMP/verify.py" <<'PY'
# Every acknowledged POST is stored byte for byte; every record parses.
import json, os, sqlite3, sys
sys.path.insert(0, os.path.dirname(os.environ["JK_SQL_PY"]))
import jk_sql
db, acks = sys.argv[1], sys.argv[2]
con = jk_sql.register(sqlite3.connect(db))
bad = []
raws = set(r[0] for r in con.execute("SELECT jk_raw(raw, text) FROM notices"))
n = 0
for line in open(acks):
    marker, hexbody = line.rstrip("\n").split("\t")
    n += 1
    if bytes.fromhex(hexbody) not in raws:
        bad.append("acknowledged but not stored intact: " + marker)
for nid, rec in con.execute("SELECT id, jk_unpack_text(record) FROM notices WHERE record IS NOT NULL"):
    try:
        json.loads(rec)
    except Exception:
        bad.append("notice %d: record is not JSON" % nid)
orphans = con.execute("SELECT count(*) FROM incidents i WHERE NOT EXISTS (SELECT 1 FROM notices n WHERE n.incident_id = i.id)").fetchone()[0]
if orphans:
    bad.append("%d incidents without a notice" % orphans)
print("%d acknowledged writes checked" % n)
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY

start_server() {
  "$JIKENBO" serve --db "$DB" --listen 127.0.0.1:0 --token-file "$TMP/token" --quiet >"$TMP/serve.out" 2>&1 &
  spid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -nE 's|.*http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$TMP/serve.out" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ]
}
load_ok() { # the client's summary: no 5xx, no bad JSON
  python3 - "$1" "$2" <<'PY'
import json, sys
s = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
bad = []
if s["five"]: bad.append("5xx answers: %r" % s["status"])
if s["bad_json"]: bad.append("%d answers that are not JSON" % s["bad_json"])
if sys.argv[2] == "nokill" and s["conn_errors"]: bad.append("%d connection errors" % s["conn_errors"])
print("statuses %r, %d acknowledged writes, %d connection errors" % (s["status"], s["acked"], s["conn_errors"]))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# ---- load without kills -----------------------------------------------------------
ok "server starts" start_server
# SQL and FTS5 metacharacters in every parameter of the search API: 200
# or 400 naming the parameter, never 5xx, always JSON.
python3 - "$port" >"$TMP/meta.out" 2>&1 <<'PY'
import http.client, json, sys, urllib.parse
port = int(sys.argv[1])
payloads = ["'", "' OR '1'='1", "') OR 1=1 --", '"; DROP TABLE incidents; --', "%_\\", "*", "NEAR(a b)",
            "a OR", "^漏", "{a}:x", "漏'え", "\u0000"]
params = ["q", "org", "product", "category", "type", "reported", "since", "until", "card", "vendor", "sort",
          "limit", "offset"]
bad = []
n = 0
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for p in payloads:
    for k in params:
        for path in ("/api/incidents", "/api/stats"):
            conn.request("GET", path + "?" + urllib.parse.urlencode({k: p}))
            r = conn.getresponse()
            body = r.read()
            n += 1
            try:
                json.loads(body.decode("utf-8"))
            except Exception:
                bad.append("%s %s=%r: not JSON" % (path, k, p))
            if r.status not in (200, 400):
                bad.append("%s %s=%r: %d %s" % (path, k, p, r.status, body[:120]))
print("%d requests" % n)
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY
eq "API: SQL metacharacters in every search parameter give 200 or 400, JSON" "$?" 0
cat "$TMP/meta.out"
python3 "$TMP/load.py" "$port" "$(cat "$TMP/token")" r0 "$LOAD_S" 4 4 "$TMP/acks" >"$TMP/load0" 2>&1
ok "load: no 5xx, every answer JSON, no connection error" load_ok "$TMP/load0" nokill
cat "$TMP/.out"
kill -TERM "$spid"
wait "$spid"
eq "SIGTERM: clean stop" "$?" 0
ok "load: every acknowledged write stored intact" python3 "$TMP/verify.py" "$DB" "$TMP/acks"

# ---- kills during the load -------------------------------------------------------------
kills=0
for round in $(seq 1 "$KILLS"); do
  if ! start_server; then failmsg "round $round: server did not start" "$(head -c 300 "$TMP/serve.out")"; break; fi
  python3 "$TMP/load.py" "$port" "$(cat "$TMP/token")" "r$round" 3 3 2 "$TMP/acks" >"$TMP/load$round" 2>&1 &
  lpid=$!
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 250) / 100 }')"
  kill -9 "$spid" 2>/dev/null && kills=$((kills + 1))
  wait "$spid" 2>/dev/null
  wait "$lpid"
  ok "round $round: no 5xx, every answer JSON" load_ok "$TMP/load$round" kill
  eq "round $round: integrity_check" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
  ok "round $round: acknowledged writes stored intact, records whole" python3 "$TMP/verify.py" "$DB" "$TMP/acks"
done
ok "killed $KILLS times" test "$kills" -ge "$KILLS"
echo "acknowledged writes over all rounds: $(wc -l <"$TMP/acks")"

# ---- after it all: the server serves every acknowledged write --------------------------
ok "server starts after the last kill" start_server
missing=0
while IFS=$'\t' read -r marker _; do
  n=$(curl -s "http://127.0.0.1:$port/api/incidents?q=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "\"$marker\"")" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null)
  [ "${n:-0}" -ge 1 ] || missing=$((missing + 1))
done < <(shuf -n 30 --random-source=<(yes) "$TMP/acks")
eq "a sample of 30 acknowledged writes found by search" "$missing" 0
kill -TERM "$spid"
wait "$spid"
finish
