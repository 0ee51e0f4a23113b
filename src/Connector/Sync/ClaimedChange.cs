using Connector.Changes;
using Connector.PartnerCentral;

namespace Connector.Sync;

/// <summary>A change the sender claimed from the send queue (row locked for the call), with what is needed to call
/// the API for it.</summary>
public sealed record ClaimedChange
{
    public long ChangeId { get; init; }

    /// <summary>The opportunity's lock key (catalog and id hashed), for a claim that looks past it.</summary>
    public int OpportunityKey { get; init; }

    /// <summary>Whether this sender holds the opportunity now; false when another sender works one of its changes.</summary>
    public bool OpportunityHeld { get; init; }

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

    /// <summary>An earlier write of this change may have reached Partner Central (no answer, a 5xx, a crash).</summary>
    public bool MayHaveWritten { get; init; }

    /// <summary>The change this one must wait for (migrate-solutions: the associate of the replacement), if any.</summary>
    public long? AfterChangeId { get; init; }

    /// <summary>That change's status when this one was claimed (it is no longer queued by then).</summary>
    public string? AfterStatus { get; init; }

    /// <summary>What that change associates (the Marketplace solution), for the detail.</summary>
    public string? AfterEntityId { get; init; }

    public bool IsAssignment => ChangeType == Changes.ChangeType.Assign;

    public AssigneeContact Assignee() => RequestValidator.Normalise(
        new AssigneeContact(AssigneeEmail ?? string.Empty, AssigneeFirstName ?? string.Empty, AssigneeLastName ?? string.Empty, AssigneeBusinessTitle ?? string.Empty, AssigneePhone));

    /// <summary>Whether what Partner Central shows already is what this change asks for. The team members are
    /// compared by the same normalisation as the change (<see cref="RequestValidator.Normalise"/>).</summary>
    public bool IsSatisfiedBy(GetOpportunityResponse opportunity)
    {
        if (IsAssignment)
        {
            var wanted = Assignee();
            return opportunity.OpportunityTeam.Any(member =>
            {
                var shown = RequestValidator.Normalise(new AssigneeContact(member.Email ?? string.Empty, member.FirstName ?? string.Empty,
                    member.LastName ?? string.Empty, member.BusinessTitle ?? string.Empty, null));
                return shown.Email == wanted.Email && shown.FirstName == wanted.FirstName
                    && shown.LastName == wanted.LastName && shown.BusinessTitle == wanted.BusinessTitle;
            });
        }

        var associated = opportunity.RelatedEntityIdentifiers.For(EntityType ?? string.Empty).Contains(EntityId);
        return ChangeType == Changes.ChangeType.Associate ? associated : !associated;
    }

    public override string ToString() => $"ClaimedChange {{ ChangeId = {ChangeId}, Operation = {Operation}, OpportunityId = {OpportunityId} }}";
}
