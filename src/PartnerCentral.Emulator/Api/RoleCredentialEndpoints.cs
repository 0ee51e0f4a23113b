using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Auth;
using PartnerCentral.Emulator.Options;

namespace PartnerCentral.Emulator.Api;

/// <summary>The two places a workload's role keys come from without any configuration, as the SDK's chain asks them:
/// the container credentials endpoint (ECS/Fargate, EKS Pod Identity: <c>GET</c> <see cref="ContainerPath"/>, pointed
/// at with <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>, the <c>Authorization</c> header from
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c>) and the EC2 instance metadata service, IMDSv2 only (a session token from
/// <c>PUT /latest/api/token</c>, then the role's name and keys under <see cref="InstanceRolePath"/>; pointed at with
/// <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>); and IAM Identity Center's role credentials for an SSO profile
/// (<c>GET</c> <see cref="SsoPath"/>, pointed at with <c>AWS_ENDPOINT_URL_SSO</c>). All issue keys like the STS stand-in, valid for
/// <see cref="StsOptions.CredentialLifetime"/>.</summary>
internal sealed class RoleCredentialEndpoints(
    CredentialStore credentials,
    IOptions<EmulatorOptions> options,
    [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock)
{
    public const string ContainerPath = "/container-credentials";
    public const string InstanceTokenPath = "/latest/api/token";
    public const string InstanceRolePath = "/latest/meta-data/iam/security-credentials";
    public const string InstanceRole = "partner-sync-instance";
    public const string SsoPath = "/federation/credentials";

    // IMDSv2 session tokens handed out (any TTL is accepted; they last as long as the emulator).
    private readonly HashSet<string> _sessionTokens = [];
    private readonly Lock _lock = new();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ContainerPath, (HttpContext context, RoleCredentialEndpoints role) => role.ContainerAsync(context));
        endpoints.MapPut(InstanceTokenPath, (HttpContext context, RoleCredentialEndpoints role) => role.InstanceTokenAsync(context));
        endpoints.MapGet(InstanceRolePath, (HttpContext context, RoleCredentialEndpoints role) => role.InstanceRoleNameAsync(context));
        endpoints.MapGet(SsoPath, (HttpContext context, RoleCredentialEndpoints role) => role.SsoAsync(context));
        endpoints.MapGet(InstanceRolePath + "/{role}", (HttpContext context, string role, RoleCredentialEndpoints endpoints) => endpoints.InstanceKeysAsync(context, role));
    }

    private Task ContainerAsync(HttpContext context)
    {
        var expected = options.Value.Sts.ContainerAuthorizationToken;
        if (expected is not null && !string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        var issued = Issue("ContainerCredentials", $"arn:aws:iam::{options.Value.AccountId}:role/partner-sync-task");
        return WriteJsonAsync(context, new Dictionary<string, string>
        {
            ["AccessKeyId"] = issued.AccessKeyId,
            ["SecretAccessKey"] = issued.SecretAccessKey,
            ["Token"] = issued.SessionToken,
            ["Expiration"] = Stamp(issued.Expires),
            ["RoleArn"] = issued.RoleArn,
        });
    }

    /// <summary>IAM Identity Center's GetRoleCredentials: the bearer token from <c>aws sso login</c>'s cache, the
    /// account and role from the SSO profile.</summary>
    private Task SsoAsync(HttpContext context)
    {
        var token = context.Request.Headers["x-amz-sso_bearer_token"].ToString();
        var expected = options.Value.Sts.SsoAccessToken;
        if (token.Length == 0 || (expected is not null && !string.Equals(token, expected, StringComparison.Ordinal)))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return WriteJsonAsync(context, new Dictionary<string, string> { ["message"] = "Session token not found or invalid" });
        }

        var account = context.Request.Query["account_id"].ToString();
        var role = context.Request.Query["role_name"].ToString();
        if (account.Length == 0 || role.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return WriteJsonAsync(context, new Dictionary<string, string> { ["message"] = "account_id and role_name are required" });
        }

        var issued = Issue("SsoRoleCredentials", $"arn:aws:iam::{account}:role/{role}");
        var body = new Dictionary<string, object>
        {
            ["roleCredentials"] = new Dictionary<string, object>
            {
                ["accessKeyId"] = issued.AccessKeyId,
                ["secretAccessKey"] = issued.SecretAccessKey,
                ["sessionToken"] = issued.SessionToken,
                ["expiration"] = issued.Expires.ToUnixTimeMilliseconds(),
            },
        };
        return WriteJsonAsync(context, body);
    }

    private Task InstanceTokenAsync(HttpContext context)
    {
        if (!context.Request.Headers.ContainsKey("X-aws-ec2-metadata-token-ttl-seconds"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        lock (_lock)
        {
            _sessionTokens.Add(token);
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(token, context.RequestAborted);
    }

    private Task InstanceRoleNameAsync(HttpContext context)
    {
        if (!HasSessionToken(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(InstanceRole, context.RequestAborted);
    }

    private Task InstanceKeysAsync(HttpContext context, string role)
    {
        if (!HasSessionToken(context))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        if (role != InstanceRole)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var issued = Issue("InstanceProfile", $"arn:aws:iam::{options.Value.AccountId}:role/{InstanceRole}");
        return WriteJsonAsync(context, new Dictionary<string, string>
        {
            ["Code"] = "Success",
            ["LastUpdated"] = Stamp(clock.GetUtcNow()),
            ["Type"] = "AWS-HMAC",
            ["AccessKeyId"] = issued.AccessKeyId,
            ["SecretAccessKey"] = issued.SecretAccessKey,
            ["Token"] = issued.SessionToken,
            ["Expiration"] = Stamp(issued.Expires),
        });
    }

    private bool HasSessionToken(HttpContext context)
    {
        var token = context.Request.Headers["X-aws-ec2-metadata-token"].ToString();
        lock (_lock)
        {
            return _sessionTokens.Contains(token);
        }
    }

    private IssuedCredential Issue(string action, string roleArn) =>
        credentials.Issue(clock.GetUtcNow(), options.Value.Sts.CredentialLifetime, roleArn, action);

    private static async Task WriteJsonAsync<T>(HttpContext context, Dictionary<string, T> body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
