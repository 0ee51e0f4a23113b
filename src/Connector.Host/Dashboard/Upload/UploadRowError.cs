namespace Connector.Host.Dashboard.Upload;

/// <summary>A rejected row as shown in the preview: line, column, rule code and why (never the cell's value).</summary>
public sealed record UploadRowError(int Line, string Field, string Code, string Message);
