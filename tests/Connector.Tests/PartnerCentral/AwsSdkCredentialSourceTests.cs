using Connector.PartnerCentral;
using Connector.PartnerCentral.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Tests.PartnerCentral;

[Collection(AwsEnvironmentCollection.Name)]
public sealed class AwsSdkCredentialSourceTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_DISABLED",
    ];

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    // One credentials file for the whole run, written before the SDK first looks: the SDK reads the shared files
    // once per process and keeps what it found. It holds only a "partner" profile, so without AWS_PROFILE the
    // chain finds nothing.
    private static readonly string ProfileDirectory = CreateProfileDirectory();

    public AwsSdkCredentialSourceTests()
    {
        // Start from a machine with nothing configured: no variables, profile files that do not exist, no IMDS.
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(ProfileDirectory, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(ProfileDirectory, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

    }

    /// <summary>AWSSDK.Core reads the profile files' locations when any SDK client or config is first built (other
    /// tests in this assembly build some), so they are pointed here before anything else runs.</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void PointSdkAtTestProfiles()
    {
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(ProfileDirectory, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(ProfileDirectory, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    private static string CreateProfileDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("connector-tests-aws-").FullName;
        File.WriteAllText(Path.Combine(directory, "credentials"), "[partner]\naws_access_key_id = AKIDFROMPROFILE\naws_secret_access_key = secret-from-profile\n");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return directory;
    }

    [Fact]
    public async Task GetCredentialsAsync_ReturnsKeysAndToken_WhenEnvironmentVariablesAreSet()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "secret-from-env");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "token-from-env");

        var credentials = await new AwsSdkCredentialSource().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKIDFROMENV", "secret-from-env", "token-from-env"), credentials);
        Assert.True(credentials.HasToken);
    }

    [Fact]
    public async Task GetCredentialsAsync_ReturnsProfileKeys_WhenAwsProfileNamesProfileInCredentialsFile()
    {
        Environment.SetEnvironmentVariable("AWS_PROFILE", "partner");

        var credentials = await new AwsSdkCredentialSource().GetCredentialsAsync(CancellationToken.None);

        Assert.Equal(new AwsCredentials("AKIDFROMPROFILE", "secret-from-profile", null), credentials);
        Assert.False(credentials.HasToken);
    }

    [Fact]
    public async Task GetCredentialsAsync_ThrowsCredentialsNotFoundSayingWhatToSet_WhenNothingIsConfigured()
    {
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(
            () => new AwsSdkCredentialSource().GetCredentialsAsync(CancellationToken.None));

        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", e.Message);
        Assert.Contains("AWS_PROFILE", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(PartnerCentralErrorKind.Credentials, e.Kind);
        Assert.False(e.IsRetryable);
        Assert.NotNull(e.InnerException);
    }

    [Fact]
    public async Task AssociateOpportunityAsync_ThrowsCredentialsNotFoundWithoutCalling_WhenChainFindsNothing()
    {
        await using var server = await LoopbackServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PartnerCentral:Endpoint"] = server.BaseAddress.ToString() })
            .Build();
        services.AddPartnerCentralClient(configuration);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IPartnerCentralClient>();

        await Assert.ThrowsAsync<CredentialsNotFoundException>(() => client.AssociateOpportunityAsync(
            new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.Solutions, "S-1"), CancellationToken.None));

        Assert.Empty(server.Received);
    }

    [Fact]
    public void ToString_HidesSecretAndToken_WhenCredentialsArePrinted()
    {
        var text = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN").ToString();

        Assert.DoesNotContain("wJalrXUtnFEMI", text);
        Assert.DoesNotContain("SESSIONTOKEN", text);
        Assert.Contains("AKIDEXAMPLE", text);
    }
}
