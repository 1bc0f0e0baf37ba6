"""Per-employee, per-year, per-rulebook JP summaries (`YearSummary`), so the yearly report is one query.

Invariants (all enforced here, called from ledger.services, ledger.signals and the loader):

* A `SummaryCoverage(rulebook, year)` row means: every employee with at least one counted entry in that year has a
  fresh `YearSummary` for that rulebook. Only covered pairs are read by `ledger.services.year_report`.
* Every ledger write (`Entry` saved or deleted: record_activity, verify, reject, correct, reverse, …) recomputes the
  employee's summaries for the affected years in the same transaction (`refresh`).
* Editing a `Rule` or `Rulebook` deletes the rulebook's coverage and summaries (`invalidate`); the next report
  rebuilds the missing (rulebook, year) in one batch (`build`: one query for the year's counted entries).

Concurrency on PostgreSQL (READ COMMITTED): writers take FOR SHARE on every rulebook row, then FOR NO KEY UPDATE
on the employee's user row; `build` and `invalidate` take FOR NO KEY UPDATE on their rulebook row. So a build never
misses an entry committed by a concurrent writer (one waits for the other), two writers for the same employee never
overwrite each other's summary, and a rule edit never leaves summaries computed with the old rule behind.
`bulk_create`/`QuerySet.update` of entries bypass all this: call `invalidate()` afterwards.

Explanations are stored language-neutral (the engine's message ids and parameters), so a stored summary renders
exactly as a fresh engine computation in whichever language is active when it is shown.
"""

import datetime
import json
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone, translation

from . import engine
from .models import Rulebook, SummaryCoverage, YearSummary

ZERO = engine.ZERO
INSERT_BATCH = 2000
LOAD_CHUNK = 2000
ACTIVITY_FIELDS = [
    "id",
    "form",
    "title",
    "scope",
    "start_date",
    "end_date",
    "quantity",
    "unit",
    "stated_jp",
    "certificate_no",
    "source_ref",
]


# --- explanations: engine parts <-> JSON ---------------------------------------------------------------------------


class RenderedPart:
    """A stored explanation part shared by many results of a report: rendered once per language."""

    __slots__ = ("part", "texts")

    def __init__(self, part):
        self.part = part
        self.texts = {}

    def __str__(self):
        language = translation.get_language()
        text = self.texts.get(language)
        if text is None:
            text = self.texts[language] = str(self.part)
        return text


def freeze(part, memo):
    """An engine explanation part (Msg, Concat, Decimal, str, int) as JSON data; `memo` dedupes shared parts."""
    if isinstance(part, str | int | bool) or part is None:
        return part
    if isinstance(part, RenderedPart):
        return freeze(part.part, memo)
    hit = memo.get(id(part))
    if hit is not None:
        return hit[1]
    if isinstance(part, engine.Msg):
        frozen = ["m", part.msgid]
        if part.params:
            frozen.append({key: freeze(value, memo) for key, value in part.params.items()})
    elif isinstance(part, engine.Concat):
        frozen = ["c", [freeze(item, memo) for item in part.parts]]
    elif isinstance(part, Decimal):
        frozen = ["d", str(part)]
    else:
        frozen = str(part)
    memo[id(part)] = (part, frozen)  # keep the part alive so its id is not reused during the batch
    return frozen


def thaw(frozen):
    if isinstance(frozen, list):
        tag = frozen[0]
        if tag == "m":
            params = frozen[2] if len(frozen) > 2 else None
            return engine.Msg(frozen[1], {key: thaw(value) for key, value in params.items()} if params else None)
        if tag == "c":
            return engine.Concat(*[thaw(item) for item in frozen[1]])
        if tag == "d":
            return Decimal(frozen[1])
    return frozen


_key = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _text(value):
    return None if value is None else str(value)


