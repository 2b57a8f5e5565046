/**
 * Python's int(text) and float(text), which jmespath's to_number() tries in that order. They are
 * more lenient than JavaScript's Number(): surrounding Unicode whitespace, underscores between
 * digits, any Unicode decimal digit (`'١٢'` is 12), `inf`/`nan` spellings; and stricter in places:
 * no hex, no empty string.
 */
import {isPythonWhitespace} from '../pyvalue.js'

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
