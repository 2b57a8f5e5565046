/**
 * Rebranding: what a host CLI built on the framework calls itself and where it keeps its settings.
 * The defaults are az's, so azc behaves as az; a host sets its own in its package.json
 * (`oclif.azFramework`) or on its own base class (`static azFramework`), the static winning.
 */
import {homedir} from 'node:os'
import {join} from 'node:path'

export interface FrameworkSettings {
  /** The configuration folder (default `~/.azure`); `<ENV_PREFIX>_CONFIG_DIR` overrides it, as AZURE_CONFIG_DIR does. */
  configDir: string
  /** The configuration file's name inside configDir (default `config`). */
  configFile: string
  /** Prefix of the `<PREFIX>_<SECTION>_<OPTION>` variables (default `AZURE`). */
  envPrefix: string
  /** The name messages use for the CLI (default `az`), as in "use `az account set`". */
  cliName: string
  /** Whether commands get `--subscription` (default true). */
  subscription: boolean
}

export const AZ_SETTINGS: FrameworkSettings = Object.freeze({
  configDir: '~/.azure',
  configFile: 'config',
  envPrefix: 'AZURE',
  cliName: 'az',
  subscription: true,
})

/** Layers the given partial settings over az's defaults (later ones win); unknown keys are ignored. */
export function resolveSettings(...layers: Array<Partial<FrameworkSettings> | undefined>): FrameworkSettings {
  const settings: FrameworkSettings = {...AZ_SETTINGS}
  for (const layer of layers) {
    if (!layer || typeof layer !== 'object') continue
    for (const key of Object.keys(AZ_SETTINGS) as Array<keyof FrameworkSettings>) {
      const value = layer[key]
      if (value === undefined) continue
      if (typeof value !== typeof AZ_SETTINGS[key]) {
        throw new TypeError(`azFramework.${key} must be a ${typeof AZ_SETTINGS[key]}, not ${JSON.stringify(value)}`)
      }
      ;(settings as unknown as Record<string, unknown>)[key] = value
    }
  }
  return settings
}

/** `~` and `~/...` expanded, as az expands `~/.azure`. */
export function expandHome(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1))
  return path
}
