// Naive baseline for the call-efficiency benchmark: what the public samples do. One official-SDK call per staged
// row, in order, sleeping 1/quota s between calls; no ledger, no dedup, no pre-flight validation.
// Usage: EMULATOR_ENDPOINT=http://127.0.0.1:4566 WRITES_PER_SECOND=200 node naive.mjs rows.json
// rows.json: [{"changeType":"associate","catalog":"AWS","opportunityId":"O1","entityType":"Solutions","entityId":"S-1"},
//             {"changeType":"assign","catalog":"AWS","opportunityId":"O2","assigneeEmail":"a@example.com"}, ...]
// Prints one summary line (calls, ok, failed by error name). The benchmark counts calls from the emulator's log.
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import {
  AssignOpportunityCommand,
  AssociateOpportunityCommand,
  DisassociateOpportunityCommand,
  PartnerCentralSellingClient,
} from "@aws-sdk/client-partnercentral-selling";

const endpoint = process.env.EMULATOR_ENDPOINT;
const quota = Number(process.env.WRITES_PER_SECOND ?? "1");
const file = process.argv[2];
if (!endpoint || !file) {
  console.error("usage: EMULATOR_ENDPOINT=... WRITES_PER_SECOND=n node naive.mjs rows.json");
  process.exit(2);
}

const client = new PartnerCentralSellingClient({ region: process.env.AWS_REGION ?? "us-east-1", endpoint });
const rows = JSON.parse(readFileSync(file, "utf8"));
let ok = 0;
const failed = {};
for (const row of rows) {
  const input = {
    Catalog: row.catalog,
    OpportunityIdentifier: row.opportunityId,
    RelatedEntityType: row.entityType,
    RelatedEntityIdentifier: row.entityId,
  };
  const command =
    row.changeType === "assign"
      ? new AssignOpportunityCommand({
          Catalog: row.catalog,
          Identifier: row.opportunityId,
          Assignee: { Email: row.assigneeEmail, FirstName: "Dana", LastName: "Reyes", BusinessTitle: "PartnerAccountManager" },
        })
      : row.changeType === "disassociate"
        ? new DisassociateOpportunityCommand(input)
        : new AssociateOpportunityCommand(input);
  try {
    await client.send(command);
    ok++;
  } catch (error) {
    failed[error.name] = (failed[error.name] ?? 0) + 1;
  }
  await sleep(1000 / quota);
}

console.log(`naive rows=${rows.length} ok=${ok} failed=${JSON.stringify(failed)}`);
