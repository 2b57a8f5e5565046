/**
 * The two facts about a Python value that a plain JavaScript value loses and az's output depends on.
 *
 * 1. Python tells the int 2 from the float 2.0 and prints them differently (`2` / `2.0`).
 *    JSON numbers that JavaScript parses are printed as ints when integral; a value that Python
 *    would hold as an integral float (for example the result of jmespath's `avg([1, 3])`) is
 *    wrapped in a PyFloat so every formatter prints it the Python way.
 * 2. jmespath builds multiselect hashes (`{a: x, b: y}`) as OrderedDicts under az, and knack's
 *    tsv output keeps an OrderedDict's key order while it sorts a plain dict's. Objects built by
 *    the query engine are marked ordered.
 */

/** A Python float with an integral value (2.0, -0.0, 1e+16). Non-integral floats stay plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}

  valueOf(): number {
    return this.value
  }

  toJSON(): number {
    return this.value
  }
}

/** The number behind a value that may be a PyFloat; anything else is returned unchanged. */
export function unwrapNumber<T>(value: T | PyFloat): T | number {
  return value instanceof PyFloat ? value.value : value
}

/** True for a JSON number or a PyFloat. */
export function isNumberLike(value: unknown): value is number | PyFloat {
  return typeof value === 'number' || value instanceof PyFloat
}

const orderedObjects = new WeakSet<object>()

/** Marks an object as an OrderedDict: its key order is meaningful and kept by tsv output. */
export function markOrdered<T extends object>(value: T): T {
  orderedObjects.add(value)
  return value
}

/** True when the object was built as an OrderedDict (see markOrdered). */
export function isOrdered(value: object): boolean {
  return orderedObjects.has(value)
}

/** A plain JSON object (not an array, not null, not a PyFloat). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PyFloat)
}

/**
 * Python's repr() of a float, from its value: shortest round-trip digits, positional notation for
 * exponents -4..15, otherwise `d.ddde+XX` with at least two exponent digits; `inf`, `nan`.
 */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan'
  if (value === Infinity) return 'inf'
  if (value === -Infinity) return '-inf'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  // toExponential() without an argument gives the shortest round-trip digits, as Python's repr.
  const [mantissa, exponentText] = value.toExponential().split('e')
  const exponent = Number(exponentText)
  const negative = mantissa.startsWith('-')
  const digits = mantissa.replace('-', '').replace('.', '')
  let text: string
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const sign = exponent < 0 ? '-' : '+'
    text = `${fraction}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`
  } else if (exponent < 0) {
    text = `0.${'0'.repeat(-exponent - 1)}${digits}`
  } else if (digits.length > exponent + 1) {
    text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`
  } else {
    text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`
  }
  return negative ? `-${text}` : text
}

/**
 * Python's str() of a number as az would hold it: safe integers are ints; integral values beyond
 * 2**53 can only have come from a float literal (an int that large lost its digits in JavaScript
 * anyway), so they print as floats; everything else is a float.
 */
export function pythonNumberStr(value: number | PyFloat): string {
  if (value instanceof PyFloat) return pythonFloatRepr(value.value)
  if (Number.isSafeInteger(value)) return String(value)
  return pythonFloatRepr(value)
}

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
