import pytest
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model

from knowledge_assets.models import KnowledgeAssetPage
from tests.factories import KelompokFactory, UserFactory

Document = get_document_model()

pytestmark = pytest.mark.django_db

HEADER = "file,title,abstract,asset_type,knowledge_form,competency,kelompok,access_level,tags,authors_nip\n"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "sop-ekatalog.pdf").write_bytes(b"%PDF-1.7\n...")
    (tmp_path / "praktik-ekinerja.docx").write_bytes(b"PK\x03\x04rest-of-zip")
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
    assert assets["Praktik Baik e-Kinerja"].knowledge_form == "tacit"


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
    assert "Baris 5: abstract wajib diisi" in err
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
