using System.Diagnostics;
using System.Text;

namespace Connector.IntegrationTests.Infrastructure;

/// <summary>Runs the real connector executable (<c>dotnet connector.dll &lt;command&gt;</c>) as a child process with the
/// given environment, capturing its output; killed (SIGKILL) at dispose if still running, so no test leaves a
/// server behind. Used by multi-server, crash and configuration tests, and linked into the benchmark harness.</summary>
public sealed class ConnectorProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder standardOutput = new();
    private readonly StringBuilder standardError = new();

    private ConnectorProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <summary>Everything written to stdout and stderr so far, interleaved as received.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>What was written to stdout alone: the command's own output.</summary>
    public string StandardOutput
    {
        get
        {
            lock (output)
            {
                return standardOutput.ToString();
            }
        }
    }

    /// <summary>What was written to stderr alone: errors, the log file's path, and logs with --verbose.</summary>
    public string StandardError
    {
        get
        {
            lock (output)
            {
                return standardError.ToString();
            }
        }
    }

    /// <summary>The host's build output for the same configuration as the running tests.</summary>
    public static string ConnectorDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = here.Parent?.Name ?? "Debug"; // .../bin/<Configuration>/net10.0/
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Connector.sln")))
            {
                root = root.Parent;
            }

            if (root is null)
            {
                throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
            }

            var dll = Path.Combine(root.FullName, "src", "Connector.Host", "bin", configuration, "net10.0", "connector.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: " + dll);
        }
    }

    /// <summary>Settings every child needs to reach the test database and the emulator; recurring schedules are off
    /// unless the caller sets them.</summary>
    public static Dictionary<string, string?> Environment(string connectionString, Uri emulator, double writesPerSecond = 20) => new()
    {
        ["ConnectionStrings__Connector"] = connectionString,
        ["PartnerCentral__Endpoint"] = emulator.ToString(),
        ["PartnerCentral__WritesPerSecond"] = writesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE",
        ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["Dashboard__Urls"] = "http://127.0.0.1:0",
        ["Dashboard__TrustLoopback"] = "true",
        ["Schedules__NightlyFullSync"] = "off",
        ["Schedules__IncrementalSync"] = "off",
        ["Schedules__DropFolderPoll"] = "off",
        ["Schedules__Reconcile"] = "off",
        ["Sync__TransientBaseDelay"] = "00:00:00.200",
        ["Sync__TransientMaxDelay"] = "00:00:02",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    public static ConnectorProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(ConnectorDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ConnectorProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data, child.standardOutput);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data, child.standardError);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code, stdout and stderr apart.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunSeparatelyAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] arguments)
    {
        await using var child = Start(environment, arguments);
        var code = await child.WaitForExitAsync(timeout);
        return (code, child.StandardOutput, child.StandardError);
    }

    /// <summary>Runs a command to completion (bounded) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, params string[] arguments)
    {
        await using var child = Start(environment, arguments);
        var code = await child.WaitForExitAsync(timeout);
        return (code, child.Output);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"connector did not exit within {timeout}; output:\n{Output}");
        }

        // Let the asynchronous readers flush the last lines.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Waits until the output contains <paramref name="text"/> (bounded).</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear (exited: {process.HasExited}); output:\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL, no goodbye: what a crash looks like to the database and to Hangfire.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line, StringBuilder stream)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            stream.AppendLine(line);
        }
    }
}
