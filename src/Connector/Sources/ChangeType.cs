namespace Connector.Sources;

/// <summary><c>connector.crm_changes.change_type</c> values.</summary>
public static class ChangeType
{
    public const string Associate = "associate";
    public const string Disassociate = "disassociate";
    public const string Assign = "assign";
}
