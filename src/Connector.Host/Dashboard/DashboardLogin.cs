using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Connector.Host.Dashboard;

/// <summary>Checks HTTP Basic credentials against the configured users and makes a verified user the request's
/// <see cref="HttpContext.User"/> (so the antiforgery token is tied to that user). An unknown user costs one hash,
/// as a known one does; a verified login is remembered for <see cref="CacheFor"/> (keyed by an HMAC of the
/// credentials, never the password itself), so page polling does not pay a hash per request. Attempts that need a
/// hash are rate-limited before they get here (<see cref="DashboardSecurity"/>).</summary>
public sealed class DashboardLogin
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private const string UserItem = "connector.dashboard.user";
    private const int MaxCached = 1024;

    private readonly IReadOnlyList<DashboardUser> users;
    private readonly TimeProvider time;
    private readonly byte[] cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (DashboardUser User, DateTimeOffset Until)> verified = new(StringComparer.Ordinal);

    // Checked for a user that does not exist, so a wrong name takes as long as a wrong password.
    private readonly Lazy<string> decoy;

    public DashboardLogin(IReadOnlyList<DashboardUser> users, TimeProvider time)
    {
        this.users = users;
        this.time = time;
        decoy = new(() => PasswordHash.CreateLike(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)), users.Select(u => u.PasswordHash)));
    }

    /// <summary>The request's dashboard user: set by the login, or the local user when loopback is trusted.</summary>
    public static DashboardUser? UserOf(HttpContext http) => http.Items[UserItem] as DashboardUser;

    public static void SetUser(HttpContext http, DashboardUser user) => http.Items[UserItem] = user;

    /// <summary>The user name in the request's Basic credentials, or null when it carries none.</summary>
    public static string? ClaimedName(HttpRequest request) => Read(request)?.Name;

    /// <summary>True when the request carries credentials that would cost a hash: present and not verified lately.</summary>
    public bool NeedsHash(HttpRequest request) => Read(request) is { } credentials && Cached(credentials.Pair) is null;

    /// <summary>Middleware: a request with valid credentials becomes that user; any other stays anonymous (the
    /// dashboard's authorization filter then answers 401, or lets a trusted local request in).</summary>
    public Task AuthenticateAsync(HttpContext http, RequestDelegate next)
    {
        if (Read(http.Request) is { } credentials && Check(credentials) is { } user)
        {
            SetUser(http, user);
            http.User = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, user.Name), new Claim(ClaimTypes.Name, user.Name)], "Basic"));
        }

        return next(http);
    }

    /// <summary>The user these credentials belong to, or null; always one hash unless verified lately.</summary>
    public DashboardUser? Check(string name, string password) => Check(new Credentials(name, password, $"{name}:{password}"));

    private DashboardUser? Check(Credentials credentials)
    {
        if (Cached(credentials.Pair) is { } cached)
        {
            return cached;
        }

        var user = users.FirstOrDefault(u => string.Equals(u.Name, credentials.Name, StringComparison.Ordinal));
        var matches = PasswordHash.Verify(credentials.Password, user?.PasswordHash ?? decoy.Value);
        if (user is null || !matches)
        {
            return null;
        }

        if (verified.Count >= MaxCached)
        {
            foreach (var (key, entry) in verified)
            {
                if (entry.Until <= time.GetUtcNow())
                {
                    verified.TryRemove(key, out _);
                }
            }
        }

        verified[CacheKey(credentials.Pair)] = (user, time.GetUtcNow() + CacheFor);
        return user;
    }

    private DashboardUser? Cached(string pair) =>
        verified.TryGetValue(CacheKey(pair), out var entry) && entry.Until > time.GetUtcNow() ? entry.User : null;

    private string CacheKey(string pair) => Convert.ToBase64String(HMACSHA256.HashData(cacheKey, Encoding.UTF8.GetBytes(pair)));

    private static Credentials? Read(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':');
        return colon <= 0 ? null : new Credentials(decoded[..colon], decoded[(colon + 1)..], decoded);
    }

    private sealed record Credentials(string Name, string Password, string Pair);
}
