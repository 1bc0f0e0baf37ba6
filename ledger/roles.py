"""Ledger permissions per CorpU role (merged by people.roles.sync_role_groups)."""

_EDITABLE = ["rulebook", "rule"]
_READ = ["entry", "auditlog"]

ROLE_PERMISSIONS = {
    "clo": [f"ledger.{action}_{model}" for model in _EDITABLE for action in ("add", "change", "view")]
    + [f"ledger.view_{model}" for model in _READ]
    + ["ledger.verify_entry", "ledger.change_ledgersettings", "ledger.view_ledgersettings"],
    "dewan_pengarah": [f"ledger.view_{model}" for model in _EDITABLE + _READ],
    "verifikator_unit": ["ledger.verify_entry"],
}
