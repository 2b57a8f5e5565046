/**
 * A minimal Entra ID issuer inside the emulator, so that `--auth-mode login` and any @azure/identity client sign in
 * offline. It serves, on the emulator's own port:
 *
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration   (also without v2.0/) the OpenID metadata MSAL reads
 *   GET  /{tenant}/discovery/v2.0/keys                      the JWKS: the issuer's signing key
 *   POST /{tenant}/oauth2/v2.0/token                        client-credentials grant for the test principal, with
 *                                                           its secret or a federated token of this issuer
 *   GET  /msi/token?api-version=2019-08-01&resource=...     App Service managed identity (IDENTITY_ENDPOINT), with the
 *                                                           X-IDENTITY-HEADER secret (IDENTITY_HEADER)
 *
 * and checks `Authorization: Bearer` tokens for the data plane (bearer.ts). The test principal's client id and
 * secret and the managed identity's header secret are random unless given; the signing key is new at every start,
 * so tokens do not outlive the emulator. Everything here treats request bytes as hostile: secrets are compared in
 * constant time, bodies are capped, and no secret or token reaches the request log.
 */
import {constants, createPublicKey, type KeyObject, randomBytes, randomUUID, timingSafeEqual, verify} from 'node:crypto'
import {readFileSync} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'

import {decodeJwt, newSigningKey, publicJwk, type SigningKey, signatureValid, signJwt} from './jwt.js'

/** The audience of tokens for the ACS data plane. */
export const ACS_AUDIENCE = 'https://communication.azure.com'

/** The audience of federated (workload identity) tokens that Entra exchanges. */
export const FEDERATED_AUDIENCE = 'api://AzureADTokenExchange'
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const TOKEN_LIFETIME_SECONDS = 3600
const MAX_FORM_BYTES = 64 * 1024
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface EntraIssuerOptions {
  /** The tenant the issuer signs for (and the only one the data plane accepts); default random. */
  tenantId?: string
  /** The test service principal's application (client) id; default random. */
  clientId?: string
  /** Its client secret; default random. */
  clientSecret?: string
  /**
   * A certificate (PEM text or file) of the test principal: clients may then authenticate with a client assertion
   * it signs (AZURE_CLIENT_CERTIFICATE_PATH), as with a certificate uploaded to an app registration.
   */
  clientCertificate?: string
  /** The secret clients send as X-IDENTITY-HEADER to the managed-identity endpoint; default random. */
  identityHeader?: string
  /**
   * Principals (object ids or application ids) allowed to call the data plane with a bearer token, standing in for
   * role assignments on the resource; others get 403. Default: every principal of the tenant.
   */
  allowedPrincipals?: string[]
}

export interface Principal {
  /** Application (client) id: the `appid`/`azp` claim. */
  appId: string
  /** Object id of the service principal: the `oid` and `sub` claims. */
  objectId: string
}

export class EntraIssuer {
  readonly tenantId: string
  readonly servicePrincipal: Principal & {secret: string}
  readonly managedIdentity: Principal
  readonly identityHeader: string
  readonly allowedPrincipals?: ReadonlySet<string>
  readonly key: SigningKey
  private readonly certificateKey?: KeyObject
  private origin = ''

  constructor(options: EntraIssuerOptions = {}) {
    for (const [name, value] of [
      ['tenant id', options.tenantId],
      ['client id', options.clientId],
    ] as const) {
      if (value !== undefined && !GUID.test(value))
        throw new Error(`The Entra ${name} must be a GUID, for example ${randomUUID()}.`)
    }
    if (options.clientSecret !== undefined && options.clientSecret.length < 16) {
      throw new Error('The Entra client secret must be at least 16 characters.')
    }
    this.tenantId = (options.tenantId ?? randomUUID()).toLowerCase()
    this.servicePrincipal = {
      appId: (options.clientId ?? randomUUID()).toLowerCase(),
      objectId: randomUUID(),
      secret: options.clientSecret ?? randomBytes(30).toString('base64url'),
    }
    this.managedIdentity = {appId: randomUUID(), objectId: randomUUID()}
    this.identityHeader = options.identityHeader ?? randomBytes(24).toString('base64url')
    this.allowedPrincipals = options.allowedPrincipals
      ? new Set(options.allowedPrincipals.map((p) => p.trim().toLowerCase()).filter(Boolean))
      : undefined
    this.key = newSigningKey()
    if (options.clientCertificate) {
      const pem = options.clientCertificate.trimStart().startsWith('-----BEGIN')
        ? options.clientCertificate
        : readFileSync(options.clientCertificate, 'utf8')
      this.certificateKey = createPublicKey(pem)
    }
  }

