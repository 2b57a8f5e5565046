import {expect} from 'chai'

import {TableUnavailableError} from '../../../src/framework/errors.js'
import {renderTable} from '../../../src/framework/output/table.js'
import {itFollowsRule, ruleIds} from './output-fixtures.js'

// Expected texts: knack's format_table (with tabulate 0.8.9) run on the same inputs
// (test/fixtures/output/rules.json); queryActive is whether --query was given.
const tested: string[] = []
function rule(title: string, id: string): void {
  tested.push(id)
  itFollowsRule(title, id, (r) => renderTable(r.input, {queryActive: r.queryActive ?? false}))
}

describe('table output (knack _TableOutput + tabulate "simple")', () => {
  describe('rows and columns', () => {
    rule('makes a single object one row', 'table-single-object-is-one-row')
    rule('makes each list item a row', 'table-list-item-per-row')
    rule('leaves out id, type and etag', 'table-skips-id-type-and-etag')
    rule('keeps ID, Type and Etag (the skip is case-sensitive)', 'table-skips-keys-case-sensitively')
    rule('leaves out null, list and object values', 'table-drops-null-list-and-object-values')
    rule('capitalises only the first character of a header', 'table-capitalises-only-the-first-character')
    rule("capitalises as Python's upper() does (ß becomes SS)", 'table-capitalises-as-python-upper')
    rule(
      'capitalises a first character outside the BMP as one code point (𐐨 becomes 𐐀)',
      'table-capitalises-a-non-bmp-first-character',
    )
    rule('sorts columns by key without --query', 'table-sorts-keys-without-query')
    rule("keeps the query's key order with --query", 'table-keeps-query-key-order')
    rule("keeps an object's own key order with --query", 'table-keeps-object-key-order-with-query')
    rule(
      'lets the last key in order win when two keys capitalise alike',
      'table-last-key-in-order-wins-on-capitalised-collision',
    )
    rule('orders headers by first appearance across rows', 'table-headers-in-first-seen-order-across-rows')
    rule('leaves missing cells empty', 'table-missing-cells-are-empty')
    rule('puts a list of scalars in a Result column', 'table-list-of-scalars-is-result-column')
    rule('puts a scalar result in a Result column', 'table-scalar-result-is-result-column')
    rule('leaves the Result cell of a null item empty', 'table-null-item-is-empty-result-cell')
    rule('puts the items of inner lists in Column1, Column2, ...', 'table-list-of-lists-is-numbered-columns')
    rule('leaves the cells of shorter inner lists empty', 'table-ragged-lists-leave-cells-empty')
  })

  describe('cell text', () => {
    rule('writes booleans as True / False', 'table-booleans-print-as-python')
    rule('writes numbers as Python does', 'table-numbers-print-as-python')
    rule(
      "writes lists and objects in a Column cell as Python's repr()",
      'table-nested-values-in-columns-print-python-repr',
    )
    rule('aligns numbers left like text (number parsing is off)', 'table-aligns-numbers-left-without-parsing')
    rule('strips whitespace around cell values', 'table-strips-whitespace-around-cells')
  })

  describe('layout', () => {
    rule('makes a column at least its header plus two wide', 'table-column-is-header-plus-two-wide')
    rule('makes a column as wide as its widest cell', 'table-column-is-as-wide-as-its-widest-cell')
    rule('trims trailing whitespace from every line', 'table-trims-trailing-whitespace-of-lines')
    rule('counts a wide character as one column (wcwidth is not installed)', 'table-counts-wide-characters-once')
    rule('spreads multi-line cells over several lines', 'table-splits-multi-line-cells-into-lines')
    rule('drops a row whose cells are all empty in a multi-line table', 'table-drops-all-empty-row-in-multi-line-table')
    rule('treats \\r\\n in a cell as one line break', 'table-multi-line-cell-with-crlf')
    rule(
      'also splits at \\v and U+2028 once the table is multi-line',
      'table-other-line-breaks-split-in-multi-line-table',
    )
    rule(
      'keeps \\v and U+2028 inside a cell when no cell has \\r or \\n',
      'table-other-line-breaks-kept-in-single-line-table',
    )
    rule('gives ANSI colour codes no width', 'table-ansi-colour-codes-take-no-width')
    rule(
      'gives ANSI colour codes no width in every column of a wider table',
      'table-ansi-colour-codes-take-no-width-in-any-column',
    )
    rule('spreads a multi-line header over several lines', 'table-multi-line-header')
    rule('writes an empty header for an empty key', 'table-empty-key-is-empty-header')
  })

  describe('nothing to show', () => {
    rule('prints a blank line for an empty list', 'table-empty-list-is-a-blank-line')
    rule('prints a blank line for an empty object', 'table-empty-object-is-a-blank-line')
    rule('prints a blank line when no value is tabular', 'table-nothing-tabular-is-a-blank-line')

    // knack turns any failure while laying out the table into this error; JSON data never fails
    // in Python, so the only way to reach it is a value az could not hold.
    it('reports "Table output unavailable" when a value cannot be laid out', () => {
      expect(() => renderTable([[Symbol('no str()')]], {queryActive: false})).to.throw(
        TableUnavailableError,
        'Table output unavailable. Use the --query option to specify an appropriate query. Use --debug for more info.',
      )
    })
  })

  it('has a test for every table rule fixture', () => {
    expect(tested).to.have.members(ruleIds('table'))
  })
})
