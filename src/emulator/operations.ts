/**
 * The five operations of the service, on an already authenticated and routed request: request-body validation
 * with the service's error answers, the identity bookkeeping and token issuing.
 */
import {
  emptyScopes,
  identityNotOwned,
  invalidBody,
  invalidExpiresInMinutes,
  requiredField,
  unknownScope,
} from './errors.js'
import {CUSTOM_EXPIRY_SINCE, type RouteMatch} from './routes.js'
import type {IdentityStore} from './store.js'
import {type EntraExpectations, type EntraKeys, validateTeamsExchange} from './teams.js'
import {
  ACS_USER_SCP,
  formatExpiresOn,
  type IssuedToken,
  subMillisecondTicks,
  TEAMS_USER_SCP,
  type TokenSigner,
} from './tokens.js'

/** The scopes the service knows. */
export const TOKEN_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join']
const KNOWN_SCOPES = new Set(TOKEN_SCOPES)

export const DEFAULT_TOKEN_MINUTES = 1440
const MIN_TOKEN_MINUTES = 60

export interface ServiceContext {
  store: IdentityStore
  signer: TokenSigner
  now: () => number
  entraKeys?: EntraKeys
  entraExpect: EntraExpectations
}

export interface OperationResult {
  status: number
  body?: unknown
}

export async function runOperation(
  context: ServiceContext,
  match: RouteMatch,
  body: unknown,
): Promise<OperationResult> {
  const request = requestObject(body)
  const customExpiry = match.apiVersion >= CUSTOM_EXPIRY_SINCE
  switch (match.operation) {
    case 'create': {
      const scopes = readScopes(request.createTokenWithScopes, false)
      const minutes = customExpiry ? readExpiresInMinutes(request.expiresInMinutes) : DEFAULT_TOKEN_MINUTES
      // The token is signed while the creation is written; nothing is answered unless the write succeeded.
      const id = context.store.newId()
      const [accessToken] = await Promise.all([
        scopes.length > 0 ? issueAcsToken(context, id, scopes, minutes) : undefined,
        context.store.create(id, context.now()),
      ])
      return {status: 201, body: accessToken ? {identity: {id}, accessToken} : {identity: {id}}}
    }
    case 'issueToken': {
      const scopes = readScopes(request.scopes, true)
      const minutes = customExpiry ? readExpiresInMinutes(request.expiresInMinutes) : DEFAULT_TOKEN_MINUTES
      const id = ownedIdentity(context, match.id)
      return {status: 200, body: await issueAcsToken(context, id, scopes, minutes)}
    }
    case 'revokeTokens': {
      await context.store.revoke(ownedIdentity(context, match.id), context.now())
      return {status: 204}
    }
    case 'delete': {
      await context.store.delete(ownedIdentity(context, match.id))
      return {status: 204}
    }
    case 'exchangeTeamsToken': {
      const entra = validateTeamsExchange(request, context.now(), context.entraKeys, context.entraExpect)
      return {status: 200, body: await issueTeamsToken(context, entra.oid, entra.tid, entra.exp)}
    }
  }
}

function requestObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {}
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalidBody('body', 'The request body must be a JSON object.')
  return body as Record<string, unknown>
}

function ownedIdentity(context: ServiceContext, id: string | undefined): string {
  if (id === undefined || !context.store.get(id)) throw identityNotOwned()
  return id
}

/**
 * Issue requires scopes; create treats absent or empty scopes as "no token". A scope named twice counts once (the
 * first place it appears), so a token's `acsScope` never repeats a scope however long the request's list.
 */
function readScopes(value: unknown, required: boolean): string[] {
  if (value === undefined || value === null) {
    if (required) throw requiredField('Scopes')
    return []
  }
  if (!Array.isArray(value)) throw invalidBody('scopes', 'Invalid scopes - Scopes must be an array of strings.')
  if (value.length === 0 && required) throw emptyScopes()
  const scopes = new Set<string>()
  for (const scope of value) {
    if (typeof scope !== 'string') throw invalidBody('scopes', 'Invalid scopes - Scopes must be an array of strings.')
    if (!KNOWN_SCOPES.has(scope)) throw unknownScope(scope.length > 64 ? `${scope.slice(0, 64)}...` : scope)
    scopes.add(scope)
  }
  return [...scopes]
}

function readExpiresInMinutes(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_TOKEN_MINUTES
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidBody('ExpiresInMinutes', 'ExpiresInMinutes: The value must be an integer.')
  }
  if (value < MIN_TOKEN_MINUTES || value > DEFAULT_TOKEN_MINUTES) throw invalidExpiresInMinutes(value)
  return value
}

async function issueAcsToken(
  context: ServiceContext,
  id: string,
  scopes: string[],
  minutes: number,
): Promise<IssuedToken> {
  const issuedAt = context.now()
  const expiresAt = issuedAt + minutes * 60_000
  // `iat` has whole seconds and a token counts as revoked when `iat` is not past its identity's last revoke; a
  // token issued after a revoke but within its second is dated the next second, so it stays valid (at most 1 s ahead).
  const revokedAt = context.store.get(id)?.revokedAt
  const revokeSecond = revokedAt !== undefined && issuedAt >= revokedAt ? Math.floor(revokedAt / 1000) : -1
  const iat = Math.max(Math.floor(issuedAt / 1000), revokeSecond + 1)
  const token = await context.signer.sign({
    skypeid: id.slice('8:'.length),
    scp: ACS_USER_SCP,
    csi: String(iat),
    iat,
    exp: Math.floor(expiresAt / 1000),
    acsScope: scopes.join(','),
    resourceId: context.store.state.resourceId,
  })
  return {token, expiresOn: formatExpiresOn(expiresAt, subMillisecondTicks())}
}

/** A Teams user's token expires exactly when the Entra token does. */
async function issueTeamsToken(
  context: ServiceContext,
  oid: string,
  tid: string | undefined,
  exp: number,
): Promise<IssuedToken> {
  const iat = Math.floor(context.now() / 1000)
  const token = await context.signer.sign({
    skypeid: `orgid:${oid}`,
    scp: TEAMS_USER_SCP,
    csi: String(iat),
    iat,
    exp,
    ...(tid === undefined ? {} : {tid}),
    resourceId: context.store.state.resourceId,
  })
  return {token, expiresOn: formatExpiresOn(exp * 1000)}
}
