"""Sign in with a username, an NIP or an e-mail address."""

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


class NipOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        login = "".join(username.split()) if username.strip().isdigit() else username.strip()
        candidates = User.objects.filter(Q(username__iexact=login) | Q(nip=login) | Q(email__iexact=login))
        for user in candidates[:2]:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        User().set_password(password)  # equalise timing when nobody matched
        return None
