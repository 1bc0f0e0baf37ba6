"""NIP (Nomor Induk Pegawai) parsing and validation.

An NIP is 18 digits: birth date YYYYMMDD (1–8), TMT — the month the appointment started — YYYYMM (9–14),
gender digit 1 = male / 2 = female (15), and a sequence number 001–999 (16–18). An NI PPPK has the same shape
but carries the code 21 instead of the month (digits 13–14): only the year of appointment is known.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PPPK_CODE = "21"


@dataclass(frozen=True)
class NIP:
    """The decoded parts of a valid NIP."""

    value: str
    tanggal_lahir: datetime.date
    tmt: datetime.date
    jenis_kelamin: str
    nomor_urut: int
    is_pppk: bool = False


def parse_nip(raw, today=None):
    """Return the decoded NIP or raise ValidationError naming the part that is wrong."""
    value = "".join(str(raw or "").split())
    if len(value) != 18 or not value.isdigit():
        raise ValidationError(
            _("NIP harus 18 digit angka (diterima %(n)s karakter: %(nip)s).") % {"n": len(value), "nip": value},
            code="nip_length",
        )
    today = today or datetime.date.today()
    try:
        lahir = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1–8: %(part)s) bukan tanggal yang valid.") % {"part": value[0:8]},
            code="nip_birth_date",
        ) from None
    if lahir.year < 1900 or lahir > today:
        raise ValidationError(
            _("Tanggal lahir pada NIP (digit 1–8: %(part)s) di luar rentang yang mungkin.") % {"part": value[0:8]},
            code="nip_birth_date",
        )
    is_pppk = value[12:14] == PPPK_CODE
    try:
        tmt = datetime.date(int(value[8:12]), 1 if is_pppk else int(value[12:14]), 1)
    except ValueError:
        raise ValidationError(
            _("TMT pada NIP (digit 9–14: %(part)s) bukan tahun-bulan yang valid.") % {"part": value[8:14]},
            code="nip_tmt",
        ) from None
    if tmt <= lahir or tmt.year - lahir.year < 15 or tmt > today:
        raise ValidationError(
            _("TMT pada NIP (digit 9–14: %(part)s) tidak masuk akal terhadap tanggal lahir %(lahir)s.")
            % {"part": value[8:14], "lahir": lahir.isoformat()},
            code="nip_tmt",
        )
    if value[14] not in "12":
        raise ValidationError(
            _("Kode jenis kelamin pada NIP (digit 15: %(part)s) harus 1 (laki-laki) atau 2 (perempuan).")
            % {"part": value[14]},
            code="nip_gender",
        )
    if value[15:18] == "000":
        raise ValidationError(_("Nomor urut pada NIP (digit 16–18) tidak boleh 000."), code="nip_sequence")
    return NIP(value, lahir, tmt, "L" if value[14] == "1" else "P", int(value[15:18]), is_pppk)


def validate_nip(value):
    """Django field validator wrapper around parse_nip."""
    parse_nip(value)
