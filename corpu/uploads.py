"""Validation of user uploads (evidence, assignments, forum attachments): an extension allow-list, a size limit,
and leading bytes that match the extension, so a renamed executable or HTML page is refused."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

_ZIP = (b"PK\x03\x04",)
# extension -> (content type, accepted leading bytes)
FILE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
}


def content_type_for(name):
    return FILE_TYPES.get(Path(name).suffix.lower(), ("application/octet-stream",))[0]


@deconstructible
class UploadValidator:
    """Refuse files whose extension is not allowed, that exceed `max_mb`, or whose content does not match."""

    def __init__(self, extensions, max_mb):
        unknown = set(extensions) - set(FILE_TYPES)
        if unknown:
            raise ValueError(f"No file signature known for {sorted(unknown)}")
        self.extensions = tuple(extensions)
        self.max_mb = max_mb

    def __call__(self, upload):
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in self.extensions:
            allowed = ", ".join(ext.lstrip(".").upper() for ext in self.extensions)
            raise ValidationError(_("Jenis berkas tidak diizinkan: hanya %(types)s.") % {"types": allowed})
        if upload.size > self.max_mb * 1024 * 1024:
            raise ValidationError(_("Berkas terlalu besar (maksimal %(mb)d MB).") % {"mb": self.max_mb})
        upload.seek(0)
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(signature) for signature in FILE_TYPES[suffix][1]):
            raise ValidationError(_("Isi berkas tidak sesuai dengan jenisnya."))

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.extensions, self.max_mb) == (
            other.extensions,
            other.max_mb,
        )

    @property
    def accept(self):
        """The value of an <input type=file accept=…> attribute."""
        return ",".join(self.extensions)
