using Connector.Host.Dashboard;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>One dashboard host as <c>serve</c> runs it by default: loopback not trusted, an extra host name for a
/// proxy, and four users: <c>writer</c>, <c>other</c> (both with write rights), the read-only <c>reader</c>, and
/// <c>poller</c> (used only by the login-cache test, so no other test spends its attempts).</summary>
public sealed class SecuredHostFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string ProxiedHost = "sync.example.test";

    private readonly DatabaseFixture database = new();

    internal DashboardHost Host { get; private set; } = null!;

    public string ConnectionString => database.ConnectionString;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Host = await StartAsync(database.ConnectionString);
    }

    /// <summary>A host with these users on the given database (the brute-force test wants its own limiter).</summary>
    internal static Task<DashboardHost> StartAsync(string connectionString)
    {
        var hash = PasswordHash.Create(Password);
        return DashboardHost.StartAsync(connectionString, new Dictionary<string, string?>
        {
            ["Dashboard:TrustLoopback"] = "false",
            ["Dashboard:AllowedHosts"] = ProxiedHost,
            ["Dashboard:Users:0:Name"] = "writer",
            ["Dashboard:Users:0:PasswordHash"] = hash,
            ["Dashboard:Users:1:Name"] = "other",
            ["Dashboard:Users:1:PasswordHash"] = hash,
            ["Dashboard:Users:2:Name"] = "reader",
            ["Dashboard:Users:2:PasswordHash"] = hash,
            ["Dashboard:Users:2:ReadOnly"] = "true",
            ["Dashboard:Users:3:Name"] = "poller",
            ["Dashboard:Users:3:PasswordHash"] = hash,
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await database.DisposeAsync();
    }
}
