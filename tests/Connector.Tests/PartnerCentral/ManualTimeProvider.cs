namespace Connector.Tests.PartnerCentral;

/// <summary>A clock the test sets; elapsed-time measurement still uses the real stopwatch.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
