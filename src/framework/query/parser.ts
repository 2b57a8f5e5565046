/**
 * Port of jmespath/parser.py (Python jmespath 1.0.1), a Pratt parser. Kept line for line so that
 * exactly the expressions Python accepts are accepted, including its quirks: function arguments
 * and multiselect-hash pairs need no comma between them (`length(a b)`, `{a: b c: d}`), a trailing
 * comma is allowed in argument lists, and `a[0][1:2]` slices without projecting.
 */
import type {ComparatorName, KeyValPair, Node} from './ast.js'
import {IncompleteExpressionError, LexerError, ParseError} from './exceptions.js'
import {type Token, type TokenType, tokenize} from './lexer.js'
import {pyRepr} from '../python/index.js'

const BINDING_POWER: Record<TokenType, number> = {
  eof: 0,
  unquoted_identifier: 0,
  quoted_identifier: 0,
  literal: 0,
  rbracket: 0,
  rparen: 0,
  comma: 0,
  rbrace: 0,
  number: 0,
  current: 0,
  expref: 0,
  colon: 0,
  pipe: 1,
  or: 2,
  and: 3,
  eq: 5,
  gt: 5,
  lt: 5,
  gte: 5,
  lte: 5,
  ne: 5,
  flatten: 9,
  // Everything above stops a projection.
  star: 20,
  filter: 21,
  dot: 40,
  not: 45,
  lbrace: 50,
  lbracket: 55,
  lparen: 60,
}
// The maximum binding power of a token that stops a projection.
const PROJECTION_STOP = 10

const COMPARATORS: Partial<Record<TokenType, ComparatorName>> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'gt',
  gte: 'gte',
  lt: 'lt',
  lte: 'lte',
}

// Tokens that can continue an expression (Python's _token_led_* methods).
const HAS_LED = new Set<TokenType>([
  'dot',
  'pipe',
  'or',
  'and',
  'lparen',
  'filter',
  'flatten',
  'lbracket',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
])

const identity = (): Node => ({type: 'identity'})

/** Parses an expression into Python jmespath's tree, or throws its ParseError family. */
export function parse(expression: string): Node {
  try {
    return new Parser(tokenize(expression)).parseAll()
  } catch (error) {
    if (error instanceof IncompleteExpressionError) error.setExpression(expression)
    else if (error instanceof ParseError || error instanceof LexerError) error.expression = expression
    throw error
  }
}

