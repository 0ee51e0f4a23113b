namespace PartnerCentral.Emulator.Options;

/// <summary>One of the account's partner solutions, as <c>ListSolutions</c> lists it (<c>Emulator:Solutions:N</c>).</summary>
public sealed class SolutionOptions
{
    public string Catalog { get; set; } = "AWS";

    /// <summary>The solution's id, <c>S-1234567</c>.</summary>
    public string Id { get; set; } = string.Empty;

    public string? Name { get; set; }

    /// <summary><c>Active</c>, <c>Inactive</c> or <c>Draft</c>; an associate of a solution that is not Active is refused.</summary>
    public string Status { get; set; } = "Active";
}
