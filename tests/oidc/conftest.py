"""The test OpenID provider (tests/oidc/provider.mjs, npm oidc-provider) started on loopback for the session."""

import json
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = SCRIPT.parents[2]
NIP = "199001012015011001"
UNKNOWN_NIP = "199202022016022002"
ACCOUNTS = {
    "budi": {"password": "sandi-budi", "claims": {"nip": NIP, "email": "budi@idp.test", "email_verified": True}},
    "tamu": {"password": "sandi-tamu", "claims": {"nip": UNKNOWN_NIP, "name": "Siti Tamu"}},
}


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    clients = [
        {
            "client_id": client_id,
            "client_secret": f"{client_id}-secret",
            "redirect_uris": ["http://testserver/sso/callback/", f"{live_server.url}/sso/callback/"],
            "post_logout_redirect_uris": ["http://testserver/", f"{live_server.url}/"],
        }
        for client_id in ("corpu", "other-app")
    ]
    config = {"clients": clients, "accounts": ACCOUNTS, "idTokenTtl": 300}
    process = subprocess.Popen(
        ["node", str(SCRIPT), json.dumps(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    line = process.stdout.readline()
    if not line:
        process.kill()
        pytest.fail("the test OpenID provider did not start (node, npm ci: oidc-provider)")
    yield json.loads(line)["issuer"]
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso_on(settings, oidc_provider):
    settings.OIDC_ISSUER = oidc_provider
    settings.OIDC_RP_CLIENT_ID = "corpu"
    settings.OIDC_RP_CLIENT_SECRET = "corpu-secret"
    settings.OIDC_RP_SCOPES = "openid email profile nip"
    return oidc_provider
