/**
 * Mutation-killing tests of the emulator's request authentication and token code, called directly (the HTTP
 * behaviour is specified in test/emulator). Requests are signed here from the API doc, independently of hmac.ts.
 */
import {expect} from 'chai'
import {createHash, createHmac, createPublicKey, verify} from 'node:crypto'

import {
  MAX_CLOCK_SKEW_MS,
  type SignedRequestHead,
  verifyContentHash,
  verifySignedHeaders,
} from '../../src/emulator/hmac.js'
import {
  ACS_USER_SCP,
  base64url,
  formatExpiresOn,
  generateSigningKeyPem,
  subMillisecondTicks,
  TEAMS_USER_SCP,
  TokenSigner,
} from '../../src/emulator/tokens.js'

type SignedRequest = SignedRequestHead & {body: Buffer}

/** The emulator's two steps: the signature over the headers (before any body is read), then the body's hash. */
function authenticate(req: SignedRequest, key: Buffer, now: number): void {
  verifyContentHash(req.body, verifySignedHeaders(req, key, now))
}

const KEY = Buffer.alloc(32, 5)
const NOW = Date.parse('2026-01-02T03:04:05.000Z')
const BODY = Buffer.from('{"createTokenWithScopes":["chat"]}')
const HOST = '127.0.0.1:8080'
const PATH = '/identities?api-version=2023-10-01'

interface Signing {
  signedHeaders?: string
  headers?: Record<string, string | string[]>
  date?: number
  key?: Buffer
  method?: string
  path?: string
  body?: Buffer
  scheme?: string
  signature?: (base64: string) => string
}

function request(options: Signing = {}): SignedRequest {
  const body = options.body ?? BODY
  const headers: Record<string, string | string[]> = {
    host: HOST,
    'x-ms-date': new Date(options.date ?? NOW).toUTCString(),
    'x-ms-content-sha256': createHash('sha256').update(body).digest('base64'),
    ...options.headers,
  }
  const names = options.signedHeaders ?? 'x-ms-date;host;x-ms-content-sha256'
  const values = names.split(';').map((name) => {
    const value = headers[name.toLowerCase()]
    return Array.isArray(value) ? value.join(', ') : value
  })
  const stringToSign = `${options.method ?? 'POST'}\n${options.path ?? PATH}\n${values.join(';')}`
  let signature = createHmac('sha256', options.key ?? KEY)
    .update(stringToSign)
    .digest('base64')
  if (options.signature) signature = options.signature(signature)
  headers.authorization = `${options.scheme ?? 'HMAC-SHA256'} SignedHeaders=${names}&Signature=${signature}`
  return {method: 'POST', pathAndQuery: PATH, headers, body: BODY}
}

const outcome = (req: SignedRequest, now = NOW): string => {
  try {
    authenticate(req, KEY, now)
    return 'ok'
  } catch (error) {
    const {status, code, message} = error as {status: number; code: string; message: string}
    return `${status} ${code}: ${message}`
  }
}
const DENIED = '401 Denied: Denied by the resource provider.'
const HASH_MISMATCH = "401 Denied: Request 'x-ms-content-sha256' differs from generated content hash."

