using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Connector.Tests.Deployment;

public sealed partial class DockerComposeTests
{
    // The contract's configuration keys (in ASP.NET Core ':' form), the standard AWS credential chain and the
    // hosting switches. Emulator:* and Dashboard:* are the emulator's knobs and the dashboard credentials the
    // contract refers to without naming keys.
    private static readonly string[] ExactKeys =
    [
        "ConnectionStrings:Connector",
        "PartnerCentral:Endpoint",
        "PartnerCentral:Region",
        "PartnerCentral:WritesPerSecond",
        "PartnerCentral:WritesPer24Hours",
        "Sources:CsvDropFolder",
        "Sources:DefaultCatalog",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "ASPNETCORE_ENVIRONMENT",
        "DOTNET_ENVIRONMENT",
    ];

    private static readonly string[] KeyPrefixes = ["Schedules:", "Emulator:", "Dashboard:"];

    private static readonly string[] PostgresImageKeys = ["POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"];

    [Fact]
    public void DockerCompose_DefinesDbEmulatorAndTwoConnectors_WhenParsedAsYaml()
    {
        var services = LoadServices();

        Assert.Contains("db", services.Keys);
        Assert.Contains("emulator", services.Keys);
        Assert.Equal(2, services.Keys.Count(name => name.StartsWith("connector", StringComparison.Ordinal)));
        Assert.StartsWith("postgres:", Scalar(services["db"], "image"), StringComparison.Ordinal);
    }

    [Fact]
    public void DockerCompose_UsesOnlyContractConfigKeys_InEveryService()
    {
        foreach (var (name, service) in LoadServices())
        {
            var isPostgres = Scalar(service, "image")?.StartsWith("postgres:", StringComparison.Ordinal) == true;
            foreach (var key in Environment(service).Keys)
            {
                var allowed = isPostgres
                    ? PostgresImageKeys.Contains(key)
                    : ExactKeys.Contains(key.Replace("__", ":", StringComparison.Ordinal))
                        || KeyPrefixes.Any(p => key.Replace("__", ":", StringComparison.Ordinal).StartsWith(p, StringComparison.Ordinal));
                Assert.True(allowed, $"service '{name}' sets '{key}', which is not a contract configuration key");
            }
        }
    }

    [Fact]
    public void DockerCompose_PointsConnectorsAtEmulatorAndSharedDb_ForEveryConnector()
    {
        var connectors = LoadServices().Where(s => s.Key.StartsWith("connector", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(connectors);
        var connectionStrings = connectors.Select(c => Environment(c.Value)["ConnectionStrings__Connector"]).Distinct().ToList();
        Assert.Single(connectionStrings);
        Assert.Contains("Host=db", connectionStrings[0], StringComparison.Ordinal);
        Assert.All(connectors, c => Assert.Equal("http://emulator:4566", Environment(c.Value)["PartnerCentral__Endpoint"]));
        Assert.All(connectors, c => Assert.Equal("AKIDEXAMPLE", Environment(c.Value)["AWS_ACCESS_KEY_ID"]));
    }

    [Fact]
    public void DockerCompose_HasNoDefaultDashboardPassword_ForAnyService()
    {
        foreach (var (name, service) in LoadServices())
        {
            foreach (var (key, value) in Environment(service).Where(e => e.Key.StartsWith("Dashboard__", StringComparison.Ordinal)
                && (e.Key.EndsWith("Password", StringComparison.OrdinalIgnoreCase) || e.Key.EndsWith("PasswordHash", StringComparison.OrdinalIgnoreCase))))
            {
                // Only "${VAR}", "${VAR:-}" (empty) or "${VAR:?message}" (required) are acceptable: the value must come from outside the file.
                Assert.True(FromEnvironmentOnly().IsMatch(value), $"service '{name}' has a default for {key}: '{value}'");
            }
        }
    }

    [Fact]
    public void DockerCompose_ProbesReadinessOnTheDashboardPort_ForEveryConnector()
    {
        foreach (var (name, service) in LoadServices().Where(s => s.Key.StartsWith("connector", StringComparison.Ordinal)))
        {
            Assert.True(service.Children.TryGetValue(new YamlScalarNode("healthcheck"), out var node), $"service '{name}' has no healthcheck");
            var healthcheck = (YamlMappingNode)node;
            var test = ((YamlSequenceNode)healthcheck.Children[new YamlScalarNode("test")]).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();
            var port = new Uri(Environment(service)["Dashboard__Urls"].Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;

            Assert.Equal("CMD", test[0]);
            var command = string.Join(" ", test.Skip(1));
            Assert.Contains($"/dev/tcp/127.0.0.1/{port}", command, StringComparison.Ordinal);
            Assert.Contains("GET /readyz ", command, StringComparison.Ordinal);
            Assert.Contains(" 200 ", command, StringComparison.Ordinal);
            Assert.NotNull(Scalar(healthcheck, "interval"));
            Assert.NotNull(Scalar(healthcheck, "timeout"));
        }
    }

    private static Dictionary<string, YamlMappingNode> LoadServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepositoryRoot(), "docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        return services.Children.ToDictionary(s => ((YamlScalarNode)s.Key).Value!, s => (YamlMappingNode)s.Value);
    }

    // Compose accepts both a map and a list of KEY=value.
    private static Dictionary<string, string> Environment(YamlMappingNode service)
    {
        if (!service.Children.TryGetValue(new YamlScalarNode("environment"), out var node))
        {
            return [];
        }

        return node switch
        {
            YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? ""),
            YamlSequenceNode list => list.Children.Select(e => ((YamlScalarNode)e).Value!.Split('=', 2))
                .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
            _ => throw new InvalidDataException("environment must be a map or a list"),
        };
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Connector.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Connector.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^\$\{[A-Z_][A-Z0-9_]*((:-)|(:\?[^}]+))?\}$")]
    private static partial Regex FromEnvironmentOnly();
}
