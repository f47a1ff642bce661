# crash_ingest.sh — a casebook survives `jikenbo ingest` killed with SIGKILL
# at random moments, a full disk and a read-only database.
#
# Bulk ingest of generated notices (bench/gen_corpus: invented text, many
# small files), killed at a random moment at least 20 times.  The ingest
# commits small files in groups (at most 64 files or 250 ms a group, a
# savepoint per file: see README, ingest) and prints a file's lines only
# once the transaction holding it has committed.  So after each kill:
# PRAGMA integrity_check is ok; every file the ingest reported (a "notice
# stored" or "already stored" line on stderr) is in the database with the
# same bytes, and each of its notices' raw text is exactly the file's
# bytes at its offset; at most one group (64 files) is stored and not
# reported (committed just before the kill); running the ingest again
# completes the rest with no duplicate document or notice; search works.
# Then: a file-size limit (disk full) and a read-only database give a
# clear error and leave the database as it was (same dump before/after).
source "$(dirname "$0")/../lib.sh"

GEN=${GEN:-$(dirname "$JIKENBO")/bench/gen_corpus}
if [ "${JK_SANITIZED:-0}" = 1 ]; then NOTICES=160; else NOTICES=400; fi
KILLS=${JK_CRASH_KILLS:-24}
DB=$TMP/crash.db
CORPUS=$TMP/corpus
if [ ! -x "$GEN" ]; then
  echo "no $GEN (make builds it): crash tests skipped"
  failmsg "gen_corpus missing"
  finish
fi
"$GEN" --notices "$NOTICES" --notices-per-file 2 --seed 7 --out "$CORPUS" --quiet
files=("$CORPUS"/gen-*.txt)
echo "corpus: ${#files[@]} files, $NOTICES notices"

# The database against the corpus: mode "committed FILE..." checks the
# listed files are stored intact; mode "complete" checks every file is,
# once, with no duplicate.
check_db() {
  python3 - "$DB" "$CORPUS" "$@" <<'PY'
import hashlib, os, sqlite3, sys
sys.path.insert(0, os.path.dirname(os.environ["JK_SQL_PY"]))
import jk_sql
db, corpus, mode, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
con = jk_sql.register(sqlite3.connect("file:%s?mode=ro" % db, uri=True))
manifest = {}
for line in open(os.path.join(corpus, "manifest.tsv")):
    f = line.rstrip("\n").split("\t")
    if f[0] != "file":
        manifest[f[0]] = (int(f[1]), int(f[2]))
if mode == "complete":
    names = sorted(manifest)
bad = []
for name in names:
    path = os.path.join(corpus, name)
    data = open(path, "rb").read()
    sha = hashlib.sha256(data).hexdigest()
    rows = con.execute("SELECT id, sha256 FROM documents WHERE source LIKE ?", ("%/" + name,)).fetchall()
    if len(rows) != 1 or rows[0][1] != sha:
        bad.append("%s: %d document rows, sha %s" % (name, len(rows), rows[0][1][:12] if rows else "-"))
        continue
    doc = rows[0][0]
    segs = con.execute("SELECT raw_offset, jk_raw(raw, text), is_notice FROM notices WHERE doc_id = ?", (doc,)).fetchall()
    seen = con.execute("SELECT count(*) FROM sightings WHERE doc_id = ?", (doc,)).fetchone()[0] if \
        con.execute("SELECT count(*) FROM pragma_table_info('sightings') WHERE name = 'doc_id'").fetchone()[0] else 0
    want_n, want_p = manifest[name]
    if sum(1 for s in segs if s[2]) + seen < want_n:
        bad.append("%s: %d notices stored, %d in the file" % (name, sum(1 for s in segs if s[2]), want_n))
    for off, raw, _ in segs:
        if data[off:off + len(raw)] != raw:
            bad.append("%s: notice at byte %d differs from the file" % (name, off))
if mode == "complete":
    dup = con.execute("SELECT source, count(*) FROM documents GROUP BY source, sha256 HAVING count(*) > 1").fetchall()
    if dup:
        bad.append("duplicate documents: %r" % dup[:3])
    n = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    if n != len(manifest):
        bad.append("%d documents, %d files" % (n, len(manifest)))
    dupn = con.execute("SELECT text_sha, count(*) FROM notices GROUP BY text_sha HAVING count(*) > 1").fetchall()
    if dupn:
        bad.append("duplicate notices: %d" % len(dupn))
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)
PY
}

# A full ingest once, to know how long one takes (the kill window).
t0=$(date +%s%N)
"$JIKENBO" ingest --db "$TMP/timing.db" "${files[@]}" >/dev/null 2>&1
full_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
rm -f "$TMP"/timing.db*
echo "one full ingest: ${full_ms} ms"
[ "$full_ms" -lt 200 ] && full_ms=200

