/**
 * The PowerShell argument completer, the static completion.ps1 with the CLI's tables filled in: the same walk as the bash script (topics and commands by spaces, every flag
 * not given yet, the known values of flags and arguments, `--output=<TAB>`, more values after `--scope chat`),
 * with summaries as tooltips. oclif's plugin completes topics, commands and flag names but no values.
 */
import {childrenOf, type CompletionModel} from './model.js'
import {fillTemplate} from './template.js'

export function powershellScript(model: CompletionModel): string {
  const parents = ['', ...model.topics.map((topic) => topic.id)]
  const children = parents.map((parent) => {
    // Hashtables, not nested arrays: PowerShell flattens a one-element @(@(...)).
    const entries = childrenOf(model, parent).map(
      (child) => `@{Word = ${quote(child.word)}; Summary = ${quote(child.summary)}}`,
    )
    return `    ${quote(parent)} = @(${entries.join(', ')})`
  })
  const commands = model.commands.map((command) => {
    const flags = command.flags.map(
      (flag) =>
        `@{Name = ${quote(flag.name)}; Char = ${quote(flag.char ?? '')}; TakesValue = $${flag.takesValue}; ` +
        `Multiple = $${flag.multiple}; Options = @(${flag.options.map(quote).join(', ')}); Summary = ${quote(flag.summary)}}`,
    )
    // An argument's known values as one space-separated string, for the same reason.
    const args = command.args.map((arg) => quote(arg.options.join(' ')))
    return `    ${quote(command.id)} = @{\n      Flags = @(\n        ${flags.join(',\n        ')}\n      )\n      Args = @(${args.join(', ')})\n    }`
  })
  return fillTemplate('completion.ps1', `_${variable(model.bin)}`, {
    bin: model.bin,
    names: [model.bin, ...model.binAliases].map(quote).join(', '),
    children,
    commands,
  })
}

/** A PowerShell variable name part. */
function variable(text: string): string {
  return text.replaceAll(/[^A-Za-z0-9_]/g, '_')
}

/** Single-quoted for PowerShell. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
