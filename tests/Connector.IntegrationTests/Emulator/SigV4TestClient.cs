using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Connector.TestSigning;

namespace Connector.IntegrationTests.Emulator;

/// <summary>A small awsJson1_0 client for the emulator tests, signing with the shared SigV4 steps. The real
/// connector client is written elsewhere; this one exists to send requests the real one never would (wrong
/// secret, skewed clock, tampered body).</summary>
internal sealed class SigV4TestClient : IDisposable
{
    public const string AmzJson = "application/x-amz-json-1.0";

    private readonly HttpClient http;
    private readonly Func<DateTimeOffset> clock;

    public SigV4TestClient(Uri baseAddress, Func<DateTimeOffset>? clock = null)
    {
        http = new HttpClient { BaseAddress = baseAddress };
        this.clock = clock ?? (() => DateTimeOffset.UtcNow);
    }

    public string AccessKeyId { get; init; } = "AKIDEXAMPLE";

    public string SecretAccessKey { get; init; } = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    public string? SessionToken { get; init; }

    public Task<EmulatorResponse> SendAsync(string operation, object body) =>
        SendRawAsync(new RawRequest { Target = "AWSPartnerCentralSelling." + operation, Body = JsonSerializer.SerializeToUtf8Bytes(body) });

    public Task<EmulatorResponse> AssociateAsync(string catalog, string opportunityId, string entityType, string entityId) =>
        SendAsync("AssociateOpportunity", new { Catalog = catalog, OpportunityIdentifier = opportunityId, RelatedEntityType = entityType, RelatedEntityIdentifier = entityId });

    public Task<EmulatorResponse> DisassociateAsync(string catalog, string opportunityId, string entityType, string entityId) =>
        SendAsync("DisassociateOpportunity", new { Catalog = catalog, OpportunityIdentifier = opportunityId, RelatedEntityType = entityType, RelatedEntityIdentifier = entityId });

    public Task<EmulatorResponse> GetAsync(string catalog, string opportunityId) =>
        SendAsync("GetOpportunity", new { Catalog = catalog, Identifier = opportunityId });

    public Task<EmulatorResponse> AssignAsync(string catalog, string opportunityId, string email, string title, string? phone = null) =>
        SendAsync("AssignOpportunity", new
        {
            Catalog = catalog,
            Identifier = opportunityId,
            Assignee = new { Email = email, FirstName = "Jane", LastName = "Doe", BusinessTitle = title, Phone = phone },
        });

    public async Task<EmulatorResponse> SendRawAsync(RawRequest raw)
    {
        var time = raw.SigningTime ?? clock();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        var content = new ByteArrayContent(raw.Body);
        if (raw.ContentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", raw.ContentType);
        }

        request.Content = content;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", http.BaseAddress!.Authority),
            new("x-amz-date", StringToSign.AmzDate(time)),
        };
        if (raw.ContentType is not null)
        {
            headers.Add(new("content-type", raw.ContentType));
        }

        if (raw.Target is not null)
        {
            headers.Add(new("x-amz-target", raw.Target));
        }

        if (SessionToken is not null)
        {
            headers.Add(new("x-amz-security-token", SessionToken));
        }

        if (raw.ContentSha256 is not null)
        {
            headers.Add(new("x-amz-content-sha256", raw.ContentSha256));
        }

        foreach (var header in headers.Where(h => h.Key is not ("host" or "content-type")))
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (raw.Sign)
        {
            var signed = headers.Select(h => h.Key).Where(h => (raw.SignHost || h != "host") && !raw.Unsigned.Contains(h)).ToList();
            var payloadHash = StringToSign.PayloadHash(raw.SignedBody ?? raw.Body);
            var signature = SigV4Signature.Compute(new SigningInput("POST", "/", string.Empty, headers, payloadHash), signed, SecretAccessKey, time, raw.Region, "partnercentral-selling");
            var scope = StringToSign.Scope(time, raw.Region, "partnercentral-selling");
            request.Headers.TryAddWithoutValidation("Authorization", SigV4Signature.AuthorizationHeader(AccessKeyId, scope, signed, signature));
        }

        using var response = await http.SendAsync(request);
        return await EmulatorResponse.ReadAsync(response);
    }

    public void Dispose() => http.Dispose();

    /// <summary>A request as sent on the wire, with knobs to break it.</summary>
    public sealed record RawRequest
    {
        public string? Target { get; init; }

        public byte[] Body { get; init; } = Encoding.UTF8.GetBytes("{}");

        /// <summary>When set, the signature covers this body instead of the one sent (a tampered request).</summary>
        public byte[]? SignedBody { get; init; }

        public string? ContentType { get; init; } = AmzJson;

        public DateTimeOffset? SigningTime { get; init; }

        public string Region { get; init; } = "us-east-1";

        public bool Sign { get; init; } = true;

        public bool SignHost { get; init; } = true;

        /// <summary>Headers sent but left out of SignedHeaders.</summary>
        public IReadOnlyCollection<string> Unsigned { get; init; } = [];

        public string? ContentSha256 { get; init; }
    }
}
