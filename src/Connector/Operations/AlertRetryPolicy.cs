namespace Connector.Operations;

/// <summary>When to try a failed delivery again: a pure function of the attempts made and the options.</summary>
public static class AlertRetryPolicy
{
    /// <returns>The delay before the next attempt, or null to give up (<see cref="AlertOptions.MaxAttempts"/> reached).</returns>
    public static TimeSpan? NextDelay(int attemptsMade, AlertOptions options)
    {
        if (attemptsMade >= Math.Max(1, options.MaxAttempts))
        {
            return null;
        }

        var doubled = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attemptsMade - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, options.MaxRetryDelay.TotalMilliseconds));
    }
}
