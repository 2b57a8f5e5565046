#!/usr/bin/env node
/**
 * `npm run bench:login`: what Entra ID sign-in (--auth-mode login) costs over the access key, per invocation of
 * `azc communication user-identity token issue --scope chat`, against one emulator over TLS with its own Entra
 * issuer. Cases run alternately (one of each per round, after a warm-up round) and the medians are printed and
 * written as JSON. It is a benchmark, not a test: nothing here fails on a number. Needs `npm run build` first.
 *
 *   node scripts/bench/bench-login.mjs [--rounds 15] [--out bench-results/login.json]
 */
import {spawn, spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {cpus, loadavg, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {parseArgs} from 'node:util'

import {median} from './median.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const {values} = parseArgs({
  options: {rounds: {type: 'string', default: '15'}, out: {type: 'string', default: 'bench-results/login.json'}},
})
const rounds = Math.max(5, Number(values.rounds))
const tls = join(root, 'test', 'emulator', 'fixtures', 'tls')
const azc = join(root, 'bin', 'run.js')

const emulatorProcess = spawn(
  process.execPath,
  [
    azc,
    'communication',
    'emulator',
    'start',
    '--port',
    '0',
    '--cert',
    join(tls, 'server.pem'),
    '--key',
    join(tls, 'server-key.pem'),
  ],
  {stdio: ['ignore', 'pipe', 'pipe']},
)
const started = await new Promise((resolve, reject) => {
  let out = ''
  let err = ''
  const check = () => {
    if (out.includes('\n') && err.includes('managed identity:'))
      resolve({connectionString: out.split('\n')[0], banner: err})
  }
  emulatorProcess.stdout.on('data', (chunk) => ((out += chunk), check()))
  emulatorProcess.stderr.on('data', (chunk) => ((err += chunk), check()))
  emulatorProcess.once('exit', (code) => reject(new Error(`the emulator exited (${code}): ${err}`)))
})
const setting = (name) => new RegExp(`${name}=(\\S+)`).exec(started.banner)[1]
const endpoint = /^endpoint=(.+?)\/?;/.exec(started.connectionString)[1]

const configDir = mkdtempSync(join(tmpdir(), 'azc-bench-login-'))
const base = {
  PATH: process.env.PATH,
  HOME: configDir,
  AZURE_CONFIG_DIR: configDir,
  NODE_EXTRA_CA_CERTS: join(tls, 'ca.pem'),
}
const issue = ['communication', 'user-identity', 'token', 'issue', '--scope', 'chat']
const login = [...issue, '--endpoint', endpoint, '--auth-mode', 'login']
const cases = [
  {
    name: 'key (connection string)',
    args: issue,
    env: {...base, AZURE_COMMUNICATION_CONNECTION_STRING: started.connectionString},
  },
  {
    name: 'login: service principal (env)',
    args: login,
    env: {
      ...base,
      AZURE_AUTHORITY_HOST: setting('AZURE_AUTHORITY_HOST'),
      AZURE_TENANT_ID: setting('AZURE_TENANT_ID'),
      AZURE_CLIENT_ID: setting('AZURE_CLIENT_ID'),
      AZURE_CLIENT_SECRET: setting('AZURE_CLIENT_SECRET'),
    },
  },
  {
    name: 'login: managed identity',
    args: login,
    env: {...base, IDENTITY_ENDPOINT: setting('IDENTITY_ENDPOINT'), IDENTITY_HEADER: setting('IDENTITY_HEADER')},
  },
]

function runOnce(testCase) {
  const t0 = process.hrtime.bigint()
  const result = spawnSync(process.execPath, [azc, ...testCase.args], {env: testCase.env, encoding: 'utf8'})
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (result.status !== 0 || !result.stdout.includes('"token"'))
    throw new Error(`${testCase.name} failed (exit ${result.status}):\n${result.stderr}`)
  return ms
}

const samples = new Map(cases.map((c) => [c.name, []]))
const loadBefore = loadavg()[0]
try {
  for (const testCase of cases) runOnce(testCase)
  for (let round = 0; round < rounds; round++)
    for (const testCase of cases) samples.get(testCase.name).push(runOnce(testCase))
} finally {
  emulatorProcess.kill('SIGTERM')
  await new Promise((resolve) => emulatorProcess.once('exit', resolve))
  rmSync(configDir, {recursive: true, force: true})
}

const keyMs = median(samples.get(cases[0].name))
const results = cases.map((c) => {
  const ms = median(samples.get(c.name))
  return {case: c.name, medianMs: Number(ms.toFixed(1)), overKey: Number((ms / keyMs).toFixed(2))}
})
console.log(
  `azc token issue over TLS, ${rounds} alternating rounds; ${cpus().length} cores, node ${process.version}, load ${loadBefore.toFixed(2)} before / ${loadavg()[0].toFixed(2)} after`,
)
console.log('case                                 median ms   vs key')
for (const r of results)
  console.log(`${r.case.padEnd(34)} ${String(r.medianMs).padStart(10)} ${r.overKey.toFixed(2).padStart(7)}x`)
mkdirSync(dirname(join(root, values.out)), {recursive: true})
writeFileSync(
  join(root, values.out),
  `${JSON.stringify({date: new Date().toISOString(), node: process.version, rounds, results}, null, 2)}\n`,
)
console.log(`written to ${values.out}`)
