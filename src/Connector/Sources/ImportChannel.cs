namespace Connector.Sources;

/// <summary>Values of <see cref="ImportRequest.ReceivedVia"/> (stored in <c>connector.imports.received_via</c>).</summary>
public static class ImportChannel
{
    public const string Cli = "cli";
    public const string DropFolder = "drop-folder";
    public const string Upload = "upload";
}
