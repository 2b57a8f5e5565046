/**
 * Starts the emulator in this process:
 *
 *   const emulator = await startEmulator({port: 0})
 *   const client = new CommunicationIdentityClient(emulator.connectionString, {allowInsecureConnection: true})
 *   ...
 *   await emulator.close()
 *
 * `tls.cert` / `tls.key` take PEM text (starting with `-----BEGIN`) or the path of a PEM file.
 * `aadJwks` takes the path of a JWKS file or the parsed JWKS; without it Entra token signatures (and their audience,
 * issuer and tenant) are not checked. The public key of the tokens it issues is served at `GET /.well-known/jwks.json`.
 */
import {type JsonWebKey, randomBytes, randomUUID} from 'node:crypto'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import type {AddressInfo} from 'node:net'

import {applyLimits, createRequestListener, DEFAULT_LIMITS, type EmulatorLimits, JWKS_PATH} from './server.js'
import {IdentityStore, type StorageFault} from './store.js'
import {DEFAULT_AAD_AUDIENCE, loadEntraKeys} from './teams.js'
import {EntraIssuer, type EntraIssuerOptions} from './entra/index.js'
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
  /** With `aadJwks`: the tenant (GUID) whose Entra tokens are accepted; default any tenant. */
  aadTenant?: string
  /** With `aadJwks`: the audience Entra tokens must have; default `https://auth.msft.communication.azure.com`. */
  aadAudience?: string
  /** The built-in Entra ID issuer and bearer authentication (src/emulator/entra); false turns both off. */
  entra?: EntraIssuerOptions | false
  /** Receives one line per request: method, path, status, milliseconds. */
  logger?: (line: string) => void
  /** Receives the cause of each 500 (a bug); default stderr. Never given a key, signature, token or body. */
  errorLogger?: (line: string) => void
  /** Budgets and timeouts (see EmulatorLimits); the defaults suit a port anyone may reach. */
  limits?: Partial<EmulatorLimits>
  /** For tests: fails data-file writes on demand. */
  storageFault?: StorageFault
  /** Epoch milliseconds; tests move it to check expiry, clock skew and revocation. Default Date.now. */
  clock?: () => number
}

export type AccessTokenStatus = 'valid' | 'invalid' | 'expired' | 'revoked' | 'unknown-identity'

export interface RunningEmulator {
  /** `http(s)://host:port/`: where a client connects (loopback for a wildcard bind). */
  url: string
  /** The address the server is bound to, as the system reports it (`0.0.0.0`, `::1`, ...). */
  address: string
  /** Where the JWKS of the key that signs issued tokens is served. */
  jwksUrl: string
  /** Things to tell the user at start (for example a data file other users can read). */
  warnings: string[]
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
  if (options.host !== undefined && options.host.trim() === '')
    throw new Error('The host to listen on must not be empty.')
  if (options.aadTenant !== undefined && !GUID.test(options.aadTenant))
    throw new Error('The Entra tenant must be a GUID.')
  const limits = {...DEFAULT_LIMITS, ...options.limits}
  const entraKeys = options.aadJwks ? loadEntraKeys(options.aadJwks) : undefined
  const now = options.clock ?? Date.now
  const store = await IdentityStore.open(
    options.dataFile,
    {accessKey: options.accessKey, resourceId: options.resourceId?.toLowerCase()},
    {accessKey: () => randomBytes(64).toString('base64'), resourceId: randomUUID, signingKeyPem: generateSigningKeyPem},
    options.storageFault,
  )
  let server: http.Server
  try {
    const signer = new TokenSigner(store.state.signingKeyPem)
    const scheme = options.tls ? 'https' : 'http'
    const entra = options.entra === false ? undefined : new EntraIssuer(options.entra)
    const listener = createRequestListener({
      entra,
      store,
      signer,
      now,
      entraKeys,
      entraExpect: {audience: options.aadAudience ?? DEFAULT_AAD_AUDIENCE, tenant: options.aadTenant},
      accessKey: Buffer.from(store.state.accessKey, 'base64'),
      scheme,
      limits,
      jwks: signer.jwks(),
      log: options.logger,
      errorLog: options.errorLogger ?? ((line) => process.stderr.write(`${line}\n`)),
    })
    const serverOptions = {connectionsCheckingInterval: 1000, maxHeaderSize: 16 * 1024}
    server = options.tls
      ? https.createServer(
          {
            ...serverOptions,
            cert: readPem(options.tls.cert),
            key: readPem(options.tls.key),
            handshakeTimeout: limits.headersTimeoutMs,
          },
          listener,
        )
      : http.createServer(serverOptions, listener)
    applyLimits(server, limits)

    const host = options.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    return running(options, store, signer, server, scheme, now, entra)
  } catch (error) {
    await store.close()
    throw error
  }
}

function running(
  options: EmulatorOptions,
  store: IdentityStore,
  signer: TokenSigner,
  server: http.Server,
  scheme: string,
  now: () => number,
  entra: EntraIssuer | undefined,
): RunningEmulator {
  const {address, port} = server.address() as AddressInfo
  // The name given (a certificate may be for it), unless it is a wildcard: then the loopback address.
  const url = `${scheme}://${urlHost(options.host ?? address)}:${port}/`
  entra?.setOrigin(url)
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()))

  return {
    url,
    address,
    jwksUrl: new URL(JWKS_PATH, url).toString(),
    warnings: store.warnings,
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
      // A token issued after a revoke is dated past the revoke's second (see issueAcsToken), so this is exact.
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
      await store.close()
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
