/**
 * The HTTP(S) front of the emulator: reads the request, authenticates it, routes it, runs the operation and writes
 * the service's answer. Authentication comes first, as at the service's gateway, so an unsigned request learns
 * nothing about routes. One log line per request names method, path, status and time, never a header or a body,
 * so no key, signature or token can reach it.
 */
import type {IncomingMessage, RequestListener, ServerResponse} from 'node:http'

import {internalError, invalidBody, payloadTooLarge, ServiceError} from './errors.js'
import {type EntraIssuer, authenticateBearer, isBearer} from './entra/index.js'
import {authenticate} from './hmac.js'
import {runOperation, type ServiceContext} from './operations.js'
import {route} from './routes.js'

/** Far above any real request (an Entra token is a few KB); larger bodies get 413 without being buffered. */
const MAX_BODY_BYTES = 1024 * 1024

export interface RequestHandlerOptions extends ServiceContext {
  accessKey: Buffer
  scheme: 'http' | 'https'
  /** The Entra issuer: serves its own endpoints and checks bearer tokens (src/emulator/entra). */
  entra?: EntraIssuer
  log?: (line: string) => void
}

export function createRequestListener(options: RequestHandlerOptions): RequestListener {
  return (req, res) => {
    const started = performance.now()
    const path = (req.url ?? '/').split('?')[0]
    if (options.log) {
      const log = options.log
      res.once('close', () => {
        const status = res.headersSent ? String(res.statusCode) : 'aborted'
        log(`${req.method} ${path} ${status} ${(performance.now() - started).toFixed(1)}ms`)
      })
    }
    const entra = options.entra
    const handled = entra?.serves(path) ? entra.serve(req, res, path, options.now()) : handle(options, req, res, path)
    handled.catch((error: unknown) => {
      if (!res.headersSent) sendError(req, res, internalError())
      else res.destroy(error as Error)
    })
  }
}

async function handle(options: RequestHandlerOptions, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  try {
    const body = await readBody(req)
    const pathAndQuery = req.url ?? '/'
    if (options.entra && isBearer(req.headers.authorization)) authenticateBearer(req.headers.authorization, options.entra, options.now())
    else authenticate({method: req.method ?? '', pathAndQuery, headers: req.headers, body}, options.accessKey, options.now())
    const query = new URLSearchParams(pathAndQuery.slice(path.length + 1))
    const match = route(req.method ?? '', path, query, `${options.scheme}://${req.headers.host}${path}`)
    if (!match) {
      send(req, res, 404)
      return
    }
    const result = await runOperation(options, match, parseJson(body))
    send(req, res, result.status, result.body, {'api-supported-versions': match.supportedVersions.join(', ')})
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    sendError(req, res, error)
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw payloadTooLarge()
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw payloadTooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
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
  send(req, res, error.status, error.toBody(), error.headers, 'application/json')
  // A 413 leaves the rest of the body unread: close the connection rather than read it.
  if (error.status === 413) res.once('finish', () => req.socket.destroy())
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
    ...(typeof clientRequestId === 'string' ? {'x-ms-client-request-id': clientRequestId} : {}),
  })
  res.end(payload)
}