class Parser {
  private index = 0

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const parsed = this.expression(0)
    if (this.currentToken() !== 'eof') {
      const token = this.lookaheadToken(0)
      throw new ParseError(token.start, token.value, token.type, `Unexpected token: ${pyStrValue(token.value)}`)
    }
    return parsed
  }

  private expression(bindingPower = 0): Node {
    const leftToken = this.lookaheadToken(0)
    this.advance()
    let left = this.nud(leftToken)
    let current = this.currentToken()
    while (bindingPower < BINDING_POWER[current]) {
      if (!HAS_LED.has(current)) this.raiseParseErrorForToken(this.lookaheadToken(0), 'invalid token')
      this.advance()
      left = this.led(current, left)
      current = this.currentToken()
    }
    return left
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case 'literal':
        return {type: 'literal', value: token.value}
      case 'unquoted_identifier':
        return {type: 'field', value: token.value as string}
      case 'quoted_identifier':
        if (this.currentToken() === 'lparen') {
          const next = this.lookaheadToken(0)
          throw new ParseError(0, next.value, next.type, 'Quoted identifier not allowed for function names.')
        }
        return {type: 'field', value: token.value as string}
      case 'star': {
        const right = this.currentToken() === 'rbracket' ? identity() : this.parseProjectionRhs(BINDING_POWER.star)
        return {type: 'value_projection', children: [identity(), right]}
      }
      case 'filter':
        return this.ledFilter(identity())
      case 'lbrace':
        return this.parseMultiSelectHash()
      case 'lparen': {
        const expression = this.expression()
        this.match('rparen')
        return expression
      }
      case 'flatten':
        return {
          type: 'projection',
          children: [{type: 'flatten', children: [identity()]}, this.parseProjectionRhs(BINDING_POWER.flatten)],
        }
      case 'not':
        return {type: 'not_expression', children: [this.expression(BINDING_POWER.not)]}
      case 'lbracket':
        if (this.currentToken() === 'number' || this.currentToken() === 'colon') {
          return this.projectIfSlice(identity(), this.parseIndexExpression())
        }
        if (this.currentToken() === 'star' && this.lookahead(1) === 'rbracket') {
          this.advance()
          this.advance()
          return {type: 'projection', children: [identity(), this.parseProjectionRhs(BINDING_POWER.star)]}
        }
        return this.parseMultiSelectList()
      case 'current':
        return {type: 'current'}
      case 'expref':
        return {type: 'expref', children: [this.expression(BINDING_POWER.expref)]}
      case 'eof':
        throw new IncompleteExpressionError(token.start, token.value, token.type)
      default:
        return this.raiseParseErrorForToken(token, 'invalid token')
    }
  }

  private led(tokenType: TokenType, left: Node): Node {
    switch (tokenType) {
      case 'dot':
        return this.ledDot(left)
      case 'pipe':
        return {type: 'pipe', children: [left, this.expression(BINDING_POWER.pipe)]}
      case 'or':
        return {type: 'or_expression', children: [left, this.expression(BINDING_POWER.or)]}
      case 'and':
        return {type: 'and_expression', children: [left, this.expression(BINDING_POWER.and)]}
      case 'lparen':
        return this.ledLparen(left)
      case 'filter':
        return this.ledFilter(left)
      case 'flatten':
        return {
          type: 'projection',
          children: [{type: 'flatten', children: [left]}, this.parseProjectionRhs(BINDING_POWER.flatten)],
        }
      case 'lbracket':
        return this.ledLbracket(left)
      default: {
        const comparator = COMPARATORS[tokenType] as ComparatorName
        return {type: 'comparator', value: comparator, children: [left, this.expression(BINDING_POWER[tokenType])]}
      }
    }
  }

  private ledDot(left: Node): Node {
    if (this.currentToken() !== 'star') {
      const right = this.parseDotRhs(BINDING_POWER.dot)
      if (left.type === 'subexpression') {
        left.children.push(right)
        return left
      }
      return {type: 'subexpression', children: [left, right]}
    }
    // A projection: foo.*
    this.advance()
    return {type: 'value_projection', children: [left, this.parseProjectionRhs(BINDING_POWER.dot)]}
  }

  private ledLparen(left: Node): Node {
    if (left.type !== 'field') {
      // -1 is the '(' token, -2 the invalid function "name".
      const previous = this.lookaheadToken(-2)
      throw new ParseError(
        previous.start,
        previous.value,
        previous.type,
        `Invalid function name '${pyStrValue(previous.value)}'`,
      )
    }
    const args: Node[] = []
    while (this.currentToken() !== 'rparen') {
      const expression = this.expression()
      if (this.currentToken() === 'comma') this.match('comma')
      args.push(expression)
    }
    this.match('rparen')
    return {type: 'function_expression', value: left.value, children: args}
  }

  private ledFilter(left: Node): Node {
    const condition = this.expression(0)
    this.match('rbracket')
    const right = this.currentToken() === 'flatten' ? identity() : this.parseProjectionRhs(BINDING_POWER.filter)
    return {type: 'filter_projection', children: [left, right, condition]}
  }

  private ledLbracket(left: Node): Node {
    const token = this.lookaheadToken(0)
    if (token.type === 'number' || token.type === 'colon') {
      const right = this.parseIndexExpression()
      if (left.type === 'index_expression') {
        // Python appends to the existing index expression, so a slice here does not project.
        left.children.push(right)
        return left
      }
      return this.projectIfSlice(left, right)
    }
    this.match('star')
    this.match('rbracket')
    return {type: 'projection', children: [left, this.parseProjectionRhs(BINDING_POWER.star)]}
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexExpression: Node = {type: 'index_expression', children: [left, right]}
    if (right.type === 'slice') {
      return {type: 'projection', children: [indexExpression, this.parseProjectionRhs(BINDING_POWER.star)]}
    }
    return indexExpression
  }

  private parseIndexExpression(): Node {
    if (this.lookahead(0) === 'colon' || this.lookahead(1) === 'colon') return this.parseSliceExpression()
    const node: Node = {type: 'index', value: this.lookaheadToken(0).value as number}
    this.advance()
    this.match('rbracket')
    return node
  }

  private parseSliceExpression(): Node {
    const parts: [number | null, number | null, number | null] = [null, null, null]
    let index = 0
    let current = this.currentToken()
    while (current !== 'rbracket' && index < 3) {
      if (current === 'colon') {
        index++
        if (index === 3) this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error')
        this.advance()
      } else if (current === 'number') {
        parts[index] = this.lookaheadToken(0).value as number
        this.advance()
      } else {
        this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error')
      }
      current = this.currentToken()
    }
    this.match('rbracket')
    return {type: 'slice', children: parts}
  }

  private parseMultiSelectList(): Node {
    const expressions: Node[] = []
    for (;;) {
      expressions.push(this.expression())
      if (this.currentToken() === 'rbracket') break
      this.match('comma')
    }
    this.match('rbracket')
    return {type: 'multi_select_list', children: expressions}
  }

  private parseMultiSelectHash(): Node {
    const pairs: KeyValPair[] = []
    for (;;) {
      const keyToken = this.lookaheadToken(0)
      this.matchMultipleTokens(['quoted_identifier', 'unquoted_identifier'])
      this.match('colon')
      const value = this.expression(0)
      pairs.push({type: 'key_val_pair', value: keyToken.value as string, children: [value]})
      if (this.currentToken() === 'comma') {
        this.match('comma')
      } else if (this.currentToken() === 'rbrace') {
        this.match('rbrace')
        break
      }
    }
    return {type: 'multi_select_dict', children: pairs}
  }

  private parseProjectionRhs(bindingPower: number): Node {
    const current = this.currentToken()
    if (BINDING_POWER[current] < PROJECTION_STOP) return identity()
    if (current === 'lbracket' || current === 'filter') return this.expression(bindingPower)
    if (current === 'dot') {
      this.match('dot')
      return this.parseDotRhs(bindingPower)
    }
    return this.raiseParseErrorForToken(this.lookaheadToken(0), 'syntax error')
  }

  private parseDotRhs(bindingPower: number): Node {
    const lookahead = this.currentToken()
    if (lookahead === 'quoted_identifier' || lookahead === 'unquoted_identifier' || lookahead === 'star') {
      return this.expression(bindingPower)
    }
    if (lookahead === 'lbracket') {
      this.match('lbracket')
      return this.parseMultiSelectList()
    }
    if (lookahead === 'lbrace') {
      this.match('lbrace')
      return this.parseMultiSelectHash()
    }
    const token = this.lookaheadToken(0)
    const allowed = ['quoted_identifier', 'unquoted_identifier', 'lbracket', 'lbrace']
    return this.raiseParseErrorForToken(token, `Expecting: ${pyRepr(allowed)}, got: ${token.type}`)
  }

  private match(tokenType: TokenType): void {
    if (this.currentToken() === tokenType) this.advance()
    else this.raiseParseErrorMaybeEof(tokenType, this.lookaheadToken(0))
  }

  private matchMultipleTokens(tokenTypes: TokenType[]): void {
    if (!tokenTypes.includes(this.currentToken())) this.raiseParseErrorMaybeEof(tokenTypes, this.lookaheadToken(0))
    this.advance()
  }

  private advance(): void {
    this.index++
  }

  private currentToken(): TokenType {
    return this.tokens[this.index].type
  }

  private lookahead(offset: number): TokenType {
    return this.lookaheadToken(offset).type
  }

  private lookaheadToken(offset: number): Token {
    // Python indexes a list: negative positions count from the end.
    const position = this.index + offset
    return this.tokens[position < 0 ? this.tokens.length + position : position]
  }

  private raiseParseErrorForToken(token: Token, reason: string): never {
    throw new ParseError(token.start, token.value, token.type, reason)
  }

  private raiseParseErrorMaybeEof(expected: TokenType | TokenType[], token: Token): never {
    if (token.type === 'eof') throw new IncompleteExpressionError(token.start, token.value, token.type)
    const expectedText = typeof expected === 'string' ? expected : pyRepr(expected)
    throw new ParseError(token.start, token.value, token.type, `Expecting: ${expectedText}, got: ${token.type}`)
  }
}

/** %s of a token value in Python's messages. */
function pyStrValue(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value)
}
