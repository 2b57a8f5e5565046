import {Args, Command, Flags} from '@oclif/core'

import {SHELLS, writeCompletionFiles, type Shell} from '../../completion/files.js'

/**
 * `azc autocomplete [bash|zsh|powershell]`: writes the completion scripts and says how to load them. The ids,
 * flags and cache layout are those of oclif's plugin-autocomplete, whose scripts these replace: its bash script
 * completes only a command's first flag and no flag values.
 */
export default class Autocomplete extends Command {
  static override summary = 'Display autocomplete installation instructions.'
  static override args = {
    shell: Args.string({description: 'Shell type.', options: [...SHELLS], required: false}),
  }

  static override flags = {
    'refresh-cache': Flags.boolean({char: 'r', summary: 'Refresh cache (ignores displaying instructions).'}),
  }

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> bash',
    '<%= config.bin %> <%= command.id %> zsh',
    '<%= config.bin %> <%= command.id %> powershell',
    '<%= config.bin %> <%= command.id %> --refresh-cache',
  ]

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Autocomplete)
    const shell = (args.shell ?? this.config.shell) as Shell
    if (!(SHELLS as readonly string[]).includes(shell)) this.error(`No completion for the shell '${shell}'; name one of: ${SHELLS.join(', ')}.`)
    await writeCompletionFiles(this.config)
    if (!flags['refresh-cache']) this.log(instructions(this.config.bin, shell))
  }
}

function instructions(bin: string, shell: Shell): string {
  const script = `${bin} autocomplete script ${shell}`
  const tab = shell === 'bash' ? '<TAB><TAB>' : '<TAB>'
  const usage = [
    `  ${bin} ${tab}                               # topics and commands`,
    `  ${bin} communication user-identity token issue --${tab}   # flags, also after other flags`,
    `  ${bin} communication user-identity token issue -o ${tab}  # values of flags with a known set`,
  ]
  const setup: Record<Shell, string[]> = {
    bash: [
      `  Add completion to ~/.bashrc and load it:`,
      ``,
      `    printf '%s\\n' "$(${script})" >> ~/.bashrc; source ~/.bashrc`,
      ``,
      `  Or only in this shell: eval "$(${script})"`,
    ],
    zsh: [
      `  Add completion to ~/.zshrc and load it:`,
      ``,
      `    printf '%s\\n' "$(${script})" >> ~/.zshrc; source ~/.zshrc`,
      ``,
      `  Or only in this shell: eval "$(${script})". If compinit warns about insecure folders, run: compaudit -D`,
    ],
    powershell: [
      `  Add completion to your profile and load it:`,
      ``,
      `    New-Item -Type Directory -Path (Split-Path -Parent $PROFILE) -ErrorAction SilentlyContinue`,
      `    Add-Content -Path $PROFILE -Value (Invoke-Expression -Command "${script}"); .$PROFILE`,
      ``,
      `  Optional, to list the candidates under the line: Set-PSReadlineKeyHandler -Key Tab -Function MenuComplete`,
    ],
  }
  return [
    `Setup instructions for ${bin.toUpperCase()} CLI autocomplete (${shell})`,
    '',
    ...setup[shell],
    '',
    `  Then:`,
    ...usage,
    '',
    `  After installing or updating ${bin} or its plugins, run \`${bin} autocomplete --refresh-cache\`.`,
  ].join('\n')
}
