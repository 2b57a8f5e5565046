/**
 * The committed test certificates must be valid from long before today (a machine whose clock is behind, or a CI
 * image built earlier, must accept them) and long after; and each server certificate must chain to the CA its tests
 * trust. Regenerate with test/emulator/fixtures/tls/regenerate.sh or scripts/az-oracle/make-test-cert.py.
 */
import {expect} from 'chai'
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const read = (path: string) => new X509Certificate(readFileSync(fileURLToPath(new URL(path, import.meta.url))))
const YEAR_MS = 365 * 24 * 3600 * 1000

describe('fixture certificates', () => {
  const emulatorCa = read('../emulator/fixtures/tls/ca.pem')
  const certificates = {
    'test/emulator/fixtures/tls/ca.pem': emulatorCa,
    'test/emulator/fixtures/tls/server.pem': read('../emulator/fixtures/tls/server.pem'),
    'test/fixtures/az-cli/tls/canned-acs-127.0.0.1.crt': read('../fixtures/az-cli/tls/canned-acs-127.0.0.1.crt'),
  }
  for (const [name, certificate] of Object.entries(certificates)) {
    it(`${name} is valid from at least five years ago to at least twenty years ahead`, () => {
      expect(Date.parse(certificate.validFrom)).to.be.below(Date.now() - 5 * YEAR_MS)
      expect(Date.parse(certificate.validTo)).to.be.above(Date.now() + 20 * YEAR_MS)
    })
  }

  it('the emulator server certificate is signed by the test CA, for 127.0.0.1, ::1 and localhost', () => {
    const server = certificates['test/emulator/fixtures/tls/server.pem']
    expect(server.verify(emulatorCa.publicKey)).to.equal(true)
    expect(server.checkIP('127.0.0.1')).to.equal('127.0.0.1')
    expect(server.checkIP('::1')).to.equal('::1')
    expect(server.checkHost('localhost')).to.equal('localhost')
  })
})
