#!/usr/bin/env python3
"""Draws images/favar-pipeline.png, the diagram of the example thesis's appendix (a figure "drawn
elsewhere", as an author's own diagram would be). Run once; the PNG is committed, so building the
thesis needs neither this script nor Pillow.

    pip install pillow && python3 Scripts/make-example-diagram.py
"""
import pathlib

from PIL import Image, ImageDraw, ImageFont

OUT = pathlib.Path(__file__).resolve().parent.parent / "images" / "favar-pipeline.png"
W, H = 1600, 420
INK, ACCENT, FILL = (33, 37, 41), (0, 94, 132), (232, 241, 246)

STEPS = [
    ("FRED-MD", "raw monthly\nvintage"),
    ("Prepare", "codes, outliers,\nEM imputation"),
    ("Factors", "K principal\ncomponents"),
    ("VAR", "[F, FEDFUNDS]\nin levels"),
    ("Responses", "loadings map F\nto every series"),
]


def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(f"/usr/share/fonts/truetype/dejavu/{name}", size)


def main():
    image = Image.new("RGB", (W, H), "white")
    draw = ImageDraw.Draw(image)
    box_w, box_h, gap, top = 250, 200, 62, 110
    left = (W - (len(STEPS) * box_w + (len(STEPS) - 1) * gap)) // 2
    for i, (title, body) in enumerate(STEPS):
        x = left + i * (box_w + gap)
        draw.rounded_rectangle([x, top, x + box_w, top + box_h], radius=18, fill=FILL, outline=ACCENT, width=4)
        draw.text((x + box_w / 2, top + 48), title, font=font(34, bold=True), fill=ACCENT, anchor="mm")
        draw.multiline_text((x + box_w / 2, top + 130), body, font=font(26), fill=INK, anchor="mm",
                            align="center", spacing=8)
        if i < len(STEPS) - 1:
            y, x0, x1 = top + box_h / 2, x + box_w + 8, x + box_w + gap - 8
            draw.line([x0, y, x1 - 14, y], fill=INK, width=5)
            draw.polygon([(x1, y), (x1 - 20, y - 12), (x1 - 20, y + 12)], fill=INK)
    draw.text((W / 2, 50), "The FAVAR of chapter 4, step by step", font=font(36, bold=True), fill=INK, anchor="mm")
    draw.text((W / 2, H - 40), "Each step runs again on every forecast window (chapter 6): no look-ahead.",
              font=font(26), fill=INK, anchor="mm")
    image.save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
