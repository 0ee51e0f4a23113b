using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Connector.Host.Dashboard;
using Connector.Host.Hosting;
using Connector.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.IntegrationTests.Reliability;

#pragma warning disable DAP005 // plain Dapper in tests

/// <summary>The real <c>serve</c> app (<see cref="ServerApp"/>) on a loopback port. A remote caller is played by a
/// startup filter that rewrites the connection's address when the test sends <c>X-Test-Remote-Address</c>: no
/// traffic ever leaves loopback.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed partial class DashboardAccessTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string RemoteHeader = "X-Test-Remote-Address";
    private const string Remote = "203.0.113.7";
    private const string AdminPassword = "correct horse battery staple";
    private const string ViewerPassword = "viewer only 42";

    private WebApplication app = null!;
    private Uri baseAddress = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connector"] = database.ConnectionString,
            ["PartnerCentral:Endpoint"] = "http://127.0.0.1:9/",
            ["Dashboard:Urls"] = "http://127.0.0.1:0",
            // The forwarded-header figures below are about a trusted loopback; DashboardSecurityTests covers it untrusted.
            ["Dashboard:TrustLoopback"] = "true",
            ["Dashboard:Users:0:Name"] = "admin",
            ["Dashboard:Users:0:PasswordHash"] = PasswordHash.Create(AdminPassword),
            ["Dashboard:Users:1:Name"] = "viewer",
            ["Dashboard:Users:1:PasswordHash"] = PasswordHash.Create(ViewerPassword),
            ["Dashboard:Users:1:ReadOnly"] = "true",
            ["Schedules:NightlyFullSync"] = "off",
            ["Schedules:IncrementalSync"] = "off",
            ["Schedules:DropFolderPoll"] = "off",
            ["Schedules:Reconcile"] = "off",
            ["Logging:LogLevel:Default"] = "Warning",
        }).Build();
        app = ServerApp.Build(configuration, database.ConnectionString,
            builder => builder.Services.AddSingleton<IStartupFilter>(new TestRemoteAddressFilter()));
        await app.StartAsync();
        baseAddress = new Uri(app.Urls.First());
    }

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Dashboard_AnswersUnauthorized_WhenRemoteRequestHasNoOrWrongCredentials()
    {
        using var client = Client();

        var none = await client.SendAsync(Get("/hangfire", Remote));
        var wrong = await client.SendAsync(Get("/hangfire", Remote, "admin", "guess"));
        var unknown = await client.SendAsync(Get("/hangfire", Remote, "root", AdminPassword));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("Basic", none.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Dashboard_Serves_WhenRemoteRequestHasAConfiguredUsersCredentials()
    {
        using var client = Client();

        var admin = await client.SendAsync(Get("/hangfire/sync", Remote, "admin", AdminPassword));
        var viewer = await client.SendAsync(Get("/hangfire/sync", Remote, "viewer", ViewerPassword));

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viewer.StatusCode);
    }

    [Fact]
    public async Task Dashboard_TreatsRequestAsRemote_WhenLoopbackRequestCarriesForwardedFor()
    {
        using var client = Client();
        var local = Get("/hangfire", remote: null);
        var forwarded = Get("/hangfire", remote: null);
        forwarded.Headers.Add("X-Forwarded-For", Remote);
        var forwardedStandard = Get("/hangfire", remote: null);
        forwardedStandard.Headers.Add("Forwarded", "for=" + Remote);
        var realIp = Get("/hangfire", remote: null);
        realIp.Headers.Add("X-Real-IP", Remote);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(local)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forwarded)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forwardedStandard)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(realIp)).StatusCode);
    }

    [Fact]
    public async Task SyncRetry_AnswersForbiddenToReadOnlyUser_WhenRemoteUserPostsRetryAll()
    {
        var failed = await StageFailedAsync("ThrottlingException");

        var viewer = await PostRetryAsync("viewer", ViewerPassword, "all=true");
        var statusAfterViewer = await StatusAsync(failed);
        var admin = await PostRetryAsync("admin", AdminPassword, "all=true");

        // The same antiforgery flow succeeds for a user with write rights, so the 403 is the read-only rule.
        Assert.Equal(HttpStatusCode.Forbidden, viewer);
        Assert.Equal("failed", statusAfterViewer);
        Assert.Equal(HttpStatusCode.NoContent, admin);
        Assert.Equal("pending", await StatusAsync(failed));
    }

    [Fact]
    public async Task DriftReapply_IsOfferedAndDoneForWriter_NeitherShownNorAllowedForReadOnlyUser()
    {
        var (change, drift) = await StageDriftAsync();
        using var client = Client();

        var viewerPage = await (await client.SendAsync(Get("/hangfire/sync", Remote, "viewer", ViewerPassword))).Content.ReadAsStringAsync();
        var adminPage = await (await client.SendAsync(Get("/hangfire/sync", Remote, "admin", AdminPassword))).Content.ReadAsStringAsync();
        var viewer = await PostAsync("viewer", ViewerPassword, $"/hangfire/sync/reapply?id={drift}");
        var reappliedAfterViewer = await ReappliedAsync(drift);
        var bare = await PostAsync("admin", AdminPassword, "/hangfire/sync/reapply");
        var admin = await PostAsync("admin", AdminPassword, $"/hangfire/sync/reapply?id={drift}");

        Assert.Contains($"<tr data-drift-id=\"{drift}\">", viewerPage);
        Assert.DoesNotContain("sync/reapply", viewerPage);
        Assert.Contains($"sync/reapply?id={drift}", adminPage);
        Assert.Contains("id=\"sync-reapply-all\"", adminPage);
        Assert.Equal(HttpStatusCode.Forbidden, viewer);
        Assert.Null(reappliedAfterViewer);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare);
        Assert.Equal(HttpStatusCode.NoContent, admin);
        Assert.Equal(change, await ReappliedAsync(drift));
        Assert.NotEqual("synced", await StatusAsync(change));
        var after = await (await client.SendAsync(Get("/hangfire/sync", Remote, "admin", AdminPassword))).Content.ReadAsStringAsync();
        Assert.Contains($"re-applied as change #{change}", after);
    }

    [Fact]
    public async Task AssigneeReset_IsOfferedAndDoneForWriter_NeitherShownNorAllowedForReadOnlyUser_AndNoPageShowsTheEmail()
    {
        var email = "hidden." + Guid.NewGuid().ToString("N")[..8] + "@example.com";
        var key = Connector.Assignees.UnknownAssignee.KeyOf(email);
        long change;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            change = await connection.ExecuteScalarAsync<long>(
                """
                insert into connector.crm_changes (change_type, opportunity_id, assignee_email, assignee_first_name, assignee_last_name,
                                                   assignee_business_title, status, status_detail, error_type)
                values ('assign', 'O1', @email, 'Ana', 'Lima', 'PartnerAccountManager', 'rejected', 'assignee_email: refused', 'UnknownAssignee') returning id
                """, new { email });
            await connection.ExecuteAsync(
                "insert into connector.unknown_assignees (email, refused_at, expires_at, change_id) values (@email, now(), now() + interval '7 days', @change)",
                new { email, change });
        }

        using var client = Client();
        var viewerPage = await (await client.SendAsync(Get("/hangfire/sync", Remote, "viewer", ViewerPassword))).Content.ReadAsStringAsync();
        var adminPage = await (await client.SendAsync(Get("/hangfire/sync", Remote, "admin", AdminPassword))).Content.ReadAsStringAsync();
        var viewer = await PostAsync("viewer", ViewerPassword, $"/hangfire/sync/assignee-reset?key={key}");
        var statusAfterViewer = await StatusAsync(change);
        var bare = await PostAsync("admin", AdminPassword, "/hangfire/sync/assignee-reset");
        var admin = await PostAsync("admin", AdminPassword, $"/hangfire/sync/assignee-reset?key={key}");

        Assert.Contains($"<tr data-assignee-key=\"{key}\">", viewerPage);
        Assert.Contains("h***@example.com", viewerPage);
        Assert.DoesNotContain("sync/assignee-reset", viewerPage);
        Assert.Contains($"sync/assignee-reset?key={key}", adminPage);
        Assert.DoesNotContain(email, viewerPage);
        Assert.DoesNotContain(email, adminPage);
        Assert.Equal(HttpStatusCode.Forbidden, viewer);
        Assert.Equal("rejected", statusAfterViewer);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare);
        Assert.Equal(HttpStatusCode.NoContent, admin);
        Assert.Equal("pending", await StatusAsync(change));
        var after = await (await client.SendAsync(Get("/hangfire/sync", Remote, "admin", AdminPassword))).Content.ReadAsStringAsync();
        Assert.DoesNotContain($"data-assignee-key=\"{key}\"", after);
    }

    [Fact]
    public async Task SyncRetry_TreatsErrorTypeLiterally_WhenQueryStringCarriesSql()
    {
        var failed = await StageFailedAsync("ValidationException");
        var before = await CountAsync();

        var response = await PostRetryAsync("admin", AdminPassword, "errorType=" + Uri.EscapeDataString("x' or '1'='1"));
        var drop = await PostRetryAsync("admin", AdminPassword, "errorType=" + Uri.EscapeDataString("'; drop table connector.crm_changes; --"));

        Assert.Equal(HttpStatusCode.NoContent, response);
        Assert.Equal(HttpStatusCode.NoContent, drop);
        Assert.Equal("failed", await StatusAsync(failed));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task SyncCommands_AnswerForbiddenToReadOnlyUser_NoContentToWriter_AndUnprocessableWithoutArguments()
    {
        var viewer = await PostAsync("viewer", ViewerPassword, "/hangfire/sync/trigger");
        var admin = await PostAsync("admin", AdminPassword, "/hangfire/sync/trigger");
        var bare = await PostAsync("admin", AdminPassword, "/hangfire/sync/retry");
        using var client = Client();
        var get = await client.SendAsync(Get("/hangfire/sync/trigger", Remote, "admin", AdminPassword));

        Assert.Equal(HttpStatusCode.Forbidden, viewer);
        Assert.Equal(HttpStatusCode.NoContent, admin);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bare);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    private static HttpRequestMessage Get(string path, string? remote, string? user = null, string? password = null) =>
        Request(HttpMethod.Get, path, remote, user, password);

    private static HttpRequestMessage Request(HttpMethod method, string path, string? remote, string? user, string? password)
    {
        var request = new HttpRequestMessage(method, path);
        if (remote is not null)
        {
            request.Headers.Add(RemoteHeader, remote);
        }

        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return request;
    }

    // The dashboard's own flow: a page carries the antiforgery token and sets its cookie; the POST sends both back.
    private Task<HttpStatusCode> PostRetryAsync(string user, string password, string query) => PostAsync(user, password, "/hangfire/sync/retry?" + query);

    private async Task<HttpStatusCode> PostAsync(string user, string password, string path)
    {
        using var client = Client();
        var page = await client.SendAsync(Get("/hangfire/sync", Remote, user, password));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var header = AntiforgeryHeader().Match(html);
        var token = AntiforgeryToken().Match(html);
        Assert.True(header.Success && token.Success, "no antiforgery token (csrf-header/csrf-token meta) on the page");
        var cookies = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

        var post = Request(HttpMethod.Post, path, Remote, user, password);
        post.Headers.Add("Cookie", cookies);
        post.Headers.Add(WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
        post.Content = new StringContent(string.Empty);
        return (await client.SendAsync(post)).StatusCode;
    }

    private async Task<long> StageFailedAsync(string errorType)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(
            """
            insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, status_detail)
            values ('associate', 'O1', 'Solutions', 'S-1', 'failed', @detail) returning id
            """,
            new { detail = errorType + ": refused" });
    }

    // A change the connector synced, and the drift a reconcile found for its key afterwards.
    private async Task<(long Change, long Drift)> StageDriftAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        var opportunity = "O-drift-" + Guid.NewGuid().ToString("N")[..8];
        var change = await connection.ExecuteScalarAsync<long>(
            """
            insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status)
            values ('associate', @opportunity, 'Solutions', 'S-1', 'synced') returning id
            """, new { opportunity });
        var drift = await connection.ExecuteScalarAsync<long>(
            """
            insert into connector.drift (catalog, opportunity_id, kind, entity_type, entity_id, ledger_said, partner_central_has)
            values ('AWS', @opportunity, 'association-removed', 'Solutions', 'S-1', 'associated', 'not associated') returning id
            """, new { opportunity });
        return (change, drift);
    }

    private async Task<long?> ReappliedAsync(long drift)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<long?>("select reapplied_change_id from connector.drift where id = @drift", new { drift });
    }

    private async Task<string> StatusAsync(long id)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<string>("select status from connector.crm_changes where id = @id", new { id }) ?? "";
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from connector.crm_changes");
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class TestRemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => builder =>
        {
            builder.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(builder);
        };
    }
}
