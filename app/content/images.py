"""What a course image really is: its type from its content (not its name), and its size.

Pages show course images from our own server only, so an image file must be a picture a browser shows
as such and nothing else: PNG, JPEG, GIF or WebP, decoded by Pillow (a renamed HTML or SVG file, which
could carry script, or a truncated file is refused), at most ``MAX_SIDE`` pixels a side.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from app.content.messages import N_

#: Pillow's format name -> the content type we serve, and the file name endings that fit it.
FORMATS = {
    "PNG": ("image/png", (".png",)),
    "JPEG": ("image/jpeg", (".jpg", ".jpeg")),
    "GIF": ("image/gif", (".gif",)),
    "WEBP": ("image/webp", (".webp",)),
}
MAX_SIDE = 4000


@dataclass(frozen=True)
class ImageInfo:
    mime: str
    width: int
    height: int


class BadImage(ValueError):
    """Not an image the platform shows; ``args[0]`` says why, for the checker (a marked message)."""


def inspect_image(data: bytes, name: str) -> ImageInfo:
    """The content type and size of the image ``data`` from the file ``name``.

    :raises BadImage: when it is no PNG, JPEG, GIF or WebP image, does not match its name's ending,
        is damaged, or is larger than ``MAX_SIDE`` pixels a side.
    """
    from PIL import Image  # loaded with the first image checked, not with every `flask` command

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
                kind, (width, height) = image.format or "", image.size
                image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise BadImage(N_("not a PNG, JPEG, GIF or WebP image (or a damaged one)")) from None
    mime, endings = FORMATS[kind]
    if not name.lower().endswith(endings):
        raise BadImage(
            N_(
                "the file is a %(kind)s image, but its name ends otherwise: rename it to %(ending)s",
                kind=kind,
                ending=endings[0],
            )
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        raise BadImage(
            N_(
                "image is %(width)d×%(height)d pixels: at most %(most)d a side (make it smaller)",
                width=width,
                height=height,
                most=MAX_SIDE,
            )
        )
    return ImageInfo(mime, width, height)
