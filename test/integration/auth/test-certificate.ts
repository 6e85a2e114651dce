/** Self-signed app-registration certificates for tests: PEM (certificate + PKCS#8 key) and PFX. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export type TestCertificate = { certificatePem: string; privateKeyPem: string; pfxBase64: string; passphrase: string; notAfter: Date };

export function createTestCertificate(options: { notAfter?: Date; commonName?: string } = {}): TestCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  // X.509 times have whole seconds.
  cert.validity.notAfter = new Date(Math.floor((options.notAfter ?? new Date(now.getTime() + 365 * 24 * 3600_000)).getTime() / 1000) * 1000);
  const subject = [{ name: 'commonName', value: options.commonName ?? 'Correspondent test app' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const forgeKey = forge.pki.privateKeyFromPem(privateKey);
  cert.sign(forgeKey, forge.md.sha256.create());
  const passphrase = 'pfx-pass-phrase';
  const p12 = forge.pkcs12.toPkcs12Asn1(forgeKey, [cert], passphrase, { algorithm: '3des' });
  return {
    certificatePem: forge.pki.certificateToPem(cert),
    privateKeyPem: privateKey,
    pfxBase64: Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary').toString('base64'),
    passphrase,
    notAfter: cert.validity.notAfter,
  };
}
