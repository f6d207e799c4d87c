#!/usr/bin/env python3
"""Reference decodings for the image reader (Tests/ThesisImagesTests/ImageDecoderTests.swift).

Writes small deterministic images to Tests/Fixtures/images/ in the kinds an image folder holds
(8-bit grey PNG, RGB PNG, RGBA PNG, palette PNG, 16-bit grey PNG, grey and colour JPEG), a PNG
whose header claims 20,000 x 20,000 pixels (no pixel data: the reader must refuse it from the
header), and reference.json: for each file Pillow's decoding in its own channels (grey "L" or
"RGB"; alpha dropped, palettes expanded) and Pillow's convert("L") of the colour ones; and, for
three images of ../shared/data/mnist5k (read beside the repository, never copied), their size
and pixel sum.

    python3 Tests/Fixtures/generate_images.py
"""
import json
import pathlib
import struct
import zlib

import numpy as np
import PIL
from PIL import Image

HERE = pathlib.Path(__file__).resolve().parent
OUT = HERE / "images"
SHARED = HERE.parents[2] / "shared" / "data" / "mnist5k"


def pattern(h, w, channels):
    y, x = np.mgrid[0:h, 0:w]
    planes = [((x * 37 + y * 11 + 29 * c) % 256) for c in range(channels)]
    return np.stack(planes, axis=-1).astype(np.uint8)


def main():
    OUT.mkdir(exist_ok=True)
    files = {}
    grey = pattern(9, 13, 1)[..., 0]
    Image.fromarray(grey, "L").save(OUT / "grey.png")
    Image.fromarray(pattern(9, 13, 3), "RGB").save(OUT / "rgb.png")
    Image.fromarray(pattern(9, 13, 4), "RGBA").save(OUT / "rgba.png")
    Image.fromarray(pattern(9, 13, 3), "RGB").quantize(colors=16, method=Image.Quantize.MEDIANCUT).save(OUT / "palette.png")
    Image.fromarray(grey.astype(np.uint16) * 257).save(OUT / "grey16.png")
    Image.fromarray(grey, "L").save(OUT / "grey.jpg", quality=95)
    Image.fromarray(pattern(16, 24, 3), "RGB").save(OUT / "rgb.jpg", quality=95, subsampling=0)
    # A header that claims 20,000 x 20,000 pixels, then an empty IDAT: refused before any pixel is read.
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    huge = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    (OUT / "huge.png").write_bytes(huge)
    for name in ["grey.png", "rgb.png", "rgba.png", "palette.png", "grey16.png", "grey.jpg", "rgb.jpg"]:
        image = Image.open(OUT / name)
        native = "L" if image.mode in ("L", "I;16", "I") else "RGB"
        if image.mode in ("I;16", "I"):
            # 16-bit grey to 8 bits as libpng's simplified API does it: the nearest of 0..255.
            decoded = np.round(np.asarray(image, dtype=np.float64) / 257).astype(np.uint8)
        else:
            decoded = np.asarray(image.convert(native))
        entry = {"width": image.width, "height": image.height, "channels": 1 if native == "L" else 3,
                 "pixels": decoded.reshape(-1).tolist()}
        if native == "RGB":
            entry["luma"] = np.asarray(image.convert("RGB").convert("L")).reshape(-1).tolist()
        files[name] = entry
    mnist = []
    if SHARED.exists():
        for rel in ["train/0/0001.png", "train/7/0000.png", "test/9/0004.png"]:
            matches = sorted((SHARED / rel.rsplit("/", 1)[0]).glob("*.png"))
            path = matches[0] if not (SHARED / rel).exists() else SHARED / rel
            image = Image.open(path)
            mnist.append({"path": str(path.relative_to(SHARED)), "width": image.width, "height": image.height,
                          "sum": int(np.asarray(image).sum())})
    reference = {"pillow": PIL.__version__, "files": files, "mnist5k": mnist}
    (OUT / "reference.json").write_text(json.dumps(reference) + "\n")


if __name__ == "__main__":
    main()
