/**
 * Reads the fixtures scripts/fixtures/gen-yaml-fixtures.py writes from PyYAML's own safe_dump:
 * each case is an input value and the exact text az prints for it with `--output yaml`.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

import {PyFloat} from '../../../src/framework/python/index.js'

export interface YamlCase {
  id: string
  input: unknown
  yaml: string
}

const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/output/', import.meta.url))

/** The cases of test/fixtures/output/<name>, inputs decoded into the values renderYaml receives. */
export function loadYamlCases(name: string): YamlCase[] {
  const cases = JSON.parse(readFileSync(FIXTURE_DIR + name, 'utf8')) as YamlCase[]
  return cases.map((c) => ({...c, input: decodeInput(c.input)}))
}

const SPECIAL_FLOATS: Record<string, number> = {nan: Number.NaN, inf: Infinity, '-inf': -Infinity}

// A Python float JavaScript would read as an int, or could not read at all, is stored as {"__pyfloat__": repr}.
function decodeInput(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeInput)
  if (value === null || typeof value !== 'object') return value
  const entries = Object.entries(value)
  if (entries.length === 1 && entries[0][0] === '__pyfloat__') {
    const repr = entries[0][1] as string
    return new PyFloat(SPECIAL_FLOATS[repr] ?? Number(repr))
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, decodeInput(item)]))
}
