"""Issue 18, certificates: the snapshot, the PDF and the verification page, one valid certificate per enrolment,
revoke and reissue with their audit trail, and the certificate settings."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from courses.models import Certificate, CertificateAudit, CertificateSettings, CertificateStatus
from courses.services import certificates as service
from courses.tests.certificate_helpers import (
    SIGNATORY_NIP,
    catalog,
    complete,
    configure,
    course,
    pdf_image_count,
    pdf_text,
)
from people.roles import ANGGOTA, CLO, assign_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(home):
    """A learner who finished a 4 JP course under configured certificate settings, and the CLO."""
    configure()
    learner = UserFactory(nama="Siti Rahmah", nip="199001152015032001")
    clo = UserFactory(username="clo-sertifikat")
    assign_role(clo, CLO)
    certificate = complete(learner, course(catalog(home)))
    return {"learner": learner, "clo": clo, "certificate": certificate}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_completion_issues_a_certificate_with_a_snapshot_of_learner_course_and_signatory(issued):
    certificate = issued["certificate"]
    assert certificate.status == CertificateStatus.VALID
    assert (certificate.learner_name, certificate.learner_nip) == ("Siti Rahmah", "199001152015032001")
    assert (certificate.course_title, certificate.jp) == ("Etika Pelayanan Publik", 4)
    assert certificate.started_on and certificate.completed_on
    assert certificate.institution_name == "Pemerintah Kabupaten Balangan"
    assert (certificate.signatory_name, certificate.signatory_nip) == ("Drs. Ahmad Fauzi, M.Si.", SIGNATORY_NIP)
    assert certificate.institution_logo_id and certificate.signature_id
    assert CertificateAudit.objects.get(certificate=certificate).action == "issue"
    # a later change of the settings leaves the issued certificate as it was
    configure(images=False, signatory_name="Pejabat Baru", institution_name="Instansi Lain")
    certificate.refresh_from_db()
    assert (certificate.signatory_name, certificate.institution_name) == (
        "Drs. Ahmad Fauzi, M.Si.",
        "Pemerintah Kabupaten Balangan",
    )


def test_issue_is_idempotent_and_a_revoked_enrolment_gets_no_silent_new_certificate(issued):
    certificate = issued["certificate"]
    assert service.issue(certificate.enrolment) == certificate
    service.revoke(certificate, issued["clo"], "Data peserta keliru")
    with pytest.raises(ValidationError, match="dicabut"):
        service.issue(certificate.enrolment)
    assert Certificate.objects.count() == 1


def test_the_pdf_carries_learner_course_institution_and_signatory_with_embedded_images(issued, tmp_path):
    response = signed_in(issued["learner"]).get(reverse("courses:certificate_pdf", args=[issued["certificate"].code]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(tmp_path, response.content)
    for expected in (
        "Siti Rahmah",
        "199001152015032001",
        "Etika Pelayanan Publik",
        "4 JP",
        "Pemerintah Kabupaten Balangan",
        "Drs. Ahmad Fauzi, M.Si.",
        SIGNATORY_NIP,
        "Kepala BKPSDM Kabupaten Balangan",
        issued["certificate"].code,
    ):
        assert expected in text, expected
    assert "DICABUT" not in text
    assert pdf_image_count(tmp_path, response.content) >= 2  # the logo and the signature (the QR code is vector)


def test_the_verification_page_shows_a_valid_certificate_in_full(issued):
    page = Client().get(f"/sertifikat/{issued['certificate'].code.lower()}/")
    assert page.status_code == 200
    for expected in (
        "Sertifikat sah",
        "Siti Rahmah",
        "199001152015032001",
        "Etika Pelayanan Publik",
        "Pemerintah Kabupaten Balangan",
        "Drs. Ahmad Fauzi, M.Si.",
        SIGNATORY_NIP,
        "Kepala BKPSDM Kabupaten Balangan",
    ):
        assert expected in page.text, expected
    assert "/media/" not in page.text and "<img" not in page.text.split("<main", 1)[-1]


def test_a_revoked_certificate_says_so_and_its_pdf_is_refused_to_the_learner(issued, tmp_path):
    certificate = service.revoke(issued["certificate"], issued["clo"], "Peserta tidak mengikuti ujian")
    page = Client().get(f"/sertifikat/{certificate.code}/")
    assert page.status_code == 200 and "Sertifikat dicabut" in page.text and "DICABUT" in page.text
    assert f"{certificate.revoked_at:%-d}" in page.text and "Sertifikat sah" not in page.text
    url = reverse("courses:certificate_pdf", args=[certificate.code])
    refused = signed_in(issued["learner"]).get(url)
    assert refused.status_code == 410 and "DICABUT" in refused.text and not refused.content.startswith(b"%PDF")
    marked = signed_in(issued["clo"]).get(url)  # the CLO keeps the record, marked
    assert marked.status_code == 200 and "DICABUT" in pdf_text(tmp_path, marked.content)
    audit = CertificateAudit.objects.get(certificate=certificate, action="revoke")
    assert (audit.actor, audit.reason) == (issued["clo"], "Peserta tidak mengikuti ujian")


def test_revoking_needs_a_reason_and_a_valid_certificate(issued):
    with pytest.raises(ValidationError, match="Alasan pencabutan wajib diisi"):
        service.revoke(issued["certificate"], issued["clo"], "   ")
    assert Certificate.objects.get().status == CertificateStatus.VALID
    service.revoke(issued["certificate"], issued["clo"], "Keliru")
    with pytest.raises(ValidationError, match="Hanya sertifikat yang sah"):
        service.revoke(issued["certificate"], issued["clo"], "Lagi")


def test_reissue_gives_a_new_code_and_the_old_one_points_to_it(issued):
    old = issued["certificate"]
    issued["learner"].nama = "Siti Rahmah Hidayati"
    issued["learner"].save()
    new = service.reissue(old, issued["clo"])
    old.refresh_from_db()
    assert new.code != old.code and new.status == CertificateStatus.VALID
    assert (old.status, old.replaced_by) == (CertificateStatus.REPLACED, new)
    assert new.learner_name == "Siti Rahmah Hidayati"  # the reissue takes today's data
    assert old.enrolment.valid_certificate == new
    assert list(CertificateAudit.objects.filter(actor=issued["clo"]).values_list("certificate", "action")) == [
        (old.pk, "reissue"),
        (new.pk, "issue"),
    ]
    page = Client().get(f"/sertifikat/{old.code}/")
    assert "Sertifikat diganti" in page.text and f'href="/sertifikat/{new.code}/"' in page.text
    with pytest.raises(ValidationError, match="sudah diganti"):
        service.reissue(old, issued["clo"])
    assert signed_in(issued["learner"]).get(reverse("courses:certificate_pdf", args=[old.code])).status_code == 410


def test_a_revoked_certificate_can_be_reissued(issued):
    revoked = service.revoke(issued["certificate"], issued["clo"], "Salah nama")
    new = service.reissue(revoked, issued["clo"])
    revoked.refresh_from_db()
    assert revoked.status == CertificateStatus.REPLACED and revoked.revoked_reason == "Salah nama"
    assert new.status == CertificateStatus.VALID


def test_the_database_refuses_a_second_valid_certificate_for_one_enrolment(issued):
    certificate = issued["certificate"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(enrolment=certificate.enrolment, learner_name="x", course_title="x", jp=1)
    # revoked and replaced ones may stand beside the valid one
    Certificate.objects.create(
        enrolment=certificate.enrolment, learner_name="x", course_title="x", jp=1, status=CertificateStatus.REVOKED
    )
    assert certificate.enrolment.certificates.count() == 2


def test_signatory_nip_is_validated():
    chosen = CertificateSettings(site=Site.objects.get(is_default_site=True), signatory_nip="12345")
    with pytest.raises(ValidationError) as error:
        chosen.full_clean()
    assert "signatory_nip" in error.value.message_dict and "18 digit" in error.value.message_dict["signatory_nip"][0]


def test_only_the_clo_edits_the_certificate_settings():
    url = reverse("wagtailsettings:edit", args=["courses", "certificatesettings", Site.objects.get().pk])
    clo = UserFactory()
    assign_role(clo, CLO)
    assert signed_in(clo).get(url).status_code == 200
    member = UserFactory()  # may open the Wagtail admin, not these settings
    assign_role(member, ANGGOTA)
    assert signed_in(member).get(url).status_code in (302, 403)
    data = {"institution_name": "Diubah", "signatory_nip": ""}
    signed_in(member).post(url, data)
    assert not CertificateSettings.objects.filter(institution_name="Diubah").exists()


def test_the_settings_images_are_not_served_to_learners(issued):
    """The logo and signature are private images used by no page: the admin's rendition view refuses a learner
    and nothing links them by URL (the PDF embeds them)."""
    chosen = CertificateSettings.objects.get()
    rendition = chosen.signature.get_rendition("original")
    response = signed_in(issued["learner"]).get(reverse("admin_image_rendition", args=[rendition.pk]))
    assert response.status_code in (302, 403, 404)
    assert signed_in(issued["clo"]).get(reverse("admin_image_rendition", args=[rendition.pk])).status_code == 200
    with pytest.raises(NotImplementedError):  # private storage: no /media/ URL exists
        _url = chosen.signature.file.url


def test_an_image_chooser_cannot_reach_the_logo_or_signature(issued, make_info_page):
    """Attack: a kelompok keahlian member may choose every image no page uses; the certificate images are not
    among them — not in the chooser, not as a rendition, not through a page body they were placed in by id."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection, GroupCollectionPermission

    from people.roles import role_group_name

    member = UserFactory()
    assign_role(member, ANGGOTA)
    GroupCollectionPermission.objects.get_or_create(
        group=Group.objects.get(name=role_group_name(ANGGOTA)),
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(content_type__app_label="wagtailimages", codename="choose_image"),
    )
    plain = get_image_model().objects.create(title="Foto kegiatan", file=get_test_image_file("foto.png"))
    signature = CertificateSettings.objects.get().signature
    client = signed_in(member)
    rendition_url = lambda image: reverse("admin_image_rendition", args=[image.get_rendition("original").pk])  # noqa: E731
    assert client.get(rendition_url(plain)).status_code == 200  # an ordinary unused image: the usual rule
    assert client.get(rendition_url(signature)).status_code == 404
    chooser = client.get(reverse("wagtailimages_chooser:choose")).text
    assert "Foto kegiatan" in chooser and "Tanda tangan Kepala" not in chooser and "Lambang Pemkab" not in chooser
    block = {"image": signature, "alt_text": "ttd", "decorative": False}
    page = make_info_page("Halaman bergambar", body=[("image", block)])
    assert Client().get(f"/halaman/{page.pk}/gambar/{signature.pk}/").status_code == 404
    # a settings change leaves the old signature on issued certificates: still hidden
    CertificateSettings.objects.update(signature=None, institution_logo=None)
    assert client.get(rendition_url(signature)).status_code == 404


def test_the_data_migration_fills_the_issued_certificates(issued):
    certificate = issued["certificate"]
    Certificate.objects.filter(pk=certificate.pk).update(learner_nip="", started_on=None, completed_on=None)
    migration = importlib.import_module("courses.migrations.0010_certificate_lifecycle")
    migration.fill_issued_certificates(apps, None)
    certificate.refresh_from_db()
    assert certificate.learner_nip == "199001152015032001" and certificate.completed_on is not None


def test_the_demo_institution_signs_through_its_head_of_bkpsdm():
    from courses import demo

    head = UserFactory(username="clo", nama="Dra. Norhayati, M.Pd.")
    site = Site.objects.get(is_default_site=True)
    demo.certificate_settings(site)
    chosen = CertificateSettings.for_site(site)
    assert (chosen.institution_name, chosen.signatory_name, chosen.signatory_nip) == (
        "Pemerintah Kabupaten Balangan",
        "Dra. Norhayati, M.Pd.",
        head.nip,
    )
    chosen.full_clean()
    chosen.signatory_name = "Diubah CLO"
    chosen.save()
    demo.certificate_settings(site)  # seeding again keeps what the CLO set
    assert CertificateSettings.for_site(site).signatory_name == "Diubah CLO"
