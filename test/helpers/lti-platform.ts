/**
 * An LTI 1.3 platform for tests: a real HTTP server with jose keys and its JWKS, an OIDC auth endpoint
 * that posts an id_token form back to the tool, a client-credentials token endpoint that checks the
 * tool's JWT assertion against the tool's own JWKS, line items that record scores, a deep-linking
 * return URL, and an NRPS memberships endpoint per context (checks the bearer token's scope, pages
 * `membersPageSize` members at a time with `Link: <…>; rel="next"`). Everything a test sends or
 * receives is recorded.
 */
import crypto from 'node:crypto';
import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTPayload,
  type KeyLike,
} from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface PlatformKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export async function makeKey(kid = crypto.randomBytes(6).toString('hex')): Promise<PlatformKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface LaunchSpec {
  sub: string;
  roles?: string[];
  custom?: Record<string, string>;
  messageType?: string;
  name?: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  resourceLinkId?: string;
  contextId?: string;
  contextTitle?: string;
  lineitem?: string | null;
  deploymentId?: string;
}

export interface ScorePost {
  lineitem: string;
  body: Record<string, unknown>;
  token: string;
}

export class LtiPlatformEmulator {
  server!: Server;
  url = '';
  issuer = '';
  clientId = 'gezu-tool-client';
  deploymentId = 'dep-1';
  keys: PlatformKey[] = [];
  /** The key signing id_tokens; tests may set one that the JWKS does not publish. */
  signingKey!: PlatformKey;
  /** Launches waiting for the auth request, by login_hint. */
  launches = new Map<string, LaunchSpec>();
  authRequests: URLSearchParams[] = [];
  tokenRequests: { scope: string; assertion: JWTPayload }[] = [];
  scores: ScorePost[] = [];
  deepLinkResponses: string[] = [];
  jwksFetches = 0;
  /** When set, the score endpoint answers 503 (platform down). */
  down = false;
  /** NRPS members of every context without an entry in `membersByContext`. */
  members: Record<string, unknown>[] = [];
  membersByContext = new Map<string, Record<string, unknown>[]>();
  membersPageSize = 2;
  /** Every membership page requested: its URL, Accept header and the scope of the token it carried. */
  membershipRequests: { url: string; accept: string; scope: string }[] = [];
  /** When set, answers membership page `page` (1-based) instead of the real container (malformed answers). */
  membershipsAnswer?: (page: number) => { status?: number; body: string; link?: string } | undefined;
  /** When set, the token endpoint grants only these of the requested scopes. */
  grantedScopes?: string[];
  /** Dynamic Registration: client registrations received (body and Authorization header). */
  registrations: { body: Record<string, unknown>; authorization: string }[] = [];
  /** When set, the registration endpoint answers 500. */
  registrationFails = false;
  /** When set, the OpenID configuration names this issuer instead of our own (mismatch tests). */
  configIssuer: string | null = null;
  registrationToken = 'reg-token-1';
  /** Where the tool publishes its keys (for checking its client assertions). */
  toolJwksUrl = '';
  /** Access tokens issued, with the scope granted to each. */
  private issuedTokens = new Map<string, string>();

