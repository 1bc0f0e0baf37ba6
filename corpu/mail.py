"""E-mails to a person: written in their language, greeting them by name, with links on the site's address."""

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def site_url(path=""):
    """An absolute link on the address the site runs on (CORPU_BASE_URL)."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000").rstrip("/") + path


def greeting_name(user):
    """How an e-mail addresses its recipient: the full name, else the username."""
    return user.get_full_name() or user.get_username()


def recipient_language(user):
    """The language chosen in the user's account settings (Wagtail's profile), else the site's (Indonesian)."""
    from wagtail.users.models import UserProfile

    chosen = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@contextmanager
def in_language_of(user):
    """Render an e-mail's subject and body in the recipient's language."""
    with translation.override(recipient_language(user)):
        yield
