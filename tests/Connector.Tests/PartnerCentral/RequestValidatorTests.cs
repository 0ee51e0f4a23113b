using Connector.PartnerCentral;

namespace Connector.Tests.PartnerCentral;

/// <summary>Every field rule of <see cref="RequestValidator"/>, against the model's patterns with ECMAScript
/// semantics (ASCII digits, '$' only at the very end).</summary>
public sealed class RequestValidatorTests
{
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc123";
    private const string OfferSet = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc123";

    [Theory]
    [InlineData("AWS")]
    [InlineData("Sandbox")]
    public void Validate_ReturnsNoErrors_WhenAssociationIsValidForEitherCatalog(string catalog)
    {
        Assert.Empty(RequestValidator.Validate(new AssociateOpportunityRequest(catalog, "O1234567", RelatedEntityType.Solutions, "S-1234567")));
        Assert.Empty(RequestValidator.Validate(new DisassociateOpportunityRequest(catalog, "O1234567", RelatedEntityType.Solutions, "S-1234567")));
    }

    [Theory]
    [InlineData("", ValidationCodes.RequiredFieldMissing)]
    [InlineData(null, ValidationCodes.RequiredFieldMissing)]
    [InlineData("AWS1", ValidationCodes.InvalidStringFormat)]
    [InlineData("A W S", ValidationCodes.InvalidStringFormat)]
    [InlineData("Sandbox\n", ValidationCodes.InvalidStringFormat)]
    [InlineData("Ａｗｓ", ValidationCodes.InvalidStringFormat)]
    [InlineData("aws", ValidationCodes.InvalidValue)]
    [InlineData("Production", ValidationCodes.InvalidValue)]
    public void Validate_RejectsCatalog_WhenNotAwsOrSandbox(string? catalog, string code)
    {
        var errors = RequestValidator.Validate(new GetOpportunityRequest(catalog!, "O1"));

        Assert.Equal([("Catalog", code)], Pairs(errors));
    }

    [Theory]
    [InlineData("O1")]
    [InlineData("O1234567890123456789")]
    public void Validate_AcceptsOpportunityId_WhenOFollowedBy1To19Digits(string id)
    {
        Assert.Empty(RequestValidator.Validate(new GetOpportunityRequest("AWS", id)));
    }

    [Theory]
    [InlineData("O123\n")]
    [InlineData("O123\r")]
    [InlineData("O12345678901234567890")]
    [InlineData("O")]
    [InlineData("o123")]
    [InlineData("0123")]
    [InlineData(" O123")]
    [InlineData("O-123")]
    [InlineData("O١٢٣")]
    [InlineData("O１２３")]
    public void Validate_RejectsOpportunityId_WhenNotOFollowedByAsciiDigits(string id)
    {
        Assert.Equal([("OpportunityIdentifier", ValidationCodes.InvalidStringFormat)],
            Pairs(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", id, RelatedEntityType.Solutions, "S-1"))));
        Assert.Equal([("Identifier", ValidationCodes.InvalidStringFormat)], Pairs(RequestValidator.Validate(new GetOpportunityRequest("AWS", id))));
    }

    [Fact]
    public void Validate_ReportsEveryMissingField_WhenAssociationIsEmpty()
    {
        var errors = RequestValidator.Validate(new AssociateOpportunityRequest("", "", "", ""));

        Assert.Equal(
            [
                ("Catalog", ValidationCodes.RequiredFieldMissing),
                ("OpportunityIdentifier", ValidationCodes.RequiredFieldMissing),
                ("RelatedEntityType", ValidationCodes.RequiredFieldMissing),
                ("RelatedEntityIdentifier", ValidationCodes.RequiredFieldMissing),
            ],
            Pairs(errors));
    }

    [Fact]
    public void Validate_ReportsEveryMissingField_WhenAssociationMembersAreNull()
    {
        var errors = RequestValidator.Validate(new DisassociateOpportunityRequest(null!, null!, null!, null!));

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.Equal(ValidationCodes.RequiredFieldMissing, e.Code));
    }

    [Theory]
    [InlineData("Solution")]
    [InlineData("solutions")]
    [InlineData("AwsMarketplaceSolution")]
    [InlineData("aws product")]
    public void Validate_RejectsEntityType_WhenNotAnApiEnumValue(string entityType)
    {
        var errors = RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1", entityType, "S-1"));

        Assert.Equal([("RelatedEntityType", ValidationCodes.InvalidEnumValue)], Pairs(errors));
    }

    [Theory]
    [InlineData(RelatedEntityType.Solutions, "S-1")]
    [InlineData(RelatedEntityType.Solutions, "S-1234567890123456789")]
    [InlineData(RelatedEntityType.AwsProducts, "AWSLambda")]
    [InlineData(RelatedEntityType.AwsProducts, "AmazonEC2AutoScaling")]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, Offer)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:eu-west-1:123456789012:AWSMarketplace/Offer/")]
    [InlineData(RelatedEntityType.AwsMarketplaceOfferSets, OfferSet)]
    [InlineData(RelatedEntityType.AwsMarketplaceOfferSets, "arn:aws:aws-marketplace:us-west-2:123456789012:AWSMarketplace/OfferSet/offerset-x\nanything")]
    public void Validate_AcceptsEntityIdentifier_WhenItMatchesItsTypeRule(string entityType, string entityId)
    {
        Assert.Empty(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1", entityType, entityId)));
    }

    [Theory]
    [InlineData(RelatedEntityType.Solutions, "S-12345678901234567890", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.Solutions, "s-1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.Solutions, "S1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.Solutions, "S-1\n", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.Solutions, "S-١", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsProducts, "awslambda", ValidationCodes.InvalidValue)]
    [InlineData(RelatedEntityType.AwsProducts, "AmazonEC2", ValidationCodes.InvalidValue)]
    [InlineData(RelatedEntityType.AwsProducts, "AWSLambda ", ValidationCodes.InvalidValue)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-1:12345678901:AWSMarketplace/Offer/offer-1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:useast-1:123456789012:AWSMarketplace/Offer/offer-1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-1\n", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer\r1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOffers, "arn:aws:aws-marketplace:us-east-١:123456789012:AWSMarketplace/Offer/offer-1", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOfferSets, "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/abc", ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOfferSets, Offer, ValidationCodes.InvalidStringFormat)]
    [InlineData(RelatedEntityType.AwsMarketplaceOfferSets, "arn:aws:aws-marketplace:us-gov-west-1:123456789012:AWSMarketplace/OfferSet/offerset-1", ValidationCodes.InvalidStringFormat)]
    public void Validate_RejectsEntityIdentifier_WhenItBreaksItsTypeRule(string entityType, string entityId, string code)
    {
        var errors = RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1", entityType, entityId));

        Assert.Equal([("RelatedEntityIdentifier", code)], Pairs(errors));
    }

    [Fact]
    public void Validate_RejectsEntityIdentifier_WhenLongerThan255Characters()
    {
        var prefix = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/";
        var exactly255 = prefix + new string('x', 255 - prefix.Length);

        Assert.Empty(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.AwsMarketplaceOffers, exactly255)));
        Assert.Equal([("RelatedEntityIdentifier", ValidationCodes.InvalidStringFormat)],
            Pairs(RequestValidator.Validate(new AssociateOpportunityRequest("AWS", "O1", RelatedEntityType.AwsMarketplaceOffers, exactly255 + "x"))));
    }

