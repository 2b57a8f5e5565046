#!/usr/bin/env node
/**
 * `npm run bench`: the start-up cost of azc, measured against bare Node.
 *
 * Cases run alternately (one of each per round, after a warm-up round), against an emulator that is
 * already running, so machine noise spreads evenly over them. For each case it prints the median wall
 * time, its ratio to `node -e 0`, and the median peak RSS (GNU time's %M) and its ratio; the figures
 * are also written as JSON. It is a benchmark, not a test: nothing here fails on a number.
 *
 *   node scripts/bench/bench-startup.mjs [--rounds 15] [--out bench-results/startup.json]
 *                                  [--standalone <extracted tarball dir>] [--host <host CLI dir>]
 *
 * --standalone adds the cases through the `oclif pack` tarball's bin/azc; --host adds the host CLI's
 * own start-up with and without this plugin installed (see test/distribution for how one is made), and
 * `token issue` run by the host with the plugin. The host's overhead for that command (its time less the
 * same host's `--version`) is then compared with scripts/bench/bench-minimal-client.mjs, the same signed request
 * written by hand for Node without the SDK, which always runs.
 *
 * Node parses the file NODE_EXTRA_CA_CERTS names at every start (about 45 ms for a system bundle), which
 * every case pays; the first line says whether it is set. `env -u NODE_EXTRA_CA_CERTS npm run bench` gives
 * the figures of an environment without it.
 */
import {spawn, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

import {median} from './median.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const {values} = parseArgs({
  options: {
    rounds: {type: 'string', default: '15'},
    out: {type: 'string', default: 'bench-results/startup.json'},
    standalone: {type: 'string'},
    host: {type: 'string'},
  },
})
const rounds = Math.max(9, Number(values.rounds))
const gnuTime = ['/usr/bin/time', '/bin/time'].find((path) => existsSync(path))

// The emulator runs in its own process, already up, as a user's would be.
const emulatorProcess = spawn(
  process.execPath,
  [join(root, 'bin', 'run.js'), 'communication', 'emulator', 'start', '--port', '0'],
  {
    stdio: ['ignore', 'pipe', 'ignore'],
  },
)
const emulator = {
  connectionString: await new Promise((resolve, reject) => {
    let out = ''
    emulatorProcess.stdout.on('data', (chunk) => {
      out += chunk
      if (out.includes('\n')) resolve(out.split('\n')[0])
    })
    emulatorProcess.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)))
  }),
  async close() {
    emulatorProcess.kill('SIGTERM')
    await new Promise((resolve) => emulatorProcess.once('exit', resolve))
  },
}
const configDir = mkdtempSync(join(tmpdir(), 'azc-bench-'))
// The code caches of the runs measured here, apart from the user's.
const cacheHome = join(configDir, 'cache')
const env = {
  ...process.env,
  XDG_CACHE_HOME: cacheHome,
  AZURE_CONFIG_DIR: configDir,
  AZURE_COMMUNICATION_CONNECTION_STRING: emulator.connectionString,
}
delete env.NODE_OPTIONS

const azc = join(root, 'bin', 'run.js')
const issue = ['communication', 'user-identity', 'token', 'issue', '--scope', 'chat']
const cases = [
  {name: 'node -e 0', command: process.execPath, args: ['-e', '0']},
  {name: 'azc token issue --scope chat', command: process.execPath, args: [azc, ...issue], expectStdout: /"token"/},
  {
    name: 'azc token issue --help',
    command: process.execPath,
    args: [azc, ...issue.slice(0, 4), '--help'],
    expectStdout: /USAGE/,
  },
  {
    name: 'minimal client (same request)',
    command: process.execPath,
    args: [join(root, 'scripts', 'bench', 'bench-minimal-client.mjs')],
    expectStdout: /"token"/,
  },
]
if (values.standalone) {
  const bin = join(values.standalone, 'bin', 'azc')
  // The tarball's own Node is the baseline for its cases.
  cases.push({
    name: 'standalone node -e 0',
    command: join(values.standalone, 'bin', 'node'),
    args: ['-e', '0'],
    emptyEnv: true,
  })
  cases.push(
    {name: 'standalone token issue --scope chat', command: bin, args: issue, expectStdout: /"token"/, emptyEnv: true},
    {
      name: 'standalone token issue --help',
      command: bin,
      args: [...issue.slice(0, 4), '--help'],
      expectStdout: /USAGE/,
      emptyEnv: true,
    },
  )
}
if (values.host) {
  for (const variant of ['without-plugin', 'with-plugin']) {
    const bin = join(values.host, variant, 'bin', 'run.js')
    if (existsSync(bin))
      cases.push({name: `host --version (${variant})`, command: process.execPath, args: [bin, '--version']})
  }
  const withPlugin = join(values.host, 'with-plugin', 'bin', 'run.js')
  if (existsSync(withPlugin)) {
    cases.push({
      name: 'host token issue (with-plugin)',
      command: process.execPath,
      args: [withPlugin, ...issue],
      expectStdout: /"token"/,
    })
  }
}

