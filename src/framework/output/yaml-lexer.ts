/**
 * pygments 2.14's YamlLexer (an ExtendedRegexLexer with an indentation context), ported rule for
 * rule so yamlc colours exactly as az does. Python's `re` is translated where JavaScript differs:
 * `^`/`$` (MULTILINE) only see \n as a line end, `\s` is Python's whitespace set, `\w` is Unicode.
 */

import type {TokenSink} from './tokens.js'

const WS = '\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const S = `[${WS}]`
const NS = `[^${WS}]`
const W = '\\p{L}\\p{N}_'
const BOL = '(?<![^\\n])'
const EOL = '(?![^\\n])'

interface Context {
  text: string
  pos: number
  stack: string[]
  indentStack: number[]
  indent: number
  nextIndent: number
  blockScalarIndent: number | null
}

/** What a rule's regex matched, or one group of it (bygroups hands callbacks a pseudo-match). */
interface Match {
  start: number
  text: string
  group1?: string
}

type Callback = (match: Match, ctx: Context, sink: TokenSink) => void
/** A state change: states to push, or a negative number of states to pop. */
type NewState = string[] | number
interface Rule {
  regex: RegExp
  action: string | Callback | Array<string | Callback>
  newState?: NewState
}

/** Do not produce empty tokens. */
const something =
  (type: string): Callback =>
  (match, ctx, sink) => {
    if (!match.text) return
    sink(type, match.text)
    ctx.pos = match.start + match.text.length
  }

/** Save a possible indentation level. */
const saveIndent =
  (type: string, start = false): Callback =>
  (match, ctx, sink) => {
    let text = match.text
    let extra = ''
    if (start) {
      ctx.nextIndent = text.length
      if (ctx.nextIndent < ctx.indent) {
        while (ctx.nextIndent < ctx.indent) ctx.indent = ctx.indentStack.pop()!
        if (ctx.nextIndent > ctx.indent) {
          extra = text.slice(ctx.indent)
          text = text.slice(0, ctx.indent)
        }
      }
    } else {
      ctx.nextIndent += text.length
    }
    if (text) sink(type, text)
    if (extra) sink(`${type}.Error`, extra)
    ctx.pos = match.start + match.text.length
  }

/** Set the previously saved indentation level. */
const setIndent =
  (type: string, implicit = false): Callback =>
  (match, ctx, sink) => {
    if (ctx.indent < ctx.nextIndent) {
      ctx.indentStack.push(ctx.indent)
      ctx.indent = ctx.nextIndent
    }
    if (!implicit) ctx.nextIndent += match.text.length
    sink(type, match.text)
    ctx.pos = match.start + match.text.length
  }

/** Set an explicit indentation level for a block scalar. */
const setBlockScalarIndent =
  (type: string): Callback =>
  (match, ctx, sink) => {
    ctx.blockScalarIndent = null
    if (!match.text) return
    if (match.group1) ctx.blockScalarIndent = Math.max(ctx.indent, 0) + Number(match.group1)
    sink(type, match.text)
    ctx.pos = match.start + match.text.length
  }

/** Process an empty line in a block scalar. */
const parseBlockScalarEmptyLine =
  (indentType: string, contentType: string): Callback =>
  (match, ctx, sink) => {
    const {text} = match
    if (ctx.blockScalarIndent === null || text.length <= ctx.blockScalarIndent) {
      if (text) sink(indentType, text)
    } else {
      sink(indentType, text.slice(0, ctx.blockScalarIndent))
      sink(contentType, text.slice(ctx.blockScalarIndent))
    }
    ctx.pos = match.start + text.length
  }

/** Process indentation spaces in a block scalar (the scalar may end here). */
const parseBlockScalarIndent =
  (type: string): Callback =>
  (match, ctx, sink) => {
    const {text} = match
    if (ctx.blockScalarIndent === null) {
      if (text.length <= Math.max(ctx.indent, 0)) {
        ctx.stack.splice(-2)
        return
      }
      ctx.blockScalarIndent = text.length
    } else if (text.length < ctx.blockScalarIndent) {
      ctx.stack.splice(-2)
      return
    }
    if (!text) return
    sink(type, text)
    ctx.pos = match.start + text.length
  }

