using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations;

/// <summary>An awsJson1_0 error answer: the type is the body's <c>__type</c> (else <c>code</c>, else the
/// <c>X-Amzn-ErrorType</c> header) without namespace or <c>:</c> suffix; message, Reason and ErrorList from the body;
/// the request id from <c>x-amzn-RequestId</c>. An unknown or absent type gives the base exception.</summary>
public static class ErrorUnmarshaller
{
    public static AmazonServiceException Unmarshall(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
    {
        var requestId = context.ResponseData?.GetHeaderValue("x-amzn-RequestId") is { Length: > 0 } id
            ? id
            : context.ResponseData?.GetHeaderValue("x-amz-request-id");
        if (string.IsNullOrEmpty(requestId))
        {
            requestId = null;
        }

        JsonElement root = default;
        JsonDocument? document = null;
        try
        {
            var body = ReadAll(context.Stream);
            document = body.Length == 0 ? null : JsonDocument.Parse(body);
            root = document?.RootElement ?? default;
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status decides what it means.
        }

        using (document)
        {
            var code = NormaliseType(ResponseUnmarshallers.String(root, "__type") ?? ResponseUnmarshallers.String(root, "code")
                ?? ResponseUnmarshallers.String(root, "Code") ?? context.ResponseData?.GetHeaderValue("X-Amzn-ErrorType"));
            var message = ResponseUnmarshallers.String(root, "message") ?? ResponseUnmarshallers.String(root, "Message") ?? string.Empty;
            var reason = ResponseUnmarshallers.String(root, "Reason") ?? ResponseUnmarshallers.String(root, "reason");
            var errorType = (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender;

            AmazonServiceException error = code switch
            {
                "ValidationException" => new ValidationException(message, errorType, code, requestId, statusCode) { Reason = reason, ErrorList = ErrorList(root) },
                "AccessDeniedException" => new AccessDeniedException(message, errorType, code, requestId, statusCode) { Reason = reason },
                "ResourceNotFoundException" => new ResourceNotFoundException(message, errorType, code, requestId, statusCode),
                "ThrottlingException" => new ThrottlingException(message, errorType, code, requestId, statusCode),
                "InternalServerException" => new InternalServerException(message, errorType, code, requestId, statusCode),
                "ConflictException" => new ConflictException(message, errorType, code, requestId, statusCode),
                "ServiceQuotaExceededException" => new ServiceQuotaExceededException(message, errorType, code, requestId, statusCode),
                _ => new AmazonPartnerCentralSellingException(message, innerException, errorType, code, requestId, statusCode),
            };
            return error;
        }
    }

    /// <summary><c>aws.protocols#ThrottlingException:http://internal.amazon.com/</c> becomes <c>ThrottlingException</c>.</summary>
    public static string? NormaliseType(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var type = raw;
        var colon = type.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            type = type[..colon];
        }

        var hash = type.LastIndexOf('#');
        if (hash >= 0)
        {
            type = type[(hash + 1)..];
        }

        type = type.Trim();
        return type.Length == 0 ? null : type;
    }

    internal static byte[] ReadAll(Stream? stream)
    {
        if (stream is null)
        {
            return [];
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static List<ValidationExceptionError> ErrorList(JsonElement root) =>
        (ResponseUnmarshallers.Member(root, "ErrorList") ?? ResponseUnmarshallers.Member(root, "errorList")) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new ValidationExceptionError
            {
                FieldName = ResponseUnmarshallers.String(e, "FieldName") ?? ResponseUnmarshallers.String(e, "fieldName"),
                Code = ResponseUnmarshallers.String(e, "Code") ?? ResponseUnmarshallers.String(e, "code"),
                Message = ResponseUnmarshallers.String(e, "Message") ?? ResponseUnmarshallers.String(e, "message"),
            }).ToList()
            : [];
}
