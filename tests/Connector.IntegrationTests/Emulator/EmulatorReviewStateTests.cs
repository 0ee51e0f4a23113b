using Connector.IntegrationTests.Client;
using Connector.PartnerCentral;
using PartnerCentral.Emulator;
using PartnerCentral.Emulator.State;

namespace Connector.IntegrationTests.Emulator;

/// <summary>Opportunity review states, through the connector's client: a write to an opportunity under AWS review,
/// rejected or Closed Lost is refused with the model's state codes, and GetOpportunity shows the LifeCycle, so a
/// client can build on the error and the read.</summary>
public sealed class EmulatorReviewStateTests
{
    [Theory]
    [InlineData("Submitted", null, ValidationCodes.ActionNotPermitted, "under AWS review (Submitted)")]
    [InlineData("In review", null, ValidationCodes.ActionNotPermitted, "under AWS review (In review)")]
    [InlineData("Rejected", null, ValidationCodes.InvalidResourceState, "rejected by AWS review")]
    [InlineData("Approved", "Closed Lost", ValidationCodes.InvalidResourceState, "Closed Lost")]
    public async Task Writes_AreRefused_AndTheReadShowsTheLifeCycle(string reviewStatus, string? stage, string code, string message)
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        server.Seed(new SeedOpportunity { Id = "O7401", ReviewStatus = reviewStatus, Stage = stage });
        using var host = SdkClientHost.WithExampleKey(server.BaseAddress);

        var associate = await Assert.ThrowsAsync<PartnerCentralValidationException>(() =>
            host.Client.AssociateOpportunityAsync(new AssociateOpportunityRequest("AWS", "O7401", "Solutions", "S-1000001"), CancellationToken.None));
        var assign = await Assert.ThrowsAsync<PartnerCentralValidationException>(() =>
            host.Client.AssignOpportunityAsync(new AssignOpportunityRequest("AWS", "O7401", new AssigneeContact("ana@example.com", "Ana", "Lima", "PartnerAccountManager")), CancellationToken.None));
        var read = await host.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O7401"), CancellationToken.None);

        Assert.False(associate.IsPreflight);
        var field = Assert.Single(associate.FieldErrors);
        Assert.Equal(("Identifier", code), (field.FieldName, field.Code));
        Assert.Contains(message, field.Message);
        Assert.Equal(code, Assert.Single(assign.FieldErrors).Code);
        Assert.Equal(reviewStatus, read.ReviewStatus);
        Assert.Equal(stage ?? "Prospect", read.Stage);
        Assert.Empty(server.State.Find("AWS", "O7401")!.RelatedEntityIdentifiers.Solutions);
    }

    [Fact]
    public async Task Writes_GoThrough_OnceTheOpportunityIsSeededAsApproved()
    {
        await using var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        server.Seed(new SeedOpportunity { Id = "O7402", ReviewStatus = "In review" });
        using var host = SdkClientHost.WithExampleKey(server.BaseAddress);
        await Assert.ThrowsAsync<PartnerCentralValidationException>(() =>
            host.Client.AssociateOpportunityAsync(new AssociateOpportunityRequest("AWS", "O7402", "Solutions", "S-1000001"), CancellationToken.None));

        server.Seed(new SeedOpportunity { Id = "O7402", ReviewStatus = "Approved" });
        await host.Client.AssociateOpportunityAsync(new AssociateOpportunityRequest("AWS", "O7402", "Solutions", "S-1000001"), CancellationToken.None);
        var read = await host.Client.GetOpportunityAsync(new GetOpportunityRequest("AWS", "O7402"), CancellationToken.None);

        Assert.Equal("Approved", read.ReviewStatus);
        Assert.Equal(["S-1000001"], read.RelatedEntityIdentifiers.Solutions);
    }
}
