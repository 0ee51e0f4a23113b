using System.Text.Json;
using Connector.IntegrationTests.Infrastructure;

namespace Connector.IntegrationTests.Reliability;

/// <summary><c>connector import</c> as a child process on hostile files of the corpus: the exit code says accepted (0),
/// partly rejected (1) or rejected as a whole (2), and no file ends in a stack trace.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ImportCommandTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly string Corpus = Path.Combine(AppContext.BaseDirectory, "Sources", "corpus");

    [Theory]
    [InlineData("assoc_basic.csv", 0)]
    [InlineData("bad_emails.csv", 1)]
    [InlineData("binary_png.csv", 2)]
    [InlineData("empty.csv", 2)]
    [InlineData("semicolon.csv", 2)]
    [InlineData("latin1.csv", 2)]
    [InlineData("unclosed_quote_small.csv", 1)]
    [InlineData("path like .. name ünï (1).csv", 0)]
    public async Task Import_ExitsWithOutcomeCodeAndNoStackTrace_WhenFileIsHostile(string file, int expectedExit)
    {
        var manifest = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(Path.Combine(Corpus, "expected.json")))!;
        var outcome = manifest[file].GetProperty("outcome").GetString();
        // The theory's code must agree with the corpus manifest's outcome for the file.
        Assert.Equal(expectedExit, outcome switch { "Accepted" => 0, "PartlyRejected" => 1, "RejectedWhole" => 2, _ => -1 });
        var folder = Directory.CreateTempSubdirectory("connector-import-");
        try
        {
            // A copy: the command writes its report next to the file.
            var path = Path.Combine(folder.FullName, file);
            File.Copy(Path.Combine(Corpus, file), path);
            var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));

            var (exitCode, output) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "import", path);

            Assert.True(exitCode == expectedExit, $"import {file} exited {exitCode}:\n{output}");
            Assert.DoesNotContain("   at ", output);
            Assert.DoesNotContain("Unhandled exception", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
