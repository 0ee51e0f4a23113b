namespace Connector.Changes;

// The vocabulary of connector.crm_changes in one file (migration 0001's check constraints mirror it). SQL uses these
// through constant interpolation ($$"""... '{{ChangeStatus.Synced}}' ..."""): the compiler proves the text constant.

/// <summary><c>connector.crm_changes.status</c> values: the change's life cycle as the CRM reads it back.</summary>
public static class ChangeStatus
{
    public const string Pending = "pending";
    public const string Deferred = "deferred";
    public const string Synced = "synced";
    public const string Unchanged = "unchanged";
    public const string Superseded = "superseded";
    public const string Rejected = "rejected";
    public const string Failed = "failed";

    /// <summary>Whether Partner Central has what the change asked for: sent, or found already there.</summary>
    public static bool Succeeded(string? status) => status is Synced or Unchanged;

    /// <summary>Every status, in the order a change moves through them (for filters and their validation).</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Deferred, Synced, Unchanged, Superseded, Rejected, Failed];
}

/// <summary>How a status detail shows a moment, in SQL and in C# alike: <c>2026-12-03T10:00:00Z</c>.</summary>
public static class DetailStamp
{
    /// <summary>The <c>to_char</c> format, as a SQL literal: <c>to_char(x at time zone 'UTC', {{DetailStamp.Sql}})</c>.</summary>
    public const string Sql = """'YYYY-MM-DD"T"HH24:MI:SS"Z"'""";

    public static string Of(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary><c>connector.crm_changes.change_type</c> values.</summary>
public static class ChangeType
{
    public const string Associate = "associate";
    public const string Disassociate = "disassociate";
    public const string Assign = "assign";
}
