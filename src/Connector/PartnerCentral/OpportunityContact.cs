namespace Connector.PartnerCentral;

/// <summary>A member of GetOpportunity's OpportunityTeam. Sensitive members never go to logs.</summary>
public sealed record OpportunityContact(string? Email, string? FirstName, string? LastName, string? BusinessTitle, string? Phone = null)
{
    public override string ToString() => $"OpportunityContact {{ Email = ***, BusinessTitle = {BusinessTitle} }}";
}
