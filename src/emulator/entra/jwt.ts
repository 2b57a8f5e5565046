/**
 * The RS256 JWT pieces the emulator's Entra issuer and the Teams-token command share: signing with a private key,
 * the public key as a JWK (the issuer's JWKS, or the file `emulator start --aad-jwks` reads), and decoding.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'

export interface SigningKey {
  privateKey: KeyObject
  publicKey: KeyObject
  /** `kid`: base64url SHA-256 thumbprint of the public key's DER. */
  kid: string
}

export function newSigningKey(): SigningKey {
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  return signingKeyFrom(privateKey)
}

/** A signing key from a PEM private key (text) or a KeyObject. */
export function signingKeyFrom(key: string | KeyObject): SigningKey {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('The signing key must be an RSA private key.')
  const publicKey = createPublicKey(privateKey)
  const kid = createHash('sha256')
    .update(publicKey.export({type: 'spki', format: 'der'}))
    .digest('base64url')
    .slice(0, 27)
  return {privateKey, publicKey, kid}
}

export function privateKeyPem(key: SigningKey): string {
  return key.privateKey.export({type: 'pkcs8', format: 'pem'}) as string
}

/** The public key as a JWK, as Entra's JWKS lists it. */
export function publicJwk(key: SigningKey): JsonWebKey {
  const jwk = key.publicKey.export({format: 'jwk'})
  return {kty: 'RSA', use: 'sig', kid: key.kid, alg: 'RS256', n: jwk.n, e: jwk.e}
}

export function signJwt(claims: Record<string, unknown>, key: SigningKey): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
  const signed = `${encode({typ: 'JWT', alg: 'RS256', kid: key.kid})}.${encode(claims)}`
  return `${signed}.${sign('sha256', Buffer.from(signed), key.privateKey).toString('base64url')}`
}

export interface DecodedJwt {
  header: Record<string, unknown>
  claims: Record<string, unknown>
  signed: Buffer
  signature: Buffer
}

/** The parts of a compact JWT, or undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return undefined
  const header = decodeJson(parts[0])
  const claims = decodeJson(parts[1])
  if (!header || !claims) return undefined
  return {header, claims, signed: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2], 'base64url')}
}

export function signatureValid(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  return jwt.header.alg === 'RS256' && verify('sha256', jwt.signed, publicKey, jwt.signature)
}

/** A JWT's header or claims part: the JSON object it encodes, or undefined. */
export function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
