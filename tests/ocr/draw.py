#!/usr/bin/python3
# tests/ocr/draw.py — draw the OCR fixtures at test time (Debian's
# /usr/bin/python3: python3-cairo and fonts-noto-cjk).
#
#   draw.py OUTDIR        writes, for one fictional notice:
#     notice.txt          the notice as text (what the OCR must equal)
#     h.png, v.png        the notice drawn at 300 dpi, horizontal / vertical
#     h.pdf, v.pdf        the same pixels as image-only PDFs (no text layer)
#     mixed.pdf           page 1 with a text layer, page 2 an image
#     big_page.pdf        a 14400 pt square page without text (a pixel bomb)
#     many_pages.pdf      51 pages without text (over the page bound)
#     doc_pixels.pdf      20 pages of 1400 pt squares (over the document's pixels)
#     image_bomb.pdf      an A4 page drawing one 40000 x 40000 grey image (1.6
#                         Gpx; its Flate stream holds only the first rows)
#     huge.png            a PNG header claiming 100000 x 100000 pixels
#     truncated.png       h.png cut after its first 3000 bytes
#     garbage.png         a PNG signature and then noise
#     script.png          a PNG signature then <script> markup
#
# The notice is fictional (company, date, count are made up).
import os
import struct
import sys
import unicodedata
import zlib

import cairo

FONT = "Noto Sans CJK JP"
A4 = (595, 842)
DPI = 300

TITLE = "個人情報を含む書類の紛失について"
HEAD = ["2025年3月14日", "株式会社ハヤブサ物流"]
BODY = [
    "当社の営業所において、お客様の個人情報が記載された配送伝票の控え",
    "128件を紛失したことが判明しました。",
    "紛失した情報は、お客様の氏名、住所及び電話番号です。",
    "本件は個人情報保護委員会に報告いたしました。",
]
LINES = [TITLE] + HEAD + BODY


def notice_txt(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(TITLE + "\n\n" + "\n".join(HEAD) + "\n\n" + "\n".join(BODY) + "\n")


def canvas():
    w, h = int(A4[0] * DPI / 72), int(A4[1] * DPI / 72)
    img = cairo.ImageSurface(cairo.FORMAT_RGB24, w, h)
    c = cairo.Context(img)
    c.set_source_rgb(1, 1, 1)
    c.paint()
    c.set_source_rgb(0, 0, 0)
    c.scale(DPI / 72, DPI / 72)
    c.select_font_face(FONT)
    c.set_font_size(12)
    return img, c


def draw_h(c, lines, y=80):
    for line in lines:
        c.move_to(50, y)
        c.show_text(line)
        y += 24


def horizontal(lines=LINES):
    img, c = canvas()
    draw_h(c, lines)
    return img


def vertical(lines=LINES):
    # Columns right to left; ASCII digits full-width; 、。 in the upper
    # right of their cell; ー and brackets turned a quarter.
    img, c = canvas()
    s = 12
    x = A4[0] - 60
    for line in lines:
        line = unicodedata.normalize("NFKC", line)
        y = 60
        for ch in line:
            if ch.isascii() and ch != " ":
                ch = chr(ord(ch) + 0xFEE0)
            ext = c.text_extents(ch)
            if ch in "、。":
                c.move_to(x + s * 0.55, y - s * 0.5)
                c.show_text(ch)
            elif ch in "ー（）「」":
                c.save()
                c.move_to(x + s * 0.1, y - s * 0.85)
                c.rotate(3.14159265 / 2)
                c.show_text(ch)
                c.restore()
            else:
                c.move_to(x + (s - ext.x_advance) / 2, y)
                c.show_text(ch)
            y += s * 1.15
        x -= s * 2
    return img


def image_pdf(path, images):
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    for img in images:
        ctx.save()
        ctx.scale(A4[0] / img.get_width(), A4[1] / img.get_height())
        ctx.set_source_surface(img, 0, 0)
        ctx.paint()
        ctx.restore()
        ctx.show_page()
    surf.finish()


def mixed_pdf(path):
    # Page 1: title, date, company as text; page 2: the body as an image.
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    ctx.select_font_face(FONT)
    ctx.set_font_size(12)
    draw_h(ctx, [TITLE] + HEAD)
    ctx.show_page()
    img = horizontal(BODY)
    ctx.scale(A4[0] / img.get_width(), A4[1] / img.get_height())
    ctx.set_source_surface(img, 0, 0)
    ctx.paint()
    ctx.show_page()
    surf.finish()


def blank_pages(path, size, pages):
    # A stroke on each page, no text: pages OCR would have to render.
    surf = cairo.PDFSurface(path, size, size)
    ctx = cairo.Context(surf)
    for _ in range(pages):
        ctx.rectangle(10, 10, 20, 20)
        ctx.fill()
        ctx.show_page()
    surf.finish()


def image_bomb_pdf(path, side=40000):
    # Written by hand: cairo would never store such an image.
    z = zlib.compressobj(9)
    row = bytes(side * 25)
    parts = [z.compress(row)]
    data = b"".join(parts) + z.flush()
    content = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8"
        b" /Filter /FlateDecode /Length %d >>\nstream\n" % (side, side, len(data)) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += b"%d 0 obj\n" % (i + 1) + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
    open(path, "wb").write(out)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def huge_png(path):
    ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    p = lambda n: os.path.join(out, n)
    notice_txt(p("notice.txt"))
    h, v = horizontal(), vertical()
    h.write_to_png(p("h.png"))
    v.write_to_png(p("v.png"))
    image_pdf(p("h.pdf"), [h])
    image_pdf(p("v.pdf"), [v])
    mixed_pdf(p("mixed.pdf"))
    blank_pages(p("big_page.pdf"), 14400, 1)
    blank_pages(p("many_pages.pdf"), 300, 51)
    blank_pages(p("doc_pixels.pdf"), 1400, 20)
    image_bomb_pdf(p("image_bomb.pdf"))
    huge_png(p("huge.png"))
    data = open(p("h.png"), "rb").read()
    open(p("truncated.png"), "wb").write(data[:3000])
    open(p("garbage.png"), "wb").write(b"\x89PNG\r\n\x1a\n" + bytes((i * 131 + 7) % 256 for i in range(4096)))
    open(p("script.png"), "wb").write(b"\x89PNG\r\n\x1a\n<script>alert(1)</script><html><body>x</body></html>")


main()
