/**
 * The service's routes and the api-versions each one answers to. The identity routes answer every stable version the
 * service lists in its `api-supported-versions` header; the Teams exchange arrived with 2022-06-01, so older versions
 * get UnsupportedApiVersion there, as they do from the service.
 */
import {apiVersionUnspecified, methodNotAllowed, unsupportedApiVersion} from './errors.js'

export const IDENTITY_API_VERSIONS = ['2021-03-07', '2021-11-01', '2022-06-01', '2022-10-01', '2023-10-01'] as const
export const TEAMS_API_VERSIONS = ['2022-06-01', '2022-10-01', '2023-10-01'] as const

/** `expiresInMinutes` is part of the request models from this version on; older versions ignore the field. */
export const CUSTOM_EXPIRY_SINCE = '2022-10-01'

export type Operation = 'create' | 'delete' | 'issueToken' | 'revokeTokens' | 'exchangeTeamsToken'

export interface RouteMatch {
  operation: Operation
  /** The decoded identity id of the `/identities/{id}` routes. */
  id?: string
  apiVersion: string
  supportedVersions: readonly string[]
}

interface PathMatch {
  methods: Partial<Record<string, Operation>>
  id?: string
  supportedVersions: readonly string[]
}

/** The route a request path names (ASP.NET routing: literals case-insensitive, a trailing slash ignored). */
function matchPath(path: string): PathMatch | undefined {
  const segments = path.replace(/\/+$/, '').split('/').slice(1)
  const literal = (index: number, text: string) => segments[index]?.toLowerCase() === text.toLowerCase()
  if (segments.length === 2 && literal(0, 'teamsUser') && literal(1, ':exchangeAccessToken')) {
    return {methods: {POST: 'exchangeTeamsToken'}, supportedVersions: TEAMS_API_VERSIONS}
  }
  if (!literal(0, 'identities')) return undefined
  const supportedVersions = IDENTITY_API_VERSIONS
  if (segments.length === 1) return {methods: {POST: 'create'}, supportedVersions}
  const id = decodeSegment(segments[1])
  if (id === '') return undefined
  if (segments.length === 2) return {methods: {DELETE: 'delete'}, id, supportedVersions}
  if (segments.length === 3 && literal(2, ':issueAccessToken'))
    return {methods: {POST: 'issueToken'}, id, supportedVersions}
  if (segments.length === 3 && literal(2, ':revokeAccessTokens'))
    return {methods: {POST: 'revokeTokens'}, id, supportedVersions}
  return undefined
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * The operation a request asks for, or undefined for an unknown path (404). Throws the service's versioning
 * errors: a missing or unsupported api-version (400) before a wrong method (405), as ASP.NET API Versioning does.
 * `requestUri` is the URL without its query, which the UnsupportedApiVersion message quotes.
 */
export function route(
  method: string,
  path: string,
  query: URLSearchParams,
  requestUri: string,
): RouteMatch | undefined {
  const match = matchPath(path)
  if (!match) return undefined
  const apiVersion = query.get('api-version')
  if (apiVersion === null || apiVersion === '') throw apiVersionUnspecified(match.supportedVersions)
  if (!match.supportedVersions.includes(apiVersion)) {
    throw unsupportedApiVersion(requestUri, apiVersion, match.supportedVersions)
  }
  const operation = match.methods[method]
  if (!operation) throw methodNotAllowed(apiVersion, method, Object.keys(match.methods).join(', '))
  return {operation, id: match.id, apiVersion, supportedVersions: match.supportedVersions}
}
