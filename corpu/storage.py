"""Private file storage: outside MEDIA_ROOT, no URL; files are served only by views that ask the access policy."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(getattr(settings, "PRIVATE_MEDIA_ROOT", Path(settings.MEDIA_ROOT).parent / "private-media"))

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):
        raise NotImplementedError("Private files have no URL; serve them through an access-checked view.")


private_storage = PrivateStorage()
