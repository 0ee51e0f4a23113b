using System.Text.RegularExpressions;

namespace Connector.PartnerCentral;

/// <summary>The model's field rules, checked before any call so that no write slot is spent on a request
/// bound to fail. The emulator answers ValidationException from the same rules. Field names are the API's.</summary>
public static partial class RequestValidator
{
    public static IReadOnlyList<FieldError> Validate(AssociateOpportunityRequest request) =>
        ValidateAssociation(request.Catalog, request.OpportunityIdentifier, request.RelatedEntityType, request.RelatedEntityIdentifier);

    public static IReadOnlyList<FieldError> Validate(DisassociateOpportunityRequest request) =>
        ValidateAssociation(request.Catalog, request.OpportunityIdentifier, request.RelatedEntityType, request.RelatedEntityIdentifier);

    public static IReadOnlyList<FieldError> Validate(AssignOpportunityRequest request)
    {
        var errors = new List<FieldError>();
        CheckCatalog(request.Catalog, errors);
        CheckOpportunity("Identifier", request.Identifier, errors);
        if (request.Assignee is null)
        {
            errors.Add(Missing("Assignee"));
            return errors;
        }

        // Presence is judged on what the caller gave: Normalise turns a missing name into "", which the model's
        // {0,80} pattern would accept, so a null FirstName/LastName/BusinessTitle used to slip through as valid.
        var assignee = Normalise(request.Assignee);
        CheckEmail(assignee.Email, errors);
        CheckName("Assignee.FirstName", request.Assignee.FirstName is null ? null : assignee.FirstName, errors);
        CheckName("Assignee.LastName", request.Assignee.LastName is null ? null : assignee.LastName, errors);
        CheckName("Assignee.BusinessTitle", request.Assignee.BusinessTitle is null ? null : assignee.BusinessTitle, errors);
        if (assignee.Phone is not null && !PhonePattern().IsMatch(assignee.Phone))
        {
            errors.Add(new FieldError("Assignee.Phone", ValidationCodes.InvalidStringFormat,
                "Phone must be in E.164 form: '+', a country code not starting with 0, at most 15 digits in all."));
        }

        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(GetOpportunityRequest request)
    {
        var errors = new List<FieldError>();
        CheckCatalog(request.Catalog, errors);
        CheckOpportunity("Identifier", request.Identifier, errors);
        return errors;
    }

    public static IReadOnlyList<FieldError> Validate(ListSolutionsRequest request)
    {
        var errors = new List<FieldError>();
        CheckCatalog(request.Catalog, errors);
        return errors;
    }

    /// <summary>What is compared and sent: email trimmed and lower-cased (the model's pattern is lower-case),
    /// names and title trimmed, an empty phone treated as none.</summary>
    public static AssigneeContact Normalise(AssigneeContact contact) => new(
        NormaliseEmail(contact.Email),
        (contact.FirstName ?? string.Empty).Trim(),
        (contact.LastName ?? string.Empty).Trim(),
        (contact.BusinessTitle ?? string.Empty).Trim(),
        string.IsNullOrWhiteSpace(contact.Phone) ? null : contact.Phone.Trim());

    /// <summary>An email as it is compared and sent: trimmed (all whitespace) and lower-cased.</summary>
    public static string NormaliseEmail(string? email) => (email ?? string.Empty).Trim().ToLowerInvariant();

    private static List<FieldError> ValidateAssociation(string catalog, string opportunityId, string entityType, string entityId)
    {
        var errors = new List<FieldError>();
        CheckCatalog(catalog, errors);
        CheckOpportunity("OpportunityIdentifier", opportunityId, errors);
        if (string.IsNullOrEmpty(entityType))
        {
            errors.Add(Missing("RelatedEntityType"));
        }
        else if (!RelatedEntityType.All.Contains(entityType))
        {
            errors.Add(new FieldError("RelatedEntityType", ValidationCodes.InvalidEnumValue,
                $"RelatedEntityType must be one of {string.Join(", ", RelatedEntityType.All)}."));
        }

        if (string.IsNullOrEmpty(entityId))
        {
            errors.Add(Missing("RelatedEntityIdentifier"));
        }
        else if (entityId.Length > 255)
        {
            errors.Add(new FieldError("RelatedEntityIdentifier", ValidationCodes.InvalidStringFormat,
                "RelatedEntityIdentifier must be 1 to 255 characters long."));
        }
        else if (RelatedEntityType.All.Contains(entityType))
        {
            CheckEntityIdentifier(entityType, entityId, errors);
        }

        return errors;
    }

    private static void CheckEntityIdentifier(string entityType, string entityId, List<FieldError> errors)
    {
        var problem = entityType switch
        {
            RelatedEntityType.Solutions when !SolutionPattern().IsMatch(entityId) =>
                (ValidationCodes.InvalidStringFormat, "A solution identifier must look like S-1234567 (^S-[0-9]{1,19}$)."),
            RelatedEntityType.AwsProducts when !AwsProductCatalog.Contains(entityId) =>
                (ValidationCodes.InvalidValue, "Not a known AWS product identifier (see the AWS product list, e.g. AWSLambda)."),
            RelatedEntityType.AwsMarketplaceOffers when !OfferPattern().IsMatch(entityId) =>
                (ValidationCodes.InvalidStringFormat, "A Marketplace offer must be an ARN like arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc."),
            RelatedEntityType.AwsMarketplaceOfferSets when !OfferSetPattern().IsMatch(entityId) =>
                (ValidationCodes.InvalidStringFormat, "A Marketplace offer set must be an ARN like arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc."),
            RelatedEntityType.AwsMarketplaceSolutions when !IsMarketplaceSolutionArn(entityId) =>
                (ValidationCodes.InvalidStringFormat, "A Marketplace solution must be an ARN like arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i."),
            RelatedEntityType.AwsMarketplaceProducts when !MarketplaceProductPattern().IsMatch(entityId) =>
                (ValidationCodes.InvalidStringFormat, "A Marketplace product must be an ARN like arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/AmiProduct/prod-ab1c2de3fgh4i (or SaaSProduct, ContainerProduct, ...)."),
            _ => default((string Code, string Message)?),
        };
        if (problem is { } p)
        {
            errors.Add(new FieldError("RelatedEntityIdentifier", p.Code, p.Message));
        }
    }

    private static void CheckCatalog(string? catalog, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(catalog))
        {
            errors.Add(Missing("Catalog"));
        }
        else if (!CatalogPattern().IsMatch(catalog))
        {
            errors.Add(new FieldError("Catalog", ValidationCodes.InvalidStringFormat, "Catalog must be letters only: AWS or Sandbox."));
        }
        else if (catalog is not ("AWS" or "Sandbox"))
        {
            errors.Add(new FieldError("Catalog", ValidationCodes.InvalidValue, "Catalog must be AWS or Sandbox."));
        }
    }

