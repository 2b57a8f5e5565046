import * as Flags from '@oclif/core/flags'

import {UserIdentityTokenCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import {azFlags} from '../../../../framework/az-command.js'

export default class TokenRevoke extends UserIdentityTokenCommand<typeof TokenRevoke> {
  static override summary = 'Revokes all access tokens for the specific ACS Identity.'

  static override examples = [
    {description: 'Revoke access tokens', command: '<%= config.bin %> <%= command.id %> --user "8:acs:xxxxxx"'},
  ]

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
    user: Flags.string({summary: 'ACS identifier.', required: true, helpValue: '<id>'}),
    yes: azFlags.yes(),
  }

  async run(): Promise<void> {
    await this.confirm()
    const identity = await this.identity()
    await identity.revokeTokens(this.flags.user)
  }
}
