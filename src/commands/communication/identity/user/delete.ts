import UserDelete from '../../user-identity/user/delete.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

/** az's older, deprecated name of `communication user-identity user delete`, kept so old scripts still run. */
export default class DeprecatedUserDelete extends UserDelete {
  static override hidden = true
  static override status: CommandStatus = {
    state: 'deprecated',
    group: 'communication identity user',
    redirect: 'communication user-identity user',
  }

  static override description = statusNotice(this.status as CommandStatus).text
}
