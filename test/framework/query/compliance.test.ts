/**
 * The official JMESPath compliance suite (test/fixtures/jmespath-compliance, copied from
 * jmespath.test), which Python jmespath 1.0.1 passes whole. Results compare with Python's ==
 * (1 == 1.0, key order free), as Python's own runner does; error cases must fail the way Python
 * fails: syntax errors while compiling, type/arity/unknown-function errors while searching, and
 * the zero slice step as Python's ValueError (az's unexpected-error path).
 */
import {expect} from 'chai'
import {readFileSync, readdirSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {
  QueryEvaluationError,
  QueryInternalError,
  QueryParseError,
  compileQuery,
} from '../../../src/framework/query/index.js'
import {PyFloat} from '../../../src/framework/python/index.js'
import {itHasCases} from '../../helpers/fixture-size.js'

const folder = fileURLToPath(new URL('../../fixtures/jmespath-compliance/', import.meta.url))

interface ComplianceCase {
  expression: string
  result?: unknown
  error?: 'syntax' | 'invalid-type' | 'invalid-arity' | 'unknown-function' | 'invalid-value'
  bench?: string
}

/** Python's == on JSON values. */
function pythonEquals(left: unknown, right: unknown): boolean {
  if (left instanceof PyFloat) left = left.value
  if (right instanceof PyFloat) right = right.value
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, index) => pythonEquals(item, right[index]))
    )
  }
  if (left && right && typeof left === 'object' && typeof right === 'object') {
    const keys = Object.keys(left)
    return (
      keys.length === Object.keys(right).length &&
      keys.every(
        (key) =>
          Object.hasOwn(right, key) &&
          pythonEquals((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]),
      )
    )
  }
  return left === right
}

const EVALUATION_ERRORS = {
  'invalid-type': QueryEvaluationError,
  'invalid-arity': QueryEvaluationError,
  'unknown-function': QueryEvaluationError,
  'invalid-value': QueryInternalError,
}

/** Cases per file of the compliance suite as copied. */
const SIZES: Record<string, number> = {
  'basic.json': 18,
  'benchmarks.json': 16,
  'boolean.json': 60,
  'current.json': 3,
  'escape.json': 8,
  'filters.json': 88,
  'functions.json': 175,
  'identifiers.json': 125,
  'indices.json': 59,
  'literal.json': 41,
  'multiselect.json': 53,
  'pipe.json': 17,
  'slice.json': 41,
  'syntax.json': 135,
  'unicode.json': 4,
  'wildcard.json': 65,
}

describe('query: JMESPath compliance suite', () => {
  it('has every file of the suite', () => {
    expect(
      readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .sort(),
    ).to.deep.equal(Object.keys(SIZES).sort())
  })
  for (const file of readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    describe(file, () => {
      const suites: {given: unknown; cases: ComplianceCase[]}[] = JSON.parse(readFileSync(folder + file, 'utf8'))
      itHasCases(
        file,
        suites.flatMap((suite) => suite.cases),
        SIZES[file] ?? 0,
      )
      for (const [suiteIndex, suite] of suites.entries()) {
        for (const testCase of suite.cases) {
          const name = `#${suiteIndex} ${JSON.stringify(testCase.expression)}`
          if (testCase.error === 'syntax') {
            it(`${name} is rejected when compiled`, () => {
              expect(() => compileQuery(testCase.expression)).to.throw(QueryParseError)
            })
          } else if (testCase.error) {
            const errorClass = EVALUATION_ERRORS[testCase.error]
            it(`${name} compiles, then fails with ${testCase.error}`, () => {
              const query = compileQuery(testCase.expression)
              expect(() => query.search(suite.given)).to.throw(errorClass)
            })
          } else if ('result' in testCase) {
            it(`${name} gives ${JSON.stringify(testCase.result)}`, () => {
              const actual = compileQuery(testCase.expression).search(suite.given)
              expect(pythonEquals(actual, testCase.result), JSON.stringify(actual)).to.equal(true)
            })
          } else {
            it(`${name} (benchmark) compiles and searches`, () => {
              expect(() => compileQuery(testCase.expression).search(suite.given)).not.to.throw()
            })
          }
        }
      }
    })
  }
})
