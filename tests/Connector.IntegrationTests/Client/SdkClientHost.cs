using Connector.IntegrationTests.Execution;
using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.IntegrationTests.Client;

/// <summary>The production client (AddPartnerCentralClient: the SDK client, its retry policy and HttpClient) pointed
/// at an emulator, with the given credential source (the SDK's chain when none is given).</summary>
internal sealed class SdkClientHost(ServiceProvider provider) : IDisposable
{
    public IPartnerCentralClient Client => provider.GetRequiredService<IPartnerCentralClient>();

    public static SdkClientHost Create(Uri endpoint, IAwsCredentialSource? credentials = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PartnerCentral:Endpoint"] = endpoint.ToString(),
        }).Build();
        var services = new ServiceCollection().AddLogging();
        if (credentials is not null)
        {
            services.AddSingleton(credentials);
        }

        services.AddPartnerCentralClient(configuration);
        return new SdkClientHost(services.BuildServiceProvider(validateScopes: true));
    }

    public static SdkClientHost WithExampleKey(Uri endpoint) => Create(endpoint, new StaticCredentials());

    public void Dispose() => provider.Dispose();
}
