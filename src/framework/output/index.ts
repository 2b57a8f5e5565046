/**
 * az's output stage: `--query`, then one formatter per `--output` format. Each formatter lives in
 * its own module (json.ts, yaml.ts, table.ts, tsv.ts, color.ts); a caller that needs only one can
 * import that module alone, and formats.ts names the formats without loading any of them.
 */

import {type CompiledQuery, compileQuery} from '../query/index.js'
import {colorizeJson, colorizeYaml} from './color.js'
import type {OutputFormat} from './formats.js'
import {renderJson} from './json.js'
import {renderTable} from './table.js'
import {renderTsv} from './tsv.js'
import {renderYaml} from './yaml.js'

export {OUTPUT_FORMAT_REGISTRY, OUTPUT_FORMATS, isOutputFormat, type OutputFormat} from './formats.js'

/** How one result is rendered. */
export interface RenderOptions {
  /** The `--output` format. */
  output: OutputFormat
  /**
   * The `--query` JMESPath expression, if one was given (even an empty one, which az rejects), or the
   * query already compiled (the invocation core compiles it once, while parsing).
   */
  query?: string | CompiledQuery
  /**
   * Colour jsonc / yamlc output. az colours only when stdout and stderr are terminals and colour
   * is not turned off (`core.no_color`, `AZURE_CORE_NO_COLOR`); otherwise jsonc is json and yamlc
   * is yaml. Other formats ignore it.
   */
  color?: boolean
}

/**
 * Returns exactly the text az writes to stdout for a command's result, byte for byte.
 *
 * The query, when given, is applied first with Python jmespath's semantics, even to a null result
 * and even with `--output none`, as az does (so `length(@)` on null fails); its multiselect hashes
 * keep their key order for table and tsv output. A result that is `null` or `undefined` after the
 * query prints nothing (`''`) in every format, as does `--output none`. Properties whose value is
 * `undefined` are treated as absent, as if the result had gone through JSON. Wrap an integral
 * Python float in `PyFloat` to have it printed as one (`2.0`).
 *
 * @param result - the command's JSON-compatible result
 * @param options - the output format, the optional query and whether colour is on
 * @returns the stdout text, including its final newline ('' when az prints nothing)
 * @throws QueryParseError (exit 2) when the query does not parse
 * @throws QueryEvaluationError (exit 1) when the query fails while it runs
 * @throws TableUnavailableError (exit 1) when `--output table` cannot lay the result out
 */
export function renderOutput(result: unknown, options: RenderOptions): string {
  const {query} = options
  const queryActive = query !== undefined
  const compiled = typeof query === 'string' ? compileQuery(query) : query
  const value = compiled ? compiled.search(result) : result
  if (value === null || value === undefined) return ''
  const render = RENDERERS[options.output]
  if (!render) throw new TypeError(`unknown output format: ${String(options.output)}`)
  return render(value, {color: Boolean(options.color), queryActive})
}

/** One renderer per format of the registry (formats.ts); a format without one does not type-check. */
const RENDERERS: Record<OutputFormat, (value: unknown, options: {color: boolean; queryActive: boolean}) => string> = {
  json: (value) => renderJson(value),
  jsonc: (value, {color}) => (color ? colorizeJson(renderJson(value)) : renderJson(value)),
  yaml: (value) => renderYaml(value),
  yamlc: (value, {color}) => (color ? colorizeYaml(renderYaml(value)) : renderYaml(value)),
  table: (value, {queryActive}) => renderTable(value, {queryActive}),
  tsv: (value) => renderTsv(value),
  none: () => '',
}

export {colorizeJson, colorizeYaml} from './color.js'
export {renderJson} from './json.js'
export {renderTable} from './table.js'
export {renderTsv} from './tsv.js'
export {renderYaml} from './yaml.js'
