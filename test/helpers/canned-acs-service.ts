/**
 * A canned ACS Identity service: the five operations of the shared acs-identity-api.md, with fixed,
 * deterministic answers, and each documented error when the inputs ask for it. It checks no HMAC.
 * It lets tests (and scripts/az-oracle/capture.py, pointing the real az at it) see exactly what a
 * client sends and exactly what it prints for a known answer.
 *
 * Which input gives which answer:
 * - an id containing `missing` -> 404 IdentityNotFound (before any other check)
 * - an id that is not `8:acs:<CANNED.resourceId>_...` -> 401 IdentityNotOwned
 * - no scopes, or an empty scope string -> 400 ValidationError (target scopes)
 * - expiresInMinutes outside 60..1440 -> 400 ValidationError (target ExpiresInMinutes)
 * - Teams exchange: a token that is not a JWT with `appid`/`oid` claims, or is expired -> 401
 *   InvalidAccessToken; empty appId/userId -> 400 "... field is required."; not a GUID -> 400 with
 *   target; appId/userId other than the token's `appid`/`oid` claims -> 400. CANNED.teams holds a
 *   valid and an expired Entra token.
 *
 * az's Python SDK always speaks https to the endpoint, so `{tls: true}` serves the throwaway
 * certificate in test/fixtures/az-cli/tls (trust it with REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS).
 *
 * Standalone: `npx tsx test/helpers/canned-acs-service.ts [--tls]` prints the connection string as
 * its first stdout line (then CANNED as JSON) and serves until SIGTERM.
 * GET /__canned/requests lists what it received, DELETE /__canned/requests forgets it; neither is
 * recorded.
 */
import {readFileSync} from 'node:fs'
import {createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import {fileURLToPath, pathToFileURL} from 'node:url'

const RESOURCE_ID = '2dee53b4-368b-45b4-ab52-8493fb117652'
const TEAMS_APP_ID = '6a1b1d2c-0f4e-4c8b-9d55-3f6e2a7b8c90'
const TEAMS_USER_ID = 'c7e1f0a2-5b3d-4e6f-8a9b-0c1d2e3f4a5b'
const TEAMS_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47'

/** Fixed values the canned service answers with. */
export const CANNED = {
  resourceId: RESOURCE_ID,
  newUserId: `8:acs:${RESOURCE_ID}_00000005-14a2-493b-8a72-5a3a0d000081`,
  /** Base64 of a text that is not a secret. */
  accessKey: Buffer.from('canned ACS access key, not a secret').toString('base64'),
  /** What `expiresOn` is for the default lifetime (1440 minutes from the canned issue time). */
  expiresOn: '2023-12-16T10:43:24.4152455+00:00',
  teams: {
    appId: TEAMS_APP_ID,
    userId: TEAMS_USER_ID,
    /** Expires 2100-01-01. */
    entraToken: entraToken(4102444800),
    /** Expired 2001-01-01. */
    expiredEntraToken: entraToken(978307200),
    /** `expiresOn` of the exchanged token: the Entra token's `exp` (2100-01-01). */
    expiresOn: '2100-01-01T00:00:00.0000000+00:00',
  },
} as const

/** The certificate and key served with `{tls: true}`. */
export const CANNED_TLS = {
  certPath: fileURLToPath(new URL('../fixtures/az-cli/tls/canned-acs-127.0.0.1.crt', import.meta.url)),
  keyPath: fileURLToPath(new URL('../fixtures/az-cli/tls/canned-acs-127.0.0.1.key', import.meta.url)),
}

export interface ReceivedRequest {
  method: string
  /** Path and query exactly as sent. */
  url: string
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface CannedService {
  url: string
  connectionString: string
  /** Every request received so far (control requests excepted), oldest first. */
  requests: ReceivedRequest[]
  close(): Promise<void>
}

interface Answer {
  status: number
  body?: unknown
}

const ISSUED_AT_MS = Date.parse('2023-12-15T10:43:24.415Z')
const GUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i
const CONTROL_PATH = '/__canned/requests'

export async function startCannedService(options: {tls?: boolean} = {}): Promise<CannedService> {
  const requests: ReceivedRequest[] = []
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const url = req.url ?? '/'
      if (url.startsWith(CONTROL_PATH)) {
        if (req.method === 'DELETE') requests.length = 0
        return send(res, {status: 200, body: requests})
      }
      requests.push({method: req.method ?? 'GET', url, headers: {...req.headers}, body})
      send(res, answer(req.method ?? 'GET', url, body))
    })
  }
  const server: Server = options.tls
    ? createHttpsServer({cert: readFileSync(CANNED_TLS.certPath), key: readFileSync(CANNED_TLS.keyPath)}, handler)
    : createHttpServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const {port} = server.address() as AddressInfo
  const url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`
  return {
    url,
    connectionString: `endpoint=${url}/;accesskey=${CANNED.accessKey}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The service's answer to one request: pure, so every row above is one branch here. */
