/**
 * compileQuery as the rest of azc sees it: which step fails, with which error class and exit
 * code, and the exact stderr az prints (test/fixtures/query/az-query-errors.json holds real az
 * runs); and the Python facts a result carries (PyFloat, ordered objects). Expected values come
 * from the fixtures written by scripts/fixtures/gen-query-corpus.py.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import type {AzCliError} from '../../../src/framework/errors.js'
import {
  ExpressionReference,
  QueryEvaluationError,
  QueryInternalError,
  QueryParseError,
  compileQuery,
} from '../../../src/framework/query/index.js'
import {PyFloat, isOrdered} from '../../../src/framework/python/index.js'
import {type Typed, decodeTyped, encodeTyped} from './typed-values.js'
import {itHasCases} from '../../helpers/fixture-size.js'

const fixtures = fileURLToPath(new URL('../../fixtures/query/', import.meta.url))
const azRuns: {
  data: unknown
  transcripts: {kind: string; query: string; exitCode: number; stderr: string}[]
} = JSON.parse(readFileSync(`${fixtures}az-query-errors.json`, 'utf8'))
const corpus: {datasets: Record<string, Typed>; cases: {data: string; query: string; result?: Typed}[]} = JSON.parse(
  readFileSync(`${fixtures}differential.json`, 'utf8'),
)

/** The stderr lines azc's error funnel prints for an error: `ERROR: message`, then the recommendations. */
function stderrLines(error: AzCliError): string[] {
  return [`ERROR: ${error.message}`, ...error.recommendations]
}

/** az's stderr lines, less the Python traceback frames (azc has no Python stack to show). */
function azStderrWithoutFrames(stderr: string): string[] {
  const lines = stderr.replace(/\n$/, '').split('\n')
  const start = lines.indexOf('Traceback (most recent call last):')
  if (start < 0) return lines
  const end = lines.findIndex((line, index) => index > start && /^[A-Za-z]+Error: /.test(line))
  return [...lines.slice(0, start), ...lines.slice(end)]
}

function thrownBy(action: () => unknown): AzCliError {
  try {
    action()
  } catch (error) {
    return error as AzCliError
  }
  throw new Error('nothing was thrown')
}

function pythonResult(data: string, query: string): unknown {
  const testCase = corpus.cases.find((item) => item.data === data && item.query === query)
  if (!testCase || !('result' in testCase)) throw new Error(`no corpus result for ${query}`)
  return decodeTyped(testCase.result as Typed)
}

describe('query: compileQuery', () => {
  describe('errors, as az prints them', () => {
    itHasCases('query/az-query-errors.json', azRuns.transcripts, 7)
    for (const run of azRuns.transcripts) {
      it(`${run.kind} failure of ${JSON.stringify(run.query)} prints az's stderr and exits ${run.exitCode}`, () => {
        const error = thrownBy(() => compileQuery(run.query).search(azRuns.data))
        expect(stderrLines(error)).to.deep.equal(azStderrWithoutFrames(run.stderr))
        expect(error.exitCode).to.equal(run.exitCode)
      })
    }

    it('rejects an unparsable query when compiling, before any data is searched', () => {
      expect(() => compileQuery('foo[')).to.throw(QueryParseError)
    })

    it('accepts an unknown function when compiling and fails only when it is called', () => {
      const query = compileQuery('[].unknown_function(@)')
      expect(query.search([])).to.deep.equal([])
      expect(() => query.search([1])).to.throw(QueryEvaluationError)
    })

    it("reports a string compared with a number as az's unexpected error, not a query error", () => {
      const error = thrownBy(() => compileQuery('[?name < `1`]').search([{name: 'a'}]))
      expect(error).to.be.instanceOf(QueryInternalError)
      expect((error as QueryInternalError).pythonClass).to.equal('TypeError')
    })

    it("reports a query nested past the stack as az's unexpected error (Python: RecursionError)", () => {
      const depth = 100_000
      const error = thrownBy(() => compileQuery('('.repeat(depth) + 'a' + ')'.repeat(depth)))
      expect(error).to.be.instanceOf(QueryInternalError)
      expect((error as QueryInternalError).pythonClass).to.equal('RecursionError')
    })
  })

  describe('results with Python types', () => {
    it("returns an integral float as PyFloat, as Python's avg([1, 3]) gives 2.0", () => {
      const expected = pythonResult('mixed', 'avg(`[1, 3]`)')
      const actual = compileQuery('avg(`[1, 3]`)').search(null)
      expect(expected).to.be.instanceOf(PyFloat)
      expect(actual).to.be.instanceOf(PyFloat)
      expect(encodeTyped(actual)).to.deep.equal(encodeTyped(expected))
    })

    it('accepts PyFloat values in the data and keeps them floats', () => {
      const data = decodeTyped(corpus.datasets.mixed)
      expect(encodeTyped(compileQuery('fint').search(data))).to.deep.equal(encodeTyped(pythonResult('mixed', 'fint')))
      expect(compileQuery('fint').search(data)).to.be.instanceOf(PyFloat)
    })

    it("marks multiselect hashes ordered, keeping the query's key order", () => {
      const result = compileQuery('{k: kind, n: name}').search(decodeTyped(corpus.datasets.storage)) as object
      expect(isOrdered(result)).to.equal(true)
      expect(encodeTyped(result)).to.deep.equal(encodeTyped(pythonResult('storage', '{k: kind, n: name}')))
    })

    it("leaves objects from the data and from merge() unordered, as Python's plain dicts", () => {
      const data = decodeTyped(corpus.datasets.storage)
      expect(isOrdered(compileQuery('sku').search(data) as object)).to.equal(false)
      expect(isOrdered(compileQuery('merge(tags, usage)').search(data) as object)).to.equal(false)
    })

    it('returns an expression reference for `&expr`, printed as Python prints an _Expression', () => {
      const result = compileQuery('&name').search({})
      expect(result).to.be.instanceOf(ExpressionReference)
      expect(String(result)).to.match(/^<jmespath\.visitor\._Expression object at 0x[0-9a-f]+>$/)
    })

    it('does not change the data it searches', () => {
      const data = decodeTyped(corpus.datasets.vms)
      const before = JSON.stringify(encodeTyped(data))
      compileQuery('sort_by(@, &name) | reverse(@) | [].merge(tags || `{}`, `{"x": 1}`)').search(data)
      expect(JSON.stringify(encodeTyped(data))).to.equal(before)
    })
  })
})
