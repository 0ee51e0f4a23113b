using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Host.Dashboard;

/// <summary>The dashboard host's way in, in order: host filtering (only our names: DNS rebinding), the cross-site
/// POST check, the rate limiter for login attempts that cost a hash, then the login itself. The dashboard's
/// authorization filter (<see cref="DashboardAccess"/>) and antiforgery come after.</summary>
public static class DashboardSecurity
{
    /// <summary>Hashed login attempts per user name: a burst of this many, then one per <see cref="UserRefill"/>.</summary>
    public const int AttemptsPerUser = 10;

    /// <summary>Hashed login attempts per client address: a burst of this many, then one per <see cref="AddressRefill"/>.</summary>
    public const int AttemptsPerAddress = 30;

    public static readonly TimeSpan UserRefill = TimeSpan.FromSeconds(6);

    public static readonly TimeSpan AddressRefill = TimeSpan.FromSeconds(2);

    public static void AddDashboardSecurity(this IServiceCollection services, ConnectorDashboardOptions options, IReadOnlyList<DashboardUser> users, IEnumerable<string> urls)
    {
        var hosts = HostNames(urls, options.AllowedHosts);
        services.Configure<HostFilteringOptions>(filter =>
        {
            filter.AllowedHosts = hosts;
            filter.AllowEmptyHosts = false;
            filter.IncludeFailureMessage = false;
        });
        services.AddSingleton(new DashboardAccess(options.TrustLoopback, users.Count > 0));
        services.AddSingleton(provider => new DashboardLogin(users, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(new CrossSiteCheck(Split(options.AllowedHosts)));
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(http => "user:" + Truncate(DashboardLogin.ClaimedName(http.Request)), AttemptsPerUser, UserRefill),
                Limiter(http => "address:" + http.Connection.RemoteIpAddress, AttemptsPerAddress, AddressRefill));
            limiter.OnRejected = async (rejected, ct) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.Response.WriteAsync($"Too many login attempts; try again in {seconds} s.", ct);
            };
        });
    }

    public static void UseDashboardSecurity(this WebApplication app)
    {
        // Host filtering is already first in the pipeline: the web host's defaults add it (HostFilteringStartupFilter),
        // with the options set above.
        app.Use(app.Services.GetRequiredService<CrossSiteCheck>().CheckAsync);
        app.UseRateLimiter();
        app.Use(app.Services.GetRequiredService<DashboardLogin>().AuthenticateAsync);
    }

    /// <summary>The host names served: those of the listening URLs (for a loopback or all-addresses URL, the loopback
    /// names a local browser uses) and the configured extra names. Never a wildcard unless configured.</summary>
    public static List<string> HostNames(IEnumerable<string> urls, string? allowedHosts)
    {
        var names = new List<string>();
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri))
            {
                continue;
            }

            var host = uri.Host.Trim('[', ']');
            var address = IPAddress.TryParse(host, out var parsed) ? parsed : null;
            if (host == "localhost" || address is not null && (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)))
            {
                names.AddRange(["localhost", "127.0.0.1", "[::1]"]);
            }
            else
            {
                names.Add(uri.Host);
            }
        }

        names.AddRange(Split(allowedHosts));
        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static List<string> Split(string? hosts) =>
        (hosts ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    // Only requests that would cost a hash are counted: no credentials (the login prompt) and logins verified lately
    // are free, so a logged-in page polling every few seconds is never limited.
    private static PartitionedRateLimiter<HttpContext> Limiter(Func<HttpContext, string> key, int burst, TimeSpan refill) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
            http.RequestServices.GetRequiredService<DashboardLogin>().NeedsHash(http.Request)
                ? RateLimitPartition.GetTokenBucketLimiter(key(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = burst,
                    TokensPerPeriod = 1,
                    ReplenishmentPeriod = refill,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                })
                : RateLimitPartition.GetNoLimiter(string.Empty));

    private static string Truncate(string? name) => name is null ? string.Empty : name.Length <= 64 ? name : name[..64];
}
