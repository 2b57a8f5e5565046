import TokenRevoke from '../../user-identity/token/revoke.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

/** az's older, deprecated name of `communication user-identity token revoke`, kept so old scripts still run. */
export default class DeprecatedTokenRevoke extends TokenRevoke {
  static override hidden = true
  static override status: CommandStatus = {
    state: 'deprecated',
    group: 'communication identity token',
    redirect: 'communication user-identity token',
  }

  static override description = statusNotice(this.status as CommandStatus).text
}
