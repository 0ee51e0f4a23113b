namespace Connector.Host.Dashboard.Upload;

/// <summary>One call an upload's row would cause, with the file line it came from.</summary>
public sealed record UploadPlannedCall(int? Line, string Operation, string Catalog, string OpportunityId, string Target, string Reason, bool Deferred);
