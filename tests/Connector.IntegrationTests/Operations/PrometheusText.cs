using System.Globalization;
using System.Text.RegularExpressions;

namespace Connector.IntegrationTests.Operations;

/// <summary>A strict parser of the Prometheus text exposition format (0.0.4): every line is a comment (# HELP, # TYPE,
/// # UNIT, # EOF or other), a sample <c>name{label="value",...} value [timestamp]</c>, or blank; anything else, a
/// sample before its family's TYPE, a TYPE given twice, or a bad escape throws <see cref="FormatException"/>.</summary>
internal static partial class PrometheusText
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    if (!types.TryAdd(type.Groups[1].Value, type.Groups[2].Value))
                    {
                        throw new FormatException($"line {lineNumber}: second TYPE for {type.Groups[1].Value}");
                    }
                }
                else if (line.StartsWith("# TYPE", StringComparison.Ordinal) || (line.StartsWith("# HELP", StringComparison.Ordinal) && !HelpLine().IsMatch(line)))
                {
                    throw new FormatException($"line {lineNumber}: malformed {line[..6]}: {line}");
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            if (!sample.Success)
            {
                throw new FormatException($"line {lineNumber}: not a sample: {line}");
            }

            var name = sample.Groups["name"].Value;
            if (Family(name, types) is null)
            {
                throw new FormatException($"line {lineNumber}: sample {name} has no TYPE before it");
            }

            samples.Add(new PrometheusSample(name, Labels(sample.Groups["labels"].Value, lineNumber), Value(sample.Groups["value"].Value, lineNumber)));
        }

        return samples;
    }

    private static string? Family(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_total", "_bucket", "_count", "_sum", "_created" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(name[..^suffix.Length], out var type)
                && (suffix == "_total" ? type == "counter" : type is "histogram" or "summary" || suffix == "_created"))
            {
                return name[..^suffix.Length];
            }
        }

        return null;
    }

    private static Dictionary<string, string> Labels(string body, int lineNumber)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body.Length == 0)
        {
            return labels;
        }

        var position = 0;
        while (position < body.Length)
        {
            var label = Label().Match(body, position);
            if (!label.Success || label.Index != position)
            {
                throw new FormatException($"line {lineNumber}: malformed labels: {body}");
            }

            if (!labels.TryAdd(label.Groups[1].Value, Unescape(label.Groups[2].Value, lineNumber)))
            {
                throw new FormatException($"line {lineNumber}: label {label.Groups[1].Value} twice");
            }

            position += label.Length;
            if (position < body.Length)
            {
                if (body[position] != ',')
                {
                    throw new FormatException($"line {lineNumber}: expected ',' in labels: {body}");
                }

                position++;
            }
        }

        return labels;
    }

    private static string Unescape(string value, int lineNumber)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                result.Append(value[i]);
                continue;
            }

            result.Append(++i < value.Length ? value[i] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                _ => throw new FormatException($"line {lineNumber}: bad escape \\{value[i]}"),
            } : throw new FormatException($"line {lineNumber}: dangling escape"));
        }

        return result.ToString();
    }

    private static double Value(string text, int lineNumber) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"line {lineNumber}: not a number: {text}"),
    };

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^{}]*)\})? (?<value>[^ ]+)(?: (?<timestamp>-?[0-9]+))?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}

internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public bool Has(string label, string value) => Labels.TryGetValue(label, out var actual) && actual == value;
}
