import TokenRevoke from '../../user-identity/token/revoke.js'
import type {CommandStatus} from '../../../../framework/status.js'

/** az's older, deprecated name of `communication user-identity token revoke`, kept so old scripts still run. */
export default class DeprecatedTokenRevoke extends TokenRevoke {
  static override hidden = true
  static override status: CommandStatus = {
    state: 'deprecated',
    group: 'communication identity token',
    redirect: 'communication user-identity token',
  }
}
