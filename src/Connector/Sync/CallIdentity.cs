namespace Connector.Sync;

/// <summary>Which change a call is for, as recorded with its attempt.</summary>
public sealed record CallIdentity(long? ChangeId, long? RunId, string Operation, string Catalog, string OpportunityId);
