"""The figure modules; each registers its figures when imported (one import line per module)."""

from . import alignment, behaviour, infrastructure, jp, knowledge, learning, maturity, platform, reaction  # noqa: F401
