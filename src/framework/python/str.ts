/**
 * Python's str where JavaScript's differs: Python counts and compares code points (not UTF-16 units), its
 * whitespace and line breaks are other sets, and repr() has its own quoting and escapes.
 */

/** Characters Python's str.isprintable() rejects (other than the space itself); built on first use, as \p{Cn} is costly. */
let nonPrintable: RegExp | undefined

/** Python's repr() of a str: argparse writes `%r` of a value in its messages. */
export function pythonStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '\\') out += '\\\\'
    else if (ch === quote) out += `\\${quote}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch !== ' ' && (nonPrintable ??= /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u).test(ch)) {
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`
      else out += `\\U${code.toString(16).padStart(8, '0')}`
    } else out += ch
  }
  return out + quote
}

/** -1, 0 or 1: strings compared by code point, as Python sorts them (JavaScript compares UTF-16 units). */
export function compareCodePoints(left: string, right: string): number {
  const length = Math.min(left.length, right.length)
  for (let index = 0; index < length; index++) {
    let a = left.charCodeAt(index)
    let b = right.charCodeAt(index)
    if (a === b) continue
    // Surrogates (astral characters) sort after U+E000..U+FFFF in code point order.
    if (a >= 0xd800 && b >= 0xd800) {
      a += a >= 0xe000 ? -0x800 : 0x2000
      b += b >= 0xe000 ? -0x800 : 0x2000
    }
    return a < b ? -1 : 1
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1
}

/** Characters for which Python's str.isspace() is true (int(), float() and str.strip() use them). */
const PYTHON_WHITESPACE =
  '\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005' +
  '\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'

export function isPythonWhitespace(char: string): boolean {
  return char.length === 1 && PYTHON_WHITESPACE.includes(char)
}

/** Python's str.lstrip() with no argument. */
export function pyLstrip(text: string): string {
  let start = 0
  while (start < text.length && isPythonWhitespace(text[start])) start++
  return text.slice(start)
}

/** Python's str.rstrip() with no argument. */
export function pyRstrip(text: string): string {
  let end = text.length
  while (end > 0 && isPythonWhitespace(text[end - 1])) end--
  return text.slice(0, end)
}

/** Python's str.strip() with no argument. */
export function pyStrip(text: string): string {
  return pyRstrip(pyLstrip(text))
}

/** Line boundaries of Python's str.splitlines(); `\r\n` counts as one. */
const LINE_BREAK = /\r\n|[\n\u000b\u000c\r\u001c\u001d\u001e\u0085\u2028\u2029]/g
/** True when str.splitlines() would split the text. */
export const HAS_LINE_BREAK = /[\n\u000b\u000c\r\u001c\u001d\u001e\u0085\u2028\u2029]/

/** Python's str.splitlines(keepends). */
export function pySplitlines(text: string, keepends = false): string[] {
  if (!HAS_LINE_BREAK.test(text)) return text === '' ? [] : [text]
  const lines: string[] = []
  let start = 0
  for (const match of text.matchAll(LINE_BREAK)) {
    const end = match.index + match[0].length
    lines.push(text.slice(start, keepends ? end : match.index))
    start = end
  }
  if (start < text.length) lines.push(text.slice(start))
  return lines
}

/** Python's len() of a str: code points, so an emoji counts once. */
export function pyLen(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i++
    }
    length++
  }
  return length
}
