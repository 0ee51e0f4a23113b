using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.Faults;

/// <summary>What fault injection does to one call: wait, then fail with Error or carry on (with a malformed answer
/// when <see cref="Malformed"/>).</summary>
internal sealed record FaultDecision(TimeSpan Delay, AwsError? Error, bool Malformed = false)
{
    public static readonly FaultDecision None = new(TimeSpan.Zero, null);
}
