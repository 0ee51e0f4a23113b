using Connector.Host.Postgres;
using Npgsql;

namespace Connector.IntegrationTests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run: the server named by <c>CONNECTOR_TEST_POSTGRES</c> when set,
/// otherwise a <see cref="PrivatePostgres"/> started on first use.
/// </summary>
/// <remarks>
/// xunit v2 has no assembly fixture, so this is deliberately process-wide state: a lazy start shared by every
/// test class guarantees exactly one server per run. The server's own exit hook stops it and deletes its folder
/// when the test host exits (pass or fail), and its watchdog does so if the host is killed.
/// </remarks>
public static class PostgresCluster
{
    /// <summary>Environment variable holding a connection string to an existing server to use instead.</summary>
    public const string ConnectionStringVariable = "CONNECTOR_TEST_POSTGRES";

    private static readonly Lazy<Task<string>> AdminConnectionString =
        new(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The private server, or null when <c>CONNECTOR_TEST_POSTGRES</c> is used or nothing started yet.</summary>
    public static PrivatePostgres? PrivateServer { get; private set; }

    /// <summary>Connection string with rights to create databases (the server's maintenance database).</summary>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public static async Task<string> CreateDatabaseAsync(string name, CancellationToken ct)
    {
        var admin = await GetAdminConnectionStringAsync().ConfigureAwait(false);
        await ExecuteAsync(admin, $"CREATE DATABASE {QuoteName(name)}", ct).ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting anyone still on it.</summary>
    public static async Task DropDatabaseAsync(string name, CancellationToken ct)
    {
        var admin = await GetAdminConnectionStringAsync().ConfigureAwait(false);
        await using (var pooled = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {QuoteName(name)} WITH (FORCE)", ct).ConfigureAwait(false);
    }

    private static async Task<string> ConnectAsync()
    {
        var external = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            return external;
        }

        PrivateServer = await PrivatePostgres.StartAsync().ConfigureAwait(false);
        return PrivateServer.ConnectionString;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    // Identifiers cannot be parameters; names come from test code, and the check keeps it that way.
    private static string QuoteName(string name)
    {
        if (name.Length is 0 or > 63 || !name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw new ArgumentException("Test database names are lower-case letters, digits and '_', at most 63.", nameof(name));
        }

        return "\"" + name + "\"";
    }
}
