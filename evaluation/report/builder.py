"""The report's content: one section per key of `evaluation.figures.SECTIONS`, in order, each holding the figures
registered for it (`of_section`). A figure that raises marks its row (and so its section) failed; the others go on.
A section without any registered figure is printed as "belum ada data"."""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from evaluation.figures import SECTIONS, of_section

logger = logging.getLogger(__name__)
NUMBER = (int, float, Decimal)


@dataclass
class Part:
    """One component of a breakdown figure (a figure returning a dict)."""

    key: str
    label: str
    value: object
    width: float = 0.0  # bar length in % of the widest part (of 100 for shares)
    target: object = None  # the share the regulation aims at (e.g. 70 for workplace learning), marked on the bar


@dataclass
class Row:
    name: str
    label: str
    value: object = None
    parts: list = field(default_factory=list)
    error: str = ""


@dataclass
class Section:
    number: int
    key: str
    title: str
    rows: list

    @property
    def failed(self):
        return any(row.error for row in self.rows)

    @property
    def empty(self):
        return not self.rows


def part_labels(fig):
    """How a breakdown figure names its parts: the figure function's optional `parts` (a dict, or a callable
    returning one), else the keys themselves. An optional `targets` dict ({key: share}) marks each part's aim."""
    parts = getattr(fig.compute, "parts", None)
    labels = parts() if callable(parts) else (parts or {})
    return {key: str(label) for key, label in labels.items()}


def _parts(fig, value):
    labels = part_labels(fig)
    targets = getattr(fig.compute, "targets", None) or {}
    parts = [Part(str(key), labels.get(key, str(key)), part, target=targets.get(key)) for key, part in value.items()]
    numbers = [Decimal(str(p.value)) for p in parts if isinstance(p.value, (int, float, Decimal))]
    shares = bool(numbers) and abs(sum(numbers) - 100) <= 1  # percentages of one whole: bars out of 100
    widest = Decimal(100) if shares else max(numbers, default=Decimal(0))
    for part in parts:
        if isinstance(part.value, (int, float, Decimal)) and widest > 0:
            part.width = float(min(Decimal(100), Decimal(str(part.value)) * 100 / widest))
    return parts


def compute_row(fig, year, units=None):
    """One figure's row; its own savepoint, so a failing query does not break the ones after it."""
    try:
        with transaction.atomic():
            value = fig(year, units)
    except Exception as error:  # a broken figure must not take the report down: it is reported instead
        logger.exception("Figure %s failed for %s", fig.name, year)
        return Row(fig.name, str(fig.label), error=f"{type(error).__name__}: {error}")
    values = value.values() if isinstance(value, dict) else [value]
    if not all(v is None or isinstance(v, NUMBER) for v in values):
        return Row(fig.name, str(fig.label), error=_("nilai bukan angka: %(value)r") % {"value": value})
    row = Row(fig.name, str(fig.label), value)
    if isinstance(value, dict):
        row.parts = _parts(fig, value)
    return row


def build(year, progress=None, units=None):
    """Every section of the report for `year`; `progress(done, total, title)` is called before each section."""
    sections = []
    keys = list(SECTIONS)
    for number, key in enumerate(keys, start=1):
        title = str(SECTIONS[key])
        if progress is not None:
            progress(number - 1, len(keys), title)
        sections.append(Section(number, key, title, [compute_row(fig, year, units) for fig in of_section(key)]))
    return sections


def format_value(value):
    """A figure value as printed: grouped digits, at most two decimals, "–" for no value (e.g. a share of none)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, int):
        return number_format(value, force_grouping=True)
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    decimals = next(d for d in (0, 1, 2) if number == number.quantize(Decimal(1).scaleb(-d)))
    return number_format(number, decimal_pos=decimals, force_grouping=True)
