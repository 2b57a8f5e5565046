/**
 * Turns what the SDK throws into az's errors: a service error body becomes az's
 * `(Code) Message` / `Code:` / `Message:` / `Target:` lines (exit 3 for HTTP 404, else 1); a network
 * failure becomes one clear line naming the endpoint.
 */
import {STATUS_CODES} from 'node:http'

import {AzCliError, ResourceNotFoundError, ServiceResponseError} from '../framework/errors.js'
import {TIMEOUT_CODE} from './http-trace.js'
import {TLS_ERROR_CODES} from './tls-errors.js'

interface RestErrorLike {
  name?: string
  message?: string
  code?: string
  statusCode?: number
  details?: unknown
  response?: {bodyAsText?: string | null}
}


/** The az error for an SDK failure, or undefined when it is not one the service or network caused. */
export function translateServiceError(error: unknown, endpoint: string): AzCliError | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const rest = error as RestErrorLike
  if (rest.name !== 'RestError' && rest.statusCode === undefined && rest.code === undefined) return undefined

  if (rest.statusCode !== undefined) {
    const body = errorBody(rest)
    if (body?.code && body.message !== undefined) {
      return new ServiceResponseError(rest.statusCode, body.code, body.message, body.target, {cause: error})
    }
    // azure-core's text for a failure without an Azure error body.
    const message = `Operation returned an invalid status '${STATUS_CODES[rest.statusCode] ?? rest.statusCode}'`
    return rest.statusCode === 404 ? new ResourceNotFoundError(message, {cause: error}) : new AzCliError(message, {cause: error})
  }

  return new AzCliError(networkMessage(rest, endpoint), {cause: error})
}

function errorBody(error: RestErrorLike): {code?: string; message?: string; target?: string} | undefined {
  let body = error.details
  if ((typeof body !== 'object' || body === null) && error.response?.bodyAsText) {
    try {
      body = JSON.parse(error.response.bodyAsText)
    } catch {
      return undefined
    }
  }
  const inner = (body as {error?: unknown} | undefined)?.error
  return typeof inner === 'object' && inner !== null ? (inner as {code?: string; message?: string; target?: string}) : undefined
}

function networkMessage(error: RestErrorLike, endpoint: string): string {
  const host = URL.canParse(endpoint) ? new URL(endpoint).hostname : endpoint
  const code = error.code ?? ''
  switch (code) {
    case 'ECONNREFUSED': {
      return `Unable to connect to ${endpoint}: the connection was refused. Is the service (or the emulator) running there?`
    }

    case 'ENOTFOUND':
    case 'EAI_AGAIN': {
      return `Unable to connect to ${endpoint}: the host name '${host}' could not be resolved.`
    }

    case TIMEOUT_CODE:
    case 'ESOCKETTIMEDOUT': {
      return `Unable to connect to ${endpoint}: ${error.message ?? 'the request timed out'}.`
    }

    case 'ECONNRESET': {
      return `Unable to connect to ${endpoint}: the connection was closed by the other side.`
    }
  }

  if (TLS_ERROR_CODES.has(code) || /certificate|ssl|tls/i.test(error.message ?? '')) {
    return (
      `Unable to connect to ${endpoint}: TLS failed: ${error.message}. ` +
      "For a local emulator's own certificate, set NODE_EXTRA_CA_CERTS to its certificate file."
    )
  }

  return `Unable to connect to ${endpoint}: ${error.message ?? code}`
}
