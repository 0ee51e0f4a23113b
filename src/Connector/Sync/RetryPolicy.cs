using Connector.Changes;
using Connector.PartnerCentral;

namespace Connector.Sync;

/// <summary>What a failed call means for its change, in the sender's terms.</summary>
public enum FailureClass
{
    /// <summary>Over a quota: the call did not land; back off.</summary>
    Throttled,

    /// <summary>5xx, timeout, connection failure: the call may have landed; back off and read before writing again.</summary>
    Uncertain,

    /// <summary>The opportunity (or entity) is unknown: it may be new, so retry over hours.</summary>
    NotFound,

    /// <summary>Access denied or credentials: stop every server instead of failing change after change.</summary>
    Access,

    /// <summary>Refused for what it is (validation, conflict, quota): sending it again unchanged cannot help.</summary>
    Refused,

    /// <summary>Not an answer of the API at all (a bug in the client or in reading an answer): back off, then fail,
    /// so one bad change never holds up the queue behind it.</summary>
    Unexpected,
}

/// <summary>What happens to a change after a failed call.</summary>
public enum RetryAction
{
    RetryLater,
    Fail,
    Pause,
}

/// <summary>The policy's answer: retry at <see cref="RetryAt"/> with the new counters (and whether to read first), or
/// settle as failed, or pause the sync. <see cref="Note"/> is what the change's detail adds to the error.</summary>
public sealed record RetryDecision(RetryAction Action, DateTimeOffset RetryAt, int Attempts, int NotFoundAttempts, bool ReadFirst, string Note);

/// <summary>The retry decision as a pure function of the failure, the change's counters and the options, the way
/// Hangfire's <c>AutomaticRetryAttribute</c> decides from the exception and the attempt count alone. Jitter is an
/// input (0..1), so the same inputs always give the same answer.</summary>
public sealed class RetryPolicy(SyncOptions options)
{
    public static FailureClass Classify(PartnerCentralErrorKind kind) => kind switch
    {
        PartnerCentralErrorKind.Throttling => FailureClass.Throttled,
        PartnerCentralErrorKind.InternalServer or PartnerCentralErrorKind.Transient => FailureClass.Uncertain,
        PartnerCentralErrorKind.ResourceNotFound => FailureClass.NotFound,
        PartnerCentralErrorKind.AccessDenied or PartnerCentralErrorKind.Credentials => FailureClass.Access,
        _ => FailureClass.Refused,
    };

    /// <param name="failure">what went wrong</param>
    /// <param name="wasWrite">the failed call was the write (false: the read that checks an uncertain write first)</param>
    /// <param name="attempts">transient failures of this change so far</param>
    /// <param name="notFoundAttempts">ResourceNotFound retries so far</param>
    /// <param name="readFirst">the change must read before it writes (an earlier outcome is unknown)</param>
    /// <param name="now">the clock</param>
    /// <param name="jitter">uniform in [0, 1)</param>
    public RetryDecision Decide(FailureClass failure, bool wasWrite, int attempts, int notFoundAttempts, bool readFirst, DateTimeOffset now, double jitter)
    {
        switch (failure)
        {
            case FailureClass.Throttled or FailureClass.Uncertain or FailureClass.Unexpected:
            {
                var next = attempts + 1;
                if (next >= options.MaxTransientAttempts)
                {
                    return new RetryDecision(RetryAction.Fail, now, next, notFoundAttempts, readFirst, $"gave up after {next} attempts");
                }

                // A throttled call did not land, and a failed check-read learned nothing: the need to read stays as it
                // was. A write whose outcome is unknown may have landed: read before writing again.
                var mayHaveLanded = wasWrite && failure != FailureClass.Throttled;
                var at = now + Backoff(next, jitter);
                return new RetryDecision(RetryAction.RetryLater, at, next, notFoundAttempts,
                    readFirst || (mayHaveLanded && options.ReadBeforeUncertainWrites),
                    $"retry {next} of {options.MaxTransientAttempts - 1} at {DetailStamp.Of(at)}");
            }

            case FailureClass.NotFound when notFoundAttempts < options.NotFoundRetries:
            {
                var next = notFoundAttempts + 1;
                var at = now + options.NotFoundRetryDelay * Math.Pow(2, next - 1);
                return new RetryDecision(RetryAction.RetryLater, at, attempts, next, readFirst,
                    $"the opportunity may be new: retry {next} of {options.NotFoundRetries} at {DetailStamp.Of(at)}");
            }

            case FailureClass.NotFound:
                return new RetryDecision(RetryAction.Fail, now, attempts, notFoundAttempts, readFirst, $"still not found after {notFoundAttempts} retries");

            case FailureClass.Access:
                return new RetryDecision(RetryAction.Pause, now, attempts, notFoundAttempts, readFirst, "paused");

            default:
                return new RetryDecision(RetryAction.Fail, now, attempts, notFoundAttempts, readFirst, string.Empty);
        }
    }

    /// <summary>Exponential, capped, with full jitter in the upper half: servers throttled together do not come back together.</summary>
    public TimeSpan Backoff(int attempt, double jitter)
    {
        var ceiling = Math.Min(options.TransientBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), options.TransientMaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Math.Clamp(jitter, 0, 1) * 0.5));
    }

}
