namespace Connector.Database;

/// <summary>A migration script failed; its transaction was rolled back. Names the script.</summary>
public sealed class MigrationFailedException(string scriptName, Exception? inner)
    : Exception($"Migration {scriptName} failed: {inner?.Message}", inner)
{
    public string ScriptName { get; } = scriptName;
}
