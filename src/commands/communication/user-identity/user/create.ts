import {UserIdentityUserCommand, connectionStringFlag, entraFlags} from '../../../../communication/command.js'
import type {CreatedUser} from '../../../../communication/identity.js'

export default class UserCreate extends UserIdentityUserCommand<typeof UserCreate> {
  static override summary = 'Creates a new ACS identity.'

  static override examples = [{description: 'Create a user', command: '<%= config.bin %> <%= command.id %>'}]

  static override flags = {
    'connection-string': connectionStringFlag,
    ...entraFlags,
  }

  async run(): Promise<CreatedUser> {
    const identity = await this.identity()
    return identity.createUser()
  }
}
