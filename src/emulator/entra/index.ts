/** The emulator's Entra ID side: its own issuer (issuer.ts) and the data plane's bearer check (bearer.ts). */
export {authenticateBearer, isBearer} from './bearer.js'
export {ACS_AUDIENCE, EntraIssuer, FEDERATED_AUDIENCE, type EntraIssuerOptions, type Principal} from './issuer.js'
export {newSigningKey, privateKeyPem, publicJwk, signingKeyFrom, signJwt, type SigningKey} from './jwt.js'
