import {AzConfig, colorEnabled} from '../framework/config.js'

/** The colour rule of AzCommand, for the hooks; a config file that cannot be read means no colour here. */
export function colorFromConfig(): boolean {
  try {
    return colorEnabled(new AzConfig())
  } catch {
    return false
  }
}
