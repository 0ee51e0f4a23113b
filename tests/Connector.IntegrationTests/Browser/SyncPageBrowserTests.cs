using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Sync;
using Connector.IntegrationTests.Jobs;
using Dapper;
using Npgsql;
using OpenQA.Selenium;
using PartnerCentral.Emulator.Options;

namespace Connector.IntegrationTests.Browser;

/// <summary>The Sync page in a real browser (headless Chromium) against the running host: Hangfire's own scripts,
/// its antiforgery header, our upload script. Issue 7 (retry a failed change) and issue 10 (upload a CSV).</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class SyncPageBrowserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private DashboardHost host = null!;
    private HeadlessChromium browser = null!;

    public async Task InitializeAsync()
    {
        browser = HeadlessChromium.Start();
        host = await DashboardHost.StartAsync(database.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        browser?.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task FailedChange_IsRetriedFromTheSyncPage_AndShowsAsSynced()
    {
        host.Emulator.SetFaults(new FaultSettings
        {
            Rules = [new FaultRule { OpportunityId = "O7001", Error = FaultKind.Validation, Times = 1, Message = "Solution S-70 is not active yet" }],
        });
        var id = await new StagingTable(database.ConnectionString).AssociateAsync("O7001", "Solutions", "S-70");
        var driver = browser.Driver;

        driver.Navigate().GoToUrl(host.Url("hangfire"));
        driver.FindElement(By.LinkText("Sync")).Click();
        browser.WaitFor(By.Id("sync-trigger")).Click();
        browser.WaitUntil(d => d.FindElements(By.CssSelector($"#sync-failed tr[data-change-id='{id}']")).Count == 1, "the change to show as failed", reload: true);
        var row = driver.FindElement(By.CssSelector($"#sync-failed tr[data-change-id='{id}']"));
        Assert.Contains("Solution S-70 is not active yet", row.Text);
        Assert.Equal("1", driver.FindElement(By.CssSelector("strong[data-status='failed']")).Text);
        browser.Screenshot("sync-page-failed.png");

        row.FindElement(By.CssSelector("button.sync-retry-one")).Click();

        browser.WaitUntil(d => d.FindElements(By.Id("sync-no-failures")).Count == 1 && d.FindElement(By.CssSelector("strong[data-status='synced']")).Text == "1",
            "the retried change to show as synced", reload: true);
        browser.Screenshot("sync-page-retried.png");
        Assert.Equal("synced", await ScalarAsync<string>("select status from connector.crm_changes where id = @id", new { id }));
        Assert.Equal(2, host.Emulator.Calls.Count(c => c.Operation == "AssociateOpportunity" && c.OpportunityId == "O7001"));
    }

    [Fact]
    public async Task Upload_ShowsThePreviewWithTheBadRow_ThenConfirmStagesTheGoodRows()
    {
        var file = Path.Combine(Path.GetTempPath(), $"browser-upload-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "Opportunity ID,Entity Type,Entity ID\nO7101,solution,S-71\nO7102,spaceship,S-72\nO7103,aws product,AmazonEC2AutoScaling\n");
        var driver = browser.Driver;
        try
        {
            driver.Navigate().GoToUrl(host.Url("hangfire/sync"));
            browser.WaitFor(By.Id("sync-upload-file")).SendKeys(file);
            driver.FindElement(By.Id("sync-upload-preview")).Click();

            browser.WaitUntil(d => d.Url.Contains("/hangfire/sync/upload/", StringComparison.Ordinal) && d.FindElements(By.Id("upload-kind")).Count == 1, "the preview page");
            Assert.Equal("associations", driver.FindElement(By.Id("upload-kind")).Text);
            Assert.Equal("2", driver.FindElement(By.Id("upload-accepted")).Text);
            Assert.Equal("1", driver.FindElement(By.Id("upload-rejected")).Text);
            var error = driver.FindElement(By.CssSelector("#upload-errors tr:nth-child(2)")).Text;
            Assert.StartsWith("3 Entity Type INVALID_ENUM_VALUE", error);
            Assert.Equal("2", driver.FindElement(By.Id("upload-calls")).Text);
            Assert.Equal(0, await ScalarAsync<int>("select count(*) from connector.crm_changes where opportunity_id like 'O71%'"));
            browser.Screenshot("upload-preview.png");

            driver.FindElement(By.Id("upload-confirm")).Click();

            browser.WaitUntil(d => d.Url.Contains("/hangfire/sync?import=", StringComparison.Ordinal) && d.FindElements(By.Id("sync-import-message")).Count == 1, "the Sync page after confirming");
            var importId = await ScalarAsync<long>("select id from connector.imports where received_via = 'upload' order by id desc limit 1");
            var imported = driver.FindElement(By.CssSelector($"#sync-imports-table tr[data-import-id='{importId}']")).Text;
            Assert.Contains(Path.GetFileName(file), imported);
            Assert.Contains("upload (local)", imported);
            Assert.Equal(2, await ScalarAsync<int>("select count(*) from connector.crm_changes where import_id = @importId", new { importId }));
            // The confirm starts a sync: the page shows the file's rows by status as they move.
            browser.WaitUntil(d => d.FindElement(By.CssSelector($"#sync-imports-table tr[data-import-id='{importId}'] .sync-import-rows")).Text == "2 synced",
                "the uploaded rows to be synced", reload: true);
            browser.Screenshot("upload-confirmed.png");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no row: " + sql);
    }
}
