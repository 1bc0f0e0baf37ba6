import pytest
from django.test import Client
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

Image = get_image_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def image(db):
    return Image.objects.create(title="Foto jalan", file=get_test_image_file("jalan.png"))


def body(image):
    return [("image", {"image": image, "alt_text": "Foto jalan rusak", "decorative": False})]


def test_body_images_are_served_only_through_the_policy(institution, make_asset, image):
    internal = make_asset("Internal bergambar", level="internal", body=body(image))
    url = f"/pengetahuan/aset/{internal.pk}/gambar/{image.pk}/"
    staff = Client()
    staff.force_login(institution["visitors"]["staff"])
    page = staff.get(internal.url).text
    assert url in page and "/media/" not in page and 'alt="Foto jalan rusak"' in page
    response = staff.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/akun/login/" in anonymous["Location"]
    guest = Client()
    guest.force_login(institution["visitors"]["guest"])
    assert guest.get(url).status_code == 403


def test_an_image_not_used_by_the_asset_is_not_served_through_it(make_asset, image):
    other = Image.objects.create(title="Lain", file=get_test_image_file("lain.png"))
    asset = make_asset("Publik bergambar", body=body(image))
    assert Client().get(f"/pengetahuan/aset/{asset.pk}/gambar/{image.pk}/").status_code == 200
    assert Client().get(f"/pengetahuan/aset/{asset.pk}/gambar/{other.pk}/").status_code == 404


def test_admin_preview_renders_images_directly(institution, catalogue, image):
    from django.test import RequestFactory

    from knowledge_assets.models import KnowledgeAssetPage

    draft = KnowledgeAssetPage(title="Pratinjau gambar", abstract="x", asset_type="sop", live=False, body=body(image))
    request = RequestFactory().get("/admin/pages/preview/")
    request.user = institution["visitors"]["admin"]
    request.is_preview = True
    response = draft.serve_preview(request, "")
    response.render()
    assert b"<img" in response.content and b"/pengetahuan/aset/" not in response.content
    assert b"/admin/gambar/" in response.content and b"/media/" not in response.content
