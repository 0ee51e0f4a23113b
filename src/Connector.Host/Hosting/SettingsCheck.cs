using Connector.Host.Dashboard;
using Connector.Jobs;
using Connector.PartnerCentral;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Connector.Host.Hosting;

/// <summary>Checks the settings a command needs before anything starts, naming the key and what is wrong.</summary>
public static class SettingsCheck
{
    public static string ConnectionString(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString("Connector");
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ConfigurationException(
                "ConnectionStrings:Connector is not set. Set it in config/appsettings.json or as ConnectionStrings__Connector " +
                "(e.g. Host=127.0.0.1;Port=5432;Database=connector;Username=connector;Password=...), or run 'demo', which starts its own Postgres.");
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException error)
        {
            throw new ConfigurationException($"ConnectionStrings:Connector is not a valid connection string: {error.Message}");
        }

        return value;
    }

    public static void PartnerCentral(IConfiguration configuration)
    {
        var options = configuration.GetSection(PartnerCentralOptions.SectionName).Get<PartnerCentralOptions>() ?? new PartnerCentralOptions();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new ConfigurationException($"PartnerCentral:Endpoint '{options.Endpoint}' is not an absolute http(s) URL (e.g. http://127.0.0.1:4566 for the emulator).");
        }

        if (options.WritesPerSecond <= 0 || options.WritesPer24Hours <= 0 || options.ReadsPerSecond <= 0)
        {
            throw new ConfigurationException("PartnerCentral:WritesPerSecond, WritesPer24Hours and ReadsPerSecond must be greater than 0.");
        }
    }

    public static void Schedules(IConfiguration configuration)
    {
        var schedules = configuration.GetSection(ScheduleOptions.Section).Get<ScheduleOptions>() ?? new ScheduleOptions();
        foreach (var (key, cron) in new[]
                 {
                     ("NightlyFullSync", schedules.NightlyFullSync),
                     ("IncrementalSync", schedules.IncrementalSync),
                     ("DropFolderPoll", schedules.DropFolderPoll),
                     ("Reconcile", schedules.Reconcile),
                     ("SolutionRefresh", schedules.SolutionRefresh),
                 })
        {
            if (!ScheduleOptions.IsUnset(cron) && !ScheduleOptions.IsOff(cron) && !CronCheck.IsValid(cron))
            {
                throw new ConfigurationException(
                    $"Schedules:{key} '{cron}' is not a valid cron expression (five fields, UTC, e.g. '*/15 * * * *'; '{ScheduleOptions.Off}' removes the job, empty leaves it as the other servers set it).");
            }
        }
    }

    /// <summary>The dashboard's users, after checking that someone can log in and that every password hash is one
    /// <c>connector hash-password</c> would make (the message names the user, never the hash).</summary>
    public static List<DashboardUser> DashboardUsers(ConnectorDashboardOptions dashboard)
    {
        var users = new List<DashboardUser>();
        for (var index = 0; index < dashboard.Users.Count; index++)
        {
            var user = dashboard.Users[index];
            // A user with no name or no hash (an unset variable in a deployment file) is no user at all.
            if (string.IsNullOrWhiteSpace(user.Name) || string.IsNullOrWhiteSpace(user.PasswordHash))
            {
                continue;
            }

            if (PasswordHash.Problem(user.PasswordHash) is { } problem)
            {
                throw new ConfigurationException(
                    $"Dashboard:Users:{index}:PasswordHash of user '{user.Name}' {problem}. Make a new one with 'connector hash-password'.");
            }

            users.Add(user);
        }

        if (users.Count == 0 && !dashboard.TrustLoopback)
        {
            throw new ConfigurationException(
                "No Dashboard:Users are configured and Dashboard:TrustLoopback is not true, so nobody could use the dashboard. " +
                "Add a user (Dashboard__Users__0__Name, Dashboard__Users__0__PasswordHash from 'connector hash-password'), or set " +
                "Dashboard__TrustLoopback=true if nothing on this machine relays connections to the dashboard's port.");
        }

        return users;
    }
}