  /** What a tool needs to register this platform (`addPlatform`'s input). */
  registration(extra: { name?: string } = {}) {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      ...extra,
      deploymentIds: [this.deploymentId],
      authUrl: this.authUrl,
      tokenUrl: this.tokenUrl,
      jwksUrl: this.jwksUrl,
    };
  }

  membershipsUrl(contextId = 'course-1') {
    return `${this.url}/contexts/${encodeURIComponent(contextId)}/memberships`;
  }

  /**
   * `host`: the name in the platform's URLs (it listens on 127.0.0.1 either way). `localhost` makes it
   * another site than a tool at 127.0.0.1, so the tool in its iframe is a third party.
   */
  static async start(opts: { host?: string } = {}): Promise<LtiPlatformEmulator> {
    const p = new LtiPlatformEmulator();
    p.signingKey = await makeKey('platform-key-1');
    p.keys = [p.signingKey];
    p.server = http.createServer((req, res) => {
      p.handle(req, res).catch((err) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
    await new Promise<void>((resolve) => p.server.listen(0, '127.0.0.1', resolve));
    p.url = `http://${opts.host ?? '127.0.0.1'}:${(p.server.address() as AddressInfo).port}`;
    p.issuer = p.url;
    return p;
  }

  get authUrl() {
    return `${this.url}/auth`;
  }
  get tokenUrl() {
    return `${this.url}/token`;
  }
  get jwksUrl() {
    return `${this.url}/jwks`;
  }
  lineitemUrl(id = 'li-1') {
    return `${this.url}/lineitems/${id}?type_id=1`;
  }
  get deepLinkReturnUrl() {
    return `${this.url}/deep-link-return`;
  }

  /** Forgets every access token issued (the next service call answers 401). */
  revokeTokens(): void {
    this.issuedTokens.clear();
  }

  /** Adds a key to the JWKS and signs with it from now on (rotation). */
  async rotate(): Promise<PlatformKey> {
    const k = await makeKey();
    this.keys.push(k);
    this.signingKey = k;
    return k;
  }

  /** The claims a platform sends for a launch (LTI 1.3 Core, AGS, DL). */
  claimsFor(spec: LaunchSpec, nonce: string, targetLinkUri: string): JWTPayload {
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
    const claims: JWTPayload = {
      iss: this.issuer,
      aud: this.clientId,
      sub: spec.sub,
      nonce,
      name: spec.name ?? 'Lea Lernende',
      given_name: spec.givenName ?? 'Lea',
      family_name: spec.familyName ?? 'Lernende',
      ...(spec.email ? { email: spec.email } : {}),
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: spec.deploymentId ?? this.deploymentId,
      [`${LTI}target_link_uri`]: targetLinkUri,
      [`${LTI}roles`]: spec.roles ?? ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${LTI}context`]: {
        id: spec.contextId ?? 'course-1',
        label: 'GZ',
        title: spec.contextTitle ?? 'GeZu Kurs',
      },
      [`${LTI}custom`]: spec.custom ?? { module: 'technik' },
    };
    if (messageType === 'LtiResourceLinkRequest') {
      claims[`${LTI}resource_link`] = { id: spec.resourceLinkId ?? 'rl-1', title: 'Modul' };
      if (spec.lineitem !== null)
        claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] = {
          scope: [
            'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
            'https://purl.imsglobal.org/spec/lti-ags/scope/score',
          ],
          lineitems: `${this.url}/lineitems`,
          lineitem: spec.lineitem ?? this.lineitemUrl(),
        };
      claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] = {
        context_memberships_url: this.membershipsUrl(spec.contextId ?? 'course-1'),
        service_versions: ['2.0'],
      };
    } else {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: this.deepLinkReturnUrl,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        data: 'opaque-dl-data',
      };
    }
    return claims;
  }

  /** Signs an id_token; `opts` make the bad ones the negative tests need. */
  async sign(
    claims: JWTPayload,
    opts: { key?: PlatformKey; kid?: string; expSeconds?: number; iatOffsetSeconds?: number } = {},
  ): Promise<string> {
    const key = opts.key ?? this.signingKey;
    const now = Math.floor(Date.now() / 1000) + (opts.iatOffsetSeconds ?? 0);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? key.kid, typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + (opts.expSeconds ?? 300))
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', this.url);
    const body = await readBody(req);
    if (u.pathname === '/jwks') {
      this.jwksFetches++;
      return json(res, 200, { keys: this.keys.map((k) => k.publicJwk) });
    }
    if (u.pathname === '/auth') return this.auth(u.searchParams, res);
    if (u.pathname === '/tool-registration') {
      // Like a platform's "register a tool" screen: opens the tool's registration URL in a window and
      // waits for its org.1edtech.lti.close message.
      const tool = new URL(u.searchParams.get('tool') ?? '');
      tool.searchParams.set('openid_configuration', `${this.url}/.well-known/openid-configuration`);
      tool.searchParams.set('registration_token', this.registrationToken);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(`<!doctype html><html lang="de"><title>Werkzeug registrieren</title><h1>Werkzeug registrieren</h1>
<button id="open" type="button">Registrierung starten</button><p id="closed" role="status"></p>
<script>
let win = null;
document.getElementById('open').onclick = () => { win = window.open(${JSON.stringify(tool.toString())}, 'lti-registration'); };
window.addEventListener('message', (e) => {
  if (e.origin !== ${JSON.stringify(tool.origin)} || !e.data || e.data.subject !== 'org.1edtech.lti.close') return;
  document.getElementById('closed').textContent = 'geschlossen: ' + e.data.subject;
  if (win) win.close();
});
</script></html>`);
    }
    if (u.pathname === '/.well-known/openid-configuration')
      return json(res, 200, {
        issuer: this.configIssuer ?? this.issuer,
        authorization_endpoint: this.authUrl,
        token_endpoint: this.tokenUrl,
        jwks_uri: this.jwksUrl,
        registration_endpoint: `${this.url}/register`,
        scopes_supported: ['openid'],
        response_types_supported: ['id_token'],
        id_token_signing_alg_values_supported: ['RS256'],
        'https://purl.imsglobal.org/spec/lti-platform-configuration': {
          product_family_code: 'emulator',
          version: '1.0',
          messages_supported: [{ type: 'LtiResourceLinkRequest' }, { type: 'LtiDeepLinkingRequest' }],
        },
      });
    if (u.pathname === '/register' && req.method === 'POST') {
      const authorization = req.headers.authorization ?? '';
      this.registrations.push({ body: JSON.parse(body), authorization });
      if (this.registrationFails) return json(res, 500, { error: 'server_error' });
      if (authorization !== `Bearer ${this.registrationToken}`) return json(res, 401, { error: 'invalid_token' });
      const reg = JSON.parse(body) as Record<string, unknown>;
      return json(res, 200, {
        ...reg,
        client_id: this.clientId,
        'https://purl.imsglobal.org/spec/lti-tool-configuration': {
          ...(reg['https://purl.imsglobal.org/spec/lti-tool-configuration'] as object),
          deployment_id: this.deploymentId,
        },
      });
    }
    if (u.pathname === '/course') {
      // A course page that embeds the tool like Moodle does: an iframe starting at the tool's login URL.
      // With `storage=1` the page is also the platform storage of LTI Client Side postMessages
      // (lti_storage_target=_parent): it answers lti.put_data / lti.get_data from the tool's origin.
      const tool = u.searchParams.get('tool') ?? '';
      const src = tool.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      const storage = u.searchParams.get('storage') === '1' ? storageScript(new URL(tool).origin) : '';
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end(
        `<!doctype html><html lang="de"><title>Kurs</title><h1>Kurs</h1>${storage}<iframe name="tool" title="Werkzeug" src="${src}" width="1200" height="800"></iframe></html>`,
      );
    }
    if (u.pathname === '/token' && req.method === 'POST') return this.token(new URLSearchParams(body), res);
    const scores = /^\/lineitems\/([^/]+)\/scores$/.exec(u.pathname);
    if (scores && req.method === 'POST') {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!this.issuedTokens.has(token)) return json(res, 401, { error: 'invalid token' });
      if (this.down) return json(res, 503, { error: 'down' });
      if (req.headers['content-type'] !== 'application/vnd.ims.lis.v1.score+json')
        return json(res, 415, { error: 'content type' });
      this.scores.push({
        lineitem: `${this.url}/lineitems/${scores[1]}?${u.searchParams}`,
        body: JSON.parse(body),
        token,
      });
      return json(res, 200, {});
    }
    if (u.pathname === '/deep-link-return' && req.method === 'POST') {
      this.deepLinkResponses.push(new URLSearchParams(body).get('JWT') ?? '');
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return void res.end('<!doctype html><title>Platform</title><h1>Deep link received</h1>');
    }
    const memberships = /^\/contexts\/([^/]+)\/memberships$/.exec(u.pathname);
    if (memberships && req.method === 'GET') return this.memberships(decodeURIComponent(memberships[1]), u, req, res);
    res.writeHead(404).end();
  }

  /** OIDC auth endpoint: checks the request and answers a page that posts id_token and state to redirect_uri. */
  private async auth(q: URLSearchParams, res: ServerResponse): Promise<void> {
    this.authRequests.push(q);
    const spec = this.launches.get(q.get('login_hint') ?? '');
    const ok =
      q.get('scope') === 'openid' &&
      q.get('response_type') === 'id_token' &&
      q.get('response_mode') === 'form_post' &&
      q.get('prompt') === 'none' &&
      q.get('client_id') === this.clientId &&
      !!q.get('state') &&
      !!q.get('nonce');
    if (!spec || !ok) return json(res, 400, { error: 'invalid_request' });
    const idToken = await this.sign(this.claimsFor(spec, q.get('nonce')!, q.get('redirect_uri')!));
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><title>Platform</title>
<form method="post" action="${esc(q.get('redirect_uri')!)}" id="f">
<input type="hidden" name="id_token" value="${esc(idToken)}"><input type="hidden" name="state" value="${esc(q.get('state')!)}">
<button type="submit">Weiter</button></form><script>document.getElementById('f').submit()</script>`);
  }

  private async token(form: URLSearchParams, res: ServerResponse): Promise<void> {
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    )
      return json(res, 400, { error: 'unsupported_grant_type' });
    try {
      const { payload } = await jwtVerify(
        form.get('client_assertion') ?? '',
        createRemoteJWKSet(new URL(this.toolJwksUrl)),
        {
          issuer: this.clientId,
          subject: this.clientId,
          audience: this.tokenUrl,
        },
      );
      this.tokenRequests.push({ scope: form.get('scope') ?? '', assertion: payload });
    } catch {
      return json(res, 401, { error: 'invalid_client' });
    }
    const token = crypto.randomBytes(16).toString('hex');
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const scope = (this.grantedScopes ? requested.filter((x) => this.grantedScopes!.includes(x)) : requested).join(' ');
    this.issuedTokens.set(token, scope);
    return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope });
  }

  /** NRPS 2.0 membership container of one context, `membersPageSize` members per page (`?page=N`). */
  private memberships(contextId: string, u: URL, req: IncomingMessage, res: ServerResponse): void {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const scope = this.issuedTokens.get(token);
    this.membershipRequests.push({ url: u.toString(), accept: String(req.headers.accept ?? ''), scope: scope ?? '' });
    if (scope === undefined) return json(res, 401, { error: 'invalid token' });
    if (!scope.split(' ').includes('https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'))
      return json(res, 403, { error: 'insufficient_scope' });
    if (req.headers.accept !== 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json')
      return json(res, 406, { error: 'not acceptable' });
    const page = Math.max(1, Number(u.searchParams.get('page') ?? '1') || 1);
    const special = this.membershipsAnswer?.(page);
    if (special) {
      res.writeHead(special.status ?? 200, {
        'Content-Type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
        ...(special.link ? { Link: special.link } : {}),
      });
      return void res.end(special.body);
    }
    const all = this.membersByContext.get(contextId) ?? this.members;
    const base = this.membershipsUrl(contextId);
    const headers: Record<string, string> = {
      'Content-Type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
    };
    if (page * this.membersPageSize < all.length) headers.Link = `<${base}?page=${page + 1}>; rel="next"`;
    res.writeHead(200, headers);
    res.end(
      JSON.stringify({
        id: base,
        context: { id: contextId, label: 'GZ', title: 'GeZu Kurs' },
        members: all.slice((page - 1) * this.membersPageSize, page * this.membersPageSize),
      }),
    );
  }
}

