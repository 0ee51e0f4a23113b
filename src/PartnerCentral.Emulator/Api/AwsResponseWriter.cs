using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.Api;

/// <summary>Writes awsJson1_0 answers. Errors carry <c>__type</c> in the body and X-Amzn-ErrorType in a header;
/// modeled errors say both <c>message</c> and <c>Message</c> because the model names the member <c>Message</c>
/// while AWS's front end and most SDK code read <c>message</c> (clients accept either).</summary>
internal static class AwsResponseWriter
{
    public static Task WriteAsync<T>(HttpResponse response, T body, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = AwsJson.ContentType;
        return response.WriteAsync(JsonSerializer.Serialize(body, AwsJson.SerializerOptions), cancellationToken);
    }

    /// <summary>The answer with <c>LastModifiedDate</c> as an epoch number beyond any date (fault MalformedAnswer).</summary>
    public static object WithOutOfRangeDate(object? output)
    {
        var node = JsonSerializer.SerializeToNode(output ?? new object(), AwsJson.SerializerOptions)?.AsObject() ?? [];
        node["LastModifiedDate"] = 1e20;
        return node;
    }

    public static Task WriteErrorAsync(HttpResponse response, AwsError error, CancellationToken cancellationToken)
    {
        response.StatusCode = error.Status;
        response.ContentType = AwsJson.ContentType;
        response.Headers["X-Amzn-ErrorType"] = $"{error.Type}:http://internal.amazon.com/coral/{error.Namespace}/";

        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["__type"] = error.QualifiedType,
            ["message"] = error.Message,
        };
        if (error.IsModeled)
        {
            body["Message"] = error.Message;
        }

        if (error.Reason is not null)
        {
            body["Reason"] = error.Reason;
        }

        if (error.ErrorList is not null)
        {
            body["ErrorList"] = error.ErrorList.Select(e => new { e.FieldName, e.Message, e.Code }).ToList();
        }

        return response.WriteAsync(JsonSerializer.Serialize(body, AwsJson.SerializerOptions), cancellationToken);
    }
}
