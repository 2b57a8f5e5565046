/**
 * `--output jsonc` / `yamlc` on a terminal: knack passes the json / yaml text through pygments 2.14,
 * `highlight(text, JsonLexer() | YamlLexer(), TerminalFormatter())`. This is that pipeline for the
 * documents az's formatters write: the lexer's input clean-up, the lexers (json-lexer.ts,
 * yaml-lexer.ts) and TerminalFormatter's light-background ANSI colours.
 */

import {HAS_LINE_BREAK, pySplitlines} from '../python/index.js'
import {lexJson} from './json-lexer.js'
import {lexYaml} from './yaml-lexer.js'
import type {TokenSink} from './tokens.js'

const ESC = '\u001b['
const RESET = `${ESC}39;49;00m`
const ANSI: Record<string, string> = {
  black: `${ESC}30m`,
  red: `${ESC}31m`,
  green: `${ESC}32m`,
  yellow: `${ESC}33m`,
  blue: `${ESC}34m`,
  magenta: `${ESC}35m`,
  cyan: `${ESC}36m`,
  gray: `${ESC}37m`,
  brightblack: `${ESC}90m`,
  brightred: `${ESC}91m`,
  brightgreen: `${ESC}92m`,
  brightyellow: `${ESC}93m`,
  brightblue: `${ESC}94m`,
  brightmagenta: `${ESC}95m`,
  brightcyan: `${ESC}96m`,
  white: `${ESC}01m`,
}

/** TerminalFormatter's TERMINAL_COLORS, light-background column (its default). */
const TERMINAL_COLORS: Record<string, string> = {
  '': '',
  'Text.Whitespace': 'gray',
  Comment: 'gray',
  'Comment.Preproc': 'cyan',
  Keyword: 'blue',
  'Keyword.Type': 'cyan',
  'Operator.Word': 'magenta',
  'Name.Builtin': 'cyan',
  'Name.Function': 'green',
  'Name.Namespace': '_cyan_',
  'Name.Class': '_green_',
  'Name.Exception': 'cyan',
  'Name.Decorator': 'brightblack',
  'Name.Variable': 'red',
  'Name.Constant': 'red',
  'Name.Attribute': 'cyan',
  'Name.Tag': 'brightblue',
  'Literal.String': 'yellow',
  'Literal.Number': 'blue',
  'Generic.Deleted': 'brightred',
  'Generic.Inserted': 'green',
  'Generic.Heading': '**',
  'Generic.Subheading': '*magenta*',
  'Generic.Prompt': '**',
  'Generic.Error': 'brightred',
  Error: '_brightred_',
}

/** The colour of a token type: its own entry, else its nearest parent's (pygments walks up the tree). */
function colorOf(type: string): string {
  let current = type
  while (!(current in TERMINAL_COLORS))
    current = current.includes('.') ? current.slice(0, current.lastIndexOf('.')) : ''
  return TERMINAL_COLORS[current]
}

/** pygments.console.ansiformat's opening codes: `*x*` bold, `_x_` underlined, `+x+` blinking, then the colour. */
function ansiPrefix(attr: string): string {
  let prefix = ''
  const wrapped = (mark: string) => attr.length >= 1 && attr[0] === mark && attr[attr.length - 1] === mark
  if (wrapped('+')) [prefix, attr] = [prefix + `${ESC}05m`, attr.slice(1, -1)]
  if (wrapped('*')) [prefix, attr] = [prefix + `${ESC}01m`, attr.slice(1, -1)]
  if (wrapped('_')) [prefix, attr] = [prefix + `${ESC}04m`, attr.slice(1, -1)]
  return prefix + (ANSI[attr] ?? '')
}

/** Opening codes per token type ('' for uncoloured types), worked out once per type. */
const prefixes = new Map<string, string>()
function prefixOf(type: string): string {
  let prefix = prefixes.get(type)
  if (prefix === undefined) {
    const color = colorOf(type)
    prefix = color ? ansiPrefix(color) : ''
    prefixes.set(type, prefix)
  }
  return prefix
}

/** TerminalFormatter.format_unencoded: colours stop at every line end so paging works. */
function formatTerminal(lex: (sink: TokenSink) => void): string {
  let out = ''
  lex((type, value) => {
    const prefix = prefixOf(type)
    if (!HAS_LINE_BREAK.test(value)) {
      if (value) out += prefix ? prefix + value + RESET : value
      return
    }
    for (const line of pySplitlines(value, true)) {
      const ends = line.endsWith('\n')
      const body = ends ? line.replace(/\n+$/, '') : line
      out += prefix ? prefix + body + RESET : body
      if (ends) out += '\n'
    }
  })
  return out
}

/** Lexer.get_tokens' clean-up: no BOM, \n line ends, no leading/trailing blank lines, one final \n. */
function prepareText(text: string): string {
  let prepared = text.startsWith('\ufeff') ? text.slice(1) : text
  prepared = prepared
    .replace(/\r\n/g, '\n')
    .replace(/\r/g, '\n')
    .replace(/^\n+|\n+$/g, '')
  return prepared.endsWith('\n') ? prepared : `${prepared}\n`
}

/** jsonc on a terminal: az's json text coloured as pygments' JsonLexer + TerminalFormatter do. */
export function colorizeJson(jsonText: string): string {
  return formatTerminal((sink) => lexJson(prepareText(jsonText), sink))
}

/** yamlc on a terminal: az's yaml text coloured as pygments' YamlLexer + TerminalFormatter do. */
export function colorizeYaml(yamlText: string): string {
  return formatTerminal((sink) => lexYaml(prepareText(yamlText), sink))
}
