/**
 * The Teams token exchange's checks of the Entra (AAD) token, in the order the service applies them: required
 * fields, the token itself (well-formed, unexpired JWT; its signature too when JWKS keys were given, since there is
 * no Entra here to fetch them from), the GUID format of appId/userId, then the `appid` and `oid` claims.
 *
 * The token must be in exact JWS compact form (three base64url parts without padding, each in its canonical
 * encoding, nothing after the signature); `oid` and `appid` must be GUIDs; `exp` (and `nbf`/`iat` when present) must
 * be integers within sane bounds. With JWKS keys, the signature (RS256), the audience, the issuer and the tenant
 * are checked too: `iss` must be the Entra issuer of the token's `tid` (v1 or v2 form), and `tid` the expected
 * tenant when one was given.
 */
import {createPublicKey, type JsonWebKey, KeyObject, verify} from 'node:crypto'
import {readFileSync} from 'node:fs'

import {decodeJson} from './entra/jwt.js'
import {
  invalidAccessToken,
  invalidAppIdFormat,
  invalidUserIdFormat,
  requiredField,
  unexpectedApplication,
  unexpectedUser,
} from './errors.js'

export interface EntraTokenClaims {
  oid: string
  tid?: string
  /** Seconds since the epoch. */
  exp: number
}

export interface TeamsExchangeRequest {
  token?: unknown
  appId?: unknown
  userId?: unknown
}

/** .NET's Guid.TryParse formats: 32 digits, with hyphens, in braces or in parentheses. */
const GUID =
  /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\))$/i

const normalizeGuid = (value: string) => value.replace(/[^0-9a-f]/gi, '').toLowerCase()

/** What an Entra token must be for, when signatures are checked. */
export interface EntraExpectations {
  audience: string
  /** GUID; default any tenant. */
  tenant?: string
}

/** The audience of the Entra tokens the Teams exchange takes (the Communication Services Teams.ManageCalls API). */
export const DEFAULT_AAD_AUDIENCE = 'https://auth.msft.communication.azure.com'

/** An Entra token lives at most a day; anything past this many seconds from now is not a real token. */
const MAX_LIFETIME_SECONDS = 7 * 24 * 3600
const CLOCK_SKEW_SECONDS = 300
const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Public keys by `kid`, from a JWKS file (`{"keys": [...]}`) given with --aad-jwks. */
export type EntraKeys = Map<string, KeyObject>

export function loadEntraKeys(source: string | {keys: JsonWebKey[]}): EntraKeys {
  const name = typeof source === 'string' ? `The JWKS file ${source}` : 'The JWKS'
  let jwks: {keys?: unknown}
  try {
    jwks = typeof source === 'string' ? (JSON.parse(readFileSync(source, 'utf8')) as {keys?: unknown}) : source
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new Error(`${name} cannot be read: ${code ?? 'it is not valid JSON'}.`, {cause: error})
  }
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys))
    throw new Error(`${name} has no "keys" array.`)
  const keys: EntraKeys = new Map()
  for (const [index, jwk] of (jwks.keys as JsonWebKey[]).entries()) {
    try {
      keys.set(String(jwk.kid ?? index), createPublicKey({key: jwk, format: 'jwk'}))
    } catch (error) {
      throw new Error(`${name} holds a key (number ${index + 1}) that is not a valid public JWK.`, {cause: error})
    }
  }
  return keys
}

/** The Entra token's claims, or the service's error for the first check the request fails. */
export function validateTeamsExchange(
  request: TeamsExchangeRequest,
  nowMs: number,
  keys?: EntraKeys,
  expect: EntraExpectations = {audience: DEFAULT_AAD_AUDIENCE},
): EntraTokenClaims {
  if (!isNonEmptyString(request.appId)) throw requiredField('AppId')
  if (!isNonEmptyString(request.userId)) throw requiredField('UserId')
  const claims = readEntraToken(request.token, nowMs, keys, expect)
  if (!GUID.test(request.appId)) throw invalidAppIdFormat()
  if (!GUID.test(request.userId)) throw invalidUserIdFormat()
  if (typeof claims.appid !== 'string' || normalizeGuid(claims.appid) !== normalizeGuid(request.appId)) {
    throw unexpectedApplication()
  }
  if (typeof claims.oid !== 'string' || normalizeGuid(claims.oid) !== normalizeGuid(request.userId)) {
    throw unexpectedUser()
  }
  const tid = typeof claims.tid === 'string' ? claims.tid.toLowerCase() : undefined
  return {oid: claims.oid.toLowerCase(), tid, exp: claims.exp as number}
}

