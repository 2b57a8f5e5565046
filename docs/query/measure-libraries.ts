/**
 * Measures how far a JMESPath engine agrees with Python jmespath 1.0.1 (az's), on the official
 * compliance suite and on the differential corpus. The numbers go into LIBRARY.md.
 *   npx tsx docs/query/measure-libraries.ts
 * "loose" agreement: same outcome (a result, a parse error, an evaluation error) and, for results,
 * equal values ignoring int/float, key order and dict/OrderedDict; "strict" agreement: identical
 * typed results, and for evaluation errors the same message az would print.
 */
import {readFileSync, readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {QueryParseError} from '../../src/framework/errors.js'
import {PyFloat} from '../../src/framework/python/index.js'
import {EXPREF_PLACEHOLDER, decodeTyped, encodeTyped, type Typed} from '../../test/framework/query/typed-values.js'

interface Engine {
  /** False for engines that only know plain JSON: they get integral floats as plain numbers. */
  takesPyFloat: boolean
  compile(expression: string): (data: unknown) => unknown
  /** The message az would print for an evaluation error, when the engine can tell it. */
  reason(error: unknown): string | undefined
  isExpref(value: unknown): boolean
}

const engines: Record<string, Engine> = {}

/**
 * The libraries are loaded by a computed name so that this script still type-checks and runs
 * (measuring the port alone) once they are no longer installed.
 */
async function optionalImport(name: string): Promise<any> {
  try {
    return await import(name)
  } catch {
    console.log(`(${name} is not installed: not measured)`)
    return undefined
  }
}

const jmespathJs = (await optionalImport('jmespath'))?.default
if (jmespathJs) {
  engines['jmespath 0.16'] = {
    takesPyFloat: false,
    compile(expression) {
      jmespathJs.compile(expression)
      return (data) => jmespathJs.search(data, expression)
    },
    reason: () => undefined,
    isExpref: () => false,
  }
}
const community = await optionalImport('@jmespath-community/jmespath')
if (community) {
  engines['@jmespath-community/jmespath 1.3'] = {
    takesPyFloat: false,
    compile(expression) {
      const ast = community.compile(expression)
      return (data) => community.TreeInterpreter.search(ast, data)
    },
    reason: () => undefined,
    isExpref: () => false,
  }
}

// The port is measured when it exists (this script also measured the libraries before it did).
try {
  const port = await import('../../src/framework/query/index.js')
  engines['azc port of Python jmespath 1.0.1'] = {
    takesPyFloat: true,
    compile(expression) {
      const query = port.compileQuery(expression)
      return (data) => query.search(data)
    },
    reason: (error) =>
      error instanceof port.QueryEvaluationError || error instanceof port.QueryInternalError ? error.reason : undefined,
    isExpref: (value) => value instanceof port.ExpressionReference,
  }
} catch (error) {
  console.log(`(no port measured: ${(error as Error).message})`)
}

/** Integral floats as plain numbers, for engines that know only JSON values. */
function withoutPyFloats(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value
  if (Array.isArray(value)) return value.map((item) => withoutPyFloats(item))
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutPyFloats(item)]))
  }
  return value
}

type Outcome = {kind: 'result'; value: unknown} | {kind: 'parse'} | {kind: 'evaluation'; reason?: string}

function run(engine: Engine, expression: string, data: unknown): Outcome {
  let search: (data: unknown) => unknown
  try {
    search = engine.compile(expression)
  } catch {
    return {kind: 'parse'}
  }
  try {
    return {kind: 'result', value: search(data)}
  } catch (error) {
    if (error instanceof QueryParseError) return {kind: 'parse'}
    return {kind: 'evaluation', reason: engine.reason(error)}
  }
}

/**
 * Python's == on JSON values: numbers by value, objects regardless of key order. An expected
 * expression reference matches whatever the engine calls one.
 */
