import {deprecatedIdentityCommand} from '../../../../communication/deprecated.js'
import UserCreate from '../../user-identity/user/create.js'

export default deprecatedIdentityCommand(UserCreate, 'user')
