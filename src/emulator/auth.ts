/**
 * Who may call: the one place a request is authenticated, from its method, target and headers only, before any of
 * its body is read. A request that fails gets the service's 401 and its body is never read.
 *
 * Today the one scheme is the access key's HMAC-SHA256 signature. Another scheme (an Entra ID bearer token, say)
 * adds a branch here returning its own `AuthResult`; `checkBody` then says what its body must satisfy.
 */
import type {IncomingMessage} from 'node:http'

import {denied} from './errors.js'
import {verifyContentHash, verifySignedHeaders} from './hmac.js'

export interface AuthOptions {
  /** The base64-decoded access key. */
  accessKey: Buffer
  now: () => number
}

/** An authenticated request: how it was authenticated and what its body must hash to. */
export type AuthResult = {scheme: 'hmac'; contentHash: string}

/** Throws the service's 401 answer unless the request's headers authenticate it. Never reads the body. */
export function authenticate(req: IncomingMessage, options: AuthOptions): AuthResult {
  const authorization = req.headers.authorization
  if (typeof authorization !== 'string') throw denied()
  const contentHash = verifySignedHeaders(
    {method: req.method ?? '', pathAndQuery: req.url ?? '/', headers: req.headers},
    options.accessKey,
    options.now(),
  )
  return {scheme: 'hmac', contentHash}
}

/** Throws the service's 401 when the body read after `authenticate` is not the one that was signed. */
export function checkBody(auth: AuthResult, body: Buffer): void {
  if (auth.scheme === 'hmac') verifyContentHash(body, auth.contentHash)
}
