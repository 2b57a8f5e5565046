import {expect} from 'chai'

import {QueryEvaluationError, QueryParseError} from '../../../src/framework/errors.js'
import {OUTPUT_FORMATS, renderOutput} from '../../../src/framework/output/index.js'
import {markOrdered} from '../../../src/framework/python/index.js'

// What renderOutput adds around the formatters; the formatters' own text is checked against az in
// corpus.test.ts and the per-format rule tests.
describe('renderOutput', () => {
  it("offers az's --output choices in az's order", () => {
    expect(OUTPUT_FORMATS).to.deep.equal(['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none'])
  })

  // knack's CLI.invoke formats only `if cmd_result and cmd_result.result is not None`.
  for (const output of OUTPUT_FORMATS) {
    it(`prints nothing for a null result with --output ${output}`, () => {
      expect(renderOutput(null, {output, color: true})).to.equal('')
      expect(renderOutput(undefined, {output, color: true})).to.equal('')
    })
  }

  // corpus.test.ts holds az's output for queries on a null result; a JavaScript command's
  // undefined result is the same None to az.
  it('runs the query on an undefined result as on null', () => {
    expect(renderOutput(undefined, {output: 'json', query: '`1`'})).to.equal(
      renderOutput(null, {output: 'json', query: '`1`'}),
    )
    expect(() => renderOutput(undefined, {output: 'json', query: 'length(@)'})).to.throw(QueryEvaluationError)
  })

  it('prints nothing when the query matches nothing', () => {
    expect(renderOutput({a: 1}, {output: 'json', query: 'missing'})).to.equal('')
  })

  it('prints nothing with --output none, even for a result', () => {
    expect(renderOutput({a: 1}, {output: 'none'})).to.equal('')
  })

  it('still runs the query with --output none, so a bad query fails', () => {
    expect(() => renderOutput({a: 1}, {output: 'none', query: '[.'})).to.throw(QueryParseError)
  })

  it('rejects an empty query, as az does', () => {
    expect(() => renderOutput({a: 1}, {output: 'json', query: ''})).to.throw(QueryParseError)
  })

  it('colours jsonc and yamlc only when asked to', () => {
    for (const [coloured, plain] of [
      ['jsonc', 'json'],
      ['yamlc', 'yaml'],
    ] as const) {
      expect(renderOutput({a: 1}, {output: coloured})).to.equal(renderOutput({a: 1}, {output: plain}))
      expect(renderOutput({a: 1}, {output: coloured, color: true})).to.include('\u001b[')
    }
  })

  it('never colours json, yaml, table or tsv', () => {
    for (const output of ['json', 'yaml', 'table', 'tsv'] as const) {
      expect(renderOutput({a: 1}, {output, color: true})).to.not.include('\u001b[')
    }
  })

  it('treats properties holding undefined as absent in every format', () => {
    for (const output of OUTPUT_FORMATS) {
      expect(renderOutput({a: 1, b: undefined}, {output, color: true})).to.equal(
        renderOutput({a: 1}, {output, color: true}),
      )
    }
  })

  it("sorts table columns without a query but keeps an ordered object's order with one", () => {
    const row = markOrdered({b: 1, a: 2})
    expect(renderOutput([row], {output: 'table'})).to.match(/^A {4}B\n/)
    expect(renderOutput([row], {output: 'table', query: '@'})).to.match(/^B {4}A\n/)
  })
})
