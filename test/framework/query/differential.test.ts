/**
 * Every case of the differential corpus (test/fixtures/query/differential.json, written by
 * scripts/fixtures/gen-query-corpus.py with Python jmespath 1.0.1): the same outcome as az's
 * jmespath, down to int vs float, key order, dict vs OrderedDict, and the exact text az prints
 * for an error.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {
  ExpressionReference,
  QueryEvaluationError,
  QueryInternalError,
  QueryParseError,
  compileQuery,
} from '../../../src/framework/query/index.js'
import {type Typed, decodeTyped, encodeTyped} from './typed-values.js'
import {itHasCases} from '../../helpers/fixture-size.js'

interface DifferentialCase {
  data: string
  query: string
  result?: Typed
  error?: 'parse' | 'evaluation' | 'internal'
  class?: string
  message?: string
}

const corpus: {datasets: Record<string, Typed>; cases: DifferentialCase[]} = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/query/differential.json', import.meta.url)), 'utf8'),
)

/**
 * Integers beyond 2**53 cannot be JavaScript numbers, and the Python value model (src/framework/python/) prints such numbers as floats:
 * these cases give the float Python would print for the same value (documented in docs/query/LIBRARY.md).
 */
const BIG_INTEGER_RESULTS = new Set(['ceil(huge)', 'floor(huge)', 'ceil(`1e300`)', '`12345678901234567`'])

const isExpref = (value: unknown) => value instanceof ExpressionReference

function outcomeName(testCase: DifferentialCase): string {
  if (!testCase.error) return "gives Python's result"
  return `fails as Python does (${testCase.class})`
}

describe('query: differential corpus against Python jmespath 1.0.1', () => {
  itHasCases('query/differential.json', corpus.cases, 3494)
  for (const testCase of corpus.cases) {
    it(`${testCase.data}: ${JSON.stringify(testCase.query)} ${outcomeName(testCase)}`, () => {
      const data = decodeTyped(corpus.datasets[testCase.data])
      if (testCase.error === 'parse') {
        expect(() => compileQuery(testCase.query)).to.throw(QueryParseError)
        try {
          compileQuery(testCase.query)
        } catch (error) {
          // The parser port raises Python's exception, word for word (az shows only the query).
          expect(((error as QueryParseError).cause as Error).message).to.equal(`${testCase.class}: ${testCase.message}`)
        }
        return
      }
      const query = compileQuery(testCase.query)
      if (testCase.error === 'evaluation') {
        expect(() => query.search(data))
          .to.throw(QueryEvaluationError)
          .with.property('reason', testCase.message)
      } else if (testCase.error === 'internal') {
        expect(() => query.search(data))
          .to.throw(QueryInternalError)
          .that.includes({
            pythonClass: testCase.class,
            reason: testCase.message,
          })
      } else {
        const actual = encodeTyped(query.search(data), isExpref)
        if (BIG_INTEGER_RESULTS.has(testCase.query)) {
          expect(actual).to.deep.equal(encodeTyped(Number(testCase.result), isExpref))
        } else {
          expect(actual).to.deep.equal(testCase.result)
        }
      }
    })
  }
})
