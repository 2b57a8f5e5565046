/**
 * The long hostile-load benchmark (`npm run bench:emulator` runs it after the throughput one): the emulator runs as
 * `azc communication emulator start` in its own process with its default limits, while on loopback
 *
 *   - unsigned chunked uploads of 40 x 64 KiB are cut off mid-body, --chunked at a time;
 *   - --slow connections announce a 1 MiB body and send a byte every 100 ms;
 *   - --idle connections are opened and left silent (reopened when closed);
 *   - --honest SDK clients create users with tokens.
 *
 * Prints the emulator's resident memory before, at its highest, at the end and --settle seconds after the attack,
 * and how the honest clients fared. Before that, a first phase: --stalled connections each send an unsigned 1 MiB
 * body at once and stall for --stall-seconds (3000 of these once took an emulator from 92 MB to 3.2 GB). Written as
 * JSON too.
 *
 *   node --import tsx scripts/bench/bench-emulator-hostile.ts [--seconds 30] [--chunked 40] [--slow 500] [--idle 1500]
 *     [--honest 8] [--stalled 3000] [--stall-seconds 15] [--settle 10] [--out file]
 */
import {mkdir, writeFile} from 'node:fs/promises'
import {cpus} from 'node:os'
import {dirname} from 'node:path'
import {parseArgs} from 'node:util'

import {
  chunkedFlood,
  connectionFlood,
  honestClients,
  sampleRss,
  slowBodies,
  stalledUploads,
} from '../../test/emulator/attacks.js'
import {spawnEmulator} from '../../test/emulator/helpers.js'

const {values} = parseArgs({
  options: {
    seconds: {type: 'string', default: '30'},
    chunked: {type: 'string', default: '40'},
    slow: {type: 'string', default: '500'},
    idle: {type: 'string', default: '1500'},
    honest: {type: 'string', default: '8'},
    stalled: {type: 'string', default: '3000'},
    'stall-seconds': {type: 'string', default: '15'},
    settle: {type: 'string', default: '10'},
    out: {type: 'string', default: 'bench-results/emulator-hostile.json'},
  },
})

const emulator = await spawnEmulator(['--port', '0'])
let report: Record<string, unknown>
try {
  const pid = emulator.child.pid!
  await new Promise((resolve) => setTimeout(resolve, 500))
  const initial = sampleRss(pid).stop().lastMb
  const stallSampler = sampleRss(pid)
  const stalled = await stalledUploads(
    emulator.url,
    Number(values.stalled),
    performance.now() + Number(values['stall-seconds']) * 1000,
  )
  const stall = stallSampler.stop()
  await new Promise((resolve) => setTimeout(resolve, 2000))
  const before = sampleRss(pid).stop().lastMb
  const sampler = sampleRss(pid)
  const stopAt = performance.now() + Number(values.seconds) * 1000
  const [honest, chunkedUploads, slowConnections, idleConnections] = await Promise.all([
    honestClients(emulator.connectionString, Number(values.honest), stopAt),
    chunkedFlood(emulator.url, Number(values.chunked), stopAt),
    slowBodies(emulator.url, Number(values.slow), stopAt),
    connectionFlood(emulator.url, Number(values.idle), stopAt),
  ])
  const during = sampler.stop()
  await new Promise((resolve) => setTimeout(resolve, Number(values.settle) * 1000))
  const settled = sampleRss(pid).stop().lastMb
  report = {
    benchmark: 'emulator under hostile load (loopback), default limits',
    node: process.version,
    cores: cpus().length,
    date: new Date().toISOString(),
    stalledUploads: {
      connections: stalled,
      seconds: Number(values['stall-seconds']),
      rssMb: {before: initial, max: stall.maxMb},
    },
    seconds: Number(values.seconds),
    attackers: {chunkedUploads, slowConnections, idleConnections},
    honest: {...honest, requestsPerSecond: Number((honest.ok / Number(values.seconds)).toFixed(1))},
    rssMb: {before, max: during.maxMb, end: during.lastMb, [`after${values.settle}s`]: settled},
    internalErrors: emulator
      .stderr()
      .split('\n')
      .filter((line) => line.includes('internal error')).length,
  }
} finally {
  emulator.child.kill('SIGTERM')
  await emulator.exited
}
await mkdir(dirname(values.out), {recursive: true})
await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`)
console.log(JSON.stringify(report, null, 2))
console.log(`written to ${values.out}`)
