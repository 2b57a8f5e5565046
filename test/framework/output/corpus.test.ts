import {expect} from 'chai'

import {QueryEvaluationError, QueryParseError, TableUnavailableError} from '../../../src/framework/errors.js'
import {type OutputFormat, renderOutput} from '../../../src/framework/output/index.js'
import {itHasCases} from '../../helpers/fixture-size.js'
import {type CorpusCase, type Expected, type ExpectedError, loadCorpus, loadRules} from './output-fixtures.js'

// Several hundred results, each rendered by az's own libraries (knack, tabulate, PyYAML, pygments,
// jmespath) with and without --query: test/fixtures/output/corpus.json, written by
// scripts/fixtures/gen-output-corpus.py. Every case must come out of renderOutput byte for byte.
const CASES = loadCorpus()

const ERROR_CLASSES = {
  QueryParseError,
  QueryEvaluationError,
  TableUnavailableError,
}

function expectError(render: () => string, expected: ExpectedError, query: string | undefined): void {
  let thrown: unknown
  try {
    render()
  } catch (error) {
    thrown = error
  }
  expect(thrown, `expected ${expected.kind}`).to.be.instanceOf(ERROR_CLASSES[expected.kind])
  if (thrown instanceof QueryParseError) expect(thrown.query).to.equal(query)
  if (thrown instanceof QueryEvaluationError) expect(thrown.reason).to.equal(expected.reason)
}

function check(c: CorpusCase, output: OutputFormat, color: boolean, expected: Expected | undefined): void {
  const render = () => renderOutput(c.result, {output, query: c.query, color})
  const want = c.error ? {error: c.error} : expected
  if (!want) throw new Error(`corpus case ${c.name} has no expectation for ${output}`)
  if (want.error) expectError(render, want.error, c.query)
  else expect(render()).to.equal(want.stdout)
}

/** [title, output, colour on, which expectation of the case] for every check made on each case. */
type ExpectationKey = 'json' | 'yaml' | 'table' | 'tsv' | 'jsoncColour' | 'yamlcColour' | 'none'
const CHECKS: Array<[string, OutputFormat, boolean, ExpectationKey]> = [
  ['json', 'json', false, 'json'],
  ['yaml', 'yaml', false, 'yaml'],
  ['table', 'table', false, 'table'],
  ['tsv', 'tsv', false, 'tsv'],
  ['jsonc without colour is json', 'jsonc', false, 'json'],
  ['yamlc without colour is yaml', 'yamlc', false, 'yaml'],
  ['jsonc with colour', 'jsonc', true, 'jsoncColour'],
  ['yamlc with colour', 'yamlc', true, 'yamlcColour'],
  ['none prints nothing but still runs the query', 'none', false, 'none'],
]

/** The expectation of a case for one check; --output none prints nothing where az prints anything. */
function expectationOf(c: CorpusCase, key: ExpectationKey): Expected | undefined {
  if (!c.expected) return undefined
  if (key === 'none') return {stdout: ''}
  // A coloured fixture exists only where az printed something to colour.
  return c.expected[key] ?? (key.endsWith('Colour') ? {stdout: ''} : undefined)
}

describe('renderOutput matches az on the output corpus', () => {
  itHasCases('output/corpus.json', CASES, 427)
  itHasCases('output/rules.json', [...loadRules().values()], 86)
  for (const [title, output, color, key] of CHECKS) {
    describe(title, () => {
      for (const c of CASES) {
        const expected = expectationOf(c, key)
        const name = c.query === undefined ? c.name : `${c.name} --query ${JSON.stringify(c.query)}`
        it(name, () => check(c, output, color, expected))
      }
    })
  }
})
