using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Emulator;

/// <summary>The control API over real HTTP from loopback.</summary>
public class EmulatorControlApiTests
{
    [Fact]
    public async Task Seed_CreatesOpportunityWithAssociationsAndAssignee_WhenModeIsSeeded()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(("Emulator:Opportunities:Mode", "Seeded")));
        using var control = new HttpClient { BaseAddress = server.BaseAddress };
        using var client = new SigV4TestClient(server.BaseAddress);

        var seed = await control.PostAsJsonAsync("_emulator/seed", new
        {
            Opportunities = new[]
            {
                new
                {
                    Catalog = "Sandbox",
                    Id = "O100",
                    PartnerOpportunityIdentifier = "CRM-100",
                    RelatedEntityIdentifiers = new { AwsProducts = new[] { "AWSLambda" }, Solutions = new[] { "S-1" } },
                    OpportunityTeam = new[] { new { Email = "owner@example.com", FirstName = "Olga", LastName = "Owner", BusinessTitle = "OpportunityOwner" } },
                },
            },
        });
        var get = await client.GetAsync("Sandbox", "O100");
        var state = JsonDocument.Parse(await control.GetStringAsync("_emulator/state/Sandbox/O100")).RootElement;

        Assert.Equal(HttpStatusCode.OK, seed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal("CRM-100", get.Body.GetProperty("PartnerOpportunityIdentifier").GetString());
        Assert.Equal("AWSLambda", get.Body.GetProperty("RelatedEntityIdentifiers").GetProperty("AwsProducts")[0].GetString());
        Assert.Equal("owner@example.com", get.Body.GetProperty("OpportunityTeam")[0].GetProperty("Email").GetString());
        Assert.Equal("S-1", state.GetProperty("RelatedEntityIdentifiers").GetProperty("Solutions")[0].GetString());
        Assert.Equal("ResourceNotFoundException", (await client.GetAsync("Sandbox", "O101")).ErrorType);
    }

    [Fact]
    public async Task State_AnswersNotFound_WhenTheOpportunityDoesNotExist()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast(("Emulator:Opportunities:Missing:0", "O404")));
        using var control = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await control.GetAsync("_emulator/state/AWS/O404");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Calls_ListEachCallWithIdsAndOutcome_ButNoEmailsOrPhones()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var control = new HttpClient { BaseAddress = server.BaseAddress };
        using var client = new SigV4TestClient(server.BaseAddress);

        var assign = await client.AssignAsync("AWS", "O7", "secret.person@example.com", "OpportunityOwner", phone: "+15555550199");
        var associate = await client.AssociateAsync("AWS", "O7", "Solutions", "bad");
        var text = await control.GetStringAsync("_emulator/calls");
        var calls = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();

        Assert.DoesNotContain("secret.person", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("5555550199", text);
        Assert.DoesNotContain("Signature", text);
        Assert.Equal(2, calls.Count);
        Assert.Equal("AssignOpportunity", calls[0].GetProperty("Operation").GetString());
        Assert.Equal("O7", calls[0].GetProperty("OpportunityId").GetString());
        Assert.Equal(200, calls[0].GetProperty("HttpStatus").GetInt32());
        Assert.Equal(assign.RequestId, calls[0].GetProperty("RequestId").GetString());
        Assert.Equal("AssociateOpportunity", calls[1].GetProperty("Operation").GetString());
        Assert.Equal("Solutions", calls[1].GetProperty("EntityType").GetString());
        Assert.Equal("bad", calls[1].GetProperty("EntityId").GetString());
        Assert.Equal(400, calls[1].GetProperty("HttpStatus").GetInt32());
        Assert.Equal("ValidationException", calls[1].GetProperty("ErrorType").GetString());
        Assert.Equal(associate.RequestId, calls[1].GetProperty("RequestId").GetString());
        Assert.True(calls[1].TryGetProperty("Time", out _));
    }

    [Fact]
    public async Task Reset_RestoresConfiguredStateFaultsQuotasAndEmptiesTheCallLog()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var control = new HttpClient { BaseAddress = server.BaseAddress };
        using var client = new SigV4TestClient(server.BaseAddress);
        await client.AssociateAsync("AWS", "O8", "Solutions", "S-1");
        server.SetFaults(new FaultSettings { InternalServerErrorProbability = 1 });
        server.SetQuotas(new QuotaSettings { WritesPerSecond = 0 });

        var reset = await control.PostAsync("_emulator/reset", null);
        var get = await client.GetAsync("AWS", "O8");
        var write = await client.AssociateAsync("AWS", "O8", "Solutions", "S-2");

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, get.Status);
        Assert.Equal(0, get.Body.GetProperty("RelatedEntityIdentifiers").GetProperty("Solutions").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, write.Status);
        Assert.Equal(1000, server.Quotas.Limits.WritesPerSecond);
        Assert.Equal(2, server.Calls.Count);
    }

    [Fact]
    public async Task GetFaults_ShowsRemainingFailures_AfterARuleFired()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var control = new HttpClient { BaseAddress = server.BaseAddress };
        using var client = new SigV4TestClient(server.BaseAddress);
        server.SetFaults(new FaultSettings { Rules = [new FaultRule { OpportunityId = "O9", Error = FaultKind.Throttling, Times = 3 }] });

        await client.GetAsync("AWS", "O9");
        var faults = JsonDocument.Parse(await control.GetStringAsync("_emulator/faults")).RootElement;

        Assert.Equal(2, faults.GetProperty("Rules")[0].GetProperty("Times").GetInt32());
        Assert.Equal("Throttling", faults.GetProperty("Rules")[0].GetProperty("Error").GetString());
    }
}
