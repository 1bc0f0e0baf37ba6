"""Short-lived cache of the personal pages' rendered blocks (Beranda saya, JP saya, Profil saya), one user at a time.

An entry belongs to one user (their id is part of the key: never shown to anyone else) and is used only while three
generations are those it was computed in: the user's own (moved by every change to their rows: ledger entries and
notifications, enrolments and lesson progress, IDP, tasks and invitations, evaluation tasks and answers, community
memberships, notifications and attendance, their profile, groups and kelompok keahlian, their second-factor
devices and recovery codes), everyone's (moved by a change that may reach any user: rulebooks, programmes, course
and CoP sessions, question sets, review tasks) and the page fragments' generation (corpu/page_cache.py: pages,
sites, kelompok keahlian). Other people's activity shown on Beranda saya (new threads, new assets) is at most
`PERSONAL_CACHE_SECONDS` old. Generations move at once and again
after commit. 0 turns the cache off. See ADR 0023.
"""

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from corpu import generations, page_cache

EVERYONE_KEY = "corpu-user:everyone:generation"


def _user_key(user_id):
    return f"corpu-user:{user_id}:generation"


def _keys(name, user, parts):
    """(the generations an entry depends on, the entry's key)."""
    asked = [name, user.pk, get_language(), *parts]
    key = "corpu-user:" + hashlib.sha256(json.dumps(asked, default=str).encode()).hexdigest()
    return [_user_key(user.pk), EVERYONE_KEY, page_cache.GENERATION_KEY], key


def keys(name, user, parts):
    """The cache keys `for_user` reads for this block (none when it would not read any), to be read in one round
    trip with others and passed back as `found`."""
    if settings.PERSONAL_CACHE_SECONDS <= 0 or not getattr(user, "is_authenticated", False):
        return []
    generation_keys, key = _keys(name, user, parts)
    return [*generation_keys, key]


def for_user(name, user, parts, compute, found=None):
    """The block `name` of this user (and `parts`, e.g. the site and the year), computed again after any change
    to what it reads (see the module docstring); `found`: a `corpu.page_cache.read` that read its `keys`."""
    if settings.PERSONAL_CACHE_SECONDS <= 0 or not getattr(user, "is_authenticated", False):
        return compute()
    generation_keys, key = _keys(name, user, parts)
    if found is None or not found.asked.issuperset([*generation_keys, key]):
        found = cache.get_many([*generation_keys, key])
    now = tuple(found.get(k) if found.get(k) is not None else generations.start(k) for k in generation_keys)
    entry = found.get(key)
    if entry is not None and entry[0] == now:
        return entry[1]
    value = compute()
    if None not in now:
        cache.set(key, (now, value), timeout=settings.PERSONAL_CACHE_SECONDS)
    return value


def user_changed(*user_ids):
    """These users' rows changed: their cached blocks are not used again."""
    keys = [_user_key(pk) for pk in set(user_ids) if pk is not None]
    if keys:
        generations.advance(*keys)


def everyone_changed(**kwargs):
    """A change that may show on anyone's personal pages (a signal receiver)."""
    generations.advance(EVERYONE_KEY)


# (model, the user ids a row belongs to): a save or delete moves those users' generation.
PER_USER = {
    "ledger.Entry": lambda e: [e.employee_id],
    "ledger.Notification": lambda n: [n.user_id],
    "courses.Enrolment": lambda e: [e.user_id],
    "courses.LessonCompletion": lambda c: [c.user_id],
    "planning.Plan": lambda p: [p.employee_id, p.supervisor_id],
    "planning.PlanRow": lambda r: [r.plan.employee_id],
    "planning.Task": lambda t: [t.user_id],
    "planning.ProgrammeInvitation": lambda i: [i.user_id],
    "evaluation.BehaviourTask": lambda t: [t.employee_id, t.assessor_id],
    "evaluation.BehaviourSelfReport": lambda r: [r.task.employee_id, r.task.assessor_id],
    "evaluation.Response": lambda r: [r.respondent_id],
    "communities.Membership": lambda m: [m.user_id],
    "communities.Attendance": lambda a: [a.user_id],
    "communities.Notification": lambda n: [n.user_id],
    "people.User": lambda u: [u.pk],
    "people.Keanggotaan": lambda k: [k.user_id],
    "knowledge_assets.AssetRating": lambda r: [r.user_id],  # the visitor's own rating on the asset page
    "knowledge_assets.AssetApplication": lambda a: [a.user_id],
    "otp_totp.TOTPDevice": lambda d: [d.user_id],  # Profil saya's second-factor block
    "otp_static.StaticDevice": lambda d: [d.user_id],
    "otp_static.StaticToken": lambda t: [_token_owner(t)],
}
EVERYONE = [
    "ledger.Rulebook",
    "ledger.Rule",
    "ledger.LedgerSettings",
    "planning.LearningProgramme",
    "courses.CourseSession",
    "communities.CopSession",
    "evaluation.QuestionSet",
    "evaluation.SurveyTarget",
    "people.UnitKerja",
    "knowledge_assets.KelompokReviewTask",  # its reviewer groups: who must use a second factor
    "wagtailcore.GroupApprovalTask",
]


def _token_owner(token):
    """The user of a recovery code's device (None once the device is gone: its own delete moved the user)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    return StaticDevice.objects.filter(pk=token.device_id).values_list("user_id", flat=True).first()


def connect():
    """Move the generations on every change the cached blocks read (called from CorpuConfig.ready)."""
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def receiver_for(owners):
        def changed(sender, instance, raw=False, **kwargs):
            if not raw:
                user_changed(*owners(instance))

        return changed

    for label, owners in PER_USER.items():
        model, receiver = apps.get_model(label), receiver_for(owners)
        post_save.connect(receiver, sender=model, dispatch_uid=f"corpu_user_cache_{label}_saved", weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=f"corpu_user_cache_{label}_deleted", weak=False)
    for label in EVERYONE:
        model = apps.get_model(label)
        post_save.connect(everyone_changed, sender=model, dispatch_uid=f"corpu_user_cache_{label}_saved")
        post_delete.connect(everyone_changed, sender=model, dispatch_uid=f"corpu_user_cache_{label}_deleted")

    def user_relations_changed(sender, instance, pk_set=None, **kwargs):
        if isinstance(instance, apps.get_model("people.User")):
            user_changed(instance.pk)
        elif pk_set is None:  # a group or permission cleared of all its users
            everyone_changed()
        else:  # from the other side (a group, a permission): the users named
            user_changed(*pk_set)

    user = apps.get_model("people.User")
    for through in (user.groups.through, user.user_permissions.through):
        m2m_changed.connect(
            user_relations_changed, sender=through, dispatch_uid=f"corpu_user_cache_{through}", weak=False
        )  # a local function: a weak reference would be gone when connect() returns
    group = apps.get_model("auth.Group")
    m2m_changed.connect(everyone_changed, sender=group.permissions.through, dispatch_uid="corpu_user_cache_group")
    programme = apps.get_model("planning.LearningProgramme")
    m2m_changed.connect(everyone_changed, sender=programme.target_units.through, dispatch_uid="corpu_user_cache_units")
