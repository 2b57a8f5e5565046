/**
 * A POST that may have reached the service is not sent again. az's SDK (azure-core's RetryPolicy)
 * never repeats a POST or PATCH after a transport error: the service may have acted on it, and
 * repeating `user create` would create a second identity. The JS SDK's retry policy repeats any
 * request after a reset or a timeout, so an endpoint that accepts and closes took seconds, and one
 * that stays silent four full timeouts, to fail. This policy sits inside the retry loop and hands
 * such a failure back as an error the retry policy does not retry. Failures where nothing reached
 * the service (connection refused, a name that does not resolve, a connection dropped before its
 * TLS handshake completed) are still retried, as the SDK does.
 */
import type {PipelinePolicy} from '@azure/core-rest-pipeline'

import {TIMEOUT_CODE} from './http-trace.js'

const NOT_IDEMPOTENT = new Set(['POST', 'PATCH'])
/** Failures after the connection was made: the request may have been received. */
const AFTER_CONNECT = new Set(['ECONNRESET', 'EPIPE', TIMEOUT_CODE, 'ESOCKETTIMEDOUT'])
/** Node's text for a connection closed before the TLS handshake completed: nothing was sent. */
const BEFORE_TLS = /before secure TLS connection was established/

/** Not a RestError, so the SDK's retry policy rethrows it at once; code and message are the original's. */
export class RequestNotRepeatedError extends Error {
  readonly code: string
  readonly azcNotRepeated = true
  readonly azcTriedHttps?: boolean

  constructor(original: Error & {code: string; azcTriedHttps?: boolean}) {
    super(original.message, {cause: original})
    this.name = 'RequestNotRepeatedError'
    this.code = original.code
    if (original.azcTriedHttps) this.azcTriedHttps = true
  }
}

export function noResendPolicy(): PipelinePolicy {
  return {
    name: 'azcNoResend',
    async sendRequest(request, next) {
      try {
        return await next(request)
      } catch (error) {
        const {code, message} = error as {code?: string; message?: string}
        if (NOT_IDEMPOTENT.has(request.method) && AFTER_CONNECT.has(code ?? '') && !BEFORE_TLS.test(message ?? '')) {
          throw new RequestNotRepeatedError(error as Error & {code: string})
        }
        throw error
      }
    },
  }
}
