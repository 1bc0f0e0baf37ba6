"""Load the national standard (PermenPAN-RB 38/2017, planning/national_standard.py) into the competency dictionary;
rows already present (by name) are left as the institution edited them."""

from django.db import migrations

from planning.national_standard import MANAGERIAL, SOCIO_CULTURAL


def load(apps, schema_editor):
    Definition = apps.get_model("planning", "CompetencyDefinition")
    Level = apps.get_model("planning", "CompetencyLevel")
    groups = [("manajerial", MANAGERIAL), ("sosial_kultural", SOCIO_CULTURAL)]
    for competency_type, rows in groups:
        for order, (name, definition, levels) in enumerate(rows, start=1):
            obj, created = Definition.objects.get_or_create(
                name=name,
                defaults={
                    "competency_type": competency_type,
                    "definition": definition,
                    "national_standard": True,
                    "sort_order": order,
                },
            )
            if created:
                Level.objects.bulk_create(
                    Level(competency=obj, level=n, description=text) for n, text in enumerate(levels, start=1)
                )


def unload(apps, schema_editor):
    apps.get_model("planning", "CompetencyDefinition").objects.filter(national_standard=True).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
