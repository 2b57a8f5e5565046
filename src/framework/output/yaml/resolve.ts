/**
 * PyYAML's implicit resolver (resolver.py): the tag a plain scalar would read back as. A string
 * may only be written plain when it reads back as a string, so 'yes', '1_000', '~' or a
 * timestamp get quoted.
 */

/** The YAML 1.1 tags safe_dump works with, by their short names. */
export type ScalarTag = 'str' | 'int' | 'float' | 'bool' | 'null'

type ResolvedTag = ScalarTag | 'merge' | 'timestamp' | 'value' | 'yaml'

interface ImplicitResolver {
  tag: ResolvedTag
  pattern: RegExp
  /** PyYAML only tries a resolver when the scalar starts with one of these characters ('' = empty). */
  first: string[]
}

// Python's `$` also matches before a final newline, hence `\n?$`. Otherwise these are resolver.py's
// patterns with the verbose-mode whitespace taken out, in the order PyYAML registers them.
const RESOLVERS: ImplicitResolver[] = [
  {
    tag: 'bool',
    pattern: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/,
    first: [...'yYnNtTfFoO'],
  },
  {
    tag: 'float',
    pattern: new RegExp(
      '^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?' +
        '|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?' +
        '|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*' +
        '|[-+]?\\.(?:inf|Inf|INF)' +
        '|\\.(?:nan|NaN|NAN))\\n?$',
    ),
    first: [...'-+0123456789.'],
  },
  {
    tag: 'int',
    pattern: new RegExp(
      '^(?:[-+]?0b[0-1_]+' +
        '|[-+]?0[0-7_]+' +
        '|[-+]?(?:0|[1-9][0-9_]*)' +
        '|[-+]?0x[0-9a-fA-F_]+' +
        '|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\\n?$',
    ),
    first: [...'-+0123456789'],
  },
  {tag: 'merge', pattern: /^(?:<<)\n?$/, first: ['<']},
  {tag: 'null', pattern: /^(?:~|null|Null|NULL|)\n?$/, first: ['~', 'n', 'N', '']},
  {
    tag: 'timestamp',
    pattern: new RegExp(
      '^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' +
        '|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?' +
        '(?:[Tt]|[ \\t]+)[0-9][0-9]?' +
        ':[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?' +
        '(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\\n?$',
    ),
    first: [...'0123456789'],
  },
  {tag: 'value', pattern: /^(?:=)\n?$/, first: ['=']},
  // PyYAML registers this one "for documentation purposes"; it still makes '!', '&', '*' non-strings.
  {tag: 'yaml', pattern: /^(?:!|&|\*)\n?$/, first: [...'!&*']},
]

const RESOLVERS_BY_FIRST = new Map<string, ImplicitResolver[]>()
for (const resolver of RESOLVERS) {
  for (const first of resolver.first) {
    const list = RESOLVERS_BY_FIRST.get(first) ?? []
    list.push(resolver)
    RESOLVERS_BY_FIRST.set(first, list)
  }
}

/** The tag PyYAML's Resolver gives a plain scalar with this text. */
export function resolvePlainScalar(value: string): ResolvedTag {
  const first = value === '' ? '' : String.fromCodePoint(value.codePointAt(0)!)
  for (const resolver of RESOLVERS_BY_FIRST.get(first) ?? []) {
    if (resolver.pattern.test(value)) return resolver.tag
  }
  return 'str'
}
