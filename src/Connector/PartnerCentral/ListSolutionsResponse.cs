namespace Connector.PartnerCentral;

/// <summary>One page of ListSolutions: each solution's id, ARN, name and status (<c>Active</c>, <c>Inactive</c>, <c>Draft</c>).</summary>
public sealed record ListSolutionsResponse(IReadOnlyList<SolutionSummary> Solutions, string? NextToken, string? RequestId);

public sealed record SolutionSummary(string Id, string? Arn, string? Name, string Status);
