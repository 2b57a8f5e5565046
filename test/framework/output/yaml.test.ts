import {expect} from 'chai'

import {renderYaml} from '../../../src/framework/output/yaml.js'
import {PyFloat} from '../../../src/framework/python/index.js'
import {itHasCases} from '../../helpers/fixture-size.js'
import {loadYamlCases} from './yaml-fixtures.js'

// One behaviour of PyYAML's safe_dump per test; inputs and expected texts are in
// test/fixtures/output/yaml-rules.json, printed by PyYAML itself (scripts/fixtures/gen-yaml-fixtures.py).
const rules = new Map(loadYamlCases('yaml-rules.json').map((c) => [c.id, c]))
const tested = new Set<string>()

function rule(title: string, id: string): void {
  tested.add(id)
  it(title, () => {
    const fixture = rules.get(id)
    expect(fixture, `rule ${id} in yaml-rules.json`).to.not.equal(undefined)
    expect(renderYaml(fixture!.input)).to.equal(fixture!.yaml)
  })
}

describe('yaml output (PyYAML safe_dump rules)', () => {
  itHasCases('yaml-rules.json', [...rules.values()], 58)
  describe('layout', () => {
    rule('sorts mapping keys by code point, as Python sorts str', 'mapping-keys-sorted-by-code-point')
    rule('indents nested mappings by two spaces', 'nested-mapping-indented-two')
    rule("writes a sequence at its parent key's indent", 'sequence-at-parent-key-indent')
    rule('writes a sequence inside a sequence on the dash line', 'sequence-in-sequence')
    rule('writes a mapping inside a sequence on the dash line', 'mapping-in-sequence')
    rule('writes empty lists and maps as [] and {}', 'empty-list-and-map')
    rule('writes a top-level empty list as []', 'top-level-empty-list')
    rule('writes a top-level empty map as {}', 'top-level-empty-map')
  })

  describe('document end', () => {
    rule('ends a plain top-level string with ...', 'top-level-plain-scalar-document-end')
    rule('ends a top-level number with ...', 'top-level-int-document-end')
    rule('writes a top-level null as null and ...', 'top-level-null')
    rule('writes no ... after a quoted top-level string', 'top-level-quoted-scalar-no-document-end')
    rule("writes a top-level empty string as ''", 'top-level-empty-string')
  })

  describe('non-string scalars', () => {
    rule('writes booleans and null as true, false and null', 'bool-and-null-values')
    rule('writes ints as Python does', 'int-values')
    rule('writes floats as Python repr, integral ones with .0', 'float-values')
    rule('adds .0 before a bare exponent (1.0e+16)', 'float-exponent-gets-dot-zero')
    rule('writes infinities and NaN as .inf, -.inf and .nan', 'float-special-values')
  })

  describe('strings that would read back as another type are single-quoted', () => {
    rule('booleans of YAML 1.1 (yes, No, ON, off...)', 'string-bool-lookalikes-quoted')
    rule("null look-alikes (null, ~, '')", 'string-null-lookalikes-quoted')
    rule('int look-alikes (octal, binary, hex, underscores, sexagesimal)', 'string-int-lookalikes-quoted')
    rule('float look-alikes (0.5, .5, 1.0e+5, .inf, .NaN)', 'string-float-lookalikes-quoted')
    rule('dates and timestamps', 'string-timestamp-lookalikes-quoted')
    rule('the merge key << and the value key =', 'string-merge-and-value-quoted')
  })

  describe('quoting', () => {
    rule("keeps ' in a plain string and doubles it in a quoted one", 'single-quote-kept-in-plain-doubled-in-quoted')
    rule('quotes strings that start with an indicator character', 'leading-indicator-quoted')
    rule('quotes ?, : and - only when followed by a space or at the end', 'question-colon-dash-indicators')
    rule('quotes # only after a space', 'comment-indicator')
    rule('quotes strings that start with a document marker', 'document-markers-quoted')
    rule('quotes leading and trailing spaces', 'leading-and-trailing-space-quoted')
    rule('double-quotes tabs and control characters with escapes', 'tab-and-control-characters-double-quoted')
    rule('escapes backslashes and double quotes inside double quotes', 'backslash-and-double-quote-escaped')
    rule('keeps printable non-ASCII characters (allow_unicode)', 'non-ascii-printable-kept')
    rule('escapes BOM, non-characters, U+10FFFF and lone surrogates', 'non-printable-unicode-escaped')
    rule('treats NEL, LS and PS as line breaks', 'unicode-line-breaks')
    rule('writes newlines in single quotes as blank lines', 'newline-in-single-quoted')
    rule('double-quotes a newline next to a space', 'newline-with-spaces-double-quoted')
  })

  describe('folding at 80 columns', () => {
    rule('folds a long plain string at the last space past column 80', 'plain-folds-at-80-columns')
    rule('folds a mapping value with continuation lines indented under the key', 'plain-fold-in-mapping-value')
    rule('folds deep in the tree at the deeper indent', 'plain-fold-deep-indent')
    rule('never breaks a word longer than the line', 'plain-keeps-long-word')
    rule('never folds at a run of spaces', 'plain-keeps-double-spaces')
    rule('folds single-quoted strings but not at their ends', 'single-quoted-folds-at-80-columns')
    rule('folds single-quoted strings with embedded newlines', 'single-quoted-fold-with-newlines')
    rule('folds double-quoted strings with a trailing backslash', 'double-quoted-folds-at-80-columns')
    rule('keeps a space after a double-quoted fold with a leading backslash', 'double-quoted-fold-keeps-spaces')
    rule('folds double-quoted strings between escapes', 'double-quoted-fold-after-escapes')
    rule('never breaks a double-quoted word longer than the line', 'double-quoted-long-word')
    rule('indents folded top-level plain strings by two', 'top-level-scalar-fold-indent')
    rule('indents folded top-level quoted strings by two', 'top-level-quoted-fold-indent')
  })

  describe('keys', () => {
    rule('never folds a simple key', 'key-not-folded')
    rule('keeps a key of 122 characters simple (128 with its !!str tag)', 'key-at-122-characters-simple')
    rule('writes a key of 123 characters as a ? complex key', 'key-at-123-characters-complex')
    rule('folds a long complex key like a value', 'long-key-complex-folded')
    rule('writes a multiline key as a complex key', 'multiline-key-complex')
    rule('writes the empty key as a complex key', 'empty-key-complex')
    rule('quotes keys by the same rules as values', 'quoted-keys')
    rule('puts collection values of complex keys after the : line', 'complex-key-with-collection-value')
  })

  it('has a test for every rule in the fixture', () => {
    expect([...rules.keys()].filter((id) => !tested.has(id))).to.deep.equal([])
  })
})

