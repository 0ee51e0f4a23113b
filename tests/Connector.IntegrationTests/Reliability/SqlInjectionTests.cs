using Connector.IntegrationTests.Execution;
using Connector.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Reliability;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>SQL metacharacters through every input (staged CRM rows, CSV cells and file names, CLI arguments) are
/// stored and compared as plain values: no SQL error, nothing dropped, the values come back byte for byte.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SqlInjectionTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Drop = "'; drop table connector.crm_changes; --";
    private const string Odd = "$$ \\ ' \" Łukasz 李 $tag$";
    private const string Offer = "arn:aws:aws-marketplace:us-east-1:123456789012:AWSMarketplace/Offer/offer-" + Drop + Odd;
    private const string Email = "o'brien$$@example.com";

    [Fact]
    public async Task SyncAsync_StoresAndSendsValuesLiterally_WhenStagedRowsCarrySqlMetacharacters()
    {
        await using var harness = await ConnectorHarness.StartAsync(database.ConnectionString);
        var staged = new[]
        {
            ("associate", "AWS", "O1" + Drop, "Solutions", "S-1", (string?)null, (string?)null, "rejected"),
            ("associate", "AWS", "O5000001", "AwsMarketplaceOffers", Offer, null, null, "synced"),
            ("assign", "AWS", "O5000002", null, null, Email, Drop, "synced"),
            ("associate'; --", "AWS", "O5000003", "Solutions", "S-2", null, null, "rejected"),
            ("associate", "AWS' or '1'='1", "O5000004", "Solutions", "S-3", null, null, "rejected"),
            ("associate", "AWS", "O5000005", "Solutions$$", "S-4" + Odd, null, null, "rejected"),
        };
        var ids = new List<long>();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            foreach (var (type, catalog, opportunity, entityType, entityId, email, first, _) in staged)
            {
                ids.Add(await connection.ExecuteScalarAsync<long>(
                    """
                    insert into connector.crm_changes (change_type, catalog, opportunity_id, entity_type, entity_id, assignee_email,
                                                       assignee_first_name, assignee_last_name, assignee_business_title, assignee_phone)
                    values (@type, @catalog, @opportunity, @entityType, @entityId, @email, @first, @last, @title, @phone) returning id
                    """,
                    new { type, catalog, opportunity, entityType, entityId, email, first, last = email is null ? null : Odd, title = email is null ? null : "PartnerAccountManager", phone = email is null ? null : "+14155550100" }));
            }
        }

        await harness.PlanAsync();
        await harness.DrainAsync();

        await using var check = new NpgsqlConnection(database.ConnectionString);
        var rows = (await check.QueryAsync<(long Id, string? ChangeType, string Catalog, string? OpportunityId, string? EntityId, string? FirstName, string? LastName, string Status)>(
            "select id, change_type, catalog, opportunity_id, entity_id, assignee_first_name, assignee_last_name, status from connector.crm_changes where id = any(@ids) order by id", new { ids = ids.ToArray() })).ToList();
        Assert.Equal(staged.Length, rows.Count);
        for (var i = 0; i < staged.Length; i++)
        {
            var (type, catalog, opportunity, _, entityId, email, first, expected) = staged[i];
            Assert.Equal((ids[i], type, catalog, opportunity, entityId, first, email is null ? null : Odd, expected), rows[i]);
        }

        var offers = harness.Emulator.State.Find("AWS", "O5000001")!.RelatedEntityIdentifiers.AwsMarketplaceOffers;
        Assert.Equal([Offer], offers);
        var team = Assert.Single(harness.Emulator.State.Find("AWS", "O5000002")!.OpportunityTeam);
        Assert.Equal((Email, Drop, Odd), (team.Email, team.FirstName, team.LastName));
        Assert.Equal(Offer, await check.ExecuteScalarAsync<string>("select entity_id from connector.ledger_associations where opportunity_id = 'O5000001'"));
        Assert.Equal(Drop, await check.ExecuteScalarAsync<string>("select assignee_first_name from connector.ledger_opportunities where opportunity_id = 'O5000002'"));
    }

    [Fact]
    public async Task Import_StagesCellsAndFileNameLiterally_WhenCsvCarriesSqlMetacharacters()
    {
        var folder = Directory.CreateTempSubdirectory("connector-sql-");
        try
        {
            var name = "hostile '; drop table connector.imports; -- $$.csv";
            var path = Path.Combine(folder.FullName, name);
            await File.WriteAllTextAsync(path,
                "opportunity_id,email,first_name,last_name,business_title,phone\n" +
                $"O5100001,{Email},\"{Drop}\",\"{Odd.Replace("\"", "\"\"")}\",PartnerAccountManager,+14155550100\n" +
                $"\"O1{Drop}\",a@example.com,A,B,PartnerAccountManager,\n");
            var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));

            var (exitCode, output) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "import", path);

            Assert.True(exitCode == 1, $"import exited {exitCode}:\n{output}");
            Assert.DoesNotContain("   at ", output);
            await using var check = new NpgsqlConnection(database.ConnectionString);
            var row = await check.QuerySingleAsync<(string Email, string First, string Last)>(
                "select assignee_email, assignee_first_name, assignee_last_name from connector.crm_changes where opportunity_id = 'O5100001'");
            Assert.Equal((Email, Drop, Odd), row);
            Assert.Equal(name, await check.ExecuteScalarAsync<string>("select file_name from connector.imports order by id desc limit 1"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--error-type", "x' or '1'='1", 0)]
    [InlineData("--error-type", Drop, 0)]
    [InlineData("--id", "1 or 1=1", 2)]
    public async Task Retry_TreatsArgumentLiterally_WhenItCarriesSql(string option, string value, int expectedExit)
    {
        long failed;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            failed = await connection.ExecuteScalarAsync<long>(
                "insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, status_detail) values ('associate', 'O1', 'Solutions', 'S-1', 'failed', 'ValidationException: refused') returning id");
        }

        var environment = ConnectorProcess.Environment(database.ConnectionString, new Uri("http://127.0.0.1:9/"));
        var (exitCode, output) = await ConnectorProcess.RunAsync(environment, TimeSpan.FromSeconds(60), "retry", option, value);

        Assert.True(exitCode == expectedExit, $"retry exited {exitCode}:\n{output}");
        Assert.DoesNotContain("   at ", output);
        if (expectedExit == 0)
        {
            Assert.Contains("nothing requeued", output);
        }

        await using var check = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal("failed", await check.ExecuteScalarAsync<string>("select status from connector.crm_changes where id = @failed", new { failed }));
        Assert.True(await check.ExecuteScalarAsync<bool>("select to_regclass('connector.crm_changes') is not null and to_regclass('connector.imports') is not null"));
    }
}
