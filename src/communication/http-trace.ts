/**
 * A pipeline policy that shows the SDK's HTTP traffic the way the user asked for it: one INFO line
 * per request with --verbose, a full trace (method, URL, status, duration, headers, bodies) with
 * --debug. Credentials and tokens are redacted before anything is written. It also gives every
 * attempt a timeout, reported as ETIMEDOUT so the SDK's retry policy retries it like a network error.
 */
import type {PipelinePolicy, PipelineRequest, PipelineResponse} from '@azure/core-rest-pipeline'

import {type AzLogger, LOGGER_NAMES, REDACTED} from '../framework/log.js'
import {escapeControlCharacters} from './terminal-text.js'

/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie'])
/** JSON fields whose values are credentials: issued tokens and the Entra token sent for exchange. */
const SECRET_FIELDS = new Set(['token', 'accesstoken', 'access_token', 'accesskey'])

export const TIMEOUT_CODE = 'ETIMEDOUT'

export interface HttpTraceOptions {
  logger: AzLogger
  /** Per-attempt timeout in milliseconds (0: none). */
  timeoutMs: number
}

export function httpTracePolicy({logger, timeoutMs}: HttpTraceOptions): PipelinePolicy {
  return {
    name: 'azcHttpTrace',
    async sendRequest(request, next) {
      const attempt = timeoutMs > 0 ? attemptTimeout(request, timeoutMs) : undefined
      const started = performance.now()
      if (logger.isEnabled('debug')) logRequest(logger, request)
      try {
        const response = await next(request)
        const ms = Math.round(performance.now() - started)
        logger.info(`${request.method} ${request.url} ${response.status} (${ms} ms)`, LOGGER_NAMES.http)
        if (logger.isEnabled('debug')) logResponse(logger, response, ms)
        return response
      } catch (error) {
        const ms = Math.round(performance.now() - started)
        const failure = attempt?.fired() ? await timeoutError(request, timeoutMs) : error
        logger.info(
          `${request.method} ${request.url} failed after ${ms} ms: ${escapeControlCharacters((failure as Error).message)}`,
          LOGGER_NAMES.http,
        )
        throw failure
      } finally {
        attempt?.clear()
      }
    },
  }
}

/**
 * Aborts the attempt after `timeoutMs`. The SDK's own request.timeout leaves its timer running when
 * the attempt fails, which keeps the process alive that long after a recovered error; this one is
 * always cleared.
 */
function attemptTimeout(request: PipelineRequest, timeoutMs: number): {fired: () => boolean; clear: () => void} {
  const controller = new AbortController()
  const caller = request.abortSignal
  const forward = () => controller.abort()
  caller?.addEventListener('abort', forward, {once: true})
  let fired = false
  const timer = setTimeout(() => {
    fired = true
    controller.abort()
  }, timeoutMs)
  request.abortSignal = controller.signal
  return {
    fired: () => fired,
    clear() {
      clearTimeout(timer)
      caller?.removeEventListener('abort', forward)
      request.abortSignal = caller
    },
  }
}

async function timeoutError(request: PipelineRequest, timeoutMs: number): Promise<Error> {
  const {RestError} = await import('@azure/core-rest-pipeline')
  return new RestError(`no response within ${timeoutMs / 1000} seconds`, {code: TIMEOUT_CODE, request})
}

function logRequest(logger: AzLogger, request: PipelineRequest): void {
  const lines = [`Request URL: '${request.url}'`, `Request method: '${request.method}'`, 'Request headers:']
  for (const [name, value] of request.headers) lines.push(`    '${name}': '${redactHeader(name, value)}'`)
  const body = typeof request.body === 'string' ? request.body : undefined
  lines.push(body === undefined ? 'No body was attached to the request' : `Request body:\n${redactBody(body)}`)
  for (const line of lines) logger.debug(line, LOGGER_NAMES.http)
}

function logResponse(logger: AzLogger, response: PipelineResponse, ms: number): void {
  const lines = [`Response status: ${response.status}`, `Response time: ${ms} ms`, 'Response headers:']
  for (const [name, value] of response.headers) lines.push(`    '${name}': '${redactHeader(name, value)}'`)
  if (response.bodyAsText) lines.push(`Response content:\n${redactBody(response.bodyAsText)}`)
  for (const line of lines) logger.debug(line, LOGGER_NAMES.http)
}

/** A header value as shown: credentials hidden, control characters (a server's header may hold C1 bytes) escaped. */
export function redactHeader(name: string, value: string): string {
  return SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : escapeControlCharacters(value)
}

/**
 * A JSON body with every credential field replaced and every control character escaped; a body that
 * is not JSON is shown only by its size.
 */
export function redactBody(body: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return `<${Buffer.byteLength(body)} bytes, not JSON: not shown>`
  }
  const text = JSON.stringify(parsed, (key, value) =>
    SECRET_FIELDS.has(key.toLowerCase()) && typeof value === 'string' ? REDACTED : value,
  )
  return escapeControlCharacters(text)
}
