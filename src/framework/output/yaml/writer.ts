/**
 * The character-level half of PyYAML's Emitter: column tracking, indicators, indentation and the
 * plain / single-quoted / double-quoted scalar writers with their folding at best_width. Ported
 * line by line from emitter.py (default width 80, indent 2, '\n' breaks, allow_unicode=True) so
 * that every fold lands where PyYAML puts it. Scalar text arrives as code points.
 */
import {BREAKS} from './analyze.js'

export const BEST_INDENT = 2
const BEST_WIDTH = 80

const ESCAPE_REPLACEMENTS = new Map<string, string>([
  ['\0', '0'],
  ['\x07', 'a'],
  ['\x08', 'b'],
  ['\x09', 't'],
  ['\x0A', 'n'],
  ['\x0B', 'v'],
  ['\x0C', 'f'],
  ['\x0D', 'r'],
  ['\x1B', 'e'],
  ['"', '"'],
  ['\\', '\\'],
  ['\x85', 'N'],
  ['\xA0', '_'],
  ['\u2028', 'L'],
  ['\u2029', 'P'],
])

export class YamlWriter {
  private readonly parts: string[] = []
  /** Current indentation; null before the root collection has set one. */
  indent: number | null = null
  private readonly indents: Array<number | null> = []
  column = 0
  /** The last written character is whitespace. */
  whitespace = true
  /** The line so far holds only indentation and block indicators ('-', '?', ':'). */
  indention = true
  /** The document ends in a plain root scalar, so the stream needs an explicit `...`. */
  openEnded = false

  text(): string {
    return this.parts.join('')
  }

  increaseIndent(flow = false, indentless = false): void {
    this.indents.push(this.indent)
    if (this.indent === null) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  decreaseIndent(): void {
    this.indent = this.indents.pop() ?? null
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ' ' + indicator
    this.whitespace = whitespace
    this.indention = this.indention && indention
    this.column += data.length
    this.openEnded = false
    this.parts.push(data)
  }

  writeIndent(): void {
    const indent = this.indent ?? 0
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.writeLineBreak()
    }
    if (this.column < indent) {
      this.whitespace = true
      this.parts.push(' '.repeat(indent - this.column))
      this.column = indent
    }
  }

  writeLineBreak(data = '\n'): void {
    this.whitespace = true
    this.indention = true
    this.column = 0
    this.parts.push(data)
  }

  private writeChunk(chars: string[], start: number, end: number): void {
    this.column += end - start
    this.parts.push(chars.slice(start, end).join(''))
  }

  /** Writes a run of breaks; a leading '\n' is doubled because a single break folds into a space. */
  private writeBreaks(chars: string[], start: number, end: number): void {
    if (chars[start] === '\n') this.writeLineBreak()
    for (const br of chars.slice(start, end)) this.writeLineBreak(br === '\n' ? undefined : br)
  }

  writePlain(chars: string[], split: boolean, root: boolean): void {
    if (root) this.openEnded = true
    if (chars.length === 0) return
    if (!this.whitespace) {
      this.column += 1
      this.parts.push(' ')
    }
    this.whitespace = false
    this.indention = false
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch: string | undefined = chars[end]
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent()
            this.whitespace = false
            this.indention = false
          } else {
            this.writeChunk(chars, start, end)
          }
          start = end
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(chars, start, end)
          this.writeIndent()
          this.whitespace = false
          this.indention = false
          start = end
        }
      } else if (ch === undefined || (' ' + BREAKS).includes(ch)) {
        this.writeChunk(chars, start, end)
        start = end
      }
      if (ch !== undefined) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }
  }

  writeSingleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator("'", true)
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch: string | undefined = chars[end]
      if (spaces) {
        if (ch === undefined || ch !== ' ') {
          // Only a single space between words is a fold point; PyYAML never folds at the ends.
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== chars.length) {
            this.writeIndent()
          } else {
            this.writeChunk(chars, start, end)
          }
          start = end
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(chars, start, end)
          this.writeIndent()
          start = end
        }
      } else if (ch === undefined || (' ' + BREAKS).includes(ch) || ch === "'") {
        if (start < end) {
          this.writeChunk(chars, start, end)
          start = end
        }
      }
      if (ch === "'") {
        this.column += 2
        this.parts.push("''")
        start = end + 1
      }
      if (ch !== undefined) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }
    this.writeIndicator("'", false)
  }

  writeDoubleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator('"', true)
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch: string | undefined = chars[end]
      if (ch === undefined || needsEscape(ch)) {
        if (start < end) {
          this.writeChunk(chars, start, end)
          start = end
        }
        if (ch !== undefined) {
          const data = escape(ch)
          this.column += data.length
          this.parts.push(data)
          start = end + 1
        }
      }
      // Fold before a space (or right after an escape) once the line is past the width; the
      // trailing backslash joins the lines without a space, and a leading `\` keeps a space.
      if (
        0 < end &&
        end < chars.length - 1 &&
        (ch === ' ' || start >= end) &&
        this.column + (end - start) > BEST_WIDTH &&
        split
      ) {
        // After an escape start is end + 1 and the chunk is empty.
        const chunkLength = Math.max(0, end - start)
        this.parts.push(chars.slice(start, end).join('') + '\\')
        this.column += chunkLength + 1
        if (start < end) start = end
        this.writeIndent()
        this.whitespace = false
        this.indention = false
        if (chars[start] === ' ') {
          this.column += 1
          this.parts.push('\\')
        }
      }
    }
    this.writeIndicator('"', false)
  }
}

function needsEscape(ch: string): boolean {
  if ('"\\\x85\u2028\u2029\uFEFF'.includes(ch)) return true
  const codePoint = ch.codePointAt(0)!
  return !(
    (codePoint >= 0x20 && codePoint <= 0x7e) ||
    (codePoint >= 0xa0 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd)
  )
}

function escape(ch: string): string {
  const replacement = ESCAPE_REPLACEMENTS.get(ch)
  if (replacement !== undefined) return '\\' + replacement
  const codePoint = ch.codePointAt(0)!
  const hex = codePoint.toString(16).toUpperCase()
  if (codePoint <= 0xff) return '\\x' + hex.padStart(2, '0')
  if (codePoint <= 0xffff) return '\\u' + hex.padStart(4, '0')
  return '\\U' + hex.padStart(8, '0')
}
