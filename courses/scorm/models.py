"""SCORM packages (snippets, like H5P activities) and each learner's attempt with its CMI data."""

import secrets
import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from corpu.models import AccessControlled
from corpu.storage import private_storage

from ..h5p.install import remove as remove_files
from ..h5p.package import Limits, extract_package
from ..package_files import PackageFiles
from .package import VERSION_12, VERSION_2004, ScormValidationError, validate_package

CONTENT_ROOT = "scorm/content"


class ScormVersion(models.TextChoices):
    SCORM_12 = VERSION_12, "SCORM 1.2"
    SCORM_2004 = VERSION_2004, "SCORM 2004"


class ScormPackage(PackageFiles, AccessControlled, index.Indexed, models.Model):
    """An uploaded SCORM 1.2/2004 package, validated and stored extracted in private storage."""

    title = models.CharField(_("judul"), max_length=255)
    package = models.FileField(_("paket SCORM (.zip)"), storage=private_storage, upload_to="scorm/packages/")
    version = models.CharField(_("versi SCORM"), max_length=8, choices=ScormVersion.choices, editable=False)
    launch = models.CharField(_("halaman awal"), max_length=500, editable=False)
    folder = models.CharField(max_length=120, editable=False, help_text="Extracted under PRIVATE_MEDIA_ROOT.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    system_upload = False  # set by trusted code (demo seeding, fixtures): uploads as an administrator would

    panels = [FieldPanel("title"), FieldPanel("package"), *AccessControlled.access_panels]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        *AccessControlled.access_search_fields,
    ]

    class Meta:
        verbose_name = _("paket SCORM")
        verbose_name_plural = _("paket SCORM")
        permissions = [("upload_scorm_package", _("Dapat mengunggah paket SCORM (kode yang dijalankan peserta)"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Store the package and its extracted files; a failure leaves no file or folder behind."""
        if not self._new_upload():
            return super().save(*args, **kwargs)
        manifest = getattr(self, "_manifest", None) or self._validated()
        self._manifest = None
        previous = ScormPackage.objects.filter(pk=self.pk).values_list("package", "folder").first() if self.pk else ()
        folder = ""
        try:
            with transaction.atomic():
                super().save(*args, **kwargs)
                folder = f"{CONTENT_ROOT}/{self.pk}-{secrets.token_hex(4)}"
                with private_storage.open(self.package.name) as stored:
                    extract_package(stored, manifest.members, private_storage.path(folder))
                self.version, self.launch, self.folder = manifest.version, manifest.launch, folder
                super().save(update_fields=["version", "launch", "folder"])
        except ScormValidationError as error:
            self._discard(folder)
            raise ValidationError({"package": error.errors}) from None
        except BaseException:
            self._discard(folder)
            raise
        transaction.on_commit(partial(remove_files, *(previous or ())))

    def clean(self):
        super().clean()
        if self._new_upload():
            self._manifest = self._validated()

    def may_upload(self):
        """A package is code every learner runs: trusted code or an uploader holding the permission (CLO)."""
        user = self.uploaded_by
        return self.system_upload or (user is not None and user.has_perm("courses.upload_scorm_package"))

    def _discard(self, folder):
        remove_files(folder)
        self._drop_stored_package()

    def _validated(self):
        if not self.may_upload():
            raise ValidationError(
                {
                    "package": _(
                        "Hanya CLO/administrator yang boleh mengunggah paket SCORM (kode yang dijalankan peserta)."
                    )
                }
            )
        try:
            return validate_package(self.package.file, limits=Limits.from_settings())
        except ScormValidationError as error:
            raise ValidationError({"package": error.errors}) from None
        finally:
            self.package.file.seek(0)

    def file_path(self, relative):
        """Absolute path of one extracted file; None when missing or outside the package's folder."""
        if not self.folder:
            return None
        root = Path(private_storage.path(self.folder)).resolve()
        target = (root / relative).resolve()
        return target if target.is_relative_to(root) and target.is_file() else None


class ScormAttempt(models.Model):
    """A learner's attempt at a SCORM package in one lesson: the CMI data of its last commit, kept to resume.

    `session` and `sequence` name the last commit applied (a launch and scorm-again's commit counter), so a
    commit sent again, or an older one arriving late, changes nothing."""

    token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="scorm_attempts")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    cmi = models.JSONField(default=dict, blank=True)
    lesson_status = models.CharField(max_length=20, blank=True)  # SCORM 1.2 cmi.core.lesson_status
    completion_status = models.CharField(max_length=20, blank=True)  # SCORM 2004
    success_status = models.CharField(max_length=20, blank=True)  # SCORM 2004
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)  # percent, when reported
    suspend_data = models.TextField(blank=True)
    location = models.CharField(max_length=1000, blank=True)
    session = models.UUIDField(null=True, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("percobaan SCORM")
        verbose_name_plural = _("percobaan SCORM")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "package"], name="unique_scorm_attempt"),
        ]

    def __str__(self):
        return f"{self.user} — {self.package}"
