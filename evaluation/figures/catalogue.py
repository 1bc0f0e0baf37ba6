"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import maturity as _maturity  # noqa: F401  (CorpU maturity levels)
from . import platform as _platform  # noqa: F401  (figures beside the maturity elements)
