// Runs requests of AWS's SigV4 test suite (aws-sig-v4-test-suite) through the official JS signer and prints each
// canonical request, string to sign and Authorization header, for tests/Connector.Tests/PartnerCentral/SigV4TestSuiteTests.cs.
// The signatures printed are checked against the values AWS published for the suite (see the README).
import { SignatureV4, getCanonicalHeaders } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const signer = new SignatureV4({
  service: "service",
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
  sha256: Sha256,
  applyChecksum: false, // the suite predates x-amz-content-sha256
});
const signingDate = new Date("2015-08-30T12:36:00Z");
const base = { protocol: "https:", hostname: "example.amazonaws.com", path: "/", query: {} };
const host = "example.amazonaws.com";
const date = "20150830T123600Z";

const cases = [
  { name: "get-vanilla", method: "GET", headers: { host, "x-amz-date": date } },
  { name: "get-vanilla-query-order-key-case", method: "GET", query: { Param2: "value2", Param1: "value1" }, headers: { host, "x-amz-date": date } },
  { name: "get-header-value-trim", method: "GET", headers: { host, "my-header1": " value1", "my-header2": ' "a   b   c"', "x-amz-date": date } },
  { name: "post-vanilla", method: "POST", headers: { host, "x-amz-date": date } },
  { name: "post-vanilla-query", method: "POST", query: { Param1: "value1" }, headers: { host, "x-amz-date": date } },
  { name: "post-header-key-sort", method: "POST", headers: { host, "my-header1": "value1", "x-amz-date": date } },
  { name: "post-header-value-case", method: "POST", headers: { host, "my-header1": "VALUE1", "x-amz-date": date } },
  { name: "post-x-www-form-urlencoded", method: "POST", headers: { host, "content-type": "application/x-www-form-urlencoded", "x-amz-date": date }, body: "Param1=value1" },
  { name: "get-utf8", method: "GET", path: "/ሴ", headers: { host, "x-amz-date": date } },
];

for (const c of cases) {
  const request = { ...base, ...c, query: c.query ?? {}, path: c.path ?? "/" };
  const signed = await signer.signRequest(request, { signingDate });
  const canonicalHeaders = getCanonicalHeaders({ headers: { ...c.headers } });
  const hash = new Sha256();
  hash.update(c.body ?? "");
  const bodyHash = Buffer.from(await hash.digest()).toString("hex");
  const creq = signer.createCanonicalRequest({ ...request, headers: c.headers }, canonicalHeaders, bodyHash);
  const sts = await signer.createStringToSign(date, "20150830/us-east-1/service/aws4_request", creq, "AWS4-HMAC-SHA256");
  console.log(JSON.stringify({ name: c.name, creq, sts, authorization: signed.headers.authorization }, null, 1));
}
