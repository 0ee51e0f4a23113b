namespace Connector.PartnerCentral;

/// <summary>A successful write: the API returns no members, only the request id worth recording.</summary>
public sealed record WriteResult(int HttpStatus, string? RequestId);
