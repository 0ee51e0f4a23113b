using Connector.PartnerCentral;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Protocol;

namespace PartnerCentral.Emulator.State;

/// <summary>What the emulated Partner Central holds, per catalog: which opportunities exist, their associations
/// and their team. One lock guards everything: calls are paced at a few per second, so contention is nil and a
/// single lock keeps every check-then-change (caps, idempotent re-associate) atomic.</summary>
public sealed class EmulatorState
{
    private readonly object gate = new();
    private readonly Dictionary<(string Catalog, string Id), OpportunityRecord> records = [];
    private readonly OpportunityDirectory directory;
    private readonly TimeProvider clock;
    private readonly HashSet<string> unknownAssignees;
    private readonly Dictionary<(string Catalog, string Id), string> solutionStatus;

    public EmulatorState(IOptions<EmulatorOptions> options, [FromKeyedServices(EmulatorClock.Key)] TimeProvider clock)
    {
        directory = new OpportunityDirectory(options.Value.Opportunities);
        unknownAssignees = new HashSet<string>(options.Value.UnknownAssignees, StringComparer.OrdinalIgnoreCase);
        solutionStatus = options.Value.Solutions.ToDictionary(s => (s.Catalog, s.Id), s => s.Status);
        this.clock = clock;
    }

    /// <summary>The opportunity as GetOpportunity would show it, or null when it does not exist.</summary>
    public OpportunitySnapshot? Find(string catalog, string id)
    {
        lock (gate)
        {
            return Existing(catalog, id)?.Snapshot();
        }
    }

    /// <summary>Creates or overwrites opportunities with exactly the given associations and team.</summary>
    public void Seed(IEnumerable<SeedOpportunity> opportunities)
    {
        lock (gate)
        {
            foreach (var seed in opportunities)
            {
                var record = new OpportunityRecord(seed.Catalog, seed.Id, clock.GetUtcNow())
                {
                    PartnerOpportunityIdentifier = seed.PartnerOpportunityIdentifier,
                    Stage = seed.Stage ?? "Prospect",
                    ReviewStatus = seed.ReviewStatus ?? "Approved",
                };
                var related = seed.RelatedEntityIdentifiers ?? new RelatedEntityIdentifiers();
                foreach (var type in RelatedEntityType.All)
                {
                    record.Associations[type].AddRange(related.For(type).Distinct(StringComparer.Ordinal));
                }

                record.Team.AddRange(seed.OpportunityTeam ?? []);
                records[(seed.Catalog, seed.Id)] = record;
            }
        }
    }

    /// <summary>Forgets every association, assignment and seed: back to what configuration alone says.</summary>
    public void Reset()
    {
        lock (gate)
        {
            records.Clear();
        }
    }

    /// <summary>Associating an entity that is already associated answers 200 and changes nothing: the service
    /// documents no error for it, and an association is a set membership.</summary>
    internal AwsError? Associate(string catalog, string id, string entityType, string entityId)
    {
        lock (gate)
        {
            var record = Existing(catalog, id);
            if (record is null)
            {
                return NotFound(catalog, id);
            }

            if (LifeCycleRefusal(record) is { } refused)
            {
                return refused;
            }

            var associated = record.Associations[entityType];
            if (associated.Contains(entityId, StringComparer.Ordinal))
            {
                return null;
            }

            // The service refuses drafts and inactive entities; only configured solutions have a status here.
            if (entityType == RelatedEntityType.Solutions && solutionStatus.TryGetValue((catalog, entityId), out var status) && status != "Active")
            {
                return AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
                [
                    new FieldError("RelatedEntityIdentifier", ValidationCodes.InvalidValue, $"The solution {entityId} is {status}; only an active solution can be associated."),
                ]);
            }

            // AWS: "an opportunity can be associated with one offer or one offer set, not both".
            if (RelatedEntityType.ExcludedBy(entityType) is { } other && record.Associations[other].Count > 0)
            {
                return AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
                [
                    new FieldError("RelatedEntityType", ValidationCodes.InvalidValue,
                        $"The opportunity already has {other} associated; an opportunity can have one offer or one offer set, not both."),
                ]);
            }