/** Process indentation spaces in a plain scalar (the scalar may end here). */
const parsePlainScalarIndent =
  (type: string): Callback =>
  (match, ctx, sink) => {
    const {text} = match
    if (text.length <= ctx.indent) {
      ctx.stack.splice(-2)
      return
    }
    if (!text) return
    sink(type, text)
    ctx.pos = match.start + text.length
  }

const WHITESPACE = 'Text.Whitespace'
const INDICATOR = 'Punctuation.Indicator'

type RuleSpec = [source: string, action: Rule['action'], newState?: NewState | string] | {include: string}

const TOKENS: Record<string, RuleSpec[]> = {
  root: [
    [`[ ]+(?=#|${EOL})`, WHITESPACE],
    ['\\n+', WHITESPACE],
    ['#[^\\n]*', 'Comment.Single'],
    [`${BOL}%YAML(?=[ ]|${EOL})`, resetIndent('Name.Tag'), ['yaml-directive']],
    [`${BOL}%TAG(?=[ ]|${EOL})`, resetIndent('Name.Tag'), ['tag-directive']],
    [`${BOL}(?:---|\\.\\.\\.)(?=[ ]|${EOL})`, resetIndent('Name.Namespace'), ['block-line']],
    [`[ ]*(?!${S}|${EOL})`, saveIndent(WHITESPACE, true), ['block-line', 'indentation']],
  ],
  'ignored-line': [
    [`[ ]+(?=#|${EOL})`, WHITESPACE],
    ['#[^\\n]*', 'Comment.Single'],
    ['\\n', WHITESPACE, -2],
  ],
  'yaml-directive': [['([ ]+)([0-9]+\\.[0-9]+)', [WHITESPACE, 'Literal.Number'], ['ignored-line']]],
  'tag-directive': [
    [
      `([ ]+)(!|![${W}\\-]*!)([ ]+)(!|!?[${W};/?:@&=+$,.!~*'()\\[\\]%\\-]+)`,
      [WHITESPACE, 'Keyword.Type', WHITESPACE, 'Keyword.Type'],
      ['ignored-line'],
    ],
  ],
  indentation: [
    [`[ ]*${EOL}`, something(WHITESPACE), -2],
    [`[ ]+(?=[?:\\-](?:[ ]|${EOL}))`, saveIndent(WHITESPACE)],
    [`[?:\\-](?=[ ]|${EOL})`, setIndent(INDICATOR)],
    ['[ ]*', saveIndent(WHITESPACE), -1],
  ],
  'block-line': [
    [`[ ]*(?=#|${EOL})`, something(WHITESPACE), -1],
    ['[ ]+', WHITESPACE],
    [`([^#,?\\[\\]{}"'\\n]+)(:)(?=[ ]|${EOL})`, ['Name.Tag', setIndent('Punctuation', true)]],
    {include: 'descriptors'},
    {include: 'block-nodes'},
    {include: 'flow-nodes'},
    [
      `(?=[^${WS}?:,\\[\\]{}#&*!|>'"%@\`\\-]|[?:\\-]${NS})`,
      something('Name.Variable'),
      ['plain-scalar-in-block-context'],
    ],
  ],
  descriptors: [
    [`!<[${W}#;/?:@&=+$,.!~*'()\\[\\]%\\-]+>`, 'Keyword.Type'],
    [`!(?:[${W}\\-]+!)?[${W}#;/?:@&=+$,.!~*'()\\[\\]%\\-]*`, 'Keyword.Type'],
    [`&[${W}\\-]+`, 'Name.Label'],
    [`\\*[${W}\\-]+`, 'Name.Variable'],
  ],
  'block-nodes': [
    [`:(?=[ ]|${EOL})`, setIndent(INDICATOR, true)],
    ['[|>]', INDICATOR, ['block-scalar-content', 'block-scalar-header']],
  ],
  'flow-nodes': [
    ['\\[', INDICATOR, ['flow-sequence']],
    ['\\{', INDICATOR, ['flow-mapping']],
    ["'", 'Literal.String', ['single-quoted-scalar']],
    ['"', 'Literal.String', ['double-quoted-scalar']],
  ],
  'flow-collection': [
    ['[ ]+', WHITESPACE],
    ['\\n+', WHITESPACE],
    ['#[^\\n]*', 'Comment.Single'],
    ['[?:,]', INDICATOR],
    {include: 'descriptors'},
    {include: 'flow-nodes'},
    [`(?=[^${WS}?:,\\[\\]{}#&*!|>'"%@\`])`, something('Name.Variable'), ['plain-scalar-in-flow-context']],
  ],
  'flow-sequence': [{include: 'flow-collection'}, ['\\]', INDICATOR, -1]],
  'flow-mapping': [
    [`([^,:?\\[\\]{}"'\\n]+)(:)(?=[ ]|${EOL})`, ['Name.Tag', 'Punctuation']],
    {include: 'flow-collection'},
    ['\\}', INDICATOR, -1],
  ],
  'block-scalar-content': [
    ['\\n', WHITESPACE],
    [`${BOL}[ ]+${EOL}`, parseBlockScalarEmptyLine(WHITESPACE, 'Name.Constant')],
    [`${BOL}[ ]*`, parseBlockScalarIndent(WHITESPACE)],
    [`(?:${NS}|[\\t ])+`, 'Name.Constant'],
  ],
  'block-scalar-header': [
    [`([1-9])?[+\\-]?(?=[ ]|${EOL})`, setBlockScalarIndent(INDICATOR), ['ignored-line']],
    [`[+\\-]?([1-9])?(?=[ ]|${EOL})`, setBlockScalarIndent(INDICATOR), ['ignored-line']],
  ],
  'quoted-scalar-whitespaces': [
    [`${BOL}[ ]+`, WHITESPACE],
    [`[ ]+${EOL}`, WHITESPACE],
    ['\\n+', WHITESPACE],
    ['[ ]+', 'Name.Variable'],
  ],
  'single-quoted-scalar': [
    {include: 'quoted-scalar-whitespaces'},
    ["''", 'Literal.String.Escape'],
    [`[^${WS}']+`, 'Literal.String'],
    ["'", 'Literal.String', -1],
  ],
  'double-quoted-scalar': [
    {include: 'quoted-scalar-whitespaces'},
    ['\\\\[0abt\\tn\\nvfre "\\\\N_LP]', 'Literal.String'],
    ['\\\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})', 'Literal.String.Escape'],
    [`[^${WS}"\\\\]+`, 'Literal.String'],
    ['"', 'Literal.String', -1],
  ],
  'plain-scalar-in-block-context-new-line': [
    [`${BOL}[ ]+${EOL}`, WHITESPACE],
    ['\\n+', WHITESPACE],
    [`${BOL}(?=---|\\.\\.\\.)`, something('Name.Namespace'), -3],
    [`${BOL}[ ]*`, parsePlainScalarIndent(WHITESPACE), -1],
  ],
  'plain-scalar-in-block-context': [
    [`[ ]*(?=:[ ]|:${EOL})`, something(WHITESPACE), -1],
    ['[ ]+(?=#)', WHITESPACE, -1],
    [`[ ]+${EOL}`, WHITESPACE],
    ['\\n+', WHITESPACE, ['plain-scalar-in-block-context-new-line']],
    ['[ ]+', 'Literal.Scalar.Plain'],
    [`(?::(?!${S})|[^${WS}:])+`, 'Literal.Scalar.Plain'],
  ],
  'plain-scalar-in-flow-context': [
    ['[ ]*(?=[,:?\\[\\]{}])', something(WHITESPACE), -1],
    ['[ ]+(?=#)', WHITESPACE, -1],
    [`${BOL}[ ]+`, WHITESPACE],
    [`[ ]+${EOL}`, WHITESPACE],
    ['\\n+', WHITESPACE],
    ['[ ]+', 'Name.Variable'],
    [`[^${WS},:?\\[\\]{}]+`, 'Name.Variable'],
  ],
}

