import UserCreate from '../../user-identity/user/create.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

/** az's older, deprecated name of `communication user-identity user create`, kept so old scripts still run. */
export default class DeprecatedUserCreate extends UserCreate {
  static override hidden = true
  static override status: CommandStatus = {
    state: 'deprecated',
    group: 'communication identity user',
    redirect: 'communication user-identity user',
  }

  static override description = statusNotice(this.status as CommandStatus).text
}
