namespace Connector.Sync;

public enum SendOutcome
{
    NoWork,
    Sent,
    Settled,
    Retrying,
    Failed,
    Deferred,
    Paused,
}