/** Reset the indentation levels (document markers and directives). */
function resetIndent(type: string): Callback {
  return (match, ctx, sink) => {
    ctx.indentStack = []
    ctx.indent = -1
    ctx.nextIndent = 0
    ctx.blockScalarIndent = null
    sink(type, match.text)
    ctx.pos = match.start + match.text.length
  }
}

/** Each state's rules with includes expanded and regexes compiled (sticky: they match at ctx.pos). */
const STATES: Record<string, Rule[]> = {}
function compileState(name: string): Rule[] {
  if (STATES[name]) return STATES[name]
  const rules: Rule[] = []
  for (const spec of TOKENS[name]) {
    if ('include' in spec) {
      rules.push(...compileState(spec.include))
      continue
    }
    const [source, action, newState] = spec
    // Group positions (the `d` flag) cost time on every match; only bygroups rules need them.
    const flags = Array.isArray(action) ? 'dyu' : 'yu'
    rules.push({regex: new RegExp(source, flags), action, newState: newState as NewState | undefined})
  }
  STATES[name] = rules
  return rules
}
for (const name of Object.keys(TOKENS)) compileState(name)

/** bygroups: one action per group; callbacks get the group as their match. */
function byGroups(actions: Array<string | Callback>, match: RegExpExecArray, ctx: Context, sink: TokenSink): void {
  actions.forEach((action, index) => {
    const data = match[index + 1]
    if (typeof action === 'string') {
      if (data) sink(action, data)
    } else if (data !== undefined) {
      const start = match.indices![index + 1]![0]
      ctx.pos = start
      action({start, text: data}, ctx, sink)
    }
  })
  ctx.pos = match.index + match[0].length
}

