/**
 * The `postrun` hook that puts this package's completion scripts in place of those @oclif/plugin-autocomplete just
 * wrote. The plugin keeps its commands (`autocomplete`, `autocomplete:create`, `autocomplete:script`), its set-up
 * lines and its cache layout; only the function files its set-up lines load are replaced, with scripts that complete
 * every flag wherever it stands and the values of flags and arguments with a known set, for every command of every
 * plugin. A CLI without plugin-autocomplete gets no completion commands from this package.
 *
 * It runs after each of the plugin's commands, also when the plugin's own `plugins:postinstall` hook regenerates the
 * scripts, so the order the plugins are listed in does not matter. Our scripts split commands at spaces; a CLI whose
 * topic separator is ':' keeps the plugin's scripts.
 */
import type {Hook} from '@oclif/core'

const PLUGIN = '@oclif/plugin-autocomplete'
const IDS = new Set(['autocomplete', 'autocomplete:create', 'autocomplete:script'])

const hook: Hook.Postrun = async function ({Command, config}) {
  if (!IDS.has(Command.id) || Command.plugin?.name !== PLUGIN) return
  if (config.topicSeparator !== ' ' || process.env.OCLIF_AUTOCOMPLETE_TOPIC_SEPARATOR === 'colon') return
  const {writeCompletionFiles} = await import('./files.js')
  await writeCompletionFiles(config)
}

export default hook
