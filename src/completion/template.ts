/**
 * The completion scripts are static shell files next to this module (`completion.bash`, `completion.zsh`,
 * `completion.ps1`; the build copies them to lib/), so shell tools can check them. Three things are filled in:
 * `_compfn`, the prefix of every function and variable name (made of the CLI's name, so two CLIs' completions live
 * side by side in one shell); each line that is only `# @name@`, replaced by the lines of a table; and each inline
 * `@name@` (the CLI's name and aliases).
 */
import {readFileSync} from 'node:fs'

export type TemplateFile = 'completion.bash' | 'completion.ps1' | 'completion.zsh'

export function fillTemplate(file: TemplateFile, prefix: string, values: Record<string, string | string[]>): string {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8')
  const value = (name: string): string | string[] => {
    if (!(name in values)) throw new Error(`${file}: no value for @${name}@`)
    return values[name]
  }

  return text
    .replaceAll(/^[ \t]*# @(\w+)@\n/gm, (_, name: string) => {
      const lines = value(name)
      const list = Array.isArray(lines) ? lines : [lines]
      return list.map((line) => `${line}\n`).join('')
    })
    .replaceAll(/@(bin|names)@/g, (_, name: string) => {
      const text = value(name)
      return Array.isArray(text) ? text.join(' ') : text
    })
    .replaceAll('_compfn', prefix)
}
