using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Reliability;
using PartnerCentral.Emulator;
using Xunit.Abstractions;

namespace Connector.IntegrationTests.Client;

/// <summary>A whole <c>connector sync</c> whose only credentials are what the SDK's chain obtains from the emulator's
/// STS (pointed at with <c>AWS_ENDPOINT_URL_STS</c>): web identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, as on
/// EKS/IRSA or in GitHub OIDC) and an assume-role profile. The keys live 2 seconds by the emulator's clock, shorter
/// than the run, so the sync keeps working only if the SDK signs with the temporary keys and refreshes them.</summary>
/// Each scenario is its own class, so each gets a database of its own (the ledger of one run would settle the other's).
public abstract class CredentialChainTests(DatabaseFixture database, ITestOutputHelper output) : IDisposable
{
    protected const string WebIdentityToken = "eyJhbGciOiJSUzI1NiJ9.emulator-web-identity.signature";
    private readonly string _directory = Directory.CreateTempSubdirectory("connector-credential-chain-").FullName;

    public void Dispose()
    {
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected async Task WebIdentityAsync()
    {
        await using var emulator = await StartEmulatorAsync();
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 12);
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, WebIdentityToken);
        var environment = Environment(emulator);
        environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile;
        environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/partner-sync";
        environment["AWS_ROLE_SESSION_NAME"] = "partner-sync-test";

        await RunAndAssertAsync(emulator, changes, environment, "AssumeRoleWithWebIdentity");
    }

    protected async Task AssumeRoleProfileAsync()
    {
        await using var emulator = await StartEmulatorAsync();
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 12);
        await File.WriteAllTextAsync(Path.Combine(_directory, "config"),
            "[profile partner]\nrole_arn = arn:aws:iam::123456789012:role/partner-sync\nsource_profile = base\nregion = us-east-1\n\n[profile base]\nregion = us-east-1\n");
        await File.WriteAllTextAsync(Path.Combine(_directory, "credentials"),
            "[base]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n");
        var environment = Environment(emulator);
        environment["AWS_PROFILE"] = "partner";

        await RunAndAssertAsync(emulator, changes, environment, "AssumeRole");
    }

    protected async Task ContainerCredentialsAsync()
    {
        await using var emulator = await StartEmulatorAsync();
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 12);
        var environment = Environment(emulator);
        // As ECS/Fargate and EKS Pod Identity set them; the emulator refuses a request without this Authorization.
        environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = new Uri(emulator.BaseAddress, "container-credentials").ToString();
        environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = ContainerAuthorization;

        await RunAndAssertAsync(emulator, changes, environment, "ContainerCredentials");
    }

    protected async Task InstanceProfileAsync()
    {
        await using var emulator = await StartEmulatorAsync();
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 12);
        var environment = Environment(emulator);
        // The instance metadata service (IMDSv2: a session token first), which the chain asks last.
        environment["AWS_EC2_METADATA_DISABLED"] = null;
        // (The SDK appends "/latest/..." to it, so no trailing slash.)
        environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = emulator.BaseAddress.ToString().TrimEnd('/');

        // The SDK refreshes instance-role keys on its own schedule (and, by design, keeps using keys it holds when the
        // service cannot be asked): with 2-second keys a call can go out on expired ones. The client's expired-token
        // refresh then takes new keys and sends that call once more.
        await RunAndAssertAsync(emulator, changes, environment, "InstanceProfile", expiredTokenRefreshes: true);
    }

    protected async Task SsoProfileAsync()
    {
        await using var emulator = await StartEmulatorAsync();
        var changes = await Workload.StageAsync(database.ConnectionString, emulator, associates: 12);
        await File.WriteAllTextAsync(Path.Combine(_directory, "config"),
            "[profile partner]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = PartnerSync\nregion = us-east-1\n\n"
            + "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
        // What 'aws sso login --profile partner' leaves: the access token, cached under the SHA-1 of the session name
        // in ~/.aws/sso/cache (HOME is this test's folder).
        var cache = Directory.CreateDirectory(Path.Combine(_directory, ".aws", "sso", "cache")).FullName;
        var name = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData("corp"u8));
        await File.WriteAllTextAsync(Path.Combine(cache, name + ".json"), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["accessToken"] = SsoAccessToken,
            ["expiresAt"] = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["region"] = "us-east-1",
            ["startUrl"] = "https://corp.awsapps.com/start",
        }));
        var environment = Environment(emulator);
        environment["HOME"] = _directory;
        environment["AWS_PROFILE"] = "partner";
        environment["AWS_ENDPOINT_URL_SSO"] = emulator.BaseAddress.ToString();

        await RunAndAssertAsync(emulator, changes, environment, "SsoRoleCredentials");
    }

    private const string ContainerAuthorization = "emulator-container-authorization";
    private const string SsoAccessToken = "emulator-sso-access-token";

    private static Task<EmulatorServer> StartEmulatorAsync()
    {
        var settings = Workload.EmulatorSettings([], writesPerSecond: 20);
        settings["Emulator:Sts:CredentialLifetime"] = "00:00:02";
        settings["Emulator:Sts:WebIdentityToken"] = WebIdentityToken;
        settings["Emulator:Sts:ContainerAuthorizationToken"] = ContainerAuthorization;
        settings["Emulator:Sts:SsoAccessToken"] = SsoAccessToken;
        return EmulatorServer.StartAsync(settings);
    }

    /// <summary>No static keys anywhere: only the chain's other sources, with profile files of this test's own.</summary>
    private Dictionary<string, string?> Environment(EmulatorServer emulator)
    {
        var environment = ConnectorProcess.Environment(database.ConnectionString, emulator.BaseAddress, writesPerSecond: 4);
        environment["AWS_ACCESS_KEY_ID"] = null;
        environment["AWS_SECRET_ACCESS_KEY"] = null;
        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_directory, "credentials");
        environment["AWS_CONFIG_FILE"] = Path.Combine(_directory, "config");
        environment["AWS_ENDPOINT_URL_STS"] = emulator.StsAddress.ToString();
        environment["AWS_REGION"] = "us-east-1";
        return environment;
    }

    private async Task RunAndAssertAsync(
        EmulatorServer emulator, Workload changes, Dictionary<string, string?> environment, string action, bool expiredTokenRefreshes = false)
    {
        var started = DateTimeOffset.UtcNow;
        var (exitCode, text) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(90), "sync");
        var elapsed = DateTimeOffset.UtcNow - started;
        output.WriteLine($"issued: {string.Join(", ", emulator.IssuedCredentials)}");

        Assert.True(exitCode == 0, $"sync exited {exitCode}:\\n{text}");
        Assert.Empty(await changes.WrongStatusesAsync(database.ConnectionString));
        var calls = emulator.Calls;
        var issued = emulator.IssuedCredentials;
        output.WriteLine($"{calls.Count} calls in {elapsed.TotalSeconds:0.0} s with {issued.Count} issued keys ({action})");

        // Every call was answered 200 and signed with keys the emulator's STS issued (never a refused, expired key);
        // where expired keys can be held, each refusal is followed by the same call answered with fresh keys.
        var refused = calls.Select((c, i) => (Call: c, Index: i)).Where(x => x.Call.HttpStatus != 200).ToList();
        if (expiredTokenRefreshes)
        {
            Assert.All(refused, x =>
            {
                Assert.Equal("ExpiredTokenException", x.Call.ErrorType);
                var next = calls.Skip(x.Index + 1).First(c => c.Operation == x.Call.Operation);
                Assert.Equal(200, next.HttpStatus);
            });
            Assert.True(refused.Count < issued.Count, $"{refused.Count} refusals for {issued.Count} keys issued");
        }
        else
        {
            Assert.Empty(refused.Select(x => x.Call));
        }

        Assert.Equal(calls.Count - refused.Count, issued.Sum(c => c.Uses));
        Assert.All(issued, c => Assert.Equal(action, c.Action));

        // The run outlived the first keys, so they were refreshed: later keys carried the rest of the run.
        Assert.True(elapsed > TimeSpan.FromSeconds(2), $"the run took {elapsed}, not longer than the keys live");
        Assert.True(issued.Count >= 2, $"{issued.Count} keys issued");
        Assert.True(issued.Skip(1).Sum(c => c.Uses) > 0);
    }
}

