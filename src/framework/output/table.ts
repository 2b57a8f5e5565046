/**
 * `--output table`: knack's format_table / _TableOutput turns the result into rows, then tabulate
 * 0.8.9 lays them out (`tablefmt="simple"`, `headers="keys"`, `disable_numparse=True`).
 * wcwidth is not installed under az, so a cell is as wide as its number of code points.
 */

import {TableUnavailableError} from '../errors.js'
import {definedKeys, isPlainObject, sortedKeys} from '../python/index.js'
import {tabulateSimple} from './tabulate.js'

/** Keys knack leaves out of every row. */
const SKIP_KEYS = new Set(['id', 'type', 'etag'])

/** Python's `x[0].upper() + x[1:]`, on code points. */
function capitalizeFirst(key: string): string {
  if (key === '') return key
  const first = String.fromCodePoint(key.codePointAt(0)!)
  return first.toUpperCase() + key.slice(first.length)
}

/**
 * One row (header -> value) for one item of the result: an object keeps its scalar values (keys
 * sorted unless a query chose them), a list becomes Column1..N, anything else a Result column.
 */
function tableRow(item: unknown, sortKeys: boolean): Map<string, unknown> {
  const row = new Map<string, unknown>()
  if (isPlainObject(item)) {
    for (const key of sortKeys ? sortedKeys(item) : definedKeys(item)) {
      const value = item[key]
      if (SKIP_KEYS.has(key) || value === null || Array.isArray(value) || isPlainObject(value)) continue
      // Keys that only differ in their first letter's case collide; the last value wins.
      row.set(capitalizeFirst(key), value)
    }
  } else if (Array.isArray(item)) {
    item.forEach((value, index) => row.set(`Column${index + 1}`, value ?? null))
  } else {
    row.set('Result', item)
  }
  return row
}

/**
 * az's `--output table` text for a result. `queryActive` keeps the keys in the order the query
 * built them instead of sorting them.
 * @throws TableUnavailableError when the rows cannot be laid out, as knack does for any failure.
 */
export function renderTable(value: unknown, options: {queryActive: boolean}): string {
  try {
    const items = Array.isArray(value) ? value : [value]
    const rows = items.map((item) => tableRow(item, !options.queryActive))
    const text = rows.length > 0 ? tabulateSimple(rows) : ''
    if (text === '\n') throw new Error('Unable to extract fields for table.')
    return `${text}\n`
  } catch (error) {
    throw new TableUnavailableError({cause: error})
  }
}
