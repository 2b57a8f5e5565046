import {deprecatedIdentityCommand} from '../../../../communication/deprecated.js'
import TokenIssue from '../../user-identity/token/issue.js'

export default deprecatedIdentityCommand(TokenIssue, 'token')
