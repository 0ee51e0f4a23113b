using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Cli;

/// <summary>Expected operator mistakes end with one clear line and exit code 2, never a stack trace.</summary>
public sealed class BadConfigurationTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static TheoryData<string, string, string, string> Mistakes => new()
    {
        { "status", "ConnectionStrings__Connector", string.Empty, "ConnectionStrings:Connector is not set" },
        { "sync", "ConnectionStrings__Connector", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3", "cannot reach the database" },
        { "migrate", "ConnectionStrings__Connector", "Host=127.0.0.1;Port=1;Username=nobody;Timeout=3", "cannot reach the database" },
        { "status", "ConnectionStrings__Connector", "this is not a connection string", "not a valid connection string" },
        { "sync", "PartnerCentral__Endpoint", "not a url", "PartnerCentral:Endpoint 'not a url' is not an absolute http(s) URL" },
        { "serve", "Schedules__IncrementalSync", "every fifteen minutes", "Schedules:IncrementalSync 'every fifteen minutes' is not a valid cron expression" },
        { "serve", "Dashboard__Urls", "http://0.0.0.0:5999", "no Dashboard:Users are configured" },
        { "serve", "Alerts__Webhooks__0__Url", "hooks.example/T0/secret", "Alerts:Webhooks:0:Url is not an absolute http(s) URL" },
        { "serve", "Dashboard__TrustLoopback", "false", "No Dashboard:Users are configured and Dashboard:TrustLoopback is not true" },
    };

    /// <summary>Hashes <c>connector hash-password</c> would never make, each with what is wrong. An empty digest used to
    /// accept any password.</summary>
    public static TheoryData<string, string> WeakHashes => new()
    {
        { "pbkdf2-sha256$210000$" + Base64(16) + "$", "has a 0-byte digest" },
        { "pbkdf2-sha256$210000$" + Base64(16) + "$" + Base64(31), "has a 31-byte digest" },
        { "pbkdf2-sha256$210000$" + Base64(15) + "$" + Base64(32), "has a 15-byte salt" },
        { "pbkdf2-sha256$209999$" + Base64(16) + "$" + Base64(32), "has 209999 iterations" },
        { "plaintext-password", "is not a 'pbkdf2-sha256$iterations$salt$digest' hash" },
    };

    [Theory]
    [MemberData(nameof(WeakHashes))]
    public async Task Serve_ExitsWithALineNamingTheUser_WhenAPasswordHashIsMalformedOrWeak(string hash, string expected)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        environment["Dashboard__Users__0__Name"] = "admin";
        environment["Dashboard__Users__0__PasswordHash"] = Connector.Host.Dashboard.PasswordHash.Create("a good password here");
        environment["Dashboard__Users__1__Name"] = "ops-anna";
        environment["Dashboard__Users__1__PasswordHash"] = hash;

        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, "serve");

        Assert.Equal(2, exitCode);
        Assert.Contains($"Dashboard:Users:1:PasswordHash of user 'ops-anna' {expected}", output);
        Assert.DoesNotContain(hash, output);
        Assert.DoesNotContain("Serving;", output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("connector:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public async Task Command_ExitsWithOneClearLineAndCode2_WhenConfigurationIsWrong(string command, string key, string value, string expected)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        environment[key] = value;

        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, command);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output);
        Assert.DoesNotContain("   at ", output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("connector:", StringComparison.Ordinal));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Serve_ExitsWithOneClearLineAndCode2_WhenTheUploadFolderExistsWorldWritable()
    {
        var folder = Path.Combine(Path.GetTempPath(), "open-spool-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
        try
        {
            var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
            environment["Dashboard__UploadFolder"] = folder;

            var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, "serve");

            Assert.Equal(2, exitCode);
            Assert.Contains($"The upload folder {folder} (Dashboard:UploadFolder) has mode 0777, open to other users", output);
            Assert.DoesNotContain("Serving;", output);
            Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("connector:", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Kestrel endpoints from configuration replace <c>Dashboard:Urls</c> (port 0: any free port). <c>urls</c> and
    /// <c>ASPNETCORE_URLS</c> do not (<c>serve</c> sets the host's urls itself), and <c>serve</c> checks what it bound.</summary>
    public static TheoryData<string, string> OtherBindings => new()
    {
        { "Kestrel__Endpoints__Http__Url", "http://0.0.0.0:0" },
        { "Kestrel__Endpoints__Public__Url", "http://*:0" },
    };

    [Theory]
    [MemberData(nameof(OtherBindings))]
    public async Task Serve_ExitsWithOneClearLineAndCode2_WhenAnotherSettingListensBeyondLoopbackWithoutUsers(string key, string value)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        environment[key] = value;

        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, "serve");

        Assert.Equal(2, exitCode);
        Assert.Contains("listens on 0.0.0.0, reachable from other machines, but no Dashboard:Users are configured", output);
        Assert.DoesNotContain("Serving;", output);
        Assert.DoesNotContain("   at ", output);
        Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.StartsWith("connector:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("off")]
    [InlineData(" Disabled ")]
    public async Task Serve_Starts_WhenAScheduleIsSwitchedOff(string value)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        environment["Schedules__IncrementalSync"] = value;

        await using var serve = ConnectorProcess.Start(environment, "serve");

        await serve.WaitForOutputAsync("Serving;", Limit);
        Assert.DoesNotContain("connector:", serve.Output);
    }

    [Fact]
    public async Task Sync_ExitsWithCode2_WhenNoAwsCredentialsCanBeFound()
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        environment["AWS_ACCESS_KEY_ID"] = null;
        environment["AWS_SECRET_ACCESS_KEY"] = null;
        environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        environment["HOME"] = Path.GetTempPath();

        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, "sync");

        Assert.Equal(2, exitCode);
        Assert.Contains("credentials", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task UnknownCommand_PrintsUsageAndExitsWith2()
    {
        var (exitCode, output) = await ConnectorProcess.RunAsync(ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/")), Limit, "frobnicate");

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown command 'frobnicate'", output);
        Assert.Contains("usage: connector", output);
    }

    [Fact]
    public async Task Migrate_IsANoOp_WhenRunTwice()
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));

        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, Limit, "migrate");

        Assert.Equal(0, exitCode);
        Assert.Contains("up to date", output);
    }

    private static string Base64(int bytes) => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));
}
