using Amazon.Runtime;

namespace Connector.PartnerCentral;

/// <summary>Gives the SDK the HttpClient configured in DI (<see cref="PartnerCentralServiceCollectionExtensions"/>):
/// no redirects, the per-attempt timeout, header logging redacted, and any handler a test or host adds.</summary>
internal sealed class NamedHttpClientFactory(System.Net.Http.IHttpClientFactory factory, string name) : Amazon.Runtime.HttpClientFactory
{
    private readonly Lazy<HttpClient> _client = new(() => factory.CreateClient(name));

    /// <summary>One client per SDK client (IHttpClientFactory pools and rotates the handlers under it).</summary>
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    // The SDK's own cache is process-wide and keyed by config, so two hosts in one process would share a client (and
    // its timeout); this factory keeps one per SDK client instead.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