describe('emulator HMAC: what must be signed', () => {
  it('accepts a request signed as the SDKs sign it', () => expect(outcome(request())).to.equal('ok'))

  it('denies a correct signature whose SignedHeaders leave out host (it could be replayed to another host)', () => {
    expect(outcome(request({signedHeaders: 'x-ms-date;x-ms-content-sha256'}))).to.equal(DENIED)
  })

  it('denies a correct signature whose SignedHeaders leave out x-ms-content-sha256 (the body would be unsigned)', () => {
    expect(outcome(request({signedHeaders: 'x-ms-date;host'}))).to.equal(DENIED)
  })

  it('denies a correct signature over no date header', () => {
    expect(outcome(request({signedHeaders: 'host;x-ms-content-sha256'}))).to.equal(DENIED)
  })

  it('accepts the Date header instead of x-ms-date, in any case and order', () => {
    const date = new Date(NOW).toUTCString()
    expect(outcome(request({signedHeaders: 'Date;HOST;x-ms-content-sha256', headers: {date}}))).to.equal('ok')
    expect(outcome(request({signedHeaders: 'host;x-ms-content-sha256;x-ms-date'}))).to.equal('ok')
  })

  it('judges the x-ms-date, not a Date header, when both are signed', () => {
    const stale = new Date(NOW - 10 * 60_000).toUTCString()
    expect(
      outcome(request({signedHeaders: 'x-ms-date;date;host;x-ms-content-sha256', headers: {date: stale}})),
    ).to.equal('ok')
    expect(
      outcome(
        request({
          signedHeaders: 'x-ms-date;date;host;x-ms-content-sha256',
          headers: {date: new Date(NOW).toUTCString(), 'x-ms-date': stale},
        }),
      ),
    ).to.equal(DENIED)
  })

  it('denies a signed header that is missing from the request', () => {
    expect(outcome(request({signedHeaders: 'x-ms-date;host;x-ms-content-sha256;x-extra'}))).to.equal(DENIED)
  })

  it('signs repeated headers joined by ", "', () => {
    expect(
      outcome(request({signedHeaders: 'x-ms-date;host;x-ms-content-sha256;x-extra', headers: {'x-extra': ['a', 'b']}})),
    ).to.equal('ok')
  })

  it('accepts the scheme name in any case and more than one space before SignedHeaders', () => {
    expect(outcome(request({scheme: 'hmac-sha256'}))).to.equal('ok')
    expect(outcome(request({scheme: 'HMAC-SHA256 '}))).to.equal('ok')
  })

  it('denies other schemes and garbled headers', () => {
    for (const scheme of ['HMAC-SHA1', 'Bearer', 'xHMAC-SHA256'])
      expect(outcome(request({scheme})), scheme).to.equal(DENIED)
    const req = request()
    for (const authorization of [
      '',
      'HMAC-SHA256',
      'HMAC-SHA256 SignedHeaders=host',
      'HMAC-SHA256 SignedHeaders=&Signature=x',
      `${req.headers.authorization} trailing`,
      `x ${req.headers.authorization}`,
    ]) {
      expect(outcome({...req, headers: {...req.headers, authorization}}), authorization).to.equal(DENIED)
    }
    const {authorization: _, ...unsigned} = req.headers
    expect(outcome({...req, headers: unsigned})).to.equal(DENIED)
  })
})

describe('emulator HMAC: the signature', () => {
  it('denies a signature made with another key, method or path', () => {
    expect(outcome(request({key: Buffer.alloc(32, 6)}))).to.equal(DENIED)
    expect(outcome(request({method: 'GET'}))).to.equal(DENIED)
    expect(outcome(request({path: '/identities?api-version=2022-10-01'}))).to.equal(DENIED)
    expect(outcome(request({path: '/identities'}))).to.equal(DENIED)
  })

  it('denies a signature that is cut short, lengthened or not in canonical base64', () => {
    expect(outcome(request({signature: (s) => s.slice(0, -4)}))).to.equal(DENIED)
    expect(outcome(request({signature: (s) => `${s}AAAA`}))).to.equal(DENIED)
    expect(outcome(request({signature: (s) => s.replace(/=$/, '')}))).to.equal(DENIED)
    expect(outcome(request({signature: (s) => Buffer.from(s, 'base64').toString('base64url')}))).to.equal(
      Buffer.from(request().headers.authorization!.toString().split('Signature=')[1], 'base64').toString(
        'base64url',
      ) === request().headers.authorization!.toString().split('Signature=')[1]
        ? 'ok'
        : DENIED,
    )
    expect(
      outcome(request({signature: (s) => `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`})),
    ).to.equal(DENIED)
    expect(outcome(request({signature: () => ''}))).to.equal(DENIED)
  })

  it('answers the content-hash message when the body is not the one signed', () => {
    const req = request()
    expect(outcome({...req, body: Buffer.from('{}')})).to.equal(HASH_MISMATCH)
  })

  it('accepts dates up to five minutes away on either side, and no further', () => {
    expect(MAX_CLOCK_SKEW_MS).to.equal(300_000)
    for (const offset of [0, 1000, -1000, 300_000, -300_000])
      expect(outcome(request({date: NOW + offset})), String(offset)).to.equal('ok')
    for (const offset of [301_000, -301_000, 3_600_000])
      expect(outcome(request({date: NOW + offset})), String(offset)).to.equal(DENIED)
  })

  it('denies a date that does not parse', () => {
    expect(outcome(request({headers: {'x-ms-date': 'yesterday'}}))).to.equal(DENIED)
    expect(outcome(request({headers: {'x-ms-date': ''}}))).to.equal(DENIED)
  })
})

