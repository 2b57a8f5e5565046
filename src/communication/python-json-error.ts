/**
 * What az says when a service answers a success with a body it cannot decode. az's SDK (azure-core's
 * ContentDecodePolicy) decodes by content type: no content type counts as JSON, an empty body as no
 * body; a JSON type whose text Python's json module rejects gives `JSON is invalid: <json's error>`,
 * and a type it has no decoder for gives `Cannot deserialize content-type: <type>`.
 *
 * `pythonJsonError` is a port of the checks of CPython's json scanner (the C one, which json.loads
 * uses): the same message and the same position (in code points, as Python counts) for every kind of
 * malformed text. It only validates; it builds no values.
 */

/** azure-core's test for a JSON media type. */
const JSON_MEDIA_TYPE = /^(application|text)\/([0-9a-z+.-]+\+)?json$/

/**
 * az's message for a success body that does not decode, or undefined when azure-core would decode
 * it (valid JSON, an empty body, or text/*).
 */
export function azureCoreDecodeError(body: string, contentType: string | undefined | null): string | undefined {
  const mediaType = contentType ? contentType.split(';')[0].trim().toLowerCase() : 'application/json'
  const text = asRequestsDecodes(body, contentType ?? '')
  if (!text) return undefined
  if (JSON_MEDIA_TYPE.test(mediaType)) {
    const error = pythonJsonError(text)
    return error === undefined ? undefined : `JSON is invalid: ${error}`
  }
  // azure-core falls back to JSON when XML does not parse. Checking XML itself is out of scope (the
  // service never sends it): a body that is not JSON is reported as az reports XML it cannot parse.
  if (mediaType.includes('xml')) return pythonJsonError(text) === undefined ? undefined : 'XML is invalid'
  if (mediaType.startsWith('text/')) return undefined
  return `Cannot deserialize content-type: ${mediaType}`
}

/**
 * The body as az's transport (requests, through azure-core) turns it into text, given that Node read
 * it as UTF-8: a byte order mark means UTF-8 (dropped); otherwise the charset parameter, else
 * ISO-8859-1 for a type containing `text` (one character per byte, which Python's positions then
 * count), else UTF-8. Without a usable content type requests guesses (chardet); UTF-8 is assumed.
 */
function asRequestsDecodes(body: string, contentType: string): string {
  if (body.startsWith('\ufeff')) return body.slice(1)
  const [type, ...parameters] = contentType.split(';')
  const charset = parameters
    .map((parameter) => /^\s*charset\s*=\s*["']?([^"'\s]*)/i.exec(parameter)?.[1]?.toLowerCase())
    .find(Boolean)
  const latin1 = charset ? ['iso-8859-1', 'latin1', 'latin-1'].includes(charset) : type.includes('text')
  return latin1 ? Buffer.from(body, 'utf8').toString('latin1') : body
}

class DecodeError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(reason)
  }
}

/** Python's StopIteration(idx): no value starts at idx ("Expecting value" unless caught). */
class NoValue extends Error {
  constructor(readonly position: number) {
    super('Expecting value')
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
const HEX = /^[0-9a-fA-F]$/
const DIGIT = /^[0-9]$/
const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

/**
 * json.loads(text)'s error text, `Expecting value: line 1 column 21 (char 20)`, or undefined when
 * Python would accept the text.
 */
export function pythonJsonError(text: string): string | undefined {
  // Python indexes code points; a JavaScript string indexes UTF-16 units.
  const chars = Array.from(text)
  try {
    if (chars[0] === '\ufeff') throw new DecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0)
    const scanner = new Scanner(chars)
    let end: number
    try {
      end = scanner.scanOnce(scanner.skip(0))
    } catch (error) {
      if (error instanceof NoValue) throw new DecodeError('Expecting value', error.position)
      throw error
    }
    end = scanner.skip(end)
    if (end !== chars.length) throw new DecodeError('Extra data', end)
    return undefined
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error
    const before = chars.slice(0, error.position)
    const line = before.filter((char) => char === '\n').length + 1
    const column = error.position - before.lastIndexOf('\n')
    return `${error.reason}: line ${line} column ${column} (char ${error.position})`
  }
}

class Scanner {
  private readonly last: number

  constructor(private readonly s: string[]) {
    this.last = s.length - 1
  }

  skip(index: number): number {
    while (index <= this.last && WHITESPACE.has(this.s[index])) index++
    return index
  }

