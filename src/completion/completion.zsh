#compdef @names@
# zsh completion for @bin@, written by azc-communication from the CLI's commands (`@bin@ autocomplete`).
#
# The logic below is static: the build of the CLI's completion fills in its tables (case branches, at the marker lines),
# its name, and the prefix of the function names. Topics and commands are walked word by word (described, as with
# oclif's plugin); the words after a command go to zsh's own `_arguments` with one spec per flag, which completes every
# flag wherever it stands, hides flags already given, and completes `-o <TAB>` and `--output=<TAB>`. Flags that take
# several values (az's `--scope chat voip`) are completed from their own table: values until the next word starting with
# '-'.

# The sub-topics and commands under a topic ('' is the root), as "word:summary".
_compfn_children() {
  case "$1" in
    # @children@
    *) reply=() ;;
  esac
}

_compfn_is_command() {
  case "$1" in
    # @is_command@
  esac
  return 1
}

# The words after a command, completed by _arguments as if the command were the program.
_compfn_command() {
  case "$1" in
    # @commands@
  esac
}

# The known values of a flag that takes several (az's --scope chat voip), by command and flag as typed.
_compfn_multi_values() {
  case "$1 $2" in
    # @multi_values@
    *) return 1 ;;
  esac
}

_compfn() {
  local id='' next
  local -a reply
  integer i=2
  while (( i < CURRENT )); do
    [[ ${words[i]} == -* ]] && break
    next=${id:+$id:}${words[i]}
    _compfn_children "$next"
    if ! _compfn_is_command "$next" && (( ${#reply} == 0 )); then
      break
    fi
    id=$next
    (( i++ ))
  done

  if ! _compfn_is_command "$id"; then
    (( i < CURRENT )) && return 1
    _compfn_children "$id"
    _describe -t commands "${id:-${words[1]}}" reply
    return
  fi

  if [[ ${words[CURRENT]} != -* ]]; then
    # After a multi-value flag and at least one value: more values (the flags need a '-' first).
    integer j=CURRENT-1
    while (( j > i )) && [[ ${words[j]} != -* ]]; do (( j-- )); done
    if (( j >= i && j < CURRENT - 1 )) && _compfn_multi_values "$id" "${words[j]}"; then
      local -a given=("${(@)words[j+1,CURRENT-1]}")
      compadd -- ${reply:|given}
      return
    fi
  fi

  # _arguments takes one value a flag: hand it the words after the command without the further values of
  # multi-value flags, as if the command were the program.
  local -a rest=("$id")
  integer k=i current=0 multi=0
  while (( k <= ${#words} )); do
    if (( k == CURRENT )); then
      rest+=("${words[k]}")
      current=${#rest}
    elif [[ ${words[k]} == -* ]]; then
      multi=0
      _compfn_multi_values "$id" "${words[k]}" && multi=1
      rest+=("${words[k]}")
    elif (( multi == 1 )); then
      multi=2
      rest+=("${words[k]}")
    elif (( multi == 0 )); then
      rest+=("${words[k]}")
    fi
    (( k++ ))
  done
  words=("${(@)rest}")
  CURRENT=$current
  _compfn_command "$id"
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _compfn "$@"
else
  compdef _compfn @names@
fi
