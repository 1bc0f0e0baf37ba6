"""Demo pages: information pages at each access level."""

from wagtail.models import Site

from people.models import UnitKerja

from .access import AccessLevel
from .models import HomePage, InfoPage

PAGES = [
    (
        "tentang",
        "Tentang CorpU",
        AccessLevel.PUBLIC,
        None,
        "ASN Corporate University: satu tempat untuk belajar, berbagi pengetahuan, dan mencatat JP.",
        "CorpU mengintegrasikan pengembangan kompetensi ASN dengan tujuan strategis organisasi. "
        "Setiap ASN wajib memperoleh paling sedikit 20 JP per tahun.",
    ),
    (
        "panduan-jp",
        "Panduan Pencatatan JP bagi ASN",
        AccessLevel.ASN,
        None,
        "Cara mencatat kegiatan pengembangan kompetensi dan mengunggah bukti dukung.",
        "Unggah sertifikat atau surat keterangan, lalu tunggu verifikasi dari BKPSDM.",
    ),
    (
        "pedoman-internal-bkpsdm",
        "Pedoman Internal Verifikasi JP",
        AccessLevel.INTERNAL,
        "BKPSDM",
        "Prosedur kerja verifikator BKPSDM (hanya untuk pegawai BKPSDM).",
        "Verifikator memeriksa keaslian bukti dukung dan kesesuaian konversi JP dengan peraturan yang berlaku.",
    ),
]


def seed(out):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get(pk=site.root_page_id)
    if not home.body:
        home.intro = "Belajar, berbagi pengetahuan, dan penuhi 20 JP Anda tahun ini."
        home.body = (
            "<p>Selamat datang di CorpU, ASN Corporate University pemerintah daerah. Temukan praktik baik, "
            "ikuti kursus daring, dan berdiskusi di komunitas belajar.</p>"
        )
        home.save_revision().publish()
    for slug, title, level, unit, summary, text in PAGES:
        if InfoPage.objects.filter(slug=slug).exists():
            continue
        page = InfoPage(
            title=title,
            slug=slug,
            access_level=level,
            summary=summary,
            show_in_menus=(level == AccessLevel.PUBLIC),
            owner_unit=UnitKerja.objects.filter(nama=unit, depth=1).first() if unit else None,
            body=[("paragraph", f"<p>{text}</p>")],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
    out.write(f"Halaman informasi: {', '.join(title for _s, title, *_rest in PAGES)}")
