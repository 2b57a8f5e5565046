import {Args, Command} from '@oclif/core'

import {SHELLS, setupLine, writeCompletionFiles, type Shell} from '../../completion/files.js'

/**
 * Prints the line that loads completion into the running shell, as oclif's plugin-autocomplete does, after
 * writing the scripts it loads: `eval "$(azc autocomplete script bash)"` works on first use, and each new shell
 * that runs it gets completion for the commands installed now.
 */
export default class AutocompleteScript extends Command {
  static override summary = 'Print the line that loads shell completion, for eval or a shell profile.'
  static override hidden = true
  static override args = {
    shell: Args.string({description: 'Shell type.', options: [...SHELLS], required: false}),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(AutocompleteScript)
    const shell = (args.shell ?? this.config.shell) as Shell
    if (!(SHELLS as readonly string[]).includes(shell)) this.error(`No completion for the shell '${shell}'; name one of: ${SHELLS.join(', ')}.`)
    await writeCompletionFiles(this.config)
    this.log(setupLine(this.config, shell))
  }
}
