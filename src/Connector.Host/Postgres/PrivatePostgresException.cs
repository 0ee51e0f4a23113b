namespace Connector.Host.Postgres;

/// <summary>The private PostgreSQL server could not be initialised, started or stopped.</summary>
/// <remarks>The message carries the tail of the server log, because that is where the real cause is.</remarks>
public sealed class PrivatePostgresException : Exception
{
    public PrivatePostgresException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
