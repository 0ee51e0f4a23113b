using Amazon.Runtime;
using System.Collections.ObjectModel;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

// Namespaces are the official package's (see README.md in this folder), not the folder's: swapping in
// AWSSDK.PartnerCentralSelling must not change a using directive elsewhere.
namespace Amazon.PartnerCentralSelling;

/// <summary>Configuration for the Partner Central Selling client: signing name <c>partnercentral-selling</c>, region
/// us-east-1 (the service's only one), and its public endpoint unless <see cref="ClientConfig.ServiceURL"/> is set.</summary>
public partial class AmazonPartnerCentralSellingConfig : ClientConfig
{
    public const string SigningName = "partnercentral-selling";

    public const string DefaultServiceUrl = "https://partnercentral-selling.us-east-1.api.aws";

    private static readonly string UserAgentString = InternalSDKUtils.BuildUserAgentString("PartnerCentral Selling", "4.0");

    public AmazonPartnerCentralSellingConfig()
        : base(new DefaultConfigurationProvider(DefaultConfigurations))
    {
        ServiceId = "PartnerCentral Selling";
        AuthenticationServiceName = SigningName;
        RegionEndpoint = Amazon.RegionEndpoint.USEast1;
    }

    /// <summary>Every defaults mode (AWS_DEFAULTS_MODE) means the standard retry mode here; the connect and TLS
    /// timeouts are the SDK's standard ones.</summary>
    private static ReadOnlyCollection<IDefaultConfiguration> DefaultConfigurations { get; } = new(
        new[] { DefaultConfigurationMode.Standard, DefaultConfigurationMode.InRegion, DefaultConfigurationMode.CrossRegion, DefaultConfigurationMode.Mobile, DefaultConfigurationMode.Auto }
            .Select(mode => (IDefaultConfiguration)new DefaultConfiguration
            {
                Name = mode,
                RetryMode = RequestRetryMode.Standard,
                S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
                ConnectTimeout = TimeSpan.FromMilliseconds(3100),
                TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
            })
            .ToList());

    public override string RegionEndpointServiceName => SigningName;

    public override string ServiceVersion => "2022-07-26";

    public override string UserAgent => UserAgentString;

    /// <summary>The service has one endpoint; an override (<see cref="ClientConfig.ServiceURL"/>) is used as given.</summary>
    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        new(ServiceURL ?? DefaultServiceUrl);
}
