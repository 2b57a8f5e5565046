/** The prompt module: az's confirmation (`--yes`, `core.disable_confirm_prompt`, the no-terminal refusal). */
import type {AzConfig} from '../../config.js'
import type {AzLogger} from '../../log.js'
import {confirmOperation} from '../../prompt.js'

export async function confirm(
  flags: Record<string, unknown>,
  config: AzConfig,
  logger: AzLogger,
  message?: string,
): Promise<void> {
  await confirmOperation({
    skip: Boolean(flags.yes) || config.getBoolean('core', 'disable_confirm_prompt', false),
    logger,
    message,
  })
}
