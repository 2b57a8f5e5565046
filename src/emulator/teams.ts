/**
 * The Teams token exchange's checks of the Entra (AAD) token, in the order the service applies them: required
 * fields, the token itself (well-formed, unexpired JWT; its signature too when JWKS keys were given, since there is
 * no Entra here to fetch them from), the GUID format of appId/userId, then the `appid` and `oid` claims.
 */
import {createPublicKey, type JsonWebKey, KeyObject, verify} from 'node:crypto'
import {readFileSync} from 'node:fs'

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
const GUID = /^(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}|\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\))$/i

const normalizeGuid = (value: string) => value.replace(/[^0-9a-f]/gi, '').toLowerCase()

/** Public keys by `kid`, from a JWKS file (`{"keys": [...]}`) given with --aad-jwks. */
export type EntraKeys = Map<string, KeyObject>

export function loadEntraKeys(source: string | {keys: JsonWebKey[]}): EntraKeys {
  const jwks = typeof source === 'string' ? (JSON.parse(readFileSync(source, 'utf8')) as {keys?: JsonWebKey[]}) : source
  if (!Array.isArray(jwks.keys)) throw new Error('The JWKS has no "keys" array.')
  const keys: EntraKeys = new Map()
  jwks.keys.forEach((jwk, index) => keys.set(String(jwk.kid ?? index), createPublicKey({key: jwk, format: 'jwk'})))
  return keys
}

/** The Entra token's claims, or the service's error for the first check the request fails. */
export function validateTeamsExchange(request: TeamsExchangeRequest, nowMs: number, keys?: EntraKeys): EntraTokenClaims {
  if (!isNonEmptyString(request.appId)) throw requiredField('AppId')
  if (!isNonEmptyString(request.userId)) throw requiredField('UserId')
  const claims = readEntraToken(request.token, nowMs, keys)
  if (!GUID.test(request.appId)) throw invalidAppIdFormat()
  if (!GUID.test(request.userId)) throw invalidUserIdFormat()
  if (typeof claims.appid !== 'string' || normalizeGuid(claims.appid) !== normalizeGuid(request.appId)) {
    throw unexpectedApplication()
  }
  if (typeof claims.oid !== 'string' || normalizeGuid(claims.oid) !== normalizeGuid(request.userId)) {
    throw unexpectedUser()
  }
  return {oid: claims.oid, tid: typeof claims.tid === 'string' ? claims.tid : undefined, exp: claims.exp as number}
}

function readEntraToken(token: unknown, nowMs: number, keys?: EntraKeys): Record<string, unknown> {
  if (!isNonEmptyString(token)) throw invalidAccessToken()
  const parts = token.split('.')
  if (parts.length !== 3) throw invalidAccessToken()
  const header = decodeJsonPart(parts[0])
  const claims = decodeJsonPart(parts[1])
  if (!header || !claims) throw invalidAccessToken()
  const nowSeconds = nowMs / 1000
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) throw invalidAccessToken()
  if (typeof claims.nbf === 'number' && claims.nbf > nowSeconds) throw invalidAccessToken()
  if (keys && !signatureIsValid(parts, header, keys)) throw invalidAccessToken()
  return claims
}

function signatureIsValid(parts: string[], header: Record<string, unknown>, keys: EntraKeys): boolean {
  if (header.alg !== 'RS256') return false
  const candidates = typeof header.kid === 'string' ? [keys.get(header.kid)] : [...keys.values()]
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`)
  const signature = Buffer.from(parts[2], 'base64url')
  return candidates.some((key) => key !== undefined && verify('sha256', signed, key, signature))
}

function decodeJsonPart(part: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part)) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== ''
