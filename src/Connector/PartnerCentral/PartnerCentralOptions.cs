namespace Connector.PartnerCentral;

/// <summary>Config section <c>PartnerCentral</c>: where the API is and how fast the whole account may write.</summary>
public sealed class PartnerCentralOptions
{
    public const string Section = "PartnerCentral";

    public const string DefaultEndpoint = "https://partnercentral-selling.us-east-1.api.aws";

    public string Endpoint { get; set; } = DefaultEndpoint;

    public string Region { get; set; } = "us-east-1";

    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Write pace for the whole partner account, across all servers.</summary>
    public double WritesPerSecond { get; set; } = 1;

    /// <summary>Rolling 24 h write budget for the whole partner account.</summary>
    public int WritesPer24Hours { get; set; } = 10_000;

    public double ReadsPerSecond { get; set; } = 10;
}