def freeze_result(result, memo):
    activity = result.activity
    return [
        activity.ref,
        activity.form,
        activity.title,
        activity.scope,
        activity.start_date.isoformat(),
        activity.end_date.isoformat(),
        _text(activity.quantity),
        activity.unit,
        _text(activity.stated_jp),
        activity.certificate_no,
        activity.source_ref,
        str(result.jp),
        str(result.raw_jp),
        result.counted,
        result.bucket,
        [_part_text(part, memo) for part in result.parts],
        result.review,
    ]


def _part_text(part, memo):
    """A top-level explanation part as JSON text: one string to decode when read, and the key that shares it."""
    hit = memo.get(("text", id(part)))
    if hit is None:
        hit = memo[("text", id(part))] = (part, _key(freeze(part, memo)))
    return hit[1]


def _dec(value):
    return None if value is None else Decimal(value)


def _thaw_part(text, shared):
    if shared is None:
        return thaw(json.loads(text))
    part = shared.get(text)
    if part is None:
        part = shared[text] = RenderedPart(thaw(json.loads(text)))
    return part


def thaw_result(data, shared=None):
    """An engine Result from its stored form; `shared` (a dict kept for one report) shares equal parts."""
    (ref, form, title, scope, start, end, quantity, unit, stated, certificate_no, source_ref) = data[:11]
    jp, raw_jp, counted, bucket, parts = data[11:16]
    review = bool(data[16]) if len(data) > 16 else False
    activity = engine.Activity(
        form,
        datetime.date.fromisoformat(start),
        datetime.date.fromisoformat(end),
        _dec(quantity),
        unit,
        scope,
        _dec(stated),
        title,
        certificate_no,
        source_ref,
        ref,
    )
    parts = [_thaw_part(part, shared) for part in parts]
    return engine.Result(activity, Decimal(jp), Decimal(raw_jp), counted, bucket, parts, review=review)


def summary_row(employee_id, year, rulebook_id, summary, memo):
    """A YearSummary (unsaved) for one engine `Summary`."""
    by_month = {}
    for result in summary.results:
        if result.counted:
            month = result.activity.start_date.month
            by_month[month] = by_month.get(month, ZERO) + result.jp
    return YearSummary(
        employee_id=employee_id,
        year=year,
        rulebook_id=rulebook_id,
        total_jp=summary.total_jp,
        classical=summary.by_bucket.get("classical", ZERO),
        guidance=summary.by_bucket.get("guidance", ZERO),
        workplace=summary.by_bucket.get("workplace", ZERO),
        entries=[freeze_result(result, memo) for result in summary.results],
        by_month={str(month): str(jp) for month, jp in sorted(by_month.items())},
    )


def _activity(row):
    (pk, form, title, scope, start, end, quantity, unit, stated, certificate_no, source_ref) = row[:11]
    return engine.Activity(form, start, end, quantity, unit, scope, stated, title, certificate_no, source_ref, pk)


def _counted(year, using):
    from .services import _year_filter, counted_entries

    return _year_filter(counted_entries(), year).using(using).order_by()


# --- locks -----------------------------------------------------------------------------------------------------------


def _postgres(using):
    return connections[using].vendor == "postgresql"


def _lock_rulebook(rulebook_id, using):
    """Exclusive (FOR NO KEY UPDATE) lock on one rulebook row: builds and invalidations of it serialise with
    every ledger write. Returns the rulebook as committed now (None when it is gone)."""
    queryset = Rulebook.objects.using(using).filter(pk=rulebook_id)
    if _postgres(using):
        queryset = queryset.select_for_update(no_key=True)
    return queryset.first()


def _lock_for_write(employee_id, using):
    if not _postgres(using):
        return  # SQLite serialises writers on the whole database
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Rulebook._meta.db_table} ORDER BY id FOR SHARE")
    list(
        get_user_model()
        .objects.using(using)
        .select_for_update(no_key=True)
        .filter(pk=employee_id)
        .values_list("pk", flat=True)
    )


