#!/usr/bin/env node
/**
 * The floor `npm run bench` compares with: the request `token issue --scope chat` makes, written by hand
 * for Node with no SDK and no framework. It creates a user and issues a chat token in one HMAC-SHA256 signed
 * `POST /identities` (as the ACS REST API documents it) and prints the service's JSON answer.
 *
 *   AZURE_COMMUNICATION_CONNECTION_STRING='endpoint=http://127.0.0.1:PORT/;accesskey=...' \
 *     node scripts/bench/bench-minimal-client.mjs
 *
 * An ES module like any small script (CommonJS would save Node's ES module loader, about 2 ms); http and
 * https are loaded only for the endpoint's scheme.
 */
import {createHash, createHmac} from 'node:crypto'

const API_VERSION = '2023-10-01'

const text = process.env.AZURE_COMMUNICATION_CONNECTION_STRING ?? ''
const parts = Object.fromEntries(
  text
    .split(';')
    .filter(Boolean)
    .map((part) => [part.slice(0, part.indexOf('=')).toLowerCase(), part.slice(part.indexOf('=') + 1)]),
)
if (!parts.endpoint || !parts.accesskey) {
  console.error('Set AZURE_COMMUNICATION_CONNECTION_STRING to endpoint=...;accesskey=...')
  process.exit(1)
}

const url = new URL(`identities?api-version=${API_VERSION}`, parts.endpoint)
const body = JSON.stringify({createTokenWithScopes: ['chat']})
const date = new Date().toUTCString()
const contentHash = createHash('sha256').update(body).digest('base64')
const stringToSign = `POST\n${url.pathname}${url.search}\n${date};${url.host};${contentHash}`
const signature = createHmac('sha256', Buffer.from(parts.accesskey, 'base64')).update(stringToSign).digest('base64')

const {request} = await import(url.protocol === 'https:' ? 'node:https' : 'node:http')
const answer = await new Promise((resolve, reject) => {
  const req = request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-ms-date': date,
      'x-ms-content-sha256': contentHash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
    },
  })
  req.on('response', (res) => {
    let data = ''
    res.setEncoding('utf8')
    res.on('data', (chunk) => (data += chunk))
    res.on('end', () => resolve({status: res.statusCode, data}))
  })
  req.on('error', reject)
  req.end(body)
})

if (answer.status !== 201) {
  console.error(`HTTP ${answer.status}: ${answer.data}`)
  process.exit(1)
}
process.stdout.write(`${JSON.stringify(JSON.parse(answer.data), null, 2)}\n`)