            if (RelatedEntityType.CapPerOpportunity(entityType) is { } cap && associated.Count >= cap)
            {
                return AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
                [
                    new FieldError("RelatedEntityIdentifier", ValidationCodes.TooManyValues,
                        $"An opportunity can have at most {cap} {entityType} associated; disassociate one first."),
                ]);
            }

            associated.Add(entityId);
            record.LastModifiedDate = clock.GetUtcNow();
            return null;
        }
    }

    /// <summary>Disassociating an entity that is not associated is a business validation failure (INVALID_VALUE),
    /// not ResourceNotFound: the opportunity exists, and a client treating 404 as "retry later" would retry a call
    /// that can never succeed.</summary>
    internal AwsError? Disassociate(string catalog, string id, string entityType, string entityId)
    {
        lock (gate)
        {
            var record = Existing(catalog, id);
            if (record is null)
            {
                return NotFound(catalog, id);
            }

            if (LifeCycleRefusal(record) is { } refused)
            {
                return refused;
            }

            if (!record.Associations[entityType].Remove(entityId))
            {
                return AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
                [
                    new FieldError("RelatedEntityIdentifier", ValidationCodes.InvalidValue,
                        $"The {entityType} entity is not associated with this opportunity."),
                ]);
            }

            record.LastModifiedDate = clock.GetUtcNow();
            return null;
        }
    }

    /// <summary>The assignee replaces the team member holding the same BusinessTitle (that is how
    /// PartnerAccountManager changes the owner), or joins the team.</summary>
    internal AwsError? Assign(string catalog, string id, AssigneeContact assignee)
    {
        lock (gate)
        {
            var record = Existing(catalog, id);
            if (record is null)
            {
                return NotFound(catalog, id);
            }

            if (LifeCycleRefusal(record) is { } refused)
            {
                return refused;
            }

            if (unknownAssignees.Contains(assignee.Email))
            {
                // The message does not echo the email (nor does the connector's log of it).
                return AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
                [
                    new FieldError("Assignee.Email", ValidationCodes.InvalidValue,
                        "The assignee is not a registered Partner Central user of this account."),
                ]);
            }

            record.Team.RemoveAll(member => string.Equals(member.BusinessTitle, assignee.BusinessTitle, StringComparison.Ordinal));
            record.Team.Add(new OpportunityContact(assignee.Email, assignee.FirstName, assignee.LastName, assignee.BusinessTitle, assignee.Phone));
            record.LastModifiedDate = clock.GetUtcNow();
            return null;
        }
    }

    internal OpportunitySnapshot? Get(string catalog, string id, out AwsError? error)
    {
        var snapshot = Find(catalog, id);
        error = snapshot is null ? NotFound(catalog, id) : null;
        return snapshot;
    }

    private OpportunityRecord? Existing(string catalog, string id)
    {
        if (directory.IsMissing(catalog, id))
        {
            return null;
        }

        if (records.TryGetValue((catalog, id), out var record))
        {
            return record;
        }

        if (!directory.ExistsByConfiguration(catalog, id))
        {
            return null;
        }

        // An opportunity that exists by configuration gets its record on first use, empty.
        record = new OpportunityRecord(catalog, id, clock.GetUtcNow());
        records[(catalog, id)] = record;
        return record;
    }

    private static AwsError NotFound(string catalog, string id) =>
        AwsErrors.ResourceNotFound($"Opportunity {id} was not found in catalog {catalog}.");

    // AWS documents no error for writes to an opportunity under review or closed: ValidationException with the
    // model's state codes, a message naming the review (what a client can build on, with a read).
    private static AwsError? LifeCycleRefusal(OpportunityRecord record) => record switch
    {
        { ReviewStatus: "Submitted" or "In review" } => AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
            [new FieldError("Identifier", ValidationCodes.ActionNotPermitted, $"The opportunity is under AWS review ({record.ReviewStatus}); it cannot be updated until the review is complete.")]),
        { ReviewStatus: "Rejected" } => AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
            [new FieldError("Identifier", ValidationCodes.InvalidResourceState, "The opportunity was rejected by AWS review and is read-only.")]),
        { Stage: "Closed Lost" } => AwsErrors.Validation(ValidationCodes.BusinessValidationFailed,
            [new FieldError("Identifier", ValidationCodes.InvalidResourceState, "The opportunity is Closed Lost and cannot be updated.")]),
        _ => null,
    };
}
