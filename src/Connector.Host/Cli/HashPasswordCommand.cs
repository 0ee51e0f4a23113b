using Connector.Host.Dashboard;

namespace Connector.Host.Cli;

/// <summary><c>hash-password</c>: reads a password from standard input (never from arguments, which end up in shell
/// history and process lists) and prints the hash for <c>Dashboard:Users:N:PasswordHash</c>.</summary>
public static class HashPasswordCommand
{
    private const int MinimumLength = 12;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        CommandArguments.Parse(args, new HashSet<string>(), new HashSet<string>());
        if (!Console.IsInputRedirected)
        {
            await Console.Error.WriteAsync("Password (input is not hidden; pipe it in to avoid the screen): ");
        }

        var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            throw new UsageException($"the password must be at least {MinimumLength} characters long.");
        }

        Console.WriteLine(PasswordHash.Create(password));
        return 0;
    }
}
