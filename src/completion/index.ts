/** Shell completion generated from the loaded commands: bash, zsh and PowerShell, and the files that hold them. */
export {bashScript} from './bash.js'
export {completionPaths, SHELLS, writeCompletionFiles, type CompletionPaths, type Shell} from './files.js'
export {
  childrenOf,
  completionModel,
  type CompletionCommand,
  type CompletionFlag,
  type CompletionModel,
} from './model.js'
export {powershellScript} from './powershell.js'
export {zshScript} from './zsh.js'
