#!/usr/bin/python3
# tests/web/make_pdfs.py — write the PDF fixtures for the web tests (run
# with Debian's /usr/bin/python3: python3-cairo and fonts-noto-cjk).
#
#   make_pdfs.py OUTDIR            notice.pdf (2 pages, Japanese),
#                                  wrapped.pdf (paragraphs broken at the
#                                  right margin, inside words) and
#                                  scan.pdf (an image of text, no text layer)
#   make_pdfs.py OUTDIR --bench N  bench.pdf: N pages of notices
#
# The notices are fictional.  Text is drawn with cairo's toy font API,
# which finds Noto Sans CJK JP through fontconfig and embeds it with a
# ToUnicode map, so pdftotext and poppler read the Japanese back.
import os
import sys

import cairo

FONT = "Noto Sans CJK JP"
A4 = (595, 842)

PAGE1 = [
    ("h", "ランサムウェア被害による個人情報漏えいのおそれについて"),
    ("p", "2024年5月20日"),
    ("p", "株式会社ミドリ技研"),
    ("p", ""),
    ("p", "当社のファイルサーバーがランサムウェアに感染し、保存されていた"),
    ("p", "お取引先の担当者情報が外部に流出したおそれがあることが判明しました。"),
    ("p", "関係者の皆様に深くお詫び申し上げます。"),
    ("p", ""),
    ("h", "1. 経緯"),
    ("p", "2024年5月7日早朝、社内システムの一部が暗号化されていることを確認しました。"),
    ("p", "直ちにネットワークを遮断し、外部の専門機関に調査を依頼しました。"),
    ("p", ""),
    ("h", "2. 流出したおそれのある情報"),
    ("p", "お取引先の担当者 約2,300名の氏名、会社名、電話番号、メールアドレス"),
]
PAGE2 = [
    ("h", "3. 原因"),
    ("p", "VPN機器の脆弱性を悪用した侵入によるものと推定しています。"),
    ("p", ""),
    ("h", "4. 今後の対応"),
    ("p", "個人情報保護委員会へ報告いたしました。警察にも相談しています。"),
]


def draw_lines(ctx, lines, x, y, size=12):
    for kind, text in lines:
        ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if kind == "h" else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(size + (3 if kind == "h" else 0))
        if text:
            ctx.move_to(x, y)
            ctx.show_text(text)
        y += size * 1.9
    return y


def notice_pdf(path):
    surf = cairo.PDFSurface(path, *A4)
    surf.set_metadata(cairo.PDFMetadata.TITLE, "ランサムウェア被害について")
    ctx = cairo.Context(surf)
    draw_lines(ctx, PAGE1, 50, 80)
    ctx.show_page()
    draw_lines(ctx, PAGE2, 50, 80)
    ctx.show_page()
    surf.finish()


# Paragraphs as a word processor sets them: broken wherever the line is
# full, so 個人情報保護委員会 or 約1万2千人 may be cut in two.
WRAPPED = [
    ("h", "委託先におけるランサムウェア被害に関するお知らせ"),
    ("p", "2024年9月2日"),
    ("p", "架空運輸株式会社"),
    ("p", ""),
    ("p", "当社が配送管理業務を委託している株式会社架空システムズのサーバーがランサムウェアに感染し、"
          "当社のお客様の氏名、住所、電話番号及び配送履歴を含む約1万2千件の情報が暗号化されたこと"
          "が判明しました。現時点で情報の外部への流出は確認されておりませんが、その可能性を否定でき"
          "ないことから、本件を個人情報保護委員会へ報告するとともに、所轄の警察署に相談しております。"),
    ("p", ""),
    ("h", "今後の対応"),
    ("p", "委託先の管理状況を改めて点検し、委託先に対する監査の頻度を高めることで再発防止に努めて"
          "まいります。お客様には多大なるご迷惑とご心配をおかけしますことを深くお詫び申し上げます。"),
]


def wrapped_pdf(path, width=270):
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    x, y, size = 50, 80, 10.5
    for kind, text in WRAPPED:
        ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL,
                             cairo.FONT_WEIGHT_BOLD if kind == "h" else cairo.FONT_WEIGHT_NORMAL)
        ctx.set_font_size(size)
        line = ""
        for ch in text + "\n":
            if ch == "\n" or ctx.text_extents(line + ch).x_advance > width:
                ctx.move_to(x, y)
                ctx.show_text(line)
                y += size * 1.7
                line = ""
            if ch != "\n":
                line += ch
    ctx.show_page()
    surf.finish()


def scan_pdf(path):
    # Text rendered to pixels first, then placed as an image: what a
    # scanner produces.  No text operators reach the PDF.
    img = cairo.ImageSurface(cairo.FORMAT_RGB24, 1240, 1754)
    ictx = cairo.Context(img)
    ictx.set_source_rgb(1, 1, 1)
    ictx.paint()
    ictx.set_source_rgb(0, 0, 0)
    ictx.scale(2.08, 2.08)
    draw_lines(ictx, PAGE1, 50, 80)
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    ctx.scale(A4[0] / 1240, A4[1] / 1754)
    ctx.set_source_surface(img, 0, 0)
    ctx.paint()
    ctx.show_page()
    surf.finish()


def bench_pdf(path, pages):
    surf = cairo.PDFSurface(path, *A4)
    ctx = cairo.Context(surf)
    body = [("p", "当社が管理するサーバーに第三者からの不正なアクセスがあり、お客様の情報が"),
            ("p", "閲覧された可能性があります。対象は氏名、住所、電話番号及びメールアドレスです。"),
            ("p", "調査の結果、管理画面の認証情報が窃取されたことが原因と判明しました。"),
            ("p", "再発防止のため、多要素認証の導入と監視体制の強化を進めてまいります。")]
    for i in range(pages):
        lines = [("h", f"不正アクセスによる個人情報漏えいに関するお知らせ(第{i + 1}号)"),
                 ("p", f"2024年{i % 12 + 1}月{i % 28 + 1}日"), ("p", "")]
        lines += body * 8
        draw_lines(ctx, lines, 40, 60, 11)
        ctx.show_page()
    surf.finish()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    if len(sys.argv) > 3 and sys.argv[2] == "--bench":
        bench_pdf(os.path.join(out, "bench.pdf"), int(sys.argv[3]))
        return
    notice_pdf(os.path.join(out, "notice.pdf"))
    wrapped_pdf(os.path.join(out, "wrapped.pdf"))
    scan_pdf(os.path.join(out, "scan.pdf"))


if __name__ == "__main__":
    main()
