/**
 * The pact verifier's TLS root store (tls/trusts-nothing.pem, set as SSL_CERT_FILE by the
 * pact worker): one certificate, readable, valid for the life of the package, whose key
 * nobody holds. pact-core 20 refuses an empty store; the system's costs about ten times
 * more per interaction (docs/performance.md).
 */
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "chai";

const PEM = readFileSync(new URL("../../../tls/trusts-nothing.pem", import.meta.url), "utf8");

describe("the pact verifier's root store (tls/trusts-nothing.pem)", () => {
  it("holds exactly one certificate, and nothing else (no private key)", () => {
    expect(PEM.match(/-----BEGIN [A-Z ]+-----/g)).to.deep.equal(["-----BEGIN CERTIFICATE-----"]);
  });
  it("parses as X.509, self-signed, valid until 2100 at least", () => {
    const certificate = new X509Certificate(PEM);
    expect(certificate.subject).to.equal(certificate.issuer);
    expect(new Date(certificate.validTo).getUTCFullYear()).to.be.at.least(2100);
    expect(certificate.subject).to.include("trusts nothing");
  });
});
