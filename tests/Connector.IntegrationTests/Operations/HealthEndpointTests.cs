using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Connector.Database;
using Connector.Host.Postgres;
using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Jobs;
using Connector.Sync;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using YamlDotNet.RepresentationModel;

namespace Connector.IntegrationTests.Operations;

/// <summary>/healthz and /readyz on the real serve host: each readiness check is named in the JSON body, and readiness
/// follows the database, its migrations and the pause.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class HealthEndpointTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly string[] ReadyChecks = ["postgres", "migrations", "credentials", "not-paused"];

    [Fact]
    public async Task Readyz_NamesEveryCheckAndFollowsPauseAndMigrations_WhenStateChanges()
    {
        await using var host = await DashboardHost.StartAsync(database.ConnectionString);

        var live = await GetAsync(host, "/healthz");
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Body.GetProperty("status").GetString()));
        var ready = await GetAsync(host, "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal(ReadyChecks.Order(), Checks(ready.Body).Keys.Order());
        Assert.All(Checks(ready.Body), c => Assert.Equal("Healthy", c.Value));

        Assert.Equal(0, await ComposeHealthcheckAsync(host));

        var pacer = host.Services.GetRequiredService<AccountPacer>();
        await pacer.PauseAsync("AccessDeniedException: test", CancellationToken.None);
        Assert.NotEqual(0, await ComposeHealthcheckAsync(host));
        var paused = await GetAsync(host, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, paused.Status);
        Assert.Equal("Unhealthy", Checks(paused.Body)["not-paused"]);
        Assert.Equal("Healthy", Checks(paused.Body)["postgres"]);
        Assert.DoesNotContain("AccessDeniedException", paused.Raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/healthz")).Status);
        await pacer.ResumeAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/readyz")).Status);

        // A database one migration behind this build is not ready.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var forget = new NpgsqlCommand("delete from public.connector_schema_versions where scriptname like 'migrations.0004%'", connection, transaction);
            Assert.Equal(1, await forget.ExecuteNonQueryAsync());
            await transaction.CommitAsync();
        }

        var behind = await GetAsync(host, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind.Status);
        Assert.Equal("Unhealthy", Checks(behind.Body)["migrations"]);
        Assert.Contains("0004", behind.Body.GetProperty("checks").GetProperty("migrations").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_GoesUnreadyAndReadyAgain_WhenPostgresStopsAndReturns()
    {
        // Its own server: stopping the shared one would break every other test class.
        await using var postgres = await PrivatePostgres.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("readiness_restart");
        await MigrationRunner.ApplyAsync(connectionString, CancellationToken.None);
        await using var host = await DashboardHost.StartAsync(connectionString);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/readyz")).Status);

        await postgres.StopServerAsync(immediate: true);
        var down = await PollAsync(host, r => r.Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", Checks(down.Body)["postgres"]);
        Assert.Equal("Healthy", Checks(down.Body)["credentials"]);
        Assert.DoesNotContain("Password", down.Raw, StringComparison.OrdinalIgnoreCase);
        // Alive all the same: a liveness probe must not restart a server for its database's outage.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/healthz")).Status);

        await postgres.StartServerAsync();
        var up = await PollAsync(host, r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, up.Status);
        Assert.All(Checks(up.Body), c => Assert.Equal("Healthy", c.Value));
    }

    // docker-compose.yml's own healthcheck command, run with bash against this host's port instead of 8080.
    private static async Task<int> ComposeHealthcheckAsync(DashboardHost host)
    {
        var root = Path.GetDirectoryName(typeof(HealthEndpointTests).Assembly.Location)!;
        while (!File.Exists(Path.Combine(root, "docker-compose.yml")))
        {
            root = Path.GetDirectoryName(root) ?? throw new FileNotFoundException("docker-compose.yml");
        }

        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(root, "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var service = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"])["connector-1"];
        var test = ((YamlSequenceNode)((YamlMappingNode)service["healthcheck"])["test"]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
        Assert.Equal(["CMD", "bash", "-c"], test.Take(3));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(test[3].Replace("/127.0.0.1/8080", $"/127.0.0.1/{host.BaseAddress.Port}", StringComparison.Ordinal));
        using var bash = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await bash.WaitForExitAsync(timeout.Token);
        return bash.ExitCode;
    }

    private static Dictionary<string, string?> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString());

    private static async Task<Probe> PollAsync(DashboardHost host, Func<Probe, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var probe = await GetAsync(host, "/readyz");
            if (done(probe) || DateTime.UtcNow > deadline)
            {
                return probe;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<Probe> GetAsync(DashboardHost host, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        using var response = await client.GetAsync(host.Url(path));
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var raw = await response.Content.ReadAsStringAsync();
        return new Probe(response.StatusCode, JsonDocument.Parse(raw).RootElement.Clone(), raw);
    }

    private sealed record Probe(HttpStatusCode Status, JsonElement Body, string Raw);
}
