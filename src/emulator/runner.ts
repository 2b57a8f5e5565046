/**
 * The foreground emulator behind `azc communication emulator start`: prints the connection string as the first
 * line of stdout, one line per request on stderr, and serves until SIGINT/SIGTERM (or `stop`), then closes.
 */
import {type EmulatorOptions, startEmulator} from './emulator.js'
import type {EntraIssuer} from './entra/index.js'

export interface ForegroundOptions extends Omit<EmulatorOptions, 'logger'> {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Stops the emulator when aborted; default: the first SIGINT or SIGTERM the process gets. */
  stop?: AbortSignal
}

/** Resolves once the server has closed and the last state write has landed. */
export async function runEmulatorInForeground(options: ForegroundOptions): Promise<void> {
  const {stdout, stderr, stop, ...emulatorOptions} = options
  const emulator = await startEmulator({
    ...emulatorOptions,
    logger: (line) => stderr(`${line}\n`),
    errorLogger: (line) => stderr(`${line}\n`),
  })
  // Listen for the stop before printing: whoever reads the connection string may signal at once.
  const stopped = stop ? aborted(stop) : firstSignal(['SIGINT', 'SIGTERM'])
  stdout(`${emulator.connectionString}\n`)
  const state = emulatorOptions.dataFile ? `state in ${emulatorOptions.dataFile}` : 'state in memory only'
  const bound = boundUrl(emulator.url, emulator.address)
  const where = bound === emulator.url ? emulator.url : `${bound} (clients use ${emulator.url})`
  for (const warning of emulator.warnings) stderr(`WARNING: ${warning}\n`)
  if (!isLoopback(emulator.address)) {
    stderr(
      `WARNING: listening on ${emulator.address}, which is not a loopback address: anyone who can reach this port can ` +
        'try it. Requests must still be signed with the access key.\n',
    )
  }
  if (!emulatorOptions.aadJwks) {
    stderr('AAD (Entra) token signatures in the Teams exchange are NOT checked; give --aad-jwks to check them.\n')
  }
  stderr(`ACS Identity emulator listening on ${where} (resource ${emulator.resourceId}, ${state}). Stop with Ctrl+C.\n`)
  if (emulator.entra) stderr(entraBanner(emulator.entra, emulator.url.startsWith('https:')))

  await stopped
  await emulator.close()
  stderr('ACS Identity emulator stopped.\n')
}

/** How to sign in against the built-in Entra issuer: the test principal and the managed-identity endpoint. */
function entraBanner(entra: EntraIssuer, tls: boolean): string {
  const lines = [
    `Entra ID issuer for --auth-mode login: tenant ${entra.tenantId}${tls ? '' : ' (needs --cert and --key: sign-in requires https)'}`,
    `  service principal: AZURE_AUTHORITY_HOST=${entra.authorityHost} AZURE_TENANT_ID=${entra.tenantId} AZURE_CLIENT_ID=${entra.servicePrincipal.appId} AZURE_CLIENT_SECRET=${entra.servicePrincipal.secret}`,
    `  managed identity:  IDENTITY_ENDPOINT=${entra.identityEndpoint} IDENTITY_HEADER=${entra.identityHeader}`,
  ]
  return `${lines.join('\n')}\n`
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), {once: true}))
}

function firstSignal(signals: NodeJS.Signals[]): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = () => {
      for (const name of signals) process.off(name, onSignal)
      resolve()
    }
    for (const name of signals) process.on(name, onSignal)
  })
}

/** The URL of the address actually bound (a wildcard one included), on the client URL's scheme and port. */
function boundUrl(url: string, address: string): string {
  const parsed = new URL(url)
  parsed.hostname = address.includes(':') ? `[${address}]` : address
  return parsed.toString()
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}
