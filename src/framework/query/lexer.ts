/**
 * Port of jmespath/lexer.py (Python jmespath 1.0.1). Positions count code points, as Python's do.
 * The whole expression is tokenized before parsing, so a lexer error anywhere wins over a parse
 * error earlier in the text, as in Python.
 */
import {EmptyExpressionError, LexerError} from './exceptions.js'
import {JSONDecodeError, pyJsonLoads, pyLstrip} from '../python/index.js'

export type TokenType =
  | 'dot'
  | 'star'
  | 'rbracket'
  | 'comma'
  | 'colon'
  | 'current'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'unquoted_identifier'
  | 'quoted_identifier'
  | 'flatten'
  | 'filter'
  | 'lbracket'
  | 'literal'
  | 'or'
  | 'pipe'
  | 'and'
  | 'expref'
  | 'number'
  | 'lte'
  | 'lt'
  | 'gte'
  | 'gt'
  | 'ne'
  | 'not'
  | 'eq'
  | 'eof'

export interface Token {
  type: TokenType
  value: unknown
  start: number
}

const SIMPLE_TOKENS: Record<string, TokenType> = {
  '.': 'dot',
  '*': 'star',
  ']': 'rbracket',
  ',': 'comma',
  ':': 'colon',
  '@': 'current',
  '(': 'lparen',
  ')': 'rparen',
  '{': 'lbrace',
  '}': 'rbrace',
}
const START_IDENTIFIER = /^[A-Za-z_]$/
const VALID_IDENTIFIER = /^[A-Za-z0-9_]$/
const VALID_NUMBER = /^[0-9]$/
const WHITESPACE = new Set([' ', '\t', '\n', '\r'])

export function tokenize(expression: string): Token[] {
  return new Lexer(expression).tokenize()
}

class Lexer {
  private readonly chars: string[]
  private position = 0
  private current: string | undefined

  constructor(private readonly expression: string) {
    if (!expression) throw new EmptyExpressionError()
    this.chars = [...expression]
    this.current = this.chars[0]
  }

  tokenize(): Token[] {
    const tokens: Token[] = []
    while (this.current !== undefined) {
      const current = this.current
      const start = this.position
      if (Object.hasOwn(SIMPLE_TOKENS, current)) {
        tokens.push({type: SIMPLE_TOKENS[current], value: current, start})
        this.next()
      } else if (START_IDENTIFIER.test(current)) {
        let buffer = current
        while (this.next() !== undefined && VALID_IDENTIFIER.test(this.current as string)) buffer += this.current
        tokens.push({type: 'unquoted_identifier', value: buffer, start})
      } else if (WHITESPACE.has(current)) {
        this.next()
      } else if (current === '[') {
        const next = this.next()
        if (next === ']') {
          this.next()
          tokens.push({type: 'flatten', value: '[]', start})
        } else if (next === '?') {
          this.next()
          tokens.push({type: 'filter', value: '[?', start})
        } else {
          tokens.push({type: 'lbracket', value: '[', start})
        }
      } else if (current === "'") {
        tokens.push(this.rawStringLiteral())
      } else if (current === '|') {
        tokens.push(this.matchOrElse('|', 'or', 'pipe'))
      } else if (current === '&') {
        tokens.push(this.matchOrElse('&', 'and', 'expref'))
      } else if (current === '`') {
        tokens.push(this.literal())
      } else if (VALID_NUMBER.test(current)) {
        tokens.push({type: 'number', value: toInt(this.number()), start})
      } else if (current === '-') {
        const buffer = this.number()
        if (buffer.length <= 1) throw new LexerError(start, buffer, `Unknown token '${buffer}'`)
        tokens.push({type: 'number', value: toInt(buffer), start})
      } else if (current === '"') {
        tokens.push(this.quotedIdentifier())
      } else if (current === '<') {
        tokens.push(this.matchOrElse('=', 'lte', 'lt'))
      } else if (current === '>') {
        tokens.push(this.matchOrElse('=', 'gte', 'gt'))
      } else if (current === '!') {
        tokens.push(this.matchOrElse('=', 'ne', 'not'))
      } else if (current === '=') {
        if (this.next() === '=') {
          tokens.push({type: 'eq', value: '==', start: this.position - 1})
          this.next()
        } else {
          // At the end of the text the position never moved, so there is nothing to rewind.
          const position = this.current === undefined ? this.position : this.position - 1
          throw new LexerError(position, '=', "Unknown token '='")
        }
      } else {
        throw new LexerError(this.position, current, `Unknown token ${current}`)
      }
    }
    tokens.push({type: 'eof', value: '', start: this.chars.length})
    return tokens
  }

  /** Advances one character; at the last one `current` becomes undefined and the position stays. */
  private next(): string | undefined {
    if (this.position === this.chars.length - 1) {
      this.current = undefined
    } else {
      this.position++
      this.current = this.chars[this.position]
    }
    return this.current
  }

  private number(): string {
    let buffer = this.current as string
    while (this.next() !== undefined && VALID_NUMBER.test(this.current as string)) buffer += this.current
    return buffer
  }

  /** Text up to an unescaped delimiter; a backslash and the character after it are both kept. */
  private consumeUntil(delimiter: string): string {
    const start = this.position
    let buffer = ''
    this.next()
    while (this.current !== delimiter) {
      if (this.current === '\\') {
        buffer += '\\'
        this.next()
      }
      if (this.current === undefined) {
        throw new LexerError(start, this.chars.slice(start).join(''), `Unclosed ${delimiter} delimiter`)
      }
      buffer += this.current
      this.next()
    }
    this.next()
    return buffer
  }

  private literal(): Token {
    const start = this.position
    const lexeme = this.consumeUntil('`').replaceAll('\\`', '`')
    let value: unknown
    try {
      value = pyJsonLoads(lexeme)
    } catch (error) {
      if (!(error instanceof JSONDecodeError)) throw error
      // Python falls back to reading invalid JSON as a string (JEP-12's deprecated literal syntax).
      try {
        value = pyJsonLoads(`"${pyLstrip(lexeme)}"`)
      } catch (fallbackError) {
        if (!(fallbackError instanceof JSONDecodeError)) throw fallbackError
        throw new LexerError(start, this.chars.slice(start).join(''), `Bad token ${lexeme}`)
      }
    }
    return {type: 'literal', value, start}
  }

  private quotedIdentifier(): Token {
    const start = this.position
    const lexeme = `"${this.consumeUntil('"')}"`
    try {
      return {type: 'quoted_identifier', value: pyJsonLoads(lexeme), start}
    } catch (error) {
      if (!(error instanceof JSONDecodeError)) throw error
      throw new LexerError(start, lexeme, error.message)
    }
  }

  private rawStringLiteral(): Token {
    const start = this.position
    const lexeme = this.consumeUntil("'").replaceAll("\\'", "'")
    return {type: 'literal', value: lexeme, start}
  }

  private matchOrElse(expected: string, matchType: TokenType, elseType: TokenType): Token {
    const start = this.position
    const current = this.current as string
    const next = this.next()
    if (next === expected) {
      this.next()
      return {type: matchType, value: current + next, start}
    }
    return {type: elseType, value: current, start}
  }
}

/** Python's int() of a lexed digit string; precision beyond 2**53 is lost (indexes that large miss anyway). */
function toInt(digits: string): number {
  const value = Number(digits)
  return value === 0 ? 0 : value
}