export function answer(method: string, url: string, rawBody: string): Answer {
  const path = new URL(url, 'http://canned').pathname
  let body: Record<string, unknown> = {}
  try {
    if (rawBody.trim()) body = JSON.parse(rawBody) as Record<string, unknown>
  } catch {
    return error(400, 'InvalidRequestBody', 'The request body is not valid JSON.')
  }
  if (method === 'POST' && path === '/identities') return createIdentity(body)
  if (method === 'POST' && path === '/teamsUser/:exchangeAccessToken') return exchangeTeamsToken(body)
  const match = /^\/identities\/([^/]+)(\/:issueAccessToken|\/:revokeAccessTokens)?$/.exec(path)
  if (!match) return error(404, 'NotFound', 'The requested resource was not found.')
  const id = decodeURIComponent(match[1])
  const refused = checkIdentity(id)
  if (refused) return refused
  if (method === 'DELETE' && !match[2]) return {status: 204}
  if (method === 'POST' && match[2] === '/:revokeAccessTokens') return {status: 204}
  if (method === 'POST' && match[2] === '/:issueAccessToken') {
    const invalid = checkScopes(body.scopes, true) ?? checkLifetime(body.expiresInMinutes)
    return invalid ?? {status: 200, body: accessToken(id, body.scopes as string[], body.expiresInMinutes)}
  }
  return error(404, 'NotFound', 'The requested resource was not found.')
}

function createIdentity(body: Record<string, unknown>): Answer {
  const scopes = body.createTokenWithScopes
  const invalid =
    (scopes === undefined ? undefined : checkScopes(scopes, false)) ?? checkLifetime(body.expiresInMinutes)
  if (invalid) return invalid
  const wantsToken = Array.isArray(scopes) && scopes.length > 0
  return {
    status: 201,
    body: {
      identity: {id: CANNED.newUserId},
      ...(wantsToken ? {accessToken: accessToken(CANNED.newUserId, scopes as string[], body.expiresInMinutes)} : {}),
    },
  }
}

function exchangeTeamsToken(body: Record<string, unknown>): Answer {
  const claims = typeof body.token === 'string' ? jwtClaims(body.token) : undefined
  if (!claims || typeof claims.exp !== 'number' || claims.exp * 1000 <= Date.now()) {
    return error(401, 'InvalidAccessToken', 'Provided access token is not valid.')
  }
  const {appId, userId} = body
  if (!appId) return error(400, 'ValidationError', 'AppId: The AppId field is required.')
  if (!userId) return error(400, 'ValidationError', 'UserId: The UserId field is required.')
  if (typeof appId !== 'string' || !GUID.test(appId)) {
    return error(400, 'ValidationError', 'Provided AppId has invalid format.', 'appId')
  }
  if (typeof userId !== 'string' || !GUID.test(userId)) {
    return error(400, 'ValidationError', 'Provided UserId has invalid format.', 'userId')
  }
  if (appId !== claims.appid) return error(400, 'ValidationError', 'AAD application is not the expected one.')
  if (userId !== claims.oid) return error(400, 'ValidationError', 'Provided AAD token issued for unexpected user.')
  const iat = (ISSUED_AT_MS / 1000) | 0
  const token = fakeJwt({
    skypeid: `orgid:${userId}`,
    scp: 1024,
    csi: String(iat),
    exp: claims.exp,
    tid: claims.tid,
    resourceId: RESOURCE_ID,
  })
  return {status: 200, body: {token, expiresOn: serviceTime(claims.exp * 1000, '0000000')}}
}

