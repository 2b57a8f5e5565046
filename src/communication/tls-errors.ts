/** The error codes Node gives a request whose TLS handshake failed, in one place for the retry and the message. */

/** OpenSSL's verdicts on a certificate chain it could not trust: the only case where trusting a CA file helps. */
export const UNTRUSTED_CERT_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
])

/** A certificate out of its validity dates. */
export const EXPIRED_CERT_CODES: ReadonlySet<string> = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'])

/** A certificate issued for another name. */
export const WRONG_HOST_CODE = 'ERR_TLS_CERT_ALTNAME_INVALID'

/** A TLS client that met a server speaking plain HTTP. */
export const PLAIN_HTTP_CODE = 'ERR_SSL_WRONG_VERSION_NUMBER'

/** Other failures of the handshake or of the certificate check. */
export const OTHER_TLS_CODES: ReadonlySet<string> = new Set([
  'EPROTO',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_SSL_PROTOCOL_ERROR',
])
