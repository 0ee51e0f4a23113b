using System.Globalization;
using System.Text;
using Connector.Assignees;
using Connector.PartnerCentral;
using static System.Net.WebUtility;

namespace Connector.Host.Dashboard;

/// <summary>The Sync page's unknown-assignees section: the emails Partner Central refused as not users of the account
/// (masked for everyone: the page is no place for an address), which the plan rejects without a write, each with a
/// reset button for users with write rights (<paramref name="resetUrl"/> is null for read-only users).</summary>
internal static class SyncPageAssignees
{
    public static void Render(StringBuilder html, IReadOnlyList<UnknownAssignee> remembered, string? resetUrl, Func<long, string> changeLink)
    {
        if (remembered.Count == 0)
        {
            return;
        }

        html.Append("<h3 id=\"sync-unknown-assignees\">Unknown assignees</h3>");
        html.Append("<p class=\"text-muted\">Partner Central refused these emails as not users of the account. Assignments to them are rejected without a write until a reset (once the user exists) or Sync:UnknownAssigneeExpiry; a reset also sends their rejected changes again.</p>");
        html.Append("<table class=\"table table-condensed\" id=\"sync-unknown-assignees-table\"><tr><th>Email</th><th>Refused</th><th>Until</th><th>Change</th><th>Request id</th><th></th></tr>");
        foreach (var row in remembered)
        {
            var change = row.ChangeId is { } id ? $"<a href=\"{changeLink(id)}\">#{id}</a>" : "—";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr data-assignee-key=\"{row.Key}\"><td>{HtmlEncode(AssigneeContact.MaskEmail(row.Email))}</td><td>{row.RefusedAt:yyyy-MM-dd HH:mm} UTC</td><td>{row.ExpiresAt:yyyy-MM-dd HH:mm} UTC</td><td>{change}</td><td>{HtmlEncode(row.RequestId ?? "—")}</td><td>");
            if (resetUrl is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<button class=\"btn btn-default btn-xs sync-assignee-reset\" data-ajax=\"{resetUrl}?key={row.Key}\" data-confirm=\"Forget this refusal and send the assignments rejected for it again?\">Reset</button>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</table>");
    }
}
