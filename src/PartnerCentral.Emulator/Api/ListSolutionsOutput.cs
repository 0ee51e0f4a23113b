namespace PartnerCentral.Emulator.Api;

/// <summary>ListSolutions' answer: one page of the account's solutions (members spelled as in the model).</summary>
internal sealed record ListSolutionsOutput(IReadOnlyList<SolutionSummaryOutput> SolutionSummaries, string? NextToken);

internal sealed record SolutionSummaryOutput(string Catalog, string Id, string Arn, string? Name, string Status, string Category, string CreatedDate);
