#!/usr/bin/env python3
"""hostile_client.py — hostile clients against a running `jikenbo serve` on
loopback, one attack per subcommand, each bounded in connections and time.
Each prints one JSON object of what it measured on stdout; the assertions
are in tests/e2e/serve_hostile.sh (and bench/hostile_serve.sh runs the
long forms).  Slow clients come from a second loopback address (127.0.0.2
by default) so that the server tells them from the normal requests, which
come from 127.0.0.1.

  slow PORT CONNS SECONDS          CONNS clients trickle a header byte a
                                   second, reconnecting when dropped, while
                                   normal requests are timed
  cache PORT DB JIKENBO INCIDENT ROUNDS
                                   `jikenbo set` from another process while
                                   GETs of the incident stream in; the GET one
                                   second after each commit must be fresh
  uploads PORT PID N SIZE [TOKEN]  N concurrent uploads of SIZE bytes, the
                                   server's RSS sampled meanwhile
  exports PORT N SECONDS           N exports that are never read; then an
                                   export every 0.5 s for SECONDS
  head PORT                        one client trickling its head: seconds to
                                   the answer, and the answer
  perip PORT N                     N slow heads from 127.0.0.2, then one more
  proxy PORT TOKEN N               requests through a "proxy" (127.0.0.2)
                                   naming X-Forwarded-For addresses
  raw PORT HEXBYTES                send bytes, print the answer's head
"""
import asyncio, http.client, json, os, random, socket, subprocess, sys, threading, time

SLOW_FROM = os.environ.get("JK_SLOW_FROM", "127.0.0.2")


def conn_from(addr, port, timeout=5.0, rcvbuf=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.bind((addr, 0))
    s.connect(("127.0.0.1", port))
    return s


def read_answer(s, limit=1 << 20):
    data = b""
    try:
        while len(data) < limit:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except (socket.timeout, ConnectionError, OSError):
        pass
    return data


def status_of(data):
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def get(port, path, timeout=5.0):
    """One normal request from 127.0.0.1: (status, body, seconds)."""
    t = time.monotonic()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=("127.0.0.1", 0))
    try:
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        return r.status, body, time.monotonic() - t
    except (OSError, http.client.HTTPException) as e:
        return 0, str(e).encode(), time.monotonic() - t
    finally:
        c.close()


# ---- slow clients ---------------------------------------------------------------

async def trickler(port, stop, st):
    head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 4000
    while time.monotonic() < stop:
        try:
            s = socket.socket()
            s.setblocking(False)
            s.bind((SLOW_FROM, 0))
            await asyncio.get_running_loop().sock_connect(s, ("127.0.0.1", port))
            r, w = await asyncio.open_connection(sock=s)
        except OSError:
            st["connect_errors"] += 1
            await asyncio.sleep(1.0)
            continue
        st["connects"] += 1
        st["open"] += 1
        st["held_max"] = max(st["held_max"], st["open"])
        i = 0
        try:
            while time.monotonic() < stop:
                w.write(head[i % len(head):i % len(head) + 1])
                i += 1
                await w.drain()
                try:
                    b = await asyncio.wait_for(r.read(4096), 1.0)
                    if not b:
                        break  # dropped
                    code = status_of(b)
                    st["answers"][str(code)] = st["answers"].get(str(code), 0) + 1
                    break
                except asyncio.TimeoutError:
                    pass
        except (OSError, ConnectionError):
            pass
        st["open"] -= 1
        st["drops"] += 1
        w.close()
        await asyncio.sleep(1.0)  # a byte a second: reconnect at the next tick


def normal_loop(port, stop, out):
    paths = ["/api/health", "/api/incidents?q=%E6%BC%8F%E3%81%88%E3%81%84&limit=5", "/", "/api/stats?by=category"]
    i = 0
    while time.monotonic() < stop:
        status, _, dt = get(port, paths[i % len(paths)], timeout=5.0)
        out.append((status, dt))
        i += 1
        time.sleep(0.05)


def cmd_attack(port, conns, seconds):
    """The slow clients alone (a process of their own, so that they never
    slow down the timing of the normal requests)."""
    port, conns, seconds = int(port), int(conns), float(seconds)
    st = {"connects": 0, "connect_errors": 0, "drops": 0, "open": 0, "held_max": 0, "answers": {}}
    stop = time.monotonic() + seconds

    async def attack():
        await asyncio.gather(*(trickler(port, stop, st) for _ in range(conns)))

    asyncio.run(attack())
    print(json.dumps(st))


