"""Requests already processed, by the learner's idempotency key: an offline queue may send the same record
twice (a retried sync, two tabs), and the server answers the replay without doing the work again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessedRequest(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.UUIDField(_("kunci idempotensi"))
    action = models.CharField(_("tindakan"), max_length=64)
    summary = models.JSONField(_("ringkasan jawaban"), default=dict)
    processed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("permintaan yang sudah diproses")
        verbose_name_plural = _("permintaan yang sudah diproses")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_processed_request")]

    def __str__(self):
        return f"{self.user} — {self.action} {self.key}"
