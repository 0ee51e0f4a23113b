namespace Connector.Sources;

/// <summary>How far an import has read its file: rows so far, and bytes read of the file's length.</summary>
public readonly record struct ImportProgress(long Rows, long BytesRead, long Length);
