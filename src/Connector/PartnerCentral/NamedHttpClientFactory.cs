using Amazon.Runtime;

namespace Connector.PartnerCentral;

/// <summary>Gives the SDK the HttpClient configured in DI (<see cref="PartnerCentralServiceCollectionExtensions"/>):
/// no redirects, the per-attempt timeout, header logging redacted, and any handler a test or host adds.</summary>
internal sealed class NamedHttpClientFactory(System.Net.Http.IHttpClientFactory factory, string name) : Amazon.Runtime.HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => factory.CreateClient(name);

    // The SDK's cache is process-wide and keyed by config, so two hosts in one process would share a client (and its
    // timeout); IHttpClientFactory already pools the handlers, and a client from it is cheap and needs no disposing.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
