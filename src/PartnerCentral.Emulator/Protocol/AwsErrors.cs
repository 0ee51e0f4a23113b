using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.Protocol;

/// <summary>The errors the emulator answers, with the status codes and messages the real service uses.
/// Authentication and serialization errors come from the AWS front end (Coral), the rest from the model.</summary>
internal static class AwsErrors
{
    public const string ServiceNamespace = "com.amazonaws.partnercentralselling";
    public const string FrameworkNamespace = "com.amazon.coral.service";

    public static AwsError Validation(string reason, IReadOnlyList<FieldError> errors) =>
        new(400, ServiceNamespace, "ValidationException", ValidationMessage(errors))
        {
            Reason = reason,
            ErrorList = errors,
        };

    public static AwsError ResourceNotFound(string message) =>
        new(404, ServiceNamespace, "ResourceNotFoundException", message);

    public static AwsError AccessDenied(string message, string? reason) =>
        new(403, ServiceNamespace, "AccessDeniedException", message) { Reason = reason };

    public static AwsError Throttling(string message = "Rate exceeded") =>
        new(429, ServiceNamespace, "ThrottlingException", message);

    public static AwsError InternalServer(string message = "An internal error occurred.") =>
        new(500, ServiceNamespace, "InternalServerException", message);

    public static AwsError UnknownOperation(string message) =>
        new(400, FrameworkNamespace, "UnknownOperationException", message);

    public static AwsError Serialization(string message) =>
        new(400, FrameworkNamespace, "SerializationException", message);

    public static AwsError MissingAuthenticationToken() =>
        new(403, FrameworkNamespace, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static AwsError IncompleteSignature(string message) =>
        new(400, FrameworkNamespace, "IncompleteSignatureException", message);

    public static AwsError InvalidSignature(string message) =>
        new(403, FrameworkNamespace, "InvalidSignatureException", message);

    public static AwsError SignatureDoesNotMatch() => InvalidSignature(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    public static AwsError UnrecognizedClient() =>
        new(403, FrameworkNamespace, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static AwsError ExpiredToken() =>
        new(403, FrameworkNamespace, "ExpiredTokenException", "The security token included in the request is expired");

    private static string ValidationMessage(IReadOnlyList<FieldError> errors) => errors.Count switch
    {
        0 => "The request failed validation.",
        1 => $"1 validation error detected: {errors[0].Message}",
        _ => $"{errors.Count} validation errors detected: {string.Join("; ", errors.Select(e => e.Message))}",
    };
}
