using Connector.PartnerCentral;

namespace Connector.Tests.PartnerCentral;

public class RequestValidatorAssigneeTests
{
    [Fact]
    public void Validate_ReportsRequiredFieldMissing_WhenAssigneeNamesAreAbsent()
    {
        var request = new AssignOpportunityRequest("AWS", "O123", new AssigneeContact("jane@example.com", null!, null!, null!));

        var errors = RequestValidator.Validate(request);

        Assert.Equal(
            ["Assignee.FirstName", "Assignee.LastName", "Assignee.BusinessTitle"],
            errors.Where(e => e.Code == ValidationCodes.RequiredFieldMissing).Select(e => e.FieldName));
    }

    [Fact]
    public void Validate_AcceptsEmptyNames_WhenTheMembersArePresent()
    {
        // The model's Name pattern is 0-80 characters: present-but-empty is valid.
        var request = new AssignOpportunityRequest("AWS", "O123", new AssigneeContact("jane@example.com", "", "", "OpportunityOwner"));

        Assert.Empty(RequestValidator.Validate(request));
    }
}