function runOnce(testCase) {
  const caseEnv = testCase.emptyEnv
    ? {
        AZURE_CONFIG_DIR: configDir,
        XDG_CACHE_HOME: cacheHome,
        AZURE_COMMUNICATION_CONNECTION_STRING: emulator.connectionString,
      }
    : env
  const [command, args] = gnuTime
    ? [gnuTime, ['-f', '%M', testCase.command, ...testCase.args]]
    : [testCase.command, testCase.args]
  const started = process.hrtime.bigint()
  const result = spawnSync(command, args, {env: caseEnv, encoding: 'utf8', maxBuffer: 16 << 20})
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (result.status !== 0 || (testCase.expectStdout && !testCase.expectStdout.test(result.stdout))) {
    throw new Error(`${testCase.name} failed (exit ${result.status}):\n${result.stderr}`)
  }
  const rssKb = gnuTime ? Number(result.stderr.trim().split('\n').at(-1)) : Number.NaN
  return {ms, rssKb}
}

const samples = new Map(cases.map((c) => [c.name, []]))
const loadBefore = loadavg()[0]
try {
  for (const testCase of cases) runOnce(testCase) // warm-up: file cache, compile caches
  for (let round = 0; round < rounds; round++) {
    for (const testCase of cases) samples.get(testCase.name).push(runOnce(testCase))
  }
} finally {
  await emulator.close()
  rmSync(configDir, {recursive: true, force: true})
}

const baseline = samples.get('node -e 0')
const hostBase = samples.get('host --version (without-plugin)')
const standaloneBase = samples.get('standalone node -e 0')
const results = cases.map((testCase) => {
  const runs = samples.get(testCase.name)
  const ms = median(runs.map((s) => s.ms))
  const rssKb = median(runs.map((s) => s.rssKb))
  const base = testCase.name.startsWith('standalone') && standaloneBase ? standaloneBase : baseline
  const [refMs, refRss] = [median(base.map((s) => s.ms)), median(base.map((s) => s.rssKb))]
  const result = {
    case: testCase.name,
    medianMs: round(ms),
    ratio: round(ms / refMs, 2),
    peakRssKb: rssKb,
    rssRatio: round(rssKb / refRss, 2),
  }
  if (hostBase && testCase.name === 'host --version (with-plugin)') {
    result.overHostWithoutPlugin = round(ms / median(hostBase.map((s) => s.ms)), 3)
  }
  return result
})

// The host's cost for one of our commands, over what the request itself needs (the minimal client).
const medianOf = (name) => (samples.has(name) ? median(samples.get(name).map((s) => s.ms)) : undefined)
const hostIssue = medianOf('host token issue (with-plugin)')
const hostVersion = medianOf('host --version (with-plugin)')
const minimal = medianOf('minimal client (same request)')
const hostOverhead =
  hostIssue === undefined || hostVersion === undefined
    ? undefined
    : {
        overheadMs: round(hostIssue - hostVersion),
        minimalClientMs: round(minimal),
        ratio: round((hostIssue - hostVersion) / minimal, 2),
      }

function round(value, digits = 1) {
  return Number(value.toFixed(digits))
}

const extraCa = process.env.NODE_EXTRA_CA_CERTS
  ? `NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS}`
  : 'no NODE_EXTRA_CA_CERTS'
console.log(
  `azc start-up, ${rounds} alternating rounds after a warm-up; ${cpus().length} cores, node ${process.version}, ${extraCa}, load ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after`,
)
console.log('case                                    median ms   ratio   peak RSS MB   RSS ratio')
for (const r of results) {
  const extra = r.overHostWithoutPlugin
    ? `   (${((r.overHostWithoutPlugin - 1) * 100).toFixed(1)}% over the host without the plugin)`
    : ''
  console.log(
    `${r.case.padEnd(38)} ${String(r.medianMs).padStart(10)} ${r.ratio.toFixed(2).padStart(7)}x ${(r.peakRssKb / 1024).toFixed(1).padStart(12)} ${r.rssRatio.toFixed(2).padStart(10)}x${extra}`,
  )
}
if (hostOverhead) {
  console.log(
    `host overhead of token issue: ${hostOverhead.overheadMs} ms over the host's --version, ` +
      `${hostOverhead.ratio}x the minimal client's ${hostOverhead.minimalClientMs} ms (target: at most 1.5x)`,
  )
}
if (!gnuTime) console.log('(GNU time not found: peak RSS not measured)')

mkdirSync(dirname(join(root, values.out)), {recursive: true})
writeFileSync(
  join(root, values.out),
  `${JSON.stringify({date: new Date().toISOString(), node: process.version, nodeExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS), cores: cpus().length, rounds, load: [loadBefore, loadavg()[0]], results, hostOverhead}, null, 2)}\n`,
)
console.log(`written to ${values.out}`)
