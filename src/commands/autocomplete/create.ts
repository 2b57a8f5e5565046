import {Command} from '@oclif/core'

import {writeCompletionFiles} from '../../completion/files.js'

/** Kept under oclif's plugin-autocomplete id, which other plugins' hooks run after installing plugins. */
export default class AutocompleteCreate extends Command {
  static override summary = 'Write the completion scripts of every shell to the cache folder.'
  static override hidden = true

  async run(): Promise<void> {
    await writeCompletionFiles(this.config)
  }
}
