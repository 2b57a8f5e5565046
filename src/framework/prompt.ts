/**
 * az's confirmation for destructive commands (knack's prompt_y_n through _user_confirmed): skipped by
 * --yes/-y or `core.disable_confirm_prompt`; on a terminal it asks until the answer is y or n; without
 * a terminal it warns and cancels, so nothing is sent.
 */
import {OperationCancelledError} from './errors.js'
import type {AzLogger} from './log.js'

export const CONFIRM_QUESTION = 'Are you sure you want to perform this operation?'
export const NO_TTY_WARNING = 'Unable to prompt for confirmation as no tty available. Use --yes.'

export interface ConfirmOptions {
  /** --yes/-y was given, or the config disables the prompt. */
  skip: boolean
  logger: AzLogger
  /** Defaults to the process's stdin/stdout; Python's input() writes the prompt to stdout. */
  input?: NodeJS.ReadStream
  output?: NodeJS.WriteStream
  /** The question, when a command has its own. */
  message?: string
}

/** Resolves when the user confirmed; throws OperationCancelledError otherwise. */
export async function confirmOperation(options: ConfirmOptions): Promise<void> {
  if (options.skip) return
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stdout
  if (!input.isTTY) {
    options.logger.debug('No tty available.', 'cli.knack.prompting')
    options.logger.warning(NO_TTY_WARNING, 'cli.knack.commands')
    throw new OperationCancelledError()
  }

  const question = `${options.message ?? CONFIRM_QUESTION} (y/n): `
  const lines = readLines(input)
  try {
    for (;;) {
      output.write(question)
      const answer = await lines.next()
      // End of input (Ctrl-D) cannot mean yes.
      if (answer.done) throw new OperationCancelledError()
      const text = answer.value.toLowerCase()
      if (text === 'n') throw new OperationCancelledError()
      if (text === 'y') return
    }
  } finally {
    await lines.return?.(undefined)
  }
}

/** Lines typed on the terminal, one at a time, without keeping the process alive afterwards. */
async function* readLines(input: NodeJS.ReadStream): AsyncGenerator<string, void, undefined> {
  const {createInterface} = await import('node:readline')
  const rl = createInterface({input, terminal: false})
  try {
    for await (const line of rl) yield line
  } finally {
    rl.close()
    input.pause()
  }
}
