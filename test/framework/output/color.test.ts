import {expect} from 'chai'

import {colorizeJson, colorizeYaml} from '../../../src/framework/output/color.js'
import {itFollowsRule, ruleIds} from './output-fixtures.js'

// Inputs are the json / yaml texts az prints; expected texts are pygments 2.14's
// highlight(text, JsonLexer() | YamlLexer(), TerminalFormatter()) of them (test/fixtures/output/rules.json).
const tested: string[] = []
function jsonRule(title: string, id: string): void {
  tested.push(id)
  itFollowsRule(title, id, (r) => colorizeJson(r.input as string))
}
function yamlRule(title: string, id: string): void {
  tested.push(id)
  itFollowsRule(title, id, (r) => colorizeYaml(r.input as string))
}

describe('coloured output (pygments TerminalFormatter)', () => {
  describe('jsonc', () => {
    jsonRule('colours keys bright blue', 'jsonc-colours-keys-bright-blue')
    jsonRule('colours string values yellow', 'jsonc-colours-string-values-yellow')
    jsonRule('colours numbers, true, false and null blue', 'jsonc-colours-numbers-and-constants-blue')
    jsonRule('leaves brackets, commas and colons uncoloured', 'jsonc-leaves-punctuation-uncoloured')
    jsonRule(
      'colours indentation gray and resets the colour at every line end',
      'jsonc-colours-whitespace-gray-and-resets-at-line-end',
    )
    jsonRule('colours a scalar result', 'jsonc-colours-scalar-result')
    jsonRule('restarts the colour after U+2028, U+2029 and U+0085', 'jsonc-splits-tokens-at-unicode-line-breaks')
  })

  describe('yamlc', () => {
    yamlRule('colours keys bright blue', 'yamlc-colours-keys-bright-blue')
    yamlRule('leaves plain scalars uncoloured', 'yamlc-leaves-plain-scalars-uncoloured')
    yamlRule('colours quoted strings yellow', 'yamlc-colours-quoted-strings-yellow')
    yamlRule('colours double-quoted strings with escapes', 'yamlc-colours-double-quoted-escapes')
    yamlRule('colours nested list indicators', 'yamlc-colours-list-indicators')
    yamlRule('leaves [] and {} uncoloured', 'yamlc-colours-empty-flow-collections')
    yamlRule('underlines the document end marker of a scalar result', 'yamlc-colours-document-end-marker')
    yamlRule('colours the continuation lines of a folded plain string', 'yamlc-folds-long-plain-strings')
    yamlRule('colours the continuation lines of a folded quoted string', 'yamlc-folds-long-quoted-strings')
    yamlRule('colours a single-quoted string spread over lines', 'yamlc-multi-line-single-quoted')
    yamlRule('restarts the colour after U+2028', 'yamlc-splits-tokens-at-unicode-line-breaks')
  })

  it('has a test for every jsonc and yamlc rule fixture', () => {
    expect(tested).to.have.members([...ruleIds('jsonc'), ...ruleIds('yamlc')])
  })
})
