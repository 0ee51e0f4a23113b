namespace PartnerCentral.Emulator;

/// <summary>The system clock moved by <c>Emulator:ClockOffset</c>: an emulator that runs fast or slow, as a
/// server seen from a client whose clock is wrong, to exercise the client's clock-skew correction.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
