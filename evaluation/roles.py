"""Evaluation permissions per CorpU role (merged by people.roles.sync_role_groups)."""

_CRUD = ("add", "change", "delete", "view")
_REACTION_LEARNING = ["questionset", "surveytarget", "prepostpair"]

ROLE_PERMISSIONS = {
    "clo": [f"evaluation.{a}_{m}" for m in _REACTION_LEARNING for a in _CRUD],
    "dewan_pengarah": [f"evaluation.view_{m}" for m in _REACTION_LEARNING],
}
