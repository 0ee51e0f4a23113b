using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Operations;

/// <summary>On every server of <c>serve</c>: every <see cref="AlertOptions.PollInterval"/>, records new events and sends
/// due deliveries. It runs beside Hangfire's workers, never in them, so a slow or dead webhook cannot hold up a sync.
/// A failed round (Postgres away) is logged and tried again next round: this loop has no retry policy to defer to.</summary>
public sealed partial class AlertService(AlertDetector detector, AlertDeliverer deliverer, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await detector.DetectAsync(stoppingToken);
                await deliverer.DeliverDueAsync(stoppingToken);
            }
            // Any failure: an exception escaping a hosted service would stop the whole server, syncing included.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(e.GetType().Name, e.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert round failed ({ErrorType}: {Message}); trying again next round")]
    private partial void LogRoundFailed(string errorType, string message);
}
