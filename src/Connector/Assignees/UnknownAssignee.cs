namespace Connector.Assignees;

/// <summary>An assignee email Partner Central refused as not a user of the account, as remembered (times in UTC).</summary>
public sealed class UnknownAssignee
{
    public required string Email { get; init; }

    public DateTime RefusedAt { get; init; }

    public DateTime ExpiresAt { get; init; }

    /// <summary>The change whose write met the refusal (null once that change was deleted from the staging table).</summary>
    public long? ChangeId { get; init; }

    public string? RequestId { get; init; }

    /// <summary>Names the email without showing it (the dashboard's reset button posts this, so no address travels
    /// in a URL or an access log): the first 16 hex digits of its SHA-256.</summary>
    public string Key => KeyOf(Email);

    public static string KeyOf(string email) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(email)))[..16];
}
