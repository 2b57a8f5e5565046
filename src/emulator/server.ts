/**
 * The HTTP(S) front of the emulator: authenticates the request from its headers, then reads its body (under a cap
 * and a global budget), routes it, runs the operation and writes the service's answer. Authentication comes first,
 * as at the service's gateway, so an unsigned request learns nothing about routes and its body is never read: the
 * connection is closed after the 401. One log line per request names method, path, status and time, never a header
 * or a body, so no key, signature or token can reach it.
 *
 * Everything that listens treats every byte as hostile until authenticated: header and request timeouts, an idle
 * timeout on bodies, a cap on open connections (the oldest idle or unauthenticated one makes room for a new one), a
 * per-request body cap and a budget for all bodies in flight. A request the emulator cannot parse or validate gets a
 * 4xx with the service's error body; a 500 is a bug, logged with its cause.
 */
import type {IncomingMessage, RequestListener, Server, ServerResponse} from 'node:http'
import type {Socket} from 'node:net'

import {authenticate, checkBody} from './auth.js'
import {
  headersTooLarge,
  internalError,
  invalidBody,
  malformedRequest,
  payloadTooLarge,
  requestTimeout,
  serverBusy,
  ServiceError,
} from './errors.js'
import type {EntraIssuer} from './entra/index.js'
import {runOperation, type ServiceContext} from './operations.js'
import {route} from './routes.js'

export interface EmulatorLimits {
  /** Largest request body, bytes (an Entra token is a few KB). Default 1 MiB. */
  maxBodyBytes: number
  /** Bytes of request bodies held at once over all requests; past it, 503 with Retry-After. Default 32 MiB. */
  bodyBudgetBytes: number
  /** Open connections; at the cap the oldest connection not serving a request is closed. Default 1000. */
  maxConnections: number
  /** Time to receive a request's headers, from connection or keep-alive reuse. Default 10 s. */
  headersTimeoutMs: number
  /** Time to receive a whole request. Default 30 s. */
  requestTimeoutMs: number
  /** Longest pause between two pieces of a body. Default 5 s. */
  bodyIdleTimeoutMs: number
}

export const DEFAULT_LIMITS: EmulatorLimits = {
  maxBodyBytes: 1024 * 1024,
  bodyBudgetBytes: 32 * 1024 * 1024,
  maxConnections: 1000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 5000,
}

export interface RequestHandlerOptions extends ServiceContext {
  accessKey: Buffer
  scheme: 'http' | 'https'
  limits: EmulatorLimits
  /** The JWKS document of the key that signs issued tokens, served at `GET /.well-known/jwks.json`. */
  jwks: unknown
  /** The Entra issuer: serves its own endpoints and checks bearer tokens (src/emulator/entra). */
  entra?: EntraIssuer
  log?: (line: string) => void
  /** Where 500s are reported with their cause. */
  errorLog: (line: string) => void
}

export const JWKS_PATH = '/.well-known/jwks.json'

/** Sockets serving an authenticated request: never closed to make room for a new connection. */
const busySockets = new WeakSet<Socket>()

/** The TCP socket under a request (the TLS socket's parent with https). */
const rawSocket = (socket: Socket): Socket => (socket as Socket & {_parent?: Socket})._parent ?? socket

export function createRequestListener(options: RequestHandlerOptions): RequestListener {
  const budget = new ByteBudget(options.limits.bodyBudgetBytes)
  return (req, res) => {
    const started = performance.now()
    const path = (req.url ?? '/').split('?')[0]
    const socket = req.socket
    if (options.log) {
      const log = options.log
      res.once('close', () => {
        const status = res.headersSent ? String(res.statusCode) : 'aborted'
        log(`${req.method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`)
      })
    }
    const entra = options.entra
    const handled = entra?.serves(path)
      ? entra.serve(req, res, path, options.now())
      : handle(options, budget, req, res, path)
    handled.catch((error: unknown) => {
      if (error instanceof ClientGone) {
        res.destroy()
        return
      }
      options.errorLog(`emulator: internal error answering ${req.method} ${path}: ${describe(error)}`)
      if (!res.headersSent && !socket.destroyed) sendError(req, res, internalError())
      else res.destroy()
    })
  }
}

async function handle(
  options: RequestHandlerOptions,
  budget: ByteBudget,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  try {
    if (req.method === 'GET' && path === JWKS_PATH) {
      send(req, res, 200, options.jwks)
      return
    }
    const auth = authenticate(req, options)
    const socket = rawSocket(req.socket)
    busySockets.add(socket)
    res.once('close', () => busySockets.delete(socket))
    const {body, release} = await readBody(req, budget, options.limits)
    try {
      checkBody(auth, body)
      const pathAndQuery = req.url ?? '/'
      const query = new URLSearchParams(pathAndQuery.slice(path.length + 1))
      const match = route(req.method ?? '', path, query, `${options.scheme}://${req.headers.host}${path}`)
      if (!match) {
        send(req, res, 404)
        return
      }
      const result = await runOperation(options, match, parseJson(body))
      send(req, res, result.status, result.body, {'api-supported-versions': match.supportedVersions.join(', ')})
    } finally {
      release()
    }
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    sendError(req, res, error)
  }
}

