using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Auth;

/// <summary>The access keys the emulator accepts: the configured list, or the AWS documentation's example key.</summary>
internal sealed class CredentialStore(IOptions<EmulatorOptions> options)
{
    private readonly Dictionary<string, CredentialOptions> byAccessKey = Load(options.Value.Credentials);

    public CredentialOptions? Find(string accessKeyId) => byAccessKey.GetValueOrDefault(accessKeyId);

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
