using Dapper;

namespace Connector.Database;

/// <summary>Dapper's process-wide switches, set once at start-up (by <c>AddConnectorCore</c>/<c>AddConnectorSources</c>):
/// snake_case columns map to PascalCase members, so queries need no column aliases.</summary>
public static class DapperSettings
{
    public static void Apply() => DefaultTypeMap.MatchNamesWithUnderscores = true;
}
