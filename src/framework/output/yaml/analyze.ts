/**
 * Emitter.analyze_scalar from PyYAML's emitter.py, with allow_unicode=True: which styles can
 * write a string so that it reads back unchanged. Works on code points, as Python's str does.
 */

export interface ScalarAnalysis {
  /** The scalar's code points (Python indexes and measures strings by code point). */
  chars: string[]
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
  allowDoubleQuoted: boolean
  allowBlock: boolean
}

/** PyYAML's line breaks (its Emitter checks them in `analyze_scalar` and the write_* methods alike). */
export const BREAKS = '\n\x85\u2028\u2029'
const WHITESPACE_AROUND_INDICATOR = '\0 \t\r\n\x85\u2028\u2029'

/** Printable characters that allow_unicode lets through unescaped; everything else is special. */
export function isPrintableUnicode(codePoint: number): boolean {
  return (
    (codePoint === 0x85 ||
      (codePoint >= 0xa0 && codePoint <= 0xd7ff) ||
      (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
      // PyYAML's test is `< '\U0010ffff'`, so U+10FFFF itself is special.
      (codePoint >= 0x10000 && codePoint < 0x10ffff)) &&
    codePoint !== 0xfeff
  )
}

export function analyzeScalar(scalar: string): ScalarAnalysis {
  const chars = Array.from(scalar)
  if (chars.length === 0) {
    return {
      chars,
      empty: true,
      multiline: false,
      allowFlowPlain: false,
      allowBlockPlain: true,
      allowSingleQuoted: true,
      allowDoubleQuoted: true,
      allowBlock: false,
    }
  }

  let blockIndicators = false
  let flowIndicators = false
  let lineBreaks = false
  let specialCharacters = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false

  if (scalar.startsWith('---') || scalar.startsWith('...')) {
    blockIndicators = true
    flowIndicators = true
  }

  let precededByWhitespace = true
  let followedByWhitespace = chars.length === 1 || WHITESPACE_AROUND_INDICATOR.includes(chars[1])
  let previousSpace = false
  let previousBreak = false

  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index]
    if (index === 0) {
      // Leading indicators are special characters.
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true
        blockIndicators = true
      }
      if ('?:'.includes(ch)) {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }
      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true
      if (ch === ':') {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }
      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    }

    const isBreak = BREAKS.includes(ch)
    if (isBreak) lineBreaks = true
    const codePoint = ch.codePointAt(0)!
    if (!(ch === '\n' || (codePoint >= 0x20 && codePoint <= 0x7e)) && !isPrintableUnicode(codePoint)) {
      specialCharacters = true
    }

    if (ch === ' ') {
      if (index === 0) leadingSpace = true
      if (index === chars.length - 1) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak) {
      if (index === 0) leadingBreak = true
      if (index === chars.length - 1) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }

    precededByWhitespace = WHITESPACE_AROUND_INDICATOR.includes(ch)
    followedByWhitespace = index + 2 >= chars.length || WHITESPACE_AROUND_INDICATOR.includes(chars[index + 2])
  }

  let allowFlowPlain = true
  let allowBlockPlain = true
  let allowSingleQuoted = true
  let allowBlock = true
  // Leading and trailing whitespace would be lost by a plain scalar.
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false
  if (trailingSpace) allowBlock = false
  // Spaces at the start of a line only survive in block scalars.
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false
  // Spaces before a break, and special characters, only survive double-quoted.
  if (spaceBreak || specialCharacters) allowFlowPlain = allowBlockPlain = allowSingleQuoted = allowBlock = false
  // PyYAML never writes a multiline plain scalar.
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false
  if (flowIndicators) allowFlowPlain = false
  if (blockIndicators) allowBlockPlain = false

  return {
    chars,
    empty: false,
    multiline: lineBreaks,
    allowFlowPlain,
    allowBlockPlain,
    allowSingleQuoted,
    allowDoubleQuoted: true,
    allowBlock,
  }
}
