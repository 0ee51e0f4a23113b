using System.Globalization;
using System.Text;
using Connector.Ledger;
using Connector.Sync;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's ledger section: how fresh the ledger is, the drift the reconcile found by kind, and its
/// latest rows, each with a re-apply button for users with write rights (<paramref name="reapplyUrl"/> is null for
/// read-only users).</summary>
internal static class SyncPageDrift
{
    public const int Shown = 10;

    public static void Render(StringBuilder html, SyncStatus status, IReadOnlyList<DriftRow> latest, int reapplicable, string? reapplyUrl, Func<string?, string> shown)
    {
        var ledger = status.Ledger;
        html.Append("<h3 id=\"sync-ledger\">Ledger and drift</h3>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p id=\"sync-ledger-freshness\">{ledger.KnownOpportunities} opportunities known; {ledger.VerifiedLast24Hours} verified with a read in the last 24 h");
        if (ledger.OldestFactAt is { } oldest)
        {
            html.Append(CultureInfo.InvariantCulture, $"; the oldest fact was learned {oldest:yyyy-MM-dd HH:mm} UTC");
        }

        html.Append(". Facts older than Sync:LedgerTrustAge are read again before a change is skipped on them.</p>");
        if (ledger.DriftByKind.Count == 0)
        {
            html.Append("<p class=\"text-muted\" id=\"sync-no-drift\">No drift found: Partner Central matched the ledger at every reconcile.</p>");
            return;
        }

        html.Append("<table class=\"table table-condensed\" id=\"sync-drift\"><tr><th>Drift</th><th>Found</th></tr>");
        foreach (var (kind, count) in ledger.DriftByKind.OrderByDescending(d => d.Value))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-drift-kind=\"{HtmlEncode(kind)}\"><td>{HtmlEncode(kind)}</td><td>{count}</td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"</table><p class=\"text-muted\">{ledger.DriftLast24Hours} in the last 24 h. The ledger was set to what Partner Central has; with Sync:DriftPolicy Reapply the CRM's last change for the key is sent again ('connector reconcile' re-reads now).</p>");
        if (latest.Count == 0)
        {
            return;
        }

        html.Append("<table class=\"table table-condensed\" id=\"sync-drift-latest\"><tr><th>Found</th><th>Opportunity</th><th>Drift</th><th>What</th><th>Ledger said</th><th>Partner Central has</th><th></th></tr>");
        foreach (var row in latest)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-drift-id=\"{row.Id}\"><td>{row.FoundAt:yyyy-MM-dd HH:mm}</td><td>{HtmlEncode(row.Catalog)}/{HtmlEncode(row.OpportunityId)}</td><td>{HtmlEncode(row.Kind)}</td><td>{HtmlEncode(row.EntityType is null ? "assignee" : $"{row.EntityType} {row.EntityId}")}</td><td>{HtmlEncode(shown(row.LedgerSaid))}</td><td>{HtmlEncode(shown(row.PartnerCentralHas))}</td><td>");
            if (row.ReappliedChangeId is { } change)
            {
                html.Append(CultureInfo.InvariantCulture, $"re-applied as change #{change}");
            }
            else if (row.Reapplicable && reapplyUrl is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-default btn-xs sync-reapply-one\" data-ajax=\"{reapplyUrl}?id={row.Id}\" data-confirm=\"Send the CRM's last change for this key to Partner Central again?\">Re-apply</button>");
            }
            else if (!row.Reapplicable)
            {
                html.Append("<small class=\"text-muted\">no CRM change to re-apply</small>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
        if (reapplicable > 0 && reapplyUrl is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p><button class=\"btn btn-warning btn-sm\" id=\"sync-reapply-all\" data-ajax=\"{reapplyUrl}?all=true\" data-confirm=\"Send the CRM's last change again for all {reapplicable} drifted key(s)?\">Re-apply all ({reapplicable})</button></p>");
        }
    }
}
