"""Existing Wagtail images move to corpu.PrivateImage with the same ids (image blocks keep pointing at them) and
their files are copied into private storage; the old renditions, public files under MEDIA_ROOT/images/, are
deleted (new ones are made on demand in private storage)."""

from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import migrations

from corpu.storage import private_storage

COPIED = [
    "id",
    "title",
    "description",
    "width",
    "height",
    "uploaded_by_user_id",
    "collection_id",
    "focal_point_x",
    "focal_point_y",
    "focal_point_width",
    "focal_point_height",
    "file_size",
    "file_hash",
]


def copy_file(name):
    if name and default_storage.exists(name) and not private_storage.exists(name):
        with default_storage.open(name, "rb") as source:
            return private_storage.save(name, source)
    return name


def move_images(apps, schema_editor):
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    PrivateImage = apps.get_model("corpu", "PrivateImage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    for rendition in Rendition.objects.all():
        default_storage.delete(rendition.file.name)
    Rendition.objects.all().delete()
    if not Image.objects.exists():
        return
    for image in Image.objects.all():
        PrivateImage.objects.create(file=copy_file(image.file.name), **{f: getattr(image, f) for f in COPIED})
        PrivateImage.objects.filter(pk=image.pk).update(created_at=image.created_at)
    old = ContentType.objects.get_for_model(Image)
    new = ContentType.objects.get_for_model(PrivateImage)
    TaggedItem.objects.filter(content_type=old).update(content_type=new)
    ReferenceIndex.objects.filter(to_content_type=old).update(to_content_type=new)
    ReferenceIndex.objects.filter(base_content_type=old).update(base_content_type=new, content_type=new)
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), [PrivateImage]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("corpu", "0004_privateimage"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0098_apitoken"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_images, migrations.RunPython.noop)]
