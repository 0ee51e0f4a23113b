using System.Net.Sockets;
using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connector.Tests.PartnerCentral;

/// <summary>The client as production wires it (AddPartnerCentralClient), with the test's credentials and clock.</summary>
public sealed class ClientHarness : IDisposable
{
    public static readonly DateTimeOffset FixedTime = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private ClientHarness(ServiceProvider provider, ManualTimeProvider time, StaticCredentialSource credentials, CapturedLogs logs)
    {
        _provider = provider;
        Time = time;
        Credentials = credentials;
        Logs = logs;
    }

    public IPartnerCentralClient Client => _provider.GetRequiredService<IPartnerCentralClient>();

    public IServiceProvider Services => _provider;

    public ManualTimeProvider Time { get; }

    public StaticCredentialSource Credentials { get; }

    public CapturedLogs Logs { get; }

    /// <param name="endpoint">PartnerCentral:Endpoint.</param>
    /// <param name="connectTo">When set, every connection goes to this loopback address whatever the endpoint's host
    /// (so a request for the real host name reaches the test server).</param>
    public static ClientHarness Create(
        string endpoint,
        string? sessionToken = null,
        int timeoutSeconds = 30,
        Uri? connectTo = null,
        IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["PartnerCentral:Endpoint"] = endpoint,
            ["PartnerCentral:RequestTimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new ManualTimeProvider(FixedTime);
        var credentials = StaticCredentialSource.Example(sessionToken);
        var logs = new CapturedLogs();

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<IAwsCredentialSource>(credentials);
        var builder = services.AddPartnerCentralClient(configuration);
        if (connectTo is not null)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    await socket.ConnectAsync(connectTo.Host, connectTo.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            });
        }

        return new ClientHarness(services.BuildServiceProvider(validateScopes: true), time, credentials, logs);
    }

    public void Dispose() => _provider.Dispose();
}
