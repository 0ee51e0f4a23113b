using System.Globalization;
using System.Text;
using Connector.Changes;
using Connector.Sync;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's lists of changes that are not done and not failed: pending, deferred and rejected, each
/// with its reason, the latest few of each (the CLI lists the rest). Details are shown as the user may see them.</summary>
internal static class SyncPageWaiting
{
    public const int Shown = 20;

    public static readonly (string Status, string Title, string Fallback)[] Lists =
    [
        (ChangeStatus.Pending, "Pending changes", "waiting to be sent"),
        (ChangeStatus.Deferred, "Deferred changes", "waiting for the write budget"),
        (ChangeStatus.Rejected, "Rejected changes", "invalid: fix it in the CRM"),
    ];

    public static void Render(StringBuilder html, SyncStatus status, IReadOnlyDictionary<string, IReadOnlyList<FailedChange>> changes, Func<string?, string> shown, Func<long, string> changeLink)
    {
        foreach (var (name, title, fallback) in Lists)
        {
            var total = status.Count(name);
            if (total == 0 || !changes.TryGetValue(name, out var list) || list.Count == 0)
            {
                continue;
            }

            html.Append(CultureInfo.InvariantCulture, $"<h3>{title} ({total})</h3><table class=\"table table-condensed\" id=\"sync-changes-{name}\"><tr><th>Change</th><th>Opportunity</th><th>What</th><th>Why</th></tr>");
            foreach (var change in list)
            {
                var why = string.IsNullOrEmpty(change.Detail) ? fallback : shown(change.Detail);
                html.Append(CultureInfo.InvariantCulture, $"<tr data-change-id=\"{change.Id}\"><td><a href=\"{changeLink(change.Id)}\">#{change.Id}</a></td><td>{HtmlEncode(change.Catalog)}/{HtmlEncode(change.OpportunityId)}</td><td>{HtmlEncode(change.ChangeType)} {HtmlEncode(change.Target ?? string.Empty)}</td><td><small>{HtmlEncode(why)}</small></td></tr>");
            }

            html.Append("</table>");
            if (total > list.Count)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"text-muted\">Showing the latest {list.Count} of {total}; the Changes page or <code>connector changes --status {name}</code> lists them all.</p>");
            }
        }
    }
}
