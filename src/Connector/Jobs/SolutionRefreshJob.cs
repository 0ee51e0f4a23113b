using Connector.Solutions;
using Hangfire;

namespace Connector.Jobs;

/// <summary>The recurring solution refresh (<c>Schedules:SolutionRefresh</c>, hourly): lists the account's partner
/// solutions again (a read per 100), so an associate of one made Inactive since is rejected without a write.</summary>
public sealed class SolutionRefreshJob(SolutionCache solutions)
{
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [60, 300], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("List the account's solutions")]
    public Task RunAsync(CancellationToken cancellationToken) => solutions.RefreshAllAsync(cancellationToken);
}
