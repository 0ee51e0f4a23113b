namespace Connector.Host.Cli;

/// <summary>Expected failures raised by other parts (credentials, PostgreSQL binaries): one line each.</summary>
public static class ExpectedTypes
{
    public static string? Describe(Exception error) => error.GetType().Name switch
    {
        "CredentialsNotFoundException" or "PostgresNotFoundException" => error.Message,
        _ => null,
    };
}
