using Connector.PartnerCentral;

namespace Connector.Tests.PartnerCentral;

/// <summary>Our handler against the official AWS JS signer (@smithy/signature-v4 5.7.5, as used by
/// @aws-sdk/client-partnercentral-selling): the same AssociateOpportunity request at the same instant must carry the
/// same Authorization header, byte for byte. The constants are the output of tests/sigv4-golden (npm ci &amp;&amp; node sign.mjs).
/// The request goes through the real client and HttpClient pipeline to a loopback server that sees the real host name.</summary>
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

    private static readonly AssociateOpportunityRequest Request = new("AWS", "O1234567", RelatedEntityType.AwsProducts, "AWSLambda");

    [Fact]
    public async Task AssociateOpportunityAsync_SendsJsSignerAuthorization_WhenCredentialsHaveNoToken()
    {
        var received = await SendAsync(sessionToken: null);

        Assert.Equal(GoldenBody, received.BodyText);
        Assert.Equal("partnercentral-selling.us-east-1.api.aws", received.Header("Host"));
        Assert.Equal(GoldenAmzDate, received.Header("X-Amz-Date"));
        Assert.Equal(GoldenContentSha256, received.Header("X-Amz-Content-Sha256"));
        Assert.Null(received.Header("X-Amz-Security-Token"));
        Assert.Equal(GoldenAuthorization, received.Header("Authorization"));
    }

    [Fact]
    public async Task AssociateOpportunityAsync_SendsJsSignerAuthorization_WhenCredentialsHaveSessionToken()
    {
        var received = await SendAsync(GoldenSessionToken);

        Assert.Equal(GoldenBody, received.BodyText);
        Assert.Equal(GoldenSessionToken, received.Header("X-Amz-Security-Token"));
        Assert.Equal(GoldenAuthorizationWithToken, received.Header("Authorization"));
    }

    [Fact]
    public async Task AssociateOpportunityAsync_SendsDifferentSignature_WhenClockMovesOneSecond()
    {
        // Guards the golden tests against passing by accident (e.g. a constant signature).
        var received = await SendAsync(sessionToken: null, ClientHarness.FixedTime.AddSeconds(1));

        Assert.Equal("20260115T120001Z", received.Header("X-Amz-Date"));
        Assert.NotEqual(GoldenAuthorization, received.Header("Authorization"));
    }

    private static async Task<ReceivedRequest> SendAsync(string? sessionToken, DateTimeOffset? now = null)
    {
        await using var server = await LoopbackServer.StartAsync();
        using var harness = ClientHarness.Create(
            "http://partnercentral-selling.us-east-1.api.aws", sessionToken, connectTo: server.BaseAddress);
        harness.Time.Now = now ?? ClientHarness.FixedTime;

        await harness.Client.AssociateOpportunityAsync(Request, CancellationToken.None);
        return server.Single();
    }
}
