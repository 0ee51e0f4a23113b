using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>Binds <c>Sources</c> and registers <see cref="CsvImporter"/>, <see cref="DropFolderPoller"/> and
    /// <see cref="RecentImportsStore"/>.
    /// The host registers the <see cref="Npgsql.NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddConnectorSources(this IServiceCollection services, IConfiguration configuration)
    {
        Database.DapperSettings.Apply();
        services.Configure<SourcesOptions>(configuration.GetSection(SourcesOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CsvImporter>();
        services.TryAddSingleton<DropFolderPoller>();
        services.TryAddSingleton<RecentImportsStore>();
        return services;
    }
}