function looseEqual(left: unknown, right: unknown, isExpref: (value: unknown) => boolean = () => false): boolean {
  if (right === EXPREF_PLACEHOLDER) return isExpref(left)
  if (left instanceof PyFloat) left = left.value
  if (right instanceof PyFloat) right = right.value
  if (typeof left === 'number' && typeof right === 'number') return left === right || (left !== left && right !== right)
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => looseEqual(item, right[index], isExpref))
  }
  if (
    left &&
    right &&
    typeof left === 'object' &&
    typeof right === 'object' &&
    !Array.isArray(left) &&
    !Array.isArray(right)
  ) {
    const leftKeys = Object.keys(left)
    const rightRecord = right as Record<string, unknown>
    return (
      leftKeys.length === Object.keys(right).length &&
      leftKeys.every(
        (key) =>
          Object.hasOwn(right, key) && looseEqual((left as Record<string, unknown>)[key], rightRecord[key], isExpref),
      )
    )
  }
  return left === right
}

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url))

function measureCompliance(engine: Engine): {agree: number; total: number} {
  let agree = 0
  let total = 0
  const folder = `${fixtures}jmespath-compliance/`
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
    for (const suite of JSON.parse(readFileSync(folder + file, 'utf8'))) {
      for (const testCase of suite.cases) {
        if (!('result' in testCase) && !('error' in testCase)) continue
        total++
        const outcome = run(engine, testCase.expression, suite.given)
        if ('error' in testCase) {
          if (outcome.kind === (testCase.error === 'syntax' ? 'parse' : 'evaluation')) agree++
        } else if (outcome.kind === 'result' && looseEqual(outcome.value, testCase.result)) agree++
      }
    }
  }
  return {agree, total}
}

interface DifferentialCase {
  data: string
  query: string
  result?: Typed
  error?: 'parse' | 'evaluation' | 'internal'
  message?: string
}

function measureDifferential(engine: Engine): {
  loose: number
  strict: number
  total: number
  misses: Record<string, number>
} {
  const corpus = JSON.parse(readFileSync(`${fixtures}query/differential.json`, 'utf8'))
  const datasets = Object.fromEntries(Object.entries(corpus.datasets).map(([name, value]) => [name, value as Typed]))
  let loose = 0
  let strict = 0
  // Loose disagreements by what Python did: a result, or which kind of error.
  const misses: Record<string, number> = {}
  for (const testCase of corpus.cases as DifferentialCase[]) {
    const looseBefore = loose
    const data = decodeTyped(datasets[testCase.data])
    const outcome = run(engine, testCase.query, engine.takesPyFloat ? data : withoutPyFloats(data))
    if (testCase.error === 'parse') {
      if (outcome.kind === 'parse') {
        loose++
        strict++
      }
    } else if (testCase.error) {
      if (outcome.kind === 'evaluation') {
        loose++
        if (outcome.reason === testCase.message) strict++
      }
    } else if (outcome.kind === 'result') {
      const expected = decodeTyped(testCase.result as Typed)
      if (looseEqual(outcome.value, expected, engine.isExpref)) loose++
      if (JSON.stringify(encodeTyped(outcome.value, engine.isExpref)) === JSON.stringify(testCase.result)) strict++
    }
    if (loose === looseBefore) {
      const kind = testCase.error ?? 'result'
      misses[kind] = (misses[kind] ?? 0) + 1
      if (process.env.SHOW_MISSES) console.log(`  miss: ${testCase.query}`)
    }
  }
  return {loose, strict, total: corpus.cases.length, misses}
}

const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)}%`
for (const [name, engine] of Object.entries(engines)) {
  const compliance = measureCompliance(engine)
  const differential = measureDifferential(engine)
  console.log(
    `${name}: compliance ${compliance.agree}/${compliance.total} (${percent(compliance.agree, compliance.total)}); ` +
      `differential loose ${differential.loose}/${differential.total} (${percent(differential.loose, differential.total)}), ` +
      `strict ${differential.strict}/${differential.total} (${percent(differential.strict, differential.total)}); ` +
      `loose misses where Python gave ${JSON.stringify(differential.misses)}`,
  )
}