function readEntraToken(
  token: unknown,
  nowMs: number,
  keys: EntraKeys | undefined,
  expect: EntraExpectations,
): Record<string, unknown> & {oid: string} {
  if (!isNonEmptyString(token) || token.length > 16 * 1024) throw invalidAccessToken()
  const parts = token.split('.')
  if (parts.length !== 3) throw invalidAccessToken()
  const header = decodeJsonPart(parts[0])
  const claims = decodeJsonPart(parts[1])
  if (!header || !claims) throw invalidAccessToken()
  // The signature part: canonical base64url, empty only for an unsigned (alg none) token when nothing is verified.
  if (parts[2] === '' ? keys !== undefined : !isCanonicalBase64url(parts[2])) throw invalidAccessToken()
  const nowSeconds = Math.floor(nowMs / 1000)
  const exp = claims.exp
  if (
    !Number.isSafeInteger(exp) ||
    (exp as number) <= nowSeconds ||
    (exp as number) > nowSeconds + MAX_LIFETIME_SECONDS
  ) {
    throw invalidAccessToken()
  }
  for (const name of ['nbf', 'iat']) {
    const value = claims[name]
    if (value === undefined) continue
    if (!Number.isSafeInteger(value) || (value as number) > nowSeconds + CLOCK_SKEW_SECONDS || (value as number) < 0) {
      throw invalidAccessToken()
    }
  }
  if (typeof claims.oid !== 'string' || !CANONICAL_GUID.test(claims.oid)) throw invalidAccessToken()
  if (claims.appid !== undefined && (typeof claims.appid !== 'string' || !CANONICAL_GUID.test(claims.appid))) {
    throw invalidAccessToken()
  }
  if (claims.tid !== undefined && (typeof claims.tid !== 'string' || !CANONICAL_GUID.test(claims.tid)))
    throw invalidAccessToken()
  if (keys) {
    if (!signatureIsValid(parts, header, keys)) throw invalidAccessToken()
    if (!audienceMatches(claims.aud, expect.audience)) throw invalidAccessToken()
    if (typeof claims.tid !== 'string') throw invalidAccessToken()
    const tid = claims.tid.toLowerCase()
    if (expect.tenant !== undefined && tid !== expect.tenant.toLowerCase()) throw invalidAccessToken()
    const issuers = [`https://sts.windows.net/${tid}/`, `https://login.microsoftonline.com/${tid}/v2.0`]
    if (typeof claims.iss !== 'string' || !issuers.includes(claims.iss.toLowerCase())) throw invalidAccessToken()
  }
  return claims as Record<string, unknown> & {oid: string}
}

/** `aud` as Entra writes it: the resource URI (with or without a trailing slash) or a list containing it. */
function audienceMatches(aud: unknown, expected: string): boolean {
  const trim = (value: string) => value.replace(/\/+$/, '').toLowerCase()
  const audiences = Array.isArray(aud) ? aud : [aud]
  return audiences.some((value) => typeof value === 'string' && trim(value) === trim(expected))
}

function isCanonicalBase64url(part: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part
}

function signatureIsValid(parts: string[], header: Record<string, unknown>, keys: EntraKeys): boolean {
  if (header.alg !== 'RS256') return false
  const candidates = typeof header.kid === 'string' ? [keys.get(header.kid)] : [...keys.values()]
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
  const signature = Buffer.from(parts[2], 'base64url')
  return candidates.some((key) => key !== undefined && verify('sha256', signed, key, signature))
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  return isCanonicalBase64url(part) ? decodeJson(part) : undefined
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''
