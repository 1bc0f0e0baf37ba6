"""Search analytics for the CLO and the kelompok keahlian leads; the CLO keeps synonyms and never-stemmed terms."""

_ANALYTICS = ["corpu_search.view_querylog"]
_VOCABULARY = ("synonym", "unstemmedterm")  # synonyms and never-stemmed terms

ROLE_PERMISSIONS = {
    "clo": _ANALYTICS
    + [f"corpu_search.{action}_{model}" for model in _VOCABULARY for action in ("add", "change", "delete", "view")],
    "koordinator_kk": _ANALYTICS,
    "ketua_kk": _ANALYTICS,
}
