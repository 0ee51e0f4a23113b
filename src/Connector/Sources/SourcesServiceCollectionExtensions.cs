using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Connector.Sources;

public static class SourcesServiceCollectionExtensions
{
    /// <summary>Binds <c>Sources</c> and registers <see cref="CsvImporter"/>, <see cref="DropFolderPoller"/>,
    /// <see cref="RecentImportsStore"/> and <see cref="CrmExportStore"/>.
    /// The host registers the <see cref="Npgsql.NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddConnectorSources(this IServiceCollection services, IConfiguration configuration)
    {
        Database.DapperSettings.Apply();
        services.Configure<SourcesOptions>(configuration.GetSection(SourcesOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CsvImporter>();
        services.TryAddSingleton<DropFolderPoller>();
        services.TryAddSingleton<RecentImportsStore>();
        services.TryAddSingleton<CrmExportStore>();
        return services;
    }
}
