/**
 * Turns what the SDK throws into az's errors: a service error body becomes az's
 * `(Code) Message` / `Code:` / `Message:` / `Target:` lines (exit 3 for HTTP 404, else 1); a success
 * whose body does not decode gets azure-core's message (`JSON is invalid: ...`); a network failure
 * becomes one clear line naming the endpoint and the real cause. Text the server chose is escaped
 * before it can reach the terminal.
 */
import {STATUS_CODES} from 'node:http'

import {AzCliError, ResourceNotFoundError, ServiceResponseError} from '../framework/errors.js'
import {TIMEOUT_CODE} from './http-trace.js'
import {azureCoreDecodeError} from './python-json-error.js'
import {escapeControlCharacters} from './terminal-text.js'
import {
  EXPIRED_CERT_CODES,
  OTHER_TLS_CODES,
  PLAIN_HTTP_CODE,
  UNTRUSTED_CERT_CODES,
  WRONG_HOST_CODE,
} from './tls-errors.js'

interface RestErrorLike {
  name?: string
  message?: string
  code?: string
  statusCode?: number
  details?: unknown
  response?: {bodyAsText?: string | null; headers?: {get(name: string): string | undefined}}
  /** Set by loopback-tls.ts: this is the failure of the https attempt made for an http:// endpoint. */
  azcTriedHttps?: boolean
  /** Set by no-resend.ts: a POST that may have reached the service, not retried. */
  azcNotRepeated?: boolean
}

const PARSE_ERROR = 'PARSE_ERROR'
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  TIMEOUT_CODE,
  'ESOCKETTIMEDOUT',
  'ECONNRESET',
  'EPIPE',
])

/** The az error for an SDK failure, or undefined when it is not one the service or network caused. */
export function translateServiceError(error: unknown, endpoint: string): AzCliError | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const rest = error as RestErrorLike
  if (rest.name !== 'RestError' && rest.statusCode === undefined && rest.code === undefined) return undefined

  if (rest.statusCode !== undefined) {
    if (rest.code === PARSE_ERROR && rest.statusCode >= 200 && rest.statusCode < 300) {
      const decodeError = azureCoreDecodeError(
        rest.response?.bodyAsText ?? '',
        rest.response?.headers?.get('content-type'),
      )
      if (decodeError) return new AzCliError(decodeError, {cause: error})
    }
    const body = errorBody(rest)
    if (typeof body?.code === 'string' && body.code && typeof body.message === 'string') {
      const target = typeof body.target === 'string' ? escapeControlCharacters(body.target) : undefined
      const [code, message] = [escapeControlCharacters(body.code), escapeControlCharacters(body.message)]
      return new ServiceResponseError(rest.statusCode, code, message, target, {cause: error})
    }
    // azure-core's text for a failure without an Azure error body.
    const message = `Operation returned an invalid status '${STATUS_CODES[rest.statusCode] ?? rest.statusCode}'`
    return rest.statusCode === 404
      ? new ResourceNotFoundError(message, {cause: error})
      : new AzCliError(message, {cause: error})
  }

  return new AzCliError(networkMessage(rest, endpoint), {cause: error})
}

/** The `error` object of an Azure error body (`{"error": {"code", "message", "target"?}}`), if there is one. */
export function errorBody(error: RestErrorLike): {code?: unknown; message?: unknown; target?: unknown} | undefined {
  let body = error.details
  if ((typeof body !== 'object' || body === null) && error.response?.bodyAsText) {
    try {
      body = JSON.parse(error.response.bodyAsText)
    } catch {
      return undefined
    }
  }
  const inner = (body as {error?: unknown} | undefined)?.error
  return typeof inner === 'object' && inner !== null
    ? (inner as {code?: unknown; message?: unknown; target?: unknown})
    : undefined
}

function networkMessage(error: RestErrorLike, endpoint: string): string {
  const host = URL.canParse(endpoint) ? new URL(endpoint).hostname : endpoint
  const code = error.code ?? ''
  const text = escapeControlCharacters(error.message ?? code)
  const prefix = `Unable to connect to ${endpoint}:`
  if (isTlsFailure(error)) {
    // An http:// endpoint whose server speaks only TLS: the https attempt's failure is the real one.
    const lead = error.azcTriedHttps ? `${prefix} it answers only over https, and TLS failed:` : `${prefix} TLS failed:`
    return `${lead} ${tlsAdvice(code, text, host)}`
  }

  switch (code) {
    case 'ECONNREFUSED': {
      return `${prefix} the connection was refused. Is the service (or the emulator) running there?`
    }

    case 'ENOTFOUND':
    case 'EAI_AGAIN': {
      return `${prefix} the host name '${host}' could not be resolved.`
    }

    case TIMEOUT_CODE:
    case 'ESOCKETTIMEDOUT': {
      return `${prefix} ${text || 'the request timed out'}.${notRepeated(error)}`
    }

    case 'ECONNRESET':
    case 'EPIPE': {
      return `${prefix} the server closed the connection before answering.${notRepeated(error)}`
    }
  }

  return `${prefix} ${text}`
}

/** Why a request that may have reached the service was not sent again (see no-resend.ts). */
function notRepeated(error: RestErrorLike): string {
  return error.azcNotRepeated ? ' It was not sent again, as the service may have acted on it.' : ''
}

/** True for a failure of the TLS handshake or of the certificate check. */
export function isTlsFailure(error: {code?: string; message?: string}): boolean {
  const code = error.code ?? ''
  if (UNTRUSTED_CERT_CODES.has(code) || EXPIRED_CERT_CODES.has(code) || OTHER_TLS_CODES.has(code)) return true
  if (
    code === WRONG_HOST_CODE ||
    code === PLAIN_HTTP_CODE ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_')
  )
    return true
  // A reset, timeout or DNS failure whose text merely mentions TLS (or a host named tls.example) is not one.
  if (NETWORK_CODES.has(code)) return false
  return /certificate|ssl|tls/i.test(error.message ?? '')
}

/** What failed and what to do about it; only an unknown issuer is fixed by trusting a certificate file. */
function tlsAdvice(code: string, text: string, host: string): string {
  if (UNTRUSTED_CERT_CODES.has(code)) {
    return `${text}. For a local emulator's own certificate, set NODE_EXTRA_CA_CERTS to its certificate file.`
  }
  if (code === 'CERT_HAS_EXPIRED') {
    return `${text}: the server's certificate is out of date; it must be renewed (or this machine's clock is wrong).`
  }
  if (code === 'CERT_NOT_YET_VALID') {
    return `${text}: the server's certificate is not valid yet; check this machine's clock.`
  }
  if (code === WRONG_HOST_CODE) {
    return `${text}: the server's certificate was not issued for '${host}'; use the host name it was issued for.`
  }
  if (code === PLAIN_HTTP_CODE) {
    return `${text}: the server does not speak TLS there; is the endpoint http:// rather than https://?`
  }
  return `${text}.`
}
