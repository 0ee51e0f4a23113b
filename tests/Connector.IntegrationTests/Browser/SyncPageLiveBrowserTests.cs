using Connector.IntegrationTests.Dashboard;
using Connector.IntegrationTests.Infrastructure;
using Connector.IntegrationTests.Jobs;
using Connector.IntegrationTests.Sync;
using Connector.Jobs;
using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenQA.Selenium;

namespace Connector.IntegrationTests.Browser;

/// <summary>Issue 20: the Sync page updates its live parts in place while a run sends, instead of reloading (which
/// cleared a chosen upload file and lost the scroll). A slow pace (2 writes/s) keeps the run open long enough to watch.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed class SyncPageLiveBrowserTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const int Changes = 8;

    private DashboardHost host = null!;
    private HeadlessChromium browser = null!;

    public async Task InitializeAsync()
    {
        browser = HeadlessChromium.Start();
        host = await DashboardHost.StartAsync(database.ConnectionString, new Dictionary<string, string?>
        {
            ["PartnerCentral:WritesPerSecond"] = "2",
        });
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
    public async Task SyncPage_UpdatesCountsInPlace_WhileARunSends_AndKeepsTheChosenUploadFile()
    {
        var staging = new StagingTable(database.ConnectionString);
        for (var i = 0; i < Changes; i++)
        {
            await staging.AssociateAsync($"O72{i:00}", "Solutions", $"S-72{i}");
        }

        var file = Path.Combine(Path.GetTempPath(), $"live-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "Opportunity ID,Entity Type,Entity ID\nO7299,solution,S-7299\n");
        try
        {
            host.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<SyncJob>(job => job.RunAsync("manual", CancellationToken.None));
            await WaitForAsync(async () => await SyncedAsync() is > 0 and < Changes - 2, "the run to be sending");
            var driver = browser.Driver;
            driver.Navigate().GoToUrl(host.Url("hangfire/sync"));
            var before = int.Parse(browser.WaitFor(By.CssSelector("strong[data-status='synced']")).Text);
            browser.WaitFor(By.Id("sync-upload-file")).SendKeys(file);
            ((IJavaScriptExecutor)driver).ExecuteScript("window.scrollTo(0, 200); window.syncLiveMarker = 'kept';");

            browser.WaitUntil(d => int.Parse(d.FindElement(By.CssSelector("strong[data-status='synced']")).Text) > before, "the synced count to move in place");
            browser.WaitUntil(d => d.FindElement(By.CssSelector("strong[data-status='synced']")).Text == Changes.ToString() && d.FindElement(By.Id("sync-live")).GetAttribute("data-live-running") == "false",
                "the run to end and the page to say so", TimeSpan.FromSeconds(60));

            Assert.Equal("kept", ((IJavaScriptExecutor)driver).ExecuteScript("return window.syncLiveMarker;"));
            Assert.EndsWith(Path.GetFileName(file), driver.FindElement(By.Id("sync-upload-file")).GetAttribute("value"));
            Assert.Contains($"{Changes} synced", driver.FindElement(By.Id("sync-progress-text")).Text);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<int> SyncedAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<int>("select count(*) from connector.crm_changes where status = 'synced' and opportunity_id like 'O72%'");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(50);
        }
    }
}
