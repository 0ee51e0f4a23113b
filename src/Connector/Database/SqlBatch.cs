using Npgsql;

namespace Connector.Database;

/// <summary>Statements that go together in one round trip (Npgsql's batching): each owner of a table builds its own
/// command, the caller sends them together in its transaction. For the hot path, where round trips are the cost.</summary>
public static class SqlBatch
{
    public static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IEnumerable<NpgsqlBatchCommand> commands, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command with named parameters (<c>@name</c> in its text); a null value is sent as SQL null.</summary>
    public static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
