using System.Globalization;
using System.Net;
using System.Text;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorProtocolTests
{
    [Fact]
    public async Task Post_AnswersUnknownOperationException_WhenTargetIsUnknown()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(new SigV4TestClient.RawRequest { Target = "AWSPartnerCentralSelling.CreateOpportunity" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Fact]
    public async Task Post_AnswersUnknownOperationException_WhenTargetIsMissing()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(new SigV4TestClient.RawRequest { Target = null });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("UnknownOperationException", response.ErrorType);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-amz-json-1.1")]
    [InlineData(null)]
    public async Task Post_AnswersSerializationException_WhenContentTypeIsNotAmzJson10(string? contentType)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(new SigV4TestClient.RawRequest
        {
            Target = "AWSPartnerCentralSelling.GetOpportunity",
            Body = Encoding.UTF8.GetBytes("""{"Catalog":"AWS","Identifier":"O1"}"""),
            ContentType = contentType,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
    }

    [Theory]
    [InlineData("""{"Catalog":"AWS","Identifier":""")]
    [InlineData("not json")]
    [InlineData("""["AWS","O1"]""")]
    [InlineData("""{"Catalog":"AWS","Identifier":12}""")]
    public async Task Post_AnswersSerializationException_WhenBodyIsNotTheOperationsJson(string body)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendRawAsync(new SigV4TestClient.RawRequest
        {
            Target = "AWSPartnerCentralSelling.GetOpportunity",
            Body = Encoding.UTF8.GetBytes(body),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("SerializationException", response.ErrorType);
    }

    [Fact]
    public async Task Post_SetsRequestIdOnEveryResponse_AndErrorTypeOnErrors()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var success = await client.GetAsync("AWS", "O1");
        var failure = await client.GetAsync("AWS", "bad-id");

        Assert.Equal(HttpStatusCode.OK, success.Status);
        Assert.True(Guid.TryParse(success.RequestId, out _));
        Assert.Null(success.ErrorTypeHeader);
        Assert.Equal("application/x-amz-json-1.0", success.ContentType);
        Assert.True(Guid.TryParse(failure.RequestId, out _));
        Assert.NotEqual(success.RequestId, failure.RequestId);
        Assert.StartsWith("ValidationException", failure.ErrorTypeHeader);
        Assert.Equal("com.amazonaws.partnercentralselling#ValidationException", failure.Body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task AssociateOpportunity_AnswersValidationExceptionWithErrorList_WhenFieldsBreakTheModelRules()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.AssociateAsync("Prod-1", "1234", "AwsProducts", "AWSLambda");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal("REQUEST_VALIDATION_FAILED", response.Reason);
        Assert.Contains(("Catalog", "INVALID_STRING_FORMAT"), response.ErrorList);
        Assert.Contains(("OpportunityIdentifier", "INVALID_STRING_FORMAT"), response.ErrorList);
        Assert.False(string.IsNullOrEmpty(response.Message));
        Assert.Equal(response.Message, response.Body.GetProperty("Message").GetString());
    }

    [Fact]
    public async Task AssignOpportunity_AnswersRequiredFieldMissing_WhenAssigneeIsAbsent()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.SendAsync("AssignOpportunity", new { Catalog = "AWS", Identifier = "O1" });

        Assert.Equal("ValidationException", response.ErrorType);
        Assert.Equal([("Assignee", "REQUIRED_FIELD_MISSING")], response.ErrorList);
    }

    [Fact]
    public async Task AssignOpportunity_AnswersInvalidStringFormat_WhenPhoneIsNotE164()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.AssignAsync("AWS", "O1", "jane@example.com", "OpportunityOwner", phone: "555-0100");

        Assert.Equal("REQUEST_VALIDATION_FAILED", response.Reason);
        Assert.Equal([("Assignee.Phone", "INVALID_STRING_FORMAT")], response.ErrorList);
        Assert.DoesNotContain("555-0100", response.Body.GetRawText());
    }

    [Fact]
    public async Task GetOpportunity_ReturnsTheModelsRequiredMembers_WhenOpportunityExists()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);

        var response = await client.GetAsync("AWS", "O42");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("AWS", response.Body.GetProperty("Catalog").GetString());
        Assert.Equal("O42", response.Body.GetProperty("Id").GetString());
        foreach (var member in new[] { "CreatedDate", "LastModifiedDate" })
        {
            var text = response.Body.GetProperty(member).GetString()!;
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$", text);
            Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out _));
        }

        var related = response.Body.GetProperty("RelatedEntityIdentifiers");
        foreach (var list in new[] { "Solutions", "AwsProducts", "AwsMarketplaceOffers", "AwsMarketplaceOfferSets" })
        {
            Assert.Equal(0, related.GetProperty(list).GetArrayLength());
        }

        Assert.Equal("Prospect", response.Body.GetProperty("LifeCycle").GetProperty("Stage").GetString());
        Assert.False(response.Body.TryGetProperty("PartnerOpportunityIdentifier", out _), "null members must be omitted");
    }
}
