"""Demo evaluation data (called by seed_demo after planning): one call per evaluation part."""

from django.utils import timezone


def seed(out):
    year = timezone.localdate().year
    from . import demo_maturity

    demo_maturity.seed(out, year)
