using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace Amazon.PartnerCentralSelling.Model.Internal.MarshallTransformations;

/// <summary>awsJson1_0: a POST to <c>/</c> whose body is the input structure as JSON (members by their model names
/// in the model's order, unset members absent), the operation named by <c>X-Amz-Target: AWSPartnerCentralSelling.&lt;Operation&gt;</c>.</summary>
public sealed class JsonRequestMarshaller<TRequest>(string operation, Action<Utf8JsonWriter, TRequest> writeMembers)
    : IMarshaller<IRequest, AmazonWebServiceRequest>
    where TRequest : AmazonPartnerCentralSellingRequest
{
    public const string TargetPrefix = "AWSPartnerCentralSelling.";
    public const string ContentType = "application/x-amz-json-1.0";

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var request = new DefaultRequest(input, "Amazon.PartnerCentralSelling")
        {
            HttpMethod = "POST",
            ResourcePath = "/",
        };
        request.Headers["X-Amz-Target"] = TargetPrefix + operation;
        request.Headers["Content-Type"] = ContentType;
        request.Headers[Amazon.Util.HeaderKeys.XAmzApiVersion] = "2022-07-26";

        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer, (TRequest)input);
            writer.WriteEndObject();
        }

        request.Content = buffer.ToArray();
        return request;
    }
}

/// <summary>The member writers of the operations' inputs.</summary>
public static class RequestMarshallers
{
    public static readonly JsonRequestMarshaller<AssociateOpportunityRequest> AssociateOpportunity = new("AssociateOpportunity", (w, r) =>
    {
        String(w, "Catalog", r.Catalog);
        String(w, "OpportunityIdentifier", r.OpportunityIdentifier);
        String(w, "RelatedEntityType", r.RelatedEntityType?.Value);
        String(w, "RelatedEntityIdentifier", r.RelatedEntityIdentifier);
    });

    public static readonly JsonRequestMarshaller<DisassociateOpportunityRequest> DisassociateOpportunity = new("DisassociateOpportunity", (w, r) =>
    {
        String(w, "Catalog", r.Catalog);
        String(w, "OpportunityIdentifier", r.OpportunityIdentifier);
        String(w, "RelatedEntityType", r.RelatedEntityType?.Value);
        String(w, "RelatedEntityIdentifier", r.RelatedEntityIdentifier);
    });

    public static readonly JsonRequestMarshaller<AssignOpportunityRequest> AssignOpportunity = new("AssignOpportunity", (w, r) =>
    {
        String(w, "Catalog", r.Catalog);
        String(w, "Identifier", r.Identifier);
        if (r.Assignee is { } a)
        {
            w.WriteStartObject("Assignee");
            String(w, "Email", a.Email);
            String(w, "FirstName", a.FirstName);
            String(w, "LastName", a.LastName);
            String(w, "BusinessTitle", a.BusinessTitle);
            String(w, "Phone", a.Phone);
            w.WriteEndObject();
        }
    });

    public static readonly JsonRequestMarshaller<GetOpportunityRequest> GetOpportunity = new("GetOpportunity", (w, r) =>
    {
        String(w, "Catalog", r.Catalog);
        String(w, "Identifier", r.Identifier);
    });

    public static readonly JsonRequestMarshaller<ListSolutionsRequest> ListSolutions = new("ListSolutions", (w, r) =>
    {
        String(w, "Catalog", r.Catalog);
        List(w, "Category", r.Category);
        List(w, "Identifier", r.Identifier);
        if (r.MaxResults is { } max)
        {
            w.WriteNumber("MaxResults", max);
        }

        String(w, "NextToken", r.NextToken);
        List(w, "Status", r.Status);
    });

    private static void String(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void List(Utf8JsonWriter writer, string name, List<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
