using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Connector.Host.Hosting;

namespace Connector.Host.Dashboard.Upload;

/// <summary>The spool's folder is private: a directory (not a link) owned by this process's user, mode 0700 or
/// narrower. A folder someone else made, or one others may write to or list, is refused, never "fixed": another
/// user could have planted files or links in it, or be reading uploads from it.</summary>
public sealed partial class UploadSpool
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther = (UnixFileMode)0b000_111_111;

    /// <summary>Creates the folder (0700) if missing, then checks it and its reports folder; throws
    /// <see cref="ConfigurationException"/> naming the folder and what is wrong.</summary>
    public void EnsurePrivate()
    {
        EnsureFolder(Folder);
        var reports = Path.Combine(Folder, "reports");
        if (Directory.Exists(reports) || File.Exists(reports))
        {
            CheckPrivate(reports);
        }
    }

    private static void EnsureFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.Exists(folder) && !File.Exists(folder) && new FileInfo(folder).LinkTarget is null)
        {
            Directory.CreateDirectory(folder, OwnerOnly);
        }

        CheckPrivate(folder);
    }

    private static void CheckPrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var problem = Describe(folder);
        if (problem is not null)
        {
            throw new ConfigurationException(
                $"The upload folder {folder} (Dashboard:UploadFolder) {problem}. It must be a private directory of the service's user " +
                "with mode 0700: remove it, or point Dashboard:UploadFolder at a folder of this user's own.");
        }
    }

    [UnsupportedOSPlatform("windows")]
    private static string? Describe(string folder)
    {
        var info = new DirectoryInfo(folder);
        if (info.LinkTarget is not null)
        {
            return "is a symbolic link";
        }

        if (!info.Exists)
        {
            return "is not a directory";
        }

        var mode = info.UnixFileMode;
        if ((mode & GroupOrOther) != 0)
        {
            return $"has mode {Convert.ToString((int)mode & 0b111_111_111, 8).PadLeft(4, '0')}, open to other users";
        }

        return OtherOwner(folder);
    }

    // statx(2)'s buffer has the same layout on every Linux architecture (unlike struct stat). Elsewhere, a no-op chmod
    // succeeds only for the owner (or root).
    [UnsupportedOSPlatform("windows")]
    private static string? OtherOwner(string folder)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                if (Statx(AtCurrentDirectory, folder, AtSymlinkNoFollow, StatxUid, out var buffer) == 0)
                {
                    return buffer.Uid == GetEffectiveUserId() ? null : $"belongs to another user (uid {buffer.Uid})";
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
            }
        }

        try
        {
            File.SetUnixFileMode(folder, File.GetUnixFileMode(folder));
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "belongs to another user";
        }
    }

    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxUid = 0x8;

    [DllImport("libc.so.6", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, out StatxBuffer buffer);

    [DllImport("libc.so.6", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    // struct statx: stx_mask, stx_blksize (u32), stx_attributes (u64), stx_nlink, stx_uid (u32), ...; 256 bytes in all.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private readonly struct StatxBuffer
    {
        [FieldOffset(20)]
        public readonly uint Uid;
    }
}