/**
 * Platform storage in the course page (1EdTech LTI Client Side postMessages): values kept per tool
 * origin in the page's memory; each request and answer is shown in the page (#storage-log).
 */
function storageScript(toolOrigin: string): string {
  return `<ol id="storage-log" aria-label="Plattform-Speicher"></ol><script>
(() => {
  const store = new Map();
  const log = (t) => { const li = document.createElement('li'); li.textContent = t; document.getElementById('storage-log').append(li); };
  window.addEventListener('message', (event) => {
    const d = event.data;
    if (!d || typeof d !== 'object' || typeof d.subject !== 'string') return;
    if (event.origin !== ${JSON.stringify(toolOrigin)}) return log('refused ' + d.subject + ' from ' + event.origin);
    const reply = (m) => event.source.postMessage({ ...m, subject: d.subject + '.response', message_id: d.message_id }, event.origin);
    if (d.subject === 'lti.put_data') { store.set(event.origin + ' ' + d.key, d.value); log('put ' + d.key); return reply({ key: d.key, value: d.value }); }
    if (d.subject === 'lti.get_data') {
      log('get ' + d.key);
      if (!store.has(event.origin + ' ' + d.key)) return reply({ key: d.key, error: { code: 'not_found', message: 'no such key' } });
      return reply({ key: d.key, value: store.get(event.origin + ' ' + d.key) });
    }
  });
})();
</script>`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
