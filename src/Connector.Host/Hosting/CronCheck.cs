using Cronos;

namespace Connector.Host.Hosting;

/// <summary>Validates a cron expression with Cronos, the parser Hangfire embeds (5 fields, or 6 with seconds).</summary>
public static class CronCheck
{
    public static bool IsValid(string cron)
    {
        var trimmed = cron.Trim();
        var format = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        try
        {
            CronExpression.Parse(trimmed, format);
            return true;
        }
        catch (CronFormatException)
        {
            return false;
        }
    }
}
