using Microsoft.Extensions.Configuration;

namespace Connector.Host.Hosting;

/// <summary>config/appsettings.json (+ appsettings.{Environment}.json), then environment variables in the
/// ASP.NET Core form (Section__Key), then overrides the command itself supplies (the demo's private Postgres).</summary>
public static class ConnectorConfiguration
{
    public static IConfigurationRoot Build(IDictionary<string, string?>? overrides = null)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? "Production";
        var builder = new ConfigurationBuilder();
        foreach (var folder in ConfigFolders())
        {
            builder.AddJsonFile(Path.Combine(folder, "appsettings.json"), optional: true, reloadOnChange: false);
            builder.AddJsonFile(Path.Combine(folder, $"appsettings.{environment}.json"), optional: true, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    // The copy shipped next to the binary first, then ./config of the working directory (a checkout or a
    // deployment folder), so an operator's edits there win.
    private static IEnumerable<string> ConfigFolders()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "config");
        yield return shipped;
        var local = Path.GetFullPath("config");
        if (!string.Equals(local, Path.GetFullPath(shipped), StringComparison.Ordinal))
        {
            yield return local;
        }
    }
}
