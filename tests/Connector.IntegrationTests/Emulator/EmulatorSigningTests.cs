using System.Net;
using System.Text;
using Connector.TestSigning;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorSigningTests
{
    private static readonly byte[] GetBody = Encoding.UTF8.GetBytes("""{"Catalog":"AWS","Identifier":"O1"}""");

    private static SigV4TestClient.RawRequest Get => new() { Target = "AWSPartnerCentralSelling.GetOpportunity", Body = GetBody };

    [Fact]
    public async Task Post_Succeeds_WhenSignedWithTheDefaultExampleCredentials()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenSecretIsWrong()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress) { SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEX" };

        var response = await client.SendRawAsync(Get);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Contains("signature we calculated does not match", response.Message);
    }

    [Fact]
    public async Task Post_AnswersUnrecognizedClient_WhenAccessKeyIsUnknown()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "AKIDUNKNOWN" };

        var response = await client.SendRawAsync(Get);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("UnrecognizedClientException", response.ErrorType);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenBodyChangedAfterSigning()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { SignedBody = Encoding.UTF8.GetBytes("""{"Catalog":"AWS","Identifier":"O2"}""") });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Post_AnswersInvalidSignature_WhenClockIsSkewedMoreThanFiveMinutes(int minutes)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(), "http://127.0.0.1:0", clock);
        using var client = new SigV4TestClient(server.BaseAddress, () => clock.GetUtcNow().AddMinutes(minutes));

        var response = await client.SendRawAsync(Get);

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.StartsWith(minutes < 0 ? "Signature expired" : "Signature not yet current", response.Message);
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(4)]
    public async Task Post_Succeeds_WhenClockIsSkewedWithinFiveMinutes(int minutes)
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(), "http://127.0.0.1:0", clock);
        using var client = new SigV4TestClient(server.BaseAddress, () => clock.GetUtcNow().AddMinutes(minutes));

        var response = await client.SendRawAsync(Get);

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenScopeRegionIsNotUsEast1()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { Region = "eu-west-1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Contains("region", response.Message);
    }

    [Fact]
    public async Task Post_AnswersIncompleteSignature_WhenHostIsNotSigned()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { SignHost = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("IncompleteSignatureException", response.ErrorType);
    }

    [Fact]
    public async Task Post_AnswersMissingAuthenticationToken_WhenUnsigned()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { Sign = false });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("MissingAuthenticationTokenException", response.ErrorType);
    }

    [Fact]
    public async Task Post_Succeeds_WhenContentSha256HeaderMatchesTheBody()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { ContentSha256 = StringToSign.PayloadHash(GetBody) });

        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenContentSha256HeaderDoesNotMatchTheBody()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { ContentSha256 = StringToSign.PayloadHash("{}"u8) });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
    }

    [Fact]
    public async Task Post_UsesConfiguredCredentialsOnly_WhenCredentialsAreConfigured()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Credentials:0:AccessKeyId", "AKIDCONFIGURED"),
            ("Emulator:Credentials:0:SecretAccessKey", "configured-secret")));
        using var configured = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "AKIDCONFIGURED", SecretAccessKey = "configured-secret" };
        using var example = new SigV4TestClient(server.BaseAddress);

        Assert.Equal(HttpStatusCode.OK, (await configured.SendRawAsync(Get)).Status);
        Assert.Equal("UnrecognizedClientException", (await example.SendRawAsync(Get)).ErrorType);
    }

    [Fact]
    public async Task Post_RequiresTheSessionToken_WhenTheCredentialHasOne()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Credentials:0:AccessKeyId", "ASIATEMPORARY"),
            ("Emulator:Credentials:0:SecretAccessKey", "temporary-secret"),
            ("Emulator:Credentials:0:SessionToken", "session-token-1")));
        using var withToken = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "ASIATEMPORARY", SecretAccessKey = "temporary-secret", SessionToken = "session-token-1" };
        using var withoutToken = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "ASIATEMPORARY", SecretAccessKey = "temporary-secret" };
        using var wrongToken = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "ASIATEMPORARY", SecretAccessKey = "temporary-secret", SessionToken = "session-token-2" };

        Assert.Equal(HttpStatusCode.OK, (await withToken.SendRawAsync(Get)).Status);
        Assert.Equal("UnrecognizedClientException", (await withoutToken.SendRawAsync(Get)).ErrorType);
        Assert.Equal("UnrecognizedClientException", (await wrongToken.SendRawAsync(Get)).ErrorType);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenTheTargetIsNotSigned()
    {
        // Unsigned, the operation could be swapped on the way: a signed GetOpportunity replayed as a write.
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(Get with { Unsigned = ["x-amz-target"] });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Contains("X-Amz-Target", response.Message);
    }

    [Fact]
    public async Task Post_AnswersInvalidSignature_WhenTheSessionTokenIsSentUnsigned()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Credentials:0:AccessKeyId", "ASIATEMPORARY"),
            ("Emulator:Credentials:0:SecretAccessKey", "temporary-secret"),
            ("Emulator:Credentials:0:SessionToken", "session-token-1")));
        using var client = new SigV4TestClient(server.BaseAddress) { AccessKeyId = "ASIATEMPORARY", SecretAccessKey = "temporary-secret", SessionToken = "session-token-1" };

        var response = await client.SendRawAsync(Get with { Unsigned = ["x-amz-security-token"] });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("InvalidSignatureException", response.ErrorType);
        Assert.Contains("X-Amz-Security-Token", response.Message);
    }
}
