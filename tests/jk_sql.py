#!/usr/bin/env python3
"""tests/jk_sql.py — read a jikenbo database from the tests the way the
store does: the stored bytes (notices.text, raw, record, documents.raw)
are zstd frames since schema 12 (lib/pack.c).

As a module: register(con) adds to a sqlite3 connection
  jk_unpack(x)       the plain bytes of x (a frame or plain bytes), BLOB
  jk_unpack_text(x)  the same as TEXT
  jk_raw(raw, text)  a notice's raw bytes: its text where raw is empty
                     (the store keeps raw only where it differs), BLOB
As a script: jk_sql.py DB SQL prints the rows as the sqlite3 shell does
(columns joined by |, NULL empty), with those functions available; SQL
"-" reads statements from stdin (a script, as `sqlite3 DB <file`).

Frames are decompressed by the zstd command (Debian zstd).
"""
import sqlite3
import subprocess
import sys

MAGIC = b"\x28\xb5\x2f\xfd"


def _bytes(x):
    if x is None:
        return None
    if isinstance(x, str):
        return x.encode("utf-8")
    return bytes(x)


def unpack(x):
    b = _bytes(x)
    if b is None or not b.startswith(MAGIC):
        return b
    return subprocess.run(["zstd", "-dcq"], input=b, stdout=subprocess.PIPE, check=True).stdout


def unpack_text(x):
    b = unpack(x)
    return None if b is None else b.decode("utf-8", "replace")


def raw(r, t):
    b = _bytes(r)
    if b is not None and len(b) == 0:
        return unpack(t)
    return unpack(r)


def register(con):
    con.create_function("jk_unpack", 1, unpack, deterministic=True)
    con.create_function("jk_unpack_text", 1, unpack_text, deterministic=True)
    con.create_function("jk_raw", 2, raw, deterministic=True)
    return con


def _cell(v):
    if v is None:
        return ""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: jk_sql.py DB SQL\n")
        return 2
    con = register(sqlite3.connect(sys.argv[1], isolation_level=None))
    out = sys.stdout
    if sys.argv[2] != "-":
        stmts = [sys.argv[2]]
    else:
        stmts, cur = [], ""
        for line in sys.stdin:
            cur += line
            if sqlite3.complete_statement(cur):
                stmts.append(cur)
                cur = ""
        if cur.strip():
            stmts.append(cur)
    for st in stmts:
        for row in con.execute(st):
            out.write("|".join(_cell(v) for v in row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
