using Connector.PartnerCentral;

namespace Connector.Sources;

/// <summary>Row rules of a legacy-solution map: a legacy solution id, a Marketplace solution ARN, a catalog, and one
/// replacement per legacy solution in a file.</summary>
internal static class SolutionMapRowValidator
{
    public static SolutionMapping? Check(SolutionMapRow row, CsvHeader header, string defaultCatalog, int line, List<RowError> errors,
        Dictionary<(string Catalog, string SolutionId), SolutionMapping> seen)
    {
        var before = errors.Count;
        var solutionId = RowValidation.Clean(row.SolutionId);
        var arn = RowValidation.Clean(row.MarketplaceSolutionArn);
        var catalog = RowValidation.Catalog(row.Catalog, defaultCatalog);
        if (solutionId.Length == 0)
        {
            errors.Add(RowValidation.Missing(header, CsvColumnName.SolutionId, line));
        }
        else if (!RequestValidator.IsLegacySolutionId(solutionId))
        {
            errors.Add(new RowError(line, header.Written(CsvColumnName.SolutionId), ValidationCodes.InvalidStringFormat,
                "solution_id must be a legacy partner solution id like S-1234567 (the Solutions type being replaced)."));
        }

        if (arn.Length == 0)
        {
            errors.Add(RowValidation.Missing(header, CsvColumnName.MarketplaceSolutionArn, line));
        }
        else if (!RequestValidator.IsMarketplaceSolutionArn(arn))
        {
            errors.Add(new RowError(line, header.Written(CsvColumnName.MarketplaceSolutionArn), ValidationCodes.InvalidStringFormat,
                "marketplace_solution_arn must be a Marketplace solution ARN like arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Solution/soln-ab1c2de3fgh4i."));
        }

        foreach (var error in RequestValidator.Validate(new ListSolutionsRequest(catalog)))
        {
            errors.Add(RowValidation.ToRowError(error, header, line));
        }

        if (errors.Count > before)
        {
            return null;
        }

        // The same pair twice is harmless (the staging takes each pair once); two replacements are not.
        var mapping = new SolutionMapping(catalog, solutionId, arn, line);
        if (seen.TryGetValue((catalog, solutionId), out var earlier) && earlier.MarketplaceSolutionArn != arn)
        {
            errors.Add(new RowError(line, header.Written(CsvColumnName.SolutionId), ValidationCodes.InvalidValue,
                $"{solutionId} is already mapped to another Marketplace solution on line {earlier.SourceLine}; a legacy solution has one replacement."));
            return null;
        }

        seen.TryAdd((catalog, solutionId), mapping);
        return mapping;
    }
}
