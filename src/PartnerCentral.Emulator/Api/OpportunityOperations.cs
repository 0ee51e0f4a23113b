using Connector.PartnerCentral;
using Microsoft.Extensions.Options;
using PartnerCentral.Emulator.Options;
using PartnerCentral.Emulator.Protocol;
using PartnerCentral.Emulator.State;

namespace PartnerCentral.Emulator.Api;

/// <summary>The four operations: field rules from the shared RequestValidator (the same rules the connector
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
            default:
                throw new InvalidOperationException($"No handler for {call.Request.GetType().Name}.");
        }
    }
}
