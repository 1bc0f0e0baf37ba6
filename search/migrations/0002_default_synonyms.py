from django.db import migrations

DEFAULT_SYNONYMS = [
    "bangkom, pengembangan kompetensi",
    "JP, jam pelajaran",
    "komunitas belajar, CoP, komunitas praktik, community of practice",
    "PBJ, pengadaan barang jasa, pengadaan barang/jasa",
    "SKP, sasaran kinerja pegawai",
    "e-kinerja, ekinerja, e kinerja",
    "ASN, aparatur sipil negara",
    "SOP, standar operasional prosedur, prosedur operasional standar",
    "manajemen pengetahuan, knowledge management, KM",
    "praktik baik, best practice, praktik terbaik",
    "diklat, pendidikan dan pelatihan",
    "bimtek, bimbingan teknis",
    "IDP, rencana pengembangan individu",
]


def add_synonyms(apps, schema_editor):
    Synonym = apps.get_model("corpu_search", "Synonym")
    for terms in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0001_initial")]
    operations = [migrations.RunPython(add_synonyms, migrations.RunPython.noop)]
