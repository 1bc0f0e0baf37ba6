"""Draw the web app's PNG icons (corpu/static/corpu/icons/icon-*.png) from the favicon's design with Pillow.

Run once after changing the design: .venv/bin/python scripts/make_icons.py (the PNGs are committed)."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND, ACCENT = "#0b5394", "#fbbf24"
OUT = Path(__file__).resolve().parent.parent / "corpu" / "static" / "corpu" / "icons"
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf")


def font(size):
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def draw(size, maskable):
    image = Image.new("RGBA", (size, size), BRAND if maskable else (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if not maskable:
        pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BRAND)
    # a maskable icon keeps its mark inside the central 80% safe zone
    letters = font(int(size * (0.36 if maskable else 0.46)))
    c_width = pen.textlength("C", font=letters)
    u_width = pen.textlength("U", font=letters)
    x = (size - c_width - u_width) / 2
    y = size / 2
    pen.text((x, y), "C", font=letters, fill="#ffffff", anchor="lm")
    pen.text((x + c_width, y), "U", font=letters, fill=ACCENT, anchor="lm")
    return image


def main():
    for size in (192, 512):
        draw(size, False).save(OUT / f"icon-{size}.png", optimize=True)
    draw(512, True).save(OUT / "icon-maskable-512.png", optimize=True)


if __name__ == "__main__":
    main()
