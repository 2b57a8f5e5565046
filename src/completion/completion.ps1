# PowerShell completion for @bin@, written by azc-communication from the CLI's commands (`@bin@ autocomplete`).
#
# The logic below is static: the build of the CLI's completion fills in its tables (at the marker lines), its name, and
# the prefix of the variable name. The same walk as the bash script (topics and commands by spaces, every flag not given
# yet, the known values of flags and arguments, `--output=<TAB>`, more values after `--scope chat`), with summaries as
# tooltips.
using namespace System.Management.Automation

$_compfn_completion = @{
  Children = @{
    # @children@
  }
  Commands = @{
    # @commands@
  }
}

# The completer is a closure over the table above, so it works however this file is loaded (dot-sourced or not).
Register-ArgumentCompleter -Native -CommandName @(@names@) -ScriptBlock {
  param($WordToComplete, $CommandAst, $CursorPosition)
  $spec = $_compfn_completion
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
