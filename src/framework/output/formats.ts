/**
 * The one registry of az's output formats, in the order az lists them. The --output flag takes its
 * choices from here (and so do help, the manifest and completion, which read the flag), and the
 * renderer (output/index.ts) must have one renderer for each (its table is typed by this registry).
 * A tiny module, so start-up need not load any formatter.
 */
export const OUTPUT_FORMAT_REGISTRY = {
  json: {description: 'JSON string, keys sorted.'},
  jsonc: {description: 'Coloured JSON (on a terminal).'},
  yaml: {description: 'YAML, as PyYAML writes it.'},
  yamlc: {description: 'Coloured YAML (on a terminal).'},
  table: {description: 'ASCII table with keys as column headings.'},
  tsv: {description: 'Tab- and newline-delimited values, for scripts.'},
  none: {description: 'No output other than errors and warnings.'},
} as const

export type OutputFormat = keyof typeof OUTPUT_FORMAT_REGISTRY

export const OUTPUT_FORMATS = Object.keys(OUTPUT_FORMAT_REGISTRY) as readonly OutputFormat[] as readonly [
  'json',
  'jsonc',
  'yaml',
  'yamlc',
  'table',
  'tsv',
  'none',
]

export function isOutputFormat(value: string): value is OutputFormat {
  return Object.hasOwn(OUTPUT_FORMAT_REGISTRY, value)
}
