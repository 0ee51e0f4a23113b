using System.Security.Cryptography;
using System.Text;

namespace Connector.Host.Dashboard;

/// <summary>PBKDF2-SHA256 password hashes for dashboard users: configuration never holds a password. A stored hash
/// is checked at start-up (<see cref="Problem"/>): one that is malformed or weaker than <see cref="Create"/> makes
/// <c>serve</c> refuse to start, and never verifies (an empty digest would otherwise match any password).</summary>
public static class PasswordHash
{
    public const int MinIterations = 210_000;

    public const int DigestBytes = 32;

    public const int MinSaltBytes = 16;

    // Beyond this, one login attempt would tie up a core for seconds.
    private const int MaxIterations = 10_000_000;

    private const string Scheme = "pbkdf2-sha256";

    public static string Create(string password) => Create(password, MinIterations);

    /// <summary>A hash with as many iterations as <paramref name="like"/> (or the minimum): checking a password
    /// against it costs the same time.</summary>
    public static string CreateLike(string password, IEnumerable<string> like) =>
        Create(password, like.Select(stored => Parse(stored, out var iterations, out _, out _) is null ? iterations : MinIterations).DefaultIfEmpty(MinIterations).Max());

    private static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(MinSaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, DigestBytes);
        return $"{Scheme}${iterations.ToString(System.Globalization.CultureInfo.InvariantCulture)}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    /// <summary>What is wrong with a stored hash, in words that never repeat it; null when it is usable.</summary>
    public static string? Problem(string stored) => Parse(stored, out _, out _, out _);

    public static bool Verify(string password, string stored)
    {
        if (Parse(stored, out var iterations, out var salt, out var expected) is not null)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, DigestBytes);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static string? Parse(string stored, out int iterations, out byte[] salt, out byte[] digest)
    {
        (iterations, salt, digest) = (0, [], []);
        var parts = (stored ?? string.Empty).Split('$');
        if (parts.Length != 4 || parts[0] != Scheme)
        {
            return $"is not a '{Scheme}$iterations$salt$digest' hash";
        }

        if (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations)
            || iterations < MinIterations || iterations > MaxIterations)
        {
            return $"has {parts[1]} iterations; at least {MinIterations:N0} (and at most {MaxIterations:N0}) are required";
        }

        try
        {
            salt = Convert.FromBase64String(parts[2]);
            digest = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return "has a salt or digest that is not base64";
        }

        if (salt.Length < MinSaltBytes)
        {
            return $"has a {salt.Length}-byte salt; at least {MinSaltBytes} bytes are required";
        }

        return digest.Length == DigestBytes ? null : $"has a {digest.Length}-byte digest; a SHA-256 digest is {DigestBytes} bytes";
    }
}
