/**
 * The zsh completion function: the static completion.zsh with the CLI's tables filled in. Topics and commands are walked word by word (described, as with oclif's plugin);
 * the words after a command go to zsh's own `_arguments` with one spec per flag, which already completes every
 * flag wherever it stands, hides flags already given, and completes `-o <TAB>` and `--output=<TAB>`. Flags that
 * take several values (az's `--scope chat voip`) use the `:*-*:` form: values until the next word starting
 * with '-'.
 */
import {childrenOf, type CompletionCommand, type CompletionFlag, type CompletionModel} from './model.js'
import {fillTemplate} from './template.js'

export function zshScript(model: CompletionModel): string {
  const parents = ['', ...model.topics.map((topic) => topic.id)]
  const childCases = parents.map((parent) => {
    const described = childrenOf(model, parent).map((child) =>
      quote(`${child.word.replaceAll(':', '\\:')}:${child.summary}`),
    )
    return `    ${label(parent)}) reply=(${described.join(' ')}) ;;`
  })
  const multiCases = model.commands.flatMap((command) =>
    command.flags
      .filter((flag) => flag.multiple)
      .map((flag) => {
        const labels = [`--${flag.name}`, ...(flag.char ? [`-${flag.char}`] : [])].map((word) =>
          quote(`${command.id} ${word}`),
        )
        return `    ${labels.join('|')}) reply=(${flag.options.map(quote).join(' ')}) ;;`
      }),
  )
  const commandCases = model.commands.map((command) => {
    const specs = [...command.flags.map(flagSpecs).flat(), ...argumentSpecs(model, command)]
    return `    ${quote(command.id)})\n      _arguments -s -S \\\n        ${specs.join(' \\\n        ')}\n      ;;`
  })

  return fillTemplate('completion.zsh', `_${model.bin.replaceAll(/[^A-Za-z0-9_]/g, '_')}`, {
    bin: model.bin,
    names: [model.bin, ...model.binAliases],
    children: childCases,
    is_command:
      model.commands.length > 0
        ? [`    ${model.commands.map((command) => quote(command.id)).join('|')}) return 0 ;;`]
        : [],
    commands: commandCases,
    multi_values: multiCases,
  })
}

/** _arguments specs of one flag: both spellings, the exclusions, and what its value completes from. */
function flagSpecs(flag: CompletionFlag): string[] {
  const summary = `[${escapeBrackets(flag.summary)}]`
  const long = `--${flag.name}`
  if (!flag.takesValue) {
    if (!flag.char) return [quote(`${long}${summary}`)]
    return [`${quote(`(-${flag.char} ${long})`)}{-${flag.char},${long}}${quote(summary)}`]
  }

  const action = flag.options.length > 0 ? `(${flag.options.map(escapeValue).join(' ')})` : '_files'
  if (flag.multiple) {
    // The first value; more values after it (az's nargs='+') are completed by the multi-value table.
    const value = `:${flag.name}:${action}`
    if (!flag.char) return [quote(`*${long}${summary}${value}`)]
    return [`${quote('*')}{-${flag.char},${long}}${quote(`${summary}${value}`)}`]
  }

  const value = `:${flag.name}:${action}`
  if (!flag.char) return [quote(`${long}=${summary}${value}`)]
  return [`${quote(`(-${flag.char} ${long})`)}{-${flag.char}+,${long}=}${quote(`${summary}${value}`)}`]
}

/** Positional arguments with known values; a command with sub-commands offers them first. */
function argumentSpecs(model: CompletionModel, command: CompletionCommand): string[] {
  const subcommands = childrenOf(model, command.id).map((child) => child.word)
  const specs: string[] = []
  command.args.forEach((arg, index) => {
    const values = [...(index === 0 ? subcommands : []), ...arg.options]
    specs.push(quote(`${index + 1}:${arg.name}:${values.length > 0 ? `(${values.map(escapeValue).join(' ')})` : ' '}`))
  })
  if (command.args.length === 0 && subcommands.length > 0)
    specs.push(quote(`1:command:(${subcommands.map(escapeValue).join(' ')})`))
  return specs
}

function escapeBrackets(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('[', '\\[').replaceAll(']', '\\]')
}

/** A word inside an _arguments `(a b c)` action. */
function escapeValue(text: string): string {
  return text.replaceAll(/([\\\s():'"`$])/g, '\\$1')
}

/** Single-quoted for zsh. */
function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}

function label(text: string): string {
  return text === '' ? "''" : quote(text)
}
