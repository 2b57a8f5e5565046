/**
 * The bash completion script: the static completion.bash with the CLI's tables filled in. oclif's
 * plugin-autocomplete completes only the first flag of a command (its issue 319) and never a flag's value (its issue
 * 426); this one walks the whole line (see completion.bash).
 */
import {childrenOf, type CompletionModel} from './model.js'
import {fillTemplate} from './template.js'

export function bashScript(model: CompletionModel): string {
  const children = ['' as string, ...model.topics.map((topic) => topic.id)].map(
    (parent) =>
      `    ${caseLabel(parent)}) printf '%s\\n' ${words(childrenOf(model, parent).map((child) => child.word))} ;;`,
  )
  const commandIds = model.commands.map((command) => quote(command.id))
  const flagCases = model.commands.map((command) => {
    // One line a flag: long name, short form (- for none), takes a value (0/1), repeatable (0/1), known values.
    const lines = command.flags.map((flag) =>
      quote([flag.name, flag.char ?? '-', flag.takesValue ? 1 : 0, flag.multiple ? 1 : 0, ...flag.options].join(' ')),
    )
    return `    ${quote(command.id)}) printf '%s\\n' ${lines.join(' ')} ;;`
  })
  const argCases = model.commands.flatMap((command) =>
    command.args.flatMap((arg, position) =>
      arg.options.length > 0
        ? [`    ${quote(`${command.id} ${position}`)}) printf '%s\\n' ${words(arg.options)} ;;`]
        : [],
    ),
  )

  return fillTemplate('completion.bash', `_${identifier(model.bin)}`, {
    bin: model.bin,
    names: [model.bin, ...model.binAliases].map((name) => (/^[\w.-]+$/.test(name) ? name : quote(name))),
    children,
    commands: commandIds.length > 0 ? [`    ${commandIds.join('|')}) return 0 ;;`] : [],
    flags: flagCases,
    arg_values: argCases,
  })
}

/** A bash function name part: letters, digits and underscores. */
function identifier(text: string): string {
  return text.replaceAll(/[^A-Za-z0-9_]/g, '_')
}

/** Single-quoted for bash. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

function caseLabel(text: string): string {
  return text === '' ? "''" : quote(text)
}

function words(list: string[]): string {
  return list.length > 0 ? list.map(quote).join(' ') : "''"
}
