using Connector.PartnerCentral;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.Faults;

/// <summary>Decides, per call, whether to add latency or fail. Deterministic rules are checked first (the first
/// matching rule with calls left wins and uses one up); then the random faults draw from one seeded Random, in a
/// fixed order (latency, internal error, throttling), so the same seed and call sequence give the same faults.</summary>
public sealed class FaultInjector
{
    private readonly object gate = new();
    private readonly FaultSettings configured;
    private FaultSettings settings;
    private Random random;

    public FaultInjector(IOptions<EmulatorOptions> options)
    {
        configured = options.Value.Faults.Clone();
        settings = configured.Clone();
        random = NewRandom(settings.Seed);
    }

    /// <summary>The settings in force, with each rule's Times showing the failures it has left.</summary>
    public FaultSettings Current
    {
        get
        {
            lock (gate)
            {
                return settings.Clone();
            }
        }
    }

    /// <summary>Replaces every fault setting and restarts the random sequence from the new seed.</summary>
    public void Set(FaultSettings faults)
    {
        lock (gate)
        {
            settings = faults.Clone();
            random = NewRandom(settings.Seed);
        }
    }

    public void Reset() => Set(configured);

    internal FaultDecision Decide(SellingCall call)
    {
        lock (gate)
        {
            var rule = settings.Rules.FirstOrDefault(r => r.Times is null or > 0 && Matches(r, call));
            if (rule is not null)
            {
                if (rule.Times is { } times)
                {
                    rule.Times = times - 1;
                }

                return rule.Error == FaultKind.MalformedAnswer
                    ? new FaultDecision(TimeSpan.Zero, null, Malformed: true)
                    : new FaultDecision(TimeSpan.Zero, ErrorFor(rule));
            }

            var delay = TimeSpan.Zero;
            if (Roll(settings.LatencyProbability))
            {
                var min = Math.Max(0, settings.LatencyMinMilliseconds);
                var max = Math.Max(min, settings.LatencyMaxMilliseconds);
                delay = TimeSpan.FromMilliseconds(random.Next(min, max + 1));
            }

            AwsError? error = null;
            if (Roll(settings.InternalServerErrorProbability))
            {
                error = AwsErrors.InternalServer();
            }
            else if (Roll(settings.ThrottlingProbability))
            {
                error = AwsErrors.Throttling();
            }

            return delay == TimeSpan.Zero && error is null ? FaultDecision.None : new FaultDecision(delay, error);
        }
    }

    private bool Roll(double probability) => probability > 0 && random.NextDouble() < probability;

    private static bool Matches(FaultRule rule, SellingCall call) =>
        string.Equals(rule.OpportunityId, call.OpportunityId, StringComparison.Ordinal)
        && (rule.EntityId is null || string.Equals(rule.EntityId, call.EntityId, StringComparison.Ordinal))
        && (rule.Operation is null || string.Equals(rule.Operation, call.Operation, StringComparison.Ordinal))
        && (rule.Catalog is null || string.Equals(rule.Catalog, call.Catalog, StringComparison.Ordinal));

    private static AwsError ErrorFor(FaultRule rule) => rule.Error switch
    {
        FaultKind.InternalServer => AwsErrors.InternalServer(rule.Message ?? "An internal error occurred."),
        FaultKind.Throttling => AwsErrors.Throttling(rule.Message ?? "Rate exceeded"),
        FaultKind.AccessDenied => AwsErrors.AccessDenied(
            rule.Message ?? "You do not have sufficient access to perform this action.", rule.Reason),
        FaultKind.ResourceNotFound => AwsErrors.ResourceNotFound(rule.Message ?? $"Opportunity {rule.OpportunityId} was not found."),
        FaultKind.Validation => AwsErrors.Validation(rule.Reason ?? ValidationCodes.BusinessValidationFailed,
        [
            new FieldError(rule.EntityId is null ? "Identifier" : "RelatedEntityIdentifier", ValidationCodes.InvalidValue,
                rule.Message ?? "The request failed business validation."),
        ]),
        _ => AwsErrors.InternalServer(),
    };

    private static Random NewRandom(int? seed) => seed is { } s ? new Random(s) : new Random();
}
