using Connector.Host.Dashboard;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>One dashboard host on a fresh database for the upload endpoint tests, with a small upload limit and two
/// remote users: <c>writer</c> and the read-only <c>reader</c>.</summary>
public sealed class UploadHostFixture : IAsyncLifetime
{
    public const long MaxUploadBytes = 64 * 1024;
    public const string Password = "correct horse battery staple";

    private readonly DatabaseFixture database = new();

    internal DashboardHost Host { get; private set; } = null!;

    public string ConnectionString => database.ConnectionString;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var hash = PasswordHash.Create(Password);
        Host = await DashboardHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Sources:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Dashboard:Users:0:Name"] = "writer",
            ["Dashboard:Users:0:PasswordHash"] = hash,
            ["Dashboard:Users:1:Name"] = "reader",
            ["Dashboard:Users:1:PasswordHash"] = hash,
            ["Dashboard:Users:1:ReadOnly"] = "true",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await database.DisposeAsync();
    }
}
