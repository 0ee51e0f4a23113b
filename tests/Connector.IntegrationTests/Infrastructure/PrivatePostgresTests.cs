using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Connector.Host.Postgres;
using Npgsql;

namespace Connector.IntegrationTests.Infrastructure;

public sealed class PrivatePostgresTests
{
    [Fact]
    public async Task StartAsync_AnswersSelectOne_WhenBinariesArePresent()
    {
        await using var server = await PrivatePostgres.StartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task StartAsync_ListensOnLoopbackOnly_WhenStarted()
    {
        await using var server = await PrivatePostgres.StartAsync();

        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal("postgres", builder.Database);
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(server.ConnectionString, "show listen_addresses"));
    }

    [Fact]
    public async Task StartAsync_RefusesEveryLocalLogin_WithoutItsRandomPassword()
    {
        // Trust over TCP would let any process on the machine in as superuser: another user, a browser tab's
        // rebinding attack, a container on the host network.
        await using var server = await PrivatePostgres.StartAsync();
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        Assert.False(string.IsNullOrEmpty(builder.Password));
        Assert.True(builder.Password!.Length >= 32);

        var noPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = null }.ConnectionString;
        var wrongPassword = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "postgres" }.ConnectionString;

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(noPassword, "select 1"));
        var wrong = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<int>(wrongPassword, "select 1"));
        Assert.Equal(PostgresErrorCodes.InvalidPassword, wrong.SqlState);
        Assert.Equal(0, await ScalarAsync<long>(server.ConnectionString,
            "select count(*) from pg_hba_file_rules where auth_method = 'trust'"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(server.PasswordFile));
        }
    }

    [Fact]
    public async Task StopAsync_LeavesNoProcessAndNoFolder_WhenServerWasRunning()
    {
        var server = await PrivatePostgres.StartAsync();
        var dataDirectory = server.DataDirectory;
        Assert.NotEmpty(await ProcessesMentioningAsync(dataDirectory));

        await server.StopAsync();

        Assert.False(server.IsRunning);
        Assert.Empty(await ProcessesMentioningAsync(dataDirectory, waitUntilNone: true));
        Assert.False(Directory.Exists(server.RootDirectory));
    }

    [Fact]
    public async Task StopAsync_DoesNothing_WhenCalledTwice()
    {
        var server = await PrivatePostgres.StartAsync();

        await server.StopAsync();
        await server.StopAsync();
        await server.DisposeAsync();

        Assert.False(server.IsRunning);
    }

    [Fact]
    public async Task RestartAsync_KeepsPortAndData_WhenServerIsRestarted()
    {
        await using var server = await PrivatePostgres.StartAsync();
        var port = server.Port;
        await ScalarAsync<int>(server.ConnectionString, "create table kept (id int); insert into kept values (42); select 1");

        await server.RestartAsync();

        Assert.True(server.IsRunning);
        Assert.Equal(port, server.Port);
        NpgsqlConnection.ClearAllPools();
        Assert.Equal(42, await ScalarAsync<int>(server.ConnectionString, "select id from kept"));
    }

    [Fact]
    public async Task StopServerAsync_RefusesConnectionsUntilStartServerAsync_WhenServerIsDown()
    {
        await using var server = await PrivatePostgres.StartAsync();

        await server.StopServerAsync(immediate: true);
        NpgsqlConnection.ClearAllPools();
        await Assert.ThrowsAsync<NpgsqlException>(() => ScalarAsync<int>(server.ConnectionString, "select 1"));

        await server.StartServerAsync();
        Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_ReturnsConnectionToNewDatabase_WhenNameIsValid()
    {
        await using var server = await PrivatePostgres.StartAsync();

        var connectionString = await server.CreateDatabaseAsync("made_by_test");

        Assert.Equal("made_by_test", await ScalarAsync<string>(connectionString, "select current_database()"));
    }

    [Fact]
    public async Task CreateDatabaseAsync_Throws_WhenNameIsNotAPlainIdentifier()
    {
        await using var server = await PrivatePostgres.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => server.CreateDatabaseAsync("x\"; drop database postgres; --"));
    }

    [Fact]
    public async Task StartAsync_GivesEachServerItsOwnPort_WhenSeveralStartAtOnce()
    {
        var servers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => PrivatePostgres.StartAsync()));
        try
        {
            Assert.Equal(2, servers.Select(s => s.Port).Distinct().Count());
            foreach (var server in servers)
            {
                Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "select 1"));
            }
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.StopAsync()));
        }
    }

    [Fact]
    public async Task StopAsync_KeepsCallersFolder_WhenDataRootWasGiven()
    {
        var root = Path.Combine("/tmp", "connector-pg-test-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var first = await PrivatePostgres.StartAsync(root);
            await ScalarAsync<int>(first.ConnectionString, "create table kept (id int); select 1");
            await first.StopAsync();
            Assert.True(File.Exists(Path.Combine(root, "data", "PG_VERSION")));

            await using var second = await PrivatePostgres.StartAsync(root);
            Assert.Equal(0L, await ScalarAsync<long>(second.ConnectionString, "select count(*) from kept"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_MovesToAnotherPort_WhenChosenPortIsTakenBeforeBind()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var picks = new Queue<int>([taken, FreePort()]);

        await using var server = await PrivatePostgres.StartAsync(PostgresBinaries.Locate(), null, null, picks.Dequeue, CancellationToken.None);

        Assert.NotEqual(taken, server.Port);
        Assert.Equal(1, await ScalarAsync<int>(server.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task StartAsync_ThrowsWithServerLogTail_WhenEveryPortIsTaken()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var taken = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var ex = await Assert.ThrowsAsync<PrivatePostgresException>(
            () => PrivatePostgres.StartAsync(PostgresBinaries.Locate(), null, null, () => taken, CancellationToken.None));

        Assert.Contains("could not bind", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_ThrowsWithInstallAdvice_WhenNoFolderHoldsTheBinaries()
    {
        var empty = Directory.CreateTempSubdirectory("connector-no-pg-");
        try
        {
            var ex = Assert.Throws<PostgresNotFoundException>(() => PostgresBinaries.Locate([empty.FullName]));

            Assert.Contains("apt-get install postgresql", ex.Message, StringComparison.Ordinal);
            Assert.Contains("docker compose up db", ex.Message, StringComparison.Ordinal);
            Assert.Contains("ConnectionStrings__Connector", ex.Message, StringComparison.Ordinal);
            Assert.Contains(empty.FullName, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Locate_FindsAllThreeBinaries_WhenSearchingTheDefaultPlaces()
    {
        var binaries = PostgresBinaries.Locate(PostgresBinaries.DefaultSearchDirectories());

        Assert.True(File.Exists(binaries.InitDb));
        Assert.True(File.Exists(binaries.PgCtl));
        Assert.True(File.Exists(binaries.Postgres));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    // pgrep -f matches the full command line, which holds the data folder for postgres and its watchdog.
    private static async Task<string> ProcessesMentioningAsync(string text, bool waitUntilNone = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var psi = new ProcessStartInfo("pgrep") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-a");
            psi.ArgumentList.Add("-f");
            psi.ArgumentList.Add(text);
            using var pgrep = Process.Start(psi)!;
            var output = (await pgrep.StandardOutput.ReadToEndAsync()).Trim();
            await pgrep.WaitForExitAsync();
            if (!waitUntilNone || output.Length == 0 || DateTime.UtcNow > deadline)
            {
                return output;
            }

            await Task.Delay(200);
        }
    }
}
