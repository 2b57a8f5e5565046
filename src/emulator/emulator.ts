/**
 * Starts the emulator in this process:
 *
 *   const emulator = await startEmulator({port: 0})
 *   const client = new CommunicationIdentityClient(emulator.connectionString, {allowInsecureConnection: true})
 *   ...
 *   await emulator.close()
 *
 * `tls.cert` / `tls.key` take PEM text (starting with `-----BEGIN`) or the path of a PEM file.
 * `aadJwks` takes the path of a JWKS file or the parsed JWKS; without it Entra token signatures are not checked.
 */
import {type JsonWebKey, randomBytes, randomUUID} from 'node:crypto'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'

import {EntraIssuer, type EntraIssuerOptions} from './entra/index.js'
import {createRequestListener} from './server.js'
import {IdentityStore} from './store.js'
import {loadEntraKeys} from './teams.js'
import {generateSigningKeyPem, TokenSigner} from './tokens.js'

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string
  /** Default 0: a free port. */
  port?: number
  /** Base64 access key; default: the data file's, else a random one. */
  accessKey?: string
  /** Resource GUID of the ids; default: the data file's, else a random one. */
  resourceId?: string
  tls?: {cert: string; key: string}
  /** State file (identities, revocations, signing key, access key, resource id); without it state is in memory. */
  dataFile?: string
  aadJwks?: string | {keys: JsonWebKey[]}
  /** The built-in Entra ID issuer and bearer authentication (src/emulator/entra); false turns both off. */
  entra?: EntraIssuerOptions | false
  /** Receives one line per request: method, path, status, milliseconds. */
  logger?: (line: string) => void
  /** Epoch milliseconds; tests move it to check expiry, clock skew and revocation. Default Date.now. */
  clock?: () => number
}

export type AccessTokenStatus = 'valid' | 'invalid' | 'expired' | 'revoked' | 'unknown-identity'

export interface RunningEmulator {
  /** `http(s)://host:port/` */
  url: string
  connectionString: string
  accessKey: string
  resourceId: string
  port: number
  /** The built-in Entra ID issuer: its tenant, test principal, managed-identity endpoint, and a token minter. */
  entra?: EntraIssuer
  /** Whether a token the emulator issued still holds: signature, expiry, and the identity's revocations. */
  checkAccessToken(token: string): AccessTokenStatus
  /** Stops listening, lets requests in flight finish (up to a second) and waits for the last state write. */
  close(): Promise<void>
}

const CLOSE_GRACE_MS = 1000

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  if (options.accessKey !== undefined && !isBase64(options.accessKey)) {
    throw new Error('The access key must be base64 text (as in an ACS connection string).')
  }
  if (options.resourceId !== undefined && !GUID.test(options.resourceId)) {
    throw new Error(`The resource id must be a GUID, for example ${randomUUID()}.`)
  }
  const now = options.clock ?? Date.now
  const store = await IdentityStore.open(
    options.dataFile,
    {accessKey: options.accessKey, resourceId: options.resourceId?.toLowerCase()},
    {accessKey: () => randomBytes(64).toString('base64'), resourceId: randomUUID, signingKeyPem: generateSigningKeyPem},
  )
  const signer = new TokenSigner(store.state.signingKeyPem)
  const scheme = options.tls ? 'https' : 'http'
  const entra = options.entra === false ? undefined : new EntraIssuer(options.entra)
  const listener = createRequestListener({
    entra,
    store,
    signer,
    now,
    entraKeys: options.aadJwks ? loadEntraKeys(options.aadJwks) : undefined,
    accessKey: Buffer.from(store.state.accessKey, 'base64'),
    scheme,
    log: options.logger,
  })
  const server = options.tls
    ? https.createServer({cert: readPem(options.tls.cert), key: readPem(options.tls.key)}, listener)
    : http.createServer(listener)
  // Longer than the SDKs' idle keep-alive, so the server is never the side that closes a connection being reused.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000

  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  const url = `${scheme}://${urlHost(host)}:${port}/`
  entra?.setOrigin(url)
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()))

  return {
    url,
    connectionString: `endpoint=${url};accesskey=${store.state.accessKey}`,
    accessKey: store.state.accessKey,
    resourceId: store.state.resourceId,
    port,
    entra,
    checkAccessToken(token) {
      const claims = signer.verify(token)
      if (!claims) return 'invalid'
      if (claims.exp * 1000 <= now()) return 'expired'
      if (!claims.skypeid.startsWith('acs:')) return 'valid'
      const identity = store.get(`8:${claims.skypeid}`)
      if (!identity) return 'unknown-identity'
      // iat has whole seconds: a token from the second of a revoke counts as revoked, the safe side.
      if (identity.revokedAt !== undefined && claims.iat * 1000 <= identity.revokedAt) return 'revoked'
      return 'valid'
    },
    async close() {
      // Requests in flight get a moment to finish (and their writes to land); idle keep-alive sockets close now.
      server.close()
      server.closeIdleConnections()
      const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
      await closed
      clearTimeout(deadline)
      await store.persist()
    },
  }
}

/** Wildcard addresses are not where a client connects: name the loopback address instead. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function readPem(value: string): string {
  return value.trimStart().startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8')
}

function isBase64(text: string): boolean {
  return text.length > 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0
}
