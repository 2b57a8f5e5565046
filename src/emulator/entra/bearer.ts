/**
 * `Authorization: Bearer <Entra token>` on the data plane, checked as the service checks it: the RS256 signature
 * against the configured issuer's keys, the audience https://communication.azure.com, the issuer and the tenant,
 * and the lifetime (with the five minutes of clock skew ASP.NET's JWT validation allows). A failed check is the
 * service's 401 `Denied`; a valid token of a principal outside --entra-allowed-principals (the emulator's stand-in
 * for role assignments) is 403 with the same body.
 */
import {ServiceError} from '../errors.js'
import {decodeJwt, signatureValid} from './jwt.js'
import {ACS_AUDIENCE, type EntraIssuer} from './issuer.js'

const CLOCK_SKEW_SECONDS = 5 * 60
const AUDIENCES = new Set([ACS_AUDIENCE, `${ACS_AUDIENCE}/`])

export const bearerDenied = () => new ServiceError(401, 'Denied', 'Denied by the resource provider.')

export const principalForbidden = () => new ServiceError(403, 'Denied', 'Denied by the resource provider.')

/** True when the Authorization header asks for bearer authentication (then HMAC is not tried). */
export function isBearer(authorization: string | string[] | undefined): authorization is string {
  return typeof authorization === 'string' && /^Bearer\s/i.test(authorization)
}

/** Throws the service's 401/403 unless `authorization` carries a token the issuer's tenant may use here. */
export function authenticateBearer(authorization: string, issuer: EntraIssuer, nowMs: number): void {
  const jwt = decodeJwt(authorization.replace(/^Bearer\s+/i, '').trim())
  if (!jwt) throw bearerDenied()
  if (jwt.header.kid !== issuer.key.kid || !signatureValid(jwt, issuer.key.publicKey)) throw bearerDenied()
  const {claims} = jwt
  if (typeof claims.aud !== 'string' || !AUDIENCES.has(claims.aud)) throw bearerDenied()
  if (claims.iss !== issuer.issuer) throw bearerDenied()
  if (typeof claims.tid !== 'string' || claims.tid.toLowerCase() !== issuer.tenantId) throw bearerDenied()
  const now = nowMs / 1000
  if (typeof claims.exp !== 'number' || claims.exp + CLOCK_SKEW_SECONDS <= now) throw bearerDenied()
  if (typeof claims.nbf === 'number' && claims.nbf - CLOCK_SKEW_SECONDS > now) throw bearerDenied()
  const allowed = issuer.allowedPrincipals
  if (allowed) {
    const ids = [claims.oid, claims.appid, claims.azp]
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.toLowerCase())
    if (!ids.some((id) => allowed.has(id))) throw principalForbidden()
  }
}
