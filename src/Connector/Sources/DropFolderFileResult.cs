namespace Connector.Sources;

/// <summary>One dropped file after a poll.</summary>
/// <param name="FileName">The name it was dropped under.</param>
/// <param name="Location">Where it is now: under <c>processed/</c> or <c>rejected/</c>, with a timestamp prefix.</param>
/// <param name="Result">The import; its <see cref="ImportResult.ReportPath"/> points beside <paramref name="Location"/>.</param>
public sealed record DropFolderFileResult(string FileName, string Location, ImportResult Result);
