"""Keep role groups in step with kelompok keahlian data."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Keanggotaan, RumpunKeahlian, User
from .roles import sync_user_roles


@receiver([post_save, post_delete], sender=Keanggotaan)
def membership_changed(sender, instance, **kwargs):
    sync_user_roles(instance.user)


@receiver(pre_save, sender=RumpunKeahlian)
def remember_previous_koordinator(sender, instance, **kwargs):
    previous = sender.objects.filter(pk=instance.pk).values_list("koordinator_id", flat=True).first()
    instance._previous_koordinator_id = previous


@receiver([post_save, post_delete], sender=RumpunKeahlian)
def koordinator_changed(sender, instance, **kwargs):
    ids = {instance.koordinator_id, getattr(instance, "_previous_koordinator_id", None)} - {None}
    for user in User.objects.filter(pk__in=ids):
        sync_user_roles(user)
