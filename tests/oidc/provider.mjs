// A real OpenID Connect provider (the certified npm `oidc-provider`) for CorpU's SSO tests, on loopback only.
//
// Usage: node tests/oidc/provider.mjs '<json config>'
//   config: {"clients": [{client_id, client_secret, redirect_uris, post_logout_redirect_uris}],
//            "accounts": {"<login>": {"password": "...", "claims": {...}}}, "idTokenTtl": seconds}
// It listens on 127.0.0.1 on a free port and prints one line of JSON, {"issuer": "http://127.0.0.1:PORT"}, once
// discovery answers. PKCE (S256) is required of every client. Its own minimal login page (no consent screen:
// the test clients are first-party) checks the account's password and reports amr ["pwd", "otp"] and an acr.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(process.argv[2] || '{}');
const accounts = config.accounts || {};
const ACR = 'urn:corpu:test:mfa';

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, client, error) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head>
<body><h1>Test provider</h1><p>Sign in to continue to ${escape(client)}.</p>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Username</label> <input id="login" name="login" autocomplete="off">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = new Provider(issuer, {
    clients: (config.clients || []).map((client) => ({
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      ...client,
    })),
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    claims: {
      acr: null,
      amr: null,
      auth_time: null,
      sid: null,
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      nip: ['nip'],
    },
    async findAccount(ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
    },
    // First-party test clients: every requested OIDC scope and claim is granted without a consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
      grant.addOIDCClaims(['acr', 'amr', 'auth_time', 'sid']);
      await grant.save();
      return grant;
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    acrValues: [ACR],
    ttl: { IdToken: config.idTokenTtl || 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  const handle = provider.callback();

  server.on('request', async (req, res) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url);
    if (!match) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const client = details.params.client_id;
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, client));
      }
      const form = await readForm(req);
      const account = accounts[form.get('login')];
      if (!account || account.password !== form.get('password')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(loginPage(details.uid, client, 'Wrong username or password.'));
      }
      return await provider.interactionFinished(req, res, {
        login: { accountId: form.get('login'), amr: ['pwd', 'otp'], acr: ACR },
      }, { mergeWithLastSubmission: false });
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(String(error));
    }
  });

  fetch(`${issuer}/.well-known/openid-configuration`).then((response) => {
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    process.stdout.write(`${JSON.stringify({ issuer })}\n`);
  }).catch((error) => {
    process.stderr.write(`${error}\n`);
    process.exit(1);
  });
});

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
