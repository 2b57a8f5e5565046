/**
 * Python's json.loads and json.dumps as jmespath uses them: loads for backtick literals and quoted
 * identifiers (which input it accepts decides whether a query compiles), dumps for to_string().
 * JavaScript's JSON differs in both directions: Python accepts NaN and Infinity, tells 1 from 1.0,
 * keeps lone surrogates, and dumps with ensure_ascii and float repr.
 */
import {PyFloat, pythonFloatRepr} from './numbers.js'
import {EXPRESSION_REPR, type PyObject, numericValue, pyFloat, pyTypeName, setKey} from './values.js'

/** json.JSONDecodeError (a ValueError). Only the text before its first colon ever shows. */
export class JSONDecodeError extends Error {}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y
const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
}

/** json.loads(text): ints as numbers, floats as numbers or PyFloat, objects in document order. */
export function pyJsonLoads(text: string): unknown {
  const decoder = new Decoder(text)
  const value = decoder.value(decoder.skipWhitespace(0))
  if (decoder.skipWhitespace(decoder.end) !== text.length) throw new JSONDecodeError('Extra data')
  return value
}

class Decoder {
  /** Where the last value scanned ended. */
  end = 0

  constructor(private readonly text: string) {}

  skipWhitespace(index: number): number {
    while (index < this.text.length && WHITESPACE.has(this.text[index])) index++
    return index
  }

  value(index: number): unknown {
    const text = this.text
    const char = text[index]
    if (char === '"') return this.string(index + 1)
    if (char === '{') return this.object(index + 1)
    if (char === '[') return this.array(index + 1)
    for (const [word, value] of CONSTANTS) {
      if (text.startsWith(word, index)) {
        this.end = index + word.length
        return value
      }
    }
    NUMBER.lastIndex = index
    const match = NUMBER.exec(text)
    if (!match) throw new JSONDecodeError('Expecting value')
    this.end = index + match[0].length
    if (match[1] === undefined && match[2] === undefined) return Number(match[0]) || 0
    return pyFloat(Number(match[0]))
  }

  string(index: number): string {
    const text = this.text
    let out = ''
    for (;;) {
      if (index >= text.length) throw new JSONDecodeError('Unterminated string starting at')
      const char = text[index]
      if (char === '"') {
        this.end = index + 1
        return out
      }
      if (char < ' ') throw new JSONDecodeError('Invalid control character at')
      if (char !== '\\') {
        out += char
        index++
        continue
      }
      const escape = text[index + 1]
      if (escape === undefined) throw new JSONDecodeError('Unterminated string starting at')
      if (escape !== 'u') {
        if (!(escape in SIMPLE_ESCAPES)) throw new JSONDecodeError('Invalid \\escape')
        out += SIMPLE_ESCAPES[escape]
        index += 2
        continue
      }
      let code = this.hex4(index + 2)
      index += 6
      // A high surrogate followed by an escaped low surrogate is one character; otherwise each stays alone.
      if (code >= 0xd800 && code <= 0xdbff && text[index] === '\\' && text[index + 1] === 'u') {
        const low = this.hex4(index + 2)
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00)
          index += 6
        }
      }
      out += String.fromCodePoint(code)
    }
  }

  private hex4(index: number): number {
    const digits = this.text.slice(index, index + 4)
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) throw new JSONDecodeError('Invalid \\uXXXX escape')
    return Number.parseInt(digits, 16)
  }

  object(index: number): PyObject {
    const result: PyObject = {}
    index = this.skipWhitespace(index)
    if (this.text[index] === '}') {
      this.end = index + 1
      return result
    }
    for (;;) {
      if (this.text[index] !== '"') throw new JSONDecodeError('Expecting property name enclosed in double quotes')
      const key = this.string(index + 1)
      index = this.skipWhitespace(this.end)
      if (this.text[index] !== ':') throw new JSONDecodeError("Expecting ':' delimiter")
      setKey(result, key, this.value(this.skipWhitespace(index + 1)))
      index = this.skipWhitespace(this.end)
      if (this.text[index] === '}') {
        this.end = index + 1
        return result
      }
      if (this.text[index] !== ',') throw new JSONDecodeError("Expecting ',' delimiter")
      index = this.skipWhitespace(index + 1)
    }
  }

  array(index: number): unknown[] {
    const result: unknown[] = []
    index = this.skipWhitespace(index)
    if (this.text[index] === ']') {
      this.end = index + 1
      return result
    }
    for (;;) {
      result.push(this.value(index))
      index = this.skipWhitespace(this.end)
      if (this.text[index] === ']') {
        this.end = index + 1
        return result
      }
      if (this.text[index] !== ',') throw new JSONDecodeError("Expecting ',' delimiter")
      index = this.skipWhitespace(index + 1)
    }
  }
}

const CONSTANTS: [string, unknown][] = [
  ['null', null],
  ['true', true],
  ['false', false],
  ['NaN', Number.NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]

/** json.dumps(value, separators=(',', ':'), default=str): ASCII only, float repr, NaN/Infinity. */
export function pyJsonDumps(value: unknown): string {
  switch (pyTypeName(value)) {
    case 'NoneType':
      return 'null'
    case 'bool':
      return value ? 'true' : 'false'
    case 'str':
      return encodeString(value as string)
    case 'int':
      return String(value === 0 ? 0 : value)
    case 'float': {
      const number = numericValue(value as number | PyFloat)
      if (Number.isNaN(number)) return 'NaN'
      if (!Number.isFinite(number)) return number > 0 ? 'Infinity' : '-Infinity'
      return pythonFloatRepr(number)
    }
    case 'list':
      return `[${(value as unknown[]).map((item) => pyJsonDumps(item)).join(',')}]`
    case 'dict':
    case 'OrderedDict':
      return `{${Object.entries(value as PyObject)
        .map(([key, item]) => `${encodeString(key)}:${pyJsonDumps(item)}`)
        .join(',')}}`
    case '_Expression':
      return encodeString(EXPRESSION_REPR)
  }
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
}

/** Python's encode_basestring_ascii: everything outside space..~ escaped, astral as surrogate pairs. */
function encodeString(text: string): string {
  let out = '"'
  for (let index = 0; index < text.length; index++) {
    const char = text[index]
    const code = text.charCodeAt(index)
    if (char in SHORT_ESCAPES) out += SHORT_ESCAPES[char]
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += char
  }
  return out + '"'
}
