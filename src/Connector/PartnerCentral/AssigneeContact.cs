namespace Connector.PartnerCentral;

/// <summary>Every member but BusinessTitle is sensitive in the model: ToString never prints them.</summary>
public sealed record AssigneeContact(string Email, string FirstName, string LastName, string BusinessTitle, string? Phone = null)
{
    public override string ToString() => $"AssigneeContact {{ Email = ***, BusinessTitle = {BusinessTitle} }}";
}
