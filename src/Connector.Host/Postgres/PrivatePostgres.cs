using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Connector.Host.Postgres;

/// <summary>
/// A throwaway PostgreSQL server built from the machine's own binaries: initdb into a temp folder, listen on a
/// free loopback port with a random superuser password (SCRAM; never trust, which would let any local process in), stop and delete on dispose or process exit. Used by <c>demo</c> and the
/// integration tests so neither needs any setup.
/// </summary>
public sealed partial class PrivatePostgres : IAsyncDisposable
{
    private const int StartAttempts = 5;
    private const string SuperUser = "postgres";

    // Longest path the kernel accepts for a unix socket is ~107 bytes including ".s.PGSQL.<port>".
    private const int MaxSocketDirectoryLength = 90;

    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    // Durability is pointless for a throwaway server; these make test runs several times faster.
    private static readonly string[] ServerSettings =
    [
        "listen_addresses=127.0.0.1",
        "fsync=off",
        "synchronous_commit=off",
        "full_page_writes=off",
        "max_connections=300",
    ];

    private readonly PostgresBinaries _binaries;
    private readonly PostgresOsUser _user;
    private readonly ILogger _logger;
    private readonly bool _ownsRoot;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Func<int> _pickPort;
    private PostgresWatchdog? _watchdog;
    private PosixSignalRegistration? _terminateHook;
    private bool _hooksRegistered;
    private bool _disposed;
    private string? _password;

    private PrivatePostgres(
        PostgresBinaries binaries, PostgresOsUser user, string rootDirectory, bool ownsRoot, Func<int> pickPort, ILogger? logger)
    {
        _pickPort = pickPort;
        _binaries = binaries;
        _user = user;
        _ownsRoot = ownsRoot;
        _logger = logger ?? NullLogger.Instance;
        RootDirectory = rootDirectory;
        DataDirectory = Path.Combine(rootDirectory, "data");
        LogFile = Path.Combine(rootDirectory, "postgres.log");
        PasswordFile = Path.Combine(rootDirectory, "superuser.password");
    }

    /// <summary>Where the superuser's random password is kept (mode 0600), so a data folder can be started again.</summary>
    public string PasswordFile { get; }

    /// <summary>Npgsql connection string to the <c>postgres</c> database as the superuser (its random password, loopback only).</summary>
    public string ConnectionString => BuildConnectionString(SuperUser);

    /// <summary>The loopback TCP port; kept across <see cref="RestartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>Folder holding <c>data/</c> and <c>postgres.log</c>; deleted on stop unless the caller supplied it.</summary>
    public string RootDirectory { get; }

    public string DataDirectory { get; }

    public string LogFile { get; }

    /// <summary>True while the server process is up (false between <see cref="StopServerAsync"/> and <see cref="StartServerAsync"/>).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>
    /// Starts a private server. With no <paramref name="dataRoot"/> it lives in a new temp folder that is deleted
    /// on stop; with one, the cluster there is reused (initialised on first use) and kept.
    /// </summary>
    /// <exception cref="PostgresNotFoundException">No PostgreSQL binaries on this machine.</exception>
    /// <exception cref="PrivatePostgresException">initdb or start failed; the message has the server log tail.</exception>
    public static Task<PrivatePostgres> StartAsync(string? dataRoot = null, ILogger? logger = null, CancellationToken ct = default) =>
        StartAsync(PostgresBinaries.Locate(), dataRoot, logger, ct);

    /// <summary>As <see cref="StartAsync(string?, ILogger?, CancellationToken)"/>, with binaries the caller located.</summary>
    public static Task<PrivatePostgres> StartAsync(PostgresBinaries binaries, string? dataRoot, ILogger? logger, CancellationToken ct) =>
        StartAsync(binaries, dataRoot, logger, FindFreePort, ct);

