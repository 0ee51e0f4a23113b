using System.Globalization;

namespace Connector.Host.Cli;

/// <summary>How the commands print a moment: <c>2026-12-03 10:00:00Z</c>, "-" for none. Npgsql reads timestamptz as a
/// UTC DateTime whose Kind Dapper leaves unspecified.</summary>
internal static class CliStamp
{
    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    public static string Of(DateTime? value) => value is { } v ? Utc(v).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
