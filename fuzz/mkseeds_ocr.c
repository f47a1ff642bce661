/*
** mkseeds_ocr.c — writes the tiny seed images of fuzz_ocr into a
** directory (fuzz/seeds/ocr/ holds its output, committed; run it again
** only to change them):
**
**   cc fuzz/mkseeds_ocr.c $(pkg-config --cflags --libs lept) -o /tmp/mkseeds_ocr
**   /tmp/mkseeds_ocr fuzz/seeds/ocr
**
** Each is a few hundred bytes: a blocky 十 and a box, drawn in black on
** white, at most 64x64 pixels (so the real engine of fuzz_ocr reads it),
** in the encodings leptonica decodes differently: PNG grey, 1-bit,
** colour-mapped, RGB, 16-bit and interlaced-free; JPEG grey and colour;
** TIFF G4, LZW, uncompressed and two frames.
*/
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PIX *draw(int w, int h, int depth) {
  PIX *p = pixCreate(w, h, 8);
  pixSetAllArbitrary(p, 255);
  /* 十: a bar across and one down, and a box at the corner */
  for (int y = h / 2 - 1; y <= h / 2 + 1; y++)
    for (int x = w / 6; x < w - w / 6; x++) pixSetPixel(p, x, y, 0);
  for (int x = w / 2 - 1; x <= w / 2 + 1; x++)
    for (int y = h / 8; y < h - h / 8; y++) pixSetPixel(p, x, y, 0);
  for (int i = 1; i < w / 5; i++) {
    pixSetPixel(p, i, 1, 0);
    pixSetPixel(p, i, h / 5, 0);
    pixSetPixel(p, 1, i * h / w, 0);
    pixSetPixel(p, w / 5, i * h / w, 0);
  }
  PIX *q = NULL;
  switch (depth) {
  case 1: q = pixConvertTo1(p, 128); break;
  case 32: q = pixConvertTo32(p); break;
  case 16: q = pixConvert8To16(p, 8); break;
  case -8: q = pixConvertGrayToColormap(p); break;
  default: q = pixClone(p); break;
  }
  pixDestroy(&p);
  pixSetResolution(q, 300, 300);
  return q;
}

static void put(const char *dir, const char *name, PIX *p, int format) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (format == IFF_JFIF_JPEG) pixWriteJpeg(path, p, 60, 0);
  else pixWrite(path, p, format);
  pixDestroy(&p);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: mkseeds_ocr DIR\n");
    return 2;
  }
  const char *d = argv[1];
  setMsgSeverity(L_SEVERITY_ERROR);
  put(d, "gray8.png", draw(24, 16, 8), IFF_PNG);
  put(d, "bw1.png", draw(32, 32, 1), IFF_PNG);
  put(d, "cmap.png", draw(16, 16, -8), IFF_PNG);
  put(d, "rgb.png", draw(16, 12, 32), IFF_PNG);
  put(d, "gray16.png", draw(8, 8, 16), IFF_PNG);
  put(d, "page64.png", draw(64, 64, 8), IFF_PNG);
  put(d, "gray.jpg", draw(16, 16, 8), IFF_JFIF_JPEG);
  put(d, "rgb.jpg", draw(16, 16, 32), IFF_JFIF_JPEG);
  put(d, "g4.tif", draw(32, 32, 1), IFF_TIFF_G4);
  put(d, "lzw.tif", draw(16, 16, 8), IFF_TIFF_LZW);
  put(d, "plain.tif", draw(8, 8, 8), IFF_TIFF);
  /* two frames: the second appended to the first */
  char path[512];
  snprintf(path, sizeof path, "%s/two.tif", d);
  PIX *a = draw(16, 16, 1), *b = draw(24, 16, 1);
  pixWriteTiff(path, a, IFF_TIFF_G4, "w");
  pixWriteTiff(path, b, IFF_TIFF_G4, "a");
  pixDestroy(&a);
  pixDestroy(&b);
  return 0;
}
