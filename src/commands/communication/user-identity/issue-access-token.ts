import * as Flags from '@oclif/core/flags'

import {CommunicationCommand, connectionStringFlag, entraFlags} from '../../../communication/command.js'
import {KNOWN_SCOPES, type IssuedToken} from '../../../communication/identity.js'
import {withAzExtras} from '../../../framework/az-command.js'

/** az's deprecated, hidden predecessor of `token issue`, with its own option names; kept so old scripts still run. */
export default class IssueAccessToken extends CommunicationCommand<typeof IssueAccessToken> {
  static override hidden = true
  static override summary = 'Issues a new access token with the specified scopes for a given User Identity.'

  static override status = [
    {state: 'deprecated', redirect: 'token issue'},
    {state: 'preview', group: 'communication user-identity'},
  ] as const

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
    userid: Flags.string({char: 'u', summary: 'ACS identifier.', helpValue: '<id>'}),
    scope: withAzExtras(
      Flags.string({
        char: 's',
        summary: 'List of scopes for an access token ex: chat/voip.',
        required: true,
        multiple: true,
        options: [...KNOWN_SCOPES],
      }),
      {azEmptyBypassesOptions: true},
    ),
  }

  async run(): Promise<IssuedToken> {
    const identity = await this.identity()
    return identity.issueToken(this.flags.scope, this.flags.userid)
  }
}