[Collection(ReliabilityCollection.Name)]
public sealed class WebIdentityCredentialsTests(DatabaseFixture database, ITestOutputHelper output)
    : CredentialChainTests(database, output), IClassFixture<DatabaseFixture>
{
    [Fact]
    public Task Sync_SignsWithRefreshedTemporaryKeys_WhenCredentialsComeFromWebIdentity() => WebIdentityAsync();
}

[Collection(ReliabilityCollection.Name)]
public sealed class AssumeRoleCredentialsTests(DatabaseFixture database, ITestOutputHelper output)
    : CredentialChainTests(database, output), IClassFixture<DatabaseFixture>
{
    [Fact]
    public Task Sync_SignsWithRefreshedTemporaryKeys_WhenProfileAssumesRole() => AssumeRoleProfileAsync();
}

[Collection(ReliabilityCollection.Name)]
public sealed class ContainerCredentialsTests(DatabaseFixture database, ITestOutputHelper output)
    : CredentialChainTests(database, output), IClassFixture<DatabaseFixture>
{
    [Fact]
    public Task Sync_SignsWithRefreshedTemporaryKeys_WhenCredentialsComeFromTheContainerEndpoint() => ContainerCredentialsAsync();
}

[Collection(ReliabilityCollection.Name)]
public sealed class InstanceProfileCredentialsTests(DatabaseFixture database, ITestOutputHelper output)
    : CredentialChainTests(database, output), IClassFixture<DatabaseFixture>
{
    [Fact]
    public Task Sync_SignsWithRefreshedTemporaryKeys_WhenCredentialsComeFromInstanceMetadata() => InstanceProfileAsync();
}

[Collection(ReliabilityCollection.Name)]
public sealed class SsoCredentialsTests(DatabaseFixture database, ITestOutputHelper output)
    : CredentialChainTests(database, output), IClassFixture<DatabaseFixture>
{
    [Fact]
    public Task Sync_SignsWithRefreshedTemporaryKeys_WhenProfileUsesSso() => SsoProfileAsync();
}
