/**
 * Test helpers: a request signer written from the API doc (independent of the emulator's own HMAC code), a raw
 * HTTP(S) client that shows exactly what the emulator answered, and the TLS test fixtures.
 */
import {type ChildProcess, spawn} from 'node:child_process'
import {createHash, createHmac} from 'node:crypto'
import {readFileSync} from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const FIXTURES = join(here, 'fixtures')
export const TLS = {
  ca: join(FIXTURES, 'tls', 'ca.pem'),
  cert: join(FIXTURES, 'tls', 'server.pem'),
  key: join(FIXTURES, 'tls', 'server-key.pem'),
}
export const TEST_CA = readFileSync(TLS.ca, 'utf8')

export const API_VERSION = '2023-10-01'

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
  /** The parsed body, or undefined when it is empty. */
  json: any
}

export interface SignOptions {
  method: string
  url: string
  body?: string
  accessKey: string
  /** Defaults to now. */
  date?: Date
  /** What to put in the string to sign instead of the real host. */
  signedHost?: string
  /** What to send as x-ms-content-sha256 instead of the body's hash. */
  contentHash?: string
}

/** The headers the SDKs send, signed as the API doc says. */
export function signedHeaders(options: SignOptions): Record<string, string> {
  const url = new URL(options.url)
  const body = options.body ?? ''
  const date = (options.date ?? new Date()).toUTCString()
  const contentHash = options.contentHash ?? createHash('sha256').update(body).digest('base64')
  const host = options.signedHost ?? url.host
  const stringToSign = `${options.method}\n${url.pathname}${url.search}\n${date};${host};${contentHash}`
  const signature = createHmac('sha256', Buffer.from(options.accessKey, 'base64')).update(stringToSign).digest('base64')
  return {
    'x-ms-date': date,
    'x-ms-content-sha256': contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    'content-type': 'application/json',
  }
}

/** One request with exactly these headers; the answer is returned whatever its status. */
export function rawRequest(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  const target = new URL(url)
  const transport = target.protocol === 'https:' ? https : http
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method,
        headers: {...headers, 'content-length': String(Buffer.byteLength(body ?? ''))},
        ca: TEST_CA,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({status: res.statusCode ?? 0, headers: res.headers, text, json: text ? JSON.parse(text) : undefined})
        })
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** A correctly signed request to the emulator. */
export function signedRequest(
  emulator: {url: string; accessKey: string},
  method: string,
  pathAndQuery: string,
  body?: unknown,
): Promise<RawResponse> {
  const url = new URL(pathAndQuery, emulator.url).toString()
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body)
  return rawRequest(method, url, signedHeaders({method, url, body: text, accessKey: emulator.accessKey}), text)
}

export const identityPath = (id: string, action = '') =>
  `/identities/${encodeURIComponent(id)}${action}?api-version=${API_VERSION}`

export function decodeJwt(token: string): {header: any; payload: any} {
  const [header, payload] = token.split('.')
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
  }
}

/** An unsigned JWT with these claims (the emulator checks Entra signatures only when given keys). */
export function unsignedJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {alg: 'RS256', typ: 'JWT'},
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${encode(header)}.${encode(claims)}.c2lnbmF0dXJl`
}

export interface EmulatorProcess {
  child: ChildProcess
  connectionString: string
  url: string
  accessKey: string
  /** Everything the process wrote to stderr so far. */
  stderr: () => string
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>
}

const START_COMMAND = join(FIXTURES, 'start-command.ts')

/** Starts `azc communication emulator start <args>` as a child process and waits for its connection string. */
export function spawnEmulator(args: string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', START_COMMAND, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  )
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const newline = stdout.indexOf('\n')
      if (newline === -1) return
      const connectionString = stdout.slice(0, newline)
      const match = /^endpoint=(.+);accesskey=(.+)$/.exec(connectionString)
      if (!match) return reject(new Error(`unexpected first line: ${connectionString}`))
      resolve({child, connectionString, url: match[1], accessKey: match[2], stderr: () => stderr, exited})
    })
    exited.then((code) =>
      reject(new Error(`emulator exited (${code}) before printing its connection string: ${stderr}`)),
    )
  })
}

/**
 * The identities a data file holds, read from the documented journal format (a header line, then `{"c":id}` create,
 * `{"r":id}` revoke and `{"d":id}` delete lines; a last line without its newline is a torn write and does not count).
 */
export function savedIdentities(text: string): Map<string, {createdAt: number; revokedAt?: number}> {
  const lines = text.split('\n')
  const header = JSON.parse(lines[0])
  if (header.format !== 'azc-acs-identity-emulator/2') throw new Error(`unexpected format ${header.format}`)
  lines.pop()
  const identities = new Map<string, {createdAt: number; revokedAt?: number}>()
  for (const line of lines.slice(1)) {
    const entry = JSON.parse(line)
    if (entry.c) identities.set(entry.c, {createdAt: entry.t})
    else if (entry.r && identities.has(entry.r)) identities.get(entry.r)!.revokedAt = entry.t
    else if (entry.d) identities.delete(entry.d)
  }
  return identities
}

/** The header line of a data file: access key, resource id, signing key. */
export const savedHeader = (text: string) => JSON.parse(text.slice(0, text.indexOf('\n')))

/** The emulator child's resident memory in MB (Linux /proc). */
export function residentMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}
