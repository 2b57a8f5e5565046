/** az's output formats, in the order az lists them. A tiny module so start-up need not load any formatter. */
export const OUTPUT_FORMATS = ['json', 'jsonc', 'yaml', 'yamlc', 'table', 'tsv', 'none'] as const

export type OutputFormat = (typeof OUTPUT_FORMATS)[number]