  /** Set once the server listens: `https://127.0.0.1:port` (no trailing slash). */
  setOrigin(url: string): void {
    this.origin = url.replace(/\/+$/, '')
  }

  /** AZURE_AUTHORITY_HOST for clients. */
  get authorityHost(): string {
    return this.origin
  }

  /** The `iss` of every token and the OpenID `issuer`. */
  get issuer(): string {
    return `${this.origin}/${this.tenantId}/v2.0`
  }

  /** IDENTITY_ENDPOINT for clients. */
  get identityEndpoint(): string {
    return `${this.origin}/msi/token`
  }

  jwks(): {keys: ReturnType<typeof publicJwk>[]} {
    return {keys: [publicJwk(this.key)]}
  }

  /** An app-only access token from this issuer; `overrides` change or add claims (tests mint bad ones with it). */
  mintToken(
    principal: Principal,
    audience: string,
    nowMs: number,
    overrides: Record<string, unknown> = {},
  ): {token: string; exp: number} {
    const now = Math.floor(nowMs / 1000)
    const exp = now + TOKEN_LIFETIME_SECONDS
    const claims = {
      aud: audience,
      iss: this.issuer,
      iat: now,
      nbf: now,
      exp,
      appid: principal.appId,
      azp: principal.appId,
      appidacr: '1',
      idtyp: 'app',
      oid: principal.objectId,
      sub: principal.objectId,
      tid: this.tenantId,
      ver: '2.0',
      ...overrides,
    }
    return {token: signJwt(claims, this.key), exp: typeof claims.exp === 'number' ? claims.exp : exp}
  }

  /** Whether this request is for the issuer (and not the identity API). */
  serves(path: string): boolean {
    return (
      path === '/msi/token' ||
      path.startsWith(`/${this.tenantId}/`) ||
      /^\/[^/]+\/(?:v2\.0\/)?\.well-known\//.test(path) ||
      /^\/[^/]+\/oauth2\//.test(path)
    )
  }

  async serve(req: IncomingMessage, res: ServerResponse, path: string, nowMs: number): Promise<void> {
    const method = req.method ?? ''
    if (path === '/msi/token') return this.managedIdentityToken(req, res, nowMs)

    const [tenant, ...rest] = path.slice(1).split('/')
    const route = rest.join('/')
    if (tenant.toLowerCase() !== this.tenantId) {
      return sendJson(res, 400, oauthError('invalid_tenant', `AADSTS90002: Tenant '${tenant.slice(0, 64)}' not found.`))
    }
    if (
      method === 'GET' &&
      (route === 'v2.0/.well-known/openid-configuration' || route === '.well-known/openid-configuration')
    ) {
      return sendJson(res, 200, this.openIdConfiguration())
    }
    if (method === 'GET' && (route === 'discovery/v2.0/keys' || route === 'discovery/keys'))
      return sendJson(res, 200, this.jwks())
    if (method === 'POST' && route === 'oauth2/v2.0/token') return this.clientCredentialsToken(req, res, nowMs)
    return sendJson(
      res,
      404,
      oauthError('invalid_request', 'AADSTS900561: The endpoint only accepts the requests of the Entra ID emulator.'),
    )
  }

  private openIdConfiguration(): Record<string, unknown> {
    const base = `${this.origin}/${this.tenantId}`
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_types_supported: ['token'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: this.issuer,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      tenant_region_scope: null,
      grant_types_supported: ['client_credentials'],
    }
  }

