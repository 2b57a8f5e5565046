# bash completion for @bin@, written by azc-communication from the CLI's commands (`@bin@ autocomplete`).
#
# The logic below is static: the build of the CLI's completion fills in its tables (case branches, at the marker lines),
# its name, and the prefix of the function names. It completes topics and commands separated by spaces, every flag not
# given yet (repeatable ones again), the values of flags and arguments with a known set (`-o <TAB>`, `--output=<TAB>`,
# `--scope chat <TAB>` offers the other scopes and the flags), argparse's unique prefixes of long flags (`--out <TAB>`),
# and the part of the word left of the cursor. The tables are case statements and the logic avoids associative arrays,
# so it runs on bash 3.2 (macOS) too.

# The words that may follow a topic (sub-topics and commands); the root topic is ''.
_compfn_children() {
  case "$1" in
    # @children@
  esac
}

_compfn_is_command() {
  case "$1" in
    # @commands@
  esac
  return 1
}

# The flags of a command, one a line: name, short form (- for none), takes a value, repeatable, known values.
_compfn_flags() {
  case "$1" in
    # @flags@
  esac
}

# The known values of a command's positional argument ("<command> <position>").
_compfn_arg_values() {
  case "$1" in
    # @arg_values@
  esac
}

# Prints the flag line of the flag a word names: --name, -c, or a unique prefix of a long name (as argparse).
_compfn_flag_line() {
  local name char rest found='' count=0
  while IFS=' ' read -r name char rest; do
    [[ -z $name ]] && continue
    if [[ $2 == "--$name" || ( $char != - && $2 == "-$char" ) ]]; then
      printf '%s %s %s\n' "$name" "$char" "$rest"
      return 0
    fi
    if [[ $2 == --?* && "--$name" == "$2"* ]]; then
      found="$name $char $rest"
      count=$((count + 1))
    fi
  done < <(_compfn_flags "$1")
  [[ $count == 1 ]] && printf '%s\n' "$found"
}

_compfn_complete() {
  COMPREPLY=()
  local cword=$COMP_CWORD
  local cur=${COMP_WORDS[cword]}
  # Only the part of the word left of the cursor counts.
  if [[ -n ${COMP_LINE+set} && -n ${COMP_POINT+set} ]]; then
    local before=${COMP_LINE:0:COMP_POINT} k
    for ((k = ${#cur}; k > 0; k--)); do
      [[ $before == *"${cur:0:k}" ]] && break
    done
    cur=${cur:0:k}
  fi

  # The command path: leading words that name topics or commands.
  local id='' i=1 next
  while ((i < cword)); do
    next=${id:+$id:}${COMP_WORDS[i]}
    if [[ ${COMP_WORDS[i]} == -* ]] || ! { _compfn_is_command "$next" || [[ -n $(_compfn_children "$next") ]]; }; then
      break
    fi
    id=$next
    i=$((i + 1))
  done

  local -a candidates=()
  if ! _compfn_is_command "$id"; then
    # A topic (or an unknown word): its sub-topics and commands.
    ((i < cword)) && return 0
    if [[ $cur == -* ]]; then candidates=(--help); else _compfn_add_lines < <(_compfn_children "$id"); fi
    _compfn_reply "$cur"
    return 0
  fi

  # Walk the words after the command: flags given, the flag whose value comes next, positional arguments.
  local used=' ' line name char takes multiple values='' pending='' collecting='' given=' ' positionals=0 word
  local -a list
  while ((i < cword)); do
    word=${COMP_WORDS[i]}
    if [[ -n $pending ]]; then
      # The value of the flag before (also after "--flag =", which bash splits at the '='; argparse then takes
      # that one value only, even for a flag that takes several).
      if [[ $word == = ]]; then
        collecting=''
      else
        pending=''
        given+="$word "
      fi
    elif [[ $word == --*=* ]]; then
      line=$(_compfn_flag_line "$id" "${word%%=*}")
      [[ -n $line ]] && used+="${line%% *} "
      collecting=''
    elif [[ $word == -?* ]]; then
      line=$(_compfn_flag_line "$id" "$word")
      if [[ -z $line && $word != --* ]]; then
        # -oVALUE: a short flag with its value attached.
        line=$(_compfn_flag_line "$id" "${word:0:2}")
        [[ -n $line ]] && used+="${line%% *} "
        collecting=''
      elif [[ -n $line ]]; then
        read -r name char takes multiple values <<<"$line"
        used+="$name "
        collecting=''
        given=' '
        if [[ $takes == 1 ]]; then
          pending=$line
          [[ $multiple == 1 ]] && collecting=$line
        fi
      fi
    elif [[ $word == = ]]; then
      :
    elif [[ -n $collecting ]]; then
      given+="$word "
    else
      positionals=$((positionals + 1))
    fi
    i=$((i + 1))
  done

  if [[ $cur == = && -n $pending ]]; then
    # "--output=<TAB>": bash made the '=' a word of its own; complete the value after it.
    cur=''
  fi

  if [[ -n $pending ]]; then
    read -r name char takes multiple values <<<"$pending"
    read -ra list <<<"$values"
    for word in "${list[@]}"; do [[ $given == *" $word "* ]] || candidates+=("$word"); done
    _compfn_reply "$cur"
    return 0
  fi

  if [[ $cur == --*=* ]]; then
    # "--output=js" when '=' is not a word break: complete the value, keeping the flag.
    line=$(_compfn_flag_line "$id" "${cur%%=*}")
    if [[ -n $line ]]; then
      read -r name char takes multiple values <<<"$line"
      read -ra list <<<"$values"
      for word in "${list[@]}"; do candidates+=("${cur%%=*}=$word"); done
    fi
    _compfn_reply "$cur"
    return 0
  fi

  if [[ -n $collecting ]]; then
    # More values of a flag that takes several (az's --scope chat voip), then the flags.
    read -r name char takes multiple values <<<"$collecting"
    read -ra list <<<"$values"
    for word in "${list[@]}"; do [[ $given == *" $word "* ]] || candidates+=("$word"); done
  elif [[ $cur != -* ]]; then
    # Sub-commands come right after the command (oclif reads the id before any flag), then argument values.
    [[ $positionals == 0 && $used == ' ' ]] && _compfn_add_lines < <(_compfn_children "$id")
    _compfn_add_lines < <(_compfn_arg_values "$id $positionals")
  fi

  # Flags not given yet; repeatable ones again.
  while IFS=' ' read -r name char takes multiple values; do
    [[ -z $name ]] && continue
    [[ $multiple != 1 && $used == *" $name "* ]] && continue
    candidates+=("--$name")
    [[ $char != - ]] && candidates+=("-$char")
  done < <(_compfn_flags "$id")
  _compfn_reply "$cur"
}

# Adds each line of standard input to the caller's candidates.
_compfn_add_lines() {
  local line
  while IFS= read -r line; do
    [[ -n $line ]] && candidates+=("$line")
  done
}

# COMPREPLY: the candidates that start with the word typed so far, each once.
_compfn_reply() {
  local candidate seen=' '
  COMPREPLY=()
  for candidate in "${candidates[@]}"; do
    [[ $candidate == "$1"* && $seen != *" $candidate "* ]] || continue
    COMPREPLY+=("$candidate")
    seen+="$candidate "
  done
}

complete -F _compfn_complete @names@
