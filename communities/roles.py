"""Permissions the CorpU roles get on communities (merged by people.roles.sync_role_groups)."""

from people.roles import ANGGOTA, CLO, KETUA, KOORDINATOR

_KK = [f"communities.{action}_{m}" for m in ("category", "membership") for action in ("add", "change", "view")]
_MODELS = ["membership", "category", "thread", "reply", "report", "copsession", "attendance"]

ROLE_PERMISSIONS = {
    CLO: [f"communities.{action}_{m}" for m in _MODELS for action in ("add", "change", "delete", "view")],
    KOORDINATOR: _KK,
    KETUA: _KK,
    ANGGOTA: ["communities.view_category"],
}
