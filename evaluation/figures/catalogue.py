"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import (  # noqa: F401
    alignment,
    behaviour,
    impact,
    infrastructure,
    jp,
    knowledge,
    learning,
    maturity,
    platform,
    reaction,
)
