using Hangfire;
using Hangfire.PostgreSql;

namespace Connector.Jobs;

/// <summary>Hangfire on the connector's Postgres, tuned for a paced, crash-safe sync on several servers.</summary>
public static class HangfireStorageSetup
{
    public static IGlobalConfiguration UseConnectorStorage(this IGlobalConfiguration configuration, string connectionString) =>
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(options => options.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                PrepareSchemaIfNecessary = true,
                // A job of a killed server becomes visible to others after this; sliding keeps long lanes alive.
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                UseSlidingInvisibilityTimeout = true,
                QueuePollInterval = TimeSpan.FromSeconds(1),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
                JobExpirationCheckInterval = TimeSpan.FromHours(1),
            });
}
