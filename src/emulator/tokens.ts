/**
 * Access tokens: RS256 JWTs signed with the emulator's own key pair, with the claims the service puts in its tokens.
 * Signing runs on libuv's thread pool (async crypto.sign), so a busy emulator signs on every core it has while the
 * event loop keeps serving; the header is encoded once per key.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  KeyObject,
  sign,
  verify,
} from 'node:crypto'

/** `scp` of a token for an ACS user and of one for a Teams user. */
export const ACS_USER_SCP = 1792
export const TEAMS_USER_SCP = 1024

export interface AccessTokenClaims {
  skypeid: string
  scp: number
  csi: string
  iat: number
  exp: number
  acsScope?: string
  tid?: string
  resourceId: string
}

export interface IssuedToken {
  token: string
  /** The `expiresOn` string of the service's JSON. */
  expiresOn: string
}

export function generateSigningKeyPem(): string {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  return privateKey.export({type: 'pkcs8', format: 'pem'}) as string
}

export class TokenSigner {
  private readonly privateKey: KeyObject
  private readonly publicKey: KeyObject
  private readonly encodedHeader: string
  /** The `kid` header: the SHA-1 thumbprint of the public key, upper-case hex like the service's. */
  readonly keyId: string

  constructor(privateKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem)
    this.publicKey = createPublicKey(this.privateKey)
    const der = this.publicKey.export({type: 'spki', format: 'der'})
    this.keyId = createHash('sha1').update(der).digest('hex').toUpperCase()
    this.encodedHeader = base64url(JSON.stringify({alg: 'RS256', kid: this.keyId, typ: 'JWT'}))
  }

  /** The JWKS document of the public key, so a client can verify the tokens this signer issues. */
  jwks(): {keys: JsonWebKey[]} {
    return {keys: [{...this.publicKey.export({format: 'jwk'}), kid: this.keyId, alg: 'RS256', use: 'sig'}]}
  }

  async sign(claims: AccessTokenClaims): Promise<string> {
    const signingInput = `${this.encodedHeader}.${base64url(JSON.stringify(claims))}`
    const signature = await new Promise<Buffer>((resolve, reject) => {
      sign('sha256', Buffer.from(signingInput), this.privateKey, (error, result) =>
        error ? reject(error) : resolve(result),
      )
    })
    return `${signingInput}.${signature.toString('base64url')}`
  }

  /** The claims of a token this signer made, or undefined when the token is not one (bad shape or signature). */
  verify(token: string): AccessTokenClaims | undefined {
    const parts = token.split('.')
    if (parts.length !== 3 || parts[0] !== this.encodedHeader) return undefined
    const valid = verify(
      'sha256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      this.publicKey,
      Buffer.from(parts[2], 'base64url'),
    )
    if (!valid) return undefined
    try {
      return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as AccessTokenClaims
    } catch {
      return undefined
    }
  }
}

export const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url')

/**
 * `expiresOn` as the service writes it: .NET's round-trip form, seven fractional digits and `+00:00`, for example
 * `2023-12-16T10:43:24.4152455+00:00`. Our clock has milliseconds, so `subMillisecondTicks` (0-9999, 100 ns each)
 * supplies the last four digits.
 */
export function formatExpiresOn(epochMs: number, subMillisecondTicks = 0): string {
  const iso = new Date(epochMs).toISOString() // 2023-12-16T10:43:24.415Z
  const ticks = String(Math.trunc(subMillisecondTicks)).padStart(4, '0')
  return `${iso.slice(0, 23)}${ticks}+00:00`
}

/**
 * Sub-millisecond digits for `formatExpiresOn`. The service prints up to seven digits and drops trailing zeros, so a
 * last digit of 0 never shows in a seven-digit value; this keeps it 1-9 and the form always seven digits long.
 */
export function subMillisecondTicks(): number {
  const nanos = Number(process.hrtime.bigint() % 1_000_000n)
  return Math.trunc(nanos / 1000) * 10 + 1 + (nanos % 9)
}
