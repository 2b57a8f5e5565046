import {expect} from 'chai'

import {renderJson} from '../../../src/framework/output/json.js'
import {itFollowsRule, ruleIds} from './output-fixtures.js'

// Expected texts: knack's format_json run on the same inputs (test/fixtures/output/rules.json).
const tested: string[] = []
function rule(title: string, id: string): void {
  tested.push(id)
  itFollowsRule(title, id, (r) => renderJson(r.input))
}

describe('json output (knack format_json)', () => {
  rule('sorts keys by code point, as Python sorts str', 'json-sorts-keys-by-code-point')
  rule('indents nested values by two spaces with ", " and ": " separators', 'json-indents-nested-values-by-two')
  rule('writes empty lists and objects as [] and {}', 'json-writes-empty-containers-inline')
  rule('keeps non-ASCII characters as they are', 'json-keeps-non-ascii')
  rule('escapes control characters, short forms where JSON has them', 'json-escapes-control-characters')
  rule('escapes double quotes and backslashes but not slashes', 'json-escapes-quote-and-backslash')
  rule('leaves DEL and the Unicode line breaks unescaped', 'json-leaves-del-and-unicode-line-breaks')
  rule('writes numbers as Python does (1e-05, 1e+16, 2.0, -0.0)', 'json-writes-python-number-text')
  rule('writes true, false and null', 'json-writes-true-false-null')
  rule('writes a scalar result on one line', 'json-writes-scalar-result')
  rule('writes an empty list result as []', 'json-writes-empty-list-result')

  it('treats properties holding undefined as absent, as JSON would', () => {
    expect(renderJson({a: 1, skipped: undefined})).to.equal(renderJson({a: 1}))
  })

  it('has a test for every json rule fixture', () => {
    expect(tested).to.have.members(ruleIds('json'))
  })
})