function applyNewState(ctx: Context, newState: NewState): void {
  if (typeof newState === 'number') {
    if (Math.abs(newState) >= ctx.stack.length) ctx.stack.splice(1)
    else ctx.stack.splice(newState)
  } else {
    for (const state of newState) ctx.stack.push(state)
  }
}

/** ExtendedRegexLexer.get_tokens_unprocessed with a YamlLexerContext. */
export function lexYaml(text: string, sink: TokenSink): void {
  const ctx: Context = {
    text,
    pos: 0,
    stack: ['root'],
    indentStack: [],
    indent: -1,
    nextIndent: 0,
    blockScalarIndent: null,
  }
  let rules = STATES.root
  while (true) {
    let matched = false
    for (const rule of rules) {
      rule.regex.lastIndex = ctx.pos
      const match = rule.regex.exec(text)
      if (!match) continue
      matched = true
      const {action} = rule
      if (typeof action === 'string') {
        sink(action, match[0])
        ctx.pos = match.index + match[0].length
      } else {
        if (Array.isArray(action)) byGroups(action, match, ctx, sink)
        else action({start: match.index, text: match[0], group1: match[1]}, ctx, sink)
        // A callback may have left states itself.
        if (rule.newState === undefined) rules = STATES[ctx.stack[ctx.stack.length - 1]]
      }
      if (rule.newState !== undefined) {
        applyNewState(ctx, rule.newState)
        rules = STATES[ctx.stack[ctx.stack.length - 1]]
      }
      break
    }
    if (matched) continue
    if (ctx.pos >= text.length) break
    if (text[ctx.pos] === '\n') {
      // At a line end nothing matched: back to the root state.
      ctx.stack = ['root']
      rules = STATES.root
      sink('Text', '\n')
      ctx.pos += 1
      continue
    }
    const ch = String.fromCodePoint(text.codePointAt(ctx.pos)!)
    sink('Error', ch)
    ctx.pos += ch.length
  }
}
