"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import alignment, infrastructure, jp, knowledge  # noqa: F401  (yearly report: JP, KM, infrastructure, plans)
