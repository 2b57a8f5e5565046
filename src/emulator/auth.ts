/**
 * Who may call: the one place a request is authenticated, from its method, target and headers only, before any of
 * its body is read. A request that fails gets the service's 401 and its body is never read.
 *
 * Two schemes: the access key's HMAC-SHA256 signature (which also binds the body, checked by `checkBody` once read)
 * and, with the built-in issuer on, an Entra ID bearer token (src/emulator/entra), which binds no body.
 */
import type {IncomingMessage} from 'node:http'

import {authenticateBearer, type EntraIssuer, isBearer} from './entra/index.js'
import {denied} from './errors.js'
import {verifyContentHash, verifySignedHeaders} from './hmac.js'

export interface AuthOptions {
  /** The base64-decoded access key. */
  accessKey: Buffer
  now: () => number
  /** The built-in Entra ID issuer: with it, `Authorization: Bearer` tokens it issued are accepted too. */
  entra?: EntraIssuer
}

/** An authenticated request: how it was authenticated and what its body must hash to. */
export type AuthResult = {scheme: 'hmac'; contentHash: string} | {scheme: 'bearer'}

/** Throws the service's 401 answer unless the request's headers authenticate it. Never reads the body. */
export function authenticate(req: IncomingMessage, options: AuthOptions): AuthResult {
  const authorization = req.headers.authorization
  if (typeof authorization !== 'string') throw denied()
  if (options.entra && isBearer(authorization)) {
    authenticateBearer(authorization, options.entra, options.now())
    return {scheme: 'bearer'}
  }
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