    [Fact]
    public void Validate_ReturnsNoErrors_WhenAssignmentIsValid()
    {
        Assert.Empty(RequestValidator.Validate(Assign(new AssigneeContact("jane@example.com", "Jane", "Doe", "PartnerAccountManager", "+14155550100"))));
    }

    [Theory]
    [InlineData("Jane.Doe@Example.COM")]
    [InlineData("  jane@example.com\n")]
    [InlineData("JANE+CRM@SUB.EXAMPLE.CO.UK")]
    public void Validate_AcceptsEmail_WhenValidAfterTrimAndLowerCase(string email)
    {
        Assert.Empty(RequestValidator.Validate(Assign(Contact(email: email))));
    }

    [Theory]
    [InlineData("", ValidationCodes.RequiredFieldMissing)]
    [InlineData("   ", ValidationCodes.RequiredFieldMissing)]
    [InlineData(null, ValidationCodes.RequiredFieldMissing)]
    [InlineData("jane", ValidationCodes.InvalidStringFormat)]
    [InlineData("jane@example", ValidationCodes.InvalidStringFormat)]
    [InlineData("jane@@example.com", ValidationCodes.InvalidStringFormat)]
    [InlineData("jane doe@example.com", ValidationCodes.InvalidStringFormat)]
    [InlineData("jane@-example.com", ValidationCodes.InvalidStringFormat)]
    [InlineData("jané@example.com", ValidationCodes.InvalidStringFormat)]
    [InlineData("jane@example.com\nx", ValidationCodes.InvalidStringFormat)]
    public void Validate_RejectsEmail_WhenMissingOrMalformed(string? email, string code)
    {
        Assert.Equal([("Assignee.Email", code)], Pairs(RequestValidator.Validate(Assign(Contact(email: email!)))));
    }

    [Fact]
    public void Validate_RejectsEmail_WhenLongerThan80CharactersAfterNormalising()
    {
        var domain = "@example.com";
        var exactly80 = new string('a', 80 - domain.Length) + domain;

        Assert.Empty(RequestValidator.Validate(Assign(Contact(email: " " + exactly80.ToUpperInvariant() + " "))));
        Assert.Equal([("Assignee.Email", ValidationCodes.InvalidStringFormat)], Pairs(RequestValidator.Validate(Assign(Contact(email: "a" + exactly80)))));
    }