describe('yaml output of JavaScript values', () => {
  it('writes integral numbers beyond 2**53 as the floats they came from', () => {
    expect(renderYaml({n: 2 ** 60})).to.equal(renderYaml({n: new PyFloat(2 ** 60)}))
  })

  it('writes a plain JavaScript float like a Python float', () => {
    expect(renderYaml([0.5, 1e-7])).to.equal(renderYaml([new PyFloat(0.5), new PyFloat(1e-7)]))
  })

  it('leaves out undefined members, as json output does', () => {
    expect(renderYaml({a: 1, b: undefined})).to.equal(renderYaml({a: 1}))
  })

  it('writes undefined array items as null, as json output does', () => {
    expect(renderYaml([undefined, 1])).to.equal(renderYaml([null, 1]))
  })

  it('writes a Date as its JSON text', () => {
    const date = new Date(Date.UTC(2026, 10, 28, 5, 54, 23, 957))
    expect(renderYaml({when: date})).to.equal(renderYaml({when: date.toJSON()}))
  })

  it('refuses a circular structure', () => {
    const loop: Record<string, unknown> = {}
    loop.self = loop
    expect(() => renderYaml(loop)).to.throw(TypeError, /circular/)
  })

  it('writes the same object twice when it is shared, not as an alias', () => {
    const shared = {a: 1}
    expect(renderYaml([shared, shared])).to.equal(renderYaml([{a: 1}, {a: 1}]))
  })
})
