import {CommunicationCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import type {CreatedUser} from '../../../../communication/identity.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

export default class UserCreate extends CommunicationCommand<typeof UserCreate> {
  static override summary = 'Creates a new ACS identity.'

  static override examples = [{description: 'Create a user', command: '<%= config.bin %> <%= command.id %>'}]

  static override status: CommandStatus = {state: 'preview', group: 'communication user-identity user'}

  // az's help shows the group's status; so does ours.
  static override description = statusNotice(this.status as CommandStatus).text

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
  }

  async run(): Promise<CreatedUser> {
    const identity = await this.identity()
    return identity.createUser()
  }
}
