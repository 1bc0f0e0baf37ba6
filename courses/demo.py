"""Demo courses: a MOOC with H5P lessons, a flipped class with a scheduled session, a classroom course."""

import datetime
import uuid
from decimal import Decimal

from django.core.files import File
from django.utils import timezone
from wagtail.models import Site

from corpu.access import AccessLevel
from people.models import UnitKerja, User

from . import services
from .h5p import recheck
from .h5p.build import SAMPLES_DIR
from .models import (
    CertificateSettings,
    CourseCatalogPage,
    CoursePage,
    CourseSession,
    H5PActivity,
    LessonPage,
    ScormPackage,
)
from .scorm.build import SAMPLES_DIR as SCORM_SAMPLES_DIR


def activity(title, sample):
    existing = H5PActivity.objects.filter(title=title).first()
    if existing:
        return existing
    with open(SAMPLES_DIR / sample, "rb") as handle:
        made = H5PActivity(title=title, access_level=AccessLevel.PUBLIC, package=File(handle, name=sample))
        made.system_upload = True  # seeding installs CorpU's own content types, as an administrator would
        made.save()
    return made


def scorm_package(title, sample):
    existing = ScormPackage.objects.filter(title=title).first()
    if existing:
        return existing
    with open(SCORM_SAMPLES_DIR / sample, "rb") as handle:
        made = ScormPackage(title=title, access_level=AccessLevel.PUBLIC, package=File(handle, name=sample))
        made.system_upload = True  # CorpU's own sample packages, uploaded as an administrator would
        made.save()
    return made


def lesson(course, title, blocks, required=True):
    page = LessonPage.objects.child_of(course).filter(title=title).first()
    if page is None:
        page = course.add_child(instance=LessonPage(title=title, body=blocks, required=required))
        page.save_revision().publish()
    return page


def course(catalog, title, **fields):
    page = CoursePage.objects.child_of(catalog).filter(title=title).first()
    if page is None:
        page = catalog.add_child(instance=CoursePage(title=title, **fields))
        page.save_revision().publish()
    return page


def answered_statement(h5p):
    """The statement the true/false player sends when a learner answers it correctly (the server re-checks it)."""
    correct = str(recheck.content_params(h5p).get("correct", "true"))
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"corpu-demo/{h5p.pk}")),
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
        "object": {
            "id": f"corpu:h5p:{h5p.pk}",
            "definition": {"interactionType": "true-false", "correctResponsesPattern": [correct]},
        },
        "result": {
            "score": {"min": 0, "max": 1, "raw": 1, "scaled": 1},
            "success": True,
            "completion": True,
            "response": correct,
        },
    }


DEMO_INSTITUTION = "Pemerintah Kabupaten Balangan"
DEMO_POSITION = "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Balangan"


def certificate_settings(site):
    """The demo institution signs its certificates through its head of BKPSDM (the CLO); kept when already set."""
    chosen = CertificateSettings.for_site(site)
    signatory = User.objects.filter(username="clo").first()
    if chosen.institution_name or signatory is None:
        return
    chosen.institution_name = DEMO_INSTITUTION
    chosen.signatory_name = signatory.get_full_name()
    chosen.signatory_nip = signatory.nip or ""
    chosen.signatory_position = DEMO_POSITION
    chosen.save()


