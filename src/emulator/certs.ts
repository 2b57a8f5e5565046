/**
 * `emulator start --tls`: a private certificate authority and a server certificate for the loopback names
 * (127.0.0.1, localhost, ::1), made once in the emulator's home folder and reused on later starts, so az
 * (REQUESTS_CA_BUNDLE) and Node clients (NODE_EXTRA_CA_CERTS) can trust the emulator without anyone running openssl.
 *
 *   <dir>/ca.pem          the CA certificate: the file to trust (public)
 *   <dir>/ca-key.pem      its private key (0600): only ever used to sign server.pem
 *   <dir>/server.pem      the server certificate, signed by the CA
 *   <dir>/server-key.pem  its private key (0600)
 *
 * Keys come from node:crypto; Node has no API to build an X.509 certificate, so node-forge does that part (loaded
 * only here, only with --tls). A server certificate that is missing, not from this CA, or within a week of its end
 * is made again with the same CA, so a CA someone already trusts stays valid.
 */
import {generateKeyPairSync, randomBytes, X509Certificate} from 'node:crypto'
import {chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export interface TlsFiles {
  /** The CA certificate to trust. */
  ca: string
  cert: string
  key: string
}

const DAY_MS = 24 * 60 * 60 * 1000
/** Certificates start a day in the past, so a client whose clock is behind still accepts them. */
const BACKDATE_MS = DAY_MS
const CA_LIFETIME_MS = 10 * 365 * DAY_MS
/** Under the 398 days Apple clients accept for a server certificate. */
const SERVER_LIFETIME_MS = 397 * DAY_MS
const RENEW_BEFORE_MS = 7 * DAY_MS

/** The loopback names the server certificate covers. */
export const LOOPBACK_NAMES = {dns: ['localhost'], ip: ['127.0.0.1', '::1']}

/** The CA and server certificate in `dir`, made (or remade) as needed. */
export async function ensureTlsFiles(dir: string, now = Date.now()): Promise<TlsFiles> {
  const files = {
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem'),
  }
  mkdirSync(dir, {recursive: true, mode: 0o700})
  const forge = (await import('node-forge')).default

  let caPem = readIfExists(files.ca)
  let caKeyPem = readIfExists(files.caKey)
  if (!caPem || !caKeyPem || !usable(caPem, now)) {
    caKeyPem = newKeyPem()
    caPem = makeCertificate(forge, {
      subjectKeyPem: caKeyPem,
      issuerKeyPem: caKeyPem,
      subject: 'azc ACS Identity emulator local CA',
      now,
      lifetimeMs: CA_LIFETIME_MS,
      ca: true,
    })
    // The key first: a CA certificate on disk always has its key beside it.
    writeAtomically(files.caKey, caKeyPem, 0o600)
    writeAtomically(files.ca, caPem, 0o644)
  }

  const serverPem = readIfExists(files.cert)
  if (!serverPem || !readIfExists(files.key) || !usable(serverPem, now) || !issuedBy(serverPem, caPem)) {
    const keyPem = newKeyPem()
    const certPem = makeCertificate(forge, {
      subjectKeyPem: keyPem,
      issuerKeyPem: caKeyPem,
      issuerPem: caPem,
      subject: 'localhost',
      now,
      lifetimeMs: SERVER_LIFETIME_MS,
      ca: false,
    })
    writeAtomically(files.key, keyPem, 0o600)
    writeAtomically(files.cert, certPem, 0o644)
  }

  return {ca: files.ca, cert: files.cert, key: files.key}
}

function newKeyPem(): string {
  return generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs1', format: 'pem'}).toString()
}

type Forge = typeof import('node-forge')

interface CertificateSpec {
  subjectKeyPem: string
  issuerKeyPem: string
  /** The issuer's certificate; absent for the self-signed CA. */
  issuerPem?: string
  subject: string
  now: number
  lifetimeMs: number
  ca: boolean
}

function makeCertificate(forge: Forge, spec: CertificateSpec): string {
  const {pki} = forge
  const subjectKey = pki.privateKeyFromPem(spec.subjectKeyPem) as import('node-forge').pki.rsa.PrivateKey
  const issuerKey = pki.privateKeyFromPem(spec.issuerKeyPem)
  const cert = pki.createCertificate()
  cert.publicKey = pki.setRsaPublicKey(subjectKey.n, subjectKey.e)
  // A positive 16-byte serial (the high bit clear), random so that a remade certificate never repeats one.
  const serial = randomBytes(16)
  serial[0] &= 0x7f
  cert.serialNumber = serial.toString('hex')
  cert.validity.notBefore = new Date(spec.now - BACKDATE_MS)
  cert.validity.notAfter = new Date(spec.now + spec.lifetimeMs)
  cert.setSubject([{name: 'commonName', value: spec.subject}])
  const issuer = spec.issuerPem ? pki.certificateFromPem(spec.issuerPem) : undefined
  cert.setIssuer(issuer ? issuer.subject.attributes : cert.subject.attributes)
  const extensions: object[] = spec.ca
    ? [
        {name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true},
        {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
        {name: 'subjectKeyIdentifier'},
        {id: '2.5.29.30', critical: true, value: loopbackNameConstraints(forge)},
      ]
    : [
        {name: 'basicConstraints', cA: false, critical: true},
        {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
        {name: 'extKeyUsage', serverAuth: true},
        {
          name: 'subjectAltName',
          altNames: [
            ...LOOPBACK_NAMES.dns.map((value) => ({type: 2, value})),
            ...LOOPBACK_NAMES.ip.map((ip) => ({type: 7, ip})),
          ],
        },
        {name: 'subjectKeyIdentifier'},
      ]
  // Strict verifiers (Python 3.13's default, for one) want the authority key identifier on every certificate.
  extensions.push({name: 'authorityKeyIdentifier', keyIdentifier: keyIdentifier(forge, issuer ?? cert)})
  cert.setExtensions(extensions)
  cert.sign(issuerKey, forge.md.sha256.create())
  return pki.certificateToPem(cert)
}

/**
 * The CA may only vouch for the loopback names (RFC 5280 name constraints, which OpenSSL and so Node and Python
 * enforce): even a CA key that leaked could not make a certificate a client trusting ca.pem would accept for any
 * other host.
 */
function loopbackNameConstraints(forge: Forge): import('node-forge').asn1.Asn1 {
  const {asn1} = forge
  const context = (tag: number, constructed: boolean, value: string | import('node-forge').asn1.Asn1[]) =>
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, tag, constructed, value)
  const subtree = (name: import('node-forge').asn1.Asn1) =>
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [name])
  const bytes = (values: number[]) => String.fromCharCode(...values)
  const v4 = [127, 0, 0, 1]
  const v6 = [...Array.from({length: 15}, () => 0), 1]
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    context(0, true, [
      ...LOOPBACK_NAMES.dns.map((name) => subtree(context(2, false, name))),
      // iPAddress constraints are the address followed by its mask: exactly 127.0.0.1 and exactly ::1.
      subtree(context(7, false, bytes([...v4, 255, 255, 255, 255]))),
      subtree(context(7, false, bytes([...v6, ...Array.from({length: 16}, () => 255)]))),
    ]),
  ])
}

/** The subject key identifier of a certificate (SHA-1 of its public key, as RFC 5280 suggests), as bytes. */
function keyIdentifier(forge: Forge, cert: import('node-forge').pki.Certificate): string {
  return forge.pki.getPublicKeyFingerprint(cert.publicKey, {type: 'RSAPublicKey'}).getBytes()
}

function usable(pem: string, now: number): boolean {
  try {
    const cert = new X509Certificate(pem)
    return Date.parse(cert.validFrom) <= now && Date.parse(cert.validTo) - RENEW_BEFORE_MS > now
  } catch {
    return false
  }
}

function issuedBy(pem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(pem)
    const ca = new X509Certificate(caPem)
    return cert.checkIssued(ca) && cert.verify(ca.publicKey)
  } catch {
    return false
  }
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/** Whole or not at all, and never readable by others for a moment (the mode is set on the new file itself). */
function writeAtomically(path: string, text: string, mode: number): void {
  const temp = `${path}.${process.pid}.tmp`
  writeFileSync(temp, text, {mode})
  chmodSync(temp, mode)
  renameSync(temp, path)
}
