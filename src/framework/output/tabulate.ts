/**
 * The part of tabulate 0.8.9 az uses: `tabulate(rows, headers="keys", tablefmt="simple",
 * disable_numparse=True)` over a list of row dicts. With number parsing off every column is
 * left-aligned text; what remains is tabulate's widths, padding, ANSI-code and multi-line rules.
 */

import {pyLen, pyRstrip, pySplitlines, pyStr, pyStrip} from '../python/index.js'

/** Headers are padded to at least their width plus this (tabulate's MIN_PADDING). */
const MIN_PADDING = 2
const COLUMN_SEPARATOR = '  '

// tabulate's _invisible_codes and _invisible_codes_link; Python's \d is any Unicode digit, its `.` anything but \n.
const INVISIBLE_CODES = /\x1b\[\p{Nd}+[;\p{Nd}]*m|\x1b\[\p{Nd}*;\p{Nd}*;\p{Nd}*m|\x1b\]8;;[^\n]*?\x1b\\/gu
const INVISIBLE_LINK = /\x1b\]8;[a-zA-Z0-9:]*;[^\x1b]+\x1b\\([^\x1b]+)\x1b\]8;;\x1b\\/gu
/** tabulate's _multiline_codes: a cell is multi-line only for \r and \n, not the other line breaks. */
const MULTILINE_CODES = /[\r\n]/

/** The largest of the values (no spread: a table may have more rows than a call has arguments). */
function maxOf(values: Iterable<number>, start = -Infinity): number {
  let max = start
  for (const value of values) if (value > max) max = value
  return max
}

function stripInvisible(text: string): string {
  return text.replace(INVISIBLE_LINK, '$1').replace(INVISIBLE_CODES, '')
}

function visibleWidth(text: string): number {
  return pyLen(stripInvisible(text))
}

/** `"{0:<%ds}" % width`: left-aligned, padded with spaces to `width` code points. */
function padRight(width: number, text: string): string {
  return text + ' '.repeat(Math.max(0, width - pyLen(text)))
}

/** How tabulate measures a (possibly multi-line) cell once it knows what the table contains. */
interface Measure {
  hasInvisible: boolean
  isMultiline: boolean
  lineWidth: (line: string) => number
}

/** _choose_width_fn: a multi-line cell is as wide as its widest line (split on \r and \n only). */
function cellWidth(measure: Measure, text: string): number {
  if (!measure.isMultiline) return measure.lineWidth(text)
  return maxOf(text.split(MULTILINE_CODES).map(measure.lineWidth))
}

/** _align_column with "left" alignment: strip each cell, then pad it to the column's width. */
function alignColumn(cells: string[], minWidth: number, measure: Measure): string[] {
  const stripped = cells.map(pyStrip)
  const {hasInvisible, isMultiline, lineWidth} = measure
  const lineWidths = stripped.map((cell) => (isMultiline ? cell.split(MULTILINE_CODES) : [cell]).map(lineWidth))
  const maxWidth = maxOf(lineWidths.flat(), minWidth)
  if (isMultiline) {
    // Widths come from splitting on \r/\n, padding from splitlines(): they disagree on \r\n, \v,
    // U+2028..., and tabulate pairs them up anyway.
    return stripped.map((cell, index) => {
      const lines = pySplitlines(cell)
      if (!hasInvisible) return lines.map((line) => padRight(maxWidth, line)).join('\n')
      const lengths = cell.split(MULTILINE_CODES).map(pyLen)
      const widths = lineWidths[index].map((width, i) => maxWidth - (width - lengths[i]))
      return lines
        .slice(0, widths.length)
        .map((line, i) => padRight(widths[i], line))
        .join('\n')
    })
  }
  if (!hasInvisible) return stripped.map((cell) => padRight(maxWidth, cell))
  return stripped.map((cell) => padRight(maxWidth - (visibleWidth(cell) - pyLen(cell)), cell))
}

/** _align_header with "left" alignment (a multi-line header is aligned line by line). */
function alignHeader(header: string, width: number, measure: Measure): string {
  const alignLine = (line: string): string => padRight(width + pyLen(line) - cellWidth(measure, line), line)
  if (!measure.isMultiline) return alignLine(header)
  return header.split(/\r|\n/).map(alignLine).join('\n')
}

/** One output line of cells: joined by two spaces, trailing whitespace dropped (Python rstrip). */
function joinCells(cells: string[]): string {
  return pyRstrip(cells.join(COLUMN_SEPARATOR))
}

/** _append_multiline_row: a row of multi-line cells takes as many lines as its tallest cell. */
function multilineRows(cells: string[], widths: number[]): string[] {
  const cellLines = cells.map((cell) => pySplitlines(cell))
  const height = maxOf(cellLines.map((lines) => lines.length))
  const lines: string[] = []
  for (let i = 0; i < height; i++) {
    lines.push(joinCells(cellLines.map((cellLine, column) => cellLine[i] ?? ' '.repeat(widths[column]))))
  }
  return lines
}

/** tabulate's "simple" table of the rows: headers, a dashed line, then the data rows. */
export function tabulateSimple(rows: Array<Map<string, unknown>>): string {
  const headers: string[] = []
  for (const row of rows) for (const key of row.keys()) if (!headers.includes(key)) headers.push(key)
  if (headers.length === 0) return ''
  const values = rows.map((row) => headers.map((header) => row.get(header) ?? null))

  // tabulate looks for ANSI codes and line breaks once, in the whole table's str() text.
  const plainText = [headers.join('\t'), ...values.map((row) => row.map(pyStr).join('\t'))].join('\t')
  const hasInvisible = plainText.search(INVISIBLE_CODES) >= 0 || plainText.search(INVISIBLE_LINK) >= 0
  const measure: Measure = {
    hasInvisible,
    isMultiline: MULTILINE_CODES.test(plainText),
    lineWidth: hasInvisible ? visibleWidth : pyLen,
  }

  const columns = headers.map((header, column) => {
    const cells = values.map((row) => (row[column] === null ? '' : pyStr(row[column])))
    return alignColumn(cells, cellWidth(measure, header) + MIN_PADDING, measure)
  })
  const widths = columns.map((cells, column) =>
    maxOf(
      cells.map((cell) => cellWidth(measure, cell)),
      cellWidth(measure, headers[column]) + MIN_PADDING,
    ),
  )
  const headerCells = headers.map((header, column) => alignHeader(header, widths[column], measure))
  const dataRows = values.map((_, index) => columns.map((cells) => cells[index]))

  const layoutRow = measure.isMultiline
    ? (cells: string[]) => multilineRows(cells, widths)
    : (cells: string[]) => [joinCells(cells)]
  const lines = [
    ...layoutRow(headerCells),
    joinCells(widths.map((width) => '-'.repeat(width))),
    ...dataRows.flatMap(layoutRow),
  ]
  return lines.join('\n')
}
