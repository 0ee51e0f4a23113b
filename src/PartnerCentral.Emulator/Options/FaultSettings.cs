namespace PartnerCentral.Emulator.Options;

/// <summary>Random and deterministic faults. Probabilities are 0..1 per call; the random draws come from one
/// Random seeded with <see cref="Seed"/> so a run can be replayed.</summary>
public sealed class FaultSettings
{
    public int? Seed { get; set; }

    public double InternalServerErrorProbability { get; set; }

    public double ThrottlingProbability { get; set; }

    public double LatencyProbability { get; set; }

    public int LatencyMinMilliseconds { get; set; }

    public int LatencyMaxMilliseconds { get; set; }

    public List<FaultRule> Rules { get; set; } = [];

    public FaultSettings Clone()
    {
        var copy = (FaultSettings)MemberwiseClone();
        copy.Rules = Rules.Select(r => r.Clone()).ToList();
        return copy;
    }
}
