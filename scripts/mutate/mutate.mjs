#!/usr/bin/env node
// npm run mutate [-- module ...]: runs Stryker once per module of stryker.config.mjs (each with only the unit tests
// that specify it), then prints the mutation score of every module; exits 1 when one is under 80%.
// Score = (killed + timed out) / (killed + timed out + survived + no coverage); mutants that do not type-check are
// not counted (the TypeScript checker rejects them before any test runs), nor are static mutants of modules marked
// ignoreStatic in stryker.config.mjs.
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import {relative} from 'node:path'

import {MODULES} from '../../stryker.config.mjs'

const THRESHOLD = 80
const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const reportOnly = process.argv.includes('--report-only')
for (const name of names)
  if (!(name in MODULES)) throw new Error(`unknown module ${name}; known: ${Object.keys(MODULES).join(', ')}`)
const selected = names.length > 0 ? names : Object.keys(MODULES)

if (!reportOnly) {
  for (const name of selected) {
    console.log(`\n== mutating ${name}: ${MODULES[name].mutate.join(' ')}`)
    const run = spawnSync('npx', ['stryker', 'run'], {stdio: 'inherit', env: {...process.env, MUTATE_MODULE: name}})
    if (run.status !== 0) console.log(`stryker failed on ${name} (exit ${run.status})`)
  }
}

// Each source file's newest result, from whichever report holds it (a run over several modules holds several).
const newest = new Map()
const folder = 'reports/mutation'
for (const report of existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith('.json')) : []) {
  const path = `${folder}/${report}`
  const time = statSync(path).mtimeMs
  for (const [file, result] of Object.entries(JSON.parse(readFileSync(path, 'utf8')).files)) {
    const key = relative(process.cwd(), file)
    if (!newest.has(key) || newest.get(key).time < time) newest.set(key, {time, result})
  }
}
const matches = (pattern, file) => new RegExp(`^${pattern.replaceAll('.', '\\.').replaceAll('*', '[^/]*')}$`).test(file)

const rows = []
for (const name of selected) {
  const files = [...newest.keys()].filter((file) => MODULES[name].mutate.some((pattern) => matches(pattern, file)))
  if (files.length === 0) {
    rows.push({name, missing: true})
    continue
  }
  const counts = {Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, CompileError: 0, RuntimeError: 0, Ignored: 0}
  for (const file of files) {
    for (const mutant of newest.get(file).result.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1
  }
  const detected = counts.Killed + counts.Timeout
  const valid = detected + counts.Survived + counts.NoCoverage
  rows.push({name, ...counts, score: valid === 0 ? 100 : (100 * detected) / valid})
}

console.log('\n| module | killed | timed out | survived | no coverage | not type-correct | static, not run | score |')
console.log('|---|---:|---:|---:|---:|---:|---:|---:|')
for (const row of rows) {
  if (row.missing) console.log(`| ${row.name} | no report | | | | | | |`)
  else {
    console.log(
      `| ${row.name} | ${row.Killed} | ${row.Timeout} | ${row.Survived} | ${row.NoCoverage} | ${row.CompileError} | ${row.Ignored} | ${row.score.toFixed(1)}% |`,
    )
  }
}
const failing = rows.filter((row) => row.missing || row.score < THRESHOLD)
if (failing.length > 0) {
  console.log(`\nunder ${THRESHOLD}%: ${failing.map((row) => row.name).join(', ')}`)
  process.exitCode = 1
}
