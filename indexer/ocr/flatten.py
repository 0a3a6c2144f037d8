"""A page image as every engine wants it: turned as its EXIF orientation says, and opaque."""

from __future__ import annotations

from PIL import Image, ImageOps

ORIENTATION = 0x0112  # the EXIF tag; 1 (or none) is upright


def flatten(image: Image.Image) -> Image.Image:
    """Upright per EXIF and without transparency (RGB or L).

    Transparent images are composited onto a background that contrasts with their ink, so
    white text on a transparent background is not lost on white. An upright opaque image is
    returned as it is, not copied (a 300 dpi page is 26 MB: the copy cost a tenth of its OCR's
    decode); callers that change the result in place pass their own copy.
    """
    if image.getexif().get(ORIENTATION, 1) not in (0, 1):
        image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        alpha = rgba.getchannel("A")
        ink = rgba.convert("L")
        opaque = [v for v, a in zip(ink.resize((64, 64)).getdata(), alpha.resize((64, 64)).getdata()) if a > 128]
        bright_ink = bool(opaque) and sum(opaque) / len(opaque) > 160
        background = Image.new("RGBA", rgba.size, (0, 0, 0, 255) if bright_ink else (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    return image if image.mode in ("RGB", "L") else image.convert("RGB")
