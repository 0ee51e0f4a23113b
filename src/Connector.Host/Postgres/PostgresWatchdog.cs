using System.Diagnostics;

namespace Connector.Host.Postgres;

/// <summary>
/// A tiny shell process that stops the server if this process dies without running its exit hooks
/// (SIGKILL, a crashed or killed test host), so no postgres outlives its owner.
/// </summary>
internal sealed class PostgresWatchdog : IDisposable
{
    // Positional arguments keep paths out of the script text: no quoting to get wrong.
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1; data=$2; root=$3; remove=$4; shift 4
        while kill -0 "$owner"; do sleep 1; done
        "$@" stop -D "$data" -m immediate -w -t 20
        if [ "$remove" = 1 ]; then rm -rf "$root"; fi
        """;

    private readonly Process? _process;

    private PostgresWatchdog(Process? process)
    {
        _process = process;
    }

    public static PostgresWatchdog Start(IReadOnlyList<string> pgCtlCommand, string dataDirectory, string rootDirectory, bool removeRoot)
    {
        if (OperatingSystem.IsWindows())
        {
            return new PostgresWatchdog(null);
        }

        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = "/" };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(Script);
        psi.ArgumentList.Add("connector-postgres-watchdog");
        psi.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(dataDirectory);
        psi.ArgumentList.Add(rootDirectory);
        psi.ArgumentList.Add(removeRoot ? "1" : "0");
        foreach (var word in pgCtlCommand)
        {
            psi.ArgumentList.Add(word);
        }

        return new PostgresWatchdog(Process.Start(psi));
    }

    public void Dispose()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited on its own meanwhile.
        }
        finally
        {
            _process.Dispose();
        }
    }
}
