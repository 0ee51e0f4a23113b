namespace Connector.Sync;

/// <summary>What a lane did, and when the queue next has due work (null: empty or paused).</summary>
public sealed record DrainResult(bool Ran, IReadOnlyDictionary<SendOutcome, int> Outcomes, DateTimeOffset? NextDueAt);
