"""Named figures: every number the yearly report to the PPK prints comes from one function registered here, so a
test can check it against an independent count. A figure takes `(year, units)` — `units` is None for the whole
institution or a UnitKerja queryset — and returns a number (or a dict of numbers for a breakdown)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The report's sections in order: Banjarbaru Perwali 23/2025 art. 30(1) a–h, then JP compliance, knowledge management
# and CorpU maturity (Balangan Perbup 68/2025 art. 29). A figure names the section it is printed in.
SECTIONS = {
    "infrastructure": _("Keberadaan infrastruktur pembelajaran CorpU"),
    "alignment": _("Kesesuaian dengan rencana strategis/RPJMD"),
    "obstacles": _("Kendala yang dihadapi dan rencana tindak lanjut"),
    "reaction": _("Reaksi ASN terhadap pengembangan kompetensi"),
    "learning": _("Pembelajaran ASN hasil pengembangan kompetensi"),
    "behaviour": _("Peningkatan perilaku ASN hasil pengembangan kompetensi"),
    "individual_performance": _("Peningkatan kinerja ASN hasil pengembangan kompetensi"),
    "institutional_performance": _("Peningkatan kinerja Instansi Pemerintah"),
    "jp": _("Pemenuhan JP pengembangan kompetensi"),
    "knowledge": _("Kegiatan manajemen pengetahuan"),
    "maturity": _("Tingkat kematangan CorpU"),
}

FIGURES = {}


@dataclass(frozen=True)
class Figure:
    name: str
    label: str  # translatable, lazy
    section: str  # the report section key it belongs to
    compute: object

    def __call__(self, year, units=None):
        return self.compute(year, units)


def figure(name, label, section):
    """Register a figure function under a stable name (the name is a contract: tests and the XLSX use it)."""

    def register(compute):
        if section not in SECTIONS:
            raise ValueError(f"unknown report section {section!r}")
        if name in FIGURES:
            raise ValueError(f"figure {name!r} registered twice")
        FIGURES[name] = Figure(name, label, section, compute)
        return compute

    return register


def compute(name, year, units=None):
    """The value of one named figure."""
    return FIGURES[name](year, units)


def load():
    """Import every figure module (called once from the app's ready())."""
    from . import catalogue  # noqa: F401


def of_section(section):
    """The figures printed in one report section, in registration order."""
    return [f for f in FIGURES.values() if f.section == section]
