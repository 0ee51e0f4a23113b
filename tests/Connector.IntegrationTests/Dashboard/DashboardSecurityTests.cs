using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Connector.Host.Dashboard;
using Connector.IntegrationTests.Jobs;
using Dapper;
using Npgsql;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>Attacks on the dashboard of a real host (Kestrel on loopback, real Postgres) as <c>serve</c> runs it by
/// default: loopback untrusted, a proxy name allowed. Each test makes the attack and checks it is refused, and checks
/// the same request without the attack succeeds, so the refusal is the defence and nothing else.</summary>
[Collection(HangfireServerCollection.Name)]
public sealed partial class DashboardSecurityTests(SecuredHostFixture fixture) : IClassFixture<SecuredHostFixture>
{
    private const string Password = SecuredHostFixture.Password;

    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task Dashboard_RequiresALogin_WhenTheRequestIsFromLoopbackAndLoopbackIsNotTrusted()
    {
        using var client = Client();

        var plain = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", user: null));
        var realIp = Request(HttpMethod.Get, "hangfire/sync", user: null);
        realIp.Headers.Add("X-Real-IP", "203.0.113.7");
        var viaRealIp = await client.SendAsync(realIp);
        var trigger = await client.SendAsync(Request(HttpMethod.Post, "hangfire/sync/trigger", user: null));
        var loggedIn = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "writer"));

        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
        Assert.Contains("Basic", plain.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, viaRealIp.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, trigger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, loggedIn.StatusCode);
    }

    [Fact]
    public async Task Dashboard_OpensOnTheSyncPage_AndKeepsHangfiresOverviewReachable()
    {
        using var client = Client();

        var root = await client.SendAsync(Request(HttpMethod.Get, "hangfire", "writer"));
        var slash = await client.SendAsync(Request(HttpMethod.Get, "hangfire/", "writer"));
        var anonymousRoot = await client.SendAsync(Request(HttpMethod.Get, "hangfire", user: null));
        var site = await client.SendAsync(Request(HttpMethod.Get, "/", "writer"));
        var overview = await client.SendAsync(Request(HttpMethod.Get, "hangfire/overview", "writer"));
        var anonymousOverview = await client.SendAsync(Request(HttpMethod.Get, "hangfire/overview", user: null));
        var jobs = await client.SendAsync(Request(HttpMethod.Get, "hangfire/jobs/enqueued", "writer"));

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Contains("Sync with Partner Central", await root.Content.ReadAsStringAsync());
        Assert.Contains("Sync with Partner Central", await slash.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousRoot.StatusCode);
        Assert.Equal("/hangfire/sync", site.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("Realtime Graph", await overview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousOverview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Theory]
    [InlineData("rebind.attacker.test")]
    [InlineData("203.0.113.7")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Dashboard_AnswersBadRequest_WhenTheHostHeaderIsNotOneOfItsNames(string host)
    {
        using var client = Client();
        var rebound = Request(HttpMethod.Get, "hangfire/sync", "writer");
        rebound.Headers.Host = $"{host}:{Host.BaseAddress.Port}";
        var proxied = Request(HttpMethod.Get, "hangfire/sync", "writer");
        proxied.Headers.Host = SecuredHostFixture.ProxiedHost;
        var localhost = Request(HttpMethod.Get, "hangfire/sync", "writer");
        localhost.Headers.Host = $"localhost:{Host.BaseAddress.Port}";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(rebound)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(proxied)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(localhost)).StatusCode);
    }

    /// <summary>Ours and Hangfire's own state-changing routes (command dispatchers and the upload's).</summary>
    public static TheoryData<string> PostRoutes => new()
    {
        "hangfire/sync/retry?all=true",
        "hangfire/sync/trigger",
        "hangfire/sync/upload",
        $"hangfire/sync/upload/confirm?token={new string('a', 32)}",
        $"hangfire/sync/upload/cancel?token={new string('a', 32)}",
        "hangfire/stats",
        "hangfire/recurring/trigger",
        "hangfire/recurring/remove",
        "hangfire/jobs/enqueued/delete",
        "hangfire/jobs/failed/requeue",
        "hangfire/jobs/scheduled/enqueue",
        "hangfire/jobs/actions/requeue/1",
        "hangfire/jobs/actions/delete/1",
    };

    [Theory]
    [MemberData(nameof(PostRoutes))]
    public async Task Post_IsForbidden_WhenOriginOrSecFetchSiteSaysItComesFromAnotherSite(string path)
    {
        using var client = Client();
        var antiforgery = await AntiforgeryAsync(client, "writer");
        var own = Host.BaseAddress.GetLeftPart(UriPartial.Authority);
        var attacks = new (string Header, string Value)[]
        {
            ("Origin", "http://rebind.attacker.test"),
            ("Origin", "null"),
            ("Origin", $"http://127.0.0.1:{Host.BaseAddress.Port + 1}"),
            ("Sec-Fetch-Site", "cross-site"),
            ("Sec-Fetch-Site", "same-site"),
        };

        foreach (var (header, value) in attacks)
        {
            var attack = Post(path, "writer", antiforgery);
            attack.Headers.Add(header, value);
            using var refused = await client.SendAsync(attack);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{header}: {value} on {path} answered {(int)refused.StatusCode}");
            Assert.Contains("another site", await refused.Content.ReadAsStringAsync());
        }

        var same = Post(path, "writer", antiforgery);
        same.Headers.Add("Origin", own);
        same.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var allowed = await client.SendAsync(same);
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
    }

    /// <summary>Every route registered in the dashboard (Hangfire's and ours, read from its route table), not only the
    /// ones listed above: a POST from another site never reaches any of them.</summary>
    [Fact]
    public async Task Post_IsForbiddenOnEveryRegisteredDashboardRoute_WhenOriginIsAnotherSite()
    {
        using var client = Client();
        var antiforgery = await AntiforgeryAsync(client, "writer");
        var paths = RegisteredRoutes();
        Assert.True(paths.Count > 20, $"only {paths.Count} routes found in DashboardRoutes.Routes");
        Assert.Contains("/sync/upload/confirm", paths);
        Assert.Contains("/recurring/trigger", paths);

        foreach (var path in paths)
        {
            var attack = Post("hangfire" + path, "writer", antiforgery);
            attack.Headers.Add("Origin", "https://rebind.attacker.test");
            using var refused = await client.SendAsync(attack);
            Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"POST {path} from another site answered {(int)refused.StatusCode}");
        }
    }

    // RouteCollection keeps (pattern, dispatcher) pairs in a private list; a pattern's regex groups become "1".
    private static List<string> RegisteredRoutes()
    {
        var routes = Hangfire.Dashboard.DashboardRoutes.Routes;
        var list = routes.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(routes)).OfType<System.Collections.IEnumerable>().First(v => v is not string);
        return list.Cast<object>()
            .Select(entry => (string)entry.GetType().GetProperty("Item1")!.GetValue(entry)!)
            .Select(pattern => Regex.Replace(Regex.Replace(pattern, @"\(\?<\w+>[^)]*\)", "1"), @"[\^$?*+\\\[\]{}()|]", string.Empty))
            .Distinct()
            .ToList();
    }

    [Fact]
    public async Task Post_IsForbidden_WhenTheAntiforgeryTokenWasIssuedToAnotherUser()
    {
        using var client = Client();
        var writers = await AntiforgeryAsync(client, "writer");

        using var asOther = await client.SendAsync(Post("hangfire/sync/trigger", "other", writers));
        using var asWriter = await client.SendAsync(Post("hangfire/sync/trigger", "writer", writers));

        Assert.Equal(HttpStatusCode.Forbidden, asOther.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, asWriter.StatusCode);
    }

    [Fact]
    public async Task Login_IsVerifiedOnceAndRemembered_SoPollingIsNeverRateLimited()
    {
        using var client = Client();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 3 * DashboardSecurity.AttemptsPerUser; i++)
        {
            using var response = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "poller"));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
    }

    [Fact]
    public async Task Login_IsRateLimitedPerUserThenPerAddress_WhenPasswordsAreGuessed()
    {
        await using var host = await SecuredHostFixture.StartAsync(fixture.ConnectionString);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, UseProxy = false }) { BaseAddress = host.BaseAddress };
        var guesses = new List<HttpResponseMessage>();

        for (var i = 0; i < 30; i++)
        {
            guesses.Add(await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "writer", $"guess {i}")));
        }

        using var rightPasswordWhileLimited = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "writer"));
        using var otherUser = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "other"));

        Assert.Equal(HttpStatusCode.Unauthorized, guesses[0].StatusCode);
        Assert.InRange(guesses.Count(g => g.StatusCode == HttpStatusCode.Unauthorized), 1, DashboardSecurity.AttemptsPerUser + 2);
        Assert.Equal(HttpStatusCode.TooManyRequests, guesses[^1].StatusCode);
        Assert.True(guesses[^1].Headers.RetryAfter is not null, "no Retry-After on 429");
        Assert.Equal(HttpStatusCode.TooManyRequests, rightPasswordWhileLimited.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);

        // Spraying user names from the same address runs into the address's limit.
        var sprayed = new List<HttpStatusCode>();
        for (var i = 0; i < 2 * DashboardSecurity.AttemptsPerAddress && !sprayed.Contains(HttpStatusCode.TooManyRequests); i++)
        {
            using var response = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", $"user{i}", "guess"));
            sprayed.Add(response.StatusCode);
        }

        using var readerWhileLimited = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "reader"));
        Assert.Contains(HttpStatusCode.TooManyRequests, sprayed);
        Assert.InRange(sprayed.Count(s => s == HttpStatusCode.Unauthorized), 1, DashboardSecurity.AttemptsPerAddress);
        Assert.Equal(HttpStatusCode.TooManyRequests, readerWhileLimited.StatusCode);
        guesses.ForEach(g => g.Dispose());
    }

    [Fact]
    public void Check_TakesAsLongForAnUnknownUser_AsForAKnownUserWithAWrongPassword()
    {
        var login = new DashboardLogin([new DashboardUser { Name = "admin", PasswordHash = PasswordHash.Create(Password) }], TimeProvider.System);
        Assert.Null(login.Check("nobody", "warm-up"));
        Assert.NotNull(login.Check("admin", Password));

        var known = Median(() => Assert.Null(login.Check("admin", "wrong password")));
        var unknown = Median(() => Assert.Null(login.Check("nobody", "wrong password")));

        // Without the decoy hash an unknown name answers in microseconds; a hash takes tens of milliseconds.
        Assert.True(unknown >= known / 3, $"unknown user {unknown.TotalMilliseconds} ms, known user {known.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task SyncPage_HidesAssigneeEmailsAndPhonesFromReadOnlyUsers_AndShowsThemToWriters()
    {
        const string email = "jose.nunez@example.com";
        const string phone = "+1 (555) 010-9999";
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.ExecuteAsync(
                """
                insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, error_type, status_detail)
                values ('associate', 'O4242424242', 'Solutions', 'S-1', 'failed', 'ValidationException', @detail)
                """,
                new { detail = $"ValidationException: assignee {email} ({phone}) is not a user of partner O4242424242" });
        }

        using var client = Client();
        using var asReader = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "reader"));
        using var asWriter = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "writer"));
        var readerPage = WebUtility.HtmlDecode(await asReader.Content.ReadAsStringAsync());
        var writerPage = WebUtility.HtmlDecode(await asWriter.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, asReader.StatusCode);
        Assert.DoesNotContain(email, readerPage);
        Assert.DoesNotContain("010-9999", readerPage);
        Assert.Contains($"assignee {ContactRedaction.EmailHidden} ({ContactRedaction.PhoneHidden}) is not a user of partner O4242424242", readerPage);
        Assert.Contains(email, writerPage);
        Assert.Contains(phone, writerPage);
    }

    [Fact]
    public async Task ChangesPages_NeedALogin_HideContactsFromReadOnlyUsers_AndOfferRetryToWritersOnly()
    {
        const string email = "rui.changes@example.com";
        const string phone = "+1 (555) 010-4444";
        long id;
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            id = await connection.ExecuteScalarAsync<long>(
                """
                insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, error_type, status_detail)
                values ('associate', 'O4242424244', 'Solutions', 'S-1', 'failed', 'ValidationException', @detail) returning id
                """,
                new { detail = $"ValidationException: assignee {email} ({phone}) is not a user of partner O4242424244" });
        }

        using var client = Client();
        async Task<(HttpStatusCode Status, string Page)> GetAsync(string path, string? user)
        {
            using var response = await client.SendAsync(Request(HttpMethod.Get, path, user));
            return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        }

        const string list = "hangfire/changes?opportunity=O4242424244";
        var one = $"hangfire/changes/{id}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(list, null)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(one, null)).Status);
        foreach (var path in new[] { list, one })
        {
            var (readerStatus, reader) = await GetAsync(path, "reader");
            var (_, writer) = await GetAsync(path, "writer");
            Assert.Equal(HttpStatusCode.OK, readerStatus);
            Assert.Contains(path == list ? $"data-change-id=\"{id}\"" : $"Change #{id}: associate Solutions S-1", reader);
            Assert.DoesNotContain(email, reader);
            Assert.DoesNotContain("010-4444", reader);
            Assert.Contains($"assignee {ContactRedaction.EmailHidden} ({ContactRedaction.PhoneHidden}) is not a user", reader);
            Assert.Contains(email, writer);
            Assert.DoesNotContain("change-retry", reader);
            Assert.Equal(path == one, writer.Contains("change-retry"));
        }

        // A filter value comes back into the page encoded, never as markup.
        using var probe = await client.SendAsync(Request(HttpMethod.Get, "hangfire/changes?opportunity=%3Cscript%3Ealert(1)%3C/script%3E&status=%3Cb%3E", "reader"));
        var raw = await probe.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)", raw);
        Assert.DoesNotContain("<b>", raw);
        Assert.Contains("There is no status", raw);
        var (missing, missingPage) = await GetAsync("hangfire/changes/999999999", "reader");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Contains("There is no change 999999999", missingPage);
    }

    [Fact]
    public async Task LiveParts_NeedALogin_AndHideAssigneeEmailsAndPhonesFromReadOnlyUsers_LikeThePage()
    {
        const string email = "ana.live@example.com";
        const string phone = "+1 (555) 010-7777";
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.ExecuteAsync(
                """
                insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, error_type, status_detail)
                values ('associate', 'O4242424243', 'Solutions', 'S-1', 'failed', 'ValidationException', @detail)
                """,
                new { detail = $"ValidationException: assignee {email} ({phone}) is not a user of partner O4242424243" });
        }

        using var client = Client();
        using var anonymous = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync/live", user: null));
        using var asReader = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync/live", "reader"));
        using var asWriter = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync/live", "writer"));
        var reader = await LivePartsAsync(asReader);
        var writer = await LivePartsAsync(asWriter);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asReader.StatusCode);
        Assert.Contains("sync-failed", reader);
        Assert.DoesNotContain(email, reader);
        Assert.DoesNotContain("010-7777", reader);
        Assert.Contains($"assignee {ContactRedaction.EmailHidden} ({ContactRedaction.PhoneHidden}) is not a user of partner O4242424243", reader);
        Assert.DoesNotContain("sync-retry-one", reader);
        Assert.Contains(email, writer);
        Assert.Contains("sync-retry-one", writer);
    }

    [Fact]
    public async Task SyncPage_ListsPendingDeferredAndRejectedChanges_WithTheirReasons_RedactedForReadOnlyUsers()
    {
        const string email = "rejected.contact@example.com";
        long pending, deferred, rejected;
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            const string insert = """
                insert into connector.crm_changes (change_type, opportunity_id, entity_type, entity_id, status, status_detail)
                values ('associate', @opportunity, 'Solutions', 'S-1', @status, @detail) returning id
                """;
            pending = await connection.ExecuteScalarAsync<long>(insert, new { opportunity = "O5151515151", status = "pending", detail = "ThrottlingException: retrying after 00:00:02" });
            deferred = await connection.ExecuteScalarAsync<long>(insert, new { opportunity = "O5151515152", status = "deferred", detail = "24 h write budget used up; resumes when slots free" });
            rejected = await connection.ExecuteScalarAsync<long>(insert, new { opportunity = "O5151515153", status = "rejected", detail = $"assignee email {email} is not a valid address" });
        }

        using var client = Client();
        using var asReader = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", "reader"));
        var page = WebUtility.HtmlDecode(await asReader.Content.ReadAsStringAsync());

        Assert.Matches($"id=\"sync-changes-pending\"[\\s\\S]*data-change-id=\"{pending}\"[\\s\\S]*ThrottlingException: retrying after", page);
        Assert.Matches($"id=\"sync-changes-deferred\"[\\s\\S]*data-change-id=\"{deferred}\"[\\s\\S]*write budget used up", page);
        Assert.Matches($"id=\"sync-changes-rejected\"[\\s\\S]*data-change-id=\"{rejected}\"[\\s\\S]*assignee email {Regex.Escape(ContactRedaction.EmailHidden)} is not a valid address", page);
        Assert.DoesNotContain(email, page);
    }

    private static async Task<string> LivePartsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return WebUtility.HtmlDecode(string.Concat(json.RootElement.GetProperty("parts").EnumerateObject().Select(p => p.Value.GetString())));
    }

    [Theory]
    [InlineData("call +44 20 7946 0958 now", "call [phone hidden] now")]
    [InlineData("ana@example.co.uk, 555-010-9999", "[email hidden], [phone hidden]")]
    [InlineData("O1234567890 at 2026-12-02 07:31:00, 3 retries", "O1234567890 at 2026-12-02 07:31:00, 3 retries")]
    [InlineData("quota 10,000 per 24 h; request 1234", "quota 10,000 per 24 h; request 1234")]
    public void Redact_HidesEmailsAndPhoneNumbers_AndKeepsIdsDatesAndCounts(string text, string shown) =>
        Assert.Equal(shown, ContactRedaction.Redact(text));

    private static TimeSpan Median(Action action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed);
        }

        return times.Order().ElementAt(2);
    }

    private HttpClient Client() => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = Host.BaseAddress };

    private static HttpRequestMessage Request(HttpMethod method, string path, string? user, string password = Password)
    {
        var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return request;
    }

    private static HttpRequestMessage Post(string path, string user, (string Cookie, string Header, string Token) antiforgery)
    {
        var post = Request(HttpMethod.Post, path, user);
        post.Headers.Add("Cookie", antiforgery.Cookie);
        post.Headers.Add(antiforgery.Header, antiforgery.Token);
        post.Content = new StringContent(string.Empty);
        return post;
    }

    // The dashboard's own flow: a page carries the antiforgery token and sets its cookie; the POST sends both back.
    private static async Task<(string Cookie, string Header, string Token)> AntiforgeryAsync(HttpClient client, string user)
    {
        using var page = await client.SendAsync(Request(HttpMethod.Get, "hangfire/sync", user));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var header = AntiforgeryHeader().Match(html);
        var token = AntiforgeryToken().Match(html);
        Assert.True(header.Success && token.Success, "no antiforgery token (csrf-header/csrf-token meta) on the page");
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return (cookie, WebUtility.HtmlDecode(header.Groups[1].Value), WebUtility.HtmlDecode(token.Groups[1].Value));
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryHeader();

    [GeneratedRegex("<meta name=\"csrf-token\" content=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
