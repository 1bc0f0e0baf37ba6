"""Two-factor sign-in (ADR 0026): TOTP authenticator apps with recovery codes, on django-otp.

`policy` says who needs a second factor, `session` whether this session has given one (and when), `middleware`
holds sessions that must give one, `decorators` ask again before sensitive actions, `views` enrol, verify and
manage. Every verification attempt and enrolment sends `second_factor_checked` (sender=None, request, user,
success, method) for the sign-in audit log.
"""

from django.dispatch import Signal

second_factor_checked = Signal()
