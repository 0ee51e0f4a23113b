using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Connector.IntegrationTests.Dashboard;

/// <summary>Talks to the dashboard the way its pages do: loads the Sync page for the antiforgery cookie and the
/// header token (from the layout's csrf meta tags), then posts with both. Optionally as a remote user (Basic auth,
/// and an X-Forwarded-For header so the loopback request does not count as local).</summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient http;

    private DashboardClient(HttpClient http) => this.http = http;

    public string? HeaderName { get; private set; }

    public string? Token { get; private set; }

    public static async Task<DashboardClient> CreateAsync(DashboardHost host, string? user = null, string? password = null)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseProxy = false };
        var http = new HttpClient(handler) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            http.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        }

        var client = new DashboardClient(http);
        var page = await client.GetStringAsync("hangfire/sync");
        client.HeaderName = Meta(page, "csrf-header");
        client.Token = Meta(page, "csrf-token");
        return client;
    }

    public async Task<string> GetStringAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string fileName, string content, bool withToken = true) =>
        UploadAsync(fileName, Encoding.UTF8.GetBytes(content), withToken);

    public Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string fileName, byte[] content, bool withToken = true)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        return UploadAsync(fileName, file, withToken);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string fileName, HttpContent file, bool withToken = true)
    {
        using var form = new MultipartFormDataContent { { file, "file", fileName } };
        return await PostAsync("hangfire/sync/upload", form, withToken);
    }

    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, HttpContent? content = null, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (withToken)
        {
            Assert.NotNull(HeaderName);
            request.Headers.Add(HeaderName!, Token);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length > 0 && response.Content.Headers.ContentType?.MediaType == "application/json"
            ? JsonDocument.Parse(text).RootElement.Clone()
            : JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone();
        return (response.StatusCode, body);
    }

    /// <summary>Uploads and opens the preview page; fails the test unless the upload was accepted for preview.</summary>
    public async Task<(string Token, string Page)> PreviewAsync(string fileName, byte[] content)
    {
        var (status, body) = await UploadAsync(fileName, content);
        Assert.True(status == HttpStatusCode.OK, $"upload answered {(int)status}: {body}");
        var location = body.GetProperty("location").GetString()!;
        var token = TokenInLocation().Match(location);
        Assert.True(token.Success, location);
        return (token.Groups[1].Value, await GetStringAsync(location.TrimStart('/')));
    }

    /// <summary>What the preview page's Confirm button posts to: the token and the SHA-256 the page shows.</summary>
    public static string ConfirmPath(string page)
    {
        var match = Regex.Match(page, "id=\"upload-confirm\" data-upload-post=\"([^\"]+)\"");
        Assert.True(match.Success, "no Confirm button on the preview page");
        return WebUtility.HtmlDecode(match.Groups[1].Value).TrimStart('/');
    }

    public void Dispose() => http.Dispose();

    private static string? Meta(string html, string name)
    {
        var match = Regex.Match(html, $"<meta name=\"{name}\" content=\"([^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;
    }

    [GeneratedRegex("^/hangfire/sync/upload/([0-9a-f]{32})$")]
    private static partial Regex TokenInLocation();
}
