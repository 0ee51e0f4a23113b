using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.IntegrationTests.Operations;

/// <summary>A real HTTP server on a loopback port that records every POST (webhooks, OTLP/HTTP) and answers with the
/// status <see cref="Answer"/> picks for the n-th request (1-based).</summary>
internal sealed class LoopbackReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackReceiver(WebApplication app, Func<int, int> answer)
    {
        this.app = app;
        Answer = answer;
    }

    /// <summary>The bound address (valid once started).</summary>
    public Uri BaseAddress => new(app.Urls.First().TrimEnd('/') + "/");

    public Func<int, int> Answer { get; set; }

    /// <summary>How long each answer takes (a hanging receiver: longer than the client waits).</summary>
    public TimeSpan Delay { get; set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public static async Task<LoopbackReceiver> StartAsync(Func<int, int>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LoopbackReceiver(app, answer ?? (_ => 200));
        var count = 0;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Requests.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.ContentType, body.ToArray(), DateTime.UtcNow));
            var n = Interlocked.Increment(ref count);
            if (receiver.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(receiver.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = receiver.Answer(n);
        });
        await app.StartAsync();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyList<ReceivedRequest>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Requests.ToList()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Requests.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await app.StopAsync(stop.Token);
        }

        await app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Path, string? ContentType, byte[] Body, DateTime At)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
