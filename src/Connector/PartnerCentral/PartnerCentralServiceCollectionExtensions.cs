using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.PartnerCentral;

// TEMP stub: the client branch provides the real registration.
public static class PartnerCentralServiceCollectionExtensions
{
    public static IServiceCollection AddPartnerCentralClient(this IServiceCollection services, IConfiguration configuration) => services;
}
