"""Load the shipped rulebooks (ledger/rulebooks/*.json) into the database: create what is missing, never overwrite."""

import json
from pathlib import Path

from django.db import connections, transaction

RULEBOOK_DIR = Path(__file__).resolve().parent / "rulebooks"

RULEBOOK_FIELDS = [
    "title",
    "regulation",
    "source_file",
    "effective_from",
    "effective_until",
    "target_jp_pns",
    "target_jp_pppk",
    "target_jp_pppk_is_ceiling",
    "stated_jp_overrides",
    "notes",
]
RULE_FIELDS = [
    "label",
    "available",
    "category",
    "bucket",
    "unit",
    "programme_jp",
    "jp_per_unit_nasional",
    "jp_per_unit_internasional",
    "international_uplift_pct",
    "cap_jp_per_day",
    "cap_jp_per_activity",
    "cap_jp_per_year",
    "max_sessions_per_month",
    "max_activities_per_year",
    "max_days_per_activity",
    "fallback_jp_per_day",
    "evidence",
    "issuer",
    "seed_ref",
    "interpretation",
]
TEXT_FIELDS = {"unit", "evidence", "issuer", "seed_ref", "interpretation", "source_file", "notes", "regulation"}


def shipped_rulebooks():
    """The rulebook dicts shipped with the app, by slug."""
    books = {}
    for path in sorted(RULEBOOK_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        books[data["slug"]] = data
    return books


def _value(data, name):
    value = data.get(name)
    if value is None and name in TEXT_FIELDS:
        return ""
    return value


def rule_defaults(data):
    from .engine import OVERRIDE_MARKER

    defaults = {name: _value(data, name) for name in RULE_FIELDS}
    defaults["stated_jp_overrides"] = (data.get("interpretation") or "").startswith(OVERRIDE_MARKER)
    return defaults


def load_rulebooks(using="default"):
    """Create missing rulebooks and rules. Returns (rulebooks created, rules created); existing rows are kept."""
    from .models import Rule, Rulebook

    books_created = rules_created = 0
    with transaction.atomic(using=using):
        for slug, data in shipped_rulebooks().items():
            rulebook, created = Rulebook.objects.using(using).get_or_create(
                slug=slug, defaults={name: _value(data, name) for name in RULEBOOK_FIELDS}
            )
            books_created += created
            existing = set(Rule.objects.using(using).filter(rulebook=rulebook).values_list("form", flat=True))
            missing = [
                Rule(rulebook=rulebook, form=rule["form"], **rule_defaults(rule))
                for rule in data["rules"]
                if rule["form"] not in existing
            ]
            Rule.objects.using(using).bulk_create(missing)
            rules_created += len(missing)
            if missing and not created:
                _invalidate(rulebook, using)  # bulk_create sends no signal
    return books_created, rules_created


def _invalidate(rulebook, using):
    from .models import SummaryCoverage
    from .summaries import invalidate

    if SummaryCoverage._meta.db_table in connections[using].introspection.table_names():
        invalidate(rulebook.pk, using=using)


def load_after_migrate(using="default", **kwargs):
    """post_migrate handler: fresh databases (and test databases) get the shipped rulebooks."""
    from .models import Rule, Rulebook

    tables = set(connections[using].introspection.table_names())
    if Rulebook._meta.db_table in tables and Rule._meta.db_table in tables:
        load_rulebooks(using=using)
