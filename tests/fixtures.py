import pytest
from django.core.cache import cache
from wagtail.models import Site

from corpu.access import AccessLevel
from corpu.models import InfoPage
from people.models import JenisPegawai
from people.roles import CLO, assign_role
from tests.factories import GuestFactory, KeanggotaanFactory, KelompokFactory, UserFactory, unit


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rows of a rolled-back test must not answer the next one (search
    answers, rate limits, synonym tables)."""
    cache.clear()


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def institution(db):
    """Units, a kelompok keahlian and one visitor of each kind the access matrix speaks of."""
    dinas = unit("Dinas PUPR")
    bidang = unit("Dinas PUPR/Bidang Bina Marga")
    other = unit("Dinas Kesehatan")
    kelompok = KelompokFactory(nama="KK Infrastruktur", unit_kerja=dinas)
    other_kelompok = KelompokFactory(nama="KK Kesehatan", unit_kerja=other)
    visitors = {
        "anonymous": None,
        "asn_elsewhere": UserFactory(username="luar", instansi_asal="Pemkab Tabalong"),
        "guest": GuestFactory(username="tamu"),
        "staff": UserFactory(username="staf", unit_kerja=other),
        "tkk_staff": UserFactory(username="tkk", unit_kerja=other, jenis_pegawai=JenisPegawai.TKK, nip=None),
        "unit_member": UserFactory(username="anggota_unit", unit_kerja=bidang),
        "kelompok_member": KeanggotaanFactory(kelompok=kelompok, user=GuestFactory(username="akademisi")).user,
        "admin": UserFactory(username="clo", unit_kerja=other),
    }
    KeanggotaanFactory(kelompok=other_kelompok, user=visitors["staff"])
    assign_role(visitors["admin"], CLO)
    return {"dinas": dinas, "bidang": bidang, "kelompok": kelompok, "visitors": visitors}


@pytest.fixture
def make_info_page(home):
    def make(title, level=AccessLevel.PUBLIC, owner_unit=None, owner_kelompok=None, **extra):
        page = InfoPage(title=title, access_level=level, owner_unit=owner_unit, owner_kelompok=owner_kelompok, **extra)
        home.add_child(instance=page)
        page.save_revision().publish()
        return page

    return make
