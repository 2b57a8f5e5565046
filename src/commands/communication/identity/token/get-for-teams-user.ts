import {deprecatedIdentityCommand} from '../../../../communication/deprecated.js'
import TokenGetForTeamsUser from '../../user-identity/token/get-for-teams-user.js'

export default deprecatedIdentityCommand(TokenGetForTeamsUser, 'token')
