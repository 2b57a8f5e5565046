/**
 * `npm run bench:emulator`: create-with-token throughput and latency of the ACS Identity emulator at a few
 * concurrency levels. The emulator runs in this process; the load comes from scripts/bench-emulator-load.ts in a
 * child process. Prints a table and writes the numbers, with the machine's load, as JSON.
 *
 *   node --import tsx scripts/bench-emulator.ts [--levels 1,8,32,128,256] [--seconds 5] [--data] [--out file]
 *
 * The machine is shared: the load average before and after each level is recorded so a slow run can be told from
 * a slow emulator. Target: at least 500 requests/s with p99 under 100 ms at 32 clients on 2 cores.
 */
import {spawn} from 'node:child_process'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

import {startEmulator} from '../src/emulator/index.js'

const {values} = parseArgs({
  options: {
    levels: {type: 'string', default: '1,8,32,128,256'},
    seconds: {type: 'string', default: '5'},
    data: {type: 'boolean', default: false},
    out: {type: 'string', default: 'bench-results/emulator.json'},
  },
})

const loadGenerator = join(dirname(fileURLToPath(import.meta.url)), 'bench-emulator-load.ts')
const dataDir = values.data ? await mkdtemp(join(tmpdir(), 'bench-emulator-')) : undefined
const emulator = await startEmulator({dataFile: dataDir ? join(dataDir, 'state.json') : undefined})

function runLoad(concurrency: number): Promise<Record<string, unknown>> {
  const args = ['--import', 'tsx', loadGenerator, '--url', emulator.url, '--key', emulator.accessKey,
    '--concurrency', String(concurrency), '--seconds', values.seconds]
  const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']})
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`load generator exited ${code}`))))
  })
}

const results = []
try {
  for (const concurrency of values.levels.split(',').map(Number)) {
    const loadBefore = loadavg()[0]
    const cpuBefore = process.cpuUsage()
    const result = await runLoad(concurrency)
    const cpu = process.cpuUsage(cpuBefore)
    results.push({
      ...result,
      emulatorCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      loadAverage1m: {before: loadBefore, after: loadavg()[0]},
    })
  }
} finally {
  await emulator.close()
  if (dataDir) await rm(dataDir, {recursive: true, force: true})
}

const report = {
  benchmark: 'POST /identities with createTokenWithScopes ["chat"], keep-alive, signed per request',
  persistence: values.data ? 'data file' : 'memory only',
  node: process.version,
  cores: cpus().length,
  date: new Date().toISOString(),
  results,
}
await mkdir(dirname(values.out), {recursive: true})
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)

console.log(`emulator create-with-token (${report.persistence}), ${report.cores} cores, node ${report.node}`)
console.log('clients   req/s    p50 ms   p90 ms   p99 ms   max ms  errors  dups  load1m before/after')
for (const r of results as any[]) {
  const cell = (value: unknown, width: number) => String(value).padStart(width)
  console.log(
    `${cell(r.concurrency, 7)} ${cell(r.requestsPerSecond, 7)} ${cell(r.latencyMs.p50, 8)} ${cell(r.latencyMs.p90, 8)} ` +
      `${cell(r.latencyMs.p99, 8)} ${cell(r.latencyMs.max, 8)} ${cell(r.errors, 7)} ${cell(r.duplicates, 5)}  ` +
      `${r.loadAverage1m.before.toFixed(2)}/${r.loadAverage1m.after.toFixed(2)}`,
  )
}
console.log(`written to ${values.out}`)
