"""Load the national standard (PermenPAN-RB 38/2017, planning/national_standard.py) into the competency dictionary;
rows already present (by name) are left as the institution edited them."""

from django.db import migrations

from planning.national_standard import load_national_standard


def load(apps, schema_editor):
    load_national_standard(apps)


def unload(apps, schema_editor):
    apps.get_model("planning", "CompetencyDefinition").objects.filter(national_standard=True).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
