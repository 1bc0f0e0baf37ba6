"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import behaviour  # noqa: E402, F401
