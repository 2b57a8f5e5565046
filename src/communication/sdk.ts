/**
 * The two SDK classes the commands use, in one module that identity.ts loads on demand. Importing
 * them by name (rather than the packages' whole namespaces) lets the fast path's bundler leave out
 * the rest of the SDK: the Entra credential alone would pull in @azure-rest/core-client.
 */
export {CommunicationIdentityClient} from '@azure/communication-identity'
export {AzureKeyCredential} from '@azure/core-auth'
