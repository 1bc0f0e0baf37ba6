"""Forms for people: Wagtail user admin with ASN fields, and the self-service "Profil saya" form."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from .models import UnitKerja, User

ASN_FIELDS = [
    "nama",
    "nip",
    "jenis_pegawai",
    "instansi_asal",
    "pangkat_golongan",
    "jabatan",
    "pendidikan",
    "mulai_bertugas",
    "unit_kerja",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
]


class UnitKerjaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.path_label


class AsnFieldsMixin:
    """Unit choices labelled with their full path."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit_kerja"] = UnitKerjaChoiceField(
            UnitKerja.objects.order_by("path"), required=False, label=_("unit kerja")
        )
        if self.instance and self.instance.pk:
            self.fields["unit_kerja"].initial = self.instance.unit_kerja_id


class AsnUserCreationForm(AsnFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ASN_FIELDS)


class AsnUserEditForm(AsnFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ASN_FIELDS)


class ProfilForm(forms.ModelForm):
    """What an employee may keep up to date themselves; HR data comes from the HR import."""

    class Meta:
        model = User
        fields = ["email", "pendidikan"]


class UnitKerjaForm(WagtailAdminModelForm):
    """Create or move a unit under a parent (the tree is stored with treebeard)."""

    parent = UnitKerjaChoiceField(
        UnitKerja.objects.order_by("path"),
        required=False,
        label=_("unit induk"),
        help_text=_("Kosongkan untuk perangkat daerah tingkat teratas."),
    )

    class Meta:
        model = UnitKerja
        fields = ["nama", "kode"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            excluded = self.instance.get_descendants().values_list("pk", flat=True)
            self.fields["parent"].queryset = (
                UnitKerja.objects.exclude(pk=self.instance.pk).exclude(pk__in=list(excluded)).order_by("path")
            )

    def save(self, commit=True):
        unit = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if unit.pk is None:
            unit = parent.add_child(instance=unit) if parent else UnitKerja.add_root(instance=unit)
        else:
            unit.save()
            current = unit.get_parent()
            if parent != current:
                if parent:
                    unit.move(parent, pos="last-child")
                else:
                    unit.move(UnitKerja.get_first_root_node(), pos="last-sibling")
                unit.refresh_from_db()
        return unit
