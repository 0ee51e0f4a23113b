using System.Text.Json;
using Connector.PartnerCentral;

namespace PartnerCentral.Emulator.Protocol;

/// <summary>Decodes an awsJson1_0 body into the shared request records. A body that is not a JSON object, or a
/// member of the wrong JSON type, is a SerializationException (the front end rejects it before validation);
/// missing members are left null for the validator to report as REQUIRED_FIELD_MISSING. Unknown members are
/// ignored, as the service does.</summary>
internal static class RequestReader
{
    public static SellingCall Read(string operation, ReadOnlySpan<byte> body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RequestSerializationException("Start of structure or map found where not expected.");
        }

        switch (operation)
        {
            case SellingOperation.AssociateOpportunity:
            case SellingOperation.DisassociateOpportunity:
            {
                var catalog = String(root, "Catalog");
                var id = String(root, "OpportunityIdentifier");
                var type = String(root, "RelatedEntityType");
                var entity = String(root, "RelatedEntityIdentifier");
                object request = operation == SellingOperation.AssociateOpportunity
                    ? new AssociateOpportunityRequest(catalog!, id!, type!, entity!)
                    : new DisassociateOpportunityRequest(catalog!, id!, type!, entity!);
                return new SellingCall(operation, request, catalog, id, type, entity);
            }

            case SellingOperation.AssignOpportunity:
            {
                var catalog = String(root, "Catalog");
                var id = String(root, "Identifier");
                var assignee = Assignee(root);
                return new SellingCall(operation, new AssignOpportunityRequest(catalog!, id!, assignee!), catalog, id, null, null);
            }

            case SellingOperation.GetOpportunity:
            {
                var catalog = String(root, "Catalog");
                var id = String(root, "Identifier");
                return new SellingCall(operation, new GetOpportunityRequest(catalog!, id!), catalog, id, null, null);
            }

            case SellingOperation.ListSolutions:
            {
                var catalog = String(root, "Catalog");
                int? max = root.TryGetProperty("MaxResults", out var m) && m.ValueKind == JsonValueKind.Number ? m.GetInt32() : null;
                return new SellingCall(operation, new ListSolutionsRequest(catalog!, String(root, "NextToken"), max), catalog, null, null, null);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation the emulator serves.");
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> body)
    {
        // The SDK always sends at least "{}"; an empty body is read the same way rather than as an error.
        if (body.IsEmpty)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new RequestSerializationException("The request body is not valid JSON.");
        }
    }

    private static AssigneeContact? Assignee(JsonElement root)
    {
        if (!root.TryGetProperty("Assignee", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new RequestSerializationException("Expected a structure for member 'Assignee'.");
        }

        return new AssigneeContact(
            String(value, "Email")!,
            String(value, "FirstName")!,
            String(value, "LastName")!,
            String(value, "BusinessTitle")!,
            String(value, "Phone"));
    }

    private static string? String(JsonElement parent, string member)
    {
        if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new RequestSerializationException($"Expected a string for member '{member}'.");
    }
}
