"""Draw the demo courses' pictures (courses/<slug>/images/card.png) with Pillow: flat shapes in the site's
colours, no text (one picture serves every language; its alt text in course.yaml says what it shows).

Run from the project folder: `.venv/bin/python tools/draw_course_images.py`. Drawn at twice the size and
scaled down, for smooth edges.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
W, H, S = 960, 540, 2  # final size, supersampling
BRAND, BRAND_2, ACCENT, GOLD = "#0f3d5e", "#1f6f9f", "#e4572e", "#f2c14e"
PALE, PALE_2, WHITE = "#e8f1f8", "#d3e4f1", "#ffffff"


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (W * S, H * S), PALE)
    draw = ImageDraw.Draw(image)
    for i in range(6):  # soft diagonal bands
        x = (i * 220 - 200) * S
        draw.polygon([(x, H * S), (x + 120 * S, H * S), (x + 420 * S, 0), (x + 300 * S, 0)], fill=PALE_2)
    return image, draw


def s(*values: float) -> list[float]:
    return [v * S for v in values]


def star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    points = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.42
        angle = -math.pi / 2 + k * math.pi / 5
        points.append(((cx + radius * math.cos(angle)) * S, (cy + radius * math.sin(angle)) * S))
    return points


def ip_china(draw: ImageDraw.ImageDraw) -> None:
    """A document with a seal bearing the registered-trademark sign."""
    draw.rounded_rectangle(s(300, 70, 620, 470), radius=18 * S, fill=WHITE, outline=BRAND, width=6 * S)
    for n, width in enumerate((220, 250, 190, 240, 160)):
        draw.rounded_rectangle(s(350, 130 + n * 44, 350 + width, 146 + n * 44), radius=8 * S, fill=PALE_2)
    draw.ellipse(s(500, 300, 680, 480), fill=ACCENT)
    draw.ellipse(s(520, 320, 660, 460), outline=WHITE, width=5 * S)
    # the ® sign: a circle with an R drawn from strokes
    draw.ellipse(s(552, 352, 628, 428), outline=WHITE, width=6 * S)
    draw.line(s(576, 372, 576, 410), fill=WHITE, width=7 * S)
    draw.arc(s(566, 370, 606, 394), start=-90, end=90, fill=WHITE, width=7 * S)
    draw.line(s(578, 372, 588, 372), fill=WHITE, width=7 * S)
    draw.line(s(590, 393, 606, 410), fill=WHITE, width=7 * S)


def market_entry(draw: ImageDraw.ImageDraw) -> None:
    """An arrow climbing steps towards a location pin above a city."""
    for n, (x, h) in enumerate(((560, 120), (610, 190), (660, 150), (710, 230), (760, 170), (810, 130))):
        draw.rectangle(s(x, 460 - h, x + 42, 460), fill=BRAND if n % 2 else BRAND_2)
        for wy in range(460 - h + 16, 450, 28):
            draw.rectangle(s(x + 10, wy, x + 18, wy + 10), fill=GOLD)
    for n in range(4):
        draw.rectangle(
            s(150 + n * 90, 460 - (n + 1) * 60, 240 + n * 90, 460), fill=WHITE, outline=BRAND, width=4 * S
        )
    draw.line(s(170, 380, 250, 320, 340, 260, 430, 200, 520, 150), fill=ACCENT, width=12 * S, joint="curve")
    draw.polygon(s(540, 135, 500, 140, 522, 168), fill=ACCENT)
    draw.ellipse(s(640, 60, 740, 160), fill=ACCENT)
    draw.polygon(s(648, 130, 732, 130, 690, 215), fill=ACCENT)
    draw.ellipse(s(668, 88, 712, 132), fill=WHITE)
    draw.line(s(120, 462, 860, 462), fill=BRAND, width=6 * S)


def culture(draw: ImageDraw.ImageDraw) -> None:
    """Two overlapping speech bubbles, red and blue, with a gold overlap."""
    left = Image.new("L", (W * S, H * S), 0)
    right = Image.new("L", (W * S, H * S), 0)
    ImageDraw.Draw(left).rounded_rectangle(s(190, 110, 550, 350), radius=60 * S, fill=255)
    ImageDraw.Draw(left).polygon(s(260, 340, 330, 340, 240, 420), fill=255)
    ImageDraw.Draw(right).rounded_rectangle(s(420, 190, 780, 430), radius=60 * S, fill=255)
    ImageDraw.Draw(right).polygon(s(690, 420, 620, 420, 720, 490), fill=255)
    base = draw._image  # type: ignore[attr-defined]
    base.paste(ACCENT, mask=left)
    base.paste(BRAND_2, mask=right)
    overlap = Image.new("L", (W * S, H * S), 0)
    overlap.paste(right, mask=left)
    base.paste(GOLD, mask=overlap)
    for n in range(3):
        draw.ellipse(s(280 + n * 40, 215, 300 + n * 40, 235), fill=WHITE)
        draw.ellipse(s(600 + n * 40, 300, 620 + n * 40, 320), fill=WHITE)


def germany_eu(draw: ImageDraw.ImageDraw) -> None:
    """An arc from the east to a location pin inside a ring of twelve stars."""
    cx, cy, ring = 380, 270, 170
    draw.ellipse(s(cx - 215, cy - 215, cx + 215, cy + 215), fill=BRAND)
    for k in range(12):
        angle = k * math.pi / 6
        draw.polygon(star(cx + ring * math.cos(angle), cy + ring * math.sin(angle), 20), fill=GOLD)
    draw.arc(s(cx + 10, cy - 230, 900, cy + 150), start=190, end=350, fill=ACCENT, width=10 * S)
    draw.ellipse(s(870, cy - 60, 910, cy - 20), fill=ACCENT)
    draw.ellipse(s(cx - 45, cy - 95, cx + 45, cy - 5), fill=ACCENT)
    draw.polygon(s(cx - 38, cy - 30, cx + 38, cy - 30, cx, cy + 50), fill=ACCENT)
    draw.ellipse(s(cx - 20, cy - 70, cx + 20, cy - 30), fill=WHITE)


PICTURES = {
    "ip-china": ip_china,
    "market-entry-china": market_entry,
    "sino-german-culture": culture,
    "germany-eu-entry": germany_eu,
}


def main() -> None:
    for slug, paint in PICTURES.items():
        image, draw = canvas()
        paint(draw)
        target = ROOT / "courses" / slug / "images" / "card.png"
        target.parent.mkdir(exist_ok=True)
        small = image.resize((W, H), Image.LANCZOS).quantize(colors=64, dither=Image.Dither.NONE)
        small.save(target, optimize=True)
        print(f"{target.relative_to(ROOT)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
