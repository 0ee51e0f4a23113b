namespace Connector.Sync;

/// <summary>Failed changes sharing an error type, with one example message.</summary>
public sealed record FailureGroup(string ErrorType, long Count, string ExampleDetail);
