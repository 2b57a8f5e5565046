/**
 * `npm run bench:emulator`: create-with-token throughput and latency of the ACS Identity emulator. The emulator
 * runs in this process; the load comes from scripts/bench/bench-emulator-load.ts in a child process. Scenarios:
 *
 *   memory     state in memory, at each of --levels clients
 *   data-empty --data on an empty store, at --data-clients clients
 *   data-seed  --data on a store already holding --seed identities (default 100000), same clients
 *
 * Writes cost the same whatever the store holds (the data file is an append-only journal), so data-seed should be
 * within 20% of data-empty. The two data scenarios alternate for --rounds rounds (the machine is shared, so runs
 * are noisy) and are compared by their median. Prints tables and writes the numbers, with the machine's load, as JSON.
 *
 *   node --import tsx scripts/bench/bench-emulator.ts [--levels 1,8,32,128,256] [--seconds 5] [--data-clients 32]
 *     [--seed 100000] [--scenarios memory,data-empty,data-seed] [--out file]
 *
 * The machine is shared: the load average before and after each run is recorded so a slow run can be told from
 * a slow emulator. Target: at least 500 requests/s with p99 under 100 ms at 32 clients on 2 cores.
 */
import {spawn} from 'node:child_process'
import {appendFile, mkdir, mkdtemp, rm, stat, writeFile} from 'node:fs/promises'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

import {type RunningEmulator, startEmulator} from '../../src/emulator/index.js'

const {values} = parseArgs({
  options: {
    levels: {type: 'string', default: '1,8,32,128,256'},
    seconds: {type: 'string', default: '5'},
    'data-clients': {type: 'string', default: '32'},
    seed: {type: 'string', default: '100000'},
    scenarios: {type: 'string', default: 'memory,data-empty,data-seed'},
    rounds: {type: 'string', default: '3'},
    out: {type: 'string', default: 'bench-results/emulator.json'},
  },
})

const loadGenerator = join(dirname(fileURLToPath(import.meta.url)), 'bench-emulator-load.ts')

function runLoad(emulator: RunningEmulator, concurrency: number): Promise<Record<string, unknown>> {
  const args = [
    '--import',
    'tsx',
    loadGenerator,
    '--url',
    emulator.url,
    '--key',
    emulator.accessKey,
    '--concurrency',
    String(concurrency),
    '--seconds',
    values.seconds,
  ]
  const child = spawn(process.execPath, args, {stdio: ['ignore', 'pipe', 'inherit']})
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`load generator exited ${code}`)),
    )
  })
}

async function measure(emulator: RunningEmulator, concurrency: number): Promise<Record<string, any>> {
  const loadBefore = loadavg()[0]
  const cpuBefore = process.cpuUsage()
  const result = await runLoad(emulator, concurrency)
  const cpu = process.cpuUsage(cpuBefore)
  return {
    ...result,
    emulatorCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    loadAverage1m: {before: loadBefore, after: loadavg()[0]},
  }
}

/** A data file holding `count` identities, in the journal format, made by the emulator then extended. */
async function seededDataFile(dir: string, count: number): Promise<string> {
  const dataFile = join(dir, 'seeded.json')
  const emulator = await startEmulator({dataFile})
  const resourceId = emulator.resourceId
  await emulator.close()
  const lines: string[] = []
  const now = Date.now()
  for (let i = 0; i < count; i++) {
    const suffix = i.toString(16).padStart(12, '0')
    lines.push(JSON.stringify({c: `8:acs:${resourceId}_00000000-0000-4000-8000-${suffix}`, t: now}))
  }
  await appendFile(dataFile, `${lines.join('\n')}\n`)
  return dataFile
}

const scenarios = values.scenarios.split(',')
const dataClients = Number(values['data-clients'])
const report: Record<string, any> = {
  benchmark: 'POST /identities with createTokenWithScopes ["chat"], keep-alive, signed per request',
  node: process.version,
  cores: cpus().length,
  date: new Date().toISOString(),
  scenarios: {},
}
const dir = await mkdtemp(join(tmpdir(), 'bench-emulator-'))
try {
  if (scenarios.includes('memory')) {
    const emulator = await startEmulator()
    try {
      const results = []
      for (const concurrency of values.levels.split(',').map(Number)) results.push(await measure(emulator, concurrency))
      report.scenarios.memory = {persistence: 'memory only', results}
    } finally {
      await emulator.close()
    }
  }
  const dataScenarios = ['data-empty', 'data-seed'].filter((scenario) => scenarios.includes(scenario))
  const files: Record<string, string> = {}
  for (const name of dataScenarios) {
    const seed = name === 'data-seed' ? Number(values.seed) : 0
    files[name] = seed > 0 ? await seededDataFile(dir, seed) : join(dir, 'empty.json')
    report.scenarios[name] = {persistence: `data file, ${seed} identities at start`, startMs: [], results: []}
  }
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const name of dataScenarios) {
      const startedAt = performance.now()
      const emulator = await startEmulator({dataFile: files[name]})
      report.scenarios[name].startMs.push(Number((performance.now() - startedAt).toFixed(0)))
      try {
        report.scenarios[name].results.push(await measure(emulator, dataClients))
      } finally {
        await emulator.close()
      }
      report.scenarios[name].fileBytesAfter = (await stat(files[name])).size
    }
  }
} finally {
  await rm(dir, {recursive: true, force: true})
}

await mkdir(dirname(values.out), {recursive: true})
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)

const cell = (value: unknown, width: number) => String(value).padStart(width)
for (const [name, scenario] of Object.entries(report.scenarios) as Array<[string, any]>) {
  const start = scenario.startMs === undefined ? '' : `, start ${scenario.startMs.join('/')} ms`
  console.log(`\n${name}: ${scenario.persistence}${start}; ${report.cores} cores, node ${report.node}`)
  console.log('clients   req/s    p50 ms   p90 ms   p99 ms   max ms  errors  dups  load1m before/after')
  for (const r of scenario.results) {
    console.log(
      `${cell(r.concurrency, 7)} ${cell(r.requestsPerSecond, 7)} ${cell(r.latencyMs.p50, 8)} ${cell(r.latencyMs.p90, 8)} ` +
        `${cell(r.latencyMs.p99, 8)} ${cell(r.latencyMs.max, 8)} ${cell(r.errors, 7)} ${cell(r.duplicates, 5)}  ` +
        `${r.loadAverage1m.before.toFixed(2)}/${r.loadAverage1m.after.toFixed(2)}`,
    )
  }
}
const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]
const medianRate = (name: string) => {
  const results = report.scenarios[name]?.results as Array<{requestsPerSecond: number}> | undefined
  return results?.length ? median(results.map((r) => r.requestsPerSecond)) : undefined
}
const empty = medianRate('data-empty')
const seeded = medianRate('data-seed')
if (empty && seeded) {
  const ratio = seeded / empty
  report.dataSeedToEmptyRatio = Number(ratio.toFixed(3))
  await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
  console.log(
    `\nmedian req/s at ${dataClients} clients: empty data file ${empty}, with ${values.seed} identities ${seeded}: ` +
      `${(ratio * 100).toFixed(0)}% (target: at least 80%)`,
  )
}
console.log(`written to ${values.out}`)
