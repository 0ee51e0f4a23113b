using Connector.PartnerCentral;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Protocol;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator.Api;

/// <summary>The operations: field rules from the shared RequestValidator (the same rules the connector
/// checks before sending), then the business rules against <see cref="EmulatorState"/>.</summary>
internal sealed class OpportunityOperations(EmulatorState state, IOptions<EmulatorOptions> options)
{
    private static readonly object EmptyOutput = new();

    /// <summary>Returns the output to serialise, or the error to answer.</summary>
    public object Execute(SellingCall call, out AwsError? error)
    {
        var fieldErrors = call.Request switch
        {
            AssociateOpportunityRequest r => RequestValidator.Validate(r),
            DisassociateOpportunityRequest r => RequestValidator.Validate(r),
            AssignOpportunityRequest r => RequestValidator.Validate(r),
            GetOpportunityRequest r => RequestValidator.Validate(r),
            ListSolutionsRequest r => RequestValidator.Validate(r),
            _ => throw new InvalidOperationException($"No validator for {call.Request.GetType().Name}."),
        };
        if (fieldErrors.Count > 0)
        {
            error = AwsErrors.Validation(ValidationCodes.RequestValidationFailed, fieldErrors);
            return EmptyOutput;
        }

        switch (call.Request)
        {
            case AssociateOpportunityRequest r:
                error = state.Associate(r.Catalog, r.OpportunityIdentifier, r.RelatedEntityType, r.RelatedEntityIdentifier);
                return EmptyOutput;
            case DisassociateOpportunityRequest r:
                error = state.Disassociate(r.Catalog, r.OpportunityIdentifier, r.RelatedEntityType, r.RelatedEntityIdentifier);
                return EmptyOutput;
            case AssignOpportunityRequest r:
                error = state.Assign(r.Catalog, r.Identifier, RequestValidator.Normalise(r.Assignee));
                return EmptyOutput;
            case GetOpportunityRequest r:
                var snapshot = state.Get(r.Catalog, r.Identifier, out error);
                return snapshot is null ? EmptyOutput : GetOpportunityOutput.From(snapshot, options.Value.AccountId);
            case ListSolutionsRequest r:
                error = null;
                return ListSolutions(r);
            default:
                throw new InvalidOperationException($"No handler for {call.Request.GetType().Name}.");
        }
    }

    // One page of the configured solutions of the catalog, in id order; the token is the offset of the next page.
    private ListSolutionsOutput ListSolutions(ListSolutionsRequest request)
    {
        var all = options.Value.Solutions.Where(s => string.Equals(s.Catalog, request.Catalog, StringComparison.Ordinal)).OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        var from = int.TryParse(request.NextToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : 0;
        var size = Math.Clamp(request.MaxResults ?? 20, 1, 100);
        var page = all.Skip(from).Take(size).Select(s => new SolutionSummaryOutput(s.Catalog, s.Id,
            $"arn:aws:partnercentral:us-east-1:{options.Value.AccountId}:catalog/{s.Catalog}/solution/{s.Id}", s.Name, s.Status, "Software Product", "2026-01-01T00:00:00.000Z")).ToList();
        return new ListSolutionsOutput(page, from + size < all.Count ? (from + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