COPY_FIELDS = [
    "employee_id",
    "year",
    "rulebook_id",
    "total_jp",
    "classical",
    "guidance",
    "workplace",
    "entries",
    "by_month",
    "computed_at",
]


def _insert(rows, using):
    """Store summaries: COPY on PostgreSQL (bulk INSERTs with client-side binding spend seconds quoting the JSON),
    bulk_create elsewhere."""
    if not rows:
        return
    if not _postgres(using):
        YearSummary.objects.using(using).bulk_create(rows, batch_size=INSERT_BATCH)
        return
    now = timezone.now()
    columns = ", ".join(YearSummary._meta.get_field(name.removesuffix("_id")).column for name in COPY_FIELDS)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    sql = f"COPY {YearSummary._meta.db_table} ({columns}) FROM STDIN"
    with connections[using].cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(
                (
                    row.employee_id,
                    row.year,
                    row.rulebook_id,
                    row.total_jp,
                    row.classical,
                    row.guidance,
                    row.workplace,
                    dumps(row.entries),
                    dumps(row.by_month),
                    now,
                )
            )


def _delete(queryset):
    """A plain DELETE (no collector: summaries have no dependants and no signals)."""
    return queryset._raw_delete(queryset.db)


# --- maintenance -----------------------------------------------------------------------------------------------------


def refresh(employee_id, years, using="default"):
    """Recompute one employee's summaries for `years` under every covering rulebook (inside the caller's
    transaction when there is one). Called on every ledger write."""
    years = sorted({int(year) for year in years if year})
    if not years or employee_id is None:
        return
    with transaction.atomic(using=using):
        _lock_for_write(employee_id, using)
        _delete(YearSummary.objects.using(using).filter(employee_id=employee_id, year__in=years))
        covered = defaultdict(list)
        for rulebook_id, year in (
            SummaryCoverage.objects.using(using).filter(year__in=years).values_list("rulebook_id", "year")
        ):
            covered[year].append(rulebook_id)
        if not covered:
            return
        from .services import counted_entries

        per_year = defaultdict(list)
        rows = (
            counted_entries()
            .using(using)
            .filter(
                employee_id=employee_id,
                start_date__gte=datetime.date(min(covered), 1, 1),
                start_date__lte=datetime.date(max(covered), 12, 31),
            )
            .order_by()
            .values_list(*ACTIVITY_FIELDS)
        )
        for row in rows:
            per_year[row[4].year].append(_activity(row))
        specs = {}
        memo = {}
        made = []
        for year, rulebook_ids in covered.items():
            if not per_year.get(year):
                continue  # no counted entry: no row (the report shows 0)
            for rulebook_id in rulebook_ids:
                if rulebook_id not in specs:
                    specs[rulebook_id] = Rulebook.objects.using(using).get(pk=rulebook_id).spec()
                summary = engine.compute(per_year[year], specs[rulebook_id])
                made.append(summary_row(employee_id, year, rulebook_id, summary, memo))
        _insert(made, using)


def _with_successors(rulebook_id, using):
    """The rulebook and every rulebook that (directly or not) supersedes it: they count its rules for activities
    dated before their own effective_from."""
    links = dict(Rulebook.objects.using(using).exclude(supersedes=None).values_list("pk", "supersedes_id"))
    ids = {rulebook_id}
    grown = True
    while grown:
        more = {pk for pk, earlier in links.items() if earlier in ids} - ids
        ids |= more
        grown = bool(more)
    return sorted(ids)


def invalidate(rulebook_id=None, using="default"):
    """Forget a rulebook's summaries, and those of the rulebooks superseding it (all rulebooks' when None); the
    next report rebuilds them."""
    with transaction.atomic(using=using):
        ids = (
            _with_successors(rulebook_id, using)
            if rulebook_id is not None
            else list(Rulebook.objects.using(using).order_by("pk").values_list("pk", flat=True))
        )
        for pk in ids:
            _lock_rulebook(pk, using)
        coverage = SummaryCoverage.objects.using(using)
        summaries = YearSummary.objects.using(using)
        if rulebook_id is not None:
            coverage = coverage.filter(rulebook_id__in=ids)
            summaries = summaries.filter(rulebook_id__in=ids)
        _delete(coverage)
        _delete(summaries)


