"""Seed the never-stemmed terms: domain words whose Sastrawi root means something else (pengadaan → ada, perizinan
→ izin) and the acronyms the default synonyms (migration 0002) know."""

from django.db import migrations

DOMAIN_TERMS = ["pengadaan", "perizinan", "penganggaran", "kepegawaian", "pelayanan"]
ACRONYMS = ["asn", "bangkom", "bimtek", "cop", "diklat", "idp", "jp", "km", "pbj", "skp", "sop"]


def add_terms(apps, schema_editor):
    UnstemmedTerm = apps.get_model("corpu_search", "UnstemmedTerm")
    for term in DOMAIN_TERMS + ACRONYMS:
        UnstemmedTerm.objects.get_or_create(term=term)


def remove_terms(apps, schema_editor):
    apps.get_model("corpu_search", "UnstemmedTerm").objects.filter(term__in=DOMAIN_TERMS + ACRONYMS).delete()


class Migration(migrations.Migration):
    dependencies = [("corpu_search", "0008_unstemmed_terms_and_written_forms")]
    operations = [migrations.RunPython(add_terms, remove_terms)]
