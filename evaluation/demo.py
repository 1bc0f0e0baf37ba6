"""Demo evaluations (run by seed_demo after planning): one module per level, each `seed(out, year)`."""

from django.utils import timezone

from . import demo_reaction


def seed(out):
    year = timezone.localdate().year
    demo_reaction.seed(out, year)
