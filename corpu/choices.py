"""Vocabulary shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Competency(models.TextChoices):
    """Competency types of the seeds (managerial, socio-cultural, technical)."""

    MANAGERIAL = "manajerial", _("Manajerial")
    SOCIO_CULTURAL = "sosial_kultural", _("Sosial kultural")
    TECHNICAL = "teknis", _("Teknis")
