namespace PartnerCentral.Emulator;

/// <summary>The emulator's clock is a keyed TimeProvider so tests can move it (quota windows, signature skew)
/// without also replacing the clock of the host's own timers.</summary>
public static class EmulatorClock
{
    public const string Key = "PartnerCentral.Emulator.Clock";
}
