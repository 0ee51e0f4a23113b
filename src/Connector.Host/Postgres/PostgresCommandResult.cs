namespace Connector.Host.Postgres;

internal readonly record struct PostgresCommandResult(int ExitCode, string Output);
