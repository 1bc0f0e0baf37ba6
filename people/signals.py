"""Keep role groups in step with kelompok keahlian data; record sign-ins (sessions and the audit log)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from . import signin_audit
from .accounts import forget_session, remember_session
from .mfa import second_factor_checked
from .models import Keanggotaan, RumpunKeahlian, User
from .roles import sync_user_roles
from .sso import sso_sign_in

SSO_BACKEND = "people.sso.SsoBackend"


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


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    if request is None:
        return
    remember_session(request, user)
    if getattr(user, "backend", "") != SSO_BACKEND:  # an SSO sign-in is recorded by sso_recorded, with its reason
        signin_audit.record(request, signin_audit.Event.SUCCESS, user=user)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    outcome = getattr(request, "_corpu_sign_in", None) if request is not None else None
    identifier = str(credentials.get("username", ""))
    if outcome == "locked":
        signin_audit.record(request, signin_audit.Event.LOCKOUT, identifier=identifier)
    else:
        detail = "akun nonaktif" if outcome == "inactive" else ""
        signin_audit.record(request, signin_audit.Event.FAILURE, identifier=identifier, detail=detail)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        forget_session(request.session.session_key)
    if user is not None:
        signin_audit.record(request, signin_audit.Event.LOGOUT, user=user)


@receiver(second_factor_checked)
def second_factor_recorded(sender, request, user, success, method, **kwargs):
    """Each second-factor attempt in the audit log: an enrolment, a code (or SSO claim) accepted or refused."""
    if not success:
        event = signin_audit.Event.MFA_FAILURE
    elif method == "enrol":
        event = signin_audit.Event.MFA_ENROLLED
    else:
        event = signin_audit.Event.MFA_SUCCESS
    signin_audit.record(request, event, user=user, detail=method)


@receiver(sso_sign_in)
def sso_recorded(sender, request, user, success, reason, **kwargs):
    """Each single sign-on in the audit log, with why the provider's answer was refused."""
    event = signin_audit.Event.SSO_SUCCESS if success else signin_audit.Event.SSO_FAILURE
    signin_audit.record(request, event, user=user, detail=reason)
