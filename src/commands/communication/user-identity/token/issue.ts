import * as Flags from '@oclif/core/flags'

import {UserIdentityTokenCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import {KNOWN_SCOPES, type IssuedToken} from '../../../../communication/identity.js'
import {azFlags, withAzExtras} from '../../../../framework/az-command.js'

export default class TokenIssue extends UserIdentityTokenCommand<typeof TokenIssue> {
  static override summary =
    'Issues a new access token with the specified scopes for a given User Identity. If no User Identity is specified, creates a new User Identity as well.'

  static override examples = [
    {description: 'Issue access token', command: '<%= config.bin %> <%= command.id %> --scope chat'},
    {
      description: 'Issue access token with multiple scopes and user',
      command: '<%= config.bin %> <%= command.id %> --scope chat voip --user "8:acs:xxxxxx"',
    },
    {
      description: 'Keep only the token, for a script',
      command: 'token=$(<%= config.bin %> <%= command.id %> --scope chat --query token -o tsv)',
    },
  ]

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
    scope: withAzExtras(
      Flags.string({
        summary: 'List of scopes for an access token ex: chat/voip.',
        required: true,
        multiple: true,
        options: [...KNOWN_SCOPES],
      }),
      // `--scope ''` reaches the service, which answers with its own ValidationError, as under az.
      {azEmptyBypassesOptions: true},
    ),
    user: Flags.string({summary: 'ACS identifier.', helpValue: '<id>'}),
    'expires-in-minutes': azFlags.integer({
      summary: 'Token lifetime in minutes, 60 to 1440 (the service default is 1440).',
      min: 60,
      max: 1440,
    }),
  }

  async run(): Promise<IssuedToken> {
    const {scope, user, 'expires-in-minutes': expiresInMinutes} = this.flags
    const identity = await this.identity()
    return identity.issueToken(scope, user, expiresInMinutes)
  }
}
