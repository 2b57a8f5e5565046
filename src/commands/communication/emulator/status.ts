import {findBackground, emulatorHome, stateFilePath} from '../../../emulator/background.js'
import {AzCommand} from '../../../framework/az-command.js'
import {AzCliError} from '../../../framework/errors.js'

export default class EmulatorStatus extends AzCommand<typeof EmulatorStatus> {
  static override summary = 'Describe the emulator that `emulator start --detach` runs in the background.'

  static override description = `Prints where it runs (process id, port, endpoint, log file, CA certificate with --tls, data file), never its
access key. Exits 3 when no emulator is running in the background, so scripts can test for one.`

  static override examples = [
    {description: 'Where the background emulator runs', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Just its endpoint', command: '<%= config.bin %> <%= command.id %> --query endpoint -o tsv'},
  ]

  async run(): Promise<Record<string, unknown>> {
    const home = emulatorHome(this.config.dataDir)
    const state = findBackground(home)
    if (!state)
      throw new AzCliError(`No emulator is running in the background (no live ${stateFilePath(home)}).`, {exitCode: 3})
    return {
      pid: state.pid,
      port: state.port,
      host: state.host,
      endpoint: state.endpoint,
      caCertificate: state.caCertificate ?? null,
      dataFile: state.dataFile ?? null,
      log: state.log,
      startedAt: state.startedAt,
    }
  }
}
