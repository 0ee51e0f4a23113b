using Amazon.PartnerCentralSelling;
using Amazon.PartnerCentralSelling.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.PartnerCentral;

/// <summary>The SDK-shaped client (Sdk/) on the wire: awsJson1_0 with X-Amz-Target, the model's member names, typed
/// errors with their members, against a real loopback server.</summary>
public sealed class SdkClientTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private ClientHarness _harness = null!;

    private IAmazonPartnerCentralSelling Sdk => _harness.Services.GetRequiredService<IAmazonPartnerCentralSelling>();

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _harness = ClientHarness.Create(_server.BaseAddress.ToString());
    }

    public async Task DisposeAsync()
    {
        _harness.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListSolutionsAsync_SendsModelMembersAndReadsSummaries_WhenServiceAnswers()
    {
        _server.Respond(new ScriptedResponse(200, """
            {"SolutionSummaries":[{"Catalog":"AWS","Id":"S-0000001","Arn":"arn:aws:partnercentral:us-east-1::catalog/AWS/solution/S-0000001","Name":"Widget","Status":"Active","Category":"Software Product","CreatedDate":"2024-05-01T10:00:00Z"}],"NextToken":"page-2"}
            """, new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-list" }));

        var response = await Sdk.ListSolutionsAsync(new ListSolutionsRequest { Catalog = "AWS", MaxResults = 20, Status = ["Active"], NextToken = "page-1" });

        var received = _server.Single();
        Assert.Equal("AWSPartnerCentralSelling.ListSolutions", received.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", received.Header("Content-Type"));
        Assert.Equal("""{"Catalog":"AWS","MaxResults":20,"NextToken":"page-1","Status":["Active"]}""", received.BodyText);
        Assert.True(ReceivedSignature.IsValid(received, StaticCredentialSource.SecretKey));
        var solution = Assert.Single(response.SolutionSummaries!);
        Assert.Equal(("S-0000001", "Widget", "Active", "Software Product"), (solution.Id, solution.Name, solution.Status, solution.Category));
        Assert.Equal(new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), solution.CreatedDate);
        Assert.Equal("page-2", response.NextToken);
        Assert.Equal("req-list", response.ResponseMetadata.RequestId);
    }

    [Fact]
    public async Task GetOpportunityAsync_ThrowsTypedValidationException_WithReasonErrorListAndRequestId()
    {
        _server.Respond(ScriptedResponse.Error(400, """
            {"__type":"com.amazonaws.partnercentralselling#ValidationException","message":"bad","Reason":"REQUEST_VALIDATION_FAILED","ErrorList":[{"FieldName":"Identifier","Code":"INVALID_VALUE","Message":"no"}]}
            """, "req-v"));

        var e = await Assert.ThrowsAsync<ValidationException>(() => Sdk.GetOpportunityAsync(new GetOpportunityRequest { Catalog = "AWS", Identifier = "x" }));

        Assert.Equal("ValidationException", e.ErrorCode);
        Assert.Equal("bad", e.Message);
        Assert.Equal("REQUEST_VALIDATION_FAILED", e.Reason);
        Assert.Equal(("Identifier", "INVALID_VALUE", "no"), (e.ErrorList[0].FieldName, e.ErrorList[0].Code, e.ErrorList[0].Message));
        Assert.Equal("req-v", e.RequestId);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
    }
}
