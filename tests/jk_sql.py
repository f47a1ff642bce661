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

Frames are decompressed by the zstd command (Debian zstd), independently
of the C code.  A frame made with one of the casebook's dictionaries
(pack_dicts, trained once it holds enough notices) names the dictionary's
id in its header (RFC 8878 section 3.1.1.1); the dictionary is read from
the connection's pack_dicts, written to a temporary file once and given
to `zstd -D`.
"""
import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

MAGIC = b"\x28\xb5\x2f\xfd"


def _bytes(x):
    if x is None:
        return None
    if isinstance(x, str):
        return x.encode("utf-8")
    return bytes(x)


def frame_dict_id(b):
    """The dictionary id in a zstd frame's header (0: none), or None if b
    is too short to hold the header it announces."""
    if len(b) < 5:
        return None
    fhd = b[4]
    did_size = (0, 1, 2, 4)[fhd & 3]
    single_segment = (fhd >> 5) & 1
    pos = 5 + (0 if single_segment else 1)  # Window_Descriptor
    if did_size == 0:
        return 0
    if len(b) < pos + did_size:
        return None
    return int.from_bytes(b[pos:pos + did_size], "little")


_tmpdir = None


def _dict_file(con, did, cache):
    """Path of a file holding dictionary did of con's pack_dicts."""
    global _tmpdir
    if did in cache:
        return cache[did]
    row = con.execute("SELECT dict FROM pack_dicts WHERE id=?", (did,)).fetchone()
    if row is None:
        raise ValueError("zstd frame names dictionary %d, which pack_dicts does not hold" % did)
    if _tmpdir is None:
        _tmpdir = tempfile.mkdtemp(prefix="jk_sql.")
        atexit.register(shutil.rmtree, _tmpdir, True)
    path = os.path.join(_tmpdir, "dict.%d.%d" % (id(con), did))
    with open(path, "wb") as f:
        f.write(bytes(row[0]))
    cache[did] = path
    return path


def unpack(x, con=None, cache=None):
    """The plain bytes of a stored value (a frame, or plain bytes).  A frame
    with a dictionary needs con, the connection of the casebook."""
    b = _bytes(x)
    if b is None or not b.startswith(MAGIC):
        return b
    cmd = ["zstd", "-dcq"]
    did = frame_dict_id(b)
    if did:
        if con is None:
            raise ValueError("zstd frame names dictionary %d: unpack needs the casebook's connection" % did)
        cmd += ["-D", _dict_file(con, did, cache if cache is not None else {})]
    return subprocess.run(cmd, input=b, stdout=subprocess.PIPE, check=True).stdout


def register(con):
    # A second connection reads pack_dicts: a function must not run a
    # query on the connection that is calling it.  Dictionaries are never
    # changed or deleted, so one cache per registered connection holds.
    cache = {}
    state = {"reader": None}

    def reader():
        if state["reader"] is None:
            name = con.execute("PRAGMA database_list").fetchone()[2]
            state["reader"] = sqlite3.connect("file:%s?mode=ro" % name, uri=True)
        return state["reader"]

    def u(x):
        b = _bytes(x)
        if b is None or not b.startswith(MAGIC) or not frame_dict_id(b):
            return unpack(b)
        return unpack(b, reader(), cache)

    def ut(x):
        b = u(x)
        return None if b is None else b.decode("utf-8", "replace")

    def r(raw_, text):
        b = _bytes(raw_)
        if b is not None and len(b) == 0:
            return u(text)
        return u(raw_)

    con.create_function("jk_unpack", 1, u, deterministic=True)
    con.create_function("jk_unpack_text", 1, ut, deterministic=True)
    con.create_function("jk_raw", 2, r, deterministic=True)
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