kills=0 rounds=0 completed=0 checked=0 max_unreported=0
# A bound for a loaded machine (an ASan build beside other work took 300 s
# for 20 kills); a quiet one is done with its kills long before.
deadline=$(( $(date +%s) + ${JK_CRASH_SECONDS:-900} ))
while [ "$kills" -lt "$KILLS" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  rounds=$((rounds + 1))
  # What is stored before this run (files already stored are skipped fast).
  have=$(sqlite3 "$DB" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
  "$JIKENBO" ingest -v --db "$DB" "${files[@]}" >"$TMP/out" 2>"$TMP/err" &
  pid=$!
  # A random moment within what is left to do.
  left_ms=$(( full_ms * (${#files[@]} - ${have:-0}) / ${#files[@]} + 150 ))
  sleep "$(awk -v r="$RANDOM" -v ms="$left_ms" 'BEGIN { printf "%.3f", (r % 1000) / 1000 * ms / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    kills=$((kills + 1))
    fresh=0
  else
    wait "$pid"
    completed=$((completed + 1))
    fresh=1
  fi
  res=$(sqlite3 "$DB" 'PRAGMA integrity_check' 2>&1)
  eq "round $rounds: integrity_check" "$res" ok
  # Files that printed a line: the transaction holding them committed
  # before the line was printed (stderr is unbuffered).
  mapfile -t done_files < <(sed -nE 's#^[^:]*/(gen-[0-9]+\.txt):([0-9]+:)? (notice stored|notice seen before|already stored).*#\1#p' "$TMP/err" | sort -u)
  if [ "${#done_files[@]}" -gt 0 ]; then
    checked=$((checked + ${#done_files[@]}))
    ok "round $rounds: ${#done_files[@]} reported files stored intact" check_db committed "${done_files[@]}"
  fi
  # Stored by this run but not reported: at most the one group that
  # committed just before the kill (files are read in order, so what is
  # stored, what was stored before and what is reported are prefixes).
  before=${have:-0}
  have=$(sqlite3 "$DB" 'SELECT count(*) FROM documents' 2>/dev/null || echo 0)
  told=${#done_files[@]}
  [ "$before" -gt "$told" ] && told=$before
  unreported=$(( have - told ))
  [ "$unreported" -gt "$max_unreported" ] && max_unreported=$unreported
  ok "round $rounds: $unreported files stored by it and not reported (at most 64)" test "$unreported" -le 64
  # Start again from nothing when the run got to the end (nothing left
  # to interrupt) and now and then, so that kills land early and late.
  if [ "$fresh" = 1 ] || [ $((rounds % 4)) -eq 0 ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
done
echo "rounds $rounds: $kills killed, $completed completed before the kill; $checked reported files checked;" \
  "at most $max_unreported stored files not reported yet at a kill"
ok "at least $KILLS kills (within the time bound)" test "$kills" -ge "$KILLS"

# Run again to the end: the rest is stored, nothing twice.
ok "ingest again completes" "$JIKENBO" ingest --db "$DB" "${files[@]}"
ok "every file stored once, intact, no duplicate notice" check_db complete
eq "integrity_check after completion" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
out=$("$JIKENBO" search --db "$DB" --json 漏えい 2>&1)
has "search works" "$out" '"total"'
ok "search finds notices" python3 -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["total"] > 0 else 1)' "$out"
ok "a third ingest adds nothing" "$JIKENBO" ingest --db "$DB" "${files[@]}"
has "a third ingest: all already stored" "$(cat "$TMP/.out")" "already stored"
ok "still complete" check_db complete

# ---- disk full: a file-size limit ---------------------------------------------
dump() { sqlite3 "$1" .dump | md5sum; }
cp "$DB" "$TMP/full.db"
before=$(dump "$TMP/full.db")
"$GEN" --notices 60 --notices-per-file 60 --seed 11 --out "$TMP/more" --quiet
big=$(ls "$TMP"/more/gen-*.txt | head -n 1)
# No file may grow past 64 KiB (the journal, the database): the first
# write beyond fails with EFBIG (SIGXFSZ, which would kill, is ignored).
( trap '' XFSZ; ulimit -f 64; exec "$JIKENBO" ingest --db "$TMP/full.db" "$big" ) >"$TMP/full.out" 2>&1
rc=$?
ne() { [ "$1" != "$2" ]; }
ok "disk full: ingest fails (exit $rc)" ne "$rc" 0
has "file size limit: says where it failed" "$(cat "$TMP/full.out")" "full.db"
echo "file size limit said: $(grep -m1 jikenbo: "$TMP/full.out")"
eq "disk full: integrity_check" "$(sqlite3 "$TMP/full.db" 'PRAGMA integrity_check')" ok
eq "disk full: database as it was" "$(dump "$TMP/full.db")" "$before"
ok "disk full: ingest works once there is room" "$JIKENBO" ingest --db "$TMP/full.db" "$big"

# The disk fills during a bulk ingest: a group of files whose commit
# fails is tried again one file at a time, so what fits is stored; every
# file it reports stored is, every other one is listed as failed, and a
# run with room stores the rest once.
keep_db=$DB
DB=$TMP/fill.db
( trap '' XFSZ; ulimit -f 512; exec "$JIKENBO" ingest -v --db "$DB" "${files[@]}" ) >"$TMP/fill.out" 2>"$TMP/fill.err"
rc=$?
ok "disk fills in a bulk ingest: fails (exit $rc)" ne "$rc" 0
eq "disk fills: integrity_check" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
mapfile -t told < <(sed -nE 's#^[^:]*/(gen-[0-9]+\.txt):[0-9]+: notice stored.*#\1#p' "$TMP/fill.err" | sort -u)
stored=$(sqlite3 "$DB" 'SELECT count(*) FROM documents')
failed=$(sed -nE 's/.* ([0-9]+) files? failed$/\1/p' "$TMP/fill.out")
echo "disk fills: ${#told[@]} files reported stored, $stored stored, ${failed:-?} failed"
eq "disk fills: the files reported are the files stored" "${#told[@]}" "$stored"
[ "${#told[@]}" -gt 0 ] && ok "disk fills: the files reported are intact" check_db committed "${told[@]}"
eq "disk fills: every other file listed as failed" "$(( stored + ${failed:-0} ))" "${#files[@]}"
ok "disk fills: ingest again with room" "$JIKENBO" ingest --db "$DB" "${files[@]}"
ok "disk fills: then every file stored once" check_db complete
DB=$keep_db

# A really full disk (ENOSPC): a small tmpfs in a private mount namespace
# (needs root or user namespaces; skipped, and said so, where not allowed).
if unshare -m true 2>/dev/null; then
  cp "$DB" "$TMP/enospc.db"
  size=$(( $(stat -c %s "$TMP/enospc.db") + 96 * 1024 ))
  mkdir -p "$TMP/small"
  unshare -m bash -c '
    mount -t tmpfs -o size='"$size"' tmpfs "$1" || exit 99
    cp "$2" "$1/db" && sync
    echo "before=$(sqlite3 "$1/db" .dump | md5sum)"
    "$3" ingest --db "$1/db" "$4" >"$5" 2>&1
    echo "rc=$?"
    echo "integrity=$(sqlite3 "$1/db" "PRAGMA integrity_check" 2>&1)"
    echo "after=$(sqlite3 "$1/db" .dump | md5sum)"
  ' _ "$TMP/small" "$TMP/enospc.db" "$JIKENBO" "$big" "$TMP/enospc.out" >"$TMP/enospc.res" 2>&1
  if grep -q '^rc=' "$TMP/enospc.res"; then
    get() { sed -n "s/^$1=//p" "$TMP/enospc.res"; }
    ok "ENOSPC: ingest fails (exit $(get rc))" ne "$(get rc)" 0
    has "ENOSPC: says the disk is full" "$(cat "$TMP/enospc.out")" "full"
    echo "ENOSPC said: $(grep -m1 jikenbo: "$TMP/enospc.out")"
    eq "ENOSPC: integrity_check" "$(get integrity)" ok
    eq "ENOSPC: database as it was" "$(get after)" "$(get before)"
  else
    echo "ENOSPC: cannot mount a tmpfs here ($(head -c 200 "$TMP/enospc.res")): checked with the file-size limit only"
  fi
else
  echo "ENOSPC: no private mount namespace here: checked with the file-size limit only"
fi

# ---- read-only database ---------------------------------------------------------
# As root, file modes do not stop writes: the attempt runs as nobody.
as_user() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"; else "$@"; fi
}
chmod 755 "$TMP"
mkdir -m 777 "$TMP/rofile"
cp "$DB" "$TMP/rofile/ro.db"
chmod 444 "$TMP/rofile/ro.db"
cp "$big" "$TMP/rofile/in.txt"
chmod 644 "$TMP/rofile/in.txt"
before=$(dump "$DB")
as_user "$JIKENBO" ingest --db "$TMP/rofile/ro.db" "$TMP/rofile/in.txt" >"$TMP/ro.out" 2>&1
rc=$?
ok "read-only file: ingest fails (exit $rc)" ne "$rc" 0
has "read-only file: says so and what to do" "$(cat "$TMP/ro.out")" "read-only"
echo "read-only file said: $(grep -m1 read-only "$TMP/ro.out")"
eq "read-only file: database as it was" "$(dump "$TMP/rofile/ro.db")" "$before"
mkdir "$TMP/rodir"
cp "$DB" "$TMP/rodir/ro.db"
cp "$big" "$TMP/rodir/in.txt"
chmod 644 "$TMP/rodir/ro.db" "$TMP/rodir/in.txt"
chmod 555 "$TMP/rodir"
as_user "$JIKENBO" ingest --db "$TMP/rodir/ro.db" "$TMP/rodir/in.txt" >"$TMP/rodir.out" 2>&1
rc=$?
chmod 755 "$TMP/rodir"
ok "read-only directory: ingest fails (exit $rc)" ne "$rc" 0
has "read-only directory: says so" "$(cat "$TMP/rodir.out")" "read-only"
eq "read-only directory: database as it was" "$(dump "$TMP/rodir/ro.db")" "$before"
out=$(as_user "$JIKENBO" search --db "$TMP/rofile/ro.db" --json 漏えい 2>&1)
has "read-only file: search still works" "$out" '"total"'
chmod -R u+w "$TMP" 2>/dev/null
finish
