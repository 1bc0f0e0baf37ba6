"""Demo evaluations at every level (python manage.py seed_demo runs this after planning's demo)."""

from django.utils import timezone


def seed(out):
    year = timezone.localdate().year
    from . import demo_behaviour, demo_maturity, demo_reaction

    demo_reaction.seed(out, year)
    demo_behaviour.seed(out, year)
    demo_maturity.seed(out, year)
