using System.Diagnostics;
using System.Text;

namespace Connector.Host.Postgres;

/// <summary>Runs one short-lived command (initdb, pg_ctl, chown) with a hard time limit and captured output.</summary>
internal static class PostgresCommand
{
    public static async Task<PostgresCommandResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in command.Skip(1))
        {
            psi.ArgumentList.Add(arg);
        }

        // libpq variables from the caller's shell must not point the tools at another server.
        foreach (var name in new[] { "PGDATA", "PGPORT", "PGHOST", "PGUSER", "PGDATABASE", "PGOPTIONS" })
        {
            psi.Environment.Remove(name);
        }

        using var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited between the timeout and the kill.
            }

            ct.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"'{string.Join(' ', command)}' did not finish within {timeout.TotalSeconds:0} s. Output: {Snapshot(output)}");
        }

        // Let the asynchronous readers drain what is left in the pipes.
        process.WaitForExit();
        return new PostgresCommandResult(process.ExitCode, Snapshot(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }
}