/** The request went away (closed or reset) before its body arrived: nothing to answer. */
class ClientGone extends Error {}

/** Bytes of bodies in flight, over all requests. */
class ByteBudget {
  private used = 0
  constructor(private readonly limit: number) {}
  reserve(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false
    this.used += bytes
    return true
  }

  release(bytes: number): void {
    this.used -= bytes
  }
}

/** The body, read under the per-request cap, the global budget and the idle timeout; `release` returns its bytes. */
function readBody(
  req: IncomingMessage,
  budget: ByteBudget,
  limits: EmulatorLimits,
): Promise<{body: Buffer; release: () => void}> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > limits.maxBodyBytes) return Promise.reject(payloadTooLarge())
  if (req.complete && req.readableLength === 0)
    return Promise.resolve({body: Buffer.alloc(0), release: () => undefined})
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const timer = setTimeout(() => fail(requestTimeout()), limits.bodyIdleTimeoutMs)
    const finish = () => {
      settled = true
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('close', onClose)
      req.off('error', onClose)
    }
    const fail = (error: Error) => {
      if (settled) return
      finish()
      budget.release(size)
      reject(error)
    }
    const onData = (chunk: Buffer) => {
      if (size + chunk.length > limits.maxBodyBytes) return fail(payloadTooLarge())
      if (!budget.reserve(chunk.length)) return fail(serverBusy())
      size += chunk.length
      chunks.push(chunk)
      timer.refresh()
    }
    const onEnd = () => {
      if (settled) return
      finish()
      const held = size
      resolve({body: Buffer.concat(chunks, size), release: () => budget.release(held)})
    }
    const onClose = () => fail(new ClientGone())
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('close', onClose)
    req.on('error', onClose)
  })
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined
  try {
    return JSON.parse(body.toString('utf8'))
  } catch {
    throw invalidBody('body', 'The request body is not valid JSON.')
  }
}

function sendError(req: IncomingMessage, res: ServerResponse, error: ServiceError): void {
  // A request whose body was not read to its end (refused before or while reading it) loses its connection once
  // answered: the rest of the body is never read.
  const unread = !req.complete
  send(
    req,
    res,
    error.status,
    error.toBody(),
    unread ? {...error.headers, connection: 'close'} : error.headers,
    'application/json',
  )
  if (unread) closeAfterAnswer(req.socket, res)
}

function closeAfterAnswer(socket: Socket | null, res: ServerResponse): void {
  if (!socket) return
  res.once('finish', () => {
    if (socket.destroyed) return
    socket.end()
    // A peer that never reads its answer does not keep the socket open.
    setTimeout(() => socket.destroy(), 1000).unref()
  })
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json; charset=utf-8',
): void {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8')
  const clientRequestId = req.headers['x-ms-client-request-id']
  res.writeHead(status, {
    ...headers,
    ...(payload ? {'content-type': contentType} : {}),
    // A 204 carries no Content-Length at all (RFC 9110), as the service's 204s show.
    ...(status === 204 ? {} : {'content-length': String(payload?.length ?? 0)}),
    ...(typeof clientRequestId === 'string' && clientRequestId.length <= 256
      ? {'x-ms-client-request-id': clientRequestId}
      : {}),
  })
  res.end(payload)
}

/**
 * The server-wide limits: header and request timeouts, checked every second; a connection cap that closes the oldest
 * connection not serving an authenticated request when a new one arrives; HTTP that does not parse answered with a
 * 4xx in the service's error body, then the connection closed.
 */
export function applyLimits(server: Server, limits: EmulatorLimits): void {
  server.headersTimeout = limits.headersTimeoutMs
  server.requestTimeout = limits.requestTimeoutMs
  // Longer than the SDKs' idle keep-alive, so the server is never the side that closes a connection being reused.
  server.keepAliveTimeout = 65_000
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    if (sockets.size <= limits.maxConnections) return
    for (const candidate of sockets) {
      if (candidate !== socket && !busySockets.has(candidate)) {
        candidate.destroy()
        return
      }
    }
    socket.destroy()
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || (socket as Socket & {_httpMessage?: unknown})._httpMessage) {
      socket.destroy()
      return
    }
    const answer =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? headersTooLarge()
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? requestTimeout()
          : malformedRequest()
    const payload = JSON.stringify(answer.toBody())
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n` +
        `connection: close\r\n\r\n${payload}`,
    )
    setTimeout(() => socket.destroy(), 1000).unref()
  })
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error)
}
