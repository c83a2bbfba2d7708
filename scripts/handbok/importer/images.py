"""Importer: a picture a source embeds -> the same picture without its metadata.

Word files and intranet pages carry EXIF, XMP, IPTC and text chunks in their pictures: the camera, GPS
position, the author's name, comments. The handbook publishes attachments as they are, so every picture
is decoded and written again (Pillow) with its pixels only, turned upright first as its EXIF said.
A picture Pillow cannot read, or one larger than `MAKS_PIKSLER`, is not taken.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

# 40 megapixels: more than any phone photo; Pillow's own bomb limit is higher, and a decoded picture is 4 bytes
# a pixel in memory.
MAKS_PIKSLER = 40_000_000
_FORMATS = {"png": "PNG", "jpg": "JPEG"}


def without_metadata(data: bytes, ending: str) -> bytes | None:
    """`data` (PNG or JPEG, as `ending` says) re-encoded with no metadata; None when it cannot be read."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAKS_PIKSLER or image.format != _FORMATS[ending]:
                    return None
                upright = ImageOps.exif_transpose(image)
                return _encode(upright, ending)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        return None


def _encode(image: Image.Image, ending: str) -> bytes:
    """Pixels only: Pillow would carry a comment, an ICC profile or EXIF over from `info`, so it is emptied."""
    clean = image.convert("RGB") if ending == "jpg" and image.mode not in ("L", "RGB", "CMYK") else image.copy()
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, _FORMATS[ending], **({"quality": 90} if ending == "jpg" else {}))
    return out.getvalue()
