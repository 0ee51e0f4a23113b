namespace Connector.Sync;

/// <summary>The answer of the account-wide pacer (<see cref="AccountPacer.AcquireAsync"/>): a moment to send at
/// (with the attempt row that records it), or why not now. <see cref="Slowed"/>: the pace was slowed by throttling
/// when the slot was granted.</summary>
public sealed record SlotReservation(SlotStatus Status, DateTimeOffset At, long AttemptId, string? Reason, bool Slowed = false)
{
    public static SlotReservation Granted(DateTimeOffset at, long attemptId, bool slowed) => new(SlotStatus.Granted, at, attemptId, null, slowed);

    public static SlotReservation Deferred(DateTimeOffset until) => new(SlotStatus.Deferred, until, 0, null);

    public static SlotReservation Paused(string reason) => new(SlotStatus.Paused, default, 0, reason);
}

public enum SlotStatus
{
    /// <summary>Send now: the slot's moment has come and the last gate let the call through.</summary>
    Granted,

    /// <summary>The 24 h write budget is used; <see cref="SlotReservation.At"/> is when it frees a slot.</summary>
    Deferred,

    /// <summary>Every server has stopped sending (<see cref="SlotReservation.Reason"/>).</summary>
    Paused,
}
