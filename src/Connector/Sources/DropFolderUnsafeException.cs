namespace Connector.Sources;

/// <summary>The drop folder's own subfolders are not plain folders (a symbolic link, a file): the poll stops.</summary>
public sealed class DropFolderUnsafeException(string message) : IOException(message);
