"""Search analytics for the CLO and the kelompok keahlian leads; synonyms are kept by the CLO."""

_ANALYTICS = ["corpu_search.view_querylog"]

ROLE_PERMISSIONS = {
    "clo": _ANALYTICS + [f"corpu_search.{action}_synonym" for action in ("add", "change", "delete", "view")],
    "koordinator_kk": _ANALYTICS,
    "ketua_kk": _ANALYTICS,
}