function checkIdentity(id: string): Answer | undefined {
  if (id.includes('missing')) return error(404, 'IdentityNotFound', 'The identity does not exist.')
  if (!id.startsWith(`8:acs:${RESOURCE_ID}_`)) {
    return error(401, 'IdentityNotOwned', "Provided identity doesn't belong to the resource.")
  }
  return undefined
}

function checkScopes(scopes: unknown, required: boolean): Answer | undefined {
  const empty =
    !Array.isArray(scopes) || (required && scopes.length === 0) || scopes.some((s) => typeof s !== 'string' || s === '')
  return empty ? error(400, 'ValidationError', 'Invalid scopes - Scopes field is required.', 'scopes') : undefined
}

function checkLifetime(minutes: unknown): Answer | undefined {
  // The Python SDK sends `"expiresInMinutes": null` when no lifetime was asked for.
  if (minutes === undefined || minutes === null) return undefined
  if (typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 60 && minutes <= 1440) return undefined
  const message = `ExpiresInMinutes value ${String(minutes)} is invalid. Value must be within the [60, 1440] interval.`
  return error(400, 'ValidationError', message, 'ExpiresInMinutes')
}

function accessToken(id: string, scopes: string[], minutes: unknown): {token: string; expiresOn: string} {
  const expiresMs = ISSUED_AT_MS + (typeof minutes === 'number' ? minutes : 1440) * 60_000
  const iat = (ISSUED_AT_MS / 1000) | 0
  const token = fakeJwt({
    skypeid: id.replace(/^8:/, ''),
    scp: 1792,
    csi: String(iat),
    iat,
    exp: (expiresMs / 1000) | 0,
    acsScope: scopes.join(','),
    resourceId: RESOURCE_ID,
  })
  return {token, expiresOn: serviceTime(expiresMs, '4152455')}
}

/** The service's time format: seconds, 7 fractional digits, `+00:00`. */
function serviceTime(ms: number, fraction: string): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${fraction}+00:00`
}

function error(status: number, code: string, message: string, target?: string): Answer {
  return {status, body: {error: {code, message, ...(target ? {target} : {})}}}
}

/** A JWT-shaped token with a fixed, fake signature: deterministic for the same claims. */
function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const signature = Buffer.from('canned signature').toString('base64url')
  return `${part({alg: 'RS256', kid: 'canned', typ: 'JWT'})}.${part(claims)}.${signature}`
}

/** An Entra (AAD) token of the canned Teams user for the canned app, expiring at `exp` (seconds). */
function entraToken(exp: number): string {
  const aud = 'https://auth.msft.communication.azure.com'
  return fakeJwt({aud, appid: TEAMS_APP_ID, oid: TEAMS_USER_ID, tid: TEAMS_TENANT_ID, exp})
}

function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    if (!claims || typeof claims !== 'object') return undefined
    const {appid, oid} = claims as Record<string, unknown>
    return typeof appid === 'string' && typeof oid === 'string' ? (claims as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function send(res: ServerResponse, {status, body}: Answer): void {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  const text = JSON.stringify(body)
  const headers = {'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text)}
  res.writeHead(status, headers).end(text)
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const service = await startCannedService({tls: process.argv.includes('--tls')})
  const stop = () => void service.close().then(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
  // Line 1 is all a caller needs; line 2 gives scripts the canned values to build inputs from.
  process.stdout.write(`${service.connectionString}\n${JSON.stringify(CANNED)}\n`)
}
