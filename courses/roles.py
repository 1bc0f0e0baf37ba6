"""Course permissions for CorpU roles: the CLO runs every course (assign, approve, grade, export) and its
certificates (revoke, reissue, the certificate settings).

Installing H5P libraries and uploading SCORM packages (code every learner runs) is the CLO's alone; members of
a kelompok keahlian may upload content that uses the installed libraries and see which are installed.
"""

ROLE_PERMISSIONS = {
    "clo": [
        f"courses.{action}_{model}" for model in ("enrolment", "h5pactivity") for action in ("add", "change", "view")
    ]
    + ["courses.install_h5p_library", "courses.view_h5plibrary"]
    + [f"courses.{action}_scormpackage" for action in ("add", "change", "view")]
    + ["courses.upload_scorm_package"]
    + ["courses.manage_certificate", "courses.change_certificatesettings", "courses.view_certificatesettings"],
    "anggota_kk": [
        "courses.add_h5pactivity",
        "courses.change_h5pactivity",
        "courses.view_h5pactivity",
        "courses.view_h5plibrary",
    ],
}
