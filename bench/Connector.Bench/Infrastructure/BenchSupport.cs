using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Connector.Database;
using Connector.Host.Postgres;
using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Connector.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Infrastructure;

/// <summary>One machine-readable result line: <c>BENCH name=&lt;name&gt; key=value ...</c> (invariant culture,
/// space separated, no spaces inside values).</summary>
public sealed class BenchLine(string name)
{
    private readonly List<(string Key, string Value)> values = [("name", name)];

    public BenchLine Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    public BenchLine Add(string key, double value, string format = "F2") =>
        Add(key, double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "NA");

    public BenchLine Add(string key, bool value) => Add(key, value ? "true" : "false");

    public BenchLine Add(string key, string value)
    {
        values.Add((key, value.Replace(' ', '_')));
        return this;
    }

    public override string ToString() => "BENCH " + string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"));
}

/// <summary>Where the repository and the other projects' build outputs are.</summary>
public static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Connector.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>bin/&lt;Configuration&gt;/net10.0/: the configuration this harness was built in.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";

    public static string EmulatorDll
    {
        get
        {
            var dll = Path.Combine(Root, "src", "PartnerCentral.Emulator", "bin", Configuration, "net10.0", "PartnerCentral.Emulator.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: " + dll);
        }
    }

    /// <summary>This harness's own dll, to run a benchmark step in a child process.</summary>
    public static string BenchDll => typeof(RepoPaths).Assembly.Location;

    public static string NaiveFolder => Path.Combine(Root, "bench", "naive");
}

/// <summary>A private PostgreSQL server (the production launcher) for one benchmark, with fresh migrated databases.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly PrivatePostgres server;

    private BenchDatabase(PrivatePostgres server)
    {
        this.server = server;
    }

    public string LogFile => server.LogFile;

    public static async Task<BenchDatabase> StartAsync() => new(await PrivatePostgres.StartAsync());

    public async Task<string> CreateAsync(string prefix)
    {
        var connectionString = await server.CreateDatabaseAsync(prefix + "_" + Guid.NewGuid().ToString("N")[..8]);
        await MigrationRunner.ApplyAsync(connectionString, CancellationToken.None);
        return connectionString;
    }

    public async ValueTask DisposeAsync() => await server.DisposeAsync();
}

/// <summary>The AWS documentation's example key, which the emulator accepts by default.</summary>
public sealed class ExampleCredentials : IAwsCredentialSource
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public Task<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AwsCredentials(AccessKey, SecretKey, null));
}

/// <summary>The connector's real services (planner, pacer, sender, SigV4 HTTP client) in this process, wired as
/// the integration tests' ConnectorHarness does.</summary>
public sealed class InProcessConnector : IAsyncDisposable
{
    private InProcessConnector(ServiceProvider services)
    {
        Services = services;
    }

    public ServiceProvider Services { get; }

    public static InProcessConnector Create(string connectionString, Uri endpoint, double writesPerSecond, int writesPer24Hours, IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = connectionString,
            ["PartnerCentral:Endpoint"] = endpoint.ToString(),
            ["PartnerCentral:WritesPerSecond"] = writesPerSecond.ToString(CultureInfo.InvariantCulture),
            ["PartnerCentral:ReadsPerSecond"] = "40",
            ["PartnerCentral:WritesPer24Hours"] = writesPer24Hours.ToString(CultureInfo.InvariantCulture),
            ["Sync:TransientBaseDelay"] = "00:00:00.200",
            ["Sync:TransientMaxDelay"] = "00:00:02",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IAwsCredentialSource, ExampleCredentials>()
            .AddConnectorCore(configuration, connectionString);
        services.AddPartnerCentralClient(configuration);
        return new InProcessConnector(services.BuildServiceProvider());
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task<PlanResult> PlanAsync() => Get<SyncService>().PlanAsync("bench", CancellationToken.None);

    /// <summary>Works the queue with <paramref name="lanes"/> concurrent lanes until nothing is due within a few
    /// seconds (short retry backoffs are waited out); bounded.</summary>
    public async Task DrainAsync(int lanes, TimeSpan within)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            while (DateTimeOffset.UtcNow < deadline)
            {
                var result = await Get<QueueDrainer>().DrainAsync(lane, CancellationToken.None);
                if (result.NextDueAt is not { } next || next - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(5) || result.Outcomes.ContainsKey(SendOutcome.Paused))
                {
                    return;
                }

                var wait = next - DateTimeOffset.UtcNow;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(20));
            }

            throw new TimeoutException("the send queue did not drain in time");
        }));
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();
}

/// <summary>The emulator as a separate process (<c>dotnet PartnerCentral.Emulator.dll --urls ...</c>), so its CPU is
/// not the connector's.</summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<EmulatorProcess> StartAsync(IDictionary<string, string> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.EmulatorDll)!,
        };
        start.ArgumentList.Add(RepoPaths.EmulatorDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start };
        var emulator = new EmulatorProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(emulator.BaseAddress, "_emulator/quotas"));
                if (response.IsSuccessStatusCode)
                {
                    return emulator;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await emulator.DisposeAsync();
                throw new InvalidOperationException("emulator process did not start: " + emulator.Output);
            }

            await Task.Delay(100);
        }
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

/// <summary>Linux /proc readings for memory figures.</summary>
public static class ProcStatus
{
    /// <summary>A field of /proc/&lt;pid&gt;/status in kB (VmHWM = peak resident set, VmRSS = now).</summary>
    public static long KiloBytes(string field, int? pid = null)
    {
        var path = $"/proc/{(pid is { } p ? p.ToString(CultureInfo.InvariantCulture) : "self")}/status";
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
