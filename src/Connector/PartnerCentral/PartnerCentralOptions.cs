namespace Connector.PartnerCentral;

/// <summary>The <c>PartnerCentral</c> configuration section. One class binds the whole section: the pacing keys
/// (WritesPerSecond, WritesPer24Hours, ReadsPerSecond) are read by the sync's quota budget, the rest by the client and the SDK's config.</summary>
public sealed class PartnerCentralOptions
{
    public const string SectionName = "PartnerCentral";

    public const string DefaultEndpoint = "https://partnercentral-selling.us-east-1.api.aws";

    /// <summary>Used exactly as given: every call is a POST to this URI (an override reaches the emulator or a proxy).</summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>The SigV4 signing region; us-east-1 is the only region the service has.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>HttpClient timeout per attempt; a timeout surfaces as a retryable PartnerCentralTransientException.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Retries by the SDK within one call (standard retry mode): reads after throttling, 5xx or a lost
    /// connection; writes only after throttling or clock skew (see WriteSafeRetryPolicy).</summary>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Write pace for the whole partner account (the service's quota is 1 per second).</summary>
    public double WritesPerSecond { get; set; } = 1;

    /// <summary>Rolling 24-hour write budget for the whole partner account (the service's quota is 10,000).</summary>
    public int WritesPer24Hours { get; set; } = 10000;

    /// <summary>Read pace for the whole partner account (the service's quota is 10 per second).</summary>
    public double ReadsPerSecond { get; set; } = 10;
}
