using System.Text.Json;
using Connector.PartnerCentral;
using Connector.TestSigning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Connector.Tests.PartnerCentral;

/// <summary>What the client puts on the wire and how it reads answers, against a real loopback HTTP server.</summary>
public sealed class PartnerCentralClientTests : IAsyncLifetime
{
    private const string Email = "Jane.Doe@Example.COM";
    private const string Phone = "+14155550100";

    private LoopbackServer _server = null!;
    private ClientHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _harness = ClientHarness.Create(_server.BaseAddress.ToString(), sessionToken: "SESSION-TOKEN-VALUE");
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AssociateOpportunityAsync_PostsSignedAwsJsonToRoot_WhenRequestIsValid()
    {
        _server.Respond(new ScriptedResponse(200, null, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-assoc" }));

        var result = await _harness.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("Sandbox", "O42", RelatedEntityType.Solutions, "S-9"), CancellationToken.None);

        Assert.Equal(new WriteResult(200, "req-assoc"), result);
        var received = _server.Single();
        Assert.Equal("POST", received.Method);
        Assert.Equal("/", received.PathAndQuery);
        Assert.Equal("application/x-amz-json-1.0", received.Header("Content-Type"));
        Assert.Equal("AWSPartnerCentralSelling.AssociateOpportunity", received.Header("X-Amz-Target"));
        Assert.Equal("""{"Catalog":"Sandbox","OpportunityIdentifier":"O42","RelatedEntityType":"Solutions","RelatedEntityIdentifier":"S-9"}""", received.BodyText);
        // Signed by the SDK at its own (skew-corrected) time, not the test's clock.
        var signedAt = DateTimeOffset.ParseExact(received.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(signedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("SESSION-TOKEN-VALUE", received.Header("X-Amz-Security-Token"));
        var signedHeaders = System.Text.RegularExpressions.Regex.Match(received.Header("Authorization")!, "SignedHeaders=([^,]+),").Groups[1].Value.Split(';');
        Assert.Subset(signedHeaders.ToHashSet(), new HashSet<string> { "content-type", "host", "x-amz-date", "x-amz-security-token", "x-amz-target" });
        Assert.True(ReceivedSignature.IsValid(received, StaticCredentialSource.SecretKey));
    }

    [Fact]
    public async Task DisassociateOpportunityAsync_SendsDisassociateTarget_WhenRequestIsValid()
    {
        var result = await _harness.Client.DisassociateOpportunityAsync(
            new DisassociateOpportunityRequest("AWS", "O42", RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc"),
            CancellationToken.None);

        Assert.Equal(200, result.HttpStatus);
        Assert.Null(result.RequestId);
        var received = _server.Single();
        Assert.Equal("AWSPartnerCentralSelling.DisassociateOpportunity", received.Header("X-Amz-Target"));
        Assert.True(ReceivedSignature.IsValid(received, StaticCredentialSource.SecretKey));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"Unexpected\":1}")]
    public async Task AssignOpportunityAsync_Succeeds_WhenResponseIsEmptyOrObject(string? body)
    {
        _server.Respond(new ScriptedResponse(200, body, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-assign" }));

        var result = await _harness.Client.AssignOpportunityAsync(Assign(phone: null), CancellationToken.None);

        Assert.Equal(new WriteResult(200, "req-assign"), result);
    }

    [Fact]
    public async Task AssignOpportunityAsync_SendsLowerCaseEmailAndOmitsPhone_WhenPhoneIsNull()
    {
        await _harness.Client.AssignOpportunityAsync(Assign(phone: null), CancellationToken.None);

        var received = _server.Single();
        Assert.Equal("AWSPartnerCentralSelling.AssignOpportunity", received.Header("X-Amz-Target"));
        Assert.Equal(
            """{"Catalog":"AWS","Identifier":"O7","Assignee":{"Email":"jane.doe@example.com","FirstName":"Jane","LastName":"Doe","BusinessTitle":"PartnerAccountManager"}}""",
            received.BodyText);
    }

    [Fact]
    public async Task AssignOpportunityAsync_SendsPhone_WhenPhoneIsGiven()
    {
        await _harness.Client.AssignOpportunityAsync(Assign(Phone), CancellationToken.None);

        using var body = JsonDocument.Parse(_server.Single().Body);
        Assert.Equal(Phone, body.RootElement.GetProperty("Assignee").GetProperty("Phone").GetString());
    }

    [Fact]
    public async Task GetOpportunityAsync_ParsesMarketplaceSolutionsAndProducts()
    {
        const string solution = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1";
        const string product = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/AmiProduct/prod-cd2";
        _server.Respond(new ScriptedResponse(200, $$$"""
            {"Catalog":"AWS","Id":"O8","LastModifiedDate":"2026-01-10T08:30:00Z","CreatedDate":"2025-12-01T00:00:00Z",
             "RelatedEntityIdentifiers":{"AwsMarketplaceSolutions":["{{{solution}}}"],"AwsMarketplaceProducts":["{{{product}}}"]}}
            """));

        var response = await _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O8"), CancellationToken.None);

        Assert.Equal([solution], response.RelatedEntityIdentifiers.AwsMarketplaceSolutions);
        Assert.Equal([product], response.RelatedEntityIdentifiers.For(RelatedEntityType.AwsMarketplaceProducts));
    }

    [Fact]
    public async Task GetOpportunityAsync_ParsesEntitiesTeamAndDates_WhenResponseHasUnknownMembers()
    {
        _server.Respond(new ScriptedResponse(200, """
            {"Catalog":"AWS","Id":"O7","Arn":"arn:aws:partnercentral:us-east-1::catalog/AWS/opportunity/O7",
             "LifeCycle":{"Stage":"Prospect","ReviewStatus":"Approved"},"Customer":{"Account":{"CompanyName":"X"}},
             "RelatedEntityIdentifiers":{"Solutions":["S-1","S-2"],"AwsProducts":["AWSLambda"],"AwsMarketplaceOffers":[],"SomethingNew":["x"]},
             "OpportunityTeam":[{"Email":"a@example.com","FirstName":"A","LastName":"B","BusinessTitle":"OpportunityOwner","Phone":"+14155550100","Extra":true}],
             "LastModifiedDate":"2026-01-10T08:30:00.123Z","CreatedDate":"2025-12-01T00:00:00Z"}
            """, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-get" }));

        var response = await _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O7"), CancellationToken.None);

        Assert.Equal("AWS", response.Catalog);
        Assert.Equal("O7", response.Id);
        Assert.Equal(["S-1", "S-2"], response.RelatedEntityIdentifiers.Solutions);
        Assert.Equal(["AWSLambda"], response.RelatedEntityIdentifiers.AwsProducts);
        Assert.Empty(response.RelatedEntityIdentifiers.AwsMarketplaceOffers);
        Assert.Empty(response.RelatedEntityIdentifiers.AwsMarketplaceOfferSets);
        var member = Assert.Single(response.OpportunityTeam);
        Assert.Equal(new OpportunityContact("a@example.com", "A", "B", "OpportunityOwner", "+14155550100"), member);
        Assert.Equal("2026-01-10T08:30:00.123Z", response.LastModifiedDate);
        Assert.Equal("2025-12-01T00:00:00Z", response.CreatedDate);
        Assert.Equal("req-get", response.RequestId);
        Assert.Equal("""{"Catalog":"AWS","Identifier":"O7"}""", _server.Single().BodyText);
        Assert.Equal("AWSPartnerCentralSelling.GetOpportunity", _server.Single().Header("X-Amz-Target"));
    }

    [Fact]
    public async Task GetOpportunityAsync_ReturnsEmptyLists_WhenMembersAreNullOrMissing()
    {
        _server.Respond(new ScriptedResponse(200, """{"Id":"O7","RelatedEntityIdentifiers":null,"OpportunityTeam":null,"LastModifiedDate":1767225600}"""));

        var response = await _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O7"), CancellationToken.None);

        Assert.Empty(response.RelatedEntityIdentifiers.Solutions);
        Assert.Empty(response.OpportunityTeam);
        Assert.Equal("2026-01-01T00:00:00Z", response.LastModifiedDate);
        Assert.Null(response.CreatedDate);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsPreflightValidationWithoutCalling_WhenRequestBreaksRules()
    {
        var e = await Assert.ThrowsAsync<PartnerCentralValidationException>(() => _harness.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("aws-prod", "O12x", RelatedEntityType.AwsProducts, "NotAProduct"), CancellationToken.None));

        Assert.True(e.IsPreflight);
        Assert.Null(e.HttpStatus);
        Assert.Null(e.RequestId);
        Assert.Equal("ValidationException", e.ErrorType);
        Assert.Equal(["Catalog", "OpportunityIdentifier", "RelatedEntityIdentifier"], e.FieldErrors.Select(f => f.FieldName));
        Assert.Empty(_server.Received);
        Assert.Equal(0, _harness.Credentials.Calls);
    }

    [Fact]
    public async Task AssignOpportunityAsync_ThrowsPreflightWithoutEchoingEmail_WhenEmailInvalid()
    {
        var e = await Assert.ThrowsAsync<PartnerCentralValidationException>(() => _harness.Client.AssignOpportunityAsync(
            new AssignOpportunityRequest("AWS", "O7", new AssigneeContact("secret.person@", "A", "B", "T")), CancellationToken.None));

        Assert.True(e.IsPreflight);
        Assert.Equal("Assignee.Email", Assert.Single(e.FieldErrors).FieldName);
        Assert.DoesNotContain("secret.person", e.Message);
        Assert.DoesNotContain("secret.person", _harness.Logs.AllText);
        Assert.Empty(_server.Received);
    }

    [Fact]
    public async Task GetOpportunityAsync_RetriesSignedAfresh_WhenServerFailsOnce()
    {
        _server.Respond(new ScriptedResponse(500), new ScriptedResponse(200, """{"Id":"O1"}"""));

        var result = await _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O1"), CancellationToken.None);

        Assert.Equal("O1", result.Id);
        var attempts = _server.Received.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.All(attempts, a => Assert.True(ReceivedSignature.IsValid(a, StaticCredentialSource.SecretKey)));
        Assert.All(attempts, a => Assert.Equal("SESSION-TOKEN-VALUE", a.Header("X-Amz-Security-Token")));
        Assert.All(attempts, a => Assert.DoesNotContain(",", a.Header("Authorization")!.Split("Signature=")[1]));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task AssociateOpportunityAsync_IsSentOnce_WhenOutcomeIsUncertain(int status)
    {
        _server.Respond(new ScriptedResponse(status), new ScriptedResponse(200));

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(() => _harness.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.Solutions, "S-1"), CancellationToken.None));

        Assert.Equal(status, e.HttpStatus);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_IsRetriedBySdk_WhenThrottled()
    {
        _server.Respond(ScriptedResponse.Error(400, """{"__type":"ThrottlingException","message":"Rate exceeded"}"""), new ScriptedResponse(200));

        var result = await _harness.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.Solutions, "S-1"), CancellationToken.None);

        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(2, _server.Received.Count);
        Assert.All(_server.Received, a => Assert.True(ReceivedSignature.IsValid(a, StaticCredentialSource.SecretKey)));
    }

    [Fact]
    public async Task Logs_CarryOperationStatusAndRequestId_WithoutSecretsOrEmail()
    {
        _server.Respond(
            new ScriptedResponse(200, null, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-ok" }),
            ScriptedResponse.Error(400, """{"__type":"ValidationException","message":"User jane.doe@example.com is not registered","Reason":"BUSINESS_VALIDATION_FAILED"}""", "req-bad"));

        await _harness.Client.AssignOpportunityAsync(Assign(Phone), CancellationToken.None);
        await Assert.ThrowsAsync<PartnerCentralValidationException>(() => _harness.Client.AssignOpportunityAsync(Assign(Phone), CancellationToken.None));

        var text = _harness.Logs.AllText;
        Assert.Contains("AssignOpportunity", text);
        Assert.Contains("O7", text);
        Assert.Contains("req-ok", text);
        Assert.Contains("req-bad", text);
        Assert.Contains(_harness.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("ValidationException"));
        Assert.DoesNotContain("jane.doe", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Phone, text);
        Assert.DoesNotContain(StaticCredentialSource.SecretKey, text);
        Assert.DoesNotContain("SESSION-TOKEN-VALUE", text);
        Assert.DoesNotContain("Signature=", text);
        var signature = _server.Received.First().Header("Authorization")!.Split("Signature=")[1];
        Assert.DoesNotContain(signature, text);
    }

    private static AssignOpportunityRequest Assign(string? phone) =>
        new("AWS", "O7", new AssigneeContact(Email, " Jane ", "Doe", "PartnerAccountManager", phone));
}
