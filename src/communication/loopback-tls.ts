/**
 * az's ACS SDK always speaks https to the endpoint's host, even when the connection string says
 * http://. azc honours http:// for a local emulator, but a local service that speaks only TLS (as
 * a test double built for az does) resets a plain HTTP connection before reading the request. In
 * that case, and only for loopback hosts, the request is sent again at once over https, and the
 * rest of the invocation stays on https. Nothing was processed by the server, so this is safe; the
 * HMAC signature does not cover the scheme. When the https attempt fails in the TLS handshake, that
 * failure (marked `azcTriedHttps`) is what is reported, since it is the one to fix.
 */
import type {PipelinePolicy} from '@azure/core-rest-pipeline'

import {isLoopbackHost} from './connection-string.js'
import {isTlsFailure} from './service-errors.js'

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE'])

export function loopbackTlsUpgradePolicy(): PipelinePolicy {
  let upgraded = false
  return {
    name: 'azcLoopbackTlsUpgrade',
    async sendRequest(request, next) {
      const url = new URL(request.url)
      if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) return next(request)
      if (upgraded) {
        request.url = request.url.replace(/^http:/, 'https:')
        return next(request)
      }

      try {
        return await next(request)
      } catch (error) {
        if (!RESET_CODES.has((error as {code?: string}).code ?? '')) throw error
        const plain = request.url
        request.url = plain.replace(/^http:/, 'https:')
        try {
          const response = await next(request)
          upgraded = true
          return response
        } catch (httpsError) {
          request.url = plain
          // The server does speak TLS but the handshake failed (an untrusted certificate, say):
          // that is the real cause, not the reset of the plain attempt.
          if (isTlsFailure(httpsError as {code?: string; message?: string})) {
            upgraded = true
            throw Object.assign(httpsError as object, {azcTriedHttps: true})
          }
          throw error
        }
      }
    },
  }
}
