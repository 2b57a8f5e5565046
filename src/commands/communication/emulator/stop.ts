import {BackgroundError, emulatorHome, stopBackground} from '../../../emulator/background.js'
import {AzCommand} from '../../../framework/az-command.js'
import {AzCliError} from '../../../framework/errors.js'

export default class EmulatorStop extends AzCommand<typeof EmulatorStop> {
  static override summary = 'Stop the emulator that `emulator start --detach` runs in the background.'

  static override description = `Finds it through the record in its data folder, stops it (SIGTERM: it finishes the requests in flight and
writes its state), and returns once the process is gone. Exits 3 when no emulator is running in the background.`

  static override examples = [
    {description: 'Stop the background emulator', command: '<%= config.bin %> <%= command.id %>'},
  ]

  async run(): Promise<void> {
    try {
      const state = await stopBackground(emulatorHome(this.config.dataDir))
      process.stderr.write(`Stopped the ACS Identity emulator on ${state.endpoint} (pid ${state.pid}).\n`)
    } catch (error) {
      if (error instanceof BackgroundError)
        throw new AzCliError(error.message, {exitCode: error.reason === 'not-running' ? 3 : 1})
      throw error instanceof AzCliError ? error : new AzCliError((error as Error).message, {cause: error})
    }
  }
}
