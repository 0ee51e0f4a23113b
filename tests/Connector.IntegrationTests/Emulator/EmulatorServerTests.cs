using System.Net;
using System.Net.Sockets;
using PartnerCentral.Emulator;

namespace Connector.IntegrationTests.Emulator;

public class EmulatorServerTests
{
    [Fact]
    public async Task StartAsync_BindsAFreeLoopbackPort_WhenThePortIsZero()
    {
        await using var first = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        await using var second = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        using var client = new SigV4TestClient(first.BaseAddress);

        var response = await client.GetAsync("AWS", "O1");

        Assert.Equal("127.0.0.1", first.BaseAddress.Host);
        Assert.NotEqual(0, first.BaseAddress.Port);
        Assert.NotEqual(first.BaseAddress.Port, second.BaseAddress.Port);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Single(first.Calls);
        Assert.Empty(second.Calls);
    }

    [Fact]
    public async Task DisposeAsync_StopsListening_WhenTheServerIsDisposed()
    {
        var server = await EmulatorServer.StartAsync(EmulatorSettings.Fast());
        var port = server.BaseAddress.Port;

        await server.DisposeAsync();

        using var socket = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public void DefaultUrl_IsLoopback_SoTheStandaloneEmulatorIsNotExposedByDefault()
    {
        var url = new Uri(EmulatorSetup.DefaultUrl);

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(url.Host)));
        Assert.Equal(4566, url.Port);
    }
}
