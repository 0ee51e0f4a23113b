namespace Connector.Host.Postgres;

/// <summary>Where the PostgreSQL server binaries (initdb, pg_ctl, postgres) live on this machine.</summary>
public sealed class PostgresBinaries
{
    /// <summary>Environment variable naming the one folder to take the binaries from (skips the search).</summary>
    public const string DirectoryVariable = "CONNECTOR_POSTGRES_BIN";

    private const string DebianRoot = "/usr/lib/postgresql";

    private PostgresBinaries(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    public string InitDb => Path.Combine(Directory, ExecutableName("initdb"));

    public string PgCtl => Path.Combine(Directory, ExecutableName("pg_ctl"));

    public string Postgres => Path.Combine(Directory, ExecutableName("postgres"));

    /// <summary>
    /// Finds the binaries in <see cref="DirectoryVariable"/> when set, else on PATH, else in the newest
    /// /usr/lib/postgresql/*/bin.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">None of those folders holds all three binaries.</exception>
    public static PostgresBinaries Locate()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        return Locate(string.IsNullOrWhiteSpace(configured) ? DefaultSearchDirectories() : [configured]);
    }

    /// <summary>Finds the binaries in the first of <paramref name="searchDirectories"/> that holds all three.</summary>
    /// <exception cref="PostgresNotFoundException">None of the folders holds all three binaries.</exception>
    public static PostgresBinaries Locate(IEnumerable<string> searchDirectories)
    {
        var searched = new List<string>();
        foreach (var dir in searchDirectories)
        {
            if (string.IsNullOrWhiteSpace(dir) || searched.Contains(dir))
            {
                continue;
            }

            searched.Add(dir);
            if (HoldsAll(dir))
            {
                return new PostgresBinaries(ResolveLinkedDirectory(dir));
            }
        }

        throw new PostgresNotFoundException(searched);
    }

    /// <summary>PATH entries first (the user's choice wins), then /usr/lib/postgresql/*/bin, newest version first.</summary>
    public static IReadOnlyList<string> DefaultSearchDirectories()
    {
        var dirs = new List<string>();
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        dirs.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        if (System.IO.Directory.Exists(DebianRoot))
        {
            dirs.AddRange(System.IO.Directory.GetDirectories(DebianRoot)
                .Select(versionDir => (Version: ParseVersion(Path.GetFileName(versionDir)), Bin: Path.Combine(versionDir, "bin")))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Bin));
        }

        return dirs;
    }

    private static bool HoldsAll(string dir) =>
        IsExecutable(Path.Combine(dir, ExecutableName("initdb")))
        && IsExecutable(Path.Combine(dir, ExecutableName("pg_ctl")))
        && IsExecutable(Path.Combine(dir, ExecutableName("postgres")));

    private static bool IsExecutable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }

    // /usr/local/bin/initdb may be a symlink into /usr/lib/postgresql/15/bin; using the real folder keeps
    // pg_ctl, postgres and their share/lib files from one installation.
    private static string ResolveLinkedDirectory(string dir)
    {
        var target = File.ResolveLinkTarget(Path.Combine(dir, ExecutableName("initdb")), returnFinalTarget: true);
        var realDir = target is null ? null : Path.GetDirectoryName(target.FullName);
        return realDir is not null && HoldsAll(realDir) ? realDir : Path.GetFullPath(dir);
    }

    private static double ParseVersion(string name) =>
        double.TryParse(name, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static string ExecutableName(string name) => OperatingSystem.IsWindows() ? name + ".exe" : name;
}
