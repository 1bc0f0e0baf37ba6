"""Every e-mail greets its recipient by name and is written in their language: Indonesian unless they chose
English in their account settings (Wagtail's profile)."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.users.models import UserProfile

from corpu.mail import greeting_name, recipient_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def prefer(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def test_the_recipient_language_is_indonesian_unless_english_was_chosen():
    user = UserFactory()
    assert recipient_language(user) == "id"
    prefer(user, "en")
    assert recipient_language(user) == "en"
    prefer(user, "fr")  # not offered by the site
    assert recipient_language(user) == "id"


def test_the_greeting_uses_the_full_name_else_the_username():
    assert greeting_name(UserFactory(nama="Rizky Pratama, S.T.")) == "Rizky Pratama, S.T."
    assert greeting_name(UserFactory(username="siti", nama="", first_name="", last_name="")) == "siti"


def test_password_reset_greets_by_name_in_the_recipients_language():
    user = UserFactory(email="siti@pupr.go.id", nama="Siti Rahmah")
    Client().post("/akun/password_reset/", {"email": "siti@pupr.go.id"})
    (message,) = mail.outbox
    assert message.subject == "Atur ulang kata sandi CorpU"
    assert message.body.startswith("Yth. Siti Rahmah,") and "/akun/reset/" in message.body
    prefer(user, "en")
    mail.outbox.clear()
    Client().post("/akun/password_reset/", {"email": "siti@pupr.go.id"})
    assert mail.outbox[0].body.startswith("Dear Siti Rahmah,")


def test_password_reset_without_a_name_greets_by_username():
    UserFactory(username="tamu01", email="tamu@example.com", nama="", first_name="", last_name="")
    Client().post("/akun/password_reset/", {"email": "tamu@example.com"})
    assert mail.outbox[0].body.startswith("Yth. tamu01,")
