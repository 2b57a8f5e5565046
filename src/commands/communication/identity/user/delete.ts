import {deprecatedIdentityCommand} from '../../../../communication/deprecated.js'
import UserDelete from '../../user-identity/user/delete.js'

export default deprecatedIdentityCommand(UserDelete, 'user')
