/**
 * The PowerShell argument completer: the same walk as the bash script (topics and commands by spaces, every flag
 * not given yet, the known values of flags and arguments, `--output=<TAB>`, more values after `--scope chat`),
 * with summaries as tooltips. oclif's plugin completes topics, commands and flag names but no values.
 */
import {childrenOf, type CompletionModel} from './model.js'

export function powershellScript(model: CompletionModel): string {
  const parents = ['', ...model.topics.map((topic) => topic.id)]
  const children = parents.map((parent) => {
    // Hashtables, not nested arrays: PowerShell flattens a one-element @(@(...)).
    const entries = childrenOf(model, parent).map((child) => `@{Word = ${quote(child.word)}; Summary = ${quote(child.summary)}}`)
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
  const names = [model.bin, ...model.binAliases].map(quote).join(', ')

  return `# PowerShell completion for ${model.bin}, generated from its commands by \`${model.bin} autocomplete\`.
using namespace System.Management.Automation

$${variable(model.bin)}Completion = @{
  Children = @{
${children.join('\n')}
  }
  Commands = @{
${commands.join('\n')}
  }
}

# The completer is a closure over the table above, so it works however this file is loaded (dot-sourced or not).
Register-ArgumentCompleter -Native -CommandName @(${names}) -ScriptBlock {
  param($WordToComplete, $CommandAst, $CursorPosition)
  $spec = $${variable(model.bin)}Completion
  # The words before the one being completed, as typed.
  $words = @($CommandAst.CommandElements | Where-Object { $_.Extent.EndOffset -lt $CursorPosition -or
      ($_.Extent.EndOffset -eq $CursorPosition -and $WordToComplete -eq '') } | ForEach-Object { $_.Extent.Text })
  $cur = $WordToComplete
  $results = [System.Collections.Generic.List[CompletionResult]]::new()
  $offer = {
    param($text, $tip, $type)
    if ($text.StartsWith($cur) -and -not ($results | Where-Object { $_.CompletionText -eq $text })) {
      $results.Add([CompletionResult]::new($text, $text, $type, $(if ($tip) { $tip } else { $text })))
    }
  }

  # The command path: leading words that name topics or commands.
  $id = ''
  $i = 1
  while ($i -lt $words.Count) {
    $next = if ($id) { $id + ':' + $words[$i] } else { $words[$i] }
    if ($words[$i].StartsWith('-') -or -not ($spec.Commands.ContainsKey($next) -or $spec.Children.ContainsKey($next))) { break }
    $id = $next
    $i++
  }

  $command = $spec.Commands[$id]
  if (-not $command) {
    if ($i -lt $words.Count) { return }
    foreach ($child in $spec.Children[$id]) { & $offer $child.Word $child.Summary 'ParameterValue' }
    return $results
  }

  $find = {
    param($word)
    $matched = @($command.Flags | Where-Object { "--$($_.Name)" -eq $word -or ($_.Char -and "-$($_.Char)" -eq $word) })
    if ($matched.Count -eq 0 -and $word.StartsWith('--')) {
      # argparse takes a unique prefix of a long flag.
      $matched = @($command.Flags | Where-Object { "--$($_.Name)".StartsWith($word) })
    }
    if ($matched.Count -eq 1) { $matched[0] } else { $null }
  }

  # Walk the words after the command: flags given, the flag whose value comes next, positional arguments.
  $used = @{}
  $given = @{}
  $pending = $null
  $collecting = $null
  $positionals = 0
  for (; $i -lt $words.Count; $i++) {
    $word = $words[$i]
    if ($pending) {
      $pending = $null
      $given[$word] = $true
    } elseif ($word -match '^(--[^=]+)=') {
      $flag = & $find $Matches[1]
      if ($flag) { $used[$flag.Name] = $true }
      $collecting = $null
    } elseif ($word.StartsWith('-') -and $word.Length -gt 1) {
      $flag = & $find $word
      if (-not $flag -and -not $word.StartsWith('--')) { $flag = & $find $word.Substring(0, 2); $collecting = $null; if ($flag) { $used[$flag.Name] = $true }; continue }
      if ($flag) {
        $used[$flag.Name] = $true
        $collecting = $null
        $given = @{}
        if ($flag.TakesValue) {
          $pending = $flag
          if ($flag.Multiple) { $collecting = $flag }
        }
      }
    } elseif ($collecting) {
      $given[$word] = $true
    } else {
      $positionals++
    }
  }

  if ($pending) {
    foreach ($value in $pending.Options) { if (-not $given.ContainsKey($value)) { & $offer $value $value 'ParameterValue' } }
    return $results
  }
  if ($cur -match '^(--[^=]+)=') {
    $prefix = $Matches[1]
    $flag = & $find $prefix
    if ($flag) { foreach ($value in $flag.Options) { & $offer "$prefix=$value" $value 'ParameterValue' } }
    return $results
  }
  if ($collecting) {
    foreach ($value in $collecting.Options) { if (-not $given.ContainsKey($value)) { & $offer $value $value 'ParameterValue' } }
  } elseif (-not $cur.StartsWith('-')) {
    if ($positionals -eq 0 -and $used.Count -eq 0) { foreach ($child in $spec.Children[$id]) { & $offer $child.Word $child.Summary 'ParameterValue' } }
    if ($positionals -lt $command.Args.Count) {
      foreach ($value in ($command.Args[$positionals] -split ' ' | Where-Object { $_ })) { & $offer $value $value 'ParameterValue' }
    }
  }
  foreach ($flag in $command.Flags) {
    if ($used.ContainsKey($flag.Name) -and -not $flag.Multiple) { continue }
    & $offer "--$($flag.Name)" $flag.Summary 'ParameterName'
    if ($flag.Char) { & $offer "-$($flag.Char)" $flag.Summary 'ParameterName' }
  }
  return $results
}.GetNewClosure()
`
}

/** A PowerShell variable name part. */
function variable(text: string): string {
  return text.replaceAll(/[^A-Za-z0-9_]/g, '_')
}

/** Single-quoted for PowerShell. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
