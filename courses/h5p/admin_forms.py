"""The admin form of H5P activities: the uploader is who signs the package in, private files show no URL, and
an activity whose scores the server cannot re-check says so (on the activity and on lessons using it)."""

from pathlib import PurePosixPath

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import HelpPanel

from .recheck import activity_rechecked


def unchecked_note():
    return _(
        "Skor aktivitas ini tidak dapat diperiksa ulang oleh server. Bila kelulusan pelajaran wajib bergantung pada "
        "skor ini, JP kursus diajukan untuk diverifikasi verifikator, tidak langsung terverifikasi."
    )


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
        rule = self.fields.get("completion_rule")
        if rule is not None and self.instance.pk and not activity_rechecked(self.instance):
            rule.help_text = format_html(
                '<strong class="error-message">{}</strong> {}', unchecked_note(), rule.help_text
            )

    def clean(self):
        cleaned = super().clean()
        if "package" in self.changed_data:
            self.instance.uploaded_by = self.for_user
        return cleaned


class RecheckNotePanel(HelpPanel):
    """On a lesson's edit view: its H5P activities whose scores the server cannot re-check (shown only then)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", gettext_lazy("Pemeriksaan skor H5P"))
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            body = getattr(self.instance, "body", None) or []
            activities = {b.value.pk: b.value for b in body if b.block_type == "h5p" and b.value is not None}
            unchecked = [a for a in activities.values() if not activity_rechecked(a)]
            self.content = (
                format_html(
                    '<div class="help-block help-warning"><p>{}</p><ul>{}</ul></div>',
                    unchecked_note(),
                    format_html_join("", "<li>{} ({})</li>", ((a.title, a.main_library) for a in unchecked)),
                )
                if unchecked
                else ""
            )

        def is_shown(self):
            return bool(self.content)
