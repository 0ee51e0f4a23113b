using System.Text.Json;
using Connector.Operations;

namespace Connector.Tests.Operations;

public sealed class AlertTextTests
{
    [Theory]
    [InlineData("denied for jane.doe@example.com today", "jane.doe@example.com")]
    [InlineData("call +1 (206) 555-0100 now", "555-0100")]
    [InlineData("phone 020 7946 0958 listed", "7946")]
    [InlineData("mobile 4915112345678", "4915112345678")]
    public void Scrub_RemovesEmailsAndPhoneNumbers_WhenQuotedTextHasThem(string text, string personal)
    {
        var scrubbed = AlertText.Scrub(text);

        Assert.DoesNotContain(personal, scrubbed, StringComparison.Ordinal);
        Assert.Contains("[redacted]", scrubbed, StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_KeepsErrorTypesAndShortNumbers_AndCutsLongText()
    {
        Assert.Equal("AccessDeniedException: HTTP 403 on AssociateOpportunity", AlertText.Scrub("AccessDeniedException:  HTTP 403\non AssociateOpportunity"));
        Assert.Equal(301, AlertText.Scrub(new string('x', 1000)).Length);
    }

    [Fact]
    public void Paused_SaysWhatHappenedHowManyAndWhatToDo_WithoutTheEmailInTheReason()
    {
        var alert = AlertText.Paused(new DateTime(2026, 12, 2, 7, 0, 0, DateTimeKind.Utc), "AccessDeniedException: user a.b@corp.example is not allowed", 42);

        Assert.Equal(AlertKind.SyncPaused, alert.Kind);
        Assert.Equal("sync-paused:20261202T070000.000000", alert.Key);
        Assert.Contains("42 changes are waiting", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("a.b@corp.example", alert.Body, StringComparison.Ordinal);
        Assert.Contains("connector resume", alert.Action, StringComparison.Ordinal);
        Assert.Equal(42, alert.Changes);
    }

    [Fact]
    public void RunFailures_ListsErrorTypes_AndHidesAnythingThatIsNotAnIdentifier()
    {
        var alert = AlertText.RunFailures(7, "nightly", 5, 2, [("ValidationException", 4), ("x@y.example <script>", 1)]);

        Assert.Equal("run-failures:7", alert.Key);
        Assert.Contains("ValidationException x4", alert.Body, StringComparison.Ordinal);
        Assert.Contains("other x1", alert.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("x@y.example", alert.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void NextDelay_DoublesUpToTheCapAndGivesUp_AfterMaxAttempts()
    {
        var options = new AlertOptions { RetryBaseDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromSeconds(60), MaxAttempts = 5 };

        Assert.Equal(
            [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60)],
            Enumerable.Range(1, 4).Select(n => AlertRetryPolicy.NextDelay(n, options)!.Value));
        Assert.Null(AlertRetryPolicy.NextDelay(5, options));
    }

    [Fact]
    public void Build_GivesSlackOnlyText_AndJsonTheEventsFields()
    {
        var alert = new AlertEventRow { Id = 1, Kind = AlertKind.BudgetExhausted, EventKey = "budget-exhausted:9", Title = "T", Body = "B", Action = "A", Changes = 3, OccurredAt = new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc) };

        var slack = JsonDocument.Parse(AlertPayload.Build("slack", alert)).RootElement;
        var json = JsonDocument.Parse(AlertPayload.Build("json", alert)).RootElement;

        Assert.Equal("*T*\nB\n*What to do:* A", Assert.Single(slack.EnumerateObject()).Value.GetString());
        Assert.Equal((AlertKind.BudgetExhausted, "budget-exhausted:9", 3, "A"),
            (json.GetProperty("kind").GetString(), json.GetProperty("key").GetString(), json.GetProperty("changes").GetInt32(), json.GetProperty("action").GetString()));
    }

    [Fact]
    public void Target_ShowsTheHostOnly_WhenTheUrlHoldsASecret()
    {
        Assert.Equal("hooks.slack.com", new AlertWebhookOptions { Url = "https://hooks.slack.com/services/T1/B2/abcdef" }.Target);
        Assert.Equal("127.0.0.1:9000", new AlertWebhookOptions { Url = "http://user:pw@127.0.0.1:9000/x?token=1" }.Target);
    }

    [Fact]
    public void Problems_NameTheKeyButNeverTheUrl_WhenAWebhookIsMisconfigured()
    {
        var options = new AlertOptions
        {
            Webhooks =
            [
                new AlertWebhookOptions { Url = "ftp://hooks.example/T1/secret" },
                new AlertWebhookOptions { Url = "https://hooks.example/x", Kind = "teams", Events = ["sync-paused", "pager"] },
                new AlertWebhookOptions { Url = "" },
                new AlertWebhookOptions { Url = "https://hooks.example/y", Kind = "Slack", Events = ["RUN-FAILURES"] },
            ],
        };

        var problems = options.Problems();

        Assert.Equal(3, problems.Count);
        Assert.Contains("Alerts:Webhooks:0:Url", problems[0], StringComparison.Ordinal);
        Assert.Contains("Alerts:Webhooks:1:Kind", problems[1], StringComparison.Ordinal);
        Assert.Contains("'pager'", problems[2], StringComparison.Ordinal);
        Assert.All(problems, p => Assert.DoesNotContain("secret", p, StringComparison.Ordinal));
        Assert.Empty(new AlertOptions().Problems());
    }
}
