"""Sign in with a username, an NIP or an e-mail address; repeated failures lock the login for a while.

Failures are counted per account, whichever of its identifiers was typed (an identifier matching nobody is counted
on its own), and per source address across accounts. Each attempt takes its slot in both counters atomically
(corpu/throttle.py) before the password is checked, so parallel guesses get no more checks than the limit; a right
password gives the slots back. While a counter is full, even the right password is refused.

When the CLO has turned password sign-in off (SignInSettings, single sign-on on), only break-glass accounts may
sign in with a password; every other account is treated as matching nobody.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from corpu import throttle

from .models import User, password_sign_in_open


def _login(username):
    """The identifier as stored: an NIP typed in groups ("19900101 201501 1 001") loses its spaces."""
    joined = "".join(username.split())
    return joined if joined.isdigit() else username.strip()


def _candidates(login):
    return list(User.objects.filter(Q(username__iexact=login) | Q(nip=login) | Q(email__iexact=login))[:2])


def _counters(request, login, users):
    """(key, limit, seconds) of the counters one attempt takes a slot in."""
    accounts = [f"login:account:{user.pk}" for user in users] or [f"login:name:{login.casefold()}"]
    limit, seconds = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_LOCKOUT_SECONDS
    address = (f"login:address:{throttle.client_address(request)}", *settings.LOGIN_ADDRESS_LIMIT)
    return [(key, limit, seconds) for key in accounts] + [address]


@dataclass(frozen=True)
class Lockout:
    until: datetime
    by_address: bool  # the source address's counter is full (else the account's)


def lockout(request, username):
    """Why and until when sign-in with this identifier from this address is locked, or None when it is open."""
    login = _login(username or "")
    if not login:
        return None
    counters = _counters(request, login, _candidates(login))
    full = [
        (found.until, index == len(counters) - 1)
        for index, (key, limit, _seconds) in enumerate(counters)
        if (found := throttle.peek(key)).count >= limit
    ]
    if not full:
        return None
    until, by_address = max(full)
    return Lockout(datetime.fromtimestamp(until, tz=UTC), by_address)


def _mark(request, outcome):
    if request is not None:
        request._corpu_sign_in = outcome


class NipOrEmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password:
            return None
        login = _login(username)
        users = _candidates(login)
        if not password_sign_in_open():  # SSO only: a password opens break-glass accounts alone
            users = [user for user in users if user.break_glass]
        counters = _counters(request, login, users)
        taken = []
        for key, limit, seconds in counters:
            taken.append(key)
            if throttle.hit(key, seconds).count > limit:
                for earlier in taken:
                    throttle.give_back(earlier)
                _mark(request, "locked")  # the user_login_failed receiver records a lockout
                raise PermissionDenied  # locked: stops every backend, no password is checked
        for user in users:
            if user.check_password(password):
                for key, _limit, _seconds in counters[:-1]:
                    throttle.reset(key)
                throttle.give_back(counters[-1][0])
                if self.user_can_authenticate(user):
                    return user
                _mark(request, "inactive")  # the right password of a deactivated account: the form says so
                return None
        if not users:
            User().set_password(password)  # equalise timing when nobody matched
        return None
