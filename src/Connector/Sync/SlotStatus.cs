namespace Connector.Sync;

public enum SlotStatus
{
    Granted,
    Deferred,
    Paused,
}
