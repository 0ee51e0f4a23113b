using System.Runtime.InteropServices;

namespace Connector.Sources;

/// <summary>What a directory entry is, without following it: only a regular file is ever opened by the poller. A
/// symbolic link could point anywhere (a secret outside the folder), and a FIFO or a device blocks or never ends.</summary>
internal enum DropFolderEntryKind
{
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,
    Other,
}

internal static class DropFolderEntry
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000;

    /// <summary>The entry's kind as lstat sees it (the link itself, never its target).</summary>
    public static DropFolderEntryKind Probe(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            // statx has one layout on every Linux architecture (struct stat does not).
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                return DropFolderEntryKind.Missing;
            }

            var mode = BitConverter.ToUInt16(buffer, 28);
            return (mode & TypeMask) switch
            {
                0x8000 => DropFolderEntryKind.RegularFile,
                0x4000 => DropFolderEntryKind.Directory,
                0xA000 => DropFolderEntryKind.SymbolicLink,
                _ => DropFolderEntryKind.Other,
            };
        }

        // Elsewhere .NET tells links (reparse points) apart; other special files are rare there.
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return info.LinkTarget is null ? DropFolderEntryKind.Missing : DropFolderEntryKind.SymbolicLink;
        }

        return info.LinkTarget is not null || info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? DropFolderEntryKind.SymbolicLink
            : info.Attributes.HasFlag(FileAttributes.Directory) ? DropFolderEntryKind.Directory
            : DropFolderEntryKind.RegularFile;
    }

    public static string Describe(DropFolderEntryKind kind) => kind switch
    {
        DropFolderEntryKind.SymbolicLink => "a symbolic link",
        DropFolderEntryKind.Directory => "a folder",
        _ => "not a regular file (a FIFO, socket or device)",
    };

    [DllImport("libc", EntryPoint = "statx", CharSet = CharSet.Ansi, SetLastError = true)]
    private static extern int Statx(int dirFd, string path, int flags, uint mask, byte[] buffer);
}
