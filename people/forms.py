"""Forms for people: Wagtail user admin with ASN fields, sign-in, and the self-service "Profil saya" form."""

import math
import time

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm
from wagtail.users.forms import UserCreationForm, UserEditForm

from corpu.mail import in_language_of

from .backends import lockout
from .models import UnitKerja, User, password_sign_in_open

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
    "break_glass",
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


SUPERUSER_ONLY_FIELDS = ("is_superuser", "break_glass")


class SuperuserOnlyFieldsMixin:
    """Only a superuser (the `editor` kwarg, the request's user) grants superuser or break-glass status: for anyone
    else, or with no editor, those fields show their current value disabled, so a posted value is ignored."""

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editor is None or not editor.is_superuser:
            for name in SUPERUSER_ONLY_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True


class AsnUserCreationForm(SuperuserOnlyFieldsMixin, AsnFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ASN_FIELDS)


class AsnUserEditForm(SuperuserOnlyFieldsMixin, AsnFieldsMixin, UserEditForm):
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
        fields = ["nama", "kode", "kepala"]

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


class LockoutMessageMixin:
    """A refused sign-in names what may be typed; while repeated failures lock it, it says so, for how long and
    until when (local time)."""

    def get_invalid_login_error(self):
        if getattr(self.request, "_corpu_sign_in", None) == "inactive":
            # Like Django's "This account is inactive.": only told to whoever typed the right password.
            return forms.ValidationError(
                gettext("Akun ini tidak aktif. Hubungi admin BKPSDM bila Anda masih bertugas di instansi ini."),
                code="inactive",
            )
        locked = lockout(self.request, self.cleaned_data.get("username"))
        if locked is None and not password_sign_in_open():
            return forms.ValidationError(
                gettext(
                    "Masuk dengan kata sandi dimatikan: gunakan tombol «Masuk dengan SSO». Kata sandi hanya "
                    "berlaku untuk akun darurat, dan harus cocok dengan NIP, nama pengguna, atau e-mailnya."
                ),
                code="password_sign_in_off",
            )
        if locked is None:
            return forms.ValidationError(
                gettext(
                    "NIP, nama pengguna, atau e-mail dan kata sandi tidak cocok. "
                    "Periksa keduanya (huruf besar dan kecil pada kata sandi berbeda) lalu coba lagi."
                ),
                code="invalid_login",
            )
        until = timezone.localtime(locked.until)
        minutes = max(1, math.ceil((locked.until.timestamp() - time.time()) / 60))  # the counters' clock
        when = {
            "duration": ngettext("%(count)d menit", "%(count)d menit", minutes) % {"count": minutes},
            "date": date_format(until, "j F Y"),
            "time": date_format(until, "H.i"),
            "zone": until.tzname(),
        }
        if locked.by_address:
            message = gettext(
                "Terlalu banyak percobaan masuk yang gagal dari alamat jaringan Anda. Masuk dikunci selama "
                "%(duration)s lagi; coba lagi setelah %(date)s pukul %(time)s %(zone)s."
            )
        else:
            message = gettext(
                "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal, selama "
                "%(duration)s lagi (dengan NIP, nama pengguna, maupun e-mail). "
                "Coba lagi setelah %(date)s pukul %(time)s %(zone)s."
            )
        return forms.ValidationError(message % when, code="locked")


class SignInForm(LockoutMessageMixin, AuthenticationForm):
    """The site's sign-in form (NIP, username or e-mail)."""


class AdminSignInForm(LockoutMessageMixin, LoginForm):
    """The Wagtail admin's sign-in form (WAGTAILADMIN_USER_LOGIN_FORM)."""


class BreakGlassOnlyResetMixin:
    """While password sign-in is off (SSO only), only break-glass accounts are sent a reset link."""

    def get_users(self, email):
        users = super().get_users(email)
        return users if password_sign_in_open() else (user for user in users if user.break_glass)


class AdminPasswordResetForm(BreakGlassOnlyResetMixin, WagtailPasswordResetForm):
    """The Wagtail admin's reset form (WAGTAILADMIN_USER_PASSWORD_RESET_FORM)."""


class RecipientLanguagePasswordResetForm(BreakGlassOnlyResetMixin, PasswordResetForm):
    """The reset e-mail is written in the account's language (Indonesian unless English was chosen)."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        with in_language_of(context["user"]):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)
