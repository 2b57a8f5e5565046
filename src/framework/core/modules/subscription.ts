/** The subscription module: az checks --subscription against the subscriptions of `az login` and warns when unknown. */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import type {AzConfig} from '../../config.js'
import type {AzLogger} from '../../log.js'

export function checkSubscription(value: string, config: AzConfig, logger: AzLogger): void {
  let known: Array<{id?: string; name?: string}> = []
  try {
    const text = readFileSync(join(config.configDir, 'azureProfile.json'), 'utf8').replace(/^\uFEFF/, '')
    known = (JSON.parse(text) as {subscriptions?: Array<{id?: string; name?: string}>}).subscriptions ?? []
  } catch {
    // No profile (never logged in) or an unreadable one: nothing is known.
  }

  const wanted = value.toLowerCase()
  if (!known.some((s) => s.id?.toLowerCase() === wanted || s.name?.toLowerCase() === wanted)) {
    logger.warning(`Subscription '${value}' not recognized.`)
  }
}
