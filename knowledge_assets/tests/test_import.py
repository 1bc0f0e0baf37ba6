import docx
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from weasyprint import HTML

from knowledge_assets.models import KnowledgeAssetPage
from tests.factories import KelompokFactory, UserFactory

Document = get_document_model()

pytestmark = pytest.mark.django_db

HEADER = "file,title,abstract,asset_type,knowledge_form,competency,kelompok,access_level,tags,authors_nip\n"


def write_pdf(path, html):
    HTML(string=html).write_pdf(path)


def write_docx(path, *paragraphs, table=None):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    document.save(path)


@pytest.fixture
def folder(tmp_path):
    write_pdf(
        tmp_path / "sop-ekatalog.pdf",
        "<h1>SOP E-Katalog</h1><p>Pejabat pengadaan membandingkan penyedia pada katalog elektronik.</p>",
    )
    write_docx(
        tmp_path / "praktik-ekinerja.docx",
        "Dinas PUPR menyusun rencana aksi bulanan di aplikasi e-Kinerja.",
        "Atasan langsung memberi umpan balik setiap Jumat.",
        table=[["Indikator", "Capaian"], ["Kepatuhan lapor", "97 persen"]],
    )
    (tmp_path / "palsu.pdf").write_bytes(b"bukan pdf")
    return tmp_path


def write_csv(tmp_path, body, name="meta.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8-sig")
    return str(path)


def test_imports_draft_assets_with_metadata_and_attachment(catalogue, folder):
    kelompok = KelompokFactory(nama="KK Infrastruktur dan Jalan")
    author = UserFactory()
    csv_path = write_csv(
        folder,
        "sop-ekatalog.pdf,SOP Pengadaan Barang/Jasa melalui E-Katalog,Langkah pengadaan lewat e-katalog.,sop,"
        f"eksplisit,teknis,KK Infrastruktur dan Jalan,asn,pengadaan|e-katalog,{author.nip}\n"
        "praktik-ekinerja.docx,Praktik Baik e-Kinerja,Cerita implementasi.,praktik_baik,tacit,manajerial,,internal,,\n",
    )
    call_command("import_assets", str(folder), metadata=csv_path)
    assets = {a.title: a for a in KnowledgeAssetPage.objects.all()}
    sop = assets["SOP Pengadaan Barang/Jasa melalui E-Katalog"]
    assert not sop.live and sop.catalogue_number is None and sop.has_unpublished_changes
    assert sop.owner_kelompok == kelompok and sop.access_level == "asn" and sop.asset_type == "sop"
    assert set(sop.tags.names()) == {"pengadaan", "e-katalog"}
    assert list(sop.authors.all()) == [author]
    assert sop.attachments.get().document.file_size > 0
    assert sop.revisions.count() == 1
    assert sop.abstract == "Langkah pengadaan lewat e-katalog."  # the CSV's abstract wins
    assert "membandingkan penyedia pada katalog elektronik" in sop.document_text
    praktik = assets["Praktik Baik e-Kinerja"]
    assert praktik.knowledge_form == "tacit"
    assert "Kepatuhan lapor 97 persen" in praktik.document_text  # tables too


def test_document_text_fills_an_empty_abstract_and_is_searchable(catalogue, folder):
    csv_path = write_csv(
        folder,
        "praktik-ekinerja.docx,Praktik Baik e-Kinerja,,praktik_baik,,,,public,,\n"
        "sop-ekatalog.pdf,SOP E-Katalog,Langkah pengadaan lewat e-katalog.,sop,,,,public,,\n",
    )
    call_command("import_assets", str(folder), metadata=csv_path)
    praktik = KnowledgeAssetPage.objects.get(title="Praktik Baik e-Kinerja")
    assert praktik.abstract.startswith("Dinas PUPR menyusun rencana aksi bulanan di aplikasi e-Kinerja.")
    sop = KnowledgeAssetPage.objects.get(title="SOP E-Katalog")
    sop.get_latest_revision().publish()
    found = Client().get(catalogue.url, {"q": "membandingkan penyedia"}).text
    assert "SOP E-Katalog" in found  # the words are only in the PDF, not in its abstract


