"""Sign in with a username, an NIP or an e-mail address; repeated failures lock the login for a while."""

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from .models import User

MAX_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60


def _key(login, request):
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    return f"corpu:login-failures:{login.casefold()}:{address}"


class NipOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        login = "".join(username.split()) if username.strip().isdigit() else username.strip()
        key = _key(login, request)
        if cache.get(key, 0) >= MAX_FAILURES:
            raise PermissionDenied  # stops every backend: the account is locked for this address
        candidates = User.objects.filter(Q(username__iexact=login) | Q(nip=login) | Q(email__iexact=login))
        for user in candidates[:2]:
            if user.check_password(password) and self.user_can_authenticate(user):
                cache.delete(key)
                return user
        User().set_password(password)  # equalise timing when nobody matched
        cache.set(key, cache.get(key, 0) + 1, LOCKOUT_SECONDS)
        return None
