/**
 * az's status notices (knack's preview.py, experimental.py, deprecation.py with azure-cli's wording),
 * printed to stderr without a level prefix before a command of that status runs.
 */
import type {COLORS} from './log.js'

export const REFERENCE_LEVELS = 'Reference and support levels: https://aka.ms/CLI_refstatus'

export interface CommandStatus {
  state: 'preview' | 'experimental' | 'deprecated'
  /** The command group the state is declared on (`communication user-identity token`); omit for the command itself. */
  group?: string
  /** Deprecated only: what to use instead. */
  redirect?: string
  /** Deprecated only: the version that removes it. */
  expiration?: string
}

/** The notice az prints for the status, and the colour it uses for it. */
export function statusNotice(status: CommandStatus): {text: string; color: keyof typeof COLORS} {
  const subject = status.group ? `Command group '${status.group}'` : 'This command'
  switch (status.state) {
    case 'preview': {
      return {text: `${subject} is in preview and under development. ${REFERENCE_LEVELS}`, color: 'preview'}
    }

    case 'experimental': {
      return {text: `${subject} is experimental and under development. ${REFERENCE_LEVELS}`, color: 'experimental'}
    }

    case 'deprecated': {
      let text = status.group
        ? `This command is implicitly deprecated because command group '${status.group}' is deprecated and will be removed `
        : 'This command has been deprecated and will be removed '
      text += status.expiration ? `in version '${status.expiration}'.` : 'in a future release.'
      if (status.redirect) text += ` Use '${status.redirect}' instead.`
      return {text, color: 'deprecation'}
    }
  }
}
