using Connector.Sources;

namespace Connector.Tests.Sources;

public class CsvHeaderTests
{
    [Theory]
    [InlineData("opportunity_id", "entity_type", "entity_id")]
    [InlineData("Opportunity ID", "Entity Type", "Entity ID")]
    [InlineData("opportunity-id", "ENTITY-TYPE", "entityId")]
    [InlineData(" OpportunityId ", "entity_Type", "\uFEFFentity id")]
    public void Analyse_FindsAssociations_WhenHeaderNamesVaryInCaseSpacesUnderscoresAndDashes(string a, string b, string c)
    {
        var header = CsvHeader.Analyse([a, b, c]);

        Assert.Null(header.Rejection);
        Assert.Equal(CsvKind.Associations, header.Kind);
        Assert.Equal(a, header.Written("opportunity_id"));
        Assert.Empty(header.IgnoredColumns);
    }

    [Fact]
    public void Analyse_FindsAssignments_WhenOptionalPhoneAndCatalogArePresent()
    {
        var header = CsvHeader.Analyse(["Opportunity ID", "Email", "First Name", "Last Name", "Business Title", "Phone", "Catalog"]);

        Assert.Equal(CsvKind.Assignments, header.Kind);
        Assert.Empty(header.IgnoredColumns);
    }

    [Fact]
    public void Analyse_ListsIgnoredColumns_WhenHeaderHasUnknownAndBlankColumns()
    {
        var header = CsvHeader.Analyse(["opportunity_id", "Notes", "entity_type", "entity_id", "email", ""]);

        Assert.Equal(CsvKind.Associations, header.Kind);
        Assert.Equal(["Notes", "email", "(blank column 6)"], header.IgnoredColumns);
    }

    [Theory]
    [InlineData("opportunity_id", "Opportunity ID")]
    [InlineData("entity-id", "ENTITY_ID")]
    public void Analyse_RejectsDuplicateHeaders_WhenTwoNamesNormaliseAlike(string first, string second)
    {
        var header = CsvHeader.Analyse(["entity_type", first, "x", second]);

        Assert.Equal("DUPLICATE_HEADERS", header.Rejection?.Code);
        Assert.Contains(second, header.Rejection!.Message);
        Assert.Null(header.Kind);
    }

    [Fact]
    public void Analyse_NamesTheColumnByPositionOnly_WhenARepeatedNameIsNotOneOfOurs()
    {
        // The first line of a file that is no CSV at all may be a secret: only our own column names are repeated.
        var header = CsvHeader.Analyse(["entity_type", "s3cr3t-token", "x", "S3CR3T-TOKEN"]);

        Assert.Equal("DUPLICATE_HEADERS", header.Rejection?.Code);
        Assert.Contains("column 4", header.Rejection!.Message);
        Assert.DoesNotContain("3cr3t", header.Rejection.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("opportunity_id;entity_type;entity_id", "';'")]
    [InlineData("opportunity_id\tentity_type\tentity_id", "tab")]
    [InlineData("opportunity_id|email|first_name|last_name|business_title", "'|'")]
    public void Analyse_NamesTheDelimiter_WhenFileIsNotCommaSeparated(string headerLine, string shown)
    {
        var header = CsvHeader.Analyse([headerLine]);

        Assert.Equal("WRONG_DELIMITER", header.Rejection?.Code);
        Assert.Contains(shown + "-separated", header.Rejection!.Message);
    }

    [Fact]
    public void Analyse_SaysWhatIsMissing_WhenHeadersMatchNeitherKind()
    {
        var header = CsvHeader.Analyse(["opportunity_id", "entity_type", "email"]);

        Assert.Equal("UNKNOWN_HEADERS", header.Rejection?.Code);
        Assert.Contains("(missing: entity_id)", header.Rejection!.Message);
        Assert.Contains("(missing: first_name, last_name, business_title)", header.Rejection.Message);
    }

    [Fact]
    public void Analyse_RejectsFile_WhenHeadersMatchBothKinds()
    {
        var header = CsvHeader.Analyse(["opportunity_id", "entity_type", "entity_id", "email", "first_name", "last_name", "business_title"]);

        Assert.Equal("AMBIGUOUS_HEADERS", header.Rejection?.Code);
    }
}
