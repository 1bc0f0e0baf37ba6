"""The admin form of H5P activities: the uploader is who signs the package in, and private files show no URL."""

from pathlib import PurePosixPath

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm


class PrivateFileInput(forms.FileInput):
    """A file input that names the current file instead of linking to it (private storage has no URL)."""

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        if not getattr(value, "name", None):
            return field
        current = format_html(
            '<p class="help">{}: <code>{}</code></p>', _("Berkas saat ini"), PurePosixPath(value.name).name
        )
        return format_html("{}{}", current, field)


class H5PActivityForm(WagtailAdminModelForm):
    """Records the signed-in user as uploader of a new package, so the model checks what they may install."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "package" in self.fields:
            self.fields["package"].widget = PrivateFileInput()

    def clean(self):
        cleaned = super().clean()
        if "package" in self.changed_data:
            self.instance.uploaded_by = self.for_user
        return cleaned
