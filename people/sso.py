"""Single sign-on through an OpenID Connect provider (mozilla-django-oidc; docs/adr/0025).

Authorization code flow with PKCE (S256), state and nonce. The provider's endpoints and keys come from its discovery
document. The ID token's signature, issuer, audience (and azp), expiry and nonce are checked here (the library
leaves the audience unchecked); the userinfo answer must name the same subject.

An account is matched by the NIP claim, then by a verified e-mail. An unknown NIP gets an account only when
settings.OIDC_CREATE_UNKNOWN is on: an ASN of another institution (PNS or PPPK from the NIP, no unit kerja, never
staff); staff status and unit kerja come only from the HR import (`import_asn`).

Every outcome sends `sso_sign_in` (sender=None, request, user, success, reason). After a sign-in the session holds
the ID token's `amr` (list) and `acr` (str) under SESSION_AMR / SESSION_ACR, for the second factor to read.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.views import LogoutView
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from .models import JenisPegawai, User
from .nip import parse_nip

logger = logging.getLogger(__name__)

sso_sign_in = Signal()  # sender=None, request, user (None when refused), success: bool, reason: str

SESSION_AMR = "corpu_sso_amr"
SESSION_ACR = "corpu_sso_acr"
SESSION_ID_TOKEN = "corpu_sso_id_token"

# Reasons sent with sso_sign_in.
SIGNED_IN = "signed_in"
CREATED = "created"  # signed in with an account made for an unknown NIP (OIDC_CREATE_UNKNOWN)
PROVIDER_ERROR = "provider_error"  # the provider answered with an error (e.g. the user cancelled)
PROVIDER_UNREACHABLE = "provider_unreachable"
BAD_STATE = "bad_state"  # no sign-in under way in this session with that state (also a replayed callback)
TOKEN_EXCHANGE_FAILED = "token_exchange_failed"  # the provider refused the code (e.g. used once already)
INVALID_TOKEN = "invalid_token"  # signature, algorithm or a required claim missing
WRONG_ISSUER = "wrong_issuer"
WRONG_AUDIENCE = "wrong_audience"
EXPIRED_TOKEN = "expired_token"
WRONG_NONCE = "wrong_nonce"
SUBJECT_MISMATCH = "subject_mismatch"  # userinfo names another subject than the ID token
NO_IDENTITY = "no_identity"  # neither a valid NIP nor a verified e-mail
UNKNOWN_ACCOUNT = "unknown_account"
AMBIGUOUS_ACCOUNT = "ambiguous_account"
INACTIVE = "inactive"


def sso_enabled():
    return bool(settings.OIDC_ISSUER)


class SsoRefused(Exception):
    """A refused SSO sign-in: a reason for the signal and the log, a message for the person."""

    def __init__(self, reason, message=None):
        super().__init__(reason)
        self.reason = reason
        self.message = message


class SsoUnavailable(SsoRefused):
    def __init__(self):
        super().__init__(PROVIDER_UNREACHABLE)


def discovery():
    """The issuer's OpenID configuration (cached); SsoUnavailable when it cannot be read or names another issuer."""
    issuer = settings.OIDC_ISSUER
    key = f"corpu:oidc-discovery:{issuer}"
    found = cache.get(key)
    if found is None:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as error:
            logger.warning("OpenID discovery of %s failed: %s", issuer, error)
            raise SsoUnavailable from error
        if found.get("issuer", "").rstrip("/") != issuer:
            logger.error("OpenID discovery of %s names issuer %r", issuer, found.get("issuer"))
            raise SsoUnavailable
        cache.set(key, found, settings.OIDC_DISCOVERY_SECONDS)
    return found


def _endpoint(name):
    return property(lambda self: discovery().get(name))


def _nip_claim(claims):
    """The NIP the provider asserts (spaces removed), or None when absent or not a valid NIP."""
    raw = claims.get(settings.OIDC_NIP_CLAIM) if settings.OIDC_NIP_CLAIM else None
    if raw in (None, ""):
        return None
    value = "".join(str(raw).split())
    try:
        parse_nip(value)
    except ValidationError:
        logger.warning("SSO: the provider's NIP claim %r is not a valid NIP", value)
        return None
    return value


