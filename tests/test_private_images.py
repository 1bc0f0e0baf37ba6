"""Images live in private storage: the admin loads them through an admin-only view, readers through the page."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import features

from corpu.access import AccessLevel
from tests.factories import UserFactory

Image = get_image_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db):
    return Image.objects.create(title="Foto jembatan", file=get_test_image_file("jembatan.png"))


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def preview_urls(html):
    return set(re.findall(r'src="(/admin/gambar/\d+/)"', html))


def test_originals_and_renditions_are_stored_outside_media_root(image):
    rendition = image.get_rendition("max-165x165")
    private_root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    for stored in (image.file.path, rendition.file.path):
        assert Path(stored).resolve().is_relative_to(private_root)
        assert not Path(stored).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert rendition.url == f"/admin/gambar/{rendition.pk}/" and "/media/" not in rendition.img_tag()


def test_admin_listing_edit_and_chooser_show_previews_only_admins_may_load(institution, image):
    visitors = institution["visitors"]
    admin = client_for(UserFactory(username="superadmin", is_superuser=True))
    listing = admin.get("/admin/images/")
    edit = admin.get(f"/admin/images/{image.pk}/")
    chooser = admin.get("/admin/images/chooser/")
    assert listing.status_code == edit.status_code == chooser.status_code == 200
    html = listing.text + edit.text + json.loads(chooser.content)["html"]
    assert "Foto jembatan" in html and "/media/" not in html
    urls = preview_urls(html)
    assert urls
    for url in urls:
        response = admin.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        anonymous = client_for().get(url)
        assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
        assert client_for(visitors["admin"]).get(url).status_code == 200  # the CLO, an admin user
        assert client_for(visitors["asn_elsewhere"]).get(url).status_code != 200  # signed in, no admin access


def test_info_page_images_follow_the_page_access(institution, make_info_page, image):
    block = [("image", {"image": image, "alt_text": "Jembatan baru", "decorative": False})]
    page = make_info_page("Panduan internal", level=AccessLevel.INTERNAL, body=block)
    url = f"/halaman/{page.pk}/gambar/{image.pk}/"
    staff = client_for(institution["visitors"]["staff"])
    html = staff.get(page.url).text
    assert url in html and "/media/" not in html and "/admin/gambar/" not in html
    assert staff.get(url).status_code == 200
    anonymous = client_for().get(url)
    assert anonymous.status_code == 302 and "/akun/login/" in anonymous["Location"]
    assert client_for(institution["visitors"]["guest"]).get(url).status_code == 403
    other = Image.objects.create(title="Lain", file=get_test_image_file("lain.png"))
    assert staff.get(f"/halaman/{page.pk}/gambar/{other.pk}/").status_code == 404


def test_rich_text_offers_no_inline_images():
    assert "image" not in features.get_default_features()


def test_an_image_uploaded_in_the_admin_is_stored_privately(institution):
    admin = client_for(UserFactory(username="pengunggah", is_superuser=True))
    upload = SimpleUploadedFile("unggahan.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = admin.post("/admin/images/add/", {"title": "Unggahan", "file": upload, "collection": "1"})
    assert response.status_code == 302, response.context["form"].errors
    image = Image.objects.get(title="Unggahan")
    assert Path(image.file.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert client_for().get(f"/media/{image.file.name}").status_code == 404
