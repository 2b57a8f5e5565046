import {deprecatedIdentityCommand} from '../../../../communication/deprecated.js'
import TokenRevoke from '../../user-identity/token/revoke.js'

export default deprecatedIdentityCommand(TokenRevoke, 'token')
