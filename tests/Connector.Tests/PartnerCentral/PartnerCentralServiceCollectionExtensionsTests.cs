using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Connector.TestSigning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connector.Tests.PartnerCentral;

public sealed class PartnerCentralServiceCollectionExtensionsTests
{
    [Fact]
    public void AddPartnerCentralClient_BindsDefaults_WhenSectionIsAbsent()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var options = provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value;

        Assert.Equal("https://partnercentral-selling.us-east-1.api.aws", options.Endpoint);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(30, options.RequestTimeoutSeconds);
        Assert.Equal(1, options.WritesPerSecond);
        Assert.Equal(10000, options.WritesPer24Hours);
        Assert.Equal(10, options.ReadsPerSecond);
    }

    [Fact]
    public void AddPartnerCentralClient_BindsEveryKey_WhenSectionIsGiven()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["PartnerCentral:Endpoint"] = "http://127.0.0.1:5999",
            ["PartnerCentral:Region"] = "us-west-2",
            ["PartnerCentral:RequestTimeoutSeconds"] = "7",
            ["PartnerCentral:WritesPerSecond"] = "0.5",
            ["PartnerCentral:WritesPer24Hours"] = "500",
            ["PartnerCentral:ReadsPerSecond"] = "3",
        });

        var options = provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value;

        Assert.Equal("http://127.0.0.1:5999", options.Endpoint);
        Assert.Equal("us-west-2", options.Region);
        Assert.Equal(7, options.RequestTimeoutSeconds);
        Assert.Equal(0.5, options.WritesPerSecond);
        Assert.Equal(500, options.WritesPer24Hours);
        Assert.Equal(3, options.ReadsPerSecond);
    }

    [Fact]
    public void AddPartnerCentralClient_RegistersSdkCredentialChainAndSystemClock_WhenNoneRegistered()
    {
        using var provider = Build(new Dictionary<string, string?>());

        Assert.IsType<AwsSdkCredentialSource>(provider.GetRequiredService<IAwsCredentialSource>());
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.IsType<PartnerCentralClient>(provider.GetRequiredService<IPartnerCentralClient>());
        Assert.IsType<SellingServiceClient>(provider.GetRequiredService<Amazon.PartnerCentralSelling.IAmazonPartnerCentralSelling>());
    }

    [Theory]
    [InlineData("PartnerCentral:Endpoint", "not a uri")]
    [InlineData("PartnerCentral:Endpoint", "ftp://example.com")]
    [InlineData("PartnerCentral:RequestTimeoutSeconds", "0")]
    [InlineData("PartnerCentral:Region", " ")]
    public void AddPartnerCentralClient_FailsValidation_WhenSettingIsUnusable(string key, string value)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PartnerCentralOptions>>().Value);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public async Task AddPartnerCentralClient_AppliesRequestTimeout_WhenClientIsResolved()
    {
        await using var server = await LoopbackServer.StartAsync();
        server.Respond(new ScriptedResponse(200) { Delay = TimeSpan.FromSeconds(5) });
        using var harness = ClientHarness.Create(server.BaseAddress.ToString(), timeoutSeconds: 1);
        var started = DateTime.UtcNow;

        // A write, which the SDK does not repeat after a timeout (a read would be retried: MaxErrorRetry attempts more).
        var e = await Assert.ThrowsAsync<PartnerCentralTransientException>(() => harness.Client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.Solutions, "S-1"), CancellationToken.None));

        Assert.Equal("Timeout", e.ErrorType);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Single(server.Received);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPartnerCentralClient(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }
}
