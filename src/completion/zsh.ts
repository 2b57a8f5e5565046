/**
 * The zsh completion function. Topics and commands are walked word by word (described, as with oclif's plugin);
 * the words after a command go to zsh's own `_arguments` with one spec per flag, which already completes every
 * flag wherever it stands, hides flags already given, and completes `-o <TAB>` and `--output=<TAB>`. Flags that
 * take several values (az's `--scope chat voip`) use the `:*-*:` form: values until the next word starting
 * with '-'.
 */
import {childrenOf, type CompletionCommand, type CompletionFlag, type CompletionModel} from './model.js'

export function zshScript(model: CompletionModel): string {
  const fn = `_${model.bin.replaceAll(/[^A-Za-z0-9_]/g, '_')}`
  const parents = ['', ...model.topics.map((topic) => topic.id)]
  const childCases = parents.map((parent) => {
    const described = childrenOf(model, parent).map((child) => quote(`${child.word.replaceAll(':', '\\:')}:${child.summary}`))
    return `    ${label(parent)}) reply=(${described.join(' ')}) ;;`
  })
  const multiCases = model.commands.flatMap((command) =>
    command.flags
      .filter((flag) => flag.multiple)
      .map((flag) => {
        const labels = [`--${flag.name}`, ...(flag.char ? [`-${flag.char}`] : [])].map((word) => quote(`${command.id} ${word}`))
        return `    ${labels.join('|')}) reply=(${flag.options.map(quote).join(' ')}) ;;`
      }),
  )
  const commandCases = model.commands.map((command) => {
    const specs = [...command.flags.map(flagSpecs).flat(), ...argumentSpecs(model, command)]
    return `    ${quote(command.id)})\n      _arguments -s -S \\\n        ${specs.join(' \\\n        ')}\n      ;;`
  })

  return `#compdef ${[model.bin, ...model.binAliases].join(' ')}
# zsh completion for ${model.bin}, generated from its commands by \`${model.bin} autocomplete\`.

# The sub-topics and commands under a topic ('' is the root), as "word:summary".
${fn}_children() {
  case "$1" in
${childCases.join('\n')}
    *) reply=() ;;
  esac
}

${fn}_is_command() {
  case "$1" in
    ${model.commands.map((command) => quote(command.id)).join('|') || "''"}) return 0 ;;
  esac
  return 1
}

# The words after a command, completed by _arguments as if the command were the program.
${fn}_command() {
  case "$1" in
${commandCases.join('\n')}
  esac
}

# The known values of a flag that takes several (az's --scope chat voip), by command and flag as typed.
${fn}_multi_values() {
  case "$1 $2" in
${multiCases.join('\n')}
    *) return 1 ;;
  esac
}

${fn}() {
  local id='' next
  local -a reply
  integer i=2
  while (( i < CURRENT )); do
    [[ \${words[i]} == -* ]] && break
    next=\${id:+$id:}\${words[i]}
    ${fn}_children "$next"
    if ! ${fn}_is_command "$next" && (( \${#reply} == 0 )); then
      break
    fi
    id=$next
    (( i++ ))
  done

  if ! ${fn}_is_command "$id"; then
    (( i < CURRENT )) && return 1
    ${fn}_children "$id"
    _describe -t commands "\${id:-${model.bin}}" reply
    return
  fi

  if [[ \${words[CURRENT]} != -* ]]; then
    # After a multi-value flag and at least one value: more values (the flags need a '-' first).
    integer j=CURRENT-1
    while (( j > i )) && [[ \${words[j]} != -* ]]; do (( j-- )); done
    if (( j >= i && j < CURRENT - 1 )) && ${fn}_multi_values "$id" "\${words[j]}"; then
      local -a given=("\${(@)words[j+1,CURRENT-1]}")
      compadd -- \${reply:|given}
      return
    fi
  fi

  # _arguments takes one value a flag: hand it the words after the command without the further values of
  # multi-value flags, as if the command were the program.
  local -a rest=("$id")
  integer k=i current=0 multi=0
  while (( k <= \${#words} )); do
    if (( k == CURRENT )); then
      rest+=("\${words[k]}")
      current=\${#rest}
    elif [[ \${words[k]} == -* ]]; then
      multi=0
      ${fn}_multi_values "$id" "\${words[k]}" && multi=1
      rest+=("\${words[k]}")
    elif (( multi == 1 )); then
      multi=2
      rest+=("\${words[k]}")
    elif (( multi == 0 )); then
      rest+=("\${words[k]}")
    fi
    (( k++ ))
  done
  words=("\${(@)rest}")
  CURRENT=$current
  ${fn}_command "$id"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${[model.bin, ...model.binAliases].join(' ')}
fi
`
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
  if (command.args.length === 0 && subcommands.length > 0) specs.push(quote(`1:command:(${subcommands.map(escapeValue).join(' ')})`))
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