describe('emulator tokens', () => {
  const pem = generateSigningKeyPem()
  const signer = new TokenSigner(pem)
  const claims = {skypeid: 'acs:r_1', scp: ACS_USER_SCP, csi: '1', iat: 1, exp: 2, acsScope: 'chat', resourceId: 'r'}

  it('signs RS256 JWTs with a kid that is the upper-case SHA-1 of the public key', async () => {
    const token = await signer.sign(claims)
    const [header, payload, signature] = token.split('.')
    const publicKey = createPublicKey(pem)
    const kid = createHash('sha1')
      .update(publicKey.export({type: 'spki', format: 'der'}))
      .digest('hex')
      .toUpperCase()
    expect(signer.keyId).to.equal(kid)
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).to.deep.equal({alg: 'RS256', kid, typ: 'JWT'})
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString())).to.deep.equal(claims)
    expect(
      verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url')),
    ).to.equal(true)
    expect(signature).to.match(/^[\w-]+$/)
  })

  it('verifies its own tokens and nothing else', async () => {
    const token = await signer.sign(claims)
    expect(signer.verify(token)).to.deep.equal(claims)
    const [header, payload, signature] = token.split('.')
    const other = await new TokenSigner(generateSigningKeyPem()).sign(claims)
    expect(signer.verify(other)).to.equal(undefined)
    expect(
      signer.verify(`${header}.${base64url(JSON.stringify({...claims, scp: TEAMS_USER_SCP}))}.${signature}`),
    ).to.equal(undefined)
    expect(signer.verify(`${header}.${payload}`)).to.equal(undefined)
    expect(signer.verify(`${header}.${payload}.${signature}.x`)).to.equal(undefined)
    expect(signer.verify(`${base64url('{"alg":"none"}')}.${payload}.${signature}`)).to.equal(undefined)
    expect(signer.verify('')).to.equal(undefined)
  })

  it('returns undefined for a correctly signed payload that is not JSON', async () => {
    // Sign a non-JSON payload with the same key, bypassing sign()'s JSON encoding.
    const {sign} = await import('node:crypto')
    const [header] = (await signer.sign(claims)).split('.')
    const payload = base64url('not json')
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), pem).toString('base64url')
    expect(signer.verify(`${header}.${payload}.${signature}`)).to.equal(undefined)
  })

  it('refuses a token signed with its key under another header (only its own header is trusted)', async () => {
    const {sign} = await import('node:crypto')
    const [, payload] = (await signer.sign(claims)).split('.')
    const header = base64url(JSON.stringify({alg: 'RS256', kid: 'someone-else', typ: 'JWT'}))
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), pem).toString('base64url')
    expect(signer.verify(`${header}.${payload}.${signature}`)).to.equal(undefined)
  })

  it('knows the scp values of ACS and Teams user tokens', () => {
    expect([ACS_USER_SCP, TEAMS_USER_SCP]).to.deep.equal([1792, 1024])
  })

  it('writes expiresOn with seven fractional digits and +00:00', () => {
    expect(formatExpiresOn(Date.parse('2023-12-16T10:43:24.415Z'), 4455)).to.equal('2023-12-16T10:43:24.4154455+00:00')
    expect(formatExpiresOn(Date.parse('2023-12-16T10:43:24.415Z'))).to.equal('2023-12-16T10:43:24.4150000+00:00')
    expect(formatExpiresOn(Date.parse('2023-12-16T10:43:24.005Z'), 7.9)).to.equal('2023-12-16T10:43:24.0050007+00:00')
  })

  it('keeps sub-millisecond ticks within 1..9999 with a last digit that is never 0', () => {
    for (let i = 0; i < 200; i++) {
      const ticks = subMillisecondTicks()
      expect(Number.isInteger(ticks)).to.equal(true)
      expect(ticks).to.be.within(1, 9999)
      expect(ticks % 10).to.not.equal(0)
    }
  })

  it('encodes base64url without padding', () => {
    expect(base64url('??>')).to.equal('Pz8-')
    expect(base64url('a')).to.equal('YQ')
  })
})