  private async clientCredentialsToken(req: IncomingMessage, res: ServerResponse, nowMs: number): Promise<void> {
    const form = await readForm(req)
    if (!form)
      return sendJson(res, 400, oauthError('invalid_request', 'AADSTS900144: The request body must be a form.'))
    if (form.get('grant_type') !== 'client_credentials') {
      return sendJson(
        res,
        400,
        oauthError('unsupported_grant_type', 'AADSTS70003: The emulator supports only the client_credentials grant.'),
      )
    }
    const clientId = (form.get('client_id') ?? '').toLowerCase()
    if (clientId !== this.servicePrincipal.appId) {
      return sendJson(
        res,
        400,
        oauthError(
          'unauthorized_client',
          `AADSTS700016: Application with identifier '${clientId.slice(0, 64)}' was not found in the directory '${this.tenantId}'.`,
        ),
      )
    }
    const assertion = form.get('client_assertion')
    if (assertion !== null) {
      const valid = this.federatedTokenValid(assertion, nowMs) || this.certificateAssertionValid(assertion, nowMs)
      if (form.get('client_assertion_type') !== JWT_BEARER || !valid) {
        return sendJson(
          res,
          401,
          oauthError(
            'invalid_client',
            'AADSTS700024: Client assertion is not within its valid time range, or is not a token of this issuer for api://AzureADTokenExchange.',
          ),
        )
      }
    } else if (!secretEquals(form.get('client_secret') ?? '', this.servicePrincipal.secret)) {
      return sendJson(
        res,
        401,
        oauthError(
          'invalid_client',
          `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        ),
      )
    }
    const audience = resourceOf(form.get('scope') ?? '')
    if (!audience)
      return sendJson(
        res,
        400,
        oauthError(
          'invalid_scope',
          'AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.',
        ),
      )
    const {token} = this.mintToken(this.servicePrincipal, audience, nowMs)
    return sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      access_token: token,
    })
  }

  /**
   * Workload identity: a federated token (the file of AZURE_FEDERATED_TOKEN_FILE) is trusted when this issuer
   * signed it for api://AzureADTokenExchange and it is in date; `mintToken(..., FEDERATED_AUDIENCE, ...)` makes one.
   */
  private federatedTokenValid(assertion: string, nowMs: number): boolean {
    const jwt = decodeJwt(assertion)
    if (!jwt || jwt.header.kid !== this.key.kid || !signatureValid(jwt, this.key.publicKey)) return false
    const {aud, exp, iss} = jwt.claims
    return aud === FEDERATED_AUDIENCE && iss === this.issuer && typeof exp === 'number' && exp > nowMs / 1000
  }

  /** A client assertion signed with the registered certificate (RS256, or PS256 as MSAL signs with SHA-256 thumbprints). */
  private certificateAssertionValid(assertion: string, nowMs: number): boolean {
    const jwt = decodeJwt(assertion)
    if (!jwt || !this.certificateKey) return false
    const {alg} = jwt.header
    const signed =
      alg === 'RS256'
        ? verify('sha256', jwt.signed, this.certificateKey, jwt.signature)
        : alg === 'PS256' &&
          verify(
            'sha256',
            jwt.signed,
            {
              key: this.certificateKey,
              padding: constants.RSA_PKCS1_PSS_PADDING,
              saltLength: constants.RSA_PSS_SALTLEN_AUTO,
            },
            jwt.signature,
          )
    const {aud, exp, iss, sub} = jwt.claims
    const appId = this.servicePrincipal.appId
    return (
      Boolean(signed) &&
      aud === `${this.origin}/${this.tenantId}/oauth2/v2.0/token` &&
      iss === appId &&
      sub === appId &&
      typeof exp === 'number' &&
      exp > nowMs / 1000
    )
  }

  /** The App Service managed-identity protocol (api-version 2019-08-01), as msal-node's AppService source speaks it. */
  private managedIdentityToken(req: IncomingMessage, res: ServerResponse, nowMs: number): void {
    req.resume()
    const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '')
    const header = req.headers['x-identity-header']
    if (req.method !== 'GET' || typeof header !== 'string' || !secretEquals(header, this.identityHeader)) {
      return sendJson(res, 401, {statusCode: 401, message: 'Unauthorized: the X-IDENTITY-HEADER is missing or wrong.'})
    }
    if (query.get('api-version') !== '2019-08-01') {
      return sendJson(res, 400, {statusCode: 400, message: "The api-version must be '2019-08-01'."})
    }
    const resource = query.get('resource')
    if (!resource) return sendJson(res, 400, {statusCode: 400, message: 'The resource parameter is required.'})
    const {token, exp} = this.mintToken(this.managedIdentity, resource.replace(/\/+$/, ''), nowMs)
    return sendJson(res, 200, {
      access_token: token,
      expires_on: String(exp),
      resource,
      token_type: 'Bearer',
      client_id: this.managedIdentity.appId,
    })
  }
}

/** `https://communication.azure.com/.default` -> `https://communication.azure.com`; one resource only. */
function resourceOf(scope: string): string | undefined {
  const scopes = scope.split(' ').filter((s) => s && !['openid', 'profile', 'offline_access'].includes(s))
  if (scopes.length !== 1 || !scopes[0].endsWith('/.default')) return undefined
  return scopes[0].slice(0, -'/.default'.length)
}

function secretEquals(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(expected, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

function oauthError(error: string, description: string): Record<string, unknown> {
  return {
    error,
    error_description: description,
    error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
    timestamp: new Date().toISOString(),
  }
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = String(req.headers['content-type'] ?? '')
  if (Number(req.headers['content-length'] ?? 0) > MAX_FORM_BYTES) return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_FORM_BYTES) return undefined
    chunks.push(chunk)
  }
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8')
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    'cache-control': 'no-store',
  })
  res.end(payload)
}
