namespace Connector.Host.Postgres;

/// <summary>No PostgreSQL server binaries (initdb, pg_ctl, postgres) could be found on this machine.</summary>
public sealed class PostgresNotFoundException : Exception
{
    public PostgresNotFoundException(IReadOnlyList<string> searchedDirectories)
        : base(BuildMessage(searchedDirectories))
    {
        SearchedDirectories = searchedDirectories;
    }

    public IReadOnlyList<string> SearchedDirectories { get; }

    private static string BuildMessage(IReadOnlyList<string> searched) =>
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or under "
        + "/usr/lib/postgresql/*/bin"
        + (searched.Count == 0 ? "" : " (searched: " + string.Join(", ", searched) + ")")
        + ". Either install them: `sudo apt-get install postgresql` (Debian/Ubuntu), "
        + "or start a server with `docker compose up db` and set ConnectionStrings__Connector to it "
        + "(for the tests: set CONNECTOR_TEST_POSTGRES to its connection string). "
        + $"To use binaries elsewhere, set {PostgresBinaries.DirectoryVariable} to their folder.";
}
