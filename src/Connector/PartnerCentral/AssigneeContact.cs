namespace Connector.PartnerCentral;

/// <summary>Every member but BusinessTitle is sensitive in the model: ToString never prints them.</summary>
public sealed record AssigneeContact(string Email, string FirstName, string LastName, string BusinessTitle, string? Phone = null)
{
    public override string ToString() => $"AssigneeContact {{ Email = ***, BusinessTitle = {BusinessTitle} }}";

    /// <summary>An email as it may be shown: its first letter and its domain (<c>a***@example.com</c>).</summary>
    public static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : email[..1] + "***" + email[at..];
    }
}
