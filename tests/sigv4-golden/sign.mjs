// Signs one fixed AssociateOpportunity request with the official AWS JS signer (@smithy/signature-v4, as used by
// @aws-sdk/client-partnercentral-selling) and prints the values pasted into
// tests/Connector.Tests/PartnerCentral/SigV4GoldenTests.cs. Regenerate: npm ci && node sign.mjs
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

const body =
  '{"Catalog":"AWS","OpportunityIdentifier":"O1234567","RelatedEntityType":"AwsProducts","RelatedEntityIdentifier":"AWSLambda"}';
const signingDate = new Date("2026-01-15T12:00:00Z");

// The headers our client sends and signs. The signer adds x-amz-date, x-amz-security-token (with a session token)
// and x-amz-content-sha256 (applyChecksum defaults to true, as in the SDK client for this service).
const request = () => ({
  method: "POST",
  protocol: "https:",
  hostname: "partnercentral-selling.us-east-1.api.aws",
  path: "/",
  query: {},
  headers: {
    host: "partnercentral-selling.us-east-1.api.aws",
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "AWSPartnerCentralSelling.AssociateOpportunity",
  },
  body,
});

const sign = async (credentials) => {
  const signer = new SignatureV4({
    service: "partnercentral-selling",
    region: "us-east-1",
    credentials,
    sha256: Sha256,
  });
  const signed = await signer.signRequest(request(), { signingDate });
  return signed.headers;
};

const plain = await sign({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" });
const withToken = await sign({
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "FQoGZXIvYXdzEXAMPLESESSIONTOKEN//+=",
});

console.log(`body: ${body}`);
console.log(`x-amz-date: ${plain["x-amz-date"]}`);
console.log(`x-amz-content-sha256: ${plain["x-amz-content-sha256"]}`);
console.log(`authorization (no session token): ${plain.authorization}`);
console.log(`authorization (session token): ${withToken.authorization}`);
