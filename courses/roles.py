"""Course permissions for CorpU roles: the CLO runs every course (assign, approve, grade, export)."""

ROLE_PERMISSIONS = {
    "clo": [
        f"courses.{action}_{model}" for model in ("enrolment", "h5pactivity") for action in ("add", "change", "view")
    ],
    "anggota_kk": ["courses.add_h5pactivity", "courses.change_h5pactivity", "courses.view_h5pactivity"],
}
