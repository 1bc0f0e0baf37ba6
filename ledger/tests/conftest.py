import pytest


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Evidence uploads go to a throw-away directory."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
