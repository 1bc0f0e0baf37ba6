"""Onboarding from an HR export: all-or-nothing CSV import of employees (`manage.py import_asn`).

Optional columns `tempat_lahir`, `tanggal_lahir` (dd/mm/yyyy or yyyy-mm-dd) and `jenis_kelamin` (L/P) fill the
Kartu Data profile; without them the birth date and gender are read from the NIP (digits 1–8 and 15).

The file is the whole institution: active staff it no longer lists (matched by NIP, or e-mail for TKK without
NIP) are deactivated, never deleted, so their JP history stays in the reports; a later file listing them again
reactivates them. Superusers, non-ASN guests and people without a unit kerja (ASN of other institutions) are never
touched. More than MASS_DEACTIVATION_SHARE of the active staff at once is refused unless allowed (a truncated file
must not lock out the institution).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from corpu.csvimport import ImportFailed, optional_date, read_rows

from .models import JenisKelamin, JenisPegawai, UnitKerja, User
from .nip import parse_nip

COLUMNS = ["nip", "nama", "jenis_pegawai", "pangkat_golongan", "jabatan", "unit_kerja", "email"]
OPTIONAL_COLUMNS = ["tempat_lahir", "tanggal_lahir", "jenis_kelamin"]
IMPORTABLE_TYPES = {JenisPegawai.PNS, JenisPegawai.PPPK, JenisPegawai.TKK}
MASS_DEACTIVATION_SHARE = 0.2
DEACTIVATION_REASON = "Tidak ada lagi dalam ekspor kepegawaian"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    units_created: int = 0
    reactivated: int = 0
    rows: list = field(default_factory=list)
    deactivated: list = field(default_factory=list)  # (nip or e-mail, name) of staff no longer in the file


def validate_row(line, row, seen):
    """Return (cleaned data, errors) for one CSV row."""
    errors = []
    jenis = row["jenis_pegawai"].upper()
    if jenis not in IMPORTABLE_TYPES:
        errors.append(_("jenis_pegawai '%(v)s' harus PNS, PPPK, atau TKK") % {"v": row["jenis_pegawai"]})
    nip = "".join(row["nip"].split())
    parsed = None
    if nip:
        try:
            parsed = parse_nip(nip)
        except ValidationError as error:
            errors.extend(error.messages)
    elif jenis in {JenisPegawai.PNS, JenisPegawai.PPPK}:
        errors.append(_("NIP wajib diisi untuk %(jenis)s") % {"jenis": jenis})
    if not row["nama"]:
        errors.append(_("nama wajib diisi"))
    if not row["unit_kerja"].strip("/ "):
        errors.append(_("unit_kerja wajib diisi"))
    email = row["email"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("e-mail '%(v)s' tidak valid") % {"v": email})
    elif not nip:
        errors.append(_("TKK tanpa NIP harus memiliki e-mail sebagai identitas"))
    tanggal_lahir = optional_date(row.get("tanggal_lahir", ""), "tanggal_lahir", errors)
    jenis_kelamin = row.get("jenis_kelamin", "").upper()
    if jenis_kelamin and jenis_kelamin not in JenisKelamin.values:
        errors.append(_("jenis_kelamin '%(v)s' harus L atau P") % {"v": row["jenis_kelamin"]})
    key = nip or email.lower()
    if key and key in seen:
        errors.append(_("duplikat dari baris %(line)s") % {"line": seen[key]})
    elif key:
        seen[key] = line
    data = {
        "key": key,
        "nip": nip or None,
        "nama": row["nama"],
        "jenis_pegawai": jenis,
        "pangkat_golongan": row["pangkat_golongan"],
        "jabatan": row["jabatan"],
        "unit_kerja": row["unit_kerja"],
        "email": email,
        "tmt": parsed.tmt if parsed else None,
        "tempat_lahir": row.get("tempat_lahir", ""),
        "tanggal_lahir": tanggal_lahir,
        "jenis_kelamin": jenis_kelamin,
        "from_nip": {"tanggal_lahir": parsed.tanggal_lahir, "jenis_kelamin": parsed.jenis_kelamin} if parsed else {},
    }
    return data, [_("Baris %(line)s: %(msg)s") % {"line": line, "msg": msg} for msg in errors]


def _hr_staff():
    """Accounts the HR file speaks for: this institution's PNS/PPPK/TKK (in its unit kerja tree), no superuser."""
    return User.objects.filter(
        jenis_pegawai__in=IMPORTABLE_TYPES, unit_kerja__isnull=False, is_superuser=False
    ).exclude(nip__isnull=True, email="")


