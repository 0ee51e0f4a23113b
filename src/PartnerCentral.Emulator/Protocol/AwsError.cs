using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.Protocol;

/// <summary>An error answer in the awsJson1_0 shape: <c>__type</c> is the qualified name, the header
/// X-Amzn-ErrorType the short one. Modeled errors carry the model's members (Reason, ErrorList).</summary>
internal sealed record AwsError(int Status, string Namespace, string Type, string Message)
{
    public string? Reason { get; init; }

    public IReadOnlyList<FieldError>? ErrorList { get; init; }

    /// <summary>True for the service's modeled errors, whose model member is <c>Message</c>; the framework's
    /// own errors (signature, serialization) only ever say <c>message</c>.</summary>
    public bool IsModeled => Namespace == AwsErrors.ServiceNamespace;

    public string QualifiedType => $"{Namespace}#{Type}";
}
