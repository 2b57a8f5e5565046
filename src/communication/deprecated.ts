/**
 * az's older `communication identity ...` names of the user-identity commands, kept (hidden) so old
 * scripts still run: the same command under the deprecated group, with az's deprecation notice.
 */
import {type CommandStatus, statusNotice} from '../framework/status.js'

// The mixin pattern: TypeScript requires a constructor type taking any[] for a class to extend it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CommandClass = new (...args: any[]) => object

export function deprecatedIdentityCommand<T extends CommandClass>(command: T, group: 'token' | 'user'): T {
  const status: CommandStatus = {
    state: 'deprecated',
    group: `communication identity ${group}`,
    redirect: `communication user-identity ${group}`,
  }
  return class extends command {
    static hidden = true
    static status = status
    static description = statusNotice(status).text
  }
}
