import {expect} from 'chai'

import {renderTsv} from '../../../src/framework/output/tsv.js'
import {itFollowsRule, ruleIds} from './output-fixtures.js'

// Expected texts: knack's format_tsv run on the same inputs (test/fixtures/output/rules.json).
const tested: string[] = []
function rule(title: string, id: string): void {
  tested.push(id)
  itFollowsRule(title, id, (r) => renderTsv(r.input))
}

describe('tsv output (knack _TsvOutput)', () => {
  rule('writes one line per item of a list result', 'tsv-one-line-per-list-item')
  rule("writes an object's values in sorted key order", 'tsv-object-values-in-sorted-key-order')
  rule("keeps an OrderedDict's key order (multiselect hashes)", 'tsv-ordered-dict-keeps-its-key-order')
  rule('writes the length of a list inside a row', 'tsv-list-in-a-row-prints-its-length')
  rule('writes an empty field for an object inside a row', 'tsv-object-in-a-row-prints-an-empty-field')
  rule('writes None for null', 'tsv-null-prints-None')
  rule('writes True / False for booleans inside a row', 'tsv-booleans-in-a-row-print-True-False')
  rule('writes a top-level boolean in lower case', 'tsv-top-level-boolean-prints-lowercase')
  rule('writes boolean list items in lower case', 'tsv-boolean-list-items-print-lowercase')
  rule('writes None for a null list item', 'tsv-null-list-item-prints-None')
  rule('writes strings raw, tabs and newlines included', 'tsv-writes-strings-raw')
  rule('writes numbers as Python does', 'tsv-numbers-print-as-python')
  rule('writes one row per inner list of a list of lists', 'tsv-list-of-lists-one-row-each')
  rule('writes the length of a list nested in a list row', 'tsv-nested-list-in-a-list-row-prints-its-length')
  rule('writes a scalar result as one line', 'tsv-scalar-result-is-one-line')
  rule('writes nothing for an empty list', 'tsv-empty-list-prints-nothing')
  rule('writes an empty line for an empty object', 'tsv-empty-object-prints-an-empty-line')

  it('has a test for every tsv rule fixture', () => {
    expect(tested).to.have.members(ruleIds('tsv'))
  })
})
