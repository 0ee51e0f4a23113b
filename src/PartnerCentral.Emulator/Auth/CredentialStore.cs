using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Auth;

/// <summary>The access keys the emulator accepts: the configured list (or the AWS documentation's example key), and
/// the temporary keys its STS issued.</summary>
internal sealed class CredentialStore(IOptions<EmulatorOptions> options)
{
    private readonly Dictionary<string, CredentialOptions> byAccessKey = Load(options.Value.Credentials);
    private readonly ConcurrentDictionary<string, IssuedCredential> issued = new(StringComparer.Ordinal);

    public CredentialOptions? Find(string accessKeyId) =>
        byAccessKey.GetValueOrDefault(accessKeyId)
        ?? (issued.TryGetValue(accessKeyId, out var temporary)
            ? new CredentialOptions { AccessKeyId = temporary.AccessKeyId, SecretAccessKey = temporary.SecretAccessKey, SessionToken = temporary.SessionToken }
            : null);

    public IssuedCredential? FindIssued(string accessKeyId) => issued.GetValueOrDefault(accessKeyId);

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<IssuedCredential> Issued => issued.Values.OrderBy(c => c.Expires).ToList();

    public IssuedCredential Issue(DateTimeOffset now, TimeSpan lifetime, string roleArn, string action)
    {
        var credential = new IssuedCredential(
            "ASIA" + RandomNumberGenerator.GetHexString(16),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            "IQoJemulator" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            now + lifetime,
            roleArn,
            action);
        issued[credential.AccessKeyId] = credential;
        return credential;
    }

    private static Dictionary<string, CredentialOptions> Load(List<CredentialOptions> configured)
    {
        var credentials = configured.Count > 0
            ? configured
            : [new CredentialOptions { AccessKeyId = CredentialOptions.ExampleAccessKeyId, SecretAccessKey = CredentialOptions.ExampleSecretAccessKey }];
        return credentials
            .Where(c => c.AccessKeyId.Length > 0)
            .GroupBy(c => c.AccessKeyId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }
}