    /// <summary>Whether <paramref name="identifier"/> is a Marketplace solution ARN (".../AWSMarketplace/Solution/soln-...").</summary>
    public static bool IsMarketplaceSolutionArn(string identifier) => MarketplaceSolutionPattern().IsMatch(identifier);

    /// <summary>Whether <paramref name="identifier"/> is a legacy partner solution id (S-...).</summary>
    public static bool IsLegacySolutionId(string identifier) => SolutionPattern().IsMatch(identifier);

    /// <summary>Whether <paramref name="identifier"/> is an opportunity id as the model's pattern has it.</summary>
    public static bool IsOpportunityId(string identifier) => OpportunityPattern().IsMatch(identifier);

    private static void CheckOpportunity(string field, string? identifier, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(identifier))
        {
            errors.Add(Missing(field));
        }
        else if (!OpportunityPattern().IsMatch(identifier))
        {
            errors.Add(new FieldError(field, ValidationCodes.InvalidStringFormat,
                $"{field} must be 'O' followed by 1 to 19 digits, e.g. O1234567."));
        }
    }

    private static void CheckEmail(string email, List<FieldError> errors)
    {
        if (email.Length == 0)
        {
            errors.Add(Missing("Assignee.Email"));
        }
        else if (!EmailPattern().IsMatch(email))
        {
            errors.Add(new FieldError("Assignee.Email", ValidationCodes.InvalidStringFormat,
                "Email must be a valid address of at most 80 characters."));
        }
    }

    private static void CheckName(string field, string? value, List<FieldError> errors)
    {
        if (value is null)
        {
            errors.Add(Missing(field));
        }
        else if (value.Length > 80)
        {
            errors.Add(new FieldError(field, ValidationCodes.InvalidStringFormat, $"{field} must be at most 80 characters long."));
        }
    }

    private static FieldError Missing(string field) =>
        new(field, ValidationCodes.RequiredFieldMissing, $"{field} is required.");

    [GeneratedRegex(@"^[a-zA-Z]+\z")]
    private static partial Regex CatalogPattern();

    [GeneratedRegex(@"^O[0-9]{1,19}\z")]
    private static partial Regex OpportunityPattern();

    [GeneratedRegex(@"^S-[0-9]{1,19}\z")]
    private static partial Regex SolutionPattern();

    // ECMAScript's '.' stops at \r, \u2028 and \u2029 as well as \n; .NET's only at \n.
    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/Offer/[^\n\r\u2028\u2029]*\z")]
    private static partial Regex OfferPattern();

    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]*-[0-9]+:[0-9]{12}:AWSMarketplace/OfferSet/offerset-")]
    private static partial Regex OfferSetPattern();

    // Shapes from the developer guide's examples (the model has no pattern for these): region, 12-digit account,
    // "Solution/soln-" or "<Type>Product/prod-" with a lower-case alphanumeric id.
    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]+-[0-9]+:[0-9]{12}:AWSMarketplace/Solution/soln-[a-z0-9]+\z")]
    private static partial Regex MarketplaceSolutionPattern();

    [GeneratedRegex(@"^arn:aws:aws-marketplace:[a-z]{1,2}-[a-z]+-[0-9]+:[0-9]{12}:AWSMarketplace/[A-Z][A-Za-z]*Product/prod-[a-z0-9]+\z")]
    private static partial Regex MarketplaceProductPattern();

    // The model's patterns are ECMAScript: \d means ASCII digits and $ the end of input, so [0-9] and \z stand in
    // for them (.NET's \d takes any Unicode digit and its $ also matches before a final newline).
    // The model's Email pattern, with \z for $.
    [GeneratedRegex(@"^(?=.{0,80}\z)[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}\z")]
    private static partial Regex PhonePattern();
}
