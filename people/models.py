"""ASN people: the user account with its ASN profile, the unit kerja tree and kelompok keahlian."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from treebeard.mp_tree import MP_Node
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .nip import validate_nip


class JenisPegawai(models.TextChoices):
    PNS = "PNS", _("PNS")
    PPPK = "PPPK", _("PPPK")
    TKK = "TKK", _("TKK (tenaga kontrak non-ASN)")
    NON_ASN = "NON_ASN", _("Tamu non-ASN (akademisi/profesional)")


ASN_TYPES = {JenisPegawai.PNS, JenisPegawai.PPPK}


class Pendidikan(models.TextChoices):
    SMA = "SMA", _("SMA/SMK sederajat")
    D3 = "D3", _("Diploma III")
    D4 = "D4", _("Diploma IV")
    S1 = "S1", _("Sarjana (S1)")
    S2 = "S2", _("Magister (S2)")
    S3 = "S3", _("Doktor (S3)")


class JenisKelamin(models.TextChoices):
    LAKI_LAKI = "L", _("Laki-laki")
    PEREMPUAN = "P", _("Perempuan")


class UnitKerja(MP_Node):
    """A unit of the institution (perangkat daerah, bidang, seksi …) in a tree."""

    nama = models.CharField(_("nama unit"), max_length=200)
    kode = models.CharField(_("kode"), max_length=40, blank=True)
    kepala = models.ForeignKey(
        "people.User",
        verbose_name=_("pimpinan unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_dipimpin",
        help_text=_("Atasan dalam dialog kinerja bagi pegawai unit ini (dan unit di bawahnya yang tanpa pimpinan)."),
    )

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")

    def __str__(self):
        return self.path_label

    @cached_property
    def path_label(self):
        """The full path, e.g. "Dinas PUPR / Bidang Bina Marga"."""
        names = [unit.nama for unit in self.get_ancestors()] + [self.nama]
        return " / ".join(names)

    @classmethod
    def ensure_path(cls, path):
        """Return the unit at a "/"-separated path, creating missing units along the way."""
        names = [part.strip() for part in str(path).split("/") if part.strip()]
        if not names:
            raise ValueError(_("Path unit kerja kosong."))
        parent = None
        for name in names:
            siblings = cls.get_root_nodes() if parent is None else parent.get_children()
            unit = siblings.filter(nama=name).first()
            if unit is None:
                unit = cls.add_root(nama=name) if parent is None else parent.add_child(nama=name)
                if parent is not None:
                    parent.refresh_from_db()
            parent = unit
        return parent


class User(AbstractUser):
    """A CorpU account: an ASN (PNS/PPPK), contract staff (TKK) or a non-ASN guest."""

    nama = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    nip = models.CharField(
        _("NIP / NI PPPK"), max_length=18, unique=True, null=True, blank=True, validators=[validate_nip]
    )
    jenis_pegawai = models.CharField(
        _("jenis pegawai"), max_length=10, choices=JenisPegawai.choices, default=JenisPegawai.NON_ASN
    )
    instansi_asal = models.CharField(
        _("instansi asal"), max_length=200, blank=True, help_text=_("Untuk ASN dari instansi lain atau tamu.")
    )
    pangkat_golongan = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, blank=True)
    pendidikan = models.CharField(_("pendidikan terakhir"), max_length=4, choices=Pendidikan.choices, blank=True)
    mulai_bertugas = models.DateField(_("mulai bertugas (TMT)"), null=True, blank=True)
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    tanggal_lahir = models.DateField(_("tanggal lahir"), null=True, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1, choices=JenisKelamin.choices, blank=True)
    unit_kerja = models.ForeignKey(
        UnitKerja,
        verbose_name=_("unit kerja"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pegawai",
        help_text=_("Kosong untuk ASN dari instansi lain dan tamu non-ASN."),
    )
    deactivated_at = models.DateTimeField(_("dinonaktifkan pada"), null=True, blank=True)
    # db defaults: rows written by code that predates a column (older migrations' models) still insert
    deactivation_reason = models.CharField(_("alasan dinonaktifkan"), max_length=200, blank=True, db_default="")
    break_glass = models.BooleanField(
        _("akun darurat (break-glass)"),
        default=False,
        db_default=False,
        help_text=_("Tetap boleh masuk dengan kata sandi saat masuk dengan kata sandi dimatikan (SSO saja)."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        permissions = [("view_all_content", _("Dapat melihat semua konten pada semua level akses"))]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        return self.nama or super().get_full_name()

    def get_short_name(self):
        return (self.nama or self.first_name or self.username).split(" ")[0]

    @property
    def is_asn(self):
        return self.jenis_pegawai in ASN_TYPES

    @property
    def is_institution_staff(self):
        """Staff of this institution: placed in a unit kerja of its tree."""
        return self.unit_kerja_id is not None and self.jenis_pegawai != JenisPegawai.NON_ASN


@register_setting(icon="key")
class SignInSettings(BaseGenericSetting):
    """How people sign in: password sign-in can be turned off once single sign-on (OIDC_ISSUER) is on."""

    password_sign_in = models.BooleanField(
        _("izinkan masuk dengan kata sandi"),
        default=True,
        help_text=_(
            "Matikan agar semua pegawai masuk melalui SSO. Akun darurat (break-glass) tetap boleh masuk dengan "
            "kata sandi. Berlaku hanya bila SSO dikonfigurasi (OIDC_ISSUER)."
        ),
    )

    panels = [FieldPanel("password_sign_in")]

    class Meta:
        verbose_name = _("pengaturan masuk")


def password_sign_in_open():
    """Is password sign-in open to everyone? (Otherwise to break-glass accounts only.) Always while SSO is off."""
    return not settings.OIDC_ISSUER or SignInSettings.load().password_sign_in


class SlugFromNama:
    """Fill an empty `slug` from `nama` on save."""

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.nama)[:80]
        super().save(*args, **kwargs)


class RumpunKeahlian(SlugFromNama, models.Model):
    """A field of expertise coordinated by a Koordinator Kelompok Keahlian (Balangan art. 6(5))."""

    nama = models.CharField(_("nama rumpun"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    koordinator = models.ForeignKey(
        User,
        verbose_name=_("koordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rumpun_dikoordinasi",
    )

    class Meta:
        verbose_name = _("rumpun kelompok keahlian")
        verbose_name_plural = _("rumpun kelompok keahlian")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class KelompokKeahlian(SlugFromNama, ClusterableModel):
    """An expertise group (group skill) led by a Ketua; members may be academics or professionals."""

    nama = models.CharField(_("nama kelompok keahlian"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    rumpun = models.ForeignKey(
        RumpunKeahlian, verbose_name=_("rumpun"), on_delete=models.PROTECT, related_name="kelompok"
    )
    unit_kerja = models.ForeignKey(
        UnitKerja, verbose_name=_("unit kerja"), null=True, blank=True, on_delete=models.SET_NULL
    )
    deskripsi = models.TextField(_("deskripsi"), blank=True)

    class Meta:
        verbose_name = _("kelompok keahlian")
        verbose_name_plural = _("kelompok keahlian")
        ordering = ["nama"]

    def __str__(self):
        return self.nama


class PeranKelompok(models.TextChoices):
    KETUA = "ketua", _("Ketua")
    ANGGOTA = "anggota", _("Anggota")


class Keanggotaan(models.Model):
    """Membership of a person in a kelompok keahlian."""

    kelompok = ParentalKey(KelompokKeahlian, on_delete=models.CASCADE, related_name="keanggotaan")
    user = models.ForeignKey(User, verbose_name=_("anggota"), on_delete=models.CASCADE, related_name="keanggotaan")
    peran = models.CharField(_("peran"), max_length=10, choices=PeranKelompok.choices, default=PeranKelompok.ANGGOTA)
    bidang_keahlian = models.CharField(_("bidang keahlian"), max_length=200, blank=True)

    panels = [FieldPanel("user"), FieldPanel("peran"), FieldPanel("bidang_keahlian")]

    class Meta:
        verbose_name = _("keanggotaan kelompok keahlian")
        verbose_name_plural = _("keanggotaan kelompok keahlian")
        constraints = [models.UniqueConstraint(fields=["kelompok", "user"], name="unique_anggota_kelompok")]

    def __str__(self):
        return f"{self.user} — {self.kelompok} ({self.get_peran_display()})"


class UserSession(models.Model):
    """One signed-in session of a user (the session store holds its data; this row says where it came from)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now_add=True)
    user_agent = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("sesi masuk")
        verbose_name_plural = _("sesi masuk")

    def __str__(self):
        return f"{self.user} · {self.created:%Y-%m-%d %H:%M}"


class SignInEvent(models.Model):
    """The sign-in audit log: who tried to sign in, how it went, from where (never a password or code)."""

    class Event(models.TextChoices):
        SUCCESS = "success", _("Berhasil masuk")
        FAILURE = "failure", _("Gagal masuk")
        LOCKOUT = "lockout", _("Dikunci")
        LOGOUT = "logout", _("Keluar")
        MFA_SUCCESS = "mfa_success", _("Verifikasi dua langkah berhasil")
        MFA_FAILURE = "mfa_failure", _("Verifikasi dua langkah gagal")
        MFA_ENROLLED = "mfa_enrolled", _("Verifikasi dua langkah diaktifkan")
        SSO_SUCCESS = "sso_success", _("Masuk SSO berhasil")
        SSO_FAILURE = "sso_failure", _("Masuk SSO gagal")

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="sign_in_events")
    identifier = models.CharField(_("identitas yang diketik"), max_length=254, blank=True)
    event = models.CharField(_("peristiwa"), max_length=20, choices=Event.choices)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)
    created = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    detail = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("peristiwa masuk")
        verbose_name_plural = _("peristiwa masuk")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"{self.get_event_display()} · {self.identifier}"
