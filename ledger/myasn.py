"""MyASN/SIASN "Riwayat Diklat": the jenis diklat table, the export rows, and the employee's "uploaded" mark.

MyASN (myasn.bkn.go.id → Riwayat Diklat/Kursus → Tambah Baru, kutai-barat-dpupr-2024.txt part III.C) asks for
Jenis Diklat, Nama Diklat, Institusi Penyelenggara, Nomor Sertifikat, Tahun Diklat, Tanggal Mulai/Selesai
(dd/mm/yyyy), Durasi (Jam) and Rumpun Diklat, then the certificate upload. `JENIS_DIKLAT` maps every CorpU form
(ledger.engine.FORMS) to one entry of MyASN's own list; the CorpU code stays in a column beside it.

Assumptions behind the mapping (edit the table, not the exporter, when BKN's list or practice differs):
- pendidikan (degree study) belongs in MyASN's Riwayat Pendidikan, not Riwayat Diklat: "Lainnya".
- pelatihan_struktural is leadership training (PKA/PKP/PIM): "Diklat Struktural".
- pelatihan_manajerial and pelatihan_sosial_kultural have no category of their own: "Pelatihan".
- penataran (upgrading) and pelatihan_jarak_jauh (distance training) are trainings: "Pelatihan".
- e_learning is a self-paced course: "Kursus" (the seed's sample screen files one KPK e-learning as
  "Bimbingan Teknis"; that is one employee's choice, not a rule).
- detasering, outbound, patok_banding, pertukaran, belajar_mandiri, komunitas_belajar and
  bimbingan_tempat_kerja have no MyASN category: "Lainnya".
"""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Entry, Status, Unit

# MyASN's jenis diklat list, as its form offers it (names are data: never translated).
MYASN_JENIS = [
    "Diklat Struktural",
    "Diklat Fungsional",
    "Diklat Teknis",
    "Workshop",
    "Seminar",
    "Kursus",
    "Sosialisasi",
    "Bimbingan Teknis",
    "Magang",
    "Pelatihan",
    "Coaching",
    "Mentoring",
    "Lainnya",
]

# CorpU form code -> MyASN jenis diklat (see the module docstring for the assumptions).
JENIS_DIKLAT = {
    "pendidikan": "Lainnya",
    "pelatihan_struktural": "Diklat Struktural",
    "pelatihan_manajerial": "Pelatihan",
    "pelatihan_teknis": "Diklat Teknis",
    "pelatihan_fungsional": "Diklat Fungsional",
    "pelatihan_sosial_kultural": "Pelatihan",
    "seminar": "Seminar",
    "workshop": "Workshop",
    "kursus": "Kursus",
    "penataran": "Pelatihan",
    "bimtek": "Bimbingan Teknis",
    "sosialisasi": "Sosialisasi",
    "coaching": "Coaching",
    "mentoring": "Mentoring",
    "e_learning": "Kursus",
    "pelatihan_jarak_jauh": "Pelatihan",
    "detasering": "Lainnya",
    "outbound": "Lainnya",
    "patok_banding": "Lainnya",
    "pertukaran": "Lainnya",
    "belajar_mandiri": "Lainnya",
    "komunitas_belajar": "Lainnya",
    "bimbingan_tempat_kerja": "Lainnya",
    "magang": "Magang",
}

HEADERS = [
    lambda: pgettext("row number", "No."),
    lambda: _("NIP"),
    lambda: _("Nama pegawai"),
    lambda: _("Jenis Diklat (MyASN)"),
    lambda: _("Kode bentuk CorpU"),
    lambda: _("Nama Diklat"),
    lambda: _("Institusi Penyelenggara"),
    lambda: _("Nomor Sertifikat"),
    lambda: _("Tanggal Sertifikat"),
    lambda: _("Tahun Diklat"),
    lambda: _("Tanggal Mulai"),
    lambda: _("Tanggal Selesai"),
    lambda: _("Durasi (Jam)"),
    lambda: _("Rumpun Diklat"),
    lambda: _("Tautan bukti dukung"),
]


def headers():
    return [header() for header in HEADERS]


def dmy(value):
    """A date as MyASN writes it (dd/mm/yyyy); empty when unknown."""
    return value.strftime("%d/%m/%Y") if value else ""


def certificate_hours(entry):
    """The hours on the certificate (Durasi): the stated JP, or the quantity of an entry given in JP. Never the
    counted JP; None when the certificate states no hours."""
    if entry.stated_jp is not None:
        return entry.stated_jp
    if entry.unit == Unit.JP:
        return entry.quantity
    return None


def number(value):
    """A Decimal as a plain number (16, 2.5) or None."""
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def evidence_url(entry, base_url):
    return f"{base_url}{reverse('ledger:bukti', args=[entry.pk])}" if entry.evidence else ""


def rows(entries, base_url):
    """One list of plain values per entry, in HEADERS order."""
    for index, entry in enumerate(entries, start=1):
        employee = entry.employee
        yield [
            index,
            employee.nip or "",
            employee.get_full_name(),
            JENIS_DIKLAT.get(entry.form, "Lainnya"),
            entry.form,
            entry.title,
            entry.organiser or entry.issuer,
            entry.certificate_no,
            dmy(entry.certificate_date),
            entry.start_date.year,
            dmy(entry.start_date),
            dmy(entry.end_date),
            number(certificate_hours(entry)),
            entry.rumpun,
            evidence_url(entry, base_url),
        ]


def export_entries(queryset, date_from, date_to):
    """Counted (verified, not replaced) entries whose activity started in the period, by employee and date."""
    from .services import counted_entries

    return (
        counted_entries(queryset)
        .filter(start_date__gte=date_from, start_date__lte=date_to)
        .select_related("employee")
        .order_by("employee__nama", "employee_id", "start_date", "id")
    )


def dataset(entries, base_url, title=""):
    import tablib

    data = tablib.Dataset(headers=headers(), title=(title or "Riwayat Diklat")[:31])
    for row in rows(entries, base_url):
        data.append(["" if value is None else value for value in row])
    return data


def default_period(today=None):
    today = today or datetime.date.today()
    return datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)


def mark_uploaded(employee, shown_ids, checked_ids, actor=None):
    """Set "uploaded to MyASN" on the employee's own verified entries among `shown_ids`: ticked ones true, the
    rest false. Other people's entries and unverified ones are never touched. Returns the number changed."""
    from .services import audit, snapshot

    shown = {int(pk) for pk in shown_ids if str(pk).isdigit()}
    checked = {int(pk) for pk in checked_ids if str(pk).isdigit()} & shown
    changed = 0
    with transaction.atomic():
        mine = Entry.objects.select_for_update().filter(employee=employee, status=Status.VERIFIED, pk__in=shown)
        for entry in mine:
            wanted = entry.pk in checked
            if entry.uploaded_myasn == wanted:
                continue
            before = snapshot(entry)
            entry.uploaded_myasn = wanted
            entry.save(update_fields=["uploaded_myasn"])
            audit("myasn_uploaded", entry, actor=actor or employee, before=before, after=snapshot(entry))
            changed += 1
    return changed
