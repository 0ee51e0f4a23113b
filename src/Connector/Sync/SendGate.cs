namespace Connector.Sync;

/// <summary>The pacer's last word before a call: go (<see cref="Open"/>), or not yet, and how long until the minimum
/// gap since the previous call is met (<see cref="Wait"/>; zero when it is the quota's window that is full).</summary>
public readonly record struct SendGate(bool Open, TimeSpan Wait);
