"""The key of each user's private ICS feed URL (the learning calendar): stored so one leaked URL can be revoked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """A user's current feed key; a new key (a rotation) makes the previous feed URL answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("pengguna"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(_("kunci"), max_length=64)
    created_at = models.DateTimeField(_("dibuat pada"))

    class Meta:
        verbose_name = _("langganan kalender")
        verbose_name_plural = _("langganan kalender")

    def __str__(self):
        return str(self.user_id)
