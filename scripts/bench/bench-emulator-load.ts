/**
 * Load generator for scripts/bench/bench-emulator.ts, run as its own process so its CPU is not the emulator's event loop.
 * Keeps `--concurrency` clients busy with signed create-with-token requests for `--seconds` (after `--warmup`),
 * then prints one JSON line: request count, errors, duplicate ids, requests per second, latency percentiles (ms).
 *
 *   node --import tsx scripts/bench/bench-emulator-load.ts --url http://127.0.0.1:8088/ --key <base64> --concurrency 32
 */
import {createHash, createHmac} from 'node:crypto'
import http from 'node:http'
import {parseArgs} from 'node:util'

const {values} = parseArgs({
  options: {
    url: {type: 'string'},
    key: {type: 'string'},
    concurrency: {type: 'string', default: '32'},
    seconds: {type: 'string', default: '5'},
    warmup: {type: 'string', default: '1'},
  },
})
if (!values.url || !values.key) throw new Error('--url and --key are required')

const target = new URL('identities?api-version=2023-10-01', values.url)
const key = Buffer.from(values.key, 'base64')
const concurrency = Number(values.concurrency)
const agent = new http.Agent({keepAlive: true, maxSockets: concurrency})
const body = JSON.stringify({createTokenWithScopes: ['chat']})
const contentHash = createHash('sha256').update(body).digest('base64')
const pathAndQuery = `${target.pathname}${target.search}`

function createIdentity(): Promise<{status: number; id?: string}> {
  const date = new Date().toUTCString()
  const signature = createHmac('sha256', key)
    .update(`POST\n${pathAndQuery}\n${date};${target.host};${contentHash}`)
    .digest('base64')
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-ms-date': date,
    'x-ms-content-sha256': contentHash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
  }
  return new Promise((resolve, reject) => {
    const req = http.request(target, {method: 'POST', headers, agent}, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (text += chunk))
      res.on('end', () =>
        resolve({status: res.statusCode ?? 0, id: res.statusCode === 201 ? JSON.parse(text).identity.id : undefined}),
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

const warmupEnds = performance.now() + Number(values.warmup) * 1000
const measureEnds = warmupEnds + Number(values.seconds) * 1000
const latencies: number[] = []
const ids = new Set<string>()
let errors = 0
let duplicates = 0

async function client(): Promise<void> {
  while (performance.now() < measureEnds) {
    const started = performance.now()
    const result = await createIdentity().catch(() => ({status: 0, id: undefined}))
    const finished = performance.now()
    if (started < warmupEnds) continue
    latencies.push(finished - started)
    if (result.status !== 201) errors++
    if (result.id !== undefined) {
      if (ids.has(result.id)) duplicates++
      ids.add(result.id)
    }
  }
}

await Promise.all(Array.from({length: concurrency}, () => client()))
agent.destroy()
latencies.sort((a, b) => a - b)
const percentile = (p: number) =>
  Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(2))
console.log(
  JSON.stringify({
    concurrency,
    seconds: Number(values.seconds),
    requests: latencies.length,
    errors,
    duplicates,
    requestsPerSecond: Number((latencies.length / Number(values.seconds)).toFixed(1)),
    latencyMs: {p50: percentile(50), p90: percentile(90), p99: percentile(99), max: percentile(100)},
  }),
)
