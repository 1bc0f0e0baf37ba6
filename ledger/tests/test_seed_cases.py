"""Issue 13 "Counting": each case computed by hand from the seed line it quotes, run end to end through
`import_ledger` (a CSV written here) and `jp_report --format json`, once in file order and once shuffled."""

import io
import json
import random

import pytest
from django.core.management import call_command

from people.models import JenisPegawai
from tests.factories import UserFactory, unit

HEADER = "nip,form,title,scope,start_date,end_date,quantity,unit,stated_jp,certificate_no,organiser\n"
BJB = "banjarbaru-perwali-23-2025.txt"
BLT = "blitar-perwali-35-2023.txt"
KB = "kutai-barat-dpupr-2024.txt"

# (id, rulebook, employment type, seed line cited, rows (form, scope, start, end, quantity, unit, stated_jp),
#  expected total_jp, met, by_bucket)
CASES = [
    (
        "bjb-workshop-16jp",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L507", "Workshop atau Lokakarya … Hari … Sesuai JP program pelatihan"),
        [("workshop", "nasional", "2025-09-01", "2025-09-02", 16, "jp", "")],
        16,
        False,
        {"classical": 16, "guidance": 0, "workplace": 0},
    ),
    (
        "bjb-sosialisasi-4jp",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L514", "Sosialisasi … Hari … Sesuai JP program sosialisasi … Sesuai JP program sosialisasi"),
        [("sosialisasi", "nasional", "2025-09-03", "2025-09-03", 4, "jp", "")],
        4,
        False,
        {"classical": 4, "guidance": 0, "workplace": 0},
    ),
    (
        "bjb-workshop-intl-10jp",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L507", "Ditambahkan 20% dari JP program pelatihan"),
        [("workshop", "internasional", "2025-09-08", "2025-09-09", 10, "jp", "")],
        12,
        False,
        {"classical": 12, "guidance": 0, "workplace": 0},
    ),
    (
        "bjb-coaching-mentoring-pendidikan",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L494/L516/L518", "Sesuai JP Program Pendidikan; Sesuai JP program pembelajaran"),
        [
            ("coaching", "nasional", "2025-09-10", "2025-09-10", 3, "jp", ""),
            ("mentoring", "nasional", "2025-09-11", "2025-09-11", 2, "jp", ""),
            ("pendidikan", "nasional", "2025-08-01", "2025-12-31", 40, "jp", ""),
        ],
        45,
        True,
        {"classical": 40, "guidance": 5, "workplace": 0},
    ),
    (
        "bjb-elearning-2jp-one-day",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L519", "Paling tinggi 1 hari 4 JP akses pembelajaran secara dalam jaringan"),
        [("e_learning", "nasional", "2025-09-15", "2025-09-15", 2, "jp", "")],
        2,
        False,
        {"classical": 0, "guidance": 0, "workplace": 2},
    ),
    (
        "bjb-elearning-5jp-two-days",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L519", "Paling tinggi 1 hari 4 JP akses pembelajaran secara dalam jaringan"),
        [("e_learning", "nasional", "2025-09-16", "2025-09-17", 5, "jp", "")],
        5,
        False,
        {"classical": 0, "guidance": 0, "workplace": 5},
    ),
    (
        "bjb-elearning-intl-2jp",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L519", "Ditambah kan 20% dari JP program pembelajaran"),
        [("e_learning", "internasional", "2025-09-18", "2025-09-18", 2, "jp", "")],
        2.4,
        False,
        {"classical": 0, "guidance": 0, "workplace": 2.4},
    ),
    (
        "bjb-pppk-22-no-shortfall",
        "banjarbaru-2025",
        "PPPK",
        (BJB, "L103/L306", "paling banyak 24 (dua puluh empat) jam pelajaran untuk PPPK"),
        [("pelatihan_teknis", "nasional", "2025-09-22", "2025-09-24", 22, "jp", "")],
        22,
        True,
        {"classical": 22, "guidance": 0, "workplace": 0},
    ),
    (
        "bjb-pppk-30-kept",
        "banjarbaru-2025",
        "PPPK",
        (BJB, "L306", "paling lama 24 (dua puluh empat) jam pelajaran dalam 1 (satu) tahun"),
        [("pelatihan_teknis", "nasional", "2025-10-01", "2025-10-04", 30, "jp", "")],
        30,
        True,
        {"classical": 30, "guidance": 0, "workplace": 0},
    ),
    (
        "blt-elearning-2jp",
        "blitar-2023",
        "PNS",
        (BLT, "L580", "Paling tinggi 1 hari 3 JP akses pembelajaran secara dalam jaringan"),
        [("e_learning", "nasional", "2025-03-03", "2025-03-03", 2, "jp", "")],
        2,
        False,
        {"classical": 0, "guidance": 0, "workplace": 2},
    ),
    (
        "blt-pppk-19-short",
        "blitar-2023",
        "PPPK",
        (BLT, "L299", "setiap ASN paling sedikit 20 (dua puluh) jam pelajaran"),
        [("pelatihan_teknis", "nasional", "2025-04-07", "2025-04-09", 19, "jp", "")],
        19,
        False,
        {"classical": 19, "guidance": 0, "workplace": 0},
    ),
    (
        "kb-magang-16jp",
        "kutai-barat-2024",
        "PNS",
        (KB, "L1367", "disesuaikan dengan durasi magang … paling banyak … 20 (dua puluh) JP"),
        [("magang", "nasional", "2025-05-05", "2025-05-16", 16, "jp", "")],
        16,
        False,
        {"classical": 0, "guidance": 0, "workplace": 16},
    ),
    (
        "kb-magang-intl-30jp-capped",
        "kutai-barat-2024",
        "PNS",
        (KB, "L1368", "paling banyak dalam 1 (satu) kali kegiatan magang adalah 24 (dua puluh empat) JP"),
        [("magang", "internasional", "2025-06-02", "2025-06-27", 30, "jp", "")],
        24,
        True,
        {"classical": 0, "guidance": 0, "workplace": 24},
    ),
    (
        "kb-pppk-19-short",
        "kutai-barat-2024",
        "PPPK",
        (KB, "L162", "ASN paling kurang 20 (dua puluh) Jam Pelatihan (JP) dalam kurun satu tahun"),
        [("kursus", "nasional", "2025-07-07", "2025-07-08", 19, "jp", "")],
        19,
        False,
        {"classical": 19, "guidance": 0, "workplace": 0},
    ),
    (
        "kb-seminar-stated-6jp",
        "kutai-barat-2024",
        "PNS",
        (KB, "L509", "Dalam hal tidak disebutkan pada Bukti Dukung Pengembangan Kompetensi, maka :"),
        [("seminar", "nasional", "2025-08-04", "2025-08-04", 1, "hari", 6)],
        6,
        False,
        {"classical": 6, "guidance": 0, "workplace": 0},
    ),
    (
        "kb-seminar-stated-capped",
        "kutai-barat-2024",
        "PNS",
        (KB, "L509", "Dalam hal tidak disebutkan … (caps still apply: maksimal 8 JP per hari)"),
        [("seminar", "nasional", "2025-08-11", "2025-08-11", 1, "hari", 10)],
        8,
        False,
        {"classical": 8, "guidance": 0, "workplace": 0},
    ),
    (
        "bjb-seminar-stated-converted",
        "banjarbaru-2025",
        "PNS",
        (BJB, "L504", "Seminar/Konferensi/Sarasehan … Hari … Satu hari setara 4 JP"),
        [("seminar", "nasional", "2025-10-06", "2025-10-06", 1, "hari", 8)],
        4,
        False,
        {"classical": 4, "guidance": 0, "workplace": 0},
    ),
]


