/**
 * HMAC-SHA256 request authentication, checked the way the service checks it: the signature is recomputed over
 * `METHOD\npath-and-query\n<signed header values joined by ;>` with the base64-decoded access key, the date must be
 * within five minutes of now (a retried request repeats its first date and signature, so it is the date that is
 * judged, never uniqueness), and the body must hash to the signed `x-ms-content-sha256`.
 *
 * The signature covers the content hash header, so it is checked from the headers alone, before a byte of the body
 * is read; the body is then read (under its cap) and must hash to that signed value.
 */
import {createHash, createHmac, timingSafeEqual} from 'node:crypto'
import type {IncomingHttpHeaders} from 'node:http'

import {contentHashMismatch, denied} from './errors.js'

export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000

const AUTHORIZATION = /^HMAC-SHA256\s+SignedHeaders=([^&\s]+)&Signature=(\S+)$/i

export interface SignedRequestHead {
  method: string
  /** The request target exactly as sent (`req.url`). */
  pathAndQuery: string
  headers: IncomingHttpHeaders
}

/**
 * Throws the service's 401 `Denied` answer unless the request's headers are signed with `key` and fresh at `nowMs`;
 * returns the signed content hash the body must match.
 */
export function verifySignedHeaders(request: SignedRequestHead, key: Buffer, nowMs: number): string {
  const match = AUTHORIZATION.exec(header(request.headers, 'authorization') ?? '')
  if (!match) throw denied()
  const signedHeaders = match[1].toLowerCase().split(';')
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-ms-content-sha256')) throw denied()
  const dateHeader = signedHeaders.includes('x-ms-date')
    ? 'x-ms-date'
    : signedHeaders.includes('date')
      ? 'date'
      : undefined
  if (!dateHeader || !isFresh(header(request.headers, dateHeader), nowMs)) throw denied()

  const values = signedHeaders.map((name) => header(request.headers, name))
  if (values.some((value) => value === undefined)) throw denied()
  const stringToSign = `${request.method}\n${request.pathAndQuery}\n${values.join(';')}`
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest()
  if (!signatureMatches(match[2], expected)) throw denied()
  return header(request.headers, 'x-ms-content-sha256') as string
}

/** Throws the service's 401 for a body that does not hash to the signed `x-ms-content-sha256`. */
export function verifyContentHash(body: Buffer, signedHash: string): void {
  if (createHash('sha256').update(body).digest('base64') !== signedHash) throw contentHashMismatch()
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value.join(', ') : value
}

function isFresh(date: string | undefined, nowMs: number): boolean {
  if (!date) return false
  const sentAt = Date.parse(date)
  return Number.isFinite(sentAt) && Math.abs(nowMs - sentAt) <= MAX_CLOCK_SKEW_MS
}

/** Constant-time comparison; a signature of the wrong length still costs a full comparison. */
function signatureMatches(signatureBase64: string, expected: Buffer): boolean {
  const given = Buffer.from(signatureBase64, 'base64')
  const sameLength = given.length === expected.length
  const matches = timingSafeEqual(sameLength ? given : expected, expected)
  return sameLength && matches && given.toString('base64') === signatureBase64
}
