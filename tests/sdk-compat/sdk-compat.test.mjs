// Drives the Partner Central emulator with the official AWS JS SDK (pinned in package-lock.json) to prove the
// SDK cannot tell it from the real service: signing accepted, outputs deserialised, errors mapped to the SDK's
// typed exception classes. Usage: EMULATOR_ENDPOINT=http://127.0.0.1:4566 node sdk-compat.test.mjs
// Prints one line per check and "N passed, N failed"; exits 1 when any check fails.
import assert from "node:assert/strict";
import {
  AccessDeniedException,
  AssignOpportunityCommand,
  AssociateOpportunityCommand,
  DisassociateOpportunityCommand,
  GetOpportunityCommand,
  InternalServerException,
  PartnerCentralSellingClient,
  PartnerCentralSellingServiceException,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-partnercentral-selling";

const endpoint = process.env.EMULATOR_ENDPOINT;
if (!endpoint) {
  console.error("Set EMULATOR_ENDPOINT to the emulator's base URL, e.g. http://127.0.0.1:4566");
  process.exit(2);
}

const exampleCredentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
// maxAttempts 1: every error must reach the test as the emulator sent it, not after SDK retries.
const client = (credentials = exampleCredentials) =>
  new PartnerCentralSellingClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });
const sdk = client();
const catalog = "Sandbox";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function control(method, path, body) {
  const response = await fetch(new URL(`_emulator/${path}`, endpoint), {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`control ${method} ${path} answered ${response.status}`);
  return response.status === 204 ? null : response.json();
}

// Functional checks run with a generous write pace; the pace check restores the real quota.
const generousQuotas = { WritesPerSecond: 1000, WritesPer24Hours: 10000, ReadsPerSecond: 1000, ReadsPer24Hours: 100000 };

async function expectError(promise, type) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error?.name}: ${error?.message}`);
    assert.ok(error instanceof PartnerCentralSellingServiceException, "not a service exception");
    assert.match(error.$metadata.requestId ?? "", uuid, "error without x-amzn-RequestId");
    return error;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

async function expectErrorNamed(promise, name) {
  try {
    await promise;
  } catch (error) {
    assert.equal(error.name, name, `expected ${name}, got ${error?.name}: ${error?.message}`);
    return error;
  }
  assert.fail(`expected ${name}, but the call succeeded`);
}

const checks = [
  ["associate succeeds with a request id", async () => {
    const output = await sdk.send(new AssociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O1001", RelatedEntityType: "AwsProducts", RelatedEntityIdentifier: "AWSLambda",
    }));
    assert.equal(output.$metadata.httpStatusCode, 200);
    assert.match(output.$metadata.requestId, uuid);
  }],
  ["associate of a solution succeeds", async () => {
    await sdk.send(new AssociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O1001", RelatedEntityType: "Solutions", RelatedEntityIdentifier: "S-0000001",
    }));
  }],
  ["assign succeeds", async () => {
    const output = await sdk.send(new AssignOpportunityCommand({
      Catalog: catalog, Identifier: "O1001",
      Assignee: { Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe", BusinessTitle: "OpportunityOwner", Phone: "+15555550100" },
    }));
    assert.equal(output.$metadata.httpStatusCode, 200);
  }],
  ["get shows the associations and the assignee", async () => {
    const output = await sdk.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O1001" }));
    assert.equal(output.Catalog, catalog);
    assert.equal(output.Id, "O1001");
    assert.deepEqual(output.RelatedEntityIdentifiers.AwsProducts, ["AWSLambda"]);
    assert.deepEqual(output.RelatedEntityIdentifiers.Solutions, ["S-0000001"]);
    assert.ok(output.LastModifiedDate instanceof Date && !Number.isNaN(output.LastModifiedDate.getTime()), "LastModifiedDate not a date");
    assert.ok(output.CreatedDate instanceof Date && !Number.isNaN(output.CreatedDate.getTime()), "CreatedDate not a date");
    const owner = output.OpportunityTeam.find((member) => member.BusinessTitle === "OpportunityOwner");
    assert.deepEqual(owner, { Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe", BusinessTitle: "OpportunityOwner", Phone: "+15555550100" });
  }],
  ["disassociate succeeds and get no longer shows it", async () => {
    await sdk.send(new DisassociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O1001", RelatedEntityType: "Solutions", RelatedEntityIdentifier: "S-0000001",
    }));
    const output = await sdk.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O1001" }));
    assert.deepEqual(output.RelatedEntityIdentifiers.Solutions, []);
  }],
  ["a field error is ValidationException REQUEST_VALIDATION_FAILED with ErrorList", async () => {
    const error = await expectError(sdk.send(new AssociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O1001", RelatedEntityType: "Solutions", RelatedEntityIdentifier: "not-a-solution",
    })), ValidationException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.Reason, "REQUEST_VALIDATION_FAILED");
    assert.equal(error.ErrorList[0].FieldName, "RelatedEntityIdentifier");
    assert.equal(error.ErrorList[0].Code, "INVALID_STRING_FORMAT");
    assert.ok(error.message.length > 0);
  }],
  ["disassociating what is not associated is ValidationException BUSINESS_VALIDATION_FAILED", async () => {
    const error = await expectError(sdk.send(new DisassociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O1001", RelatedEntityType: "AwsProducts", RelatedEntityIdentifier: "AWSBatch",
    })), ValidationException);
    assert.equal(error.Reason, "BUSINESS_VALIDATION_FAILED");
    assert.equal(error.ErrorList[0].Code, "INVALID_VALUE");
  }],
  ["an unknown opportunity is ResourceNotFoundException", async () => {
    await control("PUT", "faults", { Rules: [{ OpportunityId: "O4040", Error: "ResourceNotFound" }] });
    const error = await expectError(sdk.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O4040" })), ResourceNotFoundException);
    assert.equal(error.$metadata.httpStatusCode, 404);
  }],
  ["a denied call is AccessDeniedException with Reason", async () => {
    await control("PUT", "faults", {
      Rules: [{ OpportunityId: "O4030", Error: "AccessDenied", Reason: "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE" }],
    });
    const error = await expectError(sdk.send(new AssignOpportunityCommand({
      Catalog: catalog, Identifier: "O4030",
      Assignee: { Email: "jane.doe@example.com", FirstName: "Jane", LastName: "Doe", BusinessTitle: "OpportunityOwner" },
    })), AccessDeniedException);
    assert.equal(error.$metadata.httpStatusCode, 403);
    assert.equal(error.Reason, "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE");
  }],
  ["a server fault is InternalServerException", async () => {
    await control("PUT", "faults", { Rules: [{ OpportunityId: "O5000", Error: "InternalServer", Times: 1 }] });
    const error = await expectError(sdk.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O5000" })), InternalServerException);
    assert.equal(error.$metadata.httpStatusCode, 500);
    assert.equal(error.$fault, "server");
    const output = await sdk.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O5000" }));
    assert.equal(output.Id, "O5000");
    await control("PUT", "faults", {});
  }],
  ["a wrong secret is rejected as InvalidSignatureException", async () => {
    const error = await expectErrorNamed(client({ accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-the-secret" })
      .send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O1001" })), "InvalidSignatureException");
    assert.equal(error.$metadata.httpStatusCode, 403);
  }],
  ["an unknown access key is rejected as UnrecognizedClientException", async () => {
    const error = await expectErrorNamed(client({ accessKeyId: "AKIDUNKNOWN", secretAccessKey: exampleCredentials.secretAccessKey })
      .send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O1001" })), "UnrecognizedClientException");
    assert.equal(error.$metadata.httpStatusCode, 403);
  }],
  ["a clock more than 5 minutes off is rejected as InvalidSignatureException", async () => {
    const skewed = new PartnerCentralSellingClient({
      region: "us-east-1", endpoint, credentials: exampleCredentials, maxAttempts: 1, systemClockOffset: -10 * 60 * 1000,
    });
    const error = await expectErrorNamed(skewed.send(new GetOpportunityCommand({ Catalog: catalog, Identifier: "O1001" })), "InvalidSignatureException");
    assert.match(error.message, /Signature expired/);
  }],
  ["a second write within one second is ThrottlingException at the real pace", async () => {
    await control("PUT", "quotas", { ...generousQuotas, WritesPerSecond: 1 });
    // Let the previous writes leave the one-second window.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const associate = (product) => sdk.send(new AssociateOpportunityCommand({
      Catalog: catalog, OpportunityIdentifier: "O2002", RelatedEntityType: "AwsProducts", RelatedEntityIdentifier: product,
    }));
    await associate("AWSLambda");
    const error = await expectError(associate("AWSBatch"), ThrottlingException);
    assert.equal(error.$metadata.httpStatusCode, 429);
  }],
];

await control("POST", "reset");
await control("PUT", "quotas", generousQuotas);
let passed = 0;
let failed = 0;
for (const [name, check] of checks) {
  try {
    await check();
    passed++;
    console.log(`ok - ${name}`);
  } catch (error) {
    failed++;
    console.log(`not ok - ${name}: ${error?.message ?? error}`);
  }
}
await control("POST", "reset");
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
