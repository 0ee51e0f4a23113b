using System.Net;
using System.Net.Sockets;
using Connector.PartnerCentral;

namespace Connector.Tests.PartnerCentral;

/// <summary>Every error form the service (or the network) can produce, served by a real loopback HTTP server.</summary>
public sealed class PartnerCentralClientErrorTests : IAsyncLifetime
{
    private static readonly AssociateOpportunityRequest Associate = new("AWS", "O1234567", RelatedEntityType.Solutions, "S-0000001");

    private LoopbackServer _server = null!;
    private ClientHarness _harness = null!;

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
    public async Task AssociateOpportunityAsync_ThrowsValidationWithReasonAndFieldErrors_WhenFullTypeValidationException()
    {
        _server.Respond(ScriptedResponse.Error(400, """
            {"__type":"com.amazonaws.partnercentralselling#ValidationException","message":"Invalid input",
             "Reason":"BUSINESS_VALIDATION_FAILED",
             "ErrorList":[{"FieldName":"RelatedEntityIdentifier","Message":"unknown solution","Code":"INVALID_VALUE"},
                          {"FieldName":"Catalog","Message":"bad","Code":"INVALID_ENUM_VALUE"}]}
            """, "req-validation"));

        var e = await Assert.ThrowsAsync<PartnerCentralValidationException>(() => SendAsync());

        Assert.Equal("ValidationException", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.Validation, e.Kind);
        Assert.Equal(400, e.HttpStatus);
        Assert.Equal("req-validation", e.RequestId);
        Assert.Equal("BUSINESS_VALIDATION_FAILED", e.Reason);
        Assert.False(e.IsPreflight);
        Assert.False(e.IsRetryable);
        Assert.Equal(
            [new FieldError("RelatedEntityIdentifier", "INVALID_VALUE", "unknown solution"), new FieldError("Catalog", "INVALID_ENUM_VALUE", "bad")],
            e.FieldErrors);
        Assert.Contains("Invalid input", e.Message);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsValidation_WhenShortTypeAndCapitalMessage()
    {
        _server.Respond(ScriptedResponse.Error(400, """{"__type":"ValidationException","Message":"Capital M","Reason":"REQUEST_VALIDATION_FAILED"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralValidationException>(() => SendAsync());

        Assert.Equal("ValidationException", e.ErrorType);
        Assert.Equal("REQUEST_VALIDATION_FAILED", e.Reason);
        Assert.Empty(e.FieldErrors);
        Assert.Contains("Capital M", e.Message);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_StripsNamespaceAndSuffix_WhenTypeHasColonSuffix()
    {
        _server.Respond(ScriptedResponse.Error(404,
            """{"__type":"com.amazonaws.partnercentralselling#ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.service/","message":"no such opportunity"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralResourceNotFoundException>(() => SendAsync());

        Assert.Equal("ResourceNotFoundException", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.ResourceNotFound, e.Kind);
        Assert.Equal(404, e.HttpStatus);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsAccessDeniedWithReason_WhenBodyCodeOnly()
    {
        _server.Respond(ScriptedResponse.Error(403, """{"code":"AccessDeniedException","Message":"nope","Reason":"INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralAccessDeniedException>(() => SendAsync());

        Assert.Equal("AccessDeniedException", e.ErrorType);
        Assert.Equal("INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE", e.Reason);
        Assert.Equal(PartnerCentralErrorKind.AccessDenied, e.Kind);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsConflict_WhenBodyCapitalCode()
    {
        _server.Respond(ScriptedResponse.Error(409, """{"Code":"ConflictException","message":"busy"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralConflictException>(() => SendAsync());

        Assert.Equal(PartnerCentralErrorKind.Conflict, e.Kind);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_UsesHeaderType_WhenBodyHasNoType()
    {
        _server.Respond(new ScriptedResponse(402, "{}", new Dictionary<string, string>
        {
            ["X-Amzn-ErrorType"] = "ServiceQuotaExceededException:http://internal.amazon.com/coral/",
            ["x-amzn-RequestId"] = "req-header",
        }));

        var e = await Assert.ThrowsAsync<PartnerCentralServiceQuotaExceededException>(() => SendAsync());

        Assert.Equal("ServiceQuotaExceededException", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.ServiceQuotaExceeded, e.Kind);
        Assert.Equal("req-header", e.RequestId);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_UsesHeaderType_WhenBodyEmpty()
    {
        _server.Respond(new ScriptedResponse(403, null, new Dictionary<string, string> { ["X-Amzn-ErrorType"] = "UnrecognizedClientException" }));

        var e = await Assert.ThrowsAsync<PartnerCentralCredentialsException>(() => SendAsync());

        Assert.Equal("UnrecognizedClientException", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.Credentials, e.Kind);
        Assert.Null(e.RequestId);
        Assert.False(e.IsRetryable);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(500)]
    [InlineData(429)]
    public async Task AssociateOpportunityAsync_ThrowsThrottling_WhenTypeSaysThrottlingOnAnyStatus(int status)
    {
        _server.Respond(ScriptedResponse.Error(status, """{"__type":"com.amazonaws.partnercentralselling#ThrottlingException","message":"Rate exceeded"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralThrottlingException>(() => SendAsync());

        Assert.Equal("ThrottlingException", e.ErrorType);
        Assert.Equal(status, e.HttpStatus);
        Assert.Equal(PartnerCentralErrorKind.Throttling, e.Kind);
        Assert.True(e.IsRetryable);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsThrottling_WhenUntyped429()
    {
        _server.Respond(new ScriptedResponse(429));

        var e = await Assert.ThrowsAsync<PartnerCentralThrottlingException>(() => SendAsync());

        Assert.Equal("ThrottlingException", e.ErrorType);
        Assert.True(e.IsRetryable);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(302)]
    public async Task AssociateOpportunityAsync_NeverFollowsARedirect_AndPausesOnIt(int status)
    {
        // The redirect names another server (an attacker's): the signed request and its token must never reach it.
        await using var elsewhere = await LoopbackServer.StartAsync();
        elsewhere.Respond(new ScriptedResponse(200, "{}"));
        _server.Respond(new ScriptedResponse(status, null, new Dictionary<string, string> { ["Location"] = elsewhere.BaseAddress.ToString() }));

        var e = await Assert.ThrowsAsync<PartnerCentralException>(() => SendAsync());

        Assert.Empty(elsewhere.Received);
        Assert.Single(_server.Received);
        Assert.Equal($"Http{status}", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.AccessDenied, e.Kind);
        Assert.False(e.IsRetryable);
        Assert.Contains("never followed", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(502)]
    [InlineData(408)]
    public async Task AssociateOpportunityAsync_ThrowsTransientErrorType_WhenUntyped5xxOr408(int status)
    {
        _server.Respond(new ScriptedResponse(status));

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(() => SendAsync());

        // One word that failures group by (status, retry --error-type), as README documents it.
        Assert.Equal("TransientError", e.ErrorType);
        Assert.Contains($"HTTP {status}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_NamesTheStatus_WhenUntyped4xx()
    {
        _server.Respond(new ScriptedResponse(418));

        var e = await Assert.ThrowsAsync<PartnerCentralException>(() => SendAsync());

        Assert.Equal("Http418", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.Validation, e.Kind);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsInternalServer_WhenInternalServerException()
    {
        _server.Respond(ScriptedResponse.Error(500, """{"__type":"InternalServerException","message":"oops"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralInternalServerException>(() => SendAsync());

        Assert.Equal(PartnerCentralErrorKind.InternalServer, e.Kind);
        Assert.True(e.IsRetryable);
    }

    [Theory]
    [InlineData(500, null)]
    [InlineData(502, "<html>Bad Gateway</html>")]
    [InlineData(503, "{\"message\":\"try later\"}")]
    [InlineData(504, "{\"__type\":\"SomethingNewException\"}")]
    public async Task AssociateOpportunityAsync_ThrowsTransient_When5xxWithoutKnownType(int status, string? body)
    {
        _server.Respond(new ScriptedResponse(status, body));

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(() => SendAsync());

        Assert.Equal(status, e.HttpStatus);
        Assert.Equal(PartnerCentralErrorKind.Transient, e.Kind);
        Assert.True(e.IsRetryable);
    }

    [Theory]
    [InlineData("InvalidSignatureException", 400)]
    [InlineData("SignatureDoesNotMatch", 403)]
    [InlineData("ExpiredTokenException", 400)]
    [InlineData("IncompleteSignature", 400)]
    [InlineData("MissingAuthenticationToken", 403)]
    [InlineData("UnrecognizedClientException", 403)]
    public async Task AssociateOpportunityAsync_ThrowsCredentials_WhenSignatureOrTokenRejected(string type, int status)
    {
        _server.Respond(ScriptedResponse.Error(status, $$"""{"__type":"{{type}}","message":"x"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralCredentialsException>(() => SendAsync());

        Assert.Equal(type, e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.Credentials, e.Kind);
        Assert.False(e.IsRetryable);
    }

    [Theory]
    [InlineData(400, PartnerCentralErrorKind.Validation)]
    [InlineData(401, PartnerCentralErrorKind.Credentials)]
    [InlineData(403, PartnerCentralErrorKind.AccessDenied)]
    [InlineData(404, PartnerCentralErrorKind.ResourceNotFound)]
    [InlineData(409, PartnerCentralErrorKind.Conflict)]
    [InlineData(413, PartnerCentralErrorKind.Validation)]
    public async Task AssociateOpportunityAsync_ThrowsGenericWithKindFromStatus_WhenUnknown4xxType(int status, PartnerCentralErrorKind kind)
    {
        _server.Respond(ScriptedResponse.Error(status, """{"__type":"com.amazonaws.partnercentralselling#BrandNewException","message":"?"}"""));

        var e = await Assert.ThrowsAsync<PartnerCentralException>(() => SendAsync());

        Assert.Equal(typeof(PartnerCentralException), e.GetType());
        Assert.Equal("BrandNewException", e.ErrorType);
        Assert.Equal(kind, e.Kind);
        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsTransientWithoutStatus_WhenConnectionRefused()
    {
        // A port that was just free: nothing listens there.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var harness = ClientHarness.Create($"http://127.0.0.1:{port}/");

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(
            () => harness.Client.AssociateOpportunityAsync(Associate, CancellationToken.None));

        Assert.Equal("ConnectionFailure", e.ErrorType);
        Assert.Null(e.HttpStatus);
        Assert.True(e.IsRetryable);
        Assert.IsType<HttpRequestException>(e.InnerException);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsTransient_WhenConnectionDroppedWithoutResponse()
    {
        _server.Respond(new ScriptedResponse(200) { Abort = true });

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(() => SendAsync());

        Assert.Equal("ConnectionFailure", e.ErrorType);
        // The write reached the server, which may have applied it: the SDK's stale-connection retry must not resend it.
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task GetOpportunityAsync_IsAskedAgain_WhenConnectionDroppedWithoutResponse()
    {
        _server.Respond(new ScriptedResponse(200) { Abort = true }, new ScriptedResponse(200, """{"Id":"O1","LastModifiedDate":1767225600}"""));

        await _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O1"), CancellationToken.None);

        // A read is safe to repeat: the standard retry rules still send it again.
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsTransientTimeout_WhenServerAnswersAfterTimeout()
    {
        _server.Respond(new ScriptedResponse(200) { Delay = TimeSpan.FromSeconds(10) });
        using var harness = ClientHarness.Create(_server.BaseAddress.ToString(), timeoutSeconds: 1);

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(
            () => harness.Client.AssociateOpportunityAsync(Associate, CancellationToken.None));

        Assert.Equal("Timeout", e.ErrorType);
        Assert.Null(e.HttpStatus);
        Assert.True(e.IsRetryable);

        // The SDK reports HttpClient's timeout as a TimeoutException; the write may have landed, so it is sent once.
        Assert.IsType<TimeoutException>(e.InnerException);
        Assert.Single(_server.Received);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsOperationCanceled_WhenCallerCancels()
    {
        _server.Respond(new ScriptedResponse(200) { Delay = TimeSpan.FromSeconds(10) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _harness.Client.AssociateOpportunityAsync(Associate, cancellation.Token));

        Assert.True(cancellation.IsCancellationRequested);
        Assert.IsNotAssignableFrom<PartnerCentralException>(e);
    }

    [Fact]
    public async Task GetOpportunityAsync_ThrowsTransient_WhenSuccessBodyIsNotJson()
    {
        _server.Respond(new ScriptedResponse(200, "<html>proxy page</html>", new Dictionary<string, string> { ["x-amzn-RequestId"] = "req-html" }));

        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(
            () => _harness.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O1"), CancellationToken.None));

        Assert.Equal("UnreadableResponse", e.ErrorType);
        Assert.Equal("req-html", e.RequestId);
    }

    private Task<WriteResult> SendAsync() => _harness.Client.AssociateOpportunityAsync(Associate, CancellationToken.None);

    [Fact]
    public async Task AssociateOpportunityAsync_RefreshesCredentialsAndSendsOnceMore_WhenTokenExpired()
    {
        _server.Respond(
            ScriptedResponse.Error(400, """{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"""),
            new ScriptedResponse(200));
        using var harness = ClientHarness.Create(_server.BaseAddress.ToString(), sessionToken: "OLD-TOKEN");

        var result = await harness.Client.AssociateOpportunityAsync(Associate, CancellationToken.None);

        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(1, harness.Credentials.Invalidations);
        Assert.Equal(2, _server.Received.Count);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsCredentials_WhenTokenStillExpiredAfterRefresh()
    {
        var expired = ScriptedResponse.Error(400, """{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}""");
        _server.Respond(expired, expired, new ScriptedResponse(200));
        using var harness = ClientHarness.Create(_server.BaseAddress.ToString(), sessionToken: "OLD-TOKEN");

        var e = await Assert.ThrowsAsync<PartnerCentralCredentialsException>(() => harness.Client.AssociateOpportunityAsync(Associate, CancellationToken.None));

        Assert.Equal("ExpiredTokenException", e.ErrorType);
        Assert.Equal(PartnerCentralErrorKind.Credentials, e.Kind);
        Assert.Equal(1, harness.Credentials.Invalidations);
        Assert.Equal(2, _server.Received.Count);
    }
}
