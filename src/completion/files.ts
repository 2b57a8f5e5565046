/**
 * Where the completion scripts live: the layout and the environment variable names of oclif's plugin-autocomplete
 * (under the CLI's cache folder, `autocomplete/`), whose set-up lines (`azc autocomplete script bash`) load them.
 */
import type {Interfaces} from '@oclif/core'
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

import {bashScript} from './bash.js'
import {completionModel} from './model.js'
import {powershellScript} from './powershell.js'
import {zshScript} from './zsh.js'

export const SHELLS = ['bash', 'zsh', 'powershell'] as const
export type Shell = (typeof SHELLS)[number]

export interface CompletionPaths {
  dir: string
  bashSetup: string
  bashFunction: string
  zshSetup: string
  zshFunctions: string
  zshFunction: string
  powershellFunction: string
}

export function completionPaths(config: Interfaces.Config): CompletionPaths {
  const dir = join(config.cacheDir, 'autocomplete')
  const functions = join(dir, 'functions')
  return {
    dir,
    bashSetup: join(dir, 'bash_setup'),
    bashFunction: join(functions, 'bash', `${config.bin}.bash`),
    zshSetup: join(dir, 'zsh_setup'),
    zshFunctions: join(functions, 'zsh'),
    zshFunction: join(functions, 'zsh', `_${config.bin}`),
    powershellFunction: join(functions, 'powershell', `${config.bin}.ps1`),
  }
}

/** `AZC`: the prefix of the environment variables the set-up lines define. */
function envPrefix(config: Interfaces.Config): string {
  return config.bin.toUpperCase().replaceAll(/[^A-Z0-9_]/g, '_')
}

/** Writes every shell's script (from the commands of all loaded plugins) and the bash and zsh set-up files. */
export async function writeCompletionFiles(config: Interfaces.Config): Promise<CompletionPaths> {
  const paths = completionPaths(config)
  const model = completionModel(config)
  const bashVar = `${envPrefix(config)}_AC_BASH_COMPFUNC_PATH`
  await Promise.all(
    [paths.bashFunction, paths.zshFunction, paths.powershellFunction].map((file) =>
      mkdir(join(file, '..'), {recursive: true}),
    ),
  )
  await Promise.all([
    writeFile(paths.bashFunction, bashScript(model)),
    writeFile(
      paths.bashSetup,
      `${bashVar}=${shellQuote(paths.bashFunction)} && test -f "$${bashVar}" && source "$${bashVar}";\n`,
    ),
    writeFile(paths.zshFunction, zshScript(model)),
    writeFile(paths.zshSetup, `fpath=(${shellQuote(paths.zshFunctions)} $fpath);\nautoload -Uz compinit;\ncompinit;\n`),
    writeFile(paths.powershellFunction, powershellScript(model)),
  ])
  return paths
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`
}
