using System.Text.RegularExpressions;

namespace Connector.IntegrationTests.Reliability;

/// <summary>A static check over <c>src/**/*.cs</c>: SQL text is never built from values by interpolation, string
/// concatenation or string.Format. Values go in parameters; only validated identifiers are allow-listed.</summary>
public sealed partial class SqlTextScanTests
{
    // file (relative to src/) and the exact line fragment allowed, with the reason.
    private static readonly (string File, string Fragment, string Why)[] Allowed =
    [
        ("Connector.Host/Postgres/PrivatePostgres.cs", "$\"CREATE DATABASE \\\"{name}\\\"\"",
            "an identifier cannot be a parameter; the name is checked against ^[a-z_][a-z0-9_]{0,62}$ first"),
    ];

    [Fact]
    public void SourceTree_BuildsNoSqlFromValues_WhenScannedForInterpolationAndConcatenation()
    {
        var src = Path.Combine(RepositoryRoot(), "src");
        var files = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"only {files.Count} source files found under {src}");

        var findings = new List<string>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(src, file).Replace('\\', '/');
            var text = File.ReadAllText(file);
            foreach (var pattern in new[] { InterpolatedSql(), ConcatenatedSql(), FormattedSql() })
            {
                foreach (Match match in pattern.Matches(text))
                {
                    var line = text[..match.Index].Count(c => c == '\n') + 1;
                    if (Allowed.Any(a => a.File == relative && match.Value.Contains(a.Fragment, StringComparison.Ordinal))
                        || IsConstantInitializer(text, match.Index))
                    {
                        continue;
                    }

                    findings.Add($"{relative}:{line}: {match.Value.Trim()[..Math.Min(120, match.Value.Trim().Length)]}");
                }
            }
        }

        Assert.True(findings.Count == 0, "SQL built from values:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Patterns_FlagSqlBuiltFromValues_WhenGivenKnownBadLines()
    {
        // The scan must be able to fail: each of these is the kind of line it exists to catch.
        Assert.Matches(InterpolatedSql(), "var sql = $\"select * from connector.crm_changes where id = {id}\";");
        Assert.Matches(InterpolatedSql(), "const x = $\"\"\"\n    update connector.pace set paused_reason = '{reason}'\n    \"\"\";");
        Assert.Matches(ConcatenatedSql(), "var sql = \"delete from connector.send_queue where change_id = \" + changeId;");
        Assert.Matches(ConcatenatedSql(), "cmd.CommandText = \"insert into t values ('\" + name + \"')\";");
        Assert.Matches(FormattedSql(), "string.Format(\"select * from connector.imports where file_name = '{0}'\", name)");
        Assert.DoesNotMatch(InterpolatedSql(), "Console.WriteLine($\"Requeued {count} failed change(s)\");");
        // A const declaration's interpolated text is proven constant by the compiler (every hole a constant); any other
        // interpolation into SQL is still a finding.
        const string constant = "private const string Sql = $$\"\"\"\n update connector.crm_changes set status = '{{ChangeStatus.Synced}}' \"\"\";";
        Assert.True(IsConstantInitializer(constant, constant.IndexOf("$$", StringComparison.Ordinal)));
        const string local = "var sql = $$\"\"\"\n update connector.crm_changes set status = '{{status}}' \"\"\";";
        Assert.False(IsConstantInitializer(local, local.IndexOf("$$", StringComparison.Ordinal)));
    }

    // An interpolated literal that initialises a const: C# only compiles it when every hole is itself a constant.
    private static bool IsConstantInitializer(string text, int literalStart) =>
        ConstDeclaration().IsMatch(text[Math.Max(0, literalStart - 200)..literalStart]);

    [GeneratedRegex(@"\bconst\s+string\s+\w+\s*=\s*$")]
    private static partial Regex ConstDeclaration();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Connector.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Connector.sln not found above " + AppContext.BaseDirectory);
    }

    private const string Statement = @"(?:select\b[^""]*?\bfrom|insert\s+into|update\s+[\w.""]+\s+set|delete\s+from|create\s+(?:table|database|schema|index|role)|drop\s+(?:table|database|schema|index)|alter\s+table|truncate\s+|copy\s+[\w.]+|grant\s+)";

    // An interpolated literal ($"...", $@"...", $"""...""") whose text is a SQL statement with a {hole}.
    private static Regex InterpolatedSql() => InterpolatedSqlPattern();

    [GeneratedRegex(@"\$+@?(?:""""""(?=[^{]*?" + Statement + @")[\s\S]*?\{[\s\S]*?""""""|""(?=(?:[^""\\\n]|\\.)*?" + Statement + @")(?:[^""\\\n]|\\.)*\{(?:[^""\\\n]|\\.)*"")", RegexOptions.IgnoreCase)]
    private static partial Regex InterpolatedSqlPattern();

    // A plain literal holding a SQL statement joined with + to something that is not a literal.
    [GeneratedRegex(@"""(?=(?:[^""\\\n]|\\.)*?" + Statement + @")(?:[^""\\\n]|\\.)*""\s*\+\s*[A-Za-z_(]", RegexOptions.IgnoreCase)]
    private static partial Regex ConcatenatedSql();

    [GeneratedRegex(@"string\.Format\(\s*@?""(?=(?:[^""\\\n]|\\.)*?" + Statement + @")", RegexOptions.IgnoreCase)]
    private static partial Regex FormattedSql();
}
