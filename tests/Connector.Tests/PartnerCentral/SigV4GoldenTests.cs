using System.Text;
using Connector.TestSigning;

namespace Connector.Tests.PartnerCentral;

/// <summary>The test-only signer (tests/Shared/TestSigning, which <see cref="ReceivedSignature"/> verifies the SDK's
/// requests with) against the official AWS JS signer (@smithy/signature-v4 5.7.5, as used by
/// @aws-sdk/client-partnercentral-selling): the same AssociateOpportunity request at the same instant must carry the
/// same Authorization header, byte for byte. The constants are the output of tests/sigv4-golden (npm ci &amp;&amp; node sign.mjs).
/// The SDK's own requests are checked against the JS SDK's verifier in EmulatorSdkCompatibilityTests.</summary>
public sealed class SigV4GoldenTests
{
    private const string GoldenBody =
        "{\"Catalog\":\"AWS\",\"OpportunityIdentifier\":\"O1234567\",\"RelatedEntityType\":\"AwsProducts\",\"RelatedEntityIdentifier\":\"AWSLambda\"}";

    private const string GoldenAmzDate = "20260115T120000Z";

    private const string GoldenContentSha256 = "1ec5db56a9bcb74797a46c12f49b8092ce6feb31d035e4751912c8b92787cf07";

    private const string GoldenAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/partnercentral-selling/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target, " +
        "Signature=1e8060ddc4dbb35c26c0188bca8dbcc0322e0bf0fb1ce661a778b865e55fba4b";

    private const string GoldenSessionToken = "FQoGZXIvYXdzEXAMPLESESSIONTOKEN//+=";

    private const string GoldenAuthorizationWithToken =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260115/us-east-1/partnercentral-selling/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target, " +
        "Signature=2ee94db2b7af75c7b04122441bec0cea6084beb92d8c9084a0e1e04cdf1abb80";

    private static readonly DateTimeOffset GoldenTime = new(2026, 1, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TestSigner_ProducesJsSignerAuthorization_WhenCredentialsHaveNoToken()
    {
        Assert.Equal(GoldenContentSha256, StringToSign.PayloadHash(Encoding.UTF8.GetBytes(GoldenBody)));
        Assert.Equal(GoldenAuthorization, Sign(sessionToken: null, GoldenTime));
    }

    [Fact]
    public void TestSigner_ProducesJsSignerAuthorization_WhenCredentialsHaveSessionToken()
    {
        Assert.Equal(GoldenAuthorizationWithToken, Sign(GoldenSessionToken, GoldenTime));
    }

    [Fact]
    public void TestSigner_ProducesDifferentSignature_WhenClockMovesOneSecond()
    {
        // Guards the golden tests against passing by accident (e.g. a constant signature).
        Assert.NotEqual(GoldenAuthorization, Sign(sessionToken: null, GoldenTime.AddSeconds(1)));
    }

    private static string Sign(string? sessionToken, DateTimeOffset time)
    {
        var headers = new List<KeyValuePair<string, string>>
        {
            new("content-type", "application/x-amz-json-1.0"),
            new("host", "partnercentral-selling.us-east-1.api.aws"),
            new("x-amz-content-sha256", GoldenContentSha256),
            new("x-amz-date", StringToSign.AmzDate(time)),
            new("x-amz-target", "AWSPartnerCentralSelling.AssociateOpportunity"),
        };
        if (sessionToken is not null)
        {
            headers.Add(new("x-amz-security-token", sessionToken));
        }

        var signed = headers.Select(h => h.Key).ToList();
        var input = new SigningInput("POST", "/", string.Empty, headers, GoldenContentSha256);
        var signature = SigV4Signature.Compute(input, signed, StaticCredentialSource.SecretKey, time, "us-east-1", "partnercentral-selling");
        return SigV4Signature.AuthorizationHeader(StaticCredentialSource.AccessKey, StringToSign.Scope(time, "us-east-1", "partnercentral-selling"), signed, signature);
    }
}
