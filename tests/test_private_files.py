"""Documents and other private files never get a public media URL."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from corpu.storage import private_storage


@pytest.mark.django_db
def test_documents_live_outside_media_root_and_are_served_only_by_the_view():
    document = get_document_model().objects.create(title="SOP", file=ContentFile(b"%PDF-1.4", name="sop.pdf"))
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert document.url.startswith("/dokumen/")
    with pytest.raises(NotImplementedError):
        private_storage.url(document.file.name)
