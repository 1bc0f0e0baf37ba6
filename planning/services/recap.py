"""The CLO recap (Formulir 2, "Rekap oleh Koordinator Pembelajaran"): the kelompok-verified rows of a year grouped
per level into lines of competency, development, method, source and time, with the participating units and the
head count of distinct employees (Jumlah Pegawai Peserta)."""

from dataclasses import dataclass, field

from ..lan import Level
from ..models import Verification

LEVEL_ORDER = [Level.STRATEGIC, Level.OPERATIONAL, Level.TECHNICAL]
RECAP_KEYS = ["level", "competency", "development", "method", "source", "time", "units", "employees"]


@dataclass
class RecapLine:
    level: str
    competency: str
    development: str
    method: str
    source: str
    time: str
    units: list = field(default_factory=list)
    employees: int = 0
    verification_ids: list = field(default_factory=list)
    decision_ids: list = field(default_factory=list)

    def as_dict(self):
        """The contract keys of `idp_recap` (level, competency, development, method, source, time, units,
        employees)."""
        return {key: getattr(self, key) for key in RECAP_KEYS}


def clo_recap(year, unit=None):
    """Recap lines of a year (optionally of a unit and the units below it), strategis → operasional → teknis, then
    by competency. A line's level is the CLO's decision when made, else the kelompok's; rows the kelompok has not
    verified yet are left out. One query."""
    rows = (
        Verification.objects.filter(row__plan__year=year, verified_at__isnull=False)
        .select_related("row__plan__unit", "row__competency", "decision")
        .order_by("pk")
    )
    if unit is not None:
        rows = rows.filter(row__plan__unit__path__startswith=unit.path)
    lines, employees = {}, {}
    for v in rows:
        level = v.decision.level if v.decision_id else v.level
        key = (level, v.row.competency_name, v.development, v.method, v.source, v.timeframe)
        line = lines.get(key)
        if line is None:
            line = lines[key] = RecapLine(level, key[1], v.development, v.method, v.source, v.timeframe)
            employees[key] = set()
        label = v.row.plan.unit_kerja  # part A's unit kerja: the path label when the plan was opened
        if label and label not in line.units:
            line.units.append(label)
        employees[key].add(v.row.plan.employee_id)
        line.verification_ids.append(v.pk)
        if v.decision_id and v.decision_id not in line.decision_ids:
            line.decision_ids.append(v.decision_id)
    for key, line in lines.items():
        line.employees = len(employees[key])
        line.units.sort()
    order = {level: index for index, level in enumerate(LEVEL_ORDER)}
    return sorted(lines.values(), key=lambda x: (order.get(x.level, 9), x.competency.casefold(), x.development))
