"""A small bar chart written as SVG (for the HTML) and PDF (for LaTeX) with the standard library
only: an example of a helper that a script imports, declared with depends=."""


class BarChart:
    def __init__(self, width=460, height=250, margin=(52, 16, 34, 28)):
        self.width, self.height = width, height
        self.left, self.right, self.bottom, self.top = margin
        self.shapes = []  # ("rect", x, y, w, h, rgb) | ("line", x0, y0, x1, y1, rgb) | ("text", x, y, size, s, anchor)

    def plot(self, groups, labels, colors, ymin=-0.2, ymax=1.0, ticks=(0, 0.5, 1.0)):
        """groups: one list of bar heights per series; bars of one lag side by side."""
        inner_w = self.width - self.left - self.right
        inner_h = self.height - self.top - self.bottom
        y = lambda v: self.bottom + (v - ymin) / (ymax - ymin) * inner_h
        n = len(groups[0])
        slot = inner_w / n
        bar = slot * 0.8 / len(groups)
        for t in ticks:
            self.shapes.append(("line", self.left, y(t), self.width - self.right, y(t), (0.85, 0.85, 0.85)))
            self.shapes.append(("text", self.left - 6, y(t) - 3, 9, f"{t:.1f}", "end"))
        for g, (values, color) in enumerate(zip(groups, colors)):
            for i, v in enumerate(values):
                x = self.left + i * slot + slot * 0.1 + g * bar
                lo, hi = sorted((y(0), y(v)))
                self.shapes.append(("rect", x, lo, bar, hi - lo, color))
        for i in range(n):
            if (i + 1) % 3 == 0 or i == 0:
                self.shapes.append(("text", self.left + (i + 0.5) * slot, self.bottom - 14, 9, str(i + 1), "middle"))
        self.shapes.append(("line", self.left, y(0), self.width - self.right, y(0), (0.2, 0.2, 0.2)))
        self.shapes.append(("text", self.left + inner_w / 2, 6, 9, "lag (months)", "middle"))
        x = self.left + 8
        for label, color in zip(labels, colors):
            self.shapes.append(("rect", x, self.height - 14, 9, 9, color))
            self.shapes.append(("text", x + 13, self.height - 13, 9, label, "start"))
            x += 13 + 6 * len(label) + 18

    def svg(self):
        h = self.height
        rgb = lambda c: "#%02x%02x%02x" % tuple(round(255 * v) for v in c)
        out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{h}" '
               f'viewBox="0 0 {self.width} {h}" font-family="Helvetica, Arial, sans-serif">']
        for s in self.shapes:
            if s[0] == "rect":
                _, x, y, w, hh, c = s
                out.append(f'<rect x="{x:.2f}" y="{h - y - hh:.2f}" width="{w:.2f}" height="{hh:.2f}" fill="{rgb(c)}"/>')
            elif s[0] == "line":
                _, x0, y0, x1, y1, c = s
                out.append(f'<line x1="{x0:.2f}" y1="{h - y0:.2f}" x2="{x1:.2f}" y2="{h - y1:.2f}" stroke="{rgb(c)}"/>')
            else:
                _, x, y, size, text, anchor = s
                out.append(f'<text x="{x:.2f}" y="{h - y:.2f}" font-size="{size}" text-anchor="{anchor}">{text}</text>')
        return "\n".join(out + ["</svg>", ""])

    def pdf(self):
        ops = []
        for s in self.shapes:
            if s[0] == "rect":
                _, x, y, w, hh, c = s
                ops.append(f"{c[0]:.3f} {c[1]:.3f} {c[2]:.3f} rg {x:.2f} {y:.2f} {w:.2f} {hh:.2f} re f")
            elif s[0] == "line":
                _, x0, y0, x1, y1, c = s
                ops.append(f"{c[0]:.3f} {c[1]:.3f} {c[2]:.3f} RG 0.8 w {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S")
            else:
                _, x, y, size, text, anchor = s
                width = 0.5 * size * len(text)  # Helvetica's average advance, for anchoring
                x -= {"start": 0, "middle": width / 2, "end": width}[anchor]
                ops.append(f"0 0 0 rg BT /F1 {size} Tf {x:.2f} {y:.2f} Td ({text}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.width} {self.height}] "
            f"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".encode(),
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        out = bytearray(b"%PDF-1.4\n")
        offsets = []
        for i, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)
