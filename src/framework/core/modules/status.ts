/** The status module: knack's StatusTag notices (deprecated, then preview, then experimental) before a command runs. */
import type {AzLogger} from '../../log.js'
import {type CommandStatus, statusNotice} from '../../status.js'

const ORDER = ['deprecated', 'preview', 'experimental']

export function statusList(status: CommandStatus | readonly CommandStatus[] | undefined): CommandStatus[] {
  if (!status) return []
  return (Array.isArray(status) ? [...status] : [status as CommandStatus]).sort(
    (a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state),
  )
}

export function printStatus(status: CommandStatus | readonly CommandStatus[] | undefined, logger: AzLogger): void {
  if (!logger.isEnabled('warning')) return
  for (const notice of statusList(status)) {
    // The coloured text on a terminal, otherwise the text after "WARNING: ".
    const {text, color} = statusNotice(notice)
    logger.plain(logger.color ? text : `WARNING: ${text}`, color)
  }
}
