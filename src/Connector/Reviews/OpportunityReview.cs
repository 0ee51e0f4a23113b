using Connector.PartnerCentral;

namespace Connector.Reviews;

/// <summary>What the connector builds on when Partner Central refuses a write for the opportunity's state. AWS
/// documents no error code for it: a refusal that names a state (the model's <c>INVALID_RESOURCE_STATE</c> or
/// <c>ACTION_NOT_PERMITTED</c>, or a message naming the review) is checked with a read, and the read's
/// <c>LifeCycle</c> decides - no guess about which states block.</summary>
public static class OpportunityReview
{
    /// <summary>How a change waiting for a review is worded (and found: the plan holds a new change of that opportunity
    /// back with them).</summary>
    public const string WaitingDetail = "waiting: opportunity under AWS review";

    /// <summary>Whether the refusal may be the opportunity's state (and is worth a read to find out).</summary>
    public static bool IsStateRefusal(Exception error) =>
        error is PartnerCentralValidationException { IsPreflight: false } validation
        && (validation.FieldErrors.Any(f => f.Code is ValidationCodes.InvalidResourceState or ValidationCodes.ActionNotPermitted)
            || validation.Message.Contains("review", StringComparison.OrdinalIgnoreCase)
            || validation.FieldErrors.Any(f => f.Message.Contains("review", StringComparison.OrdinalIgnoreCase)));

    /// <summary>AWS is reviewing it (<c>Submitted</c>, <c>In review</c>): writes wait and are checked again with reads.</summary>
    public static bool IsUnderReview(GetOpportunityResponse opportunity) =>
        opportunity.ReviewStatus is { } status
        && (status.Equals("Submitted", StringComparison.OrdinalIgnoreCase) || status.Equals("In review", StringComparison.OrdinalIgnoreCase));

    /// <summary>The state that ends it for good (<c>Rejected</c> review, <c>Closed Lost</c> stage), or null.</summary>
    public static string? FinalState(GetOpportunityResponse opportunity) =>
        opportunity.ReviewStatus is { } review && review.Equals("Rejected", StringComparison.OrdinalIgnoreCase) ? "Rejected by AWS review"
        : opportunity.Stage is { } stage && stage.Equals("Closed Lost", StringComparison.OrdinalIgnoreCase) ? "Closed Lost"
        : null;
}