    [Theory]
    [InlineData("FirstName")]
    [InlineData("LastName")]
    [InlineData("BusinessTitle")]
    public void Validate_AcceptsName_WhenEmptyOrExactly80Characters(string field)
    {
        Assert.Empty(RequestValidator.Validate(Assign(ContactWith(field, ""))));
        Assert.Empty(RequestValidator.Validate(Assign(ContactWith(field, new string('é', 80)))));
    }

    [Theory]
    [InlineData("FirstName")]
    [InlineData("LastName")]
    [InlineData("BusinessTitle")]
    public void Validate_RejectsName_WhenLongerThan80Characters(string field)
    {
        Assert.Equal([($"Assignee.{field}", ValidationCodes.InvalidStringFormat)],
            Pairs(RequestValidator.Validate(Assign(ContactWith(field, new string('x', 81))))));
    }

    [Theory]
    [InlineData("FirstName")]
    [InlineData("LastName")]
    [InlineData("BusinessTitle")]
    public void Validate_RejectsName_WhenNull(string field)
    {
        Assert.Equal([($"Assignee.{field}", ValidationCodes.RequiredFieldMissing)],
            Pairs(RequestValidator.Validate(Assign(ContactWith(field, null)))));
    }

    [Theory]
    [InlineData("+12")]
    [InlineData("+14155550100")]
    [InlineData("+123456789012345")]
    [InlineData(" +14155550100\n")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    public void Validate_AcceptsPhone_WhenE164OrAbsent(string? phone)
    {
        Assert.Empty(RequestValidator.Validate(Assign(Contact(phone: phone))));
    }

    [Theory]
    [InlineData("14155550100")]
    [InlineData("+04155550100")]
    [InlineData("+1")]
    [InlineData("+1234567890123456")]
    [InlineData("+1 415 555 0100")]
    [InlineData("+1-415-555-0100")]
    [InlineData("+1415555010٠")]
    [InlineData("+1415555\n0100")]
    public void Validate_RejectsPhone_WhenNotE164(string phone)
    {
        Assert.Equal([("Assignee.Phone", ValidationCodes.InvalidStringFormat)], Pairs(RequestValidator.Validate(Assign(Contact(phone: phone)))));
    }

    [Fact]
    public void Validate_ReportsAssigneeMissing_WhenAssigneeIsNull()
    {
        var errors = RequestValidator.Validate(new AssignOpportunityRequest("AWS", "O1", null!));

        Assert.Equal([("Assignee", ValidationCodes.RequiredFieldMissing)], Pairs(errors));
    }

    [Fact]
    public void Validate_ReportsEveryBrokenRule_WhenAssignmentIsAllWrong()
    {
        var errors = RequestValidator.Validate(new AssignOpportunityRequest("", "X1",
            new AssigneeContact("nope", new string('a', 81), null!, new string('t', 81), "555")));

        Assert.Equal(
            [
                ("Catalog", ValidationCodes.RequiredFieldMissing),
                ("Identifier", ValidationCodes.InvalidStringFormat),
                ("Assignee.Email", ValidationCodes.InvalidStringFormat),
                ("Assignee.FirstName", ValidationCodes.InvalidStringFormat),
                ("Assignee.LastName", ValidationCodes.RequiredFieldMissing),
                ("Assignee.BusinessTitle", ValidationCodes.InvalidStringFormat),
                ("Assignee.Phone", ValidationCodes.InvalidStringFormat),
            ],
            Pairs(errors));
    }

    [Fact]
    public void Validate_NeverEchoesTheValue_WhenEmailOrPhoneIsRejected()
    {
        var errors = RequestValidator.Validate(Assign(new AssigneeContact("private.person@", "A", "B", "T", "+0999")));

        Assert.All(errors, e => Assert.DoesNotContain("private.person", e.ToString()));
        Assert.All(errors, e => Assert.DoesNotContain("+0999", e.ToString()));
    }

    [Fact]
    public void Normalise_LowerCasesEmailTrimsNamesAndDropsBlankPhone_WhenGivenRawContact()
    {
        var normalised = RequestValidator.Normalise(new AssigneeContact(" Jane.DOE@Example.com ", " Jane ", "Doe ", " PartnerAccountManager", "  "));

        Assert.Equal(new AssigneeContact("jane.doe@example.com", "Jane", "Doe", "PartnerAccountManager", null), normalised);
    }

    private static AssignOpportunityRequest Assign(AssigneeContact contact) => new("AWS", "O1", contact);

    private static AssigneeContact Contact(string email = "jane@example.com", string? phone = null) =>
        new(email, "Jane", "Doe", "PartnerAccountManager", phone);

    private static AssigneeContact ContactWith(string field, string? value) => field switch
    {
        "FirstName" => Contact() with { FirstName = value! },
        "LastName" => Contact() with { LastName = value! },
        "BusinessTitle" => Contact() with { BusinessTitle = value! },
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    private static List<(string Field, string Code)> Pairs(IEnumerable<FieldError> errors) => errors.Select(e => (e.FieldName, e.Code)).ToList();
}