def _csv(cases, people, order_seed=None):
    lines = []
    for case_id, _book, _type, _cite, rows, *_expected in cases:
        nip = people[case_id].nip
        for index, (form, scope, start, end, quantity, unit_name, stated) in enumerate(rows):
            lines.append(f"{nip},{form},{case_id} {index},{scope},{start},{end},{quantity},{unit_name},{stated},,\n")
    if order_seed is not None:
        random.Random(order_seed).shuffle(lines)
    return HEADER + "".join(lines)


def _report(rulebook):
    out = io.StringIO()
    call_command("jp_report", "--year", "2025", "--rulebook", rulebook, "--format", "json", stdout=out)
    return {row["nip"]: row for row in json.loads(out.getvalue())}


@pytest.mark.django_db
@pytest.mark.parametrize("order_seed", [None, 13], ids=["file-order", "shuffled"])
def test_seed_cases_through_import_and_report(tmp_path, order_seed):
    people = {}
    for case_id, _book, jenis, *_rest in CASES:
        people[case_id] = UserFactory(
            unit_kerja=unit("Dinas Uji/Bidang Kasus"), nama=case_id, jenis_pegawai=getattr(JenisPegawai, jenis)
        )
    path = tmp_path / "riwayat.csv"
    path.write_text(_csv(CASES, people, order_seed), encoding="utf-8")
    call_command("import_ledger", str(path), stdout=io.StringIO())
    reports = {}
    failures = []
    for case_id, book, _jenis, cite, _rows, total, met, by_bucket in CASES:
        if book not in reports:
            reports[book] = _report(book)
        row = reports[book][people[case_id].nip]
        got = (row["total_jp"], row["met"], row["by_bucket"])
        if got != (total, met, by_bucket):
            failures.append(f"{case_id} ({cite[0]} {cite[1]} '{cite[2]}'): {got} != {(total, met, by_bucket)}")
    assert not failures, "\n".join(failures)
