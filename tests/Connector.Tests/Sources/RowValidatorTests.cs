using Connector.Sources;

namespace Connector.Tests.Sources;

public class RowValidatorTests
{
    private static readonly CsvHeader Associations = CsvHeader.Analyse(["Opportunity ID", "Entity Type", "Entity ID", "Action", "Catalog"]);
    private static readonly CsvHeader Assignments = CsvHeader.Analyse(["opportunity_id", "email", "first_name", "last_name", "business_title", "phone"]);

    [Theory]
    [InlineData("solution", "S-123", "Solutions")]
    [InlineData("Solutions", "S-123", "Solutions")]
    [InlineData("aws product", "AmazonEC2AutoScaling", "AwsProducts")]
    [InlineData("AWS-Products", "AmazonEC2AutoScaling", "AwsProducts")]
    [InlineData("marketplace offer", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-abc", "AwsMarketplaceOffers")]
    [InlineData("Marketplace Offer Set", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/OfferSet/offerset-abc", "AwsMarketplaceOfferSets")]
    [InlineData("marketplace solution", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i", "AwsMarketplaceSolutions")]
    [InlineData("marketplace product", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/AmiProduct/prod-ab1c2de3fgh4i", "AwsMarketplaceProducts")]
    [InlineData("AwsMarketplaceProducts", "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/SaaSProduct/prod-x1", "AwsMarketplaceProducts")]
    public void Check_StagesApiSpelling_WhenEntityTypeIsPlainWordsOrApiSpelling(string written, string entityId, string expected)
    {
        var errors = new List<RowError>();

        var change = AssociationRowValidator.Check(Row(entityType: written, entityId: entityId), Associations, "AWS", 7, errors);

        Assert.Empty(errors);
        Assert.Equal(expected, change!.EntityType);
        Assert.Equal(7, change.SourceLine);
    }

    [Fact]
    public void Check_TrimsValuesAndDefaultsCatalogAndAction_WhenCellsArePaddedOrEmpty()
    {
        var change = AssociationRowValidator.Check(Row(opportunityId: "  O123 ", entityId: " S-1 ", catalog: "", action: ""), Associations, "Sandbox", 2, []);

        Assert.Equal(new CsvChangeRow("associate", "Sandbox", "O123", 2, EntityType: "Solutions", EntityId: "S-1"), change);
    }

    [Theory]
    [InlineData("DISASSOCIATE", "disassociate")]
    [InlineData(" associate ", "associate")]
    public void Check_ReadsAction_WhenCaseOrSpacesDiffer(string action, string expected)
    {
        var change = AssociationRowValidator.Check(Row(action: action, catalog: "aws"), Associations, "AWS", 2, []);

        Assert.Equal(expected, change!.ChangeType);
        Assert.Equal("AWS", change.Catalog);
    }

    [Fact]
    public void Check_ReportsActionColumn_WhenActionIsUnknown()
    {
        var errors = new List<RowError>();

        var change = AssociationRowValidator.Check(Row(action: "remove"), Associations, "AWS", 4, errors);

        Assert.Null(change);
        var error = Assert.Single(errors);
        Assert.Equal(new RowError(4, "Action", "INVALID_ENUM_VALUE", error.Message), error);
    }

    [Fact]
    public void Check_ReportsEntityTypeOnceInCsvWords_WhenEntityTypeIsUnknown()
    {
        var errors = new List<RowError>();

        AssociationRowValidator.Check(Row(entityType: "partner thing"), Associations, "AWS", 3, errors);

        var error = Assert.Single(errors);
        Assert.Equal("Entity Type", error.Field);
        Assert.Equal("INVALID_ENUM_VALUE", error.Code);
        Assert.Contains("marketplace offer set", error.Message);
        Assert.Contains("marketplace solution, marketplace product", error.Message);
    }

    [Fact]
    public void Check_NamesTheEntityIdColumn_WhenAMarketplaceSolutionIsALegacyId()
    {
        var errors = new List<RowError>();

        var change = AssociationRowValidator.Check(Row(entityType: "marketplace solution", entityId: "S-123"), Associations, "AWS", 5, errors);

        Assert.Null(change);
        var error = Assert.Single(errors);
        Assert.Equal((5, "INVALID_STRING_FORMAT"), (error.Line, error.Code));
        Assert.Contains("AWSMarketplace/Solution/soln-", error.Message);
    }

    [Fact]
    public void Check_NamesCsvColumns_WhenModelRulesFail()
    {
        var errors = new List<RowError>();

        AssociationRowValidator.Check(Row(opportunityId: "123", entityType: "aws product", entityId: "NotAProduct", catalog: "Prod"), Associations, "AWS", 9, errors);

        Assert.Equal(["Catalog", "Opportunity ID", "Entity ID"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal(9, e.Line));
        Assert.Contains("opportunity_id must be 'O'", errors[1].Message);
        Assert.DoesNotContain("OpportunityIdentifier", errors[1].Message);
    }

    [Fact]
    public void Check_ReportsRequiredFieldMissing_WhenCellsAreEmpty()
    {
        var errors = new List<RowError>();

        AssociationRowValidator.Check(Row(opportunityId: " ", entityType: "", entityId: ""), Associations, "AWS", 5, errors);

        Assert.Equal(["Opportunity ID", "Entity Type", "Entity ID"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("REQUIRED_FIELD_MISSING", e.Code));
    }

    [Fact]
    public void Check_NormalisesEmailAndBlankPhone_WhenAssignmentIsValid()
    {
        var row = new AssignmentRow { OpportunityId = "O42", Email = "  Jane.Doe@Example.COM ", FirstName = " Jane ", LastName = "Doé", BusinessTitle = "PartnerAccountManager", Phone = " " };

        var change = AssignmentRowValidator.Check(row, Assignments, "AWS", 2, []);

        Assert.Equal(new CsvChangeRow("assign", "AWS", "O42", 2, AssigneeEmail: "jane.doe@example.com", AssigneeFirstName: "Jane",
            AssigneeLastName: "Doé", AssigneeBusinessTitle: "PartnerAccountManager", AssigneePhone: null), change);
    }

    [Fact]
    public void Check_RejectsAssignment_WhenNamesAreEmptyAndPhoneAndEmailAreMalformed()
    {
        var errors = new List<RowError>();
        var row = new AssignmentRow { OpportunityId = "O42", Email = "not-an-email", FirstName = "", LastName = " ", BusinessTitle = "", Phone = "555-1234" };

        var change = AssignmentRowValidator.Check(row, Assignments, "AWS", 6, errors);

        Assert.Null(change);
        Assert.Equal(["first_name", "last_name", "business_title", "email", "phone"], errors.Select(e => e.Field));
        Assert.DoesNotContain(errors, e => e.Message.Contains("not-an-email") || e.Message.Contains("555"));
    }

    private static AssociationRow Row(string opportunityId = "O1234567", string entityType = "solution", string entityId = "S-1", string? action = null, string? catalog = null) =>
        new() { OpportunityId = opportunityId, EntityType = entityType, EntityId = entityId, Action = action, Catalog = catalog };
}
