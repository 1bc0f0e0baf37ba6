"""Several versions of one H5P library side by side: which versions a library preloads and an activity loads."""

import json
from pathlib import Path

from django.db import migrations, models


def _dependencies(folder, name):
    """(machineName, major, minor) of each preloadedDependency in a stored h5p.json / library.json."""
    from corpu.storage import private_storage

    try:
        info = json.loads((Path(private_storage.path(folder)) / name).read_text("utf-8-sig"))
        return [
            (d["machineName"], int(d["majorVersion"]), int(d["minorVersion"])) for d in info["preloadedDependencies"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def link_existing(apps, schema_editor):
    """What every installed version preloads, and the versions every existing activity loads."""
    H5PLibrary = apps.get_model("courses", "H5PLibrary")
    H5PActivity = apps.get_model("courses", "H5PActivity")
    rows = {(lib.machine_name, lib.major_version, lib.minor_version): lib for lib in H5PLibrary.objects.all()}
    requires = {}
    for key, library in rows.items():
        requires[library.pk] = {rows[d].pk for d in _dependencies(library.folder, "library.json") if d in rows}
        library.requires.set(requires[library.pk])
    for activity in H5PActivity.objects.exclude(folder=""):
        found = {rows[d].pk for d in _dependencies(activity.folder, "h5p.json") if d in rows}
        frontier = set(found)
        while frontier:
            frontier = set().union(*(requires[pk] for pk in frontier)) - found
            found |= frontier
        activity.libraries.set(found)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_h5p_completion_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="h5pactivity",
            name="libraries",
            field=models.ManyToManyField(
                blank=True,
                editable=False,
                help_text="The library versions its player loads: h5p.json's dependencies and theirs.",
                related_name="activities",
                to="courses.h5plibrary",
            ),
        ),
        migrations.AddField(
            model_name="h5plibrary",
            name="requires",
            field=models.ManyToManyField(
                blank=True, help_text="Its preloadedDependencies.", related_name="required_by", to="courses.h5plibrary"
            ),
        ),
        migrations.RunPython(link_existing, migrations.RunPython.noop),
    ]
