namespace Connector.Sources;

public enum ImportOutcome
{
    /// <summary>Every row was staged.</summary>
    Accepted,

    /// <summary>Some rows were staged; the others are in the report.</summary>
    PartlyRejected,

    /// <summary>Nothing was staged: the file itself is unusable, or not one of its rows passed.</summary>
    RejectedWhole,

    /// <summary>The same bytes were staged before; nothing was staged again.</summary>
    AlreadyImported,
}
