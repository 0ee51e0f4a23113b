namespace PartnerCentral.Emulator.Protocol;

/// <summary>The operations the emulator serves, by their X-Amz-Target names.</summary>
public static class SellingOperation
{
    public const string AssociateOpportunity = nameof(AssociateOpportunity);
    public const string DisassociateOpportunity = nameof(DisassociateOpportunity);
    public const string AssignOpportunity = nameof(AssignOpportunity);
    public const string GetOpportunity = nameof(GetOpportunity);
    public const string ListSolutions = nameof(ListSolutions);

    public static readonly IReadOnlyList<string> All = [AssociateOpportunity, DisassociateOpportunity, AssignOpportunity, GetOpportunity, ListSolutions];

    public static bool IsWrite(string operation) => operation is not (GetOpportunity or ListSolutions);
}
