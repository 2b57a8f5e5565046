/** The config module: az's configuration file and `<PREFIX>_<SECTION>_<OPTION>` variables, rebranded by the settings. */
import {AzConfig} from '../../config.js'
import {expandHome, type FrameworkSettings} from '../settings.js'

export function loadConfig(settings: FrameworkSettings, env: NodeJS.ProcessEnv): AzConfig {
  return new AzConfig({
    env,
    envPrefix: settings.envPrefix,
    defaultConfigDir: expandHome(settings.configDir),
    configFile: settings.configFile,
  })
}
