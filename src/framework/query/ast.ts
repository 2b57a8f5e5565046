/**
 * The syntax tree Python jmespath's parser builds (jmespath/ast.py): the same node types, with
 * the same children, so the interpreter can follow Python's visitor line by line.
 */
import {PyExpression} from '../python/index.js'

export type ComparatorName = 'eq' | 'ne' | 'lt' | 'gt' | 'lte' | 'gte'

export type Node =
  | {type: 'comparator'; value: ComparatorName; children: [Node, Node]}
  | {type: 'current'}
  | {type: 'expref'; children: [Node]}
  | {type: 'function_expression'; value: string; children: Node[]}
  | {type: 'field'; value: string}
  | {type: 'filter_projection'; children: [Node, Node, Node]}
  | {type: 'flatten'; children: [Node]}
  | {type: 'identity'}
  | {type: 'index'; value: number}
  | {type: 'index_expression'; children: Node[]}
  | {type: 'key_val_pair'; value: string; children: [Node]}
  | {type: 'literal'; value: unknown}
  | {type: 'multi_select_dict'; children: KeyValPair[]}
  | {type: 'multi_select_list'; children: Node[]}
  | {type: 'or_expression'; children: [Node, Node]}
  | {type: 'and_expression'; children: [Node, Node]}
  | {type: 'not_expression'; children: [Node]}
  | {type: 'pipe'; children: [Node, Node]}
  | {type: 'projection'; children: [Node, Node]}
  | {type: 'subexpression'; children: Node[]}
  | {type: 'slice'; children: [number | null, number | null, number | null]}
  | {type: 'value_projection'; children: [Node, Node]}

export type KeyValPair = Extract<Node, {type: 'key_val_pair'}>

/**
 * jmespath's _Expression: what `&expr` evaluates to. Functions such as sort_by call it back; as a
 * value it is an opaque object (Python has no JSON form for it either).
 */
export class ExpressionReference extends PyExpression {
  constructor(
    readonly expression: Node,
    private readonly evaluate: (node: Node, value: unknown) => unknown,
  ) {
    super()
  }

  /** Evaluates the referenced expression against a value (jmespath's expref.visit). */
  visit(value: unknown): unknown {
    return this.evaluate(this.expression, value)
  }
}
