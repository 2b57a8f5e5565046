/**
 * What shell completion knows about a CLI, taken from oclif's loaded config: every visible command of every
 * plugin (from their manifests, so no command class is imported), the topics above them, and for each command
 * its flags (names, short forms, whether they take a value or repeat, the values they accept) and the fixed
 * values of its positional arguments. One model feeds the bash, zsh and PowerShell scripts, so the three agree.
 */
import type {Command, Interfaces} from '@oclif/core'

export interface CompletionFlag {
  /** The long name, without the dashes. */
  name: string
  /** The one-letter short form, without the dash. */
  char?: string
  /** False for a switch such as --debug. */
  takesValue: boolean
  /** Repeatable, or (az's nargs='+') followed by several values: `--scope chat voip`. */
  multiple: boolean
  /** The values the flag accepts, when they are a known set. */
  options: string[]
  summary: string
}

export interface CompletionArg {
  name: string
  options: string[]
}

export interface CompletionCommand {
  /** oclif's id, words joined by ':'. */
  id: string
  summary: string
  flags: CompletionFlag[]
  args: CompletionArg[]
}

export interface CompletionTopic {
  /** Words joined by ':'; every prefix of a command id is a topic unless it is itself only a command. */
  id: string
  summary: string
}

export interface CompletionModel {
  bin: string
  binAliases: string[]
  commands: CompletionCommand[]
  topics: CompletionTopic[]
}

/** Every command answers --help/-h (oclif before the command loads, AzCommand's parser otherwise). */
const HELP_FLAG: CompletionFlag = {
  name: 'help',
  char: 'h',
  takesValue: false,
  multiple: false,
  options: [],
  summary: 'Show help for command.',
}

export function completionModel(config: Interfaces.Config): CompletionModel {
  const commands = new Map<string, CompletionCommand>()
  for (const command of config.commands) {
    if (command.hidden || commands.has(command.id)) continue
    commands.set(command.id, {
      id: command.id,
      summary: firstLine(command.summary ?? command.description, config.bin, command.id),
      flags: completionFlags(command, config.bin),
      args: Object.entries(command.args ?? {}).map(([name, arg]) => ({name, options: [...(arg.options ?? [])]})),
    })
  }

  const described = new Map(config.topics.map((topic) => [topic.name, firstLine(topic.description, config.bin)]))
  const topics = new Map<string, CompletionTopic>()
  for (const id of commands.keys()) {
    const words = id.split(':')
    for (let length = 1; length < words.length; length++) {
      const topic = words.slice(0, length).join(':')
      if (!topics.has(topic))
        topics.set(topic, {id: topic, summary: described.get(topic) ?? `${topic.replaceAll(':', ' ')} commands`})
    }
  }

  const byId = (a: {id: string}, b: {id: string}) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  return {
    bin: config.bin,
    binAliases: [...(config.binAliases ?? [])],
    commands: [...commands.values()].sort(byId),
    topics: [...topics.values()].sort(byId),
  }
}

/** The words that may follow a topic path ('' is the root): sub-topics and commands, each once, sorted. */
export function childrenOf(model: CompletionModel, parent: string): Array<{word: string; summary: string}> {
  const depth = parent === '' ? 0 : parent.split(':').length
  const children = new Map<string, string>()
  const consider = (id: string, summary: string) => {
    const words = id.split(':')
    if (words.length !== depth + 1 || (depth > 0 && !id.startsWith(`${parent}:`))) return
    const word = words[depth]
    if (!children.has(word) || summary) children.set(word, summary || children.get(word) || '')
  }

  for (const topic of model.topics) consider(topic.id, topic.summary)
  for (const command of model.commands)
    if (!children.has(command.id.split(':')[depth])) consider(command.id, command.summary)
  return [...children.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([word, summary]) => ({word, summary}))
}

function completionFlags(command: Command.Loadable, bin: string): CompletionFlag[] {
  const flags: CompletionFlag[] = []
  for (const [name, flag] of Object.entries(command.flags ?? {})) {
    if (flag.hidden) continue
    const takesValue = flag.type === 'option'
    flags.push({
      name,
      char: flag.char,
      takesValue,
      multiple: takesValue && Boolean(flag.multiple),
      options: takesValue ? [...(flag.options ?? [])] : [],
      summary: firstLine(flag.summary ?? flag.description, bin, command.id),
    })
    if (flag.type === 'boolean' && flag.allowNo) {
      flags.push({
        name: `no-${name}`,
        takesValue: false,
        multiple: false,
        options: [],
        summary: firstLine(flag.summary ?? flag.description, bin, command.id),
      })
    }
  }

  if (!flags.some((flag) => flag.name === 'help')) {
    const charTaken = flags.some((flag) => flag.char === 'h')
    flags.push(charTaken ? {...HELP_FLAG, char: undefined} : HELP_FLAG)
  }

  return flags
}

/** The first line, with the help templates oclif fills in (`<%= config.bin %>`) filled in. */
function firstLine(text: string | undefined, bin = '', id = ''): string {
  return (text ?? '')
    .split('\n')[0]
    .replaceAll(/<%[=-]\s*config\.bin\s*%>/g, bin)
    .replaceAll(/<%[=-]\s*command\.id\s*%>/g, id.replaceAll(':', ' '))
    .trim()
}
