using System.Globalization;
using System.Text;
using Connector.Operations;
using Microsoft.Extensions.DependencyInjection;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's alerts section: the latest events and, per webhook (its host only), whether the POST got
/// through, how many attempts it took, and when the next one is due.</summary>
internal static class SyncPageAlerts
{
    private const int Shown = 10;

    public static void Render(StringBuilder html, IServiceProvider services)
    {
        var store = services.GetService<AlertStore>();
        if (store is null)
        {
            return;
        }

        // Hangfire renders pages synchronously; there is no synchronization context to deadlock on.
        var rows = store.ReadRecentAsync(Shown, CancellationToken.None).GetAwaiter().GetResult();
        html.Append("<h3 id=\"sync-alerts\">Alerts</h3>");
        if (rows.Count == 0)
        {
            html.Append("<p class=\"text-muted\" id=\"sync-no-alerts\">No alert so far (pauses, failed runs, an exhausted budget are sent to Alerts:Webhooks).</p>");
            return;
        }

        html.Append("<table class=\"table table-condensed\" id=\"sync-alerts-table\"><tr><th>When</th><th>Alert</th><th>Changes</th><th>Webhook</th><th>Delivery</th></tr>");
        foreach (var row in rows)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-alert-kind=\"{HtmlEncode(row.Kind)}\"><td>{row.OccurredAt:yyyy-MM-dd HH:mm:ss} UTC</td><td>{HtmlEncode(row.Title)}</td><td>{row.Changes}</td><td>{HtmlEncode(row.Target ?? "—")}</td><td class=\"sync-alert-delivery\">{Delivery(row)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static string Delivery(AlertDeliveryRow row) => row switch
    {
        { Webhook: null } => "<span class=\"text-muted\">no webhook wants it</span>",
        { DeliveredAt: { } at } => $"<span class=\"text-success\">delivered</span> {at:HH:mm:ss} (attempt {row.Attempts})",
        { FailedAt: { } at } => $"<span class=\"text-danger\">gave up</span> {at:HH:mm:ss} after {row.Attempts} attempt(s): {HtmlEncode(row.LastError ?? string.Empty)}",
        _ => $"<span class=\"text-warning\">retrying</span> ({row.Attempts} attempt(s){(row.LastError is null ? string.Empty : ": " + HtmlEncode(row.LastError))}), next {row.NextAttemptAt:HH:mm:ss}",
    };
}
