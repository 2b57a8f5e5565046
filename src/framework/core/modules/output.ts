/**
 * The output module (knack's OutputProducer): --output (then `core.output`, then json; `--json` of
 * oclif's enableJsonFlag is json), --query compiled once while parsing (a query that does not parse
 * is a usage error, exit 2, before anything runs) and carried to the renderer.
 */
import type {AzConfig} from '../../config.js'
import {AzCliError} from '../../errors.js'
import {isOutputFormat, OUTPUT_FORMATS, type OutputFormat} from '../../output/formats.js'
import type {CompiledQuery} from '../../query/index.js'

type QueryModule = typeof import('../../query/index.js')

/**
 * The query engine, loaded only when the command line may hold a query (any `--q...` word, a prefix of
 * --query): the common run without one never pays for it.
 */
export async function queryEngineFor(argv: readonly string[]): Promise<QueryModule | undefined> {
  return argv.some((arg) => arg.startsWith('--q')) ? import('../../query/index.js') : undefined
}

/** A converter for --query's value that compiles it, keeping the compiled query for the renderer. */
export function queryCompiler(engine: QueryModule, keep: (query: CompiledQuery) => void): (value: string) => string {
  return (value) => {
    keep(engine.compileQuery(value))
    return value
  }
}

export function outputFormat(flags: Record<string, unknown>, config: AzConfig): OutputFormat {
  if (flags.json === true) return 'json'
  if (typeof flags.output === 'string') return flags.output as OutputFormat
  const configured = config.get('core', 'output')?.toLowerCase()
  if (configured === undefined) return 'json'
  if (isOutputFormat(configured)) return configured
  throw new AzCliError(
    `'${configured}' is not a valid value for core.output (from ${config.sourceOf('core', 'output')}). ` +
      `Allowed values: ${OUTPUT_FORMATS.join(', ')}.`,
  )
}

/** The stdout text of a result: az applies the query even to an empty result and with -o none. */
export async function renderResult(
  result: unknown,
  options: {output: OutputFormat; query?: CompiledQuery; color: boolean},
): Promise<string> {
  if (options.query === undefined && (result === undefined || result === null || options.output === 'none')) return ''
  const {renderOutput} = await import('../../output/index.js')
  return renderOutput(result, {output: options.output, query: options.query, color: options.color})
}
