import {Flags} from '@oclif/core'

import {CommunicationCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import {azFlags} from '../../../../framework/az-command.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

export default class UserDelete extends CommunicationCommand<typeof UserDelete> {
  static override summary = 'Deletes an existing ACS identity, revoking all its tokens and removing its data.'

  static override examples = [{description: 'Delete a user', command: '<%= config.bin %> <%= command.id %> --user "8:acs:xxxxxx"'}]

  static override status: CommandStatus = {state: 'preview', group: 'communication user-identity user'}

  // az's help shows the group's status; so does ours.
  static override description = statusNotice(this.status as CommandStatus).text

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
    user: Flags.string({summary: 'ACS identifier.', required: true, helpValue: '<id>'}),
    yes: azFlags.yes(),
  }

  async run(): Promise<void> {
    await this.confirm()
    const identity = await this.identity()
    await identity.deleteUser(this.flags.user)
  }
}
