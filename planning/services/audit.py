"""The planning audit trail: every change writes a PlanAudit row (who, when, what, before and after)."""

import datetime
from decimal import Decimal

from ..models import PlanAudit


def _json(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj, fields=None):
    """The concrete field values of a model instance as JSON-ready data (foreign keys as ids)."""
    if obj is None:
        return None
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.attname not in ("id", "updated_at")]
    return {name: _json(getattr(obj, name)) for name in names}


def audit(action, plan=None, actor=None, target="", before=None, after=None):
    """Record one change. `target` names the object changed (e.g. "row:12", "verification:4")."""
    return PlanAudit.objects.create(action=action, plan=plan, actor=actor, target=target, before=before, after=after)
