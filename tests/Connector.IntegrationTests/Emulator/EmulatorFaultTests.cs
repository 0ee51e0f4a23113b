using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorFaultTests
{
    [Fact]
    public async Task Post_AnswersInternalServerException_WhenConfiguredProbabilityIsOne()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(("Emulator:Faults:InternalServerErrorProbability", "1.0")));
        using var client = new SigV4TestClient(server.BaseAddress);

        for (var i = 0; i < 5; i++)
        {
            var response = await client.GetAsync("AWS", "O1");
            Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
            Assert.Equal("InternalServerException", response.ErrorType);
        }
    }

    [Fact]
    public async Task Post_AnswersThrottlingException_WhenThrottlingProbabilityIsSetToOneAtRunTime()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(server.BaseAddress);
        var before = await client.GetAsync("AWS", "O1");

        server.SetFaults(new FaultSettings { ThrottlingProbability = 1.0 });
        var during = await client.AssociateAsync("AWS", "O1", "Solutions", "S-1");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, during.Status);
        Assert.Equal("ThrottlingException", during.ErrorType);
        Assert.Empty(server.State.Find("AWS", "O1")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task Post_FailsNTimesThenSucceeds_WhenARuleHasTimes()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Faults:Rules:0:OpportunityId", "O2"),
            ("Emulator:Faults:Rules:0:Error", "InternalServer"),
            ("Emulator:Faults:Rules:0:Times", "2")));
        using var client = new SigV4TestClient(server.BaseAddress);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.AssociateAsync("AWS", "O2", "Solutions", "S-1")).Status);
        }

        var otherOpportunity = await client.AssociateAsync("AWS", "O3", "Solutions", "S-1");

        Assert.Equal([HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK], statuses);
        Assert.Equal(HttpStatusCode.OK, otherOpportunity.Status);
        Assert.Equal(0, server.Faults.Current.Rules[0].Times);
    }

    [Fact]
    public async Task Post_AnswersAccessDeniedWithReason_WhenARuleAlwaysDenies()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        server.SetFaults(new FaultSettings
        {
            Rules = [new FaultRule { OpportunityId = "O4", Error = FaultKind.AccessDenied, Reason = "INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE" }],
        });
        using var client = new SigV4TestClient(server.BaseAddress);

        for (var i = 0; i < 3; i++)
        {
            var response = await client.GetAsync("AWS", "O4");
            Assert.Equal(HttpStatusCode.Forbidden, response.Status);
            Assert.Equal("AccessDeniedException", response.ErrorType);
            Assert.Equal("INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE", response.Reason);
        }
    }

    [Theory]
    [InlineData(FaultKind.ResourceNotFound, HttpStatusCode.NotFound, "ResourceNotFoundException")]
    [InlineData(FaultKind.Throttling, HttpStatusCode.TooManyRequests, "ThrottlingException")]
    [InlineData(FaultKind.Validation, HttpStatusCode.BadRequest, "ValidationException")]
    public async Task Post_AnswersTheRulesError_OnlyForTheNamedEntity(FaultKind kind, HttpStatusCode status, string errorType)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        server.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O5", EntityId = "S-9", Error = kind }] });
        using var client = new SigV4TestClient(server.BaseAddress);

        var named = await client.AssociateAsync("AWS", "O5", "Solutions", "S-9");
        var other = await client.AssociateAsync("AWS", "O5", "Solutions", "S-8");

        Assert.Equal(status, named.Status);
        Assert.Equal(errorType, named.ErrorType);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Post_AddsLatency_WhenLatencyProbabilityIsOne()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Faults:LatencyProbability", "1"),
            ("Emulator:Faults:LatencyMinMilliseconds", "300"),
            ("Emulator:Faults:LatencyMaxMilliseconds", "300")));
        using var client = new SigV4TestClient(server.BaseAddress);
        await client.GetAsync("AWS", "O1");

        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetAsync("AWS", "O1");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(stopwatch.ElapsedMilliseconds >= 290, $"answered in {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Post_RepeatsTheSameFaults_WhenTheSeedIsTheSame()
    {
        var first = await FaultSequenceAsync(seed: 42);
        var second = await FaultSequenceAsync(seed: 42);

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.OK, first);
        Assert.Contains(HttpStatusCode.InternalServerError, first);
    }

    [Fact]
    public async Task PutFaults_AppliesRulesAndProbabilities_WhenSentAsJson()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var control = new HttpClient { BaseAddress = server.BaseAddress };
        using var client = new SigV4TestClient(server.BaseAddress);

        var put = await control.PutAsJsonAsync("_emulator/faults", new
        {
            Rules = new[] { new { OpportunityId = "O6", Error = "ResourceNotFound" } },
        });
        var response = await client.GetAsync("AWS", "O6");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("ResourceNotFoundException", response.ErrorType);
    }

    private static async Task<List<HttpStatusCode>> FaultSequenceAsync(int seed)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(
            ("Emulator:Faults:Seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Emulator:Faults:InternalServerErrorProbability", "0.5")));
        using var client = new SigV4TestClient(server.BaseAddress);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await client.GetAsync("AWS", "O1")).Status);
        }

        return statuses;
    }
}
