using System.Globalization;
using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Auth;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.Api;

/// <summary><c>POST /sts</c>: the two STS actions the SDK's credential providers call, in STS's query protocol (a
/// form-encoded body with <c>Action</c> and <c>Version=2011-06-15</c>; XML answers). AssumeRoleWithWebIdentity is
/// unsigned and needs a web identity token; AssumeRole must be SigV4-signed for service <c>sts</c> with keys the
/// emulator accepts. Both issue keys (<see cref="CredentialStore.Issue"/>) valid for
/// <see cref="StsOptions.CredentialLifetime"/>, which the Partner Central endpoint then accepts until they expire.</summary>
internal sealed class StsEndpoint(
    CredentialStore credentials,
    SignatureVerifier verifier,
    IOptions<EmulatorOptions> options,
    [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock)
{
    public const string Path = "/sts";
    private const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    public async Task HandleAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var form = ParseForm(Encoding.UTF8.GetString(body));
        var action = form.GetValueOrDefault("Action");

        var (status, xml) = action switch
        {
            "AssumeRoleWithWebIdentity" => AssumeRoleWithWebIdentity(form, requestId),
            "AssumeRole" => verifier.Verify(context.Request, body, "sts") is { } error
                ? Error(error.Status, error.Type, error.Message, requestId)
                : Issue("AssumeRole", Required(form, "RoleArn"), Required(form, "RoleSessionName"), requestId, subject: null),
            _ => Error(400, "InvalidAction", $"Could not find operation {action} for version 2011-06-15", requestId),
        };

        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.Headers.Date = clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        await context.Response.WriteAsync(xml, context.RequestAborted);
    }

    private (int, string) AssumeRoleWithWebIdentity(Dictionary<string, string> form, string requestId)
    {
        var token = form.GetValueOrDefault("WebIdentityToken") ?? string.Empty;
        var expected = options.Value.Sts.WebIdentityToken;
        if (token.Length == 0 || (expected is not null && !string.Equals(token, expected, StringComparison.Ordinal)))
        {
            return Error(400, "InvalidIdentityToken", "The web identity token that was passed could not be validated by AWS.", requestId);
        }

        return Issue("AssumeRoleWithWebIdentity", Required(form, "RoleArn"), Required(form, "RoleSessionName"), requestId, subject: "emulator-subject");
    }

    private (int, string) Issue(string action, string? roleArn, string? sessionName, string requestId, string? subject)
    {
        if (roleArn is null || sessionName is null)
        {
            return Error(400, "ValidationError", "RoleArn and RoleSessionName are required.", requestId);
        }

        var issued = credentials.Issue(clock.GetUtcNow(), options.Value.Sts.CredentialLifetime, roleArn, action);
        var role = roleArn[(roleArn.LastIndexOf('/') + 1)..];
        var xml = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<{action}Response xmlns=\"{Namespace}\"><{action}Result>")
            .Append(subject is null ? string.Empty : $"<SubjectFromWebIdentityToken>{subject}</SubjectFromWebIdentityToken>")
            .Append(CultureInfo.InvariantCulture, $"<AssumedRoleUser><Arn>arn:aws:sts::{Escape(options.Value.AccountId)}:assumed-role/{Escape(role)}/{Escape(sessionName)}</Arn>")
            .Append(CultureInfo.InvariantCulture, $"<AssumedRoleId>AROAEMULATOR:{Escape(sessionName)}</AssumedRoleId></AssumedRoleUser>")
            .Append(CultureInfo.InvariantCulture, $"<Credentials><AccessKeyId>{issued.AccessKeyId}</AccessKeyId><SecretAccessKey>{Escape(issued.SecretAccessKey)}</SecretAccessKey>")
            .Append(CultureInfo.InvariantCulture, $"<SessionToken>{Escape(issued.SessionToken)}</SessionToken><Expiration>{issued.Expires.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}</Expiration></Credentials>")
            .Append(CultureInfo.InvariantCulture, $"</{action}Result><ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata></{action}Response>")
            .ToString();
        return (200, xml);
    }

    private static (int, string) Error(int status, string code, string message, string requestId) =>
        (status, $"<ErrorResponse xmlns=\"{Namespace}\"><Error><Type>Sender</Type><Code>{Escape(code)}</Code><Message>{Escape(message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>");

    private static string? Required(Dictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static string Escape(string value) => SecurityElement.Escape(value) ?? string.Empty;

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            form[name] = value;
        }

        return form;
    }
}
