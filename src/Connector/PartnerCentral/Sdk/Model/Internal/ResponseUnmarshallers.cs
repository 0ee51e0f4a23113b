using System.Globalization;
using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;

namespace Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations;

/// <summary>Reads an operation's output from the JSON body (the body is small: read whole, then parsed), and any
/// error answer into the typed exception its <c>__type</c> names (<see cref="ErrorUnmarshaller"/>).</summary>
public sealed class JsonResponseUnmarshaller<TResponse>(Func<JsonElement, TResponse> read) : JsonResponseUnmarshaller
    where TResponse : AmazonWebServiceResponse
{
    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        var body = ErrorUnmarshaller.ReadAll(context.Stream);

        // A redirect that was not followed (ClientConfig.AllowAutoRedirect false) carries no output to read.
        if (body.Length == 0 || (int)context.ResponseData.StatusCode is >= 300 and < 400)
        {
            return read(default);
        }

        using var document = JsonDocument.Parse(body);
        return read(document.RootElement);
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
        ErrorUnmarshaller.Unmarshall(context, innerException, statusCode);
}

/// <summary>The output readers of the operations.</summary>
public static class ResponseUnmarshallers
{
    public static readonly JsonResponseUnmarshaller<AssociateOpportunityResponse> AssociateOpportunity = new(_ => new AssociateOpportunityResponse());

    public static readonly JsonResponseUnmarshaller<DisassociateOpportunityResponse> DisassociateOpportunity = new(_ => new DisassociateOpportunityResponse());

    public static readonly JsonResponseUnmarshaller<AssignOpportunityResponse> AssignOpportunity = new(_ => new AssignOpportunityResponse());

    public static readonly JsonResponseUnmarshaller<GetOpportunityResponse> GetOpportunity = new(root => new GetOpportunityResponse
    {
        Catalog = String(root, "Catalog"),
        Id = String(root, "Id"),
        RelatedEntityIdentifiers = Member(root, "RelatedEntityIdentifiers") is { ValueKind: JsonValueKind.Object } ids
            ? new RelatedEntityIdentifiers
            {
                Solutions = Strings(ids, "Solutions"),
                AwsProducts = Strings(ids, "AwsProducts"),
                AwsMarketplaceOffers = Strings(ids, "AwsMarketplaceOffers"),
                AwsMarketplaceOfferSets = Strings(ids, "AwsMarketplaceOfferSets"),
                AwsMarketplaceSolutions = Strings(ids, "AwsMarketplaceSolutions"),
                AwsMarketplaceProducts = Strings(ids, "AwsMarketplaceProducts"),
            }
            : null,
        LifeCycle = Member(root, "LifeCycle") is { ValueKind: JsonValueKind.Object } lifeCycle
            ? new LifeCycle { Stage = String(lifeCycle, "Stage"), ReviewStatus = String(lifeCycle, "ReviewStatus") }
            : null,
        OpportunityTeam = Member(root, "OpportunityTeam") is { ValueKind: JsonValueKind.Array } team
            ? team.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).Select(c => new Contact
            {
                Email = String(c, "Email"),
                FirstName = String(c, "FirstName"),
                LastName = String(c, "LastName"),
                BusinessTitle = String(c, "BusinessTitle"),
                Phone = String(c, "Phone"),
            }).ToList()
            : null,
        LastModifiedDate = Timestamp(root, "LastModifiedDate"),
        CreatedDate = Timestamp(root, "CreatedDate"),
    });

    public static readonly JsonResponseUnmarshaller<ListSolutionsResponse> ListSolutions = new(root => new ListSolutionsResponse
    {
        NextToken = String(root, "NextToken"),
        SolutionSummaries = Member(root, "SolutionSummaries") is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => new SolutionBase
            {
                Catalog = String(s, "Catalog"),
                Id = String(s, "Id"),
                Arn = String(s, "Arn"),
                Name = String(s, "Name"),
                Status = String(s, "Status"),
                Category = String(s, "Category"),
                CreatedDate = Timestamp(s, "CreatedDate"),
            }).ToList()
            : [],
    });

    internal static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    internal static string? String(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static List<string>? Strings(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.Array } list
            ? list.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()
            : null;

    /// <summary>The model's timestamps are date-time strings; epoch seconds (awsJson's default form) are read too.
    /// Anything else (a number beyond any date) fails the answer as unreadable.</summary>
    private static DateTime? Timestamp(JsonElement element, string name) => Member(element, name) switch
    {
        { ValueKind: JsonValueKind.String } s => DateTime.Parse(s.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        { ValueKind: JsonValueKind.Number } n => DateTime.UnixEpoch.AddSeconds(n.GetDouble()),
        null => null,
        _ => throw new FormatException($"{name} is neither a date-time string nor epoch seconds."),
    };
}
