/**
 * pygments 2.14's JsonLexer, ported: jsonc colours az's json text with it (see color.ts).
 */

import type {TokenSink} from './tokens.js'

const JSON_INTEGER = new Set('-0123456789')
const JSON_FLOAT = new Set('.eE+')
const JSON_CONSTANT = new Set('truefalsenull')
const JSON_HEX = new Set('0123456789abcdefABCDEF')
const JSON_PUNCTUATION = new Set('{}[],')
const JSON_WHITESPACE = new Set(' \n\r\t')

/**
 * pygments' JsonLexer: a character state machine. Strings are held back until the next significant
 * character shows whether they were object keys (`Name.Tag`) or values (`Literal.String.Double`).
 */
export function lexJson(text: string, sink: TokenSink): void {
  type State =
    | 'none'
    | 'string'
    | 'whitespace'
    | 'constant'
    | 'number'
    | 'punctuation'
    | 'comment'
    | 'multiline-comment'
    | 'comment-opener'
  let state: State = 'none'
  let escape = false
  let unicodeEscape = 0
  let isFloat = false
  let closerExpected = false
  let start = 0
  const queue: Array<[string, string]> = []
  const flush = (): void => {
    for (const [type, value] of queue) sink(type, value)
    queue.length = 0
  }
  const emit = (type: string, value: string): void => {
    if (queue.length > 0) queue.push([type, value])
    else sink(type, value)
  }

  for (let stop = 0; stop < text.length; stop++) {
    const ch = text[stop]
    if (state === 'string') {
      if (unicodeEscape) {
        if (JSON_HEX.has(ch)) {
          unicodeEscape--
          if (!unicodeEscape) escape = false
        } else {
          unicodeEscape = 0
          escape = false
        }
      } else if (escape) {
        if (ch === 'u') unicodeEscape = 4
        else escape = false
      } else if (ch === '\\') {
        escape = true
      } else if (ch === '"') {
        queue.push(['Literal.String.Double', text.slice(start, stop + 1)])
        state = 'none'
        escape = false
        unicodeEscape = 0
      }
      continue
    } else if (state === 'whitespace') {
      if (JSON_WHITESPACE.has(ch)) continue
      emit('Text.Whitespace', text.slice(start, stop))
      state = 'none'
    } else if (state === 'constant') {
      if (JSON_CONSTANT.has(ch)) continue
      sink('Keyword.Constant', text.slice(start, stop))
      state = 'none'
    } else if (state === 'number') {
      if (JSON_INTEGER.has(ch)) continue
      if (JSON_FLOAT.has(ch)) {
        isFloat = true
        continue
      }
      sink(isFloat ? 'Literal.Number.Float' : 'Literal.Number.Integer', text.slice(start, stop))
      state = 'none'
      isFloat = false
    } else if (state === 'punctuation') {
      if (JSON_PUNCTUATION.has(ch)) continue
      sink('Punctuation', text.slice(start, stop))
      state = 'none'
    } else if (state === 'comment') {
      if (ch !== '\n') continue
      emit('Comment.Single', text.slice(start, stop))
      state = 'none'
    } else if (state === 'multiline-comment') {
      if (ch === '*') {
        closerExpected = true
      } else if (closerExpected) {
        closerExpected = false
        if (ch === '/') {
          emit('Comment.Multiline', text.slice(start, stop + 1))
          state = 'none'
        }
      }
      continue
    } else if (state === 'comment-opener') {
      state = 'none'
      if (ch === '/') {
        state = 'comment'
        continue
      } else if (ch === '*') {
        state = 'multiline-comment'
        continue
      }
      flush()
      sink('Error', text.slice(start, stop))
    }

    start = stop
    if (ch === '"') {
      state = 'string'
    } else if (JSON_WHITESPACE.has(ch)) {
      state = 'whitespace'
    } else if (ch === 'f' || ch === 'n' || ch === 't') {
      flush()
      state = 'constant'
    } else if (JSON_INTEGER.has(ch)) {
      flush()
      state = 'number'
    } else if (ch === ':') {
      // The held-back strings were a key.
      for (const [type, value] of queue) sink(type === 'Literal.String.Double' ? 'Name.Tag' : type, value)
      queue.length = 0
      state = 'punctuation'
    } else if (JSON_PUNCTUATION.has(ch)) {
      flush()
      state = 'punctuation'
    } else if (ch === '/') {
      state = 'comment-opener'
    } else {
      flush()
      // Python walks code points: an astral character is one Error token, not two halves.
      const point = String.fromCodePoint(text.codePointAt(stop)!)
      sink('Error', point)
      stop += point.length - 1
    }
  }

  flush()
  const rest = text.slice(start)
  const final: Partial<Record<State, string>> = {
    string: 'Error',
    constant: 'Keyword.Constant',
    whitespace: 'Text.Whitespace',
    punctuation: 'Punctuation',
    comment: 'Comment.Single',
    'multiline-comment': 'Error',
    'comment-opener': 'Error',
    number: isFloat ? 'Literal.Number.Float' : 'Literal.Number.Integer',
  }
  if (final[state]) sink(final[state]!, rest)
}
