/** The error codes Node gives a request whose TLS handshake failed, in one place for the retry and the message. */

/** OpenSSL's verdicts on a certificate chain it could not trust: trusting more certificates may fix them. */
export const UNTRUSTED_CERT_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
])

/** Every code of a failed TLS connection: an untrusted chain, a certificate out of date or for another name. */
export const TLS_ERROR_CODES: ReadonlySet<string> = new Set([
  ...UNTRUSTED_CERT_CODES,
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
])
