"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import learning, reaction  # noqa: E402, F401
