"""Who must sign in with a second factor: holders of administrative powers, never plain learners."""

from django.contrib.auth.models import Group

from corpu.access import viewer_for
from people.roles import CLO, KETUA, VERIFIKATOR_UNIT, user_roles

# Roles that always need it: the CLO / BKPSDM admin, unit JP verifiers and the kelompok ketua (expert reviewers).
REQUIRED_ROLES = frozenset({CLO, VERIFIKATOR_UNIT, KETUA})


def requires_second_factor(user):
    """Must this user give a second factor? Superusers, CLO/admins (incl. `people.view_all_content`), JP
    verifiers, expert reviewers (ketua, members of a workflow task's reviewer groups) and anyone who may open
    the Wagtail admin. Learners may enrol but need not."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or REQUIRED_ROLES.intersection(user_roles(user)):
        return True
    if user.has_perm("wagtailadmin.access_admin") or user.has_perm("ledger.verify_entry"):
        return True
    return viewer_for(user).is_admin or is_workflow_reviewer(user)


def is_workflow_reviewer(user):
    """Is the user in a reviewer group of an active workflow task (e.g. a revidu pakar's `expert_groups`)?"""
    from wagtail.models import Task

    group_ids = set(user.groups.values_list("id", flat=True))
    if not group_ids:
        return False
    for task in Task.objects.filter(active=True).specific():
        for field in ("groups", "expert_groups"):
            related = getattr(task, field, None)
            if related is not None and related.model is Group and related.filter(id__in=group_ids).exists():
                return True
    return False
