"""The one pipeline for every uploaded image: check it, then re-encode it so no EXIF (no
location, no camera) is stored, under a random name rather than the uploader's."""

from __future__ import annotations

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
KEEP_LONGEST_SIDE = 2000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def image_clean(upload: UploadedFile[bytes]) -> ContentFile[bytes]:
    """Return a re-encoded copy of the photo without metadata; raise ValidationError if unfit.

    The photo must be a JPEG, PNG or WebP of at most 8 MB. Orientation from EXIF is applied
    to the pixels first, so stripping EXIF does not turn the picture on its side. The copy is
    named at random: the uploader's file name can say who they are or where they were.
    """
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo must be %(mb)s MB or smaller.") % {"mb": MAX_PHOTO_BYTES // 2**20},
            code="too_large",
        )
    try:
        with Image.open(upload) as probe:
            kind = probe.format or ""
            if probe.width * probe.height > MAX_PIXELS:
                raise ValidationError(_("The photo has too many pixels."), code="too_large")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            clean = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(_("The file is not a photo we can read."), code="bad_type") from error
    if kind not in FORMATS:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="bad_type")
    clean.thumbnail((KEEP_LONGEST_SIDE, KEEP_LONGEST_SIDE))
    if kind == "JPEG" and clean.mode not in ("RGB", "L"):
        clean = clean.convert("RGB")
    buffer = io.BytesIO()
    # Saving a fresh image without passing exif= writes no EXIF block at all.
    clean.save(buffer, format=kind, quality=85) if kind != "PNG" else clean.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[kind]}")
