using System.Runtime.InteropServices;

namespace Connector.Host.Postgres;

/// <summary>
/// The OS account the server runs under. initdb and postgres refuse to run as root, so as root we switch
/// to the unprivileged <c>postgres</c> account (or <c>nobody</c>) with runuser/setpriv; otherwise we run
/// the binaries directly as ourselves.
/// </summary>
internal sealed class PostgresOsUser
{
    private readonly string[] _prefix;

    private PostgresOsUser(string? name, int uid, int gid, string[] prefix)
    {
        Name = name;
        Uid = uid;
        Gid = gid;
        _prefix = prefix;
    }

    /// <summary>The account switched to, or null when the binaries run as the current user.</summary>
    public string? Name { get; }

    public int Uid { get; }

    public int Gid { get; }

    public bool Switches => Name is not null;

    /// <summary>The command words that run <paramref name="file"/> as this user (e.g. runuser -u postgres -- file).</summary>
    public IReadOnlyList<string> Command(string file) => [.. _prefix, file];

    public static PostgresOsUser Detect()
    {
        if (OperatingSystem.IsWindows() || geteuid() != 0)
        {
            return new PostgresOsUser(null, -1, -1, []);
        }

        foreach (var candidate in new[] { "postgres", "nobody" })
        {
            if (ReadPasswdEntry(candidate) is not { } entry)
            {
                continue;
            }

            if (FindOnPath("runuser") is { } runuser)
            {
                return new PostgresOsUser(candidate, entry.Uid, entry.Gid, [runuser, "-u", candidate, "--"]);
            }

            if (FindOnPath("setpriv") is { } setpriv)
            {
                return new PostgresOsUser(candidate, entry.Uid, entry.Gid,
                    [setpriv, $"--reuid={entry.Uid}", $"--regid={entry.Gid}", "--clear-groups", "--"]);
            }
        }

        throw new PrivatePostgresException(
            "Running as root, and PostgreSQL refuses to run as root, but there is no 'postgres' or 'nobody' "
            + "account with runuser or setpriv to switch to. Run as a normal user, or set CONNECTOR_TEST_POSTGRES "
            + "/ ConnectionStrings__Connector to an existing server.");
    }

    /// <summary>Gives this user the directory tree (no-op when not switching user).</summary>
    public async Task TakeOwnershipAsync(string directory, CancellationToken ct)
    {
        if (!Switches)
        {
            return;
        }

        var result = await PostgresCommand.RunAsync(
            ["chown", "-R", $"{Uid}:{Gid}", directory], directory, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new PrivatePostgresException($"chown of {directory} to {Name} failed: {result.Output}");
        }
    }

    /// <summary>True when this user can enter and write <paramref name="directory"/> (a folder under /root cannot be entered).</summary>
    public async Task<bool> CanWriteAsync(string directory, CancellationToken ct)
    {
        if (!Switches)
        {
            return true;
        }

        var result = await PostgresCommand.RunAsync(
            [.. _prefix, "test", "-w", directory, "-a", "-x", directory], "/", TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    private static (int Uid, int Gid)? ReadPasswdEntry(string user)
    {
        const string passwd = "/etc/passwd";
        if (!File.Exists(passwd))
        {
            return null;
        }

        foreach (var line in File.ReadLines(passwd))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == user
                && int.TryParse(fields[2], out var uid) && int.TryParse(fields[3], out var gid))
            {
                return (uid, gid);
            }
        }

        return null;
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        var dirs = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    [DllImport("libc", SetLastError = false)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern uint geteuid();
}
