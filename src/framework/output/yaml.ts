/**
 * `--output yaml`: knack's format_yaml, which is PyYAML 6.0's
 * `yaml.safe_dump(result, default_flow_style=False, allow_unicode=True)`, byte for byte.
 *
 * The port follows PyYAML's pipeline: represent (yaml/represent.ts: tags, number text, sorted
 * keys) -> resolve (yaml/resolve.ts: would a plain scalar read back as something else?) ->
 * analyze (yaml/analyze.ts: which styles are safe) -> emit (yaml/emitter.ts and yaml/writer.ts:
 * layout, quoting, escapes and folding at 80 columns).
 *
 * Not ported, because az's results cannot need them: anchors and aliases (a result that reached
 * az as JSON never shares objects), tags other than the safe scalar ones, block scalar styles
 * (safe_dump only uses them for bytes).
 */
import {emitDocument} from './yaml/emitter.js'
import {representValue} from './yaml/represent.js'

/** The YAML text az prints for the value, including the final newline. */
export function renderYaml(value: unknown): string {
  return emitDocument(representValue(value))
}