def seed(out):
    site = Site.objects.get(is_default_site=True)
    certificate_settings(site)
    home = site.root_page
    catalog = CourseCatalogPage.objects.first()
    if catalog is None:
        catalog = home.add_child(
            instance=CourseCatalogPage(
                title="Kursus",
                slug="kursus-daring",
                show_in_menus=True,
                intro="<p>MOOC, flipped classroom, blended, dan klasikal untuk ASN.</p>",
            )
        )
        catalog.save_revision().publish()
    netral = activity("Kuis Netralitas ASN", "netralitas-asn.h5p")
    katalog = activity("Kuis Pengadaan E-Katalog", "pengadaan-e-katalog.h5p")

    mooc = course(
        catalog,
        "Netralitas dan Etika ASN",
        access_level=AccessLevel.PUBLIC,
        delivery_model="mooc",
        jp_value=Decimal(2),
        ledger_form="e_learning",
        competency="sosial_kultural",
        target_audience="Seluruh ASN",
        summary="MOOC singkat tentang kewajiban netralitas ASN dalam pemilu dan pilkada.",
    )
    intro = lesson(
        mooc,
        "Mengapa ASN harus netral?",
        [("text", "<p>UU ASN mewajibkan ASN bebas dari pengaruh dan intervensi golongan dan partai politik.</p>")],
    )
    quiz = lesson(mooc, "Uji pemahaman: netralitas", [("text", "<p>Jawab pernyataan berikut.</p>"), ("h5p", netral)])

    integritas = course(
        catalog,
        "Integritas ASN: Kode Etik dan Gratifikasi",
        access_level=AccessLevel.PUBLIC,
        delivery_model="mooc",
        jp_value=Decimal(2),
        ledger_form="e_learning",
        competency="sosial_kultural",
        target_audience="Seluruh ASN",
        summary="Dua modul SCORM singkat: nilai dasar BerAKHLAK dan kewajiban melaporkan gratifikasi.",
    )
    lesson(integritas, "Kode etik ASN (SCORM 1.2)", [("scorm", scorm_package("Kode Etik ASN", "kode-etik-asn-12.zip"))])
    gratifikasi = scorm_package("Mengenali Gratifikasi", "gratifikasi-2004.zip")
    lesson(integritas, "Mengenali gratifikasi (SCORM 2004)", [("scorm", gratifikasi)])

    pbj = course(
        catalog,
        "Pengadaan Barang/Jasa melalui E-Katalog",
        access_level=AccessLevel.ASN,
        delivery_model="mooc",
        jp_value=Decimal(4),
        ledger_form="kursus",
        competency="teknis",
        target_audience="Pejabat pengadaan, PPK",
        summary="Langkah e-purchasing dari RUP di SiRUP sampai serah terima.",
    )
    lesson(pbj, "Alur e-purchasing", [("text", "<p>RUP → HPS → paket e-purchasing → negosiasi → pesanan.</p>")])
    lesson(pbj, "Uji pemahaman: e-katalog", [("h5p", katalog)])

    skp = course(
        catalog,
        "Menyusun SKP dan Dialog Kinerja di e-Kinerja",
        access_level=AccessLevel.ASN,
        delivery_model="flipped",
        jp_value=Decimal(6),
        ledger_form="pelatihan_teknis",
        competency="manajerial",
        enrolment_mode="approval",
        capacity=30,
        summary="Pelajari modul daring dulu, lalu praktik bersama fasilitator.",
    )
    prework = lesson(skp, "Pra-kerja: konsep SKP berbasis hasil", [("text", "<p>Baca konsep ekspektasi pimpinan.</p>")])
    if not skp.sessions.exists():
        start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=14)
        CourseSession.objects.create(
            course=skp,
            title="Klinik SKP",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            place="Aula BKPSDM",
            online_link="https://meet.example.go.id/klinik-skp",
            prework=prework,
        )

    pupr = UnitKerja.objects.filter(nama="Dinas PUPR", depth=1).first()
    course(
        catalog,
        "Pelatihan Teknis Pengawasan Jalan dan Jembatan",
        access_level=AccessLevel.INTERNAL,
        owner_unit=pupr,
        delivery_model="classroom",
        jp_value=Decimal(24),
        ledger_form="pelatihan_teknis",
        competency="teknis",
        enrolment_mode="assigned",
        summary="Pelatihan klasikal 3 hari untuk pengawas lapangan.",
    )

    learners = {u.username: u for u in User.objects.filter(username__in=["asn", "pegawai01", "pegawai02"])}
    if "asn" in learners:
        services.enrol(learners["asn"], mooc)
        services.complete_lesson(learners["asn"], intro)
    if "pegawai01" in learners:  # finished the MOOC: quiz answered in the player, JP posted, certificate issued
        services.enrol(learners["pegawai01"], mooc)
        services.complete_lesson(learners["pegawai01"], intro)
        attempt = services.open_activities(learners["pegawai01"], quiz)[netral]  # the lesson page opened it
        services.record_xapi(learners["pegawai01"], netral, attempt.token, answered_statement(netral))
        services.enrol(learners["pegawai01"], pbj)
    if "pegawai02" in learners:
        services.enrol(learners["pegawai02"], skp)
    out.write(
        "Kursus: 2 MOOC dengan aktivitas H5P, 1 MOOC dengan paket SCORM, 1 flipped classroom terjadwal, "
        "1 kursus klasikal internal"
    )