    /// <summary>Tests inject <paramref name="pickPort"/> to provoke the port race.</summary>
    internal static async Task<PrivatePostgres> StartAsync(
        PostgresBinaries binaries, string? dataRoot, ILogger? logger, Func<int> pickPort, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(binaries);
        var user = PostgresOsUser.Detect();
        var root = dataRoot is null ? CreateTempRoot(user) : Path.GetFullPath(dataRoot);
        if (root.IndexOfAny(['\'', '"', '\\', '$', '`']) >= 0)
        {
            // pg_ctl hands the server options to /bin/sh; keep paths free of shell quoting characters.
            throw new ArgumentException($"The data root must not contain quotes, '\\', '$' or '`': {root}", nameof(dataRoot));
        }

        Directory.CreateDirectory(root);
        var server = new PrivatePostgres(binaries, user, root, ownsRoot: dataRoot is null, pickPort, logger);
        try
        {
            await server.InitialiseAsync(ct).ConfigureAwait(false);
            await server._gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await server.StartServerCoreAsync(pickPort: true, ct).ConfigureAwait(false);
            }
            finally
            {
                server._gate.Release();
            }

            server.RegisterExitHooks();
            return server;
        }
        catch
        {
            await server.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates database <paramref name="name"/> and returns a connection string to it.</summary>
    /// <param name="name">Lower-case identifier: letters, digits and '_', at most 63 characters.</param>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        if (!DatabaseName().IsMatch(name))
        {
            throw new ArgumentException("Database names must match ^[a-z_][a-z0-9_]{0,62}$.", nameof(name));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // Identifiers cannot be parameters; the name is validated above.
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return BuildConnectionString(name);
    }

    /// <summary>Stops the server but keeps its data folder and port, so <see cref="StartServerAsync"/> can bring it back.</summary>
    /// <param name="immediate">Crash-like stop (<c>-m immediate</c>) instead of a fast clean shutdown.</param>
    public async Task StopServerAsync(bool immediate = false, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await StopServerCoreAsync(immediate).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the server again on the same data folder and port (no-op when it is running).</summary>
    public async Task StartServerAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!IsRunning)
            {
                await StartServerCoreAsync(pickPort: false, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Stops the server, waits <paramref name="downtime"/>, and starts it again on the same data folder and port.</summary>
    public async Task RestartAsync(TimeSpan downtime = default, CancellationToken ct = default)
    {
        await StopServerAsync(immediate: false, ct).ConfigureAwait(false);
        if (downtime > TimeSpan.Zero)
        {
            await Task.Delay(downtime, ct).ConfigureAwait(false);
        }

        await StartServerAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Stops the server (<c>pg_ctl stop -m fast</c>) and deletes its temp folder. Safe to call more than once.</summary>
    public Task StopAsync() => StopAsync(immediate: false);

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopAsync(bool immediate)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            UnregisterExitHooks();
            await StopServerCoreAsync(immediate).ConfigureAwait(false);
            if (_ownsRoot)
            {
                DeleteRoot();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string CreateTempRoot(PostgresOsUser user)
    {
        // As root the server runs as another account, which cannot enter e.g. /root/tmp; /tmp is open to all.
        var parent = user.Switches ? "/tmp" : Path.GetTempPath();
        var root = Path.Combine(parent, "connector-pg-" + Guid.NewGuid().ToString("N")[..12]);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(root);
        }
        else
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return root;
    }

    private async Task InitialiseAsync(CancellationToken ct)
    {
        _password = ReadOrCreatePassword();
        await _user.TakeOwnershipAsync(RootDirectory, ct).ConfigureAwait(false);
        if (!await _user.CanWriteAsync(RootDirectory, ct).ConfigureAwait(false))
        {
            throw new PrivatePostgresException(
                $"The '{_user.Name}' account that runs PostgreSQL cannot enter or write {RootDirectory} "
                + "(folders under /root are not traversable by other users). Use a data root under /tmp, "
                + "or no data root at all for a temp folder.");
        }

        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }

        var result = await RunAsync(
            [.. _user.Command(_binaries.InitDb), "-D", DataDirectory, "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                "--pwfile=" + PasswordFile, "-U", SuperUser, "--no-sync", "-E", "UTF8", "--locale=C"],
            TimeSpan.FromSeconds(90), "initdb", ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new PrivatePostgresException($"initdb failed (exit {result.ExitCode}) for {DataDirectory}:{Environment.NewLine}{result.Output}");
        }

        Log.Initialised(_logger, DataDirectory, _user.Name ?? Environment.UserName);
    }

    private async Task StartServerCoreAsync(bool pickPort, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (pickPort)
            {
                Port = _pickPort();
            }

            var logOffset = LogLength();
            var result = await RunAsync(
                [.. _user.Command(_binaries.PgCtl), "start", "-D", DataDirectory, "-l", LogFile, "-w",
                    "-t", StepTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-s", "-o", ServerOptions()],
                StepTimeout + TimeSpan.FromSeconds(15), "pg_ctl start", ct).ConfigureAwait(false);
            if (result.ExitCode == 0)
            {
                IsRunning = true;
                _watchdog?.Dispose();
                _watchdog = PostgresWatchdog.Start(_user.Command(_binaries.PgCtl), DataDirectory, RootDirectory, _ownsRoot);
                Log.Started(_logger, Port, DataDirectory);
                return;
            }

            var newLog = ReadLog(logOffset);
            var portTaken = newLog.Contains("could not bind", StringComparison.OrdinalIgnoreCase)
                || newLog.Contains("already in use", StringComparison.OrdinalIgnoreCase);
            if (portTaken && pickPort && attempt < StartAttempts)
            {
                // Another process took the port between our probe and the server's bind: try another.
                Log.PortTaken(_logger, Port, attempt);
                await StopQuietlyAsync().ConfigureAwait(false);
                continue;
            }

            await StopQuietlyAsync().ConfigureAwait(false);
            throw new PrivatePostgresException(
                $"PostgreSQL did not start on 127.0.0.1:{Port} (pg_ctl exit {result.ExitCode}): {result.Output}"
                + $"{Environment.NewLine}Server log {LogFile} (tail):{Environment.NewLine}{LogTail()}");
        }
    }

    private string ServerOptions()
    {
        // An over-long socket path makes the server fail to start; TCP is all we use, so drop the socket then.
        var socketDir = DataDirectory.Length <= MaxSocketDirectoryLength ? DataDirectory : "";
        return $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c unix_socket_directories='{socketDir}' "
            + string.Join(' ', ServerSettings.Select(s => "-c " + s));
    }

    private async Task StopServerCoreAsync(bool immediate)
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (File.Exists(pidFile))
        {
            var result = await PgCtlStopAsync(immediate ? "immediate" : "fast").ConfigureAwait(false);
            if (File.Exists(pidFile) && !immediate)
            {
                result = await PgCtlStopAsync("immediate").ConfigureAwait(false);
            }

            if (File.Exists(pidFile) && ServerProcessAlive(pidFile))
            {
                throw new PrivatePostgresException(
                    $"PostgreSQL on port {Port} did not stop: {result.Output}{Environment.NewLine}Server log (tail):{Environment.NewLine}{LogTail()}");
            }

            Log.Stopped(_logger, Port);
        }

        IsRunning = false;
        _watchdog?.Dispose();
        _watchdog = null;
    }

    private async Task<PostgresCommandResult> PgCtlStopAsync(string mode)
    {
        try
        {
            return await RunAsync(
                [.. _user.Command(_binaries.PgCtl), "stop", "-D", DataDirectory, "-m", mode, "-w",
                    "-t", StepTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture), "-s"],
                StepTimeout + TimeSpan.FromSeconds(15), "pg_ctl stop", CancellationToken.None).ConfigureAwait(false);
        }
        catch (PrivatePostgresException ex)
        {
            // A hung stop falls through to the next, harder mode.
            return new PostgresCommandResult(-1, ex.Message);
        }
    }

    private async Task StopQuietlyAsync()
    {
        try
        {
            await StopServerCoreAsync(immediate: true).ConfigureAwait(false);
        }
        catch (PrivatePostgresException ex)
        {
            Log.CleanupFailed(_logger, DataDirectory, ex);
        }
    }

    private static bool ServerProcessAlive(string pidFile)
    {
        try
        {
            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            if (!int.TryParse(firstLine, out var pid))
            {
                return false;
            }

            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException)
        {
            // No such process (or the pid file vanished): the server is gone.
            return false;
        }
    }

    private async Task<PostgresCommandResult> RunAsync(IReadOnlyList<string> command, TimeSpan timeout, string step, CancellationToken ct)
    {
        try
        {
            return await PostgresCommand.RunAsync(command, RootDirectory, timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new PrivatePostgresException(
                $"{step} timed out: {ex.Message}{Environment.NewLine}Server log {LogFile} (tail):{Environment.NewLine}{LogTail()}", ex);
        }
    }

    // Signal handlers run newest first and stop at the first that cancels. A host that registers its own
    // graceful Ctrl+C/SIGTERM handling after this instance starts (the usual order: start Postgres, then run
    // the host) therefore runs first, cancels, and disposes us in its shutdown; ours only runs when nobody
    // else handles the signal and the process is about to die.
    private void RegisterExitHooks()
    {
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows())
        {
            // .NET does not raise ProcessExit for an unhandled SIGTERM (docker stop, CI timeouts).
            _terminateHook = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate);
        }

        _hooksRegistered = true;
    }

    private void UnregisterExitHooks()
    {
        if (!_hooksRegistered)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Console.CancelKeyPress -= OnCancelKeyPress;
        _terminateHook?.Dispose();
        _terminateHook = null;
        _hooksRegistered = false;
    }

    private void OnProcessExit(object? sender, EventArgs e) => StopBeforeExit();

    private void OnTerminate(PosixSignalContext context)
    {
        if (!context.Cancel)
        {
            StopBeforeExit();
        }
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        // When another handler cancelled Ctrl+C the app shuts down gracefully and disposes us itself;
        // otherwise the process dies right after this handler returns.
        if (!e.Cancel)
        {
            StopBeforeExit();
        }
    }

    private void StopBeforeExit()
    {
        try
        {
            // Exit hooks are synchronous and the test runner kills its host soon after the run, so a throwaway
            // cluster gets the quick immediate stop; the bound keeps a wedged server from holding the process.
            StopAsync(immediate: _ownsRoot).Wait(StepTimeout * 2);
        }
        catch (AggregateException)
        {
            // Exiting anyway; the watchdog stops the server once this process is gone.
        }
    }

    private void DeleteRoot()
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                if (Directory.Exists(RootDirectory))
                {
                    Directory.Delete(RootDirectory, recursive: true);
                }

                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                if (attempt == 3)
                {
                    Log.CleanupFailed(_logger, RootDirectory, ex);
                    return;
                }

                Thread.Sleep(200);
            }
        }
    }

    private string BuildConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = SuperUser,
            Password = _password,
            Database = database,
        }.ConnectionString;

    // 32 random bytes; kept beside the data folder, readable by its owner only. An existing file (a data folder started
    // before) is reused: its server knows that password.
    private string ReadOrCreatePassword()
    {
        if (File.Exists(PasswordFile))
        {
            return File.ReadAllText(PasswordFile).Trim();
        }

        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(PasswordFile, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(password);
        }

        return password;
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private long LogLength() => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    private string ReadLog(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private string LogTail(int lines = 30)
    {
        var text = ReadLog(0);
        if (text.Length == 0)
        {
            return "(log empty or missing)";
        }

        var all = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(Environment.NewLine, all.Skip(Math.Max(0, all.Length - lines)));
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
