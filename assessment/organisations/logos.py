"""A consultancy's logo: what may be uploaded, and the type it is served back with.

A logo is shown on every client's report, so a file that could run script or fetch something when opened
is refused: PNG and JPEG only if Pillow reads them as such, SVG only without script, event handlers,
embedded documents or references outside the file.
"""

from __future__ import annotations

import io
import re
from pathlib import PurePath
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image

MAX_BYTES = 1024 * 1024
CONTENT_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".svg": "image/svg+xml"}
_RASTER = {"PNG": ".png", "JPEG": ".jpg"}
# Elements that run script, embed another document or change an attribute (a link) after loading.
_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "set", "animate"}
_REFERENCE = {"href", "src"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def checked_logo(upload: UploadedFile) -> tuple[bytes, str]:
    """The logo's bytes and file extension, or a ValidationError saying why it is refused."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(_("The logo may be 1 MB at most."))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if b"<svg" in data[:2048] or PurePath(upload.name or "").suffix.lower() == ".svg":
        _check_svg(data)
        return data, ".svg"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            kind = image.format or ""
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = ""
    if kind not in _RASTER:
        raise ValidationError(_("The logo must be a PNG, JPEG or SVG image."))
    return data, _RASTER[kind]


def _local(name: str) -> str:
    """A tag or attribute name without its XML namespace, in lower case."""
    return name.rsplit("}", 1)[-1].lower()


def _check_svg(data: bytes) -> None:
    try:
        # defusedxml refuses DTDs, entities and external references of the parser itself.
        root: Element = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise ValidationError(_("The SVG file cannot be read.")) from None
    if _local(root.tag) != "svg":
        raise ValidationError(_("The logo must be a PNG, JPEG or SVG image."))
    for element in root.iter():
        if _local(element.tag) in _ACTIVE:
            raise ValidationError(_("The SVG logo may not contain scripts or embedded documents."))
        if _local(element.tag) == "style" and _EXTERNAL_URL.search(element.text or ""):
            raise ValidationError(_("The SVG logo may not refer to other files."))
        for attribute, value in element.attrib.items():
            name = _local(attribute)
            if name.startswith("on"):
                raise ValidationError(_("The SVG logo may not contain scripts or embedded documents."))
            external = name in _REFERENCE and not value.strip().startswith("#")
            if external or _EXTERNAL_URL.search(value):
                raise ValidationError(_("The SVG logo may not refer to other files."))
