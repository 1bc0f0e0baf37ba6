"""python manage.py bench_ledger [--employees N] [--entries M] [--sample K] [--direct] — time the yearly JP report.

Creates N employees × M verified entries inside a transaction that is rolled back at the end (nothing is kept),
then times `ledger.services.year_report`:

* cold: no stored summaries yet (as after a rule edit): the (rulebook, year) `YearSummary` rows are built in one
  batch (one query for the year's counted entries, the engine per employee) and stored, then read;
* warm: summaries present, the usual case: one query joining staff to their summaries (the ≤ 1 s goal);
* warm + all results: the warm report plus every row's per-entry results and rendered explanations, i.e. what
  `jp_report --format json` needs;
* optionally (--direct) `year_report_direct`, the pre-summary implementation (one entries query + the engine);
* one ledger write (record_activity, then verify) with the summaries maintained in its transaction;
* the naive loop asking `employee_year_summary` per employee (a sample of K, extrapolated), and its ratio to warm.

Run it against PostgreSQL for meaningful figures: DATABASE_URL=postgres://... python manage.py bench_ledger
"""

import datetime
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from ledger import summaries
from ledger.management.commands.jp_report import report_rows
from ledger.models import Entry, Rulebook, Source, Status, YearSummary
from ledger.services import employee_year_summary, record_activity, verify, year_report, year_report_direct
from people.models import UnitKerja, User

YEAR = 2025
# (form, unit, quantity, stated_jp)
MENU = [
    ("seminar", "hari", 1, None),
    ("seminar", "hari", 2, None),
    ("e_learning", "hari", 1, 3),
    ("coaching", "kegiatan", 1, 2),
    ("mentoring", "kegiatan", 1, 2),
    ("belajar_mandiri", "jp", 2, None),
    ("komunitas_belajar", "jp", 2, 2),
    ("pelatihan_teknis", "jp", 24, 24),
    ("workshop", "hari", 1, 8),
    ("patok_banding", "kegiatan", 1, None),
]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Tolok ukur laporan JP tahunan (data sementara, dibatalkan di akhir)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=100_000)
        parser.add_argument("--entries", type=int, default=20)
        parser.add_argument("--sample", type=int, default=200)
        parser.add_argument("--rulebook", default="banjarbaru-2025")
        parser.add_argument("--direct", action="store_true", help="juga ukur year_report_direct (lama)")

    def handle(self, employees, entries, sample, rulebook, direct=False, **options):
        rulebook = Rulebook.objects.get(slug=rulebook)
        try:
            with transaction.atomic():
                self.run(employees, entries, sample, rulebook, direct)
                raise Rollback
        except Rollback:
            self.stdout.write("Data tolok ukur dibatalkan (rollback).")

    def run(self, employees, entries, sample, rulebook, direct):
        rng = random.Random(2025)
        started = time.perf_counter()
        unit = UnitKerja.add_root(nama=f"Bench {time.time_ns()}")
        users = User.objects.bulk_create(
            [
                User(
                    username=f"bench{n}",
                    nama=f"Pegawai {n}",
                    nip=f"9{n:017d}",
                    jenis_pegawai="PNS" if n % 5 else "PPPK",
                    unit_kerja=unit,
                    password="!",
                )
                for n in range(employees)
            ],
            batch_size=5000,
        )
        batch = []
        for user in users:
            for k in range(entries):
                form, unit_name, quantity, stated = rng.choice(MENU)
                start = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360))
                end = start + datetime.timedelta(days=(quantity - 1) if unit_name == "hari" else 0)
                batch.append(
                    Entry(
                        employee_id=user.pk,
                        form=form,
                        title=f"Kegiatan {k}",
                        start_date=start,
                        end_date=end,
                        quantity=quantity,
                        unit=unit_name,
                        stated_jp=stated,
                        source=Source.IMPORT,
                        source_ref=f"bench:{user.pk}:{k}",
                        status=Status.VERIFIED,
                    )
                )
            if len(batch) >= 20_000:
                Entry.objects.bulk_create(batch, batch_size=5000)
                batch = []
        Entry.objects.bulk_create(batch, batch_size=5000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE ledger_entry")
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{connection.vendor}: {employees} pegawai × {entries} entri dibuat dalam {elapsed:.1f} s")

        summaries.invalidate()  # bulk_create bypasses the summary maintenance

        def timed(label, function):
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql[:60])
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                started = time.perf_counter()
                value = function()
                seconds = time.perf_counter() - started
            self.stdout.write(f"{label}: {seconds:.2f} s, {len(queries)} query")
            return value, seconds

        report, cold = timed(
            f"year_report dingin (ringkasan dibangun, {len(users)} pegawai)",
            lambda: year_report(YEAR, rulebook=rulebook, unit=unit),
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE ledger_yearsummary")
                cursor.execute("ANALYZE people_user")
                cursor.execute("SELECT pg_total_relation_size('ledger_yearsummary')")
                size = cursor.fetchone()[0]
            self.stdout.write(f"ledger_yearsummary: {YearSummary.objects.count()} baris, {size / 2**20:.0f} MiB")
        warm_runs = []
        for _run in range(3):
            report, seconds = timed(
                "year_report hangat (ringkasan tersedia)", lambda: year_report(YEAR, rulebook, unit)
            )
            warm_runs.append(seconds)
        warm = min(warm_runs)
        total = sum((row["total_jp"] for row in report), start=0)
        self.stdout.write(f"  {len(report)} pegawai, total {total} JP")
        timed("year_report hangat + semua hasil & penjelasan (isi jp_report json)", lambda: report_rows(report))
        if direct:
            old, _seconds = timed(
                "year_report_direct (tanpa ringkasan)", lambda: year_report_direct(YEAR, rulebook, unit)
            )
            assert report_rows(old[:500]) == report_rows(report[:500])
        person = users[0]
        started = time.perf_counter()
        for k in range(20):
            day = datetime.date(YEAR, 12, 1) + datetime.timedelta(days=k)
            entry, _created = record_activity(
                person, "seminar", f"Tambahan {k}", day, day, 1, "hari", status=Status.SUBMITTED, source_ref=f"x:{k}"
            )
            verify(entry, users[1] if len(users) > 1 else None)  # never the employee themself
        write_seconds = (time.perf_counter() - started) / 20
        self.stdout.write(f"satu tulis (record_activity + verify, ringkasan diperbarui): {write_seconds * 1000:.0f} ms")

        chosen = users[: max(1, min(sample, len(users)))]
        started = time.perf_counter()
        for user in chosen:
            employee_year_summary(user, YEAR, rulebook)
        naive_per_employee = (time.perf_counter() - started) / len(chosen)
        naive_seconds = naive_per_employee * len(users)
        self.stdout.write(
            f"naive (employee_year_summary per pegawai, {len(chosen)} sampel, diekstrapolasi): {naive_seconds:.2f} s"
        )
        self.stdout.write(f"rasio naive / laporan hangat: {naive_seconds / warm:.1f}×")
        self.stdout.write(f"rasio naive / laporan dingin: {naive_seconds / cold:.1f}×")