def _verified_email(claims):
    email = claims.get(settings.OIDC_EMAIL_CLAIM) if settings.OIDC_EMAIL_CLAIM else None
    return str(email).strip() if email and claims.get("email_verified") is True else None


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with discovery, full ID token checks and CorpU's account matching."""

    OIDC_OP_AUTHORIZATION_ENDPOINT = _endpoint("authorization_endpoint")
    OIDC_OP_TOKEN_ENDPOINT = _endpoint("token_endpoint")
    OIDC_OP_USER_ENDPOINT = _endpoint("userinfo_endpoint")
    OIDC_OP_JWKS_ENDPOINT = _endpoint("jwks_uri")
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        # Backends are built for every authenticate() call, password sign-ins too: nothing is fetched here.
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO

    def authenticate(self, request, **kwargs):
        """Only the SSO callback (which passes nonce and code_verifier) signs in here; password sign-ins pass by."""
        if not sso_enabled() or request is None or "nonce" not in kwargs or "code_verifier" not in kwargs:
            return None
        if set(kwargs) - {"nonce", "code_verifier"}:
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def _verify_jws(self, payload, key):
        """Signature with the expected algorithm, then iss, aud (and azp), exp and iat."""
        try:
            header = jwt.get_unverified_header(payload)
        except jwt.InvalidTokenError as error:
            raise SsoRefused(INVALID_TOKEN) from error
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SsoRefused(INVALID_TOKEN)
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise SsoRefused(EXPIRED_TOKEN) from error
        except jwt.InvalidAudienceError as error:
            raise SsoRefused(WRONG_AUDIENCE) from error
        except jwt.InvalidIssuerError as error:
            raise SsoRefused(WRONG_ISSUER) from error
        except jwt.InvalidTokenError as error:
            raise SsoRefused(INVALID_TOKEN) from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SsoRefused(WRONG_AUDIENCE)
        return claims

    def retrieve_matching_jwk(self, token):
        try:
            return super().retrieve_matching_jwk(token)
        except requests.RequestException as error:
            raise SsoUnavailable from error
        except Exception as error:  # no key with the token's kid and alg
            raise SsoRefused(INVALID_TOKEN) from error

    def verify_token(self, token, **kwargs):
        if not token:
            raise SsoRefused(INVALID_TOKEN)
        key = self.retrieve_matching_jwk(token)
        claims = self.get_payload_data(token, key)
        if not constant_time_compare(str(claims.get("nonce", "")), str(kwargs.get("nonce") or "-")):
            raise SsoRefused(WRONG_NONCE)
        self.request._corpu_sso = {"id_token": token, "claims": claims}
        return claims

    def get_payload_data(self, token, key):
        return self._verify_jws(token, key)  # never the library's unsecured-JWT shortcut

    def get_token(self, payload):
        try:
            return super().get_token(payload)
        except requests.HTTPError as error:
            logger.info("SSO: the provider refused the code: %s", error)
            raise SsoRefused(TOKEN_EXCHANGE_FAILED) from error
        except requests.RequestException as error:
            raise SsoUnavailable from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims completed with userinfo's (when the provider has it), for the same subject."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT and access_token:
            try:
                response = requests.get(
                    self.OIDC_OP_USER_ENDPOINT,
                    headers={"Authorization": f"Bearer {access_token}"},
                    timeout=settings.OIDC_TIMEOUT,
                )
                response.raise_for_status()
                info = response.json()
            except (requests.RequestException, ValueError) as error:
                raise SsoUnavailable from error
            if info.get("sub") != payload.get("sub"):
                raise SsoRefused(SUBJECT_MISMATCH)
            claims.update({name: value for name, value in info.items() if name not in payload})
        return claims

    def store_tokens(self, access_token, id_token):
        """The ID token is kept by the callback after the session is the signed-in user's (see login_success)."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        nip, email = _nip_claim(claims), _verified_email(claims)
        user = self._match(nip, email)
        if user is None:
            user = self._create(nip, claims)
        elif not user.is_active:
            raise SsoRefused(INACTIVE, _("Akun CorpU Anda dinonaktifkan. Hubungi admin BKPSDM."))
        else:
            self._fill_blanks(user, claims, email)
        return user

    def _match(self, nip, email):
        if nip is None and email is None:
            raise SsoRefused(
                NO_IDENTITY,
                _(
                    "Penyedia SSO tidak mengirim NIP yang valid maupun e-mail yang terverifikasi, sehingga akun "
                    "CorpU Anda tidak dapat dikenali. Hubungi admin BKPSDM."
                ),
            )
        if nip is not None:
            user = User.objects.filter(nip=nip).first()
            if user is not None:
                return user
        if email is not None:
            found = list(User.objects.filter(email__iexact=email)[:2])
            if len(found) > 1:
                raise SsoRefused(
                    AMBIGUOUS_ACCOUNT,
                    _("E-mail Anda dipakai oleh lebih dari satu akun CorpU. Hubungi admin BKPSDM."),
                )
            if found and (nip is None or found[0].nip in (None, "", nip)):
                return found[0]
            if found:  # the e-mail's account belongs to another NIP
                raise SsoRefused(
                    AMBIGUOUS_ACCOUNT,
                    _("E-mail Anda terdaftar pada akun CorpU dengan NIP lain. Hubungi admin BKPSDM."),
                )
        return None

    def _create(self, nip, claims):
        if nip is None or not settings.OIDC_CREATE_UNKNOWN:
            raise SsoRefused(
                UNKNOWN_ACCOUNT,
                _(
                    "Akun Anda belum terdaftar di CorpU. Pegawai instansi ini didaftarkan oleh admin BKPSDM melalui "
                    "impor data kepegawaian; hubungi admin BKPSDM bila NIP Anda belum ada."
                ),
            )
        email = _verified_email(claims) or ""
        user = User(
            username=nip,
            nip=nip,
            nama=str(claims.get(settings.OIDC_NAME_CLAIM) or "")[:200] if settings.OIDC_NAME_CLAIM else "",
            email=email,
            jenis_pegawai=JenisPegawai.PPPK if parse_nip(nip).is_pppk else JenisPegawai.PNS,
            instansi_asal=str(claims.get(settings.OIDC_INSTANSI_CLAIM) or "")[:200]
            if settings.OIDC_INSTANSI_CLAIM
            else "",
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError as error:  # the username is taken by another account
            raise SsoRefused(
                AMBIGUOUS_ACCOUNT, _("Akun untuk NIP Anda tidak dapat dibuat. Hubungi admin BKPSDM.")
            ) from (error)
        user._corpu_sso_created = True
        return user

    def _fill_blanks(self, user, claims, email):
        """Name and e-mail from the provider only where the account has none (the HR import owns them)."""
        changed = []
        name = claims.get(settings.OIDC_NAME_CLAIM) if settings.OIDC_NAME_CLAIM else None
        if name and not user.nama:
            user.nama = str(name)[:200]
            changed.append("nama")
        if email and not user.email:
            user.email = email
            changed.append("email")
        if changed:
            user.save(update_fields=changed)


MESSAGES = {
    PROVIDER_ERROR: lambda: _("Masuk melalui SSO dibatalkan atau ditolak oleh penyedia identitas."),
    PROVIDER_UNREACHABLE: lambda: _("Penyedia SSO sedang tidak dapat dihubungi. Silakan coba lagi beberapa saat lagi."),
}


def _refusal_message(reason):
    if reason in MESSAGES:
        return MESSAGES[reason]()
    return _(
        "Masuk melalui SSO gagal: tanggapan penyedia identitas tidak sah atau sudah kedaluwarsa. "
        "Silakan ulangi dari tombol «Masuk dengan SSO»."
    )


def _refuse(request, reason, message=None):
    logger.info("SSO sign-in refused: %s", reason)
    if request.user.is_authenticated:
        auth.logout(request)
    sso_sign_in.send(sender=None, request=request, user=None, success=False, reason=reason)
    messages.error(request, message or _refusal_message(reason))
    return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))


class SsoStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider with state, nonce and a PKCE challenge kept in the session."""

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = discovery()["authorization_endpoint"]
        except (SsoRefused, KeyError):
            return _refuse(request, PROVIDER_UNREACHABLE)
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back: every refusal ends on the sign-in page with a message, nobody signed in."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except SsoRefused as refused:
            return _refuse(request, refused.reason, refused.message)
        except SuspiciousOperation:  # the state is not one this session started (or was used already)
            return _refuse(request, BAD_STATE)

    def login_failure(self):
        reason = PROVIDER_ERROR if self.request.GET.get("error") else BAD_STATE
        if getattr(self, "user", None) is not None and not self.user.is_active:
            reason = INACTIVE
        return _refuse(self.request, reason)

    def login_success(self):
        found = getattr(self.request, "_corpu_sso", {})
        response = super().login_success()
        claims = found.get("claims", {})
        amr = claims.get("amr") or []
        session = self.request.session
        session[SESSION_AMR] = [str(method) for method in amr] if isinstance(amr, list) else [str(amr)]
        session[SESSION_ACR] = str(claims.get("acr") or "")
        session[SESSION_ID_TOKEN] = found.get("id_token", "")
        created = getattr(self.user, "_corpu_sso_created", False)
        reason = CREATED if created else SIGNED_IN
        sso_sign_in.send(sender=None, request=self.request, user=self.user, success=True, reason=reason)
        return response


def end_session_url(request, id_token):
    """The provider's end-session URL (RP-initiated logout) for this ID token, or None when it has none."""
    try:
        endpoint = discovery().get("end_session_endpoint")
    except SsoRefused:
        return None
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


class EndSessionMixin:
    """After an SSO sign-in, sign-out continues to the provider's end-session endpoint when offered. Either way the
    browser is told to drop this origin's caches and storage: saved-for-offline pages may hold restricted content,
    and a queue of unsent records must not be sent later under another account."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        url = end_session_url(request, id_token) if id_token and sso_enabled() else None
        if url:
            response = HttpResponseRedirect(url)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class SignOutView(EndSessionMixin, LogoutView):
    """The site's sign-out (/akun/logout/)."""


class AdminSignOutView(EndSessionMixin, WagtailLogoutView):
    """The Wagtail admin's sign-out (/admin/logout/, routed here before Wagtail's own): the same as the site's."""
