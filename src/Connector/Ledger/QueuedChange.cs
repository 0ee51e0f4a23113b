using Connector.PartnerCentral;

namespace Connector.Ledger;

/// <summary>A change claimed from the send queue, with what is needed to call the API for it.</summary>
public sealed class QueuedChange
{
    public long ChangeId { get; init; }

    public long? RunId { get; init; }

    public string Catalog { get; init; } = string.Empty;

    public string OpportunityId { get; init; } = string.Empty;

    public string Operation { get; init; } = string.Empty;

    public string ChangeType { get; init; } = string.Empty;

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public string? AssigneeEmail { get; init; }

    public string? AssigneeFirstName { get; init; }

    public string? AssigneeLastName { get; init; }

    public string? AssigneeBusinessTitle { get; init; }

    public string? AssigneePhone { get; init; }

    public int Attempts { get; init; }

    public int NotFoundAttempts { get; init; }

    public bool ReadFirst { get; init; }

    /// <summary>Earlier write attempts of this change whose outcome is unknown (the process died mid-call).</summary>
    public long[] UnresolvedAttemptIds { get; init; } = [];

    public bool IsAssignment => ChangeType == "assign";

    public AssigneeContact Assignee() => RequestValidator.Normalise(
        new AssigneeContact(AssigneeEmail ?? string.Empty, AssigneeFirstName ?? string.Empty, AssigneeLastName ?? string.Empty, AssigneeBusinessTitle ?? string.Empty, AssigneePhone));

    /// <summary>Whether what Partner Central shows already is what this change asks for.</summary>
    public bool IsSatisfiedBy(GetOpportunityResponse opportunity)
    {
        if (IsAssignment)
        {
            var wanted = Assignee();
            return opportunity.OpportunityTeam.Any(member =>
                string.Equals(member.Email?.Trim(), wanted.Email, StringComparison.OrdinalIgnoreCase)
                && (member.FirstName ?? string.Empty).Trim() == wanted.FirstName
                && (member.LastName ?? string.Empty).Trim() == wanted.LastName
                && (member.BusinessTitle ?? string.Empty).Trim() == wanted.BusinessTitle);
        }

        var associated = opportunity.RelatedEntityIdentifiers.For(EntityType ?? string.Empty).Contains(EntityId);
        return ChangeType == "associate" ? associated : !associated;
    }

    public override string ToString() => $"QueuedChange {{ ChangeId = {ChangeId}, Operation = {Operation}, OpportunityId = {OpportunityId} }}";
}
