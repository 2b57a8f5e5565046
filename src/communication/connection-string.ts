/**
 * ACS connection strings: `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`.
 * Accepts what az's Python SDK accepts (any order, keys in any case, a trailing `;`), and where az
 * would print a traceback, says in one line what is wrong. The key never appears in a message.
 */
import {AzCliError} from '../framework/errors.js'

export const CONNECTION_STRING_FORMAT = 'endpoint=https://<resource>.communication.azure.com/;accesskey=<key>'

export interface ConnectionString {
  /** The endpoint URL without a trailing slash: `https://contoso.communication.azure.com`. */
  endpoint: string
  accessKey: string
  host: string
}

export class InvalidConnectionStringError extends AzCliError {
  constructor(problem: string) {
    super(`Invalid connection string: ${problem}. Expected ${CONNECTION_STRING_FORMAT}`)
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** True for a host name that never leaves this machine (the emulator's). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(hostname)
  )
}

export function parseConnectionString(text: string): ConnectionString {
  let endpoint: string | undefined
  let accessKey: string | undefined
  for (const element of text.split(';')) {
    // Like az's SDK, elements that are not name=value pairs (a trailing ';') are ignored.
    const equals = element.indexOf('=')
    if (equals === -1) continue
    const name = element.slice(0, equals).trim().toLowerCase()
    const value = element.slice(equals + 1).trim()
    if (name === 'endpoint') endpoint = value
    else if (name === 'accesskey') accessKey = value
  }

  if (!endpoint) throw new InvalidConnectionStringError('it has no endpoint')
  if (!accessKey) throw new InvalidConnectionStringError('it has no accesskey')

  // az's SDK takes only the host and always speaks https, so an endpoint without a scheme works there.
  if (!endpoint.includes('://')) endpoint = `https://${endpoint}`
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    throw new InvalidConnectionStringError(`the endpoint '${endpoint}' is not a URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidConnectionStringError(`the endpoint '${endpoint}' is not an http(s) URL`)
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw new InvalidConnectionStringError(`the endpoint '${endpoint}' has a path; give only scheme, host and port`)
  }
  if (url.username || url.password) {
    throw new InvalidConnectionStringError(`the endpoint '${url.host}' must not carry a user name or password`)
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InvalidConnectionStringError(
      `the endpoint 'http://${url.host}' is not encrypted; http:// is accepted only for a local emulator ` +
        '(localhost, 127.x.x.x, [::1]), use https://',
    )
  }
  if (!isBase64(accessKey)) throw new InvalidConnectionStringError('the accesskey is not base64')

  return {endpoint: `${url.protocol}//${url.host}`, accessKey, host: url.host}
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text)
}
