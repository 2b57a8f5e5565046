/**
 * The structural half of PyYAML's Emitter for safe_dump(default_flow_style=False): block
 * mappings and sequences, `[]` / `{}` for empty ones, simple or `? ` keys, the scalar style
 * choice, and the implicit document with its `...` end after a plain root scalar. Follows the
 * emitter's states in emitter.py; the event queue's look-ahead becomes a look at the node.
 */
import {analyzeScalar, type ScalarAnalysis} from './analyze.js'
import type {MappingNode, ScalarNode, SequenceNode, YamlNode} from './represent.js'
import {resolvePlainScalar} from './resolve.js'
import {YamlWriter} from './writer.js'

interface NodeContext {
  root?: boolean
  mapping?: boolean
  simpleKey?: boolean
}

type ScalarStyle = '' | "'" | '"'

/** A key longer than this (counting its `!!str` tag, as check_simple_key does) is written as `? key`. */
const SIMPLE_KEY_LIMIT = 128
const STR_TAG_LENGTH = '!!str'.length

export function emitDocument(root: YamlNode): string {
  const writer = new YamlWriter()
  new NodeEmitter(writer).emit(root, {root: true})
  // DocumentEnd, then StreamEnd: an open-ended document (plain root scalar) needs `...`.
  writer.writeIndent()
  if (writer.openEnded) {
    writer.writeIndicator('...', true)
    writer.writeIndent()
  }
  return writer.text()
}

class NodeEmitter {
  // Flow collections are only ever empty here, so scalars never see a flow level above 0.
  private flowLevel = 0

  constructor(private readonly writer: YamlWriter) {}

  emit(node: YamlNode, context: NodeContext): void {
    if (node.kind === 'scalar') this.emitScalar(node, context, analyzeScalar(node.value))
    else if (node.kind === 'sequence') this.emitSequence(node, context)
    else this.emitMapping(node)
  }

  private emitSequence(node: SequenceNode, context: NodeContext): void {
    const writer = this.writer
    if (node.items.length === 0) return this.emitEmptyFlowCollection('[', ']')
    // A sequence right after `key:` stays at the key's indent (`key:\n- a`).
    const indentless = Boolean(context.mapping) && !writer.indention
    writer.increaseIndent(false, indentless)
    for (const item of node.items) {
      writer.writeIndent()
      writer.writeIndicator('-', true, false, true)
      this.emit(item, {})
    }
    writer.decreaseIndent()
  }

  private emitMapping(node: MappingNode): void {
    const writer = this.writer
    if (node.pairs.length === 0) return this.emitEmptyFlowCollection('{', '}')
    writer.increaseIndent(false)
    for (const [key, value] of node.pairs) {
      writer.writeIndent()
      const analysis = analyzeScalar(key.value)
      if (isSimpleKey(analysis)) {
        this.emitScalar(key, {mapping: true, simpleKey: true}, analysis)
        writer.writeIndicator(':', false)
      } else {
        writer.writeIndicator('?', true, false, true)
        this.emitScalar(key, {mapping: true}, analysis)
        writer.writeIndent()
        writer.writeIndicator(':', true, false, true)
      }
      this.emit(value, {mapping: true})
    }
    writer.decreaseIndent()
  }

  private emitEmptyFlowCollection(open: string, close: string): void {
    this.writer.writeIndicator(open, true, true)
    this.flowLevel++
    this.writer.increaseIndent(true)
    this.writer.decreaseIndent()
    this.flowLevel--
    this.writer.writeIndicator(close, false)
  }

  private emitScalar(node: ScalarNode, context: NodeContext, analysis: ScalarAnalysis): void {
    const writer = this.writer
    // The serializer's `implicit` pair: may the tag be left out when written plain / quoted?
    const implicitPlain = resolvePlainScalar(node.value) === node.tag
    const implicitQuoted = node.tag === 'str'
    const style = this.chooseStyle(analysis, implicitPlain, Boolean(context.simpleKey))
    if (!((style === '' && implicitPlain) || (style !== '' && implicitQuoted))) {
      // Unreachable for safe_dump's own scalar texts, kept so a wrong text cannot read back as a string.
      writer.writeIndicator(`!!${node.tag}`, true)
    }
    writer.increaseIndent(true)
    const split = !context.simpleKey
    if (style === '"') writer.writeDoubleQuoted(analysis.chars, split)
    else if (style === "'") writer.writeSingleQuoted(analysis.chars, split)
    else writer.writePlain(analysis.chars, split, Boolean(context.root))
    writer.decreaseIndent()
  }

  private chooseStyle(analysis: ScalarAnalysis, implicitPlain: boolean, simpleKey: boolean): ScalarStyle {
    if (implicitPlain && !(simpleKey && (analysis.empty || analysis.multiline))) {
      if (this.flowLevel ? analysis.allowFlowPlain : analysis.allowBlockPlain) return ''
    }
    if (analysis.allowSingleQuoted && !(simpleKey && analysis.multiline)) return "'"
    return '"'
  }
}

function isSimpleKey(analysis: ScalarAnalysis): boolean {
  return STR_TAG_LENGTH + analysis.chars.length < SIMPLE_KEY_LIMIT && !analysis.empty && !analysis.multiline
}
