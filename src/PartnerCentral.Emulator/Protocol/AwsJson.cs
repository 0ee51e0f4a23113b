using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PartnerCentral.Emulator.Protocol;

/// <summary>awsJson1_0 wire details: the one content type, member names exactly as in the model, null members
/// left out, timestamps in RFC 3339 (the model's <c>date-time</c> format).</summary>
internal static class AwsJson
{
    public const string ContentType = "application/x-amz-json-1.0";
    public const string TargetPrefix = "AWSPartnerCentralSelling.";

    public static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNamingPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
