using System.Net;
using System.Xml.Linq;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

/// <summary>The emulator's STS: keys it issues are accepted with their session token until they expire by the
/// emulator's clock, and not with another token, nor after; a web identity token it was not told of is refused.</summary>
public sealed class EmulatorStsTests
{
    private const string Token = "emulator-web-identity";

    [Fact]
    public async Task IssuedKeys_AreAcceptedUntilTheyExpire_ThenAnsweredExpiredToken()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var server = await EmulatorServer.StartAsync(Settings("00:15:00"), "http://127.0.0.1:0", clock);
        var (key, secret, token) = await AssumeRoleWithWebIdentityAsync(server, Token);
        using var client = new SigV4TestClient(server.BaseAddress, clock.GetUtcNow) { AccessKeyId = key, SecretAccessKey = secret, SessionToken = token };

        var before = await client.GetAsync("AWS", "O1");
        clock.Advance(TimeSpan.FromMinutes(15));
        var after = await client.GetAsync("AWS", "O1");

        Assert.NotEqual("UnrecognizedClientException", before.ErrorType);
        Assert.NotEqual("ExpiredTokenException", before.ErrorType);
        Assert.Equal(HttpStatusCode.Forbidden, after.Status);
        Assert.Equal("ExpiredTokenException", after.ErrorType);
        Assert.Equal(1, Assert.Single(server.IssuedCredentials).Uses);
    }

    [Fact]
    public async Task IssuedKey_IsRefused_WhenSentWithAnotherSessionToken()
    {
        await using var server = await EmulatorServer.StartAsync(Settings("01:00:00"));
        var (key, secret, _) = await AssumeRoleWithWebIdentityAsync(server, Token);
        var (_, _, otherToken) = await AssumeRoleWithWebIdentityAsync(server, Token);
        using var client = new SigV4TestClient(server.BaseAddress) { AccessKeyId = key, SecretAccessKey = secret, SessionToken = otherToken };

        var response = await client.GetAsync("AWS", "O1");

        Assert.Equal("UnrecognizedClientException", response.ErrorType);
    }

    [Fact]
    public async Task AssumeRoleWithWebIdentity_AnswersInvalidIdentityToken_WhenTokenIsNotTheConfiguredOne()
    {
        await using var server = await EmulatorServer.StartAsync(Settings("01:00:00"));
        using var http = new HttpClient();

        var response = await http.PostAsync(server.StsAddress, Form("AssumeRoleWithWebIdentity", "not-the-token"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<Code>InvalidIdentityToken</Code>", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.IssuedCredentials);
    }

    [Fact]
    public async Task AssumeRole_IsRefused_WhenUnsigned()
    {
        await using var server = await EmulatorServer.StartAsync(Settings("01:00:00"));
        using var http = new HttpClient();

        var response = await http.PostAsync(server.StsAddress, Form("AssumeRole", token: null));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("<Code>MissingAuthenticationTokenException</Code>", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.IssuedCredentials);
    }

    private static Dictionary<string, string?> Settings(string lifetime)
    {
        var settings = EmulatorSettings.Fast();
        settings["Emulator:Sts:CredentialLifetime"] = lifetime;
        settings["Emulator:Sts:WebIdentityToken"] = Token;
        return settings;
    }

    private static FormUrlEncodedContent Form(string action, string? token)
    {
        var form = new Dictionary<string, string>
        {
            ["Action"] = action,
            ["Version"] = "2011-06-15",
            ["RoleArn"] = "arn:aws:iam::123456789012:role/partner-sync",
            ["RoleSessionName"] = "emulator-test",
        };
        if (token is not null)
        {
            form["WebIdentityToken"] = token;
        }

        return new FormUrlEncodedContent(form);
    }

    private static async Task<(string Key, string Secret, string Token)> AssumeRoleWithWebIdentityAsync(EmulatorServer server, string token)
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(server.StsAddress, Form("AssumeRoleWithWebIdentity", token));
        response.EnsureSuccessStatusCode();
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        string Value(string name) => xml.Descendants().Single(e => e.Name.LocalName == name).Value;
        return (Value("AccessKeyId"), Value("SecretAccessKey"), Value("SessionToken"));
    }
}
