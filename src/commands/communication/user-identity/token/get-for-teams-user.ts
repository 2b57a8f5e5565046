import * as Flags from '@oclif/core/flags'

import {UserIdentityTokenCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import type {TeamsToken} from '../../../../communication/identity.js'
import {withAzExtras} from '../../../../framework/az-command.js'

export default class TokenGetForTeamsUser extends UserIdentityTokenCommand<typeof TokenGetForTeamsUser> {
  static override summary =
    'Exchanges an Azure Active Directory (Azure AD) access token of a Teams user for a new ACS Identity access token with a matching expiration time.'

  static override examples = [
    {
      description: 'Get token for teams user',
      command:
        '<%= config.bin %> <%= command.id %> --aad-token "aad-123-xyz" --client "app-id-123-xyz" --aad-user "uid"',
    },
    {
      description: 'Read the Entra token from a file, keeping it off the command line',
      command:
        '<%= config.bin %> <%= command.id %> --aad-token @aad-token.txt --client "app-id-123-xyz" --aad-user "uid"',
    },
  ]

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
    'aad-token': withAzExtras(
      Flags.string({summary: 'Azure AD access token of a Teams User.', required: true, helpValue: '<token>'}),
      {azSecret: true},
    ),
    client: Flags.string({
      summary:
        'Client ID of an Azure AD application to be verified against the appId claim in the Azure AD access token.',
      required: true,
      helpValue: '<app id>',
    }),
    'aad-user': Flags.string({
      summary:
        'Object ID of an Azure AD user (Teams User) to be verified against the OID claim in the Azure AD access token.',
      required: true,
      helpValue: '<object id>',
    }),
  }

  async run(): Promise<TeamsToken> {
    const {'aad-token': aadToken, client, 'aad-user': aadUser} = this.flags
    this.logger.addSecret(aadToken)
    const identity = await this.identity()
    return identity.exchangeTeamsToken(aadToken, client, aadUser)
  }
}
