namespace Connector.Host.Cli;

/// <summary>The few flags the verbs take: <c>--name</c>, <c>--name value</c>, and positional values.</summary>
public sealed class CommandArguments
{
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);
    private readonly List<string> positional = [];

    private CommandArguments()
    {
    }

    public IReadOnlyList<string> Positional => positional;

    public static CommandArguments Parse(IEnumerable<string> args, IReadOnlySet<string> valued, IReadOnlySet<string> known)
    {
        var parsed = new CommandArguments();
        using var items = args.GetEnumerator();
        while (items.MoveNext())
        {
            var arg = items.Current;
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.positional.Add(arg);
            }
            else if (valued.Contains(arg))
            {
                parsed.values[arg] = items.MoveNext() ? items.Current : throw new UsageException($"{arg} needs a value.");
            }
            else if (known.Contains(arg))
            {
                parsed.flags.Add(arg);
            }
            else
            {
                throw new UsageException($"unknown option {arg}.");
            }
        }

        return parsed;
    }

    public bool Has(string flag) => flags.Contains(flag);

    public string? Value(string name) => values.GetValueOrDefault(name);
}
