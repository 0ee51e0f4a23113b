using Amazon.PartnerCentralSelling;
using Amazon.Runtime;
using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connector.PartnerCentral;

public static class PartnerCentralServiceCollectionExtensions
{
    /// <summary>The HttpClient the SDK client sends through.</summary>
    public const string HttpClientName = "PartnerCentral";

    /// <summary>Binds <see cref="PartnerCentralOptions"/> from the <c>PartnerCentral</c> section of
    /// <paramref name="configuration"/> (the root configuration), and registers <see cref="IPartnerCentralClient"/> over
    /// the SDK client (<see cref="IAmazonPartnerCentralSelling"/>), which sends through the named HttpClient returned
    /// here. Credentials come from the SDK's standard chain unless an <see cref="IAwsCredentialSource"/> is registered
    /// first; likewise <see cref="TimeProvider"/> (used for durations only: signing time is the SDK's, skew-corrected).</summary>
    /// <remarks>Handlers added to the returned builder run after the SDK has signed; retries belong to the SDK's
    /// policy (<see cref="WriteSafeRetryPolicy"/>) and the sync, not to a handler that would resend a signed message.</remarks>
    public static IHttpClientBuilder AddPartnerCentralClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<PartnerCentralOptions>()
            .Bind(configuration.GetSection(PartnerCentralOptions.SectionName))
            .Validate(o => Uri.TryCreate(o.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http",
                "PartnerCentral:Endpoint must be an absolute http(s) URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Region), "PartnerCentral:Region must not be empty.")
            .Validate(o => o.RequestTimeoutSeconds > 0, "PartnerCentral:RequestTimeoutSeconds must be positive.")
            .Validate(o => o.MaxErrorRetry is >= 0 and <= 10, "PartnerCentral:MaxErrorRetry must be between 0 and 10.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialSource, AwsSdkCredentialSource>();
        services.TryAddSingleton<IAmazonPartnerCentralSelling>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value;
            return new SellingServiceClient(
                new SourceCredentials(provider.GetRequiredService<IAwsCredentialSource>()),
                CreateConfig(options, new NamedHttpClientFactory(provider.GetRequiredService<IHttpClientFactory>(), HttpClientName)));
        });
        services.TryAddSingleton<IPartnerCentralClient, PartnerCentralClient>();

        return services
            .AddHttpClient(HttpClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value.RequestTimeoutSeconds))
            // A redirect is never followed: the signed request (credentials, session token) goes to the endpoint
            // configured and nowhere else; a 3xx is an error outcome (PartnerCentralErrorMapping).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            // No per-request logging handlers: the sender logs each call's outcome itself (without headers, so no
            // credentials), and two extra handlers with their log scopes cost CPU on every call.
            .RemoveAllLoggers();
    }

    internal static AmazonPartnerCentralSellingConfig CreateConfig(PartnerCentralOptions options, Amazon.Runtime.HttpClientFactory httpClientFactory) => new()
    {
        ServiceURL = options.Endpoint,
        AuthenticationRegion = options.Region,
        RetryMode = RequestRetryMode.Standard,
        MaxErrorRetry = options.MaxErrorRetry,
        // The SDK's separate "stale pooled connection" retry resends any request whose connection was reset or ended
        // early, without asking the retry policy: a write the service may have applied would go again (ten times
        // over). Off: the retry policy alone decides, so reads are still repeated after a dropped connection.
        MaxStaleConnectionRetries = 0,
        AllowAutoRedirect = false,
        Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        HttpClientFactory = httpClientFactory,

        // The SDK's own log lines (request and response dumps, metrics) stay off: the connector logs each call once,
        // without credentials, signatures or the API's messages.
        DisableLogging = true,
        LogResponse = false,
        LogMetrics = false,
    };
}
