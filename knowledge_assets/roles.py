"""Permissions the knowledge asset app adds to the CorpU roles (page permissions are set per catalogue)."""

_DOCS = ["wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document"]
_IMAGES = ["wagtailimages.add_image", "wagtailimages.choose_image"]
_READER = [f"knowledge_assets.view_{m}" for m in ("assetrating", "assetcomment", "assetapplication")]

ROLE_PERMISSIONS = {
    "anggota_kk": _DOCS + _IMAGES,
    "ketua_kk": _DOCS + _IMAGES + _READER,
    "koordinator_kk": _READER,
    "clo": _DOCS + _IMAGES + _READER + ["knowledge_assets.delete_assetcomment"],
}