def build(year, rulebook, using="default"):
    """Compute and store every employee's summary for (rulebook, year) in one batch, then mark it covered.

    One query for all the year's counted entries, the engine per employee (with a shared conversion cache).
    Returns False when another process built it meanwhile."""
    with transaction.atomic(using=using):
        book = _lock_rulebook(rulebook.pk, using)
        if book is None:
            return False
        if SummaryCoverage.objects.using(using).filter(rulebook=book, year=year).exists():
            return False
        _delete(YearSummary.objects.using(using).filter(rulebook=book, year=year))
        spec = book.spec()
        activities = defaultdict(list)
        rows = _counted(year, using).values_list(*ACTIVITY_FIELDS, "employee_id")
        for row in rows.iterator(chunk_size=10_000):
            activities[row[11]].append(_activity(row))
        cache = {}
        memo = {}
        batch = []
        for employee_id, items in activities.items():
            summary = engine.compute(items, spec, cache)
            batch.append(summary_row(employee_id, year, book.pk, summary, memo))
            if len(batch) >= INSERT_BATCH:
                _insert(batch, using)
                batch = []
                memo = {}
        _insert(batch, using)
        SummaryCoverage.objects.using(using).create(rulebook=book, year=year)
    return True


# --- reading ---------------------------------------------------------------------------------------------------------


class Loader:
    """Loads the per-entry results of a report's summaries on first use, LOAD_CHUNK summaries per query."""

    def __init__(self, year, rulebook, using="default"):
        self.year = year
        self.rulebook = rulebook
        self.using = using
        self.order = []
        self.position = {}
        self.employees = {}
        self.raw = {}
        self.spec = None
        self.shared = {}

    def add(self, summary_id, employee_id):
        self.employees[summary_id] = employee_id

    def set_order(self, summary_ids):
        self.order = summary_ids
        self.position = {summary_id: index for index, summary_id in enumerate(summary_ids)}

    def results(self, summary_id):
        if summary_id not in self.raw:
            start = self.position.get(summary_id, 0)
            wanted = [pk for pk in self.order[start : start + LOAD_CHUNK] if pk not in self.raw]
            if summary_id not in wanted:
                wanted.append(summary_id)
            found = YearSummary.objects.using(self.using).filter(pk__in=wanted).values_list("pk", "entries")
            self.raw.update(found)
        data = self.raw.pop(summary_id, None)
        if data is None:  # invalidated since the report was read: compute it afresh
            return self._direct(self.employees[summary_id])
        return [thaw_result(item, self.shared) for item in data]

    def _direct(self, employee_id):
        if self.spec is None:
            self.spec = Rulebook.objects.using(self.using).get(pk=self.rulebook.pk).spec()
        rows = _counted(self.year, self.using).filter(employee_id=employee_id).values_list(*ACTIVITY_FIELDS)
        return engine.compute([_activity(row) for row in rows], self.spec).results


class LazyResults(Sequence):
    """A report row's engine results, read from the stored summary when first used (a list to its callers)."""

    __slots__ = ("_items", "_loader", "_months", "_summary_id")

    def __init__(self, loader, summary_id, months):
        self._loader = loader
        self._summary_id = summary_id
        self._months = months
        self._items = None

    def _load(self):
        if self._items is None:
            self._items = self._loader.results(self._summary_id)
        return self._items

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self):
        return len(self._load())

    def __iter__(self):
        return iter(self._load())

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None

    def __repr__(self):
        return repr(self._load())

    def month_totals(self):
        """Counted JP per month (1–12) of the activities' start dates, without loading the results."""
        data = json.loads(self._months) if isinstance(self._months, str) else (self._months or {})
        return {int(month): Decimal(jp) for month, jp in data.items()}