def _no_longer_listed(cleaned):
    """Active HR staff whose NIP (or e-mail, for TKK without NIP) the file does not list; never a break-glass
    account (it must still sign in when everything else fails)."""
    nips = {data["nip"] for data in cleaned if data["nip"]}
    emails = {data["email"].lower() for data in cleaned if not data["nip"]}
    staff = _hr_staff().filter(is_active=True, break_glass=False).order_by("nama", "pk")
    for user in staff.exclude(nip__in=nips):  # NULL NIPs stay: those TKK are matched by e-mail
        if user.nip or user.email.lower() not in emails:
            yield user


def import_asn(text, dry_run=False, allow_mass_deactivation=False):
    """Validate every row first; write all rows in one transaction only if none has an error, and deactivate the
    staff the file no longer lists (`result.deactivated`; a dry run only lists them)."""
    rows = read_rows(text, COLUMNS)
    if not rows:
        raise ImportFailed([_("Berkas tidak berisi data pegawai.")])
    seen, cleaned, errors = {}, [], []
    for line, row in rows:
        data, row_errors = validate_row(line, row, seen)
        cleaned.append(data)
        errors.extend(row_errors)
    if errors:
        raise ImportFailed(errors)
    leaving = list(_no_longer_listed(cleaned))
    active = _hr_staff().filter(is_active=True).count()
    if leaving and not allow_mass_deactivation and len(leaving) > MASS_DEACTIVATION_SHARE * active:
        raise ImportFailed(
            [
                _(
                    "Berkas ini akan menonaktifkan %(n)d dari %(active)d pegawai aktif (lebih dari %(share)d%%). "
                    "Mungkin berkasnya terpotong; periksa berkasnya, atau jalankan ulang dengan "
                    "--allow-mass-deactivation bila memang benar."
                )
                % {"n": len(leaving), "active": active, "share": round(MASS_DEACTIVATION_SHARE * 100)}
            ]
        )
    result = ImportResult(rows=cleaned, deactivated=[(u.nip or u.email, u.get_full_name()) for u in leaving])
    if dry_run:
        return result
    with transaction.atomic():
        units_before = UnitKerja.objects.count()
        units = {}
        for data in cleaned:
            path = data["unit_kerja"]
            if path not in units:
                units[path] = UnitKerja.ensure_path(path)
            save_employee(data, units[path], result)
        result.units_created = UnitKerja.objects.count() - units_before
        leaving = [user.pk for user in leaving]
        User.objects.filter(pk__in=leaving, is_active=True).update(
            is_active=False, deactivated_at=timezone.now(), deactivation_reason=DEACTIVATION_REASON
        )
    if leaving:
        from .accounts import end_all_sessions

        for user in User.objects.filter(pk__in=leaving):
            end_all_sessions(user)
    return result


def save_employee(data, unit, result):
    """Create or update one employee, matched by NIP (or e-mail for TKK without NIP)."""
    if data["nip"]:
        user = User.objects.filter(nip=data["nip"]).first()
    else:
        user = User.objects.filter(nip__isnull=True, email__iexact=data["email"]).first()
    is_new = user is None
    if is_new:
        user = User(username=data["key"])
        user.set_unusable_password()
    user.nip = data["nip"]
    user.nama = data["nama"]
    user.jenis_pegawai = data["jenis_pegawai"]
    user.pangkat_golongan = data["pangkat_golongan"]
    user.jabatan = data["jabatan"]
    user.unit_kerja = unit
    if not is_new and not user.is_active and user.deactivated_at:  # back in the HR file: reactivated
        user.is_active = True
        user.deactivated_at = None
        user.deactivation_reason = ""
        result.reactivated += 1
    if data["email"]:
        user.email = data["email"]
    if data["tmt"] and not user.mulai_bertugas:
        user.mulai_bertugas = data["tmt"]
    for name in OPTIONAL_COLUMNS:
        if data[name]:
            setattr(user, name, data[name])
    for name, value in data["from_nip"].items():
        if not getattr(user, name):
            setattr(user, name, value)
    user.save()
    if is_new:
        result.created += 1
    else:
        result.updated += 1