  /** Scans one value starting at index; returns where it ends. */
  scanOnce(index: number): number {
    const s = this.s
    if (index >= s.length) throw new NoValue(index)
    switch (s[index]) {
      case '"': {
        return this.string(index + 1)
      }

      case '{': {
        return this.object(index + 1)
      }

      case '[': {
        return this.array(index + 1)
      }

      case 'n': {
        if (this.word(index, 'null')) return index + 4
        break
      }

      case 't': {
        if (this.word(index, 'true')) return index + 4
        break
      }

      case 'f': {
        if (this.word(index, 'false')) return index + 5
        break
      }

      case 'N': {
        if (this.word(index, 'NaN')) return index + 3
        break
      }

      case 'I': {
        if (this.word(index, 'Infinity')) return index + 8
        break
      }

      case '-': {
        if (this.word(index, '-Infinity')) return index + 9
        break
      }
    }

    return this.number(index)
  }

  private word(index: number, word: string): boolean {
    return this.s.slice(index, index + word.length).join('') === word
  }

  private number(start: number): number {
    const s = this.s
    let index = start
    if (s[index] === '-') {
      index++
      if (index > this.last) throw new NoValue(start)
    }
    if (s[index] >= '1' && s[index] <= '9') {
      index++
      while (index <= this.last && DIGIT.test(s[index])) index++
    } else if (s[index] === '0') {
      index++
    } else {
      throw new NoValue(start)
    }
    if (index < this.last && s[index] === '.' && DIGIT.test(s[index + 1])) {
      index += 2
      while (index <= this.last && DIGIT.test(s[index])) index++
    }
    if (index < this.last && (s[index] === 'e' || s[index] === 'E')) {
      const exponent = index
      index++
      if (index < this.last && (s[index] === '-' || s[index] === '+')) index++
      while (index <= this.last && DIGIT.test(s[index])) index++
      if (!DIGIT.test(s[index - 1])) index = exponent
    }
    return index
  }

  /** A string whose opening quote is at end - 1; returns the index after its closing quote. */
  private string(end: number): number {
    const s = this.s
    const begin = end - 1
    for (;;) {
      let next = end
      let char = ''
      for (; next < s.length; next++) {
        char = s[next]
        if (char === '"' || char === '\\') break
        if (char <= '\u001f') throw new DecodeError('Invalid control character at', next)
      }
      if (next >= s.length) throw new DecodeError('Unterminated string starting at', begin)
      next++
      if (char === '"') return next
      if (next === s.length) throw new DecodeError('Unterminated string starting at', begin)
      const escape = s[next]
      if (escape !== 'u') {
        end = next + 1
        if (!SIMPLE_ESCAPES.has(escape)) throw new DecodeError('Invalid \\escape', end - 2)
        continue
      }
      next++
      end = next + 4
      if (end >= s.length) throw new DecodeError('Invalid \\uXXXX escape', next - 1)
      let code = 0
      for (; next < end; next++) {
        if (!HEX.test(s[next])) throw new DecodeError('Invalid \\uXXXX escape', end - 5)
        code = code * 16 + Number.parseInt(s[next], 16)
      }
      // A high surrogate may be followed by the escape of its low half; both are read as one.
      if (code >= 0xd800 && code <= 0xdbff && end + 6 < s.length && s[next++] === '\\' && s[next++] === 'u') {
        end += 6
        let low = 0
        for (; next < end; next++) {
          if (!HEX.test(s[next])) throw new DecodeError('Invalid \\uXXXX escape', end - 5)
          low = low * 16 + Number.parseInt(s[next], 16)
        }
        if (low < 0xdc00 || low > 0xdfff) end -= 6
      }
    }
  }

  private object(index: number): number {
    const s = this.s
    index = this.skip(index)
    if (index > this.last || s[index] !== '}') {
      for (;;) {
        if (index > this.last || s[index] !== '"') {
          throw new DecodeError('Expecting property name enclosed in double quotes', index)
        }
        index = this.skip(this.string(index + 1))
        if (index > this.last || s[index] !== ':') throw new DecodeError("Expecting ':' delimiter", index)
        index = this.skip(this.scanOnce(this.skip(index + 1)))
        if (index <= this.last && s[index] === '}') break
        if (index > this.last || s[index] !== ',') throw new DecodeError("Expecting ',' delimiter", index)
        index = this.skip(index + 1)
      }
    }
    return index + 1
  }

  private array(index: number): number {
    const s = this.s
    index = this.skip(index)
    if (index > this.last || s[index] !== ']') {
      for (;;) {
        index = this.skip(this.scanOnce(index))
        if (index <= this.last && s[index] === ']') break
        if (index > this.last || s[index] !== ',') throw new DecodeError("Expecting ',' delimiter", index)
        index = this.skip(index + 1)
      }
    }
    return index + 1
  }
}
