namespace Connector.Tests.PartnerCentral;

/// <summary>What <see cref="LoopbackServer"/> answers: status, body, headers; or a delay, or a dropped connection.</summary>
public sealed record ScriptedResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public TimeSpan? Delay { get; init; }

    public bool Abort { get; init; }

    public static ScriptedResponse Error(int status, string body, string requestId = "req-1") =>
        new(status, body, new Dictionary<string, string> { ["x-amzn-RequestId"] = requestId });
}
