using Connector.PartnerCentral.Credentials;
using Connector.PartnerCentral.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Connector.PartnerCentral;

public static class PartnerCentralServiceCollectionExtensions
{
    /// <summary>Binds <see cref="PartnerCentralOptions"/> from the <c>PartnerCentral</c> section of
    /// <paramref name="configuration"/> (the root configuration), and registers <see cref="IPartnerCentralClient"/> as a
    /// typed HttpClient with the per-attempt timeout and the SigV4 signing handler. Credentials come from the standard
    /// AWS chain unless an <see cref="IAwsCredentialSource"/> is registered first; likewise <see cref="TimeProvider"/>.</summary>
    /// <remarks>Handlers added to the returned builder run inside the signer and would resend a signed message; put
    /// retries around the <see cref="IPartnerCentralClient"/> calls instead (each call builds and signs a new request).</remarks>
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
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAwsCredentialSource, AwsSdkCredentialSource>();
        services.TryAddTransient<SigV4SigningHandler>();

        return services
            .AddHttpClient<IPartnerCentralClient, PartnerCentralClient>((provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value.RequestTimeoutSeconds))
            // A redirect is never followed: the signed request (credentials, session token) goes to the endpoint
            // configured and nowhere else; a 3xx is an error outcome (PartnerCentralErrorMapping).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler<SigV4SigningHandler>()
            .RedactLoggedHeaders(_ => true);
    }
}
