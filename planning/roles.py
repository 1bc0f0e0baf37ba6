"""Planning permissions per CorpU role (merged by people.roles.sync_role_groups), and the checks services use."""

_DIRECTION = ["institutiondirection", "unittarget"]
_DICTIONARY = ["competencydefinition", "competencylevel", "positionrequirement"]
_CRUD = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    "clo": [f"planning.{a}_{m}" for m in _DIRECTION + _DICTIONARY + ["dialoguewindow"] for a in _CRUD]
    + ["planning.coordinate_idp", "planning.view_planaudit"],
    "dewan_pengarah": [f"planning.{a}_{m}" for m in _DIRECTION for a in _CRUD]
    + [f"planning.view_{m}" for m in _DICTIONARY],
}


def is_coordinator(user):
    """The Koordinator Pembelajaran (CLO) or a superuser: opens windows, starts verification, decides the recap."""
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("planning.coordinate_idp")))


def may_steer(user):
    """Dewan Pengarah or CLO: sets the institution direction of a year."""
    return bool(user and user.is_active and user.has_perm("planning.change_institutiondirection"))
