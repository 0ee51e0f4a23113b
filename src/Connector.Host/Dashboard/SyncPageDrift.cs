using System.Globalization;
using System.Text;
using Connector.Sync;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's ledger section: how fresh the ledger is and the drift the reconcile found, by kind.</summary>
internal static class SyncPageDrift
{
    public static void Render(StringBuilder html, SyncStatus status)
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
    }
}
