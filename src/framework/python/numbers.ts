/**
 * Python's numbers where JavaScript's differ: the int 2 and the float 2.0 are different values that print
 * differently; repr() of a float; int(text) and float(text), which jmespath's to_number() tries in that order and
 * which are more lenient than JavaScript's Number() (surrounding Unicode whitespace, underscores between digits, any
 * Unicode decimal digit: `'١٢'` is 12, `inf`/`nan` spellings) and stricter in places (no hex, no empty string).
 */
import {isPythonWhitespace} from './str.js'

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

/** Python 3.11's limit on the digits int() converts (sys.int_info.str_digits_check_threshold). */
const INT_MAX_STR_DIGITS = 4300

const DECIMAL_DIGIT = /\p{Nd}/u

/**
 * _PyUnicode_TransformDecimalAndSpaceToASCII: below U+007F characters stay as they are; above,
 * whitespace becomes ' ', decimal digits become ASCII digits, and anything else becomes '?', which
 * no number syntax accepts. Only ASCII whitespace is stripped afterwards (so '\x1c12' fails).
 */
function transformDecimalAndSpace(text: string): string {
  let out = ''
  for (const char of text) {
    const code = char.codePointAt(0) as number
    if (code < 0x7f) out += char
    else if (isPythonWhitespace(char)) out += ' '
    else if (DECIMAL_DIGIT.test(char)) out += String(decimalValue(code))
    else out += '?'
  }
  return out
}

/** The value of a Unicode decimal digit: Nd characters come in aligned runs of ten, zero first. */
function decimalValue(code: number): number {
  let start = code
  while (start > 0 && code - start < 60 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--
  return (code - start) % 10
}

function stripAsciiSpaces(text: string): string {
  return text.replace(/^[ \t\n\x0b\x0c\r]+|[ \t\n\x0b\x0c\r]+$/g, '')
}

const INT_SYNTAX = /^[+-]?[0-9](?:_?[0-9])*$/

/** int(text) for a str: the integer, or undefined where Python raises ValueError. */
export function pyIntFromString(text: string): number | undefined {
  const stripped = stripAsciiSpaces(transformDecimalAndSpace(text))
  if (!INT_SYNTAX.test(stripped)) return undefined
  const digits = stripped.replace(/[+_-]/g, '')
  if (digits.length > INT_MAX_STR_DIGITS) return undefined
  const value = Number(stripped.replace(/_/g, ''))
  return value === 0 ? 0 : value
}

// A digit run where single underscores may separate digits.
const DIGITS = '[0-9](?:_?[0-9])*'
const FLOAT_SYNTAX = new RegExp(`^[+-]?(?:(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?)$`)
const SPECIAL_FLOAT = /^([+-]?)(inf|infinity|nan)$/i

/** float(text) for a str: the float, or undefined where Python raises ValueError. */
export function pyFloatFromString(text: string): number | undefined {
  const stripped = stripAsciiSpaces(transformDecimalAndSpace(text))
  const special = SPECIAL_FLOAT.exec(stripped)
  if (special) {
    if (special[2].toLowerCase() === 'nan') return Number.NaN
    return special[1] === '-' ? -Infinity : Infinity
  }
  if (!FLOAT_SYNTAX.test(stripped)) return undefined
  return Number(stripped.replace(/_/g, ''))
}
