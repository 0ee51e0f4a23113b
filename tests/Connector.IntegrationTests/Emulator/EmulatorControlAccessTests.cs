extern alias emulator;

using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.IntegrationTests.Emulator;

/// <summary>The control API's loopback-or-token rule, through the real Program (WebApplicationFactory) with the
/// caller's address set by a startup filter.</summary>
public class EmulatorControlAccessTests
{
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    [Fact]
    public async Task ControlApi_AnswersNotFound_WhenCallerIsNotLoopbackAndSendsNoToken()
    {
        await using var factory = Factory(Remote, controlToken: "s3cret");
        using var client = factory.CreateClient();

        var calls = await client.GetAsync("/_emulator/calls");
        var reset = await client.PostAsync("/_emulator/reset", null);

        Assert.Equal(HttpStatusCode.NotFound, calls.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
    }

    [Fact]
    public async Task ControlApi_AnswersForbidden_WhenCallerIsNotLoopbackAndTokenIsWrong()
    {
        await using var factory = Factory(Remote, controlToken: "s3cret");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Emulator-Token", "guess");

        var response = await client.GetAsync("/_emulator/calls");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ControlApi_AnswersForbidden_WhenNoTokenIsConfiguredAndTheCallerIsNotLoopback()
    {
        await using var factory = Factory(Remote, controlToken: null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Emulator-Token", "anything");

        var response = await client.GetAsync("/_emulator/calls");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ControlApi_Serves_WhenCallerIsNotLoopbackAndTokenMatches()
    {
        await using var factory = Factory(Remote, controlToken: "s3cret");
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Emulator-Token", "s3cret");

        var response = await client.GetAsync("/_emulator/calls");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task ControlApi_Serves_WhenCallerIsLoopback(string address)
    {
        await using var factory = Factory(IPAddress.Parse(address), controlToken: null);
        using var client = factory.CreateClient();

        var response = await client.PostAsync("/_emulator/reset", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    private static WebApplicationFactory<emulator::Program> Factory(IPAddress caller, string? controlToken) =>
        new WebApplicationFactory<emulator::Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Emulator:ControlToken"] = controlToken,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new RemoteAddressStartupFilter(caller)));
        });
}