def test_unreadable_encrypted_and_empty_files_are_reported_by_line(catalogue, folder, capsys):
    writer = PdfWriter(clone_from=str(folder / "sop-ekatalog.pdf"))
    writer.encrypt(user_password="rahasia", algorithm="RC4-128")
    writer.write(folder / "terkunci.pdf")
    (folder / "rusak.pdf").write_bytes(b"%PDF-1.7\nterpotong")
    (folder / "rusak.docx").write_bytes(b"PK\x03\x04bukan-zip-utuh")
    (folder / "terkunci.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    write_pdf(folder / "pindaian.pdf", "<div style='height:4cm'></div>")
    csv_path = write_csv(
        folder,
        "sop-ekatalog.pdf,Aset baik,,sop,,,,,,\n"
        "terkunci.pdf,Aset terkunci,Abstrak,sop,,,,,,\n"
        "rusak.pdf,Aset rusak,Abstrak,sop,,,,,,\n"
        "rusak.docx,Aset rusak dua,Abstrak,sop,,,,,,\n"
        "terkunci.docx,Aset terkunci dua,Abstrak,sop,,,,,,\n"
        "pindaian.pdf,Aset pindaian,,sop,,,,,,\n"
        "terkunci.pdf,Aset terkunci tanpa abstrak,,sop,,,,,,\n"
        "pindaian.pdf,Aset pindaian berabstrak,Abstrak dari CSV,sop,,,,,,\n",
    )
    with pytest.raises(CommandError, match="tidak ada data yang diimpor"):
        call_command("import_assets", str(folder), metadata=csv_path)
    err = capsys.readouterr().err
    assert "Baris 2" not in err and "Baris 9" not in err
    assert "Baris 3: berkas 'terkunci.pdf' terenkripsi atau dilindungi kata sandi" in err
    assert "Baris 4: berkas 'rusak.pdf' tidak dapat dibaca" in err
    assert "Baris 5: berkas 'rusak.docx' tidak dapat dibaca" in err
    assert "Baris 6: berkas 'terkunci.docx' terenkripsi atau dilindungi kata sandi" in err
    assert "Baris 7: abstract wajib diisi" in err
    assert "Baris 8: berkas 'terkunci.pdf' terenkripsi" in err and "Baris 8: abstract" not in err
    assert not KnowledgeAssetPage.objects.exists() and not Document.objects.exists()


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(catalogue, folder, capsys):
    csv_path = write_csv(
        folder,
        "sop-ekatalog.pdf,Aset baik,Abstrak,sop,,,,,,\n"
        "hilang.pdf,Aset dua,Abstrak,sop,,,,,,\n"
        "palsu.pdf,Aset tiga,Abstrak,bukan_jenis,,,KK Tidak Ada,rahasia,,123\n"
        "../luar.pdf,Aset baik,,sop,,,,,,\n",
    )
    with pytest.raises(CommandError, match="tidak ada data yang diimpor"):
        call_command("import_assets", str(folder), metadata=csv_path)
    err = capsys.readouterr().err
    assert "Baris 3: berkas 'hilang.pdf' tidak ditemukan" in err
    assert "Baris 4: isi berkas 'palsu.pdf' bukan pdf yang sah" in err
    assert "Baris 4: asset_type 'bukan_jenis' tidak dikenal" in err
    assert "Baris 4: kelompok keahlian 'KK Tidak Ada' tidak ditemukan" in err
    assert "Baris 4: access_level 'rahasia' tidak dikenal" in err
    assert "Baris 4: NIP penulis tidak ditemukan: 123" in err
    assert "Baris 5: abstract" not in err  # once the file is fixed, its text may give the abstract
    assert "Baris 5: berkas '../luar.pdf' berada di luar folder impor" in err
    assert "Baris 5: judul sama dengan baris 2" in err
    assert not KnowledgeAssetPage.objects.exists() and not Document.objects.exists()


def test_missing_column_and_dry_run(catalogue, folder, capsys):
    bad = folder / "bad.csv"
    bad.write_text("file;title\nsop-ekatalog.pdf;X\n")
    with pytest.raises(CommandError):
        call_command("import_assets", str(folder), metadata=str(bad))
    assert "Baris 1: kolom wajib tidak ada: abstract, asset_type" in capsys.readouterr().err
    ok = write_csv(folder, "sop-ekatalog.pdf,Aset baik,Abstrak,sop,,,,,,\n")
    call_command("import_assets", str(folder), metadata=ok, dry_run=True)
    assert not KnowledgeAssetPage.objects.exists()
