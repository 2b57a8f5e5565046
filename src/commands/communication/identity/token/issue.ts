import TokenIssue from '../../user-identity/token/issue.js'
import {type CommandStatus, statusNotice} from '../../../../framework/status.js'

/** az's older, deprecated name of `communication user-identity token issue`, kept so old scripts still run. */
export default class DeprecatedTokenIssue extends TokenIssue {
  static override hidden = true
  static override status: CommandStatus = {
    state: 'deprecated',
    group: 'communication identity token',
    redirect: 'communication user-identity token',
  }

  static override description = statusNotice(this.status as CommandStatus).text
}