def cmd_slow(port, conns, seconds):
    port, seconds = int(port), float(seconds)
    results = []
    att = subprocess.Popen([sys.executable, __file__, "attack", str(port), str(conns), str(seconds)],
                           stdout=subprocess.PIPE)
    ramp = min(3.0, seconds / 4)  # let the attack reach full strength
    time.sleep(ramp)
    stop = time.monotonic() + seconds - ramp
    workers = [threading.Thread(target=normal_loop, args=(port, stop, results)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    out = json.loads(att.communicate()[0] or b"{}")
    times = sorted(dt for _, dt in results)
    bad = [s for s, _ in results if s != 200]
    out.update({
        "requests": len(results), "failed": len(bad),
        "max_ms": round(times[-1] * 1000, 1) if times else None,
        "p50_ms": round(times[len(times) // 2] * 1000, 1) if times else None,
        "p99_ms": round(times[int(len(times) * 0.99)] * 1000, 1) if times else None,
        "over_1s": sum(1 for x in times if x > 1.0),
    })
    print(json.dumps(out))


# ---- the cache against writes from another process -------------------------------

def cmd_cache(port, db, jikenbo, incident, rounds):
    port, rounds = int(port), int(rounds)
    stop = [False]
    counts = {"gets": 0}

    def stream():
        while not stop[0]:
            get(port, "/api/incidents/" + incident)
            counts["gets"] += 1

    ths = [threading.Thread(target=stream) for _ in range(3)]
    for t in ths:
        t.start()
    fresh, stale, seen = 0, 0, []
    base = random.randint(100000, 900000)
    for k in range(rounds):
        want = base + k
        subprocess.run([jikenbo, "set", "--db", db, incident, "affected", str(want)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        status, body, _ = get(port, "/api/incidents/" + incident)
        ok = status == 200 and ('"affected":%d' % want).encode() in body
        fresh += ok
        stale += not ok
        seen.append(want)
    stop[0] = True
    for t in ths:
        t.join()
    print(json.dumps({"rounds": rounds, "fresh": fresh, "stale": stale, "gets": counts["gets"]}))


# ---- uploads without a token ------------------------------------------------------

def rss_kb(pid):
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cmd_uploads(port, pid, n, size, token=None):
    port, n, size = int(port), int(n), int(size)
    body = (b"\xe3\x81\x82" * (size // 3 + 1))[:size]
    statuses, lock = {}, threading.Lock()
    go = threading.Event()

    def one():
        head = b"POST /api/notices HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n" % size
        if token:
            head += b"Authorization: Bearer " + token.encode() + b"\r\n"
        head += b"\r\n"
        code = "reset"
        try:
            s = conn_from("127.0.0.1", port, timeout=20)
            go.wait()
            try:
                s.sendall(head + body)
            except OSError:
                pass  # refused before the body was read: the answer may still be there
            code = str(status_of(read_answer(s, 4096)) or "reset")
            s.close()
        except OSError:
            code = "connect-error"
        with lock:
            statuses[code] = statuses.get(code, 0) + 1

    before = rss_kb(pid)
    ths = [threading.Thread(target=one) for _ in range(n)]
    for t in ths:
        t.start()
    time.sleep(0.2)
    t0 = time.monotonic()
    go.set()
    peak = before
    while any(t.is_alive() for t in ths):
        peak = max(peak, rss_kb(pid))
        time.sleep(0.01)
    peak = max(peak, rss_kb(pid))
    print(json.dumps({"n": n, "size": size, "rss_before_kb": before, "rss_peak_kb": peak,
                      "rss_growth_kb": peak - before, "seconds": round(time.monotonic() - t0, 2),
                      "statuses": statuses}))


# ---- exports that are never read ----------------------------------------------------

def cmd_exports(port, n, seconds):
    port, n, seconds = int(port), int(n), float(seconds)
    held = []
    for _ in range(n):
        s = conn_from("127.0.0.1", port, timeout=30, rcvbuf=2048)
        s.sendall(b"GET /api/export?format=misp HTTP/1.1\r\nHost: x\r\n\r\n")
        held.append(s)
    time.sleep(0.5)
    tries = []
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        status, _, _ = get(port, "/api/export?format=csv", timeout=10)
        tries.append([round(time.monotonic() - t0, 1), status])
        if status == 200 and len(tries) > 1:
            break
        time.sleep(0.5)
    # what the held readers got in the end: cut (EOF before the end) or all
    cut = 0
    for s in held:
        s.settimeout(3)
        try:
            data = read_answer(s, 1 << 30)
            cut += not data.endswith(b"0\r\n\r\n")
        except OSError:
            cut += 1
        s.close()
    print(json.dumps({"tries": tries, "held": n, "cut": cut}))


# ---- one slow head; the per-address limit; a proxy ------------------------------------

def cmd_head(port):
    port = int(port)
    s = conn_from(SLOW_FROM, port, timeout=30)
    t0 = time.monotonic()
    head = b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
    i = 0
    s.settimeout(0.5)
    data = b""
    while time.monotonic() - t0 < 30:
        try:
            s.send(head[i:i + 1])
        except OSError:
            break
        i += 1
        try:
            b = s.recv(4096)
            data += b
            if not b or data:
                break
        except socket.timeout:
            pass
    s.settimeout(2)
    data += read_answer(s, 8192)
    print(json.dumps({"seconds": round(time.monotonic() - t0, 2), "status": status_of(data),
                      "head": data.split(b"\r\n\r\n")[0].decode("latin-1")}))


def cmd_perip(port, n):
    port, n = int(port), int(n)
    held = []
    for _ in range(n):
        s = conn_from(SLOW_FROM, port)
        s.sendall(b"GET / HTTP/1.1\r\n")
        held.append(s)
    time.sleep(0.3)
    s = conn_from(SLOW_FROM, port)
    t0 = time.monotonic()
    s.sendall(b"GET / HTTP/1.1\r\n")
    extra = read_answer(s, 8192)
    dt = time.monotonic() - t0
    status, _, ndt = get(port, "/api/health")
    # and the held ones still get through when they finish their heads
    done = []
    for h in held:
        h.sendall(b"Host: x\r\n\r\n")
        done.append(status_of(read_answer(h, 1 << 20)))
    print(json.dumps({"extra_status": status_of(extra), "extra_seconds": round(dt, 2),
                      "extra_head": extra.split(b"\r\n\r\n")[0].decode("latin-1"),
                      "normal_status": status, "held_statuses": done}))


def cmd_proxy(port, token, n):
    """Through the proxy: N uploads from X-Forwarded-For 10.0.0.1 held open
    (their body trickles), one more from 10.0.0.1, one from 10.0.0.9."""
    port, n = int(port), int(n)

    def post_head(fwd, length):
        return (b"POST /api/notices HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                b"Authorization: Bearer " + token.encode() + b"\r\nX-Forwarded-For: " + fwd.encode() +
                b"\r\nContent-Length: %d\r\n\r\n" % length)

    held = []
    for _ in range(n):
        s = conn_from(SLOW_FROM, port, timeout=10)
        s.sendall(post_head("203.0.113.5, 10.0.0.1", 100) + b"x")
        held.append(s)
    time.sleep(0.5)
    s = conn_from(SLOW_FROM, port, timeout=10)
    s.sendall(post_head("10.0.0.1", 100) + b"x")
    same = status_of(read_answer(s, 8192))
    s = conn_from(SLOW_FROM, port, timeout=10)
    s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.0.0.9\r\n\r\n")
    other = status_of(read_answer(s, 1 << 20))
    for h in held:
        h.close()
    print(json.dumps({"same_address": same, "other_address": other, "held": n}))


def cmd_raw(port, hexbytes):
    s = conn_from("127.0.0.1", int(port))
    s.sendall(bytes.fromhex(hexbytes))
    data = read_answer(s, 1 << 20)
    print(json.dumps({"status": status_of(data), "head": data.split(b"\r\n\r\n")[0].decode("latin-1"),
                      "body": data.split(b"\r\n\r\n", 1)[-1][:400].decode("utf-8", "replace")}))


if __name__ == "__main__":
    cmds = {"slow": cmd_slow, "attack": cmd_attack, "cache": cmd_cache, "uploads": cmd_uploads, "exports": cmd_exports,
            "head": cmd_head, "perip": cmd_perip, "proxy": cmd_proxy, "raw": cmd_raw}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    cmds[sys.argv[1]](*sys.argv[2:])
