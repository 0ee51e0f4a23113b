using Connector.PartnerCentral;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Host.Hosting;

/// <summary>Prints a dry-run plan: every call and why, the counts, the budget and the ETA.</summary>
public static class PlanPrinter
{
    public static void Print(PlanResult plan, IServiceProvider services, TextWriter output)
    {
        var api = services.GetRequiredService<IOptions<PartnerCentralOptions>>().Value;
        foreach (var call in plan.Calls)
        {
            output.WriteLine($"  #{call.ChangeId,-8} {call.Operation,-24} {call.Catalog}/{call.OpportunityId,-12} {call.Target,-60} {(call.Deferred ? "[deferred] " : string.Empty)}{call.Reason}");
        }

        foreach (var rejected in plan.Rejections)
        {
            output.WriteLine($"  #{rejected.ChangeId,-8} rejected, no call: {rejected.Detail}");
        }

        var writes = plan.Calls.Count;
        var left = Math.Max(plan.WriteBudget - plan.WritesUsedLast24Hours, 0);
        output.WriteLine($"Plan: {writes} call(s) — {plan.Queued} new ({plan.ReadFirst} read first), {plan.Superseded} superseded, {plan.Unchanged} unchanged, " +
                         $"{plan.Rejected} rejected, {plan.Deferred} deferred, {plan.HeldBack} held back behind a call in flight.");
        if (plan.Verifying + plan.WaitingForRead > 0)
        {
            // Would be unchanged, but on a ledger fact older than Sync:LedgerTrustAge: the read decides.
            output.WriteLine($"Waiting for a read: {plan.Verifying} change(s) the ledger learned too long ago are read first and written only if " +
                             $"Partner Central lacks them; {plan.WaitingForRead} wait for a later pass (verification reads used).");
        }
        output.WriteLine($"Writes needed: {writes} against {left} left of the 24 h budget ({plan.WritesUsedLast24Hours}/{plan.WriteBudget} used); " +
                         $"ETA {BacklogEta.For(writes, plan.WritesUsedLast24Hours, api)} at {api.WritesPerSecond} write(s)/s. Nothing was sent.");
    }
}
